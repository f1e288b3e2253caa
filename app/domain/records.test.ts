import { describe, expect, test } from "vitest";
import { exposureSchema, supportContactSchema } from "./records";

const context = { timeZone: "Europe/London", now: new Date("2026-11-22T12:00:00Z") };
const key = "7d4f1f0c-8a7e-4a59-9f5b-3c2c1b9e6a10";

const exposure = {
  idempotencyKey: key,
  occurred: { day: "21", month: "11", year: "2026", hour: "23", minute: "40" },
  incidentType: "attempted_suicide",
  involvement: "attended",
  partnerAgencies: ["mental_health", "ambulance"],
  informationReached: "2",
  barriers: ["systems_disconnected"],
  initialDistress: "7",
};

const messages = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));

describe("exposureSchema", () => {
  test("accepts a complete exposure and turns it into stored values", () => {
    const result = exposureSchema(context).safeParse(exposure);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      occurredAt: new Date("2026-11-21T23:40:00Z"),
      informationReached: 2,
      initialDistress: 7,
      partnerAgencies: ["mental_health", "ambulance"],
    });
  });

  test("'not applicable' is stored as no rating", () => {
    const result = exposureSchema(context).safeParse({ ...exposure, informationReached: "na", barriers: [], partnerAgencies: [] });
    expect(result.data?.informationReached).toBeNull();
  });

  test("says what is missing, field by field", () => {
    const result = exposureSchema(context).safeParse({ idempotencyKey: key });
    expect(messages(result)).toEqual({
      "occurred.day": "Enter the date",
      incidentType: "Choose the type of incident",
      involvement: "Choose how they were involved",
      informationReached: "Choose how much of the information they needed reached them, or not applicable",
      initialDistress: "Choose how distressed they felt, from 0 (not at all) to 10 (extremely)",
    });
  });

  test("a wrong date is reported together with the other problems", () => {
    const result = exposureSchema(context).safeParse({ ...exposure, incidentType: undefined, occurred: { day: "31", month: "2", year: "2026" } });
    expect(messages(result)).toMatchObject({ incidentType: "Choose the type of incident", "occurred.day": "The date must be a real date" });
  });

  test.each([
    [{ initialDistress: "11" }, "initialDistress"],
    [{ initialDistress: "-1" }, "initialDistress"],
    [{ initialDistress: "6.5" }, "initialDistress"],
    [{ incidentType: "alien_abduction" }, "incidentType"],
    [{ partnerAgencies: ["police", "mi5"] }, "partnerAgencies.1"],
    [{ occurred: { day: "23", month: "11", year: "2026" } }, "occurred.day"],
    [{ occurred: { day: "1", month: "1", year: "1999" } }, "occurred.year"],
    [{ informationReached: "na" }, "barriers"],
    [{ notes: "x".repeat(501) }, "notes"],
    [{ idempotencyKey: "not-a-key" }, "idempotencyKey"],
  ])("refuses %o at %s", (change, path) => {
    const result = exposureSchema(context).safeParse({ ...exposure, ...change });
    expect(result.success).toBe(false);
    expect(Object.keys(messages(result))).toContain(path);
  });
});

const contact = {
  idempotencyKey: key,
  contactType: "defusing",
  contacted: { day: "22", month: "11", year: "2026", hour: "8", minute: "15" },
  exposureIds: ["12"],
  format: "individual",
  durationMinutes: "20",
  distress: "6",
  riskIndicators: ["sleep", "intrusive_memories"],
  outcome: "signposted",
  signposts: ["occupational_health"],
};

describe("supportContactSchema", () => {
  test("accepts a complete contact", () => {
    const result = supportContactSchema(context).safeParse(contact);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ contactedAt: new Date("2026-11-22T08:15:00Z"), exposureIds: [12], durationMinutes: 20, distress: 6 });
  });

  test("an empty duration is simply not given", () => {
    expect(supportContactSchema(context).safeParse({ ...contact, durationMinutes: "" }).data?.durationMinutes).toBeUndefined();
  });

  test("signposting needs a destination; other outcomes drop any", () => {
    expect(messages(supportContactSchema(context).safeParse({ ...contact, signposts: [] }))).toEqual({
      signposts: "Choose where they were signposted",
    });
    expect(supportContactSchema(context).safeParse({ ...contact, outcome: "no_further_action" }).data?.signposts).toEqual([]);
  });

  test.each([
    [{ contactType: "seance" }, "contactType"],
    [{ durationMinutes: "half an hour" }, "durationMinutes"],
    [{ durationMinutes: "601" }, "durationMinutes"],
    [{ distress: "" }, "distress"],
    [{ riskIndicators: ["sleep", "bad vibes"] }, "riskIndicators.1"],
    [{ outcome: undefined }, "outcome"],
    [{ exposureIds: ["abc"] }, "exposureIds.0"],
    [{ contacted: { day: "30", month: "2", year: "2026" } }, "contacted.day"],
  ])("refuses %o at %s", (change, path) => {
    const result = supportContactSchema(context).safeParse({ ...contact, ...change });
    expect(result.success).toBe(false);
    expect(Object.keys(messages(result))).toContain(path);
  });
});
