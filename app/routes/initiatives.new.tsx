import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAnyRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { InitiativeFields, initiativeErrors } from "~/components/initiative-fields";
import { initiativeSchema } from "~/domain/initiative-form";
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
  const schema = initiativeSchema({ timeZone, teamIds: teams.map((t) => t.value) });
  const [form, fields] = useForm({
    id: "initiative",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/initiatives">All initiatives</Link>
        <ErrorSummary fieldErrors={initiativeErrors(fields)} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Add an initiative</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <InitiativeFields fields={fields} teams={teams} />
          <button type="submit" className="govuk-button" data-prevent-double-click="true">
            Save initiative
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
