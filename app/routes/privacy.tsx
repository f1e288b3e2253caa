// How Debrief uses personal data: the organisation's record of processing, for everyone (signed in
// or not: staff answering a check-in, and staff whose records are held, may read it too).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PROCESSING_FIELDS, PROCESSING_FIELD_KEYS } from "~/domain/processing-record";
import { allOrganisationIds, processingRecordFor } from "~/models/processing-record.server";
import { formatDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Privacy: how Debrief uses personal data – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const ids = user ? [user.organisationId] : await allOrganisationIds();
  const timeZone = user?.organisation.timeZone ?? "Europe/London";
  const records = await Promise.all(ids.map((id) => processingRecordFor(id)));
  return {
    canEdit: Boolean(user?.roles.includes("admin")),
    records: records.map((r) => ({
      organisationName: r.organisationName,
      rows: PROCESSING_FIELD_KEYS.map((key) => ({ key, label: PROCESSING_FIELDS[key].label, text: r.fields[key] })),
      reviewed: r.reviewed ? formatDate(r.reviewed, timeZone) : null,
      retention: `${r.retentionMonths} months (${(r.retentionMonths / 12).toLocaleString("en-GB", { maximumFractionDigits: 1 })} years)`,
      retentionRun: r.retentionRunAt ? formatDate(r.retentionRunAt, timeZone) : null,
    })),
  };
}

export default function Privacy() {
  const { canEdit, records } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">How Debrief uses personal data</h1>
        <p className="govuk-body">
          This is the record of processing (UK GDPR Article 30) kept by the organisation that runs Debrief. You have the right to a copy of what is held about
          you, to have it corrected, and to ask for it to be erased: ask the data protection contact below, or a supporter.
        </p>
        {canEdit ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/admin/privacy">Change the record of processing</Link>
          </p>
        ) : null}
        {records.map((record) => (
          <section key={record.organisationName} aria-label={record.organisationName}>
            {records.length > 1 ? <h2 className="govuk-heading-m">{record.organisationName}</h2> : null}
            <dl className="govuk-summary-list">
              {record.rows.map((row) => (
                <div className="govuk-summary-list__row" key={row.key}>
                  <dt className="govuk-summary-list__key">{row.label}</dt>
                  <dd className="govuk-summary-list__value app-preserve-lines">{row.text}</dd>
                </div>
              ))}
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">How long it is kept</dt>
                <dd className="govuk-summary-list__value">
                  {record.retention} after each record. After that the notes are removed, and a person with no newer record is anonymised: their reference
                  and name are removed and what remains counts only in anonymous figures. This is applied every day
                  {record.retentionRun ? `; last on ${record.retentionRun}` : ""}.
                </dd>
              </div>
            </dl>
            <p className="govuk-body-s">{record.reviewed ? `Last reviewed on ${record.reviewed}.` : "This is Debrief's starting text: the organisation has not reviewed it yet."}</p>
          </section>
        ))}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
