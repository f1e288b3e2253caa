import { describe, expect, test } from "vitest";
import { initiativeSchema } from "./initiative-form";

const schema = initiativeSchema({ timeZone: "Europe/London", teamIds: ["team-a", "team-b"], now: new Date("2026-11-22T12:00:00Z") });
const valid = {
  name: "Street triage",
  description: "Nurses ride with officers.",
  partnerAgencies: ["police", "mental_health"],
  teams: ["team-a"],
  outcomeMeasures: ["distress_first_contact"],
  start: { day: "1", month: "3", year: "2026" },
  end: {},
};
const messages = (input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("initiative form", () => {
  test("a complete form gives the start instant in the organisation's time zone and no end", () => {
    const result = schema.parse(valid);
    expect(result.startDate.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(result.endDate).toBeNull();
    expect(result.teams).toEqual(["team-a"]);
  });

  test("each missing answer has its own message", () => {
    expect(messages({ start: {} })).toEqual({
      name: "Enter the initiative's name",
      partnerAgencies: "Choose at least one partner agency",
      teams: "Choose at least one team the initiative covers",
      outcomeMeasures: "Choose at least one outcome measure to watch",
      "start.day": "Enter the start date",
    });
  });

  test("a team not offered, an unknown measure and an end before the start are refused", () => {
    expect(messages({ ...valid, teams: ["team-z"] }).teams).toBe("Choose teams from the list");
    expect(messages({ ...valid, outcomeMeasures: ["happiness"] }).outcomeMeasures).toBe("Choose measures from the list");
    expect(messages({ ...valid, end: { day: "1", month: "2", year: "2026" } })["end.day"]).toBe("The end date must be after the start date");
  });

  test("a planned start is allowed up to two years ahead", () => {
    expect(schema.safeParse({ ...valid, start: { day: "1", month: "1", year: "2027" } }).success).toBe(true);
    expect(messages({ ...valid, start: { day: "1", month: "1", year: "2030" } })["start.day"]).toBe("The start date must be within the next two years");
  });
});
