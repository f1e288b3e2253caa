import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf } from "~/components/forms";
import { SummaryList } from "~/components/summary-list";
import {
  getTeamForAdmin,
  listTeamsForAdmin,
  mergeTeam,
  renameTeam,
  setHeadcount,
  setTeamArchived,
  teamNameTaken,
} from "~/models/admin-teams.server";
import { recordAudit } from "~/models/audit.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const RenameSchema = z.object({
  name: z
    .string({ required_error: "Enter the team's name" })
    .trim()
    .min(2, "Team name must be at least 2 characters")
    .max(80, "Team name must be 80 characters or fewer"),
});

const HeadcountSchema = z.object({
  periodMonth: z
    .string({ required_error: "Enter the month, like 2026-11" })
    .trim()
    .regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, "Enter the month as year and month, like 2026-11"),
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
  const others = (await listTeamsForAdmin(admin.organisationId)).filter((t) => t.id !== team.id && !t.archivedAt);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "team", entityId: team.id });
  return { team, mergeTargets: others.map((t) => ({ value: t.id, label: `${t.name} (${t.service.name})` })) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, team } = await requireTeam(request, params.teamId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const audit = (action: string, detail?: Record<string, unknown>) =>
    recordAudit({ action, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "team", entityId: team.id, detail, ipAddress: context.clientIp });
  const back = redirect(`/admin/teams/${team.id}`);

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
    return back;
  }
  if (intent === "headcount") {
    const submission = parseWithZod(formData, { schema: HeadcountSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await attemptSave(() => setHeadcount(team.id, submission.value.periodMonth, submission.value.headcount));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    await audit("team.headcount", { ...submission.value });
    return back;
  }
  if (intent === "merge") {
    const submission = parseWithZod(formData, { schema: MergeSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const saved = await attemptSave(() => mergeTeam(admin.organisationId, team.id, submission.value.targetId));
    if (!saved.ok) return data({ intent, result: submission.reply({ formErrors: [saved.message] }) }, NOT_SAVED_STATUS);
    await audit("team.merge", { into: submission.value.targetId });
    return back;
  }
  if (intent === "archive" || intent === "unarchive") {
    await setTeamArchived(team.id, intent === "archive");
    await audit(`team.${intent}`);
    return back;
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function TeamPage() {
  const { team, mergeTargets } = useLoaderData<typeof loader>();
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
  const [mergeForm, mergeFields] = useForm({
    id: "merge",
    lastResult: resultFor("merge"),
    constraint: getZodConstraint(MergeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MergeSchema }),
  });
  const errors = fieldErrorsOf([renameFields.name, headcountFields.periodMonth, headcountFields.headcount, mergeFields.targetId]);
  const active = !team.archivedAt;

  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/admin/teams">All teams</Link>
      </p>
      <ErrorSummary fieldErrors={errors} formErrors={[...(renameForm.errors ?? []), ...(headcountForm.errors ?? []), ...(mergeForm.errors ?? [])]} />
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

      <h2 className="govuk-heading-m">Headcount</h2>
      <p className="govuk-body">The number of staff in the team each month, used for rates per 100 staff.</p>
      {team.headcounts.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Recent months</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Month</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Headcount</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {team.headcounts.map((h) => (
              <tr className="govuk-table__row" key={h.periodMonth}>
                <td className="govuk-table__cell">{h.periodMonth}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{h.headcount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Form method="post" {...getFormProps(headcountForm)} noValidate>
        <input type="hidden" name="intent" value="headcount" />
        <TextField
          field={headcountFields.periodMonth}
          label="Month"
          hint="Year and month, like 2026-11. A month already given is replaced."
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
