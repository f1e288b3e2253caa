import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf } from "~/components/forms";
import { createStaffMember, referenceInUse } from "~/models/staff.server";
import { activeTeamOptions } from "~/models/team.server";
import { staffReferenceSchema } from "~/domain/records";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const StaffSchema = z.object({
  reference: staffReferenceSchema,
  teamId: z.string({ required_error: "Choose their team" }).max(40),
  displayName: z.string().trim().max(80, "The name must be 80 characters or fewer").optional(),
});

export const meta: MetaFunction = () => [{ title: "Add a staff member – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "supporter");
  return { teams: await activeTeamOptions(user.organisationId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "supporter");
  const submission = await parseWithZod(await readForm(request), {
    schema: StaffSchema.superRefine(async (value, ctx) => {
      if (await referenceInUse(user.organisationId, value.reference)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["reference"],
          message: "This staff reference is already in use. If you are supporting this person, ask an administrator to assign their case to you",
        });
      }
    }),
    async: true,
  });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() => createStaffMember({ organisationId: user.organisationId, supporterId: user.id, ...submission.value, request }));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  return redirect(`/staff/${saved.value.id}`);
}

export default function NewStaffMember() {
  const { teams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-staff",
    lastResult,
    constraint: getZodConstraint(StaffSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffSchema }),
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/caseload">My caseload</Link>
        <ErrorSummary fieldErrors={fieldErrorsOf([fields.reference, fields.teamId, fields.displayName])} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Add a staff member</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <TextField
            field={fields.reference}
            label="Staff reference"
            hint="The pseudonymous reference your organisation uses, for example NP-1042. Not their name or collar number."
            autoComplete="off"
            spellCheck={false}
            inputClassName="govuk-input--width-10"
          />
          <SelectField field={fields.teamId} label="Team" options={teams} placeholder="Choose a team" />
          <TextField
            field={fields.displayName}
            label="Name (optional)"
            hint="Only supporters ever see it, and it is stored encrypted. Leave it out if the reference is enough."
            autoComplete="off"
          />
          <button type="submit" className="govuk-button">Add staff member</button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
