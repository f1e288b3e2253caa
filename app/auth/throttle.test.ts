import { expect, test } from "vitest";
import { FAILURE_WINDOW_MS, MAX_FAILURES, describeWait, throttleState } from "./throttle";

const now = new Date("2026-11-22T10:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

test("allows attempts below the limit", () => {
  expect(throttleState(Array.from({ length: MAX_FAILURES - 1 }, () => minutesAgo(1)), now).limited).toBe(false);
});

test("refuses at the limit until the oldest counted failure leaves the 15-minute window", () => {
  const failures = Array.from({ length: MAX_FAILURES }, (_, i) => minutesAgo(10 - i * 0.5));
  const state = throttleState(failures, now);
  expect(state.limited).toBe(true);
  expect(state.retryAfterSeconds).toBe(5 * 60);
});

test("failures older than the window do not count", () => {
  const old = Array.from({ length: 50 }, () => new Date(now.getTime() - FAILURE_WINDOW_MS - 1000));
  expect(throttleState(old, now).limited).toBe(false);
});

test("says how long to wait in whole minutes", () => {
  expect(describeWait(30)).toBe("1 minute");
  expect(describeWait(301)).toBe("6 minutes");
});
