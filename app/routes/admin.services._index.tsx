// The organisation's services (agencies), which hold its teams: the list, and adding one.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { ChoiceField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { ServiceSchema } from "~/domain/services";
import { SERVICE_KINDS, optionsOf } from "~/domain/vocabulary";
import { createService, listServicesForAdmin, serviceNameTaken } from "~/models/admin-services.server";
import { recordAudit } from "~/models/audit.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Services – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const services = await listServicesForAdmin(admin.organisationId);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "service_list" });
  return {
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      kind: SERVICE_KINDS[s.kind as keyof typeof SERVICE_KINDS] ?? SERVICE_KINDS.other,
      teams: s.activeTeams,
      archivedTeams: s.archivedTeams,
      archived: Boolean(s.archivedAt),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = await parseWithZod(await readForm(request), {
    schema: ServiceSchema.superRefine(async (value, ctx) => {
      if (await serviceNameTaken(admin.organisationId, value.name)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "There is already a service with this name" });
      }
    }),
    async: true,
  });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() => createService(admin.organisationId, submission.value.name, submission.value.kind));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  await recordAudit({
    action: "service.create",
    organisationId: admin.organisationId,
    actorUserId: admin.id,
    entityType: "service",
    entityId: saved.value.id,
    detail: { kind: submission.value.kind },
    ipAddress: context.clientIp,
  });
  return redirect(`/admin/services/${saved.value.id}?created=1`);
}

export default function Services() {
  const { services } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-service",
    lastResult,
    constraint: getZodConstraint(ServiceSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ServiceSchema }),
  });
  return (
    <>
      <ErrorSummary fieldErrors={fieldErrorsOf([fields.name, fields.kind])} formErrors={form.errors ?? []} />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Services</h1>
      <p className="govuk-body">
        A service is an agency or a part of the organisation that holds teams: a police force’s response officers, an ambulance service, a 999 control room.
        Managers see figures by service and by team, and an initiative’s comparison teams are by default the other teams of its services.
      </p>
      {services.length === 0 ? (
        <p className="govuk-body">There are no services yet. Add the first one below, then its teams.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">All services</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Service</th>
              <th scope="col" className="govuk-table__header">Kind</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Teams</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {services.map((s) => (
              <tr className="govuk-table__row" key={s.id}>
                <td className="govuk-table__cell" data-label="Service">
                  <Link className="govuk-link" to={`/admin/services/${s.id}`}>
                    {s.name}
                  </Link>
                </td>
                <td className="govuk-table__cell" data-label="Kind">{s.kind}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Teams">
                  {s.teams}
                  {s.archivedTeams > 0 ? ` (and ${s.archivedTeams} archived)` : ""}
                </td>
                <td className="govuk-table__cell" data-label="Status">{s.archived ? "Archived" : "Active"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="govuk-heading-m">Add a service</h2>
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField field={fields.name} label="Name of the service" hint="As staff know it, for example “Northshire Police – Response” or “Ambulance control”" autoComplete="off" />
        <ChoiceField field={fields.kind} legend="What kind of service is it?" options={optionsOf(SERVICE_KINDS)} />
        <button type="submit" className="govuk-button">
          Add service
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
