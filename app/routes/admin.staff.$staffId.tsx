// Subject rights for one staff member: ask for a subject access copy (released once a supporter of
// the case confirms), read it, or erase what identifies them.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole, type CurrentUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { SummaryList } from "~/components/summary-list";
import { recordAudit } from "~/models/audit.server";
import { eraseStaffMember } from "~/models/retention.server";
import { normaliseReference } from "~/models/staff.server";
import { requestSubjectAccess, staffForRights } from "~/models/subject-access.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { formatDate, formatDateTime } from "~/utils/time";
import { readForm } from "~/utils/form-data.server";

const EraseSchema = z.object({
  intent: z.literal("erase"),
  confirmReference: z.string({ required_error: "Type the staff reference to confirm the erasure" }).trim(),
});

export const meta: MetaFunction = () => [{ title: "Staff record rights – Debrief" }];

async function requireStaff(admin: CurrentUser, staffId: string | undefined) {
  const staff = await staffForRights(admin.organisationId, staffId ?? "");
  if (!staff) throw new Response("There is no staff member at this address.", { status: 404 });
  return staff;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const staff = await requireStaff(admin, params.staffId);
  const tz = admin.organisation.timeZone;
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "staff_member_rights", entityId: staff.id });
  return {
    staff: {
      id: staff.id,
      reference: staff.reference,
      team: staff.team.name,
      added: formatDate(staff.createdAt, tz),
      anonymised: staff.anonymisedAt ? formatDate(staff.anonymisedAt, tz) : null,
    },
    accessRequest: staff.accessRequest && {
      requested: formatDate(staff.accessRequest.requestedAt, tz),
      confirmed: staff.accessRequest.confirmedAt ? formatDate(staff.accessRequest.confirmedAt, tz) : null,
      readable: staff.accessRequest.copyReadable,
      readableUntil: staff.accessRequest.copyExpiresAt ? formatDateTime(staff.accessRequest.copyExpiresAt, tz) : null,
      readingsLeft: staff.accessRequest.copyReadsLeft,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const staff = await requireStaff(admin, params.staffId);
  if (staff.anonymisedAt) throw new Response("This staff member was already anonymised.", { status: 409 });
  const formData = await readForm(request);
  if (formData.get("intent") === "request-access") {
    await requestSubjectAccess(admin.organisationId, staff.id, admin.id, request);
    return redirect(`/admin/staff/${staff.id}`);
  }
  const submission = parseWithZod(formData, {
    schema: EraseSchema.refine((value) => normaliseReference(value.confirmReference) === staff.reference, {
      path: ["confirmReference"],
      message: `Type the staff reference ${staff.reference} exactly to confirm the erasure`,
    }),
  });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() => eraseStaffMember(admin.organisationId, staff.id, admin.id, request));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  return redirect("/admin/staff?erased=1");
}

export default function StaffRights() {
  const { staff, accessRequest } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof EraseSchema>>({ id: "erase", lastResult, shouldValidate: "onSubmit" });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/staff">Find another staff member</Link>
        <ErrorSummary fieldErrors={fieldErrorsOf([fields.confirmReference])} formErrors={form.errors ?? []} />
        <span className="govuk-caption-l">Staff records: access and erasure</span>
        <h1 className="govuk-heading-l">{staff.anonymised ? "An anonymised staff member" : staff.reference}</h1>
        <SummaryList
          rows={[
            { key: "Team", value: staff.team },
            { key: "Added", value: staff.added },
            ...(staff.anonymised ? [{ key: "Anonymised", value: staff.anonymised }] : []),
          ]}
        />
        {staff.anonymised ? (
          <p className="govuk-body">
            Nothing that identifies this person is held any more: their reference, name and notes were removed. The remaining records count in anonymous
            trends only.
          </p>
        ) : (
          <>
            <h2 className="govuk-heading-m">Subject access</h2>
            {!accessRequest || accessRequest.confirmed === null ? null : !accessRequest.readable ? (
              <p className="govuk-body">
                Requested on {accessRequest.requested}; a supporter of the case confirmed it on {accessRequest.confirmed}. That copy has expired or been read as
                many times as allowed, and was deleted.
              </p>
            ) : (
              <>
                <p className="govuk-body">
                  Requested on {accessRequest.requested}; a supporter of the case confirmed it on {accessRequest.confirmed}, and the copy was taken then: it
                  does not change. It can be read until {accessRequest.readableUntil}, {accessRequest.readingsLeft} more{" "}
                  {accessRequest.readingsLeft === 1 ? "time" : "times"} (the document and the JSON file each count), and is then deleted.
                </p>
                <ul className="govuk-list">
                  <li>
                    <Link className="govuk-link" to={`/admin/staff/${staff.id}/access`}>Read the copy (print it, or save it as PDF)</Link>
                  </li>
                  <li>
                    <a className="govuk-link" href={`/admin/staff/${staff.id}/access.json`} download>Download the copy as JSON</a>
                  </li>
                </ul>
              </>
            )}
            {accessRequest && accessRequest.confirmed === null ? (
              <div className="govuk-inset-text" role="status">
                Requested on {accessRequest.requested}. Waiting for a supporter of this case to confirm it is the right person: they see the request on the case.
              </div>
            ) : (
              <Form method="post">
                <p className="govuk-body">
                  A copy of everything Debrief holds about this person, including notes and deleted records. A supporter of the case must confirm the request;
                  the copy is taken at that moment and can then be read for a limited time and number of times.
                </p>
                <button type="submit" name="intent" value="request-access" className="govuk-button govuk-button--secondary">
                  {accessRequest ? "Ask for a new copy" : "Ask for a subject access copy"}
                </button>
              </Form>
            )}
            <h2 className="govuk-heading-m">Erasure</h2>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Erasure cannot be undone. The reference, name and all notes are removed, no supporter holds the case any more, and open follow-ups close. Dates,
                ratings and outcomes stay, without anyone&apos;s identity, so team trends do not change.
              </strong>
            </div>
            <Form method="post" {...getFormProps(form)} noValidate>
              <input type="hidden" name="intent" value="erase" />
              <TextField field={fields.confirmReference} label="To confirm, type the staff reference" inputClassName="govuk-input--width-10" />
              <button type="submit" className="govuk-button govuk-button--warning">Erase this staff member</button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
