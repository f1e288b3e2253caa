import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SummaryList } from "~/components/summary-list";
import { recordAudit } from "~/models/audit.server";
import { organisationOverview } from "~/models/team.server";

export const meta: MetaFunction = () => [{ title: "Organisation – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "organisation" });
  return organisationOverview(user.organisationId);
}

function describeOffset(hours: number) {
  return hours % 24 === 0 && hours >= 48 ? `${hours / 24} days` : `${hours} hours`;
}

export default function Admin() {
  const { organisation, counts, followUpSteps } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Organisation</span>
      <h1 className="govuk-heading-l">{organisation.name}</h1>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to="/admin/users">Users: invite, change roles and remits, disable</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/teams">Teams: add, rename, merge, archive, headcounts</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/pulses">Team check-ins: open a WHO-5 pulse for a team, see results</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/import">Import records: bring in past exposures from a spreadsheet, or undo an import</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/staff">Staff records: subject access copies and erasure</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/privacy">Record of processing, shown to everyone on the privacy page</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/settings">Organisation settings</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/audit">Audit log</Link>
        </li>
      </ul>
      <SummaryList
        rows={[
          { key: "Services", value: counts.services },
          { key: "Teams", value: counts.teams },
          { key: "Active users", value: counts.users },
        ]}
      />
      <h2 className="govuk-heading-m">Settings</h2>
      <SummaryList
        rows={[
          {
            key: "Anonymity threshold",
            value: `Figures from fewer than ${organisation.anonymityThreshold} staff members are hidden`,
          },
          { key: "Two-factor authentication", value: organisation.mfaRequired ? "Required" : "Optional" },
          { key: "Retention period", value: `${organisation.retentionMonths} months` },
          { key: "Time zone", value: organisation.timeZone },
          {
            key: "Follow-up protocol",
            value: (
              <ul className="govuk-list">
                {followUpSteps.map((step) => (
                  <li key={step.label}>
                    {step.label}: {describeOffset(step.offsetHours)} after the exposure
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
