import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf } from "~/components/forms";
import { createTeam, listServices, listTeamsForAdmin, teamNameTaken } from "~/models/admin-teams.server";
import { recordAudit } from "~/models/audit.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const TeamSchema = z.object({
  name: z
    .string({ required_error: "Enter the team's name" })
    .trim()
    .min(2, "Team name must be at least 2 characters")
    .max(80, "Team name must be 80 characters or fewer"),
  serviceId: z.string({ required_error: "Choose the service the team belongs to" }).max(40),
});

export const meta: MetaFunction = () => [{ title: "Teams – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const [teams, services] = await Promise.all([listTeamsForAdmin(admin.organisationId), listServices(admin.organisationId)]);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "team_list" });
  return {
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
  const { teams, services } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-team",
    lastResult,
    constraint: getZodConstraint(TeamSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TeamSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.name, fields.serviceId]);
  return (
    <>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Teams</h1>
      <table className="govuk-table">
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
      <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
      <Form method="post" {...getFormProps(form)} noValidate>
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
