import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAudit } from "~/models/audit.server";
import { SummaryList } from "~/components/summary-list";
import { listInitiatives } from "~/models/initiative.server";
import { formatDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Research – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "researcher");
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "initiative_list" });
  const timeZone = user.organisation.timeZone;
  const initiatives = await listInitiatives(user.organisationId);
  return {
    initiatives: initiatives.map((initiative) => ({
      id: initiative.id,
      name: initiative.name,
      description: initiative.description,
      start: formatDate(initiative.startDate, timeZone),
      end: initiative.endDate ? formatDate(initiative.endDate, timeZone) : null,
      teams: initiative._count.teams,
    })),
  };
}

export default function Research() {
  const { initiatives } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Research</h1>
      <p className="govuk-body">
        Information-sharing initiatives registered by your organisation. Open one to see whether staff in the teams it covers now carry less
        stress: before and after, against comparison teams, as a time series. See also the <Link className="govuk-link" to="/initiatives">whole register</Link>.
      </p>
      <h2 className="govuk-heading-m">Initiatives</h2>
      {initiatives.length === 0 ? <p className="govuk-body">No initiatives are registered yet.</p> : null}
      {initiatives.map((initiative) => (
        <section key={initiative.id} aria-labelledby={`initiative-${initiative.id}`}>
          <h3 className="govuk-heading-s" id={`initiative-${initiative.id}`}>
            <Link className="govuk-link" to={`/initiatives/${initiative.id}`}>
              {initiative.name}
            </Link>
          </h3>
          <p className="govuk-body">{initiative.description}</p>
          <SummaryList
            rows={[
              { key: "Started", value: initiative.start },
              { key: "Ended", value: initiative.end ?? "Still running" },
              { key: "Teams covered", value: initiative.teams },
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
