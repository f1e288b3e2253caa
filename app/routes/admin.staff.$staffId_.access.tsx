// The subject access copy as a readable document, laid out to print or save as PDF.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SummaryList } from "~/components/summary-list";
import {
  BARRIERS,
  CLOSE_REASONS,
  CONTACT_FORMATS,
  CONTACT_TYPES,
  DELETE_REASONS,
  INCIDENT_TYPES,
  INFORMATION_REACHED,
  INVOLVEMENTS,
  OUTCOMES,
  PARTNER_AGENCIES,
  RISK_INDICATORS,
  SIGNPOSTS,
} from "~/domain/vocabulary";
import { requireConfirmedAccessCopy } from "~/models/subject-access.server";
import { formatDate, formatDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Subject access copy – Debrief" }];

const said = (labels: Record<string, string>, key: string | null | undefined) => (key ? (labels[key] ?? key) : "—");
const list = (labels: Record<string, string>, keys: string[]) => (keys.length ? keys.map((k) => said(labels, k)).join("; ") : "None recorded");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { admin, staffId, copy } = await requireConfirmedAccessCopy(request, params.staffId, "html");
  const tz = admin.organisation.timeZone;
  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), tz) : null);
  return {
    staffId,
    organisation: admin.organisation.name,
    produced: formatDate(new Date(copy.takenAt), tz),
    person: copy.staffMember,
    added: formatDate(new Date(copy.staffMember.addedOn), tz),
    exposures: copy.exposures.map((e) => ({
      id: e.id,
      rows: [
        { key: "When", value: when(e.occurredAt)! },
        { key: "Incident", value: said(INCIDENT_TYPES, e.incidentType) },
        { key: "Involvement", value: said(INVOLVEMENTS, e.involvement) },
        { key: "Partner agencies", value: list(PARTNER_AGENCIES, e.partnerAgencies) },
        { key: "Information from partners", value: said(INFORMATION_REACHED, e.informationReached === null ? null : String(e.informationReached)) },
        { key: "Barriers", value: list(BARRIERS, e.barriers) },
        { key: "Initiative", value: e.initiative ?? "None" },
        { key: "Distress at the time (0–10)", value: e.initialDistress === null ? "Not recorded" : String(e.initialDistress) },
        { key: "Notes", value: e.notes ?? "None" },
        { key: "Recorded", value: when(e.createdAt)! },
        ...(e.deletedAt ? [{ key: "Deleted from view", value: `${when(e.deletedAt)} (${said(DELETE_REASONS, e.deletedReason)}); still stored` }] : []),
      ],
    })),
    contacts: copy.supportContacts.map((c) => ({
      id: c.id,
      rows: [
        { key: "When", value: when(c.contactedAt)! },
        { key: "Kind", value: said(CONTACT_TYPES, c.contactType) },
        { key: "Format", value: said(CONTACT_FORMATS, c.format) },
        { key: "Length", value: c.durationMinutes ? `${c.durationMinutes} minutes` : "Not recorded" },
        { key: "Distress (0–10)", value: c.distress === null ? "Not recorded" : String(c.distress) },
        { key: "Risk indicators", value: list(RISK_INDICATORS, c.riskIndicators) },
        { key: "Outcome", value: said(OUTCOMES, c.outcome) },
        { key: "Referrals", value: c.referrals.length ? c.referrals.map((r) => (r.urgent ? "Urgent referral" : said(SIGNPOSTS, r.destination))).join("; ") : "None" },
        { key: "About exposures", value: c.exposureIds.length ? c.exposureIds.map((id) => `E${id}`).join(", ") : "None" },
        { key: "Notes", value: c.notes ?? "None" },
        ...(c.deletedAt ? [{ key: "Deleted from view", value: `${when(c.deletedAt)} (${said(DELETE_REASONS, c.deletedReason)}); still stored` }] : []),
      ],
    })),
    followUps: copy.followUps.map((f) => ({
      label: f.label,
      due: when(f.dueAt)!,
      state: f.completedAt ? `Done ${when(f.completedAt)}` : f.cancelledAt ? `Closed ${when(f.cancelledAt)} (${said(CLOSE_REASONS, f.cancelledReason)})` : "Open",
    })),
    changes: copy.changes.map((c) => ({ record: c.record, when: when(c.changedAt)!, fields: Object.keys(c.changes as Record<string, unknown>).join(", ") })),
  };
}

export default function SubjectAccessCopy() {
  const { staffId, organisation, produced, person, added, exposures, contacts, followUps, changes } = useLoaderData<typeof loader>();
  return (
    <article className="app-subject-access">
      <Link className="govuk-back-link app-no-print" to={`/admin/staff/${staffId}`}>Back</Link>
      <span className="govuk-caption-l">{organisation} · Debrief</span>
      <h1 className="govuk-heading-l">What Debrief holds about staff member {person.reference}</h1>
      <p className="govuk-body">
        Produced on {produced} in answer to a subject access request (UK GDPR Article 15). It lists everything Debrief stores about this person, including
        records removed from view. Colleagues who recorded the entries are not named. Use your browser&apos;s Print to keep it on paper or as a PDF.
      </p>
      <h2 className="govuk-heading-m">The person</h2>
      <SummaryList
        rows={[
          { key: "Staff reference", value: person.reference },
          { key: "Name", value: person.name ?? "Not recorded" },
          { key: "Team", value: `${person.team} (${person.service})` },
          { key: "Added to Debrief", value: added },
        ]}
      />
      <h2 className="govuk-heading-m">Exposures to distressing incidents ({exposures.length})</h2>
      {exposures.length === 0 ? <p className="govuk-body">None.</p> : null}
      {exposures.map((e) => (
        <section key={e.id} aria-labelledby={`exposure-${e.id}`}>
          <h3 className="govuk-heading-s" id={`exposure-${e.id}`}>Exposure E{e.id}</h3>
          <SummaryList rows={e.rows} />
        </section>
      ))}
      <h2 className="govuk-heading-m">Support contacts ({contacts.length})</h2>
      {contacts.length === 0 ? <p className="govuk-body">None.</p> : null}
      {contacts.map((c) => (
        <section key={c.id} aria-labelledby={`contact-${c.id}`}>
          <h3 className="govuk-heading-s" id={`contact-${c.id}`}>Support contact C{c.id}</h3>
          <SummaryList rows={c.rows} />
        </section>
      ))}
      <h2 className="govuk-heading-m">Follow-ups ({followUps.length})</h2>
      {followUps.length ? (
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Follow-up</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">State</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {followUps.map((f, i) => (
              <tr className="govuk-table__row" key={i}>
                <td className="govuk-table__cell">{f.label}</td>
                <td className="govuk-table__cell">{f.due}</td>
                <td className="govuk-table__cell">{f.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">None.</p>
      )}
      <h2 className="govuk-heading-m">Changes to these records ({changes.length})</h2>
      {changes.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {changes.map((c, i) => (
            <li key={i}>
              {c.when}: {c.record.replace("exposure ", "exposure E").replace("support_contact ", "support contact C")} — changed {c.fields}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">None.</p>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
