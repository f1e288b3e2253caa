// Team check-ins: the admin opens one for a team, then prints one single-use code per person.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf } from "~/components/forms";
import { headcountProblem, pulseLengthSchema, pulseState } from "~/domain/pulse";
import { recordAudit } from "~/models/audit.server";
import { currentHeadcount, listPulses, openPulse, pulseThisMonth } from "~/models/pulse.server";
import { activeTeamOptions } from "~/models/team.server";
import { formatDate, formatDateTime, monthKey } from "~/utils/time";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Team check-ins – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const timeZone = admin.organisation.timeZone;
  const [pulses, teams] = await Promise.all([listPulses(admin.organisationId), activeTeamOptions(admin.organisationId)]);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse_list" });
  const now = new Date();
  return {
    k: admin.organisation.anonymityThreshold,
    teams,
    pulses: pulses.map((p) => {
      const state = pulseState(p, now);
      return {
        id: p.id,
        team: p.team.name,
        opened: formatDate(p.createdAt, timeZone),
        status:
          state === "open"
            ? `Open until ${formatDateTime(p.closesAt, timeZone)}`
            : state === "ended"
              ? `Ended ${formatDate(p.closesAt, timeZone)}`
              : `Withdrawn ${formatDate(p.withdrawnAt!, timeZone)}`,
        answers: `${p.codesUsed} of ${p.codesIssued}`,
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const timeZone = admin.organisation.timeZone;
  const k = admin.organisation.anonymityThreshold;
  const teams = await activeTeamOptions(admin.organisationId);
  let people = 0;
  const schema = pulseLengthSchema.superRefine(async (value, ctx) => {
    const team = teams.find((t) => t.value === value.team);
    if (!team) return ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["team"], message: "Choose a team from the list" });
    if (await pulseThisMonth(value.team, timeZone)) {
      return ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["team"],
        message: `${team.label} has already been asked this month. A team is asked once a month, so its monthly results are one check-in's`,
      });
    }
    const headcount = await currentHeadcount(value.team, monthKey(new Date(), timeZone));
    const problem = headcountProblem(team.label, headcount, k);
    if (problem) return ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["team"], message: problem });
    people = headcount!;
  });
  const submission = await parseWithZod(await readForm(request), { schema, async: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { team, days } = submission.value;
  const saved = await attemptSave(() => openPulse({ organisationId: admin.organisationId, teamId: team, days, people, openedById: admin.id }));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  const pulse = saved.value;
  await recordAudit({ action: "pulse.open", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse", entityId: pulse.id, detail: { teamId: team, days, codes: people } });
  return redirect(`/admin/pulses/${pulse.id}/slips`);
}

export default function Pulses() {
  const { k, pulses, teams } = useLoaderData<typeof loader>();
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
        A check-in asks a team the five WHO-5 well-being questions and whether information from partner agencies helped them. Each person answers on
        the shared page <code>/pulse</code> with the code on their own paper slip, without signing in; a code works once, and nothing about who answered
        is kept.
      </p>
      <p className="govuk-body">
        Results are shown once the check-in has run to the end you set, and only if at least {k} people answered. A check-in cannot be ended early to see
        them sooner: withdrawing it means its results are never shown.
      </p>
      <h2 className="govuk-heading-m">Open a check-in</h2>
      <Form method="post" {...getFormProps(form)} noValidate>
        <SelectField
          field={fields.team}
          label="Team"
          hint="Each team is asked at most once a month. There is one slip for each person in the team's headcount this month."
          options={teams}
          placeholder="Choose a team"
        />
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
              <th scope="col" className="govuk-table__header">Opened</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Codes used</th>
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
                <td className="govuk-table__cell" data-label="Opened">{pulse.opened}</td>
                <td className="govuk-table__cell" data-label="Status">{pulse.status}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Codes used">{pulse.answers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No check-ins have been opened yet.</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
