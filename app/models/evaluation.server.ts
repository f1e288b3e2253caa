// Does an initiative go with less stress? The covered teams' figures before and after its start,
// against comparison teams, as an interrupted time series and a difference-in-differences.
//
// Privacy: every figure here is a sum of the same published monthly team figures the team-trends
// page shows (publication.server.ts, protected by trend-protection.ts). A group's month counts only when each of its teams' figures
// for that month is shown there (or empty), so comparing this page with the dashboard, or two
// choices of comparison teams with each other, singles out nobody the dashboard protects. Teams
// too small to be offered on their own are never in a group.
import {
  differenceInDifferences,
  differenceInMeans,
  differenceInProportions,
  differenceInRates,
  minimumDetectableEffect,
  proportionSums,
  rateDifferenceInDifferences,
  segmentedRegression,
  type Estimate,
  type FourCells,
} from "~/analytics/evaluation";
import type { PooledSums } from "~/analytics/mean-interval";
import { verdictOf, type Verdict } from "~/analytics/verdict";
import type { CurrentUser } from "~/auth/session.server";
import { monthIndex, monthOf, monthsBetween } from "~/domain/dashboard-filters";
import { parseEvaluationFilters, type OutcomeMeasure } from "~/domain/evaluation-filters";
import { OUTCOME_MEASURES, OUTCOME_MEASURE_KEYS, PARTNER_AGENCIES } from "~/domain/vocabulary";
import { lastPublishableMonth, publishedDay } from "~/domain/publication";
import { ORGANISATION_AUDIENCE, managerAudience, publishedFigures, publishedRange } from "~/models/publication.server";
import { findInitiative, watchedMeasures } from "~/models/initiative.server";
import { organisationScope, remitScope, teamMonthHeadcounts, type RemitScope } from "~/models/trends.server";
import { cellKey, teamNode } from "~/privacy/trend-protection";
import { formatDate, monthKey } from "~/utils/time";

type MeasureDefinition =
  | { kind: "mean"; count: string; unit: string; phrase: string }
  | { kind: "share"; events: string; total: string; unit: string; phrase: string }
  | { kind: "rate"; events: string; unit: string; phrase: string };

/** How each outcome measure is built from the cells of EXPOSURE_SHAPE. */
const MEASURES: Record<OutcomeMeasure, MeasureDefinition> = {
  distress_first_contact: { kind: "mean", count: "fdKnown", unit: "points", phrase: "mean distress at first contact" },
  distress_high: { kind: "share", events: "fdHigh", total: "fdKnown", unit: "percentage points", phrase: "the share with distress 7 or more at first contact" },
  information_reached: {
    kind: "share",
    events: "r45",
    total: "all",
    unit: "percentage points",
    phrase: "the share of exposures where information fully or mostly reached staff",
  },
  exposure_rate: { kind: "rate", events: "all", unit: "exposures per 100 staff a month", phrase: "exposures per 100 staff a month" },
  debrief_coverage: { kind: "share", events: "within72", total: "all", unit: "percentage points", phrase: "the share with a support contact within 72 hours" },
};

/**
 * A period's (or month's) figure is used only when the teams shown in it hold at least this share
 * of the group's staff, so a small team whose figures are always withheld does not stop the
 * evaluation, but withholding cannot bias the figure by much.
 */
const MIN_SHOWN_SHARE = 0.8;

const categoriesOf = (m: MeasureDefinition) => (m.kind === "mean" ? [m.count] : m.kind === "share" ? [m.events, m.total] : [m.events]);

/** The sums behind one measure for a group over some months. */
type Sums = { events: number; total: number; distress: PooledSums; headcount: number; months: number };
const emptySums = (): Sums => ({ events: 0, total: 0, distress: { count: 0, sum: 0, sumOfSquares: 0 }, headcount: 0, months: 0 });

function addSums(into: Sums, from: Sums) {
  into.events += from.events;
  into.total += from.total;
  into.distress.count += from.distress.count;
  into.distress.sum += from.distress.sum;
  into.distress.sumOfSquares += from.distress.sumOfSquares;
  into.headcount += from.headcount;
  into.months += from.months;
}

/** The measure's value: a mean, a percentage, or exposures per 100 staff a month. */
function valueOf(measure: MeasureDefinition, sums: Sums): number | null {
  if (measure.kind === "mean") return sums.distress.count > 0 ? sums.distress.sum / sums.distress.count : null;
  if (measure.kind === "share") return sums.total > 0 ? (100 * sums.events) / sums.total : null;
  return sums.headcount > 0 ? (100 * sums.events) / sums.headcount : null;
}

const scaled = (estimate: Estimate | null, factor: number): Estimate | null =>
  estimate && {
    estimate: estimate.estimate * factor,
    standardError: estimate.standardError * factor,
    low: estimate.low * factor,
    high: estimate.high * factor,
  };

function change(measure: MeasureDefinition, before: Sums, after: Sums): Estimate | null {
  if (measure.kind === "mean") return differenceInMeans(before.distress, after.distress);
  if (measure.kind === "share")
    return scaled(differenceInProportions({ events: before.events, total: before.total }, { events: after.events, total: after.total }), 100);
  return scaled(differenceInRates({ events: before.events, exposure: before.headcount }, { events: after.events, exposure: after.headcount }), 100);
}

function differenceOfChanges(measure: MeasureDefinition, cells: FourCells<Sums>): Estimate | null {
  const map = <T>(f: (s: Sums) => T): FourCells<T> => ({
    coveredBefore: f(cells.coveredBefore),
    coveredAfter: f(cells.coveredAfter),
    comparisonBefore: f(cells.comparisonBefore),
    comparisonAfter: f(cells.comparisonAfter),
  });
  if (measure.kind === "mean") return differenceInDifferences(map((s) => s.distress));
  if (measure.kind === "share") return scaled(differenceInDifferences(map((s) => proportionSums({ events: s.events, total: s.total }))), 100);
  return scaled(rateDifferenceInDifferences(map((s) => ({ events: s.events, exposure: s.headcount }))), 100);
}

/** Rounds for the page; the loader's JSON carries no more precision than is shown. */
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;
const roundEstimate = (e: Estimate | null) => e && { estimate: round(e.estimate), low: round(e.low), high: round(e.high) };

export type EvaluationRow = {
  measure: OutcomeMeasure;
  label: string;
  /** the covered teams' figures miss too many team-months to be unbiased */
  tooMuchWithheld: boolean;
  coveredBefore: number | null;
  coveredAfter: number | null;
  coveredChange: { estimate: number; low: number; high: number } | null;
  comparisonChange: { estimate: number; low: number; high: number } | null;
  differenceInDifferences: { estimate: number; low: number; high: number } | null;
  minimumDetectable: number | null;
};

export type TeamChoice = { id: string; name: string; service: string };

/**
 * The evaluation page for a request. Managers evaluate within their remit, researchers across the
 * organisation; a comparison team outside that scope is a 404.
 */
export async function loadEvaluation(request: Request, user: CurrentUser, initiativeId: string) {
  const initiative = await findInitiative(user.organisationId, initiativeId);
  if (!initiative) throw new Response("No initiative with that name was found.", { status: 404 });
  const k = user.organisation.anonymityThreshold;
  const timeZone = user.organisation.timeZone;
  const watched = watchedMeasures(initiative.outcomeMeasures);
  const { filters, errors, typed } = parseEvaluationFilters(new URL(request.url).searchParams, watched);
  // Researchers see the whole organisation (anonymised); a manager sees their remit.
  const researcher = user.roles.includes("researcher");
  const scope: RemitScope = researcher ? await organisationScope(user.organisationId, k) : await remitScope(user.id, k);
  // The published figures: a manager's are the dashboard's own; a researcher's are the organisation's.
  const audience = researcher ? ORGANISATION_AUDIENCE : await managerAudience(user.id);
  const teamNames = new Map(scope.teams.map((t) => [t.id, t]));
  const onItsOwn = (teamId: string) => scope.teams.some((t) => t.id === teamId && t.leaf === teamNode(teamId));
  const coveredIds = initiative.teams.map((t) => t.teamId);
  const covered = coveredIds.filter(onItsOwn);
  const coveredNotShown = {
    outsideScope: coveredIds.filter((id) => !scope.teams.some((t) => t.id === id)).length,
    merged: initiative.teams.filter((t) => scope.teams.some((s) => s.id === t.teamId) && !onItsOwn(t.teamId)).map((t) => t.team.name),
  };
  const comparisonOptions: TeamChoice[] = scope.teams
    .filter((t) => onItsOwn(t.id) && !coveredIds.includes(t.id))
    .map((t) => ({ id: t.id, name: t.name, service: t.serviceName }));
  const notices: string[] = [];
  let comparison: string[];
  if (filters.compare === null) {
    const coveredServices = new Set(scope.teams.filter((t) => covered.includes(t.id)).map((t) => t.serviceId));
    comparison = comparisonOptions.filter((o) => coveredServices.has(scope.teams.find((t) => t.id === o.id)!.serviceId)).map((o) => o.id);
  } else {
    for (const id of filters.compare)
      if (!scope.teams.some((t) => t.id === id)) throw new Response("No team with that name is in your remit.", { status: 404 });
    comparison = filters.compare.filter((id) => comparisonOptions.some((o) => o.id === id));
    const refused = filters.compare.filter((id) => !comparison.includes(id)).map((id) => teamNames.get(id)?.name ?? "A team");
    for (const name of refused)
      notices.push(
        `${name} cannot be a comparison team: it is covered by the initiative, or it holds fewer than ${k} people and is shown only within its service.`,
      );
  }

  const start = monthKey(initiative.startDate, timeZone);
  // Up to the latest month published (a month is published once it has ended and settled).
  const range = await publishedRange(user.organisationId, audience);
  const lastWhole = range.last ?? lastPublishableMonth(new Date(), timeZone, user.organisation.publicationDelayDays);
  const end = initiative.endDate ? monthKey(initiative.endDate, timeZone) : null;
  const afterEnd = monthOf(Math.min(monthIndex(start) + filters.after - 1, monthIndex(lastWhole), end ? monthIndex(end) : Infinity));
  const beforeMonths = monthsBetween(monthOf(monthIndex(start) - filters.before), monthOf(monthIndex(start) - 1));
  const afterMonths = monthIndex(afterEnd) >= monthIndex(start) ? monthsBetween(start, afterEnd) : [];
  const windowMonths = [...beforeMonths, ...afterMonths];

  const summary = {
    id: initiative.id,
    name: initiative.name,
    description: initiative.description,
    started: formatDate(initiative.startDate, timeZone),
    ended: initiative.endDate ? formatDate(initiative.endDate, timeZone) : null,
    partners: initiative.partnerAgencies.map((p) => PARTNER_AGENCIES[p.agency as keyof typeof PARTNER_AGENCIES] ?? p.agency),
    watched: watched.map((m) => OUTCOME_MEASURES[m]),
    covered: covered.map((id) => teamNames.get(id)!.name),
    coveredNotShown,
  };
  const base = {
    k,
    summary,
    filters: { ...filters, compare: comparison },
    errors,
    typed,
    comparisonOptions,
    notices,
    window: { before: beforeMonths, after: afterMonths },
  };
  if (covered.length === 0 || afterMonths.length === 0) {
    return { ...base, result: null, reason: covered.length === 0 ? ("no-covered-teams" as const) : ("too-recent" as const) };
  }

  const from = windowMonths[0]!;
  const to = windowMonths.at(-1)!;
  const [published, headcounts] = await Promise.all([
    publishedFigures(user.organisationId, audience, from, to, range),
    teamMonthHeadcounts([...covered, ...comparison], from, to),
  ]);

  /**
   * A group's sums for one month and measure, from the teams whose figures for it are shown on
   * the team-trends page; a team with a withheld figure is left out of that month.
   */
  const groupMonth = (teamIds: string[], month: string, measure: MeasureDefinition) => {
    const sums = emptySums();
    let withheldTeams = 0;
    const shownTeams: string[] = [];
    // Staff in the group's teams this month, and in those whose figures are used.
    const staff = { all: 0, shown: 0, teams: teamIds.length };
    for (const teamId of teamIds) {
      const headcount = headcounts.get(`${teamId}|${month}`)?.headcount;
      staff.all += headcount ?? 0;
      const node = teamNode(teamId);
      const withheld = categoriesOf(measure).some((category) => published.figure(month, node, category) === null);
      if (withheld || (measure.kind === "rate" && !headcount)) {
        withheldTeams += 1;
        continue;
      }
      shownTeams.push(teamId);
      staff.shown += headcount ?? 0;
      const value = (category: string) => published.figure(month, node, category) ?? 0;
      if (measure.kind === "mean") {
        const distress = published.months.get(month)?.distress.get(cellKey(node, measure.count));
        sums.distress.count += value(measure.count);
        sums.distress.sum += distress?.sum ?? 0;
        sums.distress.sumOfSquares += distress?.sumOfSquares ?? 0;
      } else {
        sums.events += value(measure.events);
        if (measure.kind === "share") sums.total += value(measure.total);
        else sums.headcount += headcount!;
      }
    }
    if (withheldTeams < teamIds.length) sums.months = 1;
    return { sums, withheldTeams, shownTeams, staff, shownTeamMonths: shownTeams.length };
  };

  const groups = { covered, comparison };
  type Group = keyof typeof groups;
  const periodSums = (group: Group, months: string[], measure: MeasureDefinition) => {
    const total = emptySums();
    let withheld = 0;
    const staff = { all: 0, shown: 0, teams: 0 };
    const teamMonths: [string, string][] = [];
    for (const month of months) {
      const figure = groupMonth(groups[group], month, measure);
      addSums(total, figure.sums);
      withheld += figure.withheldTeams;
      staff.all += figure.staff.all;
      staff.shown += figure.staff.shown;
      staff.teams += figure.staff.teams;
      for (const teamId of figure.shownTeams) teamMonths.push([teamId, month]);
    }
    return { sums: total, withheld, teamMonths, staff, shownTeamMonths: teamMonths.length };
  };

  /**
   * Whether a period's figure stands for its group. Which team-months are withheld depends on
   * the figures themselves (small counts are withheld, zeros are not), so a period missing many
   * would be biased: then no estimate is given at all.
   */
  const representative = (cell: { staff: { all: number; shown: number; teams: number }; shownTeamMonths: number }) =>
    cell.staff.all > 0
      ? cell.staff.shown >= MIN_SHOWN_SHARE * cell.staff.all
      : // no headcounts entered: every team-month weighs the same
        cell.staff.teams > 0 && cell.shownTeamMonths >= MIN_SHOWN_SHARE * cell.staff.teams;

  const hasComparison = comparison.length > 0;
  /** team-months left out, for the measure with the most */
  const withheldTeamMonths = { covered: 0, comparison: 0 };
  const rows: EvaluationRow[] = [];
  const estimates = new Map<OutcomeMeasure, { change: Estimate | null; did: Estimate | null; tooMuchWithheld: boolean }>();
  for (const key of OUTCOME_MEASURE_KEYS) {
    const measure = MEASURES[key];
    const cells = {
      coveredBefore: periodSums("covered", beforeMonths, measure),
      coveredAfter: periodSums("covered", afterMonths, measure),
      comparisonBefore: periodSums("comparison", beforeMonths, measure),
      comparisonAfter: periodSums("comparison", afterMonths, measure),
    };
    withheldTeamMonths.covered = Math.max(withheldTeamMonths.covered, cells.coveredBefore.withheld + cells.coveredAfter.withheld);
    if (hasComparison)
      withheldTeamMonths.comparison = Math.max(withheldTeamMonths.comparison, cells.comparisonBefore.withheld + cells.comparisonAfter.withheld);
    const coveredOk = representative(cells.coveredBefore) && representative(cells.coveredAfter);
    const comparisonOk = hasComparison && representative(cells.comparisonBefore) && representative(cells.comparisonAfter);
    const coveredChange = coveredOk ? change(measure, cells.coveredBefore.sums, cells.coveredAfter.sums) : null;
    const comparisonChange = comparisonOk ? change(measure, cells.comparisonBefore.sums, cells.comparisonAfter.sums) : null;
    const did =
      coveredOk && comparisonOk
        ? differenceOfChanges(measure, {
            coveredBefore: cells.coveredBefore.sums,
            coveredAfter: cells.coveredAfter.sums,
            comparisonBefore: cells.comparisonBefore.sums,
            comparisonAfter: cells.comparisonAfter.sums,
          })
        : null;
    estimates.set(key, { change: coveredChange, did, tooMuchWithheld: !coveredOk });
    const headline = did ?? coveredChange;
    const [before, after] = coveredOk ? [valueOf(measure, cells.coveredBefore.sums), valueOf(measure, cells.coveredAfter.sums)] : [null, null];
    rows.push({
      measure: key,
      label: OUTCOME_MEASURES[key],
      tooMuchWithheld: !coveredOk,
      coveredBefore: before === null ? null : round(before, 1),
      coveredAfter: after === null ? null : round(after, 1),
      coveredChange: roundEstimate(coveredChange),
      comparisonChange: roundEstimate(comparisonChange),
      differenceInDifferences: roundEstimate(did),
      minimumDetectable: headline ? round(minimumDetectableEffect(headline.standardError)) : null,
    });
  }

  // The interrupted time series of the chosen measure in the covered teams.
  const measure = MEASURES[filters.measure];
  // A month counts only when its shown teams hold most of the covered staff, and the model only
  // when few months are missing, for the same reason as above.
  const monthly = windowMonths.map((month) => {
    const figure = groupMonth(covered, month, measure);
    return representative(figure) ? valueOf(measure, figure.sums) : null;
  });
  const points = monthly.flatMap((value, time) => (value === null ? [] : [{ time, value }]));
  const fit = points.length >= MIN_SHOWN_SHARE * windowMonths.length ? segmentedRegression(points, beforeMonths.length) : null;
  const timeSeries = {
    months: windowMonths,
    startIndex: beforeMonths.length,
    observed: monthly.map((v) => (v === null ? null : round(v, 1))),
    fitted: fit ? windowMonths.map((_, t) => round(fit.fitted(t), 2)) : null,
    // The pre-start line carried on: what the model expects had nothing changed.
    expected: fit ? windowMonths.map((_, t) => round(fit.intercept.estimate + fit.slopeBefore.estimate * t, 2)) : null,
    model: fit && {
      levelChange: roundEstimate(fit.levelChange),
      slopeChange: roundEstimate(fit.slopeChange),
      slopeBefore: roundEstimate(fit.slopeBefore),
      residualDf: fit.residualDf,
      points: points.length,
    },
  };

  const chosen = estimates.get(filters.measure)!;
  const verdictEstimate = chosen.did ?? chosen.change;
  const verdict: Verdict = verdictOf({
    reason: chosen.tooMuchWithheld
      ? `too many months of the covered teams are withheld to protect people for ${measure.phrase} to be estimated without bias.`
      : undefined,
    measure: measure.phrase,
    unit: measure.unit,
    estimate: verdictEstimate,
    minimumDetectable: verdictEstimate ? minimumDetectableEffect(verdictEstimate.standardError) : null,
    method: chosen.did ? "difference-in-differences" : "before-after",
    comparisonUnusable: hasComparison && !chosen.did,
  });

  // The days the figures used were published, said on the page.
  const publishedDays = [...published.months.values()].map((month) => publishedDay(month.publishedAt, timeZone)).sort();
  return {
    ...base,
    result: {
      rows,
      timeSeries,
      verdict,
      published: publishedDays.length > 0 ? { first: publishedDays[0]!, last: publishedDays.at(-1)! } : null,
      withheldTeamMonths,
      teamMonths: { covered: covered.length * windowMonths.length, comparison: comparison.length * windowMonths.length },
      hasComparison,
    },
    reason: null,
  };
}
