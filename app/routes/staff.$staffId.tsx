import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireCaseAccess } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SummaryList } from "~/components/summary-list";
import { CONTACT_TYPES } from "~/domain/support";
import { BARRIERS, INCIDENT_TYPES, INVOLVEMENTS, OUTCOMES, PARTNER_AGENCIES, RISK_INDICATORS, SIGNPOSTS } from "~/domain/vocabulary";
import { recordAudit } from "~/models/audit.server";
import { caseTimeline } from "~/models/staff.server";
import { formatDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Staff member – Debrief" }];

const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staffId = params.staffId ?? "";
  const user = await requireCaseAccess(request, staffId);
  const timeline = await caseTimeline(staffId);
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "staff_member", entityId: staffId });
  const tz = user.organisation.timeZone;
  const now = Date.now();
  return {
    staff: { id: timeline.id, reference: timeline.reference, displayName: timeline.displayName, team: `${timeline.team.name} (${timeline.team.service.name})` },
    followUps: timeline.followUps
      .filter((f) => !f.completedAt && !f.cancelledAt)
      .map((f) => ({ id: f.id, label: f.label, due: formatDateTime(f.dueAt, tz), overdue: f.dueAt.getTime() < now })),
    exposures: timeline.exposures.map((e) => ({
      id: e.id,
      when: formatDateTime(e.occurredAt, tz),
      incident: label(INCIDENT_TYPES, e.incidentType),
      involvement: label(INVOLVEMENTS, e.involvement),
      agencies: e.partnerAgencies.map((a) => label(PARTNER_AGENCIES, a.agency)),
      informationReached: e.informationReached,
      barriers: e.barriers.map((b) => label(BARRIERS, b.barrier)),
      initiative: e.initiative?.name ?? null,
      distress: e.initialDistress,
      notes: e.notes,
    })),
    contacts: timeline.supportContacts.map((c) => ({
      id: c.id,
      when: formatDateTime(c.contactedAt, tz),
      type: label(CONTACT_TYPES, c.contactType),
      distress: c.distress,
      outcome: label(OUTCOMES, c.outcome),
      referrals: c.referrals.map((r) => (r.urgent ? "Urgent referral" : label(SIGNPOSTS, r.destination))),
      risks: c.riskIndicators.map((r) => label(RISK_INDICATORS, r.indicator)),
      notes: c.notes,
    })),
  };
}

const NEXT_STEP: Record<string, { title: string; next?: string; path?: string }> = {
  exposure: { title: "Exposure saved", next: "Next: log the first support contact", path: "contacts/new" },
  contact: { title: "Support contact saved" },
  urgent: { title: "Support contact saved with an urgent referral" },
};

export default function StaffMember() {
  const { staff, followUps, exposures, contacts } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const saved = NEXT_STEP[searchParams.get("saved") ?? ""];
  return (
    <>
      <Link className="govuk-back-link" to="/caseload">My caseload</Link>
      {saved ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="saved-title">Success</h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {saved.title}
              {saved.next && saved.path ? (
                <>
                  {" — "}
                  <Link className="govuk-notification-banner__link" to={`/staff/${staff.id}/${saved.path}`}>
                    {saved.next.replace("Next: ", "next: ")}
                  </Link>
                </>
              ) : null}
            </p>
          </div>
        </div>
      ) : null}
      {searchParams.get("saved") === "urgent" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            If they are at immediate risk, stay with them and call 999. For urgent support: their GP or NHS 111
            (option 2 for mental health), occupational health, or Samaritans on 116 123, any time.
          </strong>
        </div>
      ) : null}
      <span className="govuk-caption-l">{staff.team}</span>
      <h1 className="govuk-heading-l">
        {staff.reference}
        {staff.displayName ? <span className="govuk-caption-m">{staff.displayName}</span> : null}
      </h1>
      <div className="govuk-button-group">
        <Link className="govuk-button" to={`/staff/${staff.id}/exposures/new`}>Log an exposure</Link>
        <Link className="govuk-button govuk-button--secondary" to={`/staff/${staff.id}/contacts/new`}>Log a support contact</Link>
      </div>

      <h2 className="govuk-heading-m">Open follow-ups</h2>
      {followUps.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <ul className="govuk-list">
          {followUps.map((f) => (
            <li key={f.id}>
              {f.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null} {f.label}, due {f.due}
            </li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">Exposures</h2>
      {exposures.length === 0 ? <p className="govuk-body">None logged yet.</p> : null}
      {exposures.map((e) => (
        <section key={e.id} aria-labelledby={`exposure-${e.id}`} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s" id={`exposure-${e.id}`}>
            {e.incident}, {e.when}
          </h3>
          <SummaryList
            rows={[
              { key: "Involvement", value: e.involvement },
              { key: "Partner agencies", value: e.agencies.join(", ") || "None" },
              { key: "Information reached them", value: e.informationReached === null ? "Not applicable" : `${e.informationReached} of 5` },
              { key: "Barriers", value: e.barriers.join(", ") || "None" },
              ...(e.initiative ? [{ key: "Initiative", value: e.initiative }] : []),
              { key: "Distress at the time", value: e.distress === null ? "Not recorded" : `${e.distress} of 10` },
              ...(e.notes ? [{ key: "Notes", value: e.notes }] : []),
            ]}
          />
        </section>
      ))}

      <h2 className="govuk-heading-m">Support contacts</h2>
      {contacts.length === 0 ? <p className="govuk-body">None logged yet.</p> : null}
      {contacts.map((c) => (
        <section key={c.id} aria-labelledby={`contact-${c.id}`} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s" id={`contact-${c.id}`}>
            {c.type}, {c.when}
          </h3>
          <SummaryList
            rows={[
              { key: "Distress", value: c.distress === null ? "Not recorded" : `${c.distress} of 10` },
              { key: "Risk indicators", value: c.risks.join(", ") || "None" },
              { key: "Outcome", value: [c.outcome, ...c.referrals].join(": ") },
              ...(c.notes ? [{ key: "Notes", value: c.notes }] : []),
            ]}
          />
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
