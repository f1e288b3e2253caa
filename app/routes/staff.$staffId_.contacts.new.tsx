import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContactFields, contactErrors, type FollowUpOption } from "~/components/contact-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, typedValue } from "~/components/forms";
import { supportContactSchema } from "~/domain/records";
import { CONTACT_TYPES, INCIDENT_TYPES } from "~/domain/vocabulary";
import { completionWindow } from "~/domain/follow-up-schedule";
import { readCrisisRoutes } from "~/models/settings.server";
import { requireCaseForm, parseRecordForm } from "~/models/record-forms.server";
import { createSupportContact, exposuresToLink, openFollowUps } from "~/models/records.server";
import { formatDateTime } from "~/utils/time";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Log a support contact – Debrief" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, staffId, idempotencyKey } = await requireCaseForm(request, params.staffId);
  const tz = user.organisation.timeZone;
  const [exposures, followUps, crisisRoutes] = await Promise.all([exposuresToLink(staffId), openFollowUps(staffId), readCrisisRoutes(user.organisationId)]);
  return {
    staffId,
    idempotencyKey,
    timeZone: tz,
    crisisRoutes,
    exposures: exposures.map((e) => ({ value: String(e.id), label: `${INCIDENT_TYPES[e.incidentType as keyof typeof INCIDENT_TYPES] ?? e.incidentType}, ${formatDateTime(e.occurredAt, tz)}` })),
    followUps: followUps.map((f): FollowUpOption => {
      const window = completionWindow(f);
      const kind = f.contactType ? `a ${lowerFirst(CONTACT_TYPES[f.contactType as keyof typeof CONTACT_TYPES] ?? f.contactType).replace(/ \(.*\)$/, "")}` : "any contact";
      return {
        value: String(f.id),
        label: `${f.label}, due ${formatDateTime(f.dueAt, tz)}`,
        completes: `the ${lowerFirst(f.label)} due on ${formatDateTime(f.dueAt, tz)}`,
        window: window ? `Completed by ${kind} from ${formatDateTime(window.opensAt, tz)} to ${formatDateTime(window.closesAt, tz)}` : null,
        contactType: f.contactType,
        dueAt: f.dueAt.toISOString(),
        windowOpensAt: f.windowOpensAt?.toISOString() ?? null,
        windowClosesAt: f.windowClosesAt?.toISOString() ?? null,
      };
    }),
  };
}

/** "72-hour risk assessment" stays; "Check within 24 hours" reads "check within 24 hours" inside a sentence. */
const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);


export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staffId } = await requireCaseForm(request, params.staffId);
  const submission = parseRecordForm(await readForm(request), supportContactSchema, user.organisation.timeZone);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() =>
    createSupportContact(staffId, submission.value, {
      supporterId: user.id,
      organisationId: user.organisationId,
      timeZone: user.organisation.timeZone,
      request,
    }),
    { idempotent: true },
  );
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  // The case page says which follow-up the contact completed (it may have been the default).
  const completed = saved.value.completedFollowUpId ? `&completed=${saved.value.completedFollowUpId}` : "";
  return redirect(`/staff/${staffId}?saved=${submission.value.outcome === "urgent_referral" ? "urgent" : "contact"}${completed}`);
}

export default function LogSupportContact() {
  const { staffId, idempotencyKey, timeZone, exposures, followUps, crisisRoutes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = supportContactSchema({ timeZone });
  const [form, fields] = useForm({
    id: "contact",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const errors = contactErrors(fields);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/staff/${staffId}`}>Back to the staff member</Link>
        <ErrorSummary fieldErrors={errors} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Log a support contact</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name={fields.idempotencyKey.name} value={typedValue(fields.idempotencyKey) ?? idempotencyKey} />
          <ContactFields fields={fields} exposures={exposures} followUps={followUps} crisisRoutes={crisisRoutes} timeZone={timeZone} formId={form.id} />
          <button type="submit" className="govuk-button">Save support contact</button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
