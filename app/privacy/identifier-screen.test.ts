import { describe, expect, test } from "vitest";
import { findIdentifiers, identifierProblem } from "./identifier-screen";

const today = new Date("2026-11-22T12:00:00Z");
const kinds = (text: string) => findIdentifiers(text, today).map((f) => f.kind);

describe("NHS numbers", () => {
  test.each(["9434765919", "943 476 5919", "943-476-5919", "NHS no. 4010232137 given"])("refuses a true NHS number: %s", (text) => {
    expect(kinds(text)).toContain("nhs_number");
  });

  test.each(["9434765918", "943 476 5910", "1234567890"])("lets through 10 digits failing the modulus-11 check: %s", (text) => {
    expect(kinds(text)).not.toContain("nhs_number");
  });

  test("does not find one inside a longer number", () => {
    expect(kinds("incident ref 994347659199")).not.toContain("nhs_number");
  });
});

describe("phone numbers", () => {
  test.each(["ring 07911 123456", "07911123456", "+44 7911 123456", "0044 7911 123456", "0161 496 0000", "(0161) 496 0000", "020 7946 0958", "07700 900123", "+44 7700 900123", "0044 7700 900 123", "01632 960983", "0113 496 0000", "0808 157 0000"])(
    "refuses %s",
    (text) => expect(kinds(text)).toContain("phone_number"),
  );

  test.each(["call 999", "rang 111 for advice", "team 12", "shift 0800 to 1600", "ref 1234567890", "2 of 3 crews", "shift 0800-1600", "ref 0123456", "incident 01234/2026", "log 2026/0001234"])(
    "lets through %s",
    (text) => expect(kinds(text)).not.toContain("phone_number"),
  );
});

describe("postcodes, emails and birth dates", () => {
  test.each(["lives at SW1A 1AA", "near M1 1AE", "b33 8th"])("refuses the postcode in %s", (text) => {
    expect(kinds(text)).toContain("postcode");
  });

  test.each(["on the M1 near junction 12", "A1 southbound", "team B3"])("lets through %s", (text) => {
    expect(kinds(text)).not.toContain("postcode");
  });

  test("refuses an email address", () => {
    expect(kinds("family contact jo.bloggs@example.com")).toEqual(["email"]);
  });

  test.each(["DOB 01/02/85", "date of birth: 3 March 1990", "born 12.03.1985", "aged person, 14/07/1952"])("refuses the birth date in %s", (text) => {
    expect(kinds(text)).toContain("date_of_birth");
  });

  test.each(["debrief held 21/11/2026", "incident on 3 March 2026", "review due 19.12.26"])("lets through recent dates: %s", (text) => {
    expect(kinds(text)).not.toContain("date_of_birth");
  });
});

test("ordinary supporter notes pass", () => {
  for (const note of [
    "Sleeping badly since the job. Agreed to talk again after rest days.",
    "Third RTC this month; felt the information from the other agency came too late.",
    "Call 999 handler, 12 calls from the same person overnight. Wants to speak to occ health.",
  ]) {
    expect(identifierProblem(note, today)).toBeNull();
  }
});

test("explains why text is refused", () => {
  expect(identifierProblem("patient 943 476 5919", today)).toMatch(/Remove the NHS number/);
  expect(identifierProblem("ring her on 07911 123456", today)).toMatch(/Remove the phone number/);
});
