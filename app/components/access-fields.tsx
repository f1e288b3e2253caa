import { ROLE_LABELS, ROLES } from "~/auth/roles";
import { ChoiceField } from "~/components/choices";
import type { FormField } from "~/components/forms";

/** Roles and, for managers, the teams in their remit: the same on the invite and the edit form. */
export function AccessFields({
  roles,
  remit,
  teams,
}: {
  roles: FormField;
  remit: FormField;
  teams: { value: string; label: string }[];
}) {
  return (
    <>
      <ChoiceField field={roles} legend="Roles" options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))} multiple />
      <ChoiceField
        field={remit}
        legend="Teams a manager may see"
        hint="Only for managers. They see anonymised figures for these teams, never a person."
        options={teams}
        multiple
      />
    </>
  );
}
