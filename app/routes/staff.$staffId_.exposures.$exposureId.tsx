import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { datePartsIn } from "~/domain/uk-date";
import { ExposureFields, exposureErrors } from "~/components/exposure-fields";
import { ErrorSummary, typedValue } from "~/components/forms";
import { DeleteRecord, RecordHistory, isDeleteReason } from "~/components/record-history";
import { exposureSchema } from "~/domain/records";
import { recordAudit } from "~/models/audit.server";
import { requireCaseForm, parseRecordForm } from "~/models/record-forms.server";
import { historyOf } from "~/models/record-history.server";
import { deleteExposure, exposureForEdit, initiativesFor, updateExposure } from "~/models/records.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Change an exposure – Debrief" }];

const FIELD_NAMES: Record<string, string> = {
  occurredAt: "when it happened",
  incidentType: "kind of incident",
  involvement: "involvement",
  partnerAgencies: "partner agencies",
  informationReached: "whether information reached them",
  barriers: "barriers",
  initiativeId: "initiative",
  initialDistress: "distress at the time",
  notes: "notes",
};

async function requireExposure(request: Request, params: LoaderFunctionArgs["params"]) {
  const form = await requireCaseForm(request, params.staffId);
  const exposureId = Number(params.exposureId);
  const exposure = Number.isInteger(exposureId) ? await exposureForEdit(form.staffId, exposureId) : null;
  if (!exposure) throw new Response("There is no exposure at this address.", { status: 404 });
  return { ...form, exposure };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, staffId, idempotencyKey, exposure } = await requireExposure(request, params);
  const tz = user.organisation.timeZone;
  const [initiatives, history] = await Promise.all([
    initiativesFor(user.organisationId),
    historyOf("exposure", String(exposure.id), FIELD_NAMES, tz),
  ]);
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "exposure", entityId: exposure.id });
  return {
    staffId,
    exposureId: exposure.id,
    idempotencyKey,
    timeZone: tz,
    initiatives: initiatives.map((i) => ({ value: i.id, label: i.name })),
    defaultValue: {
      idempotencyKey,
      occurred: datePartsIn(exposure.occurredAt, tz),
      incidentType: exposure.incidentType,
      involvement: exposure.involvement,
      partnerAgencies: exposure.partnerAgencies,
      informationReached: exposure.informationReached === null ? "na" : String(exposure.informationReached),
      barriers: exposure.barriers,
      initiativeId: exposure.initiativeId ?? "",
      initialDistress: exposure.initialDistress === null ? "" : String(exposure.initialDistress),
      notes: exposure.notes,
    },
    history,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staffId, exposure } = await requireExposure(request, params);
  const formData = await readForm(request);
  const actor = { supporterId: user.id, organisationId: user.organisationId, timeZone: user.organisation.timeZone, request };
  if (formData.get("intent") === "delete") {
    // Exactly one reason: a post with two is not one a person sent from this form.
    const reasons = formData.getAll("reason");
    const reason = reasons.length === 1 ? reasons[0] : null;
    if (!isDeleteReason(reason)) return data({ deleteProblem: "Choose why the exposure is being deleted", result: null }, { status: 400 });
    await deleteExposure(staffId, exposure.id, reason, actor);
    return redirect(`/staff/${staffId}?saved=deleted`);
  }
  const submission = parseRecordForm(formData, exposureSchema, user.organisation.timeZone);
  if (submission.status !== "success") return data({ deleteProblem: null, result: submission.reply() }, { status: 400 });
  const saved = await attemptSave(() => updateExposure(staffId, exposure, submission.value, actor));
  if (!saved.ok) return data({ deleteProblem: null, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
  return redirect(`/staff/${staffId}?saved=edited`);
}

export default function ChangeExposure() {
  const { staffId, idempotencyKey, timeZone, initiatives, defaultValue, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const schema = exposureSchema({ timeZone });
  const [form, fields] = useForm({
    id: "exposure",
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
          fieldErrors={[...exposureErrors(fields), ...(deleteProblem ? [{ fieldId: "delete-reason", message: deleteProblem }] : [])]}
          formErrors={form.errors ?? []}
        />
        <h1 className="govuk-heading-l">Change an exposure</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name={fields.idempotencyKey.name} value={typedValue(fields.idempotencyKey) ?? idempotencyKey} />
          <ExposureFields fields={fields} initiatives={initiatives} />
          <button type="submit" name="intent" value="save" className="govuk-button">Save changes</button>
        </Form>

        <RecordHistory history={history} />
        <DeleteRecord noun="exposure" consequence="Its open follow-ups are closed." problem={deleteProblem} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
