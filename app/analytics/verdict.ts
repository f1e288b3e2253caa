// The plain-English answer of an evaluation. It never claims more than the interval allows: a
// change is named only when its 95% interval leaves out zero, and otherwise it says how large a
// change this data could have detected.
import type { Estimate } from "~/analytics/evaluation";

export type VerdictInput = {
  /** what changed, in words: "mean distress at first contact" */
  measure: string;
  /** the unit of the estimate in words: "points", "percentage points" */
  unit: string;
  estimate: Estimate | null;
  minimumDetectable: number | null;
  /** against comparison teams (difference-in-differences) or the covered teams alone */
  method: "difference-in-differences" | "before-after";
  /** comparison teams were chosen, but their figures could not be used */
  comparisonUnusable?: boolean;
  decimals?: number;
  /** why there is no estimate, when there is none */
  reason?: string;
};

export type Verdict = { claimsChange: boolean; headline: string; caveats: string[] };

export function verdictOf({ measure, unit, estimate, minimumDetectable, method, comparisonUnusable = false, decimals = 1, reason }: VerdictInput): Verdict {
  const format = (value: number) => {
    const rounded = value.toFixed(decimals);
    // "-0.0" reads as a change; it is none.
    return Number(rounded) === 0 ? (0).toFixed(decimals) : rounded;
  };
  const caveats = [
    "Teams were not chosen for the initiative at random, so they may differ from others in ways the figures do not show.",
    "Other changes at the same time (staffing, demand, other schemes) can move these figures too.",
    "Seasons affect demand and stress; a window that starts and ends in different seasons can show a change that is only seasonal.",
  ];
  if (method === "before-after")
    caveats.unshift(
      `${comparisonUnusable ? "Too many of the comparison teams' months are withheld to compare with them" : "There are no comparison teams"}, so a change over time in every team would look like an effect of the initiative.`,
    );
  const against = method === "difference-in-differences" ? " in the covered teams, relative to the comparison teams" : " in the covered teams after the start";
  if (!estimate) {
    return { claimsChange: false, headline: `Not enough data to tell: ${reason ?? `there are too few figures to estimate a change in ${measure}.`}`, caveats };
  }
  const interval = `(95% CI ${format(estimate.low)} to ${format(estimate.high)})`;
  if (estimate.low > 0 || estimate.high < 0) {
    const direction = estimate.estimate < 0 ? "fell" : "rose";
    const headline = `${measure[0]!.toUpperCase()}${measure.slice(1)} ${direction} by ${format(Math.abs(estimate.estimate))} ${unit}${against} ${interval}.`;
    return { claimsChange: true, headline, caveats };
  }
  const detectable = minimumDetectable === null ? "" : `: the smallest change this data could detect is ${format(minimumDetectable)} ${unit}`;
  return {
    claimsChange: false,
    headline: `Not enough data to tell${detectable}. The estimated change in ${measure} is ${format(estimate.estimate)} ${unit} ${interval}.`,
    caveats,
  };
}
