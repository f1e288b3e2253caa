import { randomUUID } from "node:crypto";
import { data } from "@remix-run/node";
import { describeWait } from "~/auth/throttle";
import { backOff } from "exponential-backoff";
import { notSavedMessage, writeFailureOf, type NotSavedWording } from "~/db/write-failure";

/**
 * A form's reply with a new attempt id: the page keys its secret fields (passwords, codes) on it,
 * so they empty after a failed attempt also when JavaScript runs.
 */
export function replyWithNewAttempt<Reply extends object>(reply: Reply, init: ResponseInit = { status: 400 }) {
  return data({ ...reply, attempt: randomUUID() }, init);
}

/** 429 with Retry-After, the wait in plain words at the top of the form. */
export function tooManyAttempts<Reply extends object>(reply: (formErrors: string[]) => Reply, what: string, waitSeconds: number) {
  return replyWithNewAttempt(reply([`${what} Wait ${describeWait(waitSeconds)}, then try again.`]), {
    status: 429,
    headers: { "Retry-After": String(waitSeconds) },
  });
}

/**
 * Runs a save. When the database could not take it (busy, disk full, unwritable) nothing was saved,
 * so the form answers 503 with this message and keeps what was typed; any other error is a fault and
 * goes on to the error page.
 */
export async function attemptSave<T>(
  save: () => Promise<T>,
  { idempotent = false, ...wording }: { idempotent?: boolean } & NotSavedWording = {},
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  try {
    // A save keyed by its form's idempotency key can safely run again when the database was busy:
    // if the first attempt did land, the second finds it instead of saving it twice.
    const value = idempotent ? await backOff(save, { numOfAttempts: 2, startingDelay: 250, retry: (error) => writeFailureOf(error) === "busy" }) : await save();
    return { ok: true, value };
  } catch (error) {
    const failure = writeFailureOf(error);
    if (!failure) throw error;
    console.error(`A save was refused (${failure}):`, (error as Error).message);
    return { ok: false, message: notSavedMessage(failure, wording) };
  }
}

export const NOT_SAVED_STATUS = { status: 503 } satisfies ResponseInit;
