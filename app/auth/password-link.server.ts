import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { SetPasswordSchema } from "~/auth/password-policy";
import { weakPasswordReason } from "~/auth/password-policy.server";
import { homePathFor, isRole } from "~/auth/roles";
import { stageAfterPassword, startSession } from "~/auth/session.server";
import { recordAudit } from "~/models/audit.server";
import { acceptInvitation, findValidInvitation, type LinkPurpose } from "~/models/invitation.server";
import { replyWithNewAttempt } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const EXPIRED =
  "This link has expired or has already been used. Ask your Debrief administrator for a new one (an organisation's first administrator runs npm run create-admin again for a new link).";
/** The page's heading: the address is right, the link is not usable. */
const EXPIRED_TITLE = "This link cannot be used";

/** The unused, unexpired link of this purpose behind the token, or 404 (an unknown token looks the same). */
export async function requirePasswordLink(token: string | undefined, purpose: LinkPurpose) {
  const link = token ? await findValidInvitation(token, purpose) : null;
  if (!link) throw new Response(EXPIRED, { status: 404, statusText: EXPIRED_TITLE });
  return link;
}

/**
 * The form of a one-time link: sets the password, ends every session the person had, and signs them
 * in with a new one, at the two-factor step when they have two-factor (a reset keeps it). The audit
 * line names the person as the actor: only they hold the link.
 */
export async function setPasswordFromLink(request: Request, token: string | undefined, purpose: LinkPurpose, clientIp: string | null) {
  const link = await requirePasswordLink(token, purpose);
  const { user } = link;
  const submission = await parseWithZod(await readForm(request), {
    schema: SetPasswordSchema.superRefine((value, ctx) => {
      const reason = weakPasswordReason(value.password, user.email);
      if (reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message: reason });
    }),
    async: true,
  });
  if (submission.status !== "success") {
    return replyWithNewAttempt(submission.reply({ hideFields: ["password", "confirmPassword"] }));
  }
  const accepted = await acceptInvitation(link.id, user.id, submission.value.password);
  if (!accepted) throw new Response(EXPIRED, { status: 404, statusText: EXPIRED_TITLE });
  await recordAudit({
    action: "user.password_set",
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "user",
    entityId: user.id,
    detail: { via: purpose },
    ipAddress: clientIp,
  });
  const roles = user.roles.map((r) => r.role).filter(isRole);
  return startSession(request, user.id, stageAfterPassword({ ...user, mfaRequired: user.organisation.mfaRequired }), homePathFor(roles));
}
