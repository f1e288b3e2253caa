import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAnyRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { InitiativeFields, initiativeErrors } from "~/components/initiative-fields";
import { initiativeSchema } from "~/domain/initiative-form";
import { watchedMeasures } from "~/models/evaluation.server";
import { editableTeams, initiativeForEditing } from "~/models/initiative.server";
import { submitInitiative } from "~/models/initiative-form.server";
import { datePartsIn } from "~/domain/uk-date";

export const meta: MetaFunction = () => [{ title: "Change an initiative – Debrief" }];

const EDITORS = ["admin", "manager"] as const;

async function requireInitiative(request: Request, initiativeId: string | undefined) {
  const user = await requireAnyRole(request, EDITORS);
  const initiative = initiativeId ? await initiativeForEditing(user.organisationId, initiativeId) : null;
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
  const schema = initiativeSchema({ timeZone, teamIds: teams.map((t) => t.value) });
  const [form, fields] = useForm({
    id: "initiative",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/initiatives">All initiatives</Link>
        <ErrorSummary fieldErrors={initiativeErrors(fields)} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Change {defaultValue.name}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <InitiativeFields fields={fields} teams={teams} otherTeams={otherTeams} />
          <button type="submit" className="govuk-button" data-prevent-double-click="true">
            Save changes
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
