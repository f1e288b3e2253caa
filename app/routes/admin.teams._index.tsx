import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TeamNameSchema } from "~/domain/teams";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf } from "~/components/forms";
import { listActiveServices } from "~/models/admin-services.server";
import { createTeam, listTeamsForAdmin, teamNameTaken } from "~/models/admin-teams.server";
import { recordAudit } from "~/models/audit.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const TeamSchema = z.object({
  name: TeamNameSchema,
  serviceId: z.string({ required_error: "Choose the service the team belongs to" }).max(40),
});

export const meta: MetaFunction = () => [{ title: "Teams – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const [teams, services] = await Promise.all([listTeamsForAdmin(admin.organisationId), listActiveServices(admin.organisationId)]);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "team_list" });
  const chosenService = new URL(request.url).searchParams.get("service");
  return {
    chosenService: services.some((s) => s.id === chosenService) ? chosenService : null,
    services: services.map((s) => ({ value: s.id, label: s.name })),
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      service: t.service.name,
      headcount: t.headcounts[0] ? `${t.headcounts[0].headcount} (${t.headcounts[0].periodMonth})` : "Not given",
      status: t.mergedInto ? `Merged into ${t.mergedInto.name}` : t.archivedAt ? "Archived" : "Active",
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = await parseWithZod(await readForm(request), {
    schema: TeamSchema.superRefine(async (value, ctx) => {
      if (await teamNameTaken(admin.organisationId, value.name)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "There is already a team with this name" });
      }
    }),
    async: true,
  });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() => createTeam(admin.organisationId, submission.value.serviceId, submission.value.name));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  const team = saved.value;
  await recordAudit({ action: "team.create", organisationId: admin.organisationId, actorUserId: admin.id, entityType: "team", entityId: team.id, ipAddress: context.clientIp });
  return redirect(`/admin/teams/${team.id}`);
}

export default function Teams() {
  const { teams, services, chosenService } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-team",
    lastResult,
    defaultValue: chosenService ? { serviceId: chosenService } : undefined,
    constraint: getZodConstraint(TeamSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TeamSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.name, fields.serviceId]);
  return (
    <>
      <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Teams</h1>
      <p className="govuk-body">
        Each team belongs to a service (an agency such as police, ambulance or a control room):{" "}
        <Link className="govuk-link" to="/admin/services">manage services</Link>. Staff numbers for rates are under{" "}
        <Link className="govuk-link" to="/admin/headcounts">Headcounts</Link>.
      </p>
      {teams.length === 0 ? <p className="govuk-body">There are no teams yet.</p> : null}
      <table className="govuk-table" hidden={teams.length === 0}>
        <caption className="govuk-table__caption govuk-table__caption--m">All teams</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Team</th>
            <th scope="col" className="govuk-table__header">Latest headcount</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {teams.map((team) => (
            <tr className="govuk-table__row" key={team.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/teams/${team.id}`}>{team.name}</Link>
                <br />
                <span className="govuk-body-s">{team.service}</span>
              </td>
              <td className="govuk-table__cell">{team.headcount}</td>
              <td className="govuk-table__cell">{team.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Add a team</h2>
      {services.length === 0 ? (
        <p className="govuk-body">
          A team belongs to a service, and there is none yet: <Link className="govuk-link" to="/admin/services">add a service</Link> first.
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} noValidate hidden={services.length === 0}>
        <TextField
          field={fields.name}
          label="Team name"
          autoComplete="off"
        />
        <SelectField
          field={fields.serviceId}
          label="Service"
          options={services}
          placeholder="Choose a service"
        />
        <button type="submit" className="govuk-button">Add team</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
