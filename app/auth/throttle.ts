/** Failed attempts allowed per key within the window before further attempts are refused. */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Pure: given the times of recent failures for one key, whether another attempt is refused now,
 * and for how many seconds (until the oldest failure that counts leaves the window).
 */
export function throttleState(failureTimes: Date[], now: Date) {
  const windowStart = now.getTime() - FAILURE_WINDOW_MS;
  const recent = failureTimes.map((t) => t.getTime()).filter((t) => t > windowStart).sort((a, b) => a - b);
  if (recent.length < MAX_FAILURES) return { limited: false as const, retryAfterSeconds: 0 };
  const freedAt = (recent[recent.length - MAX_FAILURES] ?? now.getTime()) + FAILURE_WINDOW_MS;
  return { limited: true as const, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000)) };
}

export function describeWait(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "1 minute" : `${minutes} minutes`;
}
