import { expect, test } from "vitest";
import { dayBounds, monthKey, weekKey } from "./time";

const LONDON = "Europe/London";

test("months follow UK local time, not UTC, across summer time", () => {
  // 00:30 on 1 April 2026 in London (BST) is still 31 March in UTC.
  const instant = new Date("2026-03-31T23:30:00Z");
  expect(monthKey(instant, LONDON)).toBe("2026-04");
  expect(monthKey(instant, "UTC")).toBe("2026-03");
});

test("weeks start on Monday", () => {
  expect(weekKey(new Date("2026-11-22T12:00:00Z"), LONDON)).toBe("2026-11-16"); // a Sunday
  expect(weekKey(new Date("2026-11-23T00:30:00Z"), LONDON)).toBe("2026-11-23"); // Monday
});

test("a day in London runs from local midnight to local midnight", () => {
  const { start, end } = dayBounds(new Date("2026-07-01T10:00:00Z"), LONDON);
  expect(start.toISOString()).toBe("2026-06-30T23:00:00.000Z");
  expect(end.toISOString()).toBe("2026-07-01T23:00:00.000Z");
});
