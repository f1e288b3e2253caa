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

/**
 * Letters and digits that cannot be mistaken for each other when read from a slip, read out or
 * typed: no I, L, O, 0 or 1.
 */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/** 31¹⁰ ≈ 8 × 10¹⁴ codes (49 bits): guessing one of a check-in's few hundred is hopeless at the rate /pulse allows. */
export const CODE_LENGTH = 10;
const CODE_GROUP = 5;
export const CODE_EXAMPLE = "KP7QH-2MXRT";

/** A typed code, tidied: case, spaces and dashes do not matter. */
export function normaliseCode(typed: string) {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

/** Whether a tidied code has the shape of one (a code of another shape was never issued). */
export const isCodeShaped = (code: string) => code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));

export const codeSchema = z.object({
  code: z
    .string({ required_error: "Enter the code from your slip" })
    .transform(normaliseCode)
    .pipe(
      // Conform reads the tidied "" as no answer at all, so the message is given for that too.
      z
        .string({ required_error: "Enter the code from your slip" })
        .min(1, "Enter the code from your slip")
        .refine(isCodeShaped, `A code is ${CODE_LENGTH} letters and numbers, for example ${CODE_EXAMPLE}: check it against your slip`),
    ),
});

/** An answer and the code it uses. */
export const codedAnswerSchema = z.intersection(codeSchema, pulseAnswerSchema);

/** "KP7QH2MXRT" → "KP7QH-2MXRT", easier to read from a slip. */
export const displayCode = (code: string) => `${code.slice(0, CODE_GROUP)}-${code.slice(CODE_GROUP)}`;

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

/** The most slips one check-in makes: a team larger than this is asked in parts. */
export const MAX_SLIPS = 1000;

/**
 * Why a team with this headcount cannot be asked, or null. There is one code per person, and
 * results need k of them used: a team smaller than k could never see results.
 */
export function headcountProblem(team: string, headcount: number | null, k: number) {
  if (headcount === null) return `${team} has no headcount. Enter it on the team's page first: the check-in makes one code for each person`;
  if (headcount < k) return `${team} has ${headcount} ${headcount === 1 ? "person" : "people"}. Results need at least ${k} answers, so a check-in could never show any`;
  if (headcount > MAX_SLIPS) return `${team} has ${headcount} people; a check-in makes at most ${MAX_SLIPS} slips. Ask it as smaller teams`;
  return null;
}

type PulseTimes = { closesAt: Date; withdrawnAt: Date | null };

export type PulseState = "open" | "ended" | "withdrawn";

export function pulseState(pulse: PulseTimes, now = new Date()): PulseState {
  if (pulse.withdrawnAt !== null) return "withdrawn";
  return pulse.closesAt.getTime() > now.getTime() ? "open" : "ended";
}

export const isOpen = (pulse: PulseTimes, now = new Date()) => pulseState(pulse, now) === "open";

/**
 * Whether a check-in's results may be shown: it ran to its announced end (an admin cannot end it
 * early to see them sooner: withdrawing it hides them for good) and at least k people answered,
 * each with their own code.
 */
export function resultsShown(pulse: PulseTimes & { codesUsed: number }, k: number, now = new Date()) {
  return pulseState(pulse, now) === "ended" && pulse.codesUsed >= k;
}
