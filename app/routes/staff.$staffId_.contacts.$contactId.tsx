import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContactFields, contactErrors } from "~/components/contact-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { datePartsIn } from "~/domain/uk-date";
import { ErrorSummary, typedValue } from "~/components/forms";
import { DeleteRecord, RecordHistory, isDeleteReason } from "~/components/record-history";
import { supportContactSchema } from "~/domain/records";
import { INCIDENT_TYPES } from "~/domain/vocabulary";
import { readCrisisRoutes } from "~/models/settings.server";
import { recordAudit } from "~/models/audit.server";
import { historyOf } from "~/models/record-history.server";
import { requireCaseForm, parseRecordForm } from "~/models/record-forms.server";
import { contactForEdit, deleteSupportContact, exposuresToLink, updateSupportContact } from "~/models/records.server";
import { formatDateTime } from "~/utils/time";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Change a support contact – Debrief" }];

const FIELD_NAMES: Record<string, string> = {
  contactType: "kind of contact",
  contactedAt: "when it was",
  exposureIds: "exposures it was about",
  format: "individual or group",
  durationMinutes: "duration",
  distress: "distress",
  riskIndicators: "risk indicators",
  outcome: "outcome",
  signposts: "where they were signposted",
  urgentDestination: "where they were referred urgently",
  notes: "notes",
};

async function requireContact(request: Request, params: LoaderFunctionArgs["params"]) {
  const form = await requireCaseForm(request, params.staffId);
  const contactId = Number(params.contactId);
  const contact = Number.isInteger(contactId) ? await contactForEdit(form.staffId, contactId) : null;
  if (!contact) throw new Response("There is no support contact at this address.", { status: 404 });
  return { ...form, contact };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, staffId, idempotencyKey, contact } = await requireContact(request, params);
  const tz = user.organisation.timeZone;
  const [exposures, history, crisisRoutes] = await Promise.all([
    exposuresToLink(staffId),
    historyOf("support_contact", String(contact.id), FIELD_NAMES, tz),
    readCrisisRoutes(user.organisationId),
  ]);
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "support_contact", entityId: contact.id });
  return {
    staffId,
    idempotencyKey,
    timeZone: tz,
    crisisRoutes,
    history,
    exposures: exposures.map((e) => ({
      value: String(e.id),
      label: `${INCIDENT_TYPES[e.incidentType as keyof typeof INCIDENT_TYPES] ?? e.incidentType}, ${formatDateTime(e.occurredAt, tz)}`,
    })),
    defaultValue: {
      idempotencyKey,
      contactType: contact.contactType,
      contacted: datePartsIn(contact.contactedAt, tz),
      exposureIds: contact.exposureIds,
      format: contact.format,
      durationMinutes: contact.durationMinutes === null ? "" : String(contact.durationMinutes),
      distress: contact.distress === null ? "" : String(contact.distress),
      riskIndicators: contact.riskIndicators,
      outcome: contact.outcome,
      signposts: contact.signposts,
      urgentDestination: contact.urgentDestination ?? "",
      followUpId: "",
      notes: contact.notes,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staffId, contact } = await requireContact(request, params);
  const formData = await readForm(request);
  const actor = { supporterId: user.id, organisationId: user.organisationId, timeZone: user.organisation.timeZone, request };
  if (formData.get("intent") === "delete") {
    // Exactly one reason: a post with two is not one a person sent from this form.
    const reasons = formData.getAll("reason");
    const reason = reasons.length === 1 ? reasons[0] : null;
    if (!isDeleteReason(reason)) return data({ deleteProblem: "Choose why the support contact is being deleted", result: null }, { status: 400 });
    await deleteSupportContact(staffId, contact.id, reason, actor);
    return redirect(`/staff/${staffId}?saved=contact-deleted`);
  }
  const submission = parseRecordForm(formData, supportContactSchema, user.organisation.timeZone);
  if (submission.status !== "success") return data({ deleteProblem: null, result: submission.reply() }, { status: 400 });
  const saved = await attemptSave(() => updateSupportContact(staffId, contact, submission.value, actor));
  if (!saved.ok) return data({ deleteProblem: null, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
  return redirect(`/staff/${staffId}?saved=contact-edited`);
}

export default function ChangeSupportContact() {
  const { staffId, idempotencyKey, timeZone, exposures, defaultValue, history, crisisRoutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const schema = supportContactSchema({ timeZone });
  const [form, fields] = useForm({
    id: "contact",
    lastResult: actionData?.result ?? undefined,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const deleteProblem = actionData?.deleteProblem ?? null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/staff/${staffId}`}>Back to the staff member</Link>
        <ErrorSummary
          fieldErrors={[...contactErrors(fields), ...(deleteProblem ? [{ fieldId: "delete-reason", message: deleteProblem }] : [])]}
          formErrors={form.errors ?? []}
        />
        <h1 className="govuk-heading-l">Change a support contact</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name={fields.idempotencyKey.name} value={typedValue(fields.idempotencyKey) ?? idempotencyKey} />
          <ContactFields fields={fields} exposures={exposures} followUps={[]} crisisRoutes={crisisRoutes} timeZone={timeZone} />
          <button type="submit" name="intent" value="save" className="govuk-button">Save changes</button>
        </Form>
        <RecordHistory history={history} />
        <DeleteRecord noun="support contact" consequence="A follow-up it completed is open again." problem={deleteProblem} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
