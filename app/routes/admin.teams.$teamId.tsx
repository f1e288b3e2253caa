import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TeamNameSchema } from "~/domain/teams";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { SummaryList } from "~/components/summary-list";
import { listActiveServices } from "~/models/admin-services.server";
import {
  getTeamForAdmin,
  listTeamMoves,
  listTeamsForAdmin,
  mergeTeam,
  moveTeam,
  renameTeam,
  setTeamArchived,
  teamNameTaken,
} from "~/models/admin-teams.server";
import { recordAudit } from "~/models/audit.server";
import { loadHeadcountGrid, saveHeadcounts } from "~/models/headcounts.server";
import { monthIndex, monthOf } from "~/domain/dashboard-filters";
import { monthProblem, readMonth } from "~/domain/headcounts";
import { formatDate, monthKey, monthLabel } from "~/utils/time";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const RenameSchema = z.object({
  name: TeamNameSchema,
});

const HeadcountSchema = z.object({
  periodMonth: z
    .string({ required_error: "Enter the month, like 2026-11" })
    .trim()
    .transform((value, ctx) => {
      const month = readMonth(value);
      if (!month) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter the month as year and month, like 2026-11" });
      return month ?? value;
    }),
  // A blank box is "not answered", never 0 (which would count as a team with no staff).
  headcount: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce
      .number({ required_error: "Enter the number of staff", invalid_type_error: "Headcount must be a whole number, like 42" })
      .int("Headcount must be a whole number, like 42")
      .min(0, "Headcount cannot be negative")
      .max(100_000, "Headcount must be 100,000 or fewer"),
  ),
});

const MoveSchema = z.object({
  serviceId: z.string({ required_error: "Choose the service to move the team to" }).max(40),
});

const MergeSchema = z.object({
  targetId: z.string({ required_error: "Choose the team to merge into" }).max(40),
});

export const meta: MetaFunction = () => [{ title: "Team – Debrief" }];

async function requireTeam(request: Request, teamId: string | undefined) {
  const admin = await requireRole(request, "admin");
  const team = teamId ? await getTeamForAdmin(admin.organisationId, teamId) : null;
  if (!team) throw new Response("There is no team at this address.", { status: 404 });
  return { admin, team };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { admin, team } = await requireTeam(request, params.teamId);
  const currentMonth = monthKey(new Date(), admin.organisation.timeZone);
  const [teams, services, moves, recent] = await Promise.all([
    listTeamsForAdmin(admin.organisationId),
    listActiveServices(admin.organisationId),
    listTeamMoves(admin.organisationId, team.id),
    loadHeadcountGrid(admin.organisationId, monthOf(monthIndex(currentMonth) - 11), currentMonth, { teamId: team.id }),
  ]);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "team", entityId: team.id });
  const timeZone = admin.organisation.timeZone;
  return {
    team,
    mergeTargets: teams.filter((t) => t.id !== team.id && !t.archivedAt).map((t) => ({ value: t.id, label: `${t.name} (${t.service.name})` })),
    moveTargets: services.filter((s) => s.id !== team.service.id).map((s) => ({ value: s.id, label: s.name })),
    moves: moves.map((m) => ({ id: m.id, when: formatDate(m.when, timeZone), from: m.from, to: m.to })),
    // The last twelve months, newest first: what was given and what carries on.
    headcounts: (recent.teams.find((t) => t.id === team.id)?.cells ?? [])
      .map((cell) => ({
        month: monthLabel(cell.month),
        value: cell.given ?? cell.carried?.headcount ?? null,
        carriedFrom: cell.carried ? monthLabel(cell.carried.from) : null,
        closed: cell.closed,
      }))
      .reverse(),
  };
}

/** What the page says after each change. */
const DONE = {
  rename: "The team was renamed.",
  headcount: "The headcount was saved.",
  move: "The team was moved.",
  merge: "The team was merged: its staff and records are now in the other team, and it is archived.",
  archive: "The team was archived. Its records and figures stay.",
  unarchive: "The team was restored.",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, team } = await requireTeam(request, params.teamId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const audit = (action: string, detail?: Record<string, unknown>) =>
    recordAudit({ action, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "team", entityId: team.id, detail, ipAddress: context.clientIp });
  /** Back to the team's page, which says what was done. */
  const back = (done: keyof typeof DONE) => redirect(`/admin/teams/${team.id}?done=${done}`);
  // The page offers moving, merging and archiving only for an active team, and restoring only for an
  // archived one; posted by hand, the others would move an archived team's staff or its archive month.
  const active = !team.archivedAt;
  if (!active && (intent === "move" || intent === "merge" || intent === "archive")) {
    throw new Response("This team is archived: restore it first.", { status: 409 });
  }
  if (active && intent === "unarchive") throw new Response("This team is not archived.", { status: 409 });

  if (intent === "rename") {
    const submission = await parseWithZod(formData, {
      schema: RenameSchema.superRefine(async (value, ctx) => {
        if (await teamNameTaken(admin.organisationId, value.name, team.id)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "There is already a team with this name" });
        }
      }),
      async: true,
    });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await attemptSave(() => renameTeam(team.id, submission.value.name));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    await audit("team.rename");
    return back("rename");
  }
  if (intent === "headcount") {
    const currentMonth = monthKey(new Date(), admin.organisation.timeZone);
    const submission = parseWithZod(formData, {
      schema: HeadcountSchema.superRefine((value, ctx) => {
        const problem = monthProblem(value.periodMonth, currentMonth);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["periodMonth"], message: problem });
      }),
    });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const { periodMonth, headcount } = submission.value;
    const saved = await attemptSave(() => saveHeadcounts(admin.organisationId, [{ teamId: team.id, month: periodMonth, headcount }]));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    await audit("team.headcount", { ...submission.value });
    return back("headcount");
  }
  if (intent === "move") {
    const submission = parseWithZod(formData, { schema: MoveSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await attemptSave(() => moveTeam(admin.organisationId, team.id, submission.value.serviceId));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    if (saved.value) await audit("team.move", saved.value);
    return back("move");
  }
  if (intent === "merge") {
    const submission = parseWithZod(formData, { schema: MergeSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await attemptSave(() => mergeTeam(admin.organisationId, team.id, submission.value.targetId));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    await audit("team.merge", { into: submission.value.targetId });
    return back("merge");
  }
  if (intent === "archive" || intent === "unarchive") {
    await setTeamArchived(team.id, intent === "archive");
    await audit(`team.${intent}`);
    return back(intent);
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function TeamPage() {
  const done = useSearchParams()[0].get("done");
  const { team, mergeTargets, moveTargets, moves, headcounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const [renameForm, renameFields] = useForm({
    id: "rename",
    lastResult: resultFor("rename"),
    constraint: getZodConstraint(RenameSchema),
    defaultValue: { name: team.name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RenameSchema }),
  });
  const [headcountForm, headcountFields] = useForm({
    id: "headcount",
    lastResult: resultFor("headcount"),
    constraint: getZodConstraint(HeadcountSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HeadcountSchema }),
  });
  const [moveForm, moveFields] = useForm({
    id: "move",
    lastResult: resultFor("move"),
    constraint: getZodConstraint(MoveSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MoveSchema }),
  });
  const [mergeForm, mergeFields] = useForm({
    id: "merge",
    lastResult: resultFor("merge"),
    constraint: getZodConstraint(MergeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MergeSchema }),
  });
  const errors = fieldErrorsOf([renameFields.name, moveFields.serviceId, headcountFields.periodMonth, headcountFields.headcount, mergeFields.targetId]);
  const active = !team.archivedAt;

  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/admin/teams">All teams</Link>
      </p>
      <ErrorSummary fieldErrors={errors} formErrors={[...(renameForm.errors ?? []), ...(moveForm.errors ?? []), ...(headcountForm.errors ?? []), ...(mergeForm.errors ?? [])]} />
      {done && done in DONE && !actionData ? (
        <SuccessBanner title="Saved" role="status">
          <p className="govuk-notification-banner__heading">{DONE[done as keyof typeof DONE]}</p>
        </SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">{team.service.name}</span>
      <h1 className="govuk-heading-l">{team.name}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: team.mergedInto ? `Merged into ${team.mergedInto.name}` : active ? "Active" : "Archived" },
          { key: "Staff members recorded", value: team._count.staffMembers },
        ]}
      />

      <h2 className="govuk-heading-m">Name</h2>
      <Form method="post" {...getFormProps(renameForm)} noValidate>
        <input type="hidden" name="intent" value="rename" />
        <TextField
          field={renameFields.name}
          label="Team name"
          autoComplete="off"
        />
        <button type="submit" className="govuk-button govuk-button--secondary">Rename team</button>
      </Form>

      <h2 className="govuk-heading-m">Service</h2>
      <p className="govuk-body">
        In <Link className="govuk-link" to={`/admin/services/${team.service.id}`}>{team.service.name}</Link>. A team that moves takes its records with it: from then on,
        the figures of its new service include the team’s whole history, and those of its old service no longer do.
      </p>
      {moves.length > 0 ? (
        <ul className="govuk-list" aria-label="Moves between services">
          {moves.map((m) => (
            <li key={m.id}>
              {m.when}: moved from {m.from} to {m.to}
            </li>
          ))}
        </ul>
      ) : null}
      {active && moveTargets.length > 0 ? (
        <Form method="post" {...getFormProps(moveForm)} noValidate>
          <input type="hidden" name="intent" value="move" />
          <SelectField field={moveFields.serviceId} label="Move to another service" options={moveTargets} placeholder="Choose a service" />
          <button type="submit" className="govuk-button govuk-button--secondary">Move team</button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">Headcount</h2>
      <p className="govuk-body">
        The number of staff in the team each month, used for rates per 100 staff. A headcount stays the same until a new one is given. To give many months
        or teams at once, use <Link className="govuk-link" to="/admin/headcounts">Headcounts</Link>.
      </p>
      {headcounts.some((h) => h.value !== null) ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">The last 12 months</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Month</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Headcount</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {headcounts.map((h) => (
              <tr className="govuk-table__row" key={h.month}>
                <td className="govuk-table__cell">{h.month}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {h.closed ? "Archived" : (h.value ?? "Not given")}
                  {h.carriedFrom ? <span className="govuk-body-s app-headcount-grid__carried">carried from {h.carriedFrom}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">No headcount has been given for the last 12 months.</p>
      )}
      <Form method="post" {...getFormProps(headcountForm)} noValidate>
        <input type="hidden" name="intent" value="headcount" />
        <TextField
          field={headcountFields.periodMonth}
          label="Month"
          hint="Year and month, like 2026-11. A month already given is replaced; later months carry the new figure until the next one given."
          inputClassName="govuk-input--width-10"
        />
        <TextField
          field={headcountFields.headcount}
          label="Headcount"
          inputMode="numeric"
          inputClassName="govuk-input--width-5"
        />
        <button type="submit" className="govuk-button govuk-button--secondary">Save headcount</button>
      </Form>

      {active ? (
        <>
          <h2 className="govuk-heading-m">Merge into another team</h2>
          <p className="govuk-body">
            Staff members and manager remits move to the other team; this team is archived. Past records stay with
            this team.
          </p>
          <Form method="post" {...getFormProps(mergeForm)} noValidate>
            <input type="hidden" name="intent" value="merge" />
            <SelectField
              field={mergeFields.targetId}
              label="Merge into"
              options={mergeTargets}
              placeholder="Choose a team"
            />
            <button type="submit" className="govuk-button govuk-button--warning">Merge team</button>
          </Form>
        </>
      ) : null}

      <h2 className="govuk-heading-m">{active ? "Archive" : "Restore"}</h2>
      <Form method="post">
        <button type="submit" name="intent" value={active ? "archive" : "unarchive"} className="govuk-button govuk-button--secondary">
          {active ? "Archive team" : "Restore team"}
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
