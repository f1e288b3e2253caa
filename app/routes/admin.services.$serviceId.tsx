// One service: its teams (and adding them one after another), its name and kind, archiving.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { ChoiceField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { ServiceSchema } from "~/domain/services";
import { TeamNameSchema } from "~/domain/teams";
import { SERVICE_KINDS, optionsOf } from "~/domain/vocabulary";
import { findServiceForAdmin, serviceNameTaken, setServiceArchived, updateService } from "~/models/admin-services.server";
import { createTeam, teamNameTaken } from "~/models/admin-teams.server";
import { recordAudit } from "~/models/audit.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const NewTeamSchema = z.object({ name: TeamNameSchema });

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `${page?.service.name ?? "Service"} – Debrief` }];

async function requireService(request: Request, serviceId: string | undefined) {
  const admin = await requireRole(request, "admin");
  const service = serviceId ? await findServiceForAdmin(admin.organisationId, serviceId) : null;
  if (!service) throw new Response("There is no service at this address.", { status: 404 });
  return { admin, service };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { admin, service } = await requireService(request, params.serviceId);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "service", entityId: service.id });
  return { service: { ...service, kindLabel: SERVICE_KINDS[service.kind as keyof typeof SERVICE_KINDS] ?? SERVICE_KINDS.other } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, service } = await requireService(request, params.serviceId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const audit = (action: string, entity: { type: string; id: string }, detail?: Record<string, unknown>) =>
    recordAudit({ action, organisationId: admin.organisationId, actorUserId: admin.id, entityType: entity.type, entityId: entity.id, detail, ipAddress: context.clientIp });
  const thisService = { type: "service", id: service.id };

  if (intent === "team") {
    const submission = await parseWithZod(formData, {
      schema: NewTeamSchema.superRefine(async (value, ctx) => {
        if (await teamNameTaken(admin.organisationId, value.name)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "There is already a team with this name" });
        }
      }),
      async: true,
    });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await attemptSave(() => createTeam(admin.organisationId, service.id, submission.value.name));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    await audit("team.create", { type: "team", id: saved.value.id }, { service: service.id });
    return redirect(`/admin/services/${service.id}?added=${encodeURIComponent(submission.value.name)}`);
  }
  if (intent === "update") {
    const submission = await parseWithZod(formData, {
      schema: ServiceSchema.superRefine(async (value, ctx) => {
        if (await serviceNameTaken(admin.organisationId, value.name, service.id)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "There is already a service with this name" });
        }
      }),
      async: true,
    });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await attemptSave(() => updateService(admin.organisationId, service.id, submission.value));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    await audit("service.update", thisService, { kind: submission.value.kind, renamed: submission.value.name !== service.name || undefined });
    return redirect(`/admin/services/${service.id}`);
  }
  if (intent === "archive" || intent === "unarchive") {
    // Only the one the page offers: archiving again would move the archive date.
    if ((intent === "archive") === Boolean(service.archivedAt)) {
      throw new Response(intent === "archive" ? "This service is already archived." : "This service is not archived.", { status: 409 });
    }
    const activeTeams = service.teams.filter((t) => !t.archivedAt).length;
    if (intent === "archive" && activeTeams > 0) {
      return data({ intent, problem: `Move or archive its ${activeTeams} active ${activeTeams === 1 ? "team" : "teams"} first: an archived service takes no teams.` }, { status: 400 });
    }
    await setServiceArchived(admin.organisationId, service.id, intent === "archive");
    await audit(`service.${intent}`, thisService);
    return redirect(`/admin/services/${service.id}`);
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function ServicePage() {
  const { service } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const added = params.get("added");
  const created = params.get("created") === "1";
  const resultFor = (intent: string) => (actionData?.intent === intent && "result" in actionData ? actionData.result : undefined);
  const [teamForm, teamFields] = useForm({
    id: "team",
    lastResult: resultFor("team"),
    constraint: getZodConstraint(NewTeamSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewTeamSchema }),
  });
  const [updateForm, updateFields] = useForm({
    id: "update",
    lastResult: resultFor("update"),
    constraint: getZodConstraint(ServiceSchema),
    defaultValue: { name: service.name, kind: service.kind },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ServiceSchema }),
  });
  const problem = actionData && "problem" in actionData ? actionData.problem : null;
  const active = !service.archivedAt;
  const activeTeams = service.teams.filter((t) => !t.archivedAt);
  const archivedTeams = service.teams.filter((t) => t.archivedAt);
  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/admin/services">All services</Link>
      </p>
      <ErrorSummary
        fieldErrors={fieldErrorsOf([teamFields.name, updateFields.name, updateFields.kind])}
        formErrors={[...(teamForm.errors ?? []), ...(updateForm.errors ?? []), ...(problem ? [problem] : [])]}
      />
      {added && !actionData ? (
        <SuccessBanner title="Team added" role="status">
          <p className="govuk-notification-banner__heading">{added} was added to {service.name}.</p>
        </SuccessBanner>
      ) : null}
      {created && !added && !actionData ? (
        <SuccessBanner title="Service added" role="status">
          <p className="govuk-notification-banner__heading">{service.name} was added. Now add its teams below.</p>
        </SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">{service.kindLabel}</span>
      <h1 className="govuk-heading-l">{service.name}</h1>
      {!active ? (
        <div className="govuk-inset-text">This service is archived: it takes no new teams. Its teams, their records and their figures stay as they were.</div>
      ) : null}

      <h2 className="govuk-heading-m">Teams</h2>
      {activeTeams.length === 0 ? <p className="govuk-body">No active teams yet.</p> : null}
      <ul className="govuk-list govuk-list--bullet govuk-list--spaced" aria-label={`Teams of ${service.name}`}>
        {activeTeams.map((t) => (
          <li key={t.id}>
            <Link className="govuk-link" to={`/admin/teams/${t.id}`}>
              {t.name}
            </Link>
          </li>
        ))}
        {archivedTeams.map((t) => (
          <li key={t.id}>
            <Link className="govuk-link" to={`/admin/teams/${t.id}`}>
              {t.name}
            </Link>{" "}
            (archived)
          </li>
        ))}
      </ul>
      {active ? (
        <Form method="post" {...getFormProps(teamForm)} noValidate key={added ?? "team"}>
          <input type="hidden" name="intent" value="team" />
          <TextField field={teamFields.name} label="Add a team to this service" hint="The team's name, as staff know it" autoComplete="off" />
          <button type="submit" className="govuk-button">
            Add team
          </button>
        </Form>
      ) : null}
      {activeTeams.length > 0 ? (
        <p className="govuk-body">
          Next: give the teams’ <Link className="govuk-link" to="/admin/headcounts">headcounts</Link>, so that figures can be given per 100 staff.
        </p>
      ) : null}

      <h2 className="govuk-heading-m">Name and kind</h2>
      <Form method="post" {...getFormProps(updateForm)} noValidate>
        <input type="hidden" name="intent" value="update" />
        <TextField field={updateFields.name} label="Name of the service" autoComplete="off" />
        <ChoiceField field={updateFields.kind} legend="What kind of service is it?" options={optionsOf(SERVICE_KINDS)} />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Save name and kind
        </button>
      </Form>

      <h2 className="govuk-heading-m">{active ? "Archive" : "Restore"}</h2>
      <p className="govuk-body">
        {active
          ? "Archive a service that no longer has teams, for example an agency that left the partnership. Nothing is deleted."
          : "Restore the service to add teams to it again."}
      </p>
      {active && activeTeams.length > 0 ? (
        <p className="govuk-body" data-testid="archive-blocked">
          To archive it, first move its {activeTeams.length === 1 ? "team" : `${activeTeams.length} teams`} to another service or archive{" "}
          {activeTeams.length === 1 ? "it" : "them"}, from each team’s page.
        </p>
      ) : (
        <Form method="post">
          <button type="submit" name="intent" value={active ? "archive" : "unarchive"} className="govuk-button govuk-button--secondary">
            {active ? "Archive service" : "Restore service"}
          </button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
