import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireCaseAccess } from "~/auth/session.server";
import { identifierProblem } from "~/privacy/identifier-screen";

/** The signed-in supporter, for a case they hold, with a fresh key for one submission of a form. */
export async function requireCaseForm(request: Request, staffId: string | undefined) {
  const user = await requireCaseAccess(request, staffId ?? "");
  return { user, staffId: staffId ?? "", idempotencyKey: randomUUID() };
}

/** Adds the identifier screen to a form schema's notes (server side: the word lists are large). */
export function screenNotes<Schema extends z.ZodTypeAny>(schema: Schema) {
  return schema.superRefine((value: { notes?: string }, ctx) => {
    const problem = value.notes ? identifierProblem(value.notes) : null;
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["notes"], message: problem });
  });
}
