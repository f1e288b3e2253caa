import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAnyRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { InitiativeForm } from "~/components/initiative-fields";
import { editableTeams } from "~/models/initiative.server";
import { submitInitiative } from "~/models/initiative-form.server";

export const meta: MetaFunction = () => [{ title: "Add an initiative – Debrief" }];

const EDITORS = ["admin", "manager"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAnyRole(request, EDITORS);
  return { teams: await editableTeams(user), timeZone: user.organisation.timeZone };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAnyRole(request, EDITORS);
  return submitInitiative(request, user);
}

export default function NewInitiative() {
  const { teams, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/initiatives">All initiatives</Link>
        <InitiativeForm title="Add an initiative" submitLabel="Save initiative" teams={teams} timeZone={timeZone} lastResult={lastResult} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
