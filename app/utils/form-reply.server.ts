import { randomUUID } from "node:crypto";
import { data } from "@remix-run/node";
import { describeWait } from "~/auth/throttle";

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
