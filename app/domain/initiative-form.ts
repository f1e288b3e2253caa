// The initiative register's form: shared by the browser (instant feedback) and the server.
import { z } from "zod";
import { DatePartsSchema, instantFromParts } from "~/domain/uk-date";
import { OUTCOME_MEASURE_KEYS, PARTNER_AGENCY_KEYS } from "~/domain/vocabulary";

export const DESCRIPTION_MAX = 1000;
/** Planned initiatives may be registered up to this far ahead. */
const PLANNING_HORIZON_MS = 2 * 366 * 24 * 60 * 60 * 1000;

/** Ticked boxes: at least one, each from the list; the message sits on the question, not a box. */
const choices = <T extends string>(values: readonly T[], missing: string, unknown: string) =>
  z
    .array(z.string().max(64), { required_error: missing })
    .min(1, missing)
    .refine((chosen) => chosen.every((value) => (values as readonly string[]).includes(value)), unknown)
    .transform((chosen) => [...new Set(chosen)] as T[]);

type FormContext = { timeZone: string; teamIds: readonly string[]; now?: Date };

/** A date problem that names its question ("The start date must …"): the form asks two dates. */
const naming = (problem: string, name: string) => problem.replace(/^Enter the date/, `Enter the ${name}`).replace(/^The date/, `The ${name}`);

/** A date without a time; with `optional`, all three parts empty means "none". */
function dateQuestion<Optional extends boolean>(timeZone: string, horizon: Date, optional: Optional, name: string) {
  return DatePartsSchema.pick({ day: true, month: true, year: true })
    .default({})
    .transform((parts, ctx): Optional extends true ? Date | null : Date => {
      if (optional && !parts.day && !parts.month && !parts.year) return null as never;
      const result = instantFromParts(parts, timeZone, horizon);
      if ("problem" in result) {
        const problem = result.problem === "The date and time must be in the past" ? "The date must be within the next two years" : result.problem;
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [result.part], message: naming(problem, name) });
        return z.NEVER;
      }
      return result.instant as never;
    });
}

export function initiativeSchema({ timeZone, teamIds, now = new Date() }: FormContext) {
  const horizon = new Date(now.getTime() + PLANNING_HORIZON_MS);
  return z
    .object({
      name: z
        .string({ required_error: "Enter the initiative's name" })
        .trim()
        .min(3, "The name must be at least 3 characters")
        .max(120, "The name must be 120 characters or fewer"),
      description: z.string().trim().max(DESCRIPTION_MAX, `The description must be ${DESCRIPTION_MAX} characters or fewer`).default(""),
      partnerAgencies: choices(PARTNER_AGENCY_KEYS, "Choose at least one partner agency", "Choose partner agencies from the list"),
      teams: choices(teamIds, "Choose at least one team the initiative covers", "Choose teams from the list"),
      outcomeMeasures: choices(OUTCOME_MEASURE_KEYS, "Choose at least one outcome measure to watch", "Choose measures from the list"),
      start: dateQuestion(timeZone, horizon, false, "start date"),
      end: dateQuestion(timeZone, horizon, true, "end date"),
    })
    .superRefine((value, ctx) => {
      if (value.end && value.end.getTime() <= value.start.getTime()) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["end", "day"], message: "The end date must be after the start date" });
      }
    })
    .transform(({ start, end, ...rest }) => ({ ...rest, startDate: start, endDate: end }));
}

export type InitiativeInput = z.output<ReturnType<typeof initiativeSchema>>;
