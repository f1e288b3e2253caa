// The shared page where staff type a check-in code. No sign-in: anyone with the code may answer.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { codeSchema, isOpen } from "~/domain/pulse";
import { pulseByCode } from "~/models/pulse.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Team check-in – Debrief" }];

export async function action({ request }: ActionFunctionArgs) {
  const schema = codeSchema.superRefine(async ({ code }, ctx) => {
    const pulse = await pulseByCode(code);
    if (!pulse) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["code"], message: "There is no check-in with that code. Check it with whoever gave it to you" });
    else if (!isOpen(pulse)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["code"], message: "That check-in has closed" });
  });
  const submission = await parseWithZod(await readForm(request), { schema, async: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  return redirect(`/pulse/${submission.value.code}`);
}

export default function PulseCode() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "pulse-code",
    lastResult,
    constraint: getZodConstraint(codeSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeSchema }),
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrorsOf([fields.code])} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Team check-in</h1>
        <p className="govuk-body">
          Six short questions about how you have been and whether information from partner agencies helped you. It takes about a minute. You do not
          need to sign in, and your answers are anonymous.
        </p>
        <Form method="post" {...getFormProps(form)} noValidate>
          <TextField field={fields.code} label="Check-in code" hint="8 letters and numbers, for example HKP7 Q2MX" autoComplete="off" spellCheck={false} inputClassName="govuk-input--width-10" />
          <button type="submit" className="govuk-button">
            Continue
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
