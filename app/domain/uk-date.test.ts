import { describe, expect, test } from "vitest";
import { datePartsIn, instantFromParts } from "./uk-date";

const LONDON = "Europe/London";
const now = new Date("2026-11-22T12:00:00Z");

describe("instantFromParts", () => {
  test("reads a UK date and time in London time, summer and winter", () => {
    expect(instantFromParts({ day: "22", month: "11", year: "2026", hour: "9", minute: "05" }, LONDON, now)).toEqual({
      instant: new Date("2026-11-22T09:05:00Z"),
    });
    expect(instantFromParts({ day: "1", month: "7", year: "2026", hour: "00", minute: "30" }, LONDON, now)).toEqual({
      instant: new Date("2026-06-30T23:30:00Z"),
    });
  });

  test("a missing time means midnight", () => {
    expect(instantFromParts({ day: "3", month: "3", year: "2026" }, LONDON, now)).toEqual({ instant: new Date("2026-03-03T00:00:00Z") });
  });

  test.each([
    [{}, "Enter the date", "day"],
    [{ month: "3", year: "2026" }, "The date must include a day", "day"],
    [{ day: "3", year: "2026" }, "The date must include a month", "month"],
    [{ day: "3", month: "3" }, "The date must include a year", "year"],
    [{ day: "31", month: "2", year: "2026" }, "The date must be a real date", "day"],
    [{ day: "x", month: "2", year: "2026" }, "The date must be a real date, in numbers, like 22 11 2026", "day"],
    [{ day: "3", month: "3", year: "26" }, "The year must include 4 numbers", "year"],
    [{ day: "3", month: "3", year: "1999" }, "The date must be in 2000 or later", "year"],
    [{ day: "23", month: "11", year: "2026" }, "The date and time must be in the past", "day"],
    [{ day: "22", month: "11", year: "2026", hour: "13" }, "The date and time must be in the past", "day"],
    [{ day: "3", month: "3", year: "2026", hour: "24" }, "The hour must be from 0 to 23", "hour"],
    [{ day: "3", month: "3", year: "2026", minute: "60" }, "The minutes must be from 0 to 59", "minute"],
  ])("refuses %o: %s", (parts, problem, part) => {
    expect(instantFromParts(parts, LONDON, now)).toEqual({ problem, part });
  });
});

test("datePartsIn gives back the parts instantFromParts read", () => {
  const parts = { day: "1", month: "7", year: "2026", hour: "00", minute: "30" };
  const result = instantFromParts(parts, LONDON, now);
  expect("instant" in result && datePartsIn(result.instant, LONDON)).toEqual(parts);
});
