// The evaluation page's choices, read from the address (GET) like the dashboard's: how many
// months before and after the start, the comparison teams and the measure for the time series.
import { z } from "zod";
import { OUTCOME_MEASURE_KEYS, type OUTCOME_MEASURES } from "~/domain/vocabulary";

export type OutcomeMeasure = keyof typeof OUTCOME_MEASURES;
export const MAX_WINDOW_MONTHS = 36;
export const DEFAULT_WINDOW_MONTHS = 12;

export type EvaluationFilters = { before: number; after: number; measure: OutcomeMeasure; compare: string[] | null };
export type EvaluationFilterErrors = Partial<Record<"before" | "after", string>>;

const windowField = (side: string) =>
  z.coerce
    .number({ invalid_type_error: `Enter the months ${side} the start as a number, for example 12` })
    .int(`Enter a whole number of months ${side} the start`)
    .min(3, `Choose at least 3 months ${side} the start`)
    .max(MAX_WINDOW_MONTHS, `Choose ${MAX_WINDOW_MONTHS} months or fewer ${side} the start`);

const schema = z.object({ before: windowField("before"), after: windowField("after") });

/**
 * Bad window lengths fall back to the default with a message at the field, keeping what was
 * typed. `compare` is null when the user has not chosen (the page then picks the default teams).
 */
export function parseEvaluationFilters(params: URLSearchParams, watched: readonly string[]) {
  const typed = { before: params.get("before") ?? "", after: params.get("after") ?? "" };
  const errors: EvaluationFilterErrors = {};
  const window = { before: DEFAULT_WINDOW_MONTHS, after: DEFAULT_WINDOW_MONTHS };
  for (const side of ["before", "after"] as const) {
    if (typed[side].trim() === "") continue;
    const parsed = schema.shape[side].safeParse(typed[side].trim());
    if (parsed.success) window[side] = parsed.data;
    else errors[side] = parsed.error.issues[0]!.message;
  }
  const asked = params.get("measure");
  const measure = (OUTCOME_MEASURE_KEYS as readonly string[]).includes(asked ?? "")
    ? (asked as OutcomeMeasure)
    : ((watched.find((m) => (OUTCOME_MEASURE_KEYS as readonly string[]).includes(m)) as OutcomeMeasure | undefined) ?? "distress_first_contact");
  const compare = params.has("compared") ? [...new Set(params.getAll("compare").filter((id) => id.length > 0 && id.length <= 64))] : null;
  const filters: EvaluationFilters = { ...window, measure, compare };
  return { filters, errors, typed };
}
