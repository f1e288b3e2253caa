import { expect, test } from "vitest";
import { CHECK_TIMEOUT_MS, MAX_FAILURES, attemptVerdict, describeWait, throttleState } from "./throttle";

const now = new Date("2026-11-22T10:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);
const none = { count: 0, oldestAt: null };

test("allows attempts below the limit", () => {
  expect(throttleState({ failures: MAX_FAILURES - 1, oldestAt: minutesAgo(1) }, now).limited).toBe(false);
  expect(throttleState({ failures: 0, oldestAt: null }, now).limited).toBe(false);
});

test("refuses at the limit until the oldest counted failure leaves the 15-minute window", () => {
  const state = throttleState({ failures: MAX_FAILURES, oldestAt: minutesAgo(10) }, now);
  expect(state.limited).toBe(true);
  expect(state.retryAfterSeconds).toBe(5 * 60);
});

test("a failure leaving the window this very moment still asks for a second's wait", () => {
  expect(throttleState({ failures: MAX_FAILURES, oldestAt: minutesAgo(15) }, now).retryAfterSeconds).toBe(1);
});

test("an attempt goes ahead while failures and attempts being checked stay below the limit", () => {
  const key = { failures: { count: 4, oldestAt: minutesAgo(3) }, checking: { count: MAX_FAILURES - 5, oldestAt: secondsAgo(1) } };
  expect(attemptVerdict([key, { failures: none, checking: none }], now)).toEqual({ verdict: "go" });
});

test("an attempt waits while attempts being checked could, if wrong, take a key to the limit", () => {
  const key = { failures: { count: 4, oldestAt: minutesAgo(3) }, checking: { count: MAX_FAILURES - 4, oldestAt: secondsAgo(2) } };
  expect(attemptVerdict([{ failures: none, checking: none }, key], now)).toEqual({ verdict: "wait", retryAfterSeconds: CHECK_TIMEOUT_MS / 1000 - 2 });
});

test("a key at the limit refuses, for the longest wait any key imposes, whatever is still being checked", () => {
  const account = { failures: { count: MAX_FAILURES, oldestAt: minutesAgo(10) }, checking: { count: 3, oldestAt: secondsAgo(1) } };
  const address = { failures: { count: MAX_FAILURES, oldestAt: minutesAgo(5) }, checking: none };
  expect(attemptVerdict([account, address], now)).toEqual({ verdict: "refuse", retryAfterSeconds: 10 * 60 });
});

test("says how long to wait in whole minutes", () => {
  expect(describeWait(30)).toBe("1 minute");
  expect(describeWait(301)).toBe("6 minutes");
});
