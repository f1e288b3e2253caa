import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SetPasswordSchema } from "~/auth/password-policy";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";

/** The password form behind a one-time link (an invitation or a reset); `children` (the heading) go below the error summary. */
export function SetPasswordForm({
  lastResult,
  submitLabel,
  children,
}: {
  lastResult: (SubmissionResult<string[]> & { attempt?: string }) | undefined;
  submitLabel: string;
  children: ReactNode;
}) {
  const [form, fields] = useForm({
    id: "set-password",
    lastResult,
    constraint: getZodConstraint(SetPasswordSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.password, fields.confirmPassword]);
  // Keyed on the attempt, so both boxes empty after a refused password.
  const attempt = lastResult?.attempt ?? "first";
  return (
    <>
      <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
      {children}
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField
          key={`password-${attempt}`}
          field={fields.password}
          label="Password"
          hint="At least 12 characters. A few random words you will remember work well. Common passwords are not allowed."
          type="password"
          autoComplete="new-password"
        />
        <TextField
          key={`confirm-${attempt}`}
          field={fields.confirmPassword}
          label="Enter the password again"
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" className="govuk-button" data-module="govuk-button">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
