// The research export: monthly team-level aggregates for researchers outside the service. The
// columns and their meaning live here once, for the CSV, its data dictionary and the tests.

/** A count column: which protected figure (category of RESEARCH_SHAPE) it shows. */
export type CountColumn = { name: string; category: string; description: string };

export const IDENTITY_COLUMNS = [
  { name: "month", description: "Calendar month the exposures happened in, as YYYY-MM (the organisation's time zone). No finer date is given." },
  { name: "level", description: "organisation (every team), service (every team of one service) or team (one team large enough to be shown on its own)." },
  { name: "service", description: "Name of the service; empty on organisation rows." },
  { name: "team", description: "Name of the team; empty on organisation and service rows. Teams too small to be shown on their own are counted only in their service and organisation rows." },
  {
    name: "published",
    description:
      "Day the month's figures were published (YYYY-MM-DD, the organisation's time zone): a month is published once it has ended and settled, and is not changed afterwards. Empty for a month before the first with records.",
  },
  {
    name: "headcount",
    description:
      "Staff establishment entered by the organisation for the month (sum over the row's teams), not a count of people supported; empty when none was entered.",
  },
] as const;

export const COUNT_COLUMNS: CountColumn[] = [
  { name: "exposures", category: "all", description: "Exposures to potentially traumatic incidents logged for the month." },
  { name: "exposures_support_within_72h", category: "within72", description: "Of those, exposures followed by a support contact within 72 hours." },
  { name: "exposures_no_support_within_72h", category: "notWithin72", description: "Exposures with no support contact within 72 hours (later, or none yet)." },
  { name: "exposures_distress_recorded", category: "fdKnown", description: "Exposures whose first support contact recorded a distress score (0–10)." },
  { name: "exposures_distress_7_or_more", category: "fdHigh", description: "Exposures whose first recorded distress score was 7 or more." },
  { name: "exposures_distress_below_7", category: "fdLower", description: "Exposures whose first recorded distress score was below 7." },
  {
    name: "exposures_information_reached",
    category: "r45",
    description: "Exposures where staff said the information from partner agencies fully or mostly reached them (rating 4 or 5 of 5).",
  },
  {
    name: "exposures_information_not_reached",
    category: "rOther",
    description: "All other exposures: information partly or not reached (ratings 1–3), or no partner agency involved.",
  },
];

export const MEAN_COLUMN = {
  name: "mean_distress_first_contact",
  description: "Mean first recorded distress score (0–10, one decimal), given only when exposures_distress_recorded is given.",
} as const;

export const EXPORT_COLUMNS = [...IDENTITY_COLUMNS.map((c) => c.name), ...COUNT_COLUMNS.map((c) => c.name), MEAN_COLUMN.name];

/** What a withheld figure looks like in the file. */
export const WITHHELD = "*";

/**
 * The NHS small-number rule for a figure that may be published: zero stays 0, 1–7 are shown as
 * "*", anything larger is rounded to the nearest 5, so no count is exact enough to difference.
 */
export function smallNumberRule(value: number): string {
  if (value === 0) return "0";
  if (value <= 7) return WITHHELD;
  return String(Math.round(value / 5) * 5);
}

/** The data dictionary, as Markdown: every column, the protection applied, and the period. */
export function dataDictionary({ organisation, k, from, to }: { organisation: string; k: number; from: string; to: string }) {
  const row = (name: string, description: string) => `| \`${name}\` | ${description} |`;
  return [
    `# Debrief research export: data dictionary`,
    ``,
    `Organisation: ${organisation}. Period: ${from} to ${to}. One row per month for the organisation, each service, and each team shown on its own.`,
    ``,
    `## Columns`,
    ``,
    `| Column | Meaning |`,
    `| --- | --- |`,
    ...IDENTITY_COLUMNS.map((c) => row(c.name, c.description)),
    ...COUNT_COLUMNS.map((c) => row(c.name, c.description)),
    row(MEAN_COLUMN.name, MEAN_COLUMN.description),
    ``,
    `## How people are protected`,
    ``,
    `- The file holds no staff reference, name, free text or date finer than a month.`,
    `- A figure computed from fewer than ${k} different staff members is withheld, and so is any further figure that would let it be worked out from the totals (complementary suppression). The same protection applies to Debrief's evaluation pages for researchers, so the two cannot be played against each other.`,
    `- Counts then follow the NHS small-number rule: 1 to 7 are shown as \`${WITHHELD}\`, and every other count is rounded to the nearest 5. Zero is shown as 0.`,
    `- \`${WITHHELD}\` therefore means "withheld": fewer than ${k} people, a count from 1 to 7, or withheld to protect another figure. Rounded counts need not add up to their totals.`,
    `- Every export is recorded in the organisation's audit log with the period chosen.`,
    ``,
  ].join("\n");
}
