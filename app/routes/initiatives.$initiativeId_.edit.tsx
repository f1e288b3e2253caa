import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAnyRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { InitiativeForm } from "~/components/initiative-fields";
import { editableTeams, findInitiative, watchedMeasures } from "~/models/initiative.server";
import { submitInitiative } from "~/models/initiative-form.server";
import { datePartsIn } from "~/domain/uk-date";

export const meta: MetaFunction = () => [{ title: "Change an initiative – Debrief" }];

const EDITORS = ["admin", "manager"] as const;

async function requireInitiative(request: Request, initiativeId: string | undefined) {
  const user = await requireAnyRole(request, EDITORS);
  const initiative = initiativeId ? await findInitiative(user.organisationId, initiativeId) : null;
  if (!initiative) throw new Response("No initiative with that name was found.", { status: 404 });
  return { user, initiative };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, initiative } = await requireInitiative(request, params.initiativeId);
  const teams = await editableTeams(user);
  const timeZone = user.organisation.timeZone;
  const teamIds = initiative.teams.map((t) => t.teamId);
  const datePart = (instant: Date | null) => {
    if (!instant) return {};
    const { day, month, year } = datePartsIn(instant, timeZone);
    return { day, month, year };
  };
  return {
    id: initiative.id,
    teams,
    timeZone,
    otherTeams: teamIds.filter((id) => !teams.some((t) => t.value === id)).length,
    defaultValue: {
      name: initiative.name,
      description: initiative.description,
      partnerAgencies: initiative.partnerAgencies.map((p) => p.agency),
      teams: teamIds.filter((id) => teams.some((t) => t.value === id)),
      outcomeMeasures: watchedMeasures(initiative.outcomeMeasures),
      start: datePart(initiative.startDate),
      end: datePart(initiative.endDate),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, initiative } = await requireInitiative(request, params.initiativeId);
  return submitInitiative(request, user, { id: initiative.id, teamIds: initiative.teams.map((t) => t.teamId) });
}

export default function EditInitiative() {
  const { teams, timeZone, defaultValue, otherTeams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/initiatives">All initiatives</Link>
        <InitiativeForm
          title={`Change ${defaultValue.name}`}
          submitLabel="Save changes"
          teams={teams}
          timeZone={timeZone}
          lastResult={lastResult}
          defaultValue={defaultValue}
          otherTeams={otherTeams}
        />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
