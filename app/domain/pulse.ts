// The team pulse: WHO-5 (World Health Organization Five Well-Being Index, 1998 version) and one
// question on information from partner agencies, answered anonymously.
import { z } from "zod";

export const WHO5_ITEMS = [
  "I have felt cheerful and in good spirits",
  "I have felt calm and relaxed",
  "I have felt active and vigorous",
  "I woke up feeling fresh and rested",
  "My daily life has been filled with things that interest me",
] as const;

/** WHO-5's answer scale, highest first as on the paper form. */
export const WHO5_SCALE = [
  { value: "5", label: "All of the time" },
  { value: "4", label: "Most of the time" },
  { value: "3", label: "More than half of the time" },
  { value: "2", label: "Less than half of the time" },
  { value: "1", label: "Some of the time" },
  { value: "0", label: "At no time" },
] as const;

export const INFORMATION_QUESTION = "In the past month, did information from partner agencies help you do your job?";

/** Stored as 1–5; "does not apply" is stored as no answer. */
export const INFORMATION_SCALE = [
  { value: "5", label: "Yes, fully" },
  { value: "4", label: "Mostly" },
  { value: "3", label: "Partly" },
  { value: "2", label: "A little" },
  { value: "1", label: "Not at all" },
  { value: "na", label: "Does not apply: no partner agency was involved" },
] as const;

/** WHO-5 raw score (0–25) × 4: a percentage; below 50 suggests poor well-being. */
export const who5Percent = (items: readonly number[]) => items.reduce((sum, item) => sum + item, 0) * 4;

const who5Item = (n: number) =>
  z.enum(["0", "1", "2", "3", "4", "5"], { errorMap: () => ({ message: `Choose an answer for “${WHO5_ITEMS[n - 1]}”` }) });

export const pulseAnswerSchema = z
  .object({
    who5Item1: who5Item(1),
    who5Item2: who5Item(2),
    who5Item3: who5Item(3),
    who5Item4: who5Item(4),
    who5Item5: who5Item(5),
    informationSharing: z.enum(["1", "2", "3", "4", "5", "na"], {
      errorMap: () => ({ message: "Choose an answer about information from partner agencies, or “Does not apply”" }),
    }),
  })
  .transform((answer) => {
    const items = [answer.who5Item1, answer.who5Item2, answer.who5Item3, answer.who5Item4, answer.who5Item5].map(Number);
    return {
      who5Item1: items[0]!,
      who5Item2: items[1]!,
      who5Item3: items[2]!,
      who5Item4: items[3]!,
      who5Item5: items[4]!,
      who5Percent: who5Percent(items),
      informationSharing: answer.informationSharing === "na" ? null : Number(answer.informationSharing),
    };
  });

export type PulseAnswer = z.output<typeof pulseAnswerSchema>;

/** Letters and digits that cannot be mistaken for each other when read out or typed. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 8;

/** A typed code, tidied: case, spaces and dashes do not matter. */
export function normaliseCode(typed: string) {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

export const codeSchema = z.object({
  code: z
    .string({ required_error: "Enter the check-in code" })
    .transform(normaliseCode)
    .pipe(
      z
        .string()
        .min(1, "Enter the check-in code")
        .refine((code) => code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c)), `The code is ${CODE_LENGTH} letters and numbers, for example HKP7 Q2MX`),
    ),
});

/** "HKP7Q2MX" → "HKP7 Q2MX", easier to read out. */
export const displayCode = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

/** How long a pulse stays open, in days. */
export const pulseLengthSchema = z.object({
  team: z.string({ required_error: "Choose the team to ask" }).min(1, "Choose the team to ask"),
  days: z.coerce
    .number({ invalid_type_error: "Enter the number of days as a number, for example 14" })
    .int("Enter a whole number of days")
    .min(1, "A check-in stays open for at least 1 day")
    .max(60, "A check-in stays open for 60 days or fewer")
    .default(14),
});

export function isOpen(pulse: { closesAt: Date; closedAt: Date | null }, now = new Date()) {
  return pulse.closedAt === null && pulse.closesAt.getTime() > now.getTime();
}
