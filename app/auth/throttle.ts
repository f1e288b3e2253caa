/** Failed attempts allowed per key within the window before further attempts are refused. */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/**
 * An attempt still marked as being checked after this long was cut short (the server stopped
 * mid-check): it counts as a failure. A check takes well under a second, or a few seconds when the
 * database is busy.
 */
export const CHECK_TIMEOUT_MS = 60 * 1000;

/**
 * Pure: whether another attempt under one key is refused now, and for how many seconds, given the
 * newest failures that count (at most MAX_FAILURES of them, within the window): how many, and when
 * the oldest of them was. The wait lasts until that one leaves the window.
 */
export function throttleState(newest: { failures: number; oldestAt: Date | null }, now: Date) {
  if (newest.failures < MAX_FAILURES || !newest.oldestAt) return { limited: false as const, retryAfterSeconds: 0 };
  const freedAt = newest.oldestAt.getTime() + FAILURE_WINDOW_MS;
  return { limited: true as const, retryAfterSeconds: secondsFrom(now, freedAt) };
}

/** What one key says about an attempt: its newest failures, and the attempts under it still being checked. */
export type KeyCounts = {
  failures: { count: number; oldestAt: Date | null };
  checking: { count: number; oldestAt: Date | null };
};

/**
 * Pure: whether an attempt may be checked now ("go"), is refused because a key has reached the
 * limit ("refuse", for as long as throttleState says), or must wait for attempts still being
 * checked ("wait"): any of them may turn out wrong, and together with the failures they would pass
 * the limit. Its seconds are those until the oldest of them would count as a failure.
 */
export function attemptVerdict(keys: KeyCounts[], now: Date): { verdict: "go" } | { verdict: "refuse" | "wait"; retryAfterSeconds: number } {
  const refusals = keys.map((key) => throttleState({ failures: key.failures.count, oldestAt: key.failures.oldestAt }, now)).filter((state) => state.limited);
  if (refusals.length > 0) return { verdict: "refuse", retryAfterSeconds: Math.max(...refusals.map((state) => state.retryAfterSeconds)) };
  const crowded = keys.filter((key) => key.failures.count + key.checking.count >= MAX_FAILURES && key.checking.oldestAt);
  if (crowded.length > 0) {
    return { verdict: "wait", retryAfterSeconds: Math.max(...crowded.map((key) => secondsFrom(now, key.checking.oldestAt!.getTime() + CHECK_TIMEOUT_MS))) };
  }
  return { verdict: "go" };
}

/** Whole seconds from now until the instant, at least one. */
const secondsFrom = (now: Date, until: number) => Math.max(1, Math.ceil((until - now.getTime()) / 1000));

export function describeWait(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "1 minute" : `${minutes} minutes`;
}
