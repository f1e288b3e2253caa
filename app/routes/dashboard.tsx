import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAudit } from "~/models/audit.server";
import { remitTeams } from "~/models/team.server";

export const meta: MetaFunction = () => [{ title: "Team trends – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "dashboard" });
  return { teams: await remitTeams(user.id) };
}

export default function Dashboard() {
  const { teams } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Team trends</h1>
      <p className="govuk-body">
        You see anonymised figures for the teams in your remit. A figure drawn from too few people is never shown.
      </p>
      <h2 className="govuk-heading-m">Your remit</h2>
      {teams.length === 0 ? (
        <p className="govuk-body">No teams are in your remit yet. An administrator can add them.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {teams.length} {teams.length === 1 ? "team" : "teams"}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Team</th>
              <th scope="col" className="govuk-table__header">Service</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {teams.map((team) => (
              <tr className="govuk-table__row" key={team.id}>
                <td className="govuk-table__cell">{team.name}</td>
                <td className="govuk-table__cell">{team.service.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
