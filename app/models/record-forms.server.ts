import { randomUUID } from "node:crypto";
import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from "@conform-to/zod";
import { z } from "zod";
import { requireCaseAccess } from "~/auth/session.server";
import { identifierProblem } from "~/privacy/identifier-screen";

/** The signed-in supporter, for a case they hold, with a fresh key for one submission of a form. */
export async function requireCaseForm(request: Request, staffId: string | undefined) {
  const user = await requireCaseAccess(request, staffId ?? "");
  return { user, staffId: staffId ?? "", idempotencyKey: randomUUID() };
}

/** Prepared schemas by the function that builds them, then by time zone. */
const preparedSchemas = new WeakMap<(context: { timeZone: string }) => z.ZodTypeAny, Map<string, z.ZodTypeAny>>();

/**
 * Parses a record form with its schema for the organisation's time zone, the identifier screen
 * added and Conform's coercion of form values applied. The schema is built once per form and time
 * zone: parseWithZod would otherwise rebuild the coercion of the whole schema on every submission,
 * which costs more than the parse. Only for schemas judged against the current time, not a fixed `now`.
 */
export function parseRecordForm<Schema extends z.ZodTypeAny>(formData: FormData, build: (context: { timeZone: string }) => Schema, timeZone: string) {
  let byTimeZone = preparedSchemas.get(build);
  if (!byTimeZone) {
    byTimeZone = new Map();
    preparedSchemas.set(build, byTimeZone);
  }
  let prepared = byTimeZone.get(timeZone);
  if (!prepared) {
    prepared = coerceFormValue(screenNotes(build({ timeZone })));
    byTimeZone.set(timeZone, prepared);
  }
  const submission = parseWithZod(formData, { schema: prepared as ReturnType<typeof screenNotes<Schema>>, disableAutoCoercion: true });
  // The screen above runs only once every other field is valid: with another error on the form,
  // the notes are screened here, so one submission names every problem.
  if (submission.status === "error" && submission.error && !submission.error.notes) {
    const notes = formData.get("notes");
    const problem = typeof notes === "string" && notes ? identifierProblem(notes) : null;
    if (problem) submission.error.notes = [problem];
  }
  return submission;
}

/** Adds the identifier screen to a form schema's notes (server side: the word lists are large). */
export function screenNotes<Schema extends z.ZodTypeAny>(schema: Schema) {
  return schema.superRefine((value: { notes?: string }, ctx) => {
    const problem = value.notes ? identifierProblem(value.notes) : null;
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["notes"], message: problem });
  });
}
