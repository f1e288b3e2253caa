// Team check-ins: the admin opens one for a team and hands out its code or link.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf } from "~/components/forms";
import { displayCode, isOpen, pulseLengthSchema } from "~/domain/pulse";
import { recordAudit } from "~/models/audit.server";
import { listPulses, openPulse, pulseThisMonth } from "~/models/pulse.server";
import { activeTeamOptions } from "~/models/team.server";
import { formatDate } from "~/utils/time";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Team check-ins – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const timeZone = admin.organisation.timeZone;
  const [pulses, teams] = await Promise.all([listPulses(admin.organisationId), activeTeamOptions(admin.organisationId)]);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse_list" });
  return {
    teams,
    pulses: pulses.map((p) => ({
      id: p.id,
      team: p.team.name,
      code: displayCode(p.code),
      opened: formatDate(p.createdAt, timeZone),
      status: isOpen(p) ? `Open until ${formatDate(p.closesAt, timeZone)}` : `Closed ${formatDate(p.closedAt ?? p.closesAt, timeZone)}`,
      answers: p._count.responses,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const teams = await activeTeamOptions(admin.organisationId);
  const schema = pulseLengthSchema.superRefine(async (value, ctx) => {
    const team = teams.find((t) => t.value === value.team);
    if (!team) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["team"], message: "Choose a team from the list" });
    else if (await pulseThisMonth(value.team, admin.organisation.timeZone))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["team"],
        message: `${team.label} has already been asked this month. A team is asked once a month, so its monthly results are one check-in's`,
      });
  });
  const submission = await parseWithZod(await readForm(request), { schema, async: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() => openPulse({ organisationId: admin.organisationId, teamId: submission.value.team, days: submission.value.days, openedById: admin.id }));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  const pulse = saved.value;
  await recordAudit({ action: "pulse.open", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse", entityId: pulse.id, detail: { teamId: submission.value.team, days: submission.value.days } });
  return redirect(`/admin/pulses/${pulse.id}`);
}

export default function Pulses() {
  const { pulses, teams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "open-pulse",
    lastResult,
    defaultValue: { days: "14" },
    constraint: getZodConstraint(pulseLengthSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: pulseLengthSchema }),
  });
  return (
    <>
      <ErrorSummary fieldErrors={fieldErrorsOf([fields.team, fields.days])} formErrors={form.errors ?? []} />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Team check-ins</h1>
      <p className="govuk-body">
        A check-in asks a team the five WHO-5 well-being questions and whether information from partner agencies helped them. Staff answer on a shared
        page with a code or link, without signing in; nothing about who answered is kept. Results are shown once the check-in has closed, and only when
        enough people answered.
      </p>
      <h2 className="govuk-heading-m">Open a check-in</h2>
      <Form method="post" {...getFormProps(form)} noValidate>
        <SelectField field={fields.team} label="Team" hint="Each team is asked at most once a month." options={teams} placeholder="Choose a team" />
        <TextField field={fields.days} label="Days open" hint="From 1 to 60; two weeks gives most people a chance to answer." inputMode="numeric" inputClassName="govuk-input--width-3" />
        <button type="submit" className="govuk-button">
          Open check-in
        </button>
      </Form>
      {pulses.length > 0 ? (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">Check-ins</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Team</th>
              <th scope="col" className="govuk-table__header">Code</th>
              <th scope="col" className="govuk-table__header">Opened</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Answers</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {pulses.map((pulse) => (
              <tr className="govuk-table__row" key={pulse.id}>
                <td className="govuk-table__cell" data-label="Team">
                  <Link className="govuk-link" to={`/admin/pulses/${pulse.id}`}>
                    {pulse.team}
                  </Link>
                </td>
                <td className="govuk-table__cell" data-label="Code">{pulse.code}</td>
                <td className="govuk-table__cell" data-label="Opened">{pulse.opened}</td>
                <td className="govuk-table__cell" data-label="Status">{pulse.status}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Answers">{pulse.answers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {pulses.length === 0 ? <p className="govuk-body">No check-ins have been opened yet.</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
