/**
 * A form's fields as posted, with any null character (U+0000) taken out of names and values. No
 * one types one, and no form field has one; PostgreSQL cannot store or even compare text holding
 * it, so without this a hostile post would fail differently on the two engines. Files are left
 * as they are (the import checks its own).
 */
export async function readForm(request: Request): Promise<FormData> {
  const posted = await request.formData();
  const form = new FormData();
  for (const [name, value] of posted) form.append(withoutNul(name), typeof value === "string" ? withoutNul(value) : value);
  return form;
}

const withoutNul = (text: string) => text.replaceAll("\u0000", "");
