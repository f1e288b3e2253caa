// Free text in Debrief may describe how a colleague is doing, never a member of the public or a
// service user. This screen refuses text that looks like it identifies someone. It errs towards
// refusing: the supporter can always rephrase, and nothing is saved until the text passes.
import { findPhoneNumbersInText } from "libphonenumber-js/max";
import { validate as isNhsNumber } from "nhs-number-validator";
import { match as matchPostcodes } from "postcode";

export type IdentifierKind = "nhs_number" | "phone_number" | "postcode" | "email" | "date_of_birth";

export type IdentifierFinding = { kind: IdentifierKind; found: string };

export const IDENTIFIER_MESSAGES: Record<IdentifierKind, string> = {
  nhs_number: "Remove the NHS number: Debrief must not hold details that identify a patient or member of the public",
  phone_number: "Remove the phone number: Debrief must not hold details that identify a member of the public",
  postcode: "Remove the postcode: an address can identify a member of the public",
  email: "Remove the email address: Debrief must not hold contact details",
  date_of_birth: "Remove the date of birth: it can identify a member of the public",
};

/** Digits after the 0 (or +44) of a UK number: 10 for most, 9 for a few older area codes. */
const UK_NATIONAL_LENGTHS = [9, 10];
// 10 digits, alone or grouped 3-3-4 with spaces or dashes, not part of a longer number.
const NHS_CANDIDATE = /(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])/g;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const NUMERIC_DATE = String.raw`\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})`;
const WRITTEN_DATE = String.raw`\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS})\s+\d{4}`;
const ANY_DATE = `(?:${NUMERIC_DATE}|${WRITTEN_DATE})`;
// "DOB 1/2/85", "date of birth: 3 March 1990", "born 12.03.1985"
const LABELLED_BIRTH_DATE = new RegExp(String.raw`\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*:?\s*${ANY_DATE}`, "gi");
// A full date whose year is long past is almost always someone's birth date, not an incident.
const DATE_WITH_YEAR = new RegExp(String.raw`\b(?:\d{1,2}[/.-]\d{1,2}[/.-](\d{4})|\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS})\s+(\d{4}))\b`, "gi");

/**
 * Phone numbers as people write them in the UK: starting 0, +44 or 0044 (not bare references).
 * Any number of a UK phone's length counts, not only ranges in use: the reserved drama ranges
 * (07700 900xxx, 01632 960xxx) are what trainers type to show the safeguard, and a number
 * allocated next year must be refused today. Slashes are left to references and dates.
 */
function phoneNumbers(text: string): string[] {
  // `extended`: every possible number, not only valid ones (the library's "POSSIBLE" leniency).
  return findPhoneNumbersInText(text, { defaultCountry: "GB", extended: true })
    .filter(({ number }) => number.isValid() || (number.countryCallingCode === "44" && UK_NATIONAL_LENGTHS.includes(number.nationalNumber.length)))
    .map((match) => text.slice(match.startsAt, match.endsAt))
    .filter((raw) => /^\(?(?:0|\+|00)/.test(raw.trim()) && !raw.includes("/"));
}

/** Everything in the text that looks like it identifies a person, in order of kind. */
export function findIdentifiers(text: string, today = new Date()): IdentifierFinding[] {
  const findings: IdentifierFinding[] = [];
  for (const match of text.matchAll(NHS_CANDIDATE)) {
    const digits = `${match[1]}${match[2]}${match[3]}`;
    if (isNhsNumber(digits)) findings.push({ kind: "nhs_number", found: match[0] });
  }
  for (const raw of phoneNumbers(text)) findings.push({ kind: "phone_number", found: raw });
  for (const postcode of matchPostcodes(text)) findings.push({ kind: "postcode", found: postcode });
  for (const match of text.matchAll(EMAIL)) findings.push({ kind: "email", found: match[0] });

  const birthDates = new Set<string>();
  for (const match of text.matchAll(LABELLED_BIRTH_DATE)) birthDates.add(match[0]);
  const oldest = today.getFullYear() - 14;
  for (const match of text.matchAll(DATE_WITH_YEAR)) {
    const year = Number(match[1] ?? match[2]);
    if (year >= 1900 && year <= oldest) birthDates.add(match[0]);
  }
  for (const found of birthDates) findings.push({ kind: "date_of_birth", found });
  return findings;
}

/** The first reason to refuse this text, or null when it may be saved. */
export function identifierProblem(text: string, today = new Date()): string | null {
  const [first] = findIdentifiers(text, today);
  return first ? IDENTIFIER_MESSAGES[first.kind] : null;
}
