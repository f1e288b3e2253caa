// The register's save, shared by "add" and "edit": the same checks on the server as in the
// browser, the name unique in the organisation, one transaction, one audit entry.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { CurrentUser } from "~/auth/session.server";
import { initiativeSchema } from "~/domain/initiative-form";
import { recordAudit } from "~/models/audit.server";
import { editableTeams, initiativeNameTaken, saveInitiative } from "~/models/initiative.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export async function submitInitiative(request: Request, user: CurrentUser, existing?: { id: string; teamIds: string[] }) {
  const teams = await editableTeams(user);
  const teamIds = teams.map((t) => t.value);
  const schema = initiativeSchema({ timeZone: user.organisation.timeZone, teamIds }).superRefine(async (value, ctx) => {
    if (await initiativeNameTaken(user.organisationId, value.name, existing?.id)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "There is already an initiative with this name" });
    }
  });
  const submission = await parseWithZod(await readForm(request), { schema, async: true });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // A manager edits only the teams in their remit; the initiative keeps the others.
  const keptTeamIds = (existing?.teamIds ?? []).filter((id) => !teamIds.includes(id));
  const saved = await attemptSave(() => saveInitiative(user.organisationId, submission.value, existing && { id: existing.id, keptTeamIds }));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  const id = saved.value;
  await recordAudit({
    action: existing ? "initiative.update" : "initiative.create",
    request,
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "initiative",
    entityId: id,
  });
  return redirect(`/initiatives?saved=${encodeURIComponent(id)}`);
}
