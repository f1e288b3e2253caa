import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ChoiceField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, fieldErrorsOf } from "~/components/forms";
import { SummaryList } from "~/components/summary-list";
import { recordAudit } from "~/models/audit.server";
import { reminderDelivery, remindersByEmail, setRemindersByEmail } from "~/models/reminders.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const RemindersSchema = z.object({
  reminders: z.enum(["on", "off"], { required_error: "Choose whether to get reminders by e-mail", invalid_type_error: "Choose whether to get reminders by e-mail" }),
});

export const meta: MetaFunction = () => [{ title: "Your account – Debrief" }];

/** Supporters get the daily digest and administrators the weekly summary; other roles get no reminders. */
const remindedRoles = (roles: string[]) => ({ daily: roles.includes("supporter"), weekly: roles.includes("admin") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [reminders, delivery] = await Promise.all([remindersByEmail(user.id), reminderDelivery(user.organisationId)]);
  return {
    email: user.email,
    displayName: user.displayName,
    twoFactor: Boolean(user.totpEnabledAt),
    reminders,
    emailSent: delivery !== "none",
    reminded: remindedRoles(user.roles),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: RemindersSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const on = submission.value.reminders === "on";
  const saved = await attemptSave(() => setRemindersByEmail(user.id, on));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  await recordAudit({ action: on ? "account.reminders_on" : "account.reminders_off", organisationId: user.organisationId, actorUserId: user.id, entityType: "user", entityId: user.id, ipAddress: context.clientIp });
  return redirect("/account?saved=1");
}

function whatIsSent(reminded: { daily: boolean; weekly: boolean }) {
  const parts = [];
  if (reminded.daily) parts.push("a morning e-mail on days when follow-ups in your caseload are overdue or due that day");
  if (reminded.weekly) parts.push("a weekly summary of how many follow-ups each supporter has overdue and due");
  return `Debrief sends you ${parts.join(", and ")}. It says how many and links to Debrief: never a staff reference, a name or anything about an incident.`;
}

export default function Account() {
  const loaderData = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "reminders",
    lastResult,
    constraint: getZodConstraint(RemindersSchema),
    defaultValue: { reminders: loaderData.reminders ? "on" : "off" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RemindersSchema }),
  });
  const reminded = loaderData.reminded.daily || loaderData.reminded.weekly;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {searchParams.get("saved") && !lastResult ? (
          <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="saved-title">Saved</h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">
                {loaderData.reminders ? "Reminders by e-mail are on." : "Reminders by e-mail are off: Debrief will not send you any."}
              </p>
            </div>
          </div>
        ) : null}
        <ErrorSummary fieldErrors={fieldErrorsOf([fields.reminders])} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Your account</h1>
        <SummaryList
          rows={[
            { key: "Name", value: loaderData.displayName },
            { key: "E-mail", value: loaderData.email },
            {
              key: "Two-factor authentication",
              value: loaderData.twoFactor ? "On" : <Link className="govuk-link" to="/account/two-factor">Set up two-factor authentication</Link>,
            },
          ]}
        />
        <h2 className="govuk-heading-m">Reminders by e-mail</h2>
        {reminded ? (
          <>
            <p className="govuk-body">{whatIsSent(loaderData.reminded)}</p>
            {loaderData.emailSent ? null : (
              <div className="govuk-inset-text">Your organisation’s Debrief does not send e-mail yet, so no reminders go out whatever you choose here.</div>
            )}
            <Form method="post" {...getFormProps(form)} noValidate>
              <ChoiceField
                field={fields.reminders}
                legend="Send me reminders by e-mail?"
                inline
                options={[
                  { value: "on", label: "Yes" },
                  { value: "off", label: "No" },
                ]}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Save reminder setting
              </button>
            </Form>
          </>
        ) : (
          <p className="govuk-body">Debrief sends reminders to supporters and administrators only: you get none.</p>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
