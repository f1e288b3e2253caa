// The manager dashboard's figures: the SQL aggregates of trends.server.ts, protected month by
// month by the privacy engine, turned into plain series for one chosen population ("focus").
// Nothing here carries a record or a staff reference.
import { createHash } from "node:crypto";
import { meanWithInterval, type MeanInterval } from "~/analytics/mean-interval";
import type { CurrentUser } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { monthIndex, monthOf, monthsBetween, parseDashboardFilters } from "~/domain/dashboard-filters";
import { INCIDENT_TYPES, INCIDENT_TYPE_KEYS, PARTNER_AGENCIES, PARTNER_AGENCY_KEYS } from "~/domain/vocabulary";
import { trendMonths } from "~/models/trend-months.server";
import { headcountOf, placeholdersFor, remitScope, remitSql, teamMonthHeadcounts, type RemitScope } from "~/models/trends.server";
import { monthKey } from "~/utils/time";
import { lastPublishableMonth, publicationDay, publishedDay } from "~/domain/publication";
import { managerAudience, publishedFigures, publishedRange, type PublishedRange } from "~/models/publication.server";
import { ROOT, agencyNode, cellKey, protectMonth, splitStaff, typeNode, type CellFigure, type FamilyShape } from "~/privacy/trend-protection";

export type FocusOption = { node: string; label: string; kind: "all" | "service" | "team" | "type" | "agency" };

/** A monthly figure: null when it is withheld to protect people. */
export type Point = number | null;

export type DashboardData = {
  k: number;
  focus: FocusOption;
  months: string[];
  /** incident types and agencies are never broken down further */
  brokenDown: boolean;
  exposures: { count: Point[]; per100: Point[]; byType: { type: string; label: string; counts: Point[] }[] };
  coverage: { within72Share: Point[]; medianHoursToContact: Point[]; followUpsOnTimeShare: Point[] };
  distress: { firstMedian: Point[]; firstHighShare: Point[]; reviewMedian: Point[]; reviewHighShare: Point[] };
  information: {
    reachedShare: Point[];
    barriers: Point[];
    /** first-contact distress by "information reached" rating over the months shown, 95% CI */
    distressByRating: { rating: string; interval: MeanInterval | null }[];
  };
  pulse: { responses: Point[]; meanWho5: Point[]; belowHalfShare: Point[] } | null;
  /** when each month shown was published ("YYYY-MM-DD") */
  publishedOn: (string | null)[];
  /** the months of the period not yet due, each with the day it will be published */
  pending: { month: string; on: string }[];
  /** months of the period that are due but not published yet: the publisher's next run publishes them */
  due: string[];
  /** the next month to be published, and the day */
  next: { month: string; on: string };
  delayDays: number;
  mergedTeams: string[];
  options: FocusOption[];
};

export const PULSE_SHAPE: FamilyShape = { base: "all", groups: [{ parts: ["below50", "atLeast50"] }], arms: ["scope"] };

/** Protection results depend only on the month's figures, the structure and k: remembered by a digest of them. */
const protectionCache = new Map<string, Set<string>>();
const CACHE_LIMIT = 5000;
const protectionKeyOf = (scope: RemitScope, shape: FamilyShape, figures: Map<string, CellFigure>, k: number, withheld: ReadonlySet<string>) =>
  createHash("sha256")
    .update(JSON.stringify([scope.structure, shape, k, [...figures].map(([id, f]) => [id, f.staff]), [...withheld].sort()]))
    .digest("hex");
const remember = (key: string, hidden: Set<string>) => {
  if (protectionCache.size >= CACHE_LIMIT) protectionCache.delete(protectionCache.keys().next().value!);
  protectionCache.set(key, hidden);
  return hidden;
};

export function protectedCells(scope: RemitScope, shape: FamilyShape, figures: Map<string, CellFigure>, k: number, withheld: ReadonlySet<string> = new Set()) {
  const key = protectionKeyOf(scope, shape, figures, k, withheld);
  return protectionCache.get(key) ?? remember(key, protectMonth(scope.structure, shape, figures, k, withheld));
}

/**
 * Exposure figures by month with what the privacy engine withholds in each, the same for every
 * page that shows figures from this system (team trends, evaluation, research export). What is
 * withheld is remembered in memory and kept with the month in the database (trend-months.server.ts).
 */
export async function protectedExposureMonths(
  organisationId: string,
  scope: RemitScope,
  shape: FamilyShape,
  from: string,
  to: string,
  k: number,
  now = new Date(),
) {
  const { figures, withheld, protection, rememberProtection } = await trendMonths(organisationId, scope, from, to, k, now);
  const hidden = new Map<string, Set<string>>();
  const kept: Promise<void>[] = [];
  for (const month of monthsBetween(from, to)) {
    const cells = figures.get(month)?.cells;
    if (!cells) {
      hidden.set(month, new Set());
      continue;
    }
    const key = protectionKeyOf(scope, shape, cells, k, withheld.get(month) ?? new Set());
    const keptWithMonth = protection.get(month)?.[key];
    const cellsHidden =
      protectionCache.get(key) ?? remember(key, keptWithMonth ? new Set(keptWithMonth) : protectMonth(scope.structure, shape, cells, k, withheld.get(month)));
    hidden.set(month, cellsHidden);
    if (!keptWithMonth) kept.push(rememberProtection(month, key, cellsHidden));
  }
  await Promise.all(kept);
  return { figures, hidden };
}

/**
 * The populations a manager may pick: the remit, its services and large-enough teams, and each
 * incident type and partner agency whose exposures (and the rest of the remit's) come from at
 * least k people. Anything else would differ from a visible population by fewer than k people.
 */
export async function focusOptions(scope: RemitScope, k: number): Promise<FocusOption[]> {
  const teamIds = scope.teams.map((t) => t.id);
  const options: FocusOption[] = scope.options.map((o) => ({ ...o }));
  if (teamIds.length === 0) return options;
  // From the tallies the database keeps (ExposureTally, AgencyTally), not from every record. The
  // people outside a type or agency are everyone less those whose every record had it.
  const inRemit = `teamId IN (${placeholdersFor(teamIds)})`;
  const [total, byType, byAgency] = await Promise.all([
    prisma.$queryRawUnsafe<{ staff: bigint | number }[]>(`SELECT COUNT(DISTINCT staffMemberId) AS staff FROM ExposureTally WHERE ${inRemit}`, ...teamIds),
    prisma.$queryRawUnsafe<{ key: string; inside: bigint | number; onlyThis: bigint | number }[]>(
      `WITH person AS (
         SELECT staffMemberId, COUNT(DISTINCT incidentType) AS kinds, MIN(incidentType) AS kind FROM ExposureTally WHERE ${inRemit} GROUP BY staffMemberId
       ),
       only_this AS (SELECT kind, COUNT(*) AS n FROM person WHERE kinds = 1 GROUP BY kind),
       inside AS (SELECT incidentType AS key, COUNT(DISTINCT staffMemberId) AS inside FROM ExposureTally WHERE ${inRemit} GROUP BY incidentType)
       SELECT i.key, i.inside, COALESCE(o.n, 0) AS onlyThis FROM inside i LEFT JOIN only_this o ON o.kind = i.key`,
      ...teamIds,
      ...teamIds,
    ),
    prisma.$queryRawUnsafe<{ key: string; inside: bigint | number; onlyThis: bigint | number }[]>(
      `WITH person AS (SELECT staffMemberId, SUM(exposures) AS n FROM ExposureTally WHERE ${inRemit} GROUP BY staffMemberId),
       with_agency AS (SELECT staffMemberId, agency, SUM(exposures) AS n FROM AgencyTally WHERE ${inRemit} GROUP BY staffMemberId, agency)
       SELECT a.agency AS key, COUNT(*) AS inside, SUM(CASE WHEN a.n = p.n THEN 1 ELSE 0 END) AS onlyThis FROM with_agency a JOIN person p ON p.staffMemberId = a.staffMemberId GROUP BY a.agency`,
      ...teamIds,
      ...teamIds,
    ),
  ]);
  const everyone = Number(total[0]?.staff ?? 0);
  if (everyone < k) return options;
  const allowed = (row: { inside: bigint | number; onlyThis: bigint | number }) => {
    const outside = everyone - Number(row.onlyThis);
    return Number(row.inside) >= k && (outside === 0 || outside >= k);
  };
  for (const type of INCIDENT_TYPE_KEYS) {
    const row = byType.find((r) => r.key === type);
    if (row && allowed(row)) options.push({ node: typeNode(type), label: `Incident type: ${INCIDENT_TYPES[type]}`, kind: "type" });
  }
  for (const agency of PARTNER_AGENCY_KEYS) {
    const row = byAgency.find((r) => r.key === agency);
    if (row && allowed(row)) options.push({ node: agencyNode(agency), label: `Partner agency: ${PARTNER_AGENCIES[agency]}`, kind: "agency" });
  }
  return options;
}

/**
 * The staff of the focus's teams (the whole remit for types and agencies) per month, carried
 * forward from the latest month given; a month where any of those teams has none gives no rate.
 */
async function headcounts(scope: RemitScope, focus: FocusOption, from: string, to: string) {
  const teamIds = scope.teams
    .filter((t) => focus.kind === "all" || focus.kind === "type" || focus.kind === "agency" || t.service === focus.node || t.leaf === focus.node)
    .map((t) => t.id);
  const byTeam = await teamMonthHeadcounts(teamIds, from, to);
  return new Map(monthsBetween(from, to).map((month) => [month, headcountOf(byTeam, teamIds, month)]));
}

/**
 * Pulse check-ins per team and month. Each answer used its own single-use code, so answers count
 * people. Only check-ins that ran to their announced end (not withdrawn) with at least k codes
 * used count, the same ones whose results the admin sees, so a figure never moves while people
 * are answering and no small check-in is in any sum.
 */
export async function pulseMonths(scope: RemitScope, from: string, to: string, k: number) {
  if (scope.teams.length === 0) return new Map<string, { cells: Map<string, CellFigure>; meanOf: Map<string, number> }>();
  const remit = remitSql(scope);
  const rows = await prisma.$queryRawUnsafe<{ month: string; node: string; responses: bigint | number; below: bigint | number; mean: number }[]>(
    `WITH ${remit.sql},
     answered AS (
       SELECT p.id, p.teamId, p.month, p.who5Percent FROM PulseResponse p JOIN Pulse u ON u.id = p.pulseId
       WHERE p.month BETWEEN ? AND ? AND u.withdrawnAt IS NULL AND julianday(u.closesAt) <= julianday('now') AND u.codesUsed >= ?
     ),
     member(id, node) AS (
       SELECT a.id, '${ROOT}' FROM answered a JOIN remit r ON r.teamId = a.teamId
       UNION ALL SELECT a.id, r.serviceNode FROM answered a JOIN remit r ON r.teamId = a.teamId
       UNION ALL SELECT a.id, r.leafNode FROM answered a JOIN remit r ON r.teamId = a.teamId
     )
     SELECT a.month AS month, m.node AS node, COUNT(*) AS responses, SUM(CASE WHEN a.who5Percent < 50 THEN 1 ELSE 0 END) AS below, CAST(AVG(a.who5Percent) AS DOUBLE PRECISION) AS mean
     FROM member m JOIN answered a ON a.id = m.id
     GROUP BY a.month, m.node`,
    ...remit.params,
    from,
    to,
    k,
  );
  const months = new Map<string, { cells: Map<string, CellFigure>; meanOf: Map<string, number> }>();
  for (const row of rows) {
    const month = months.get(row.month) ?? { cells: new Map(), meanOf: new Map() };
    const [all, below] = [Number(row.responses), Number(row.below)];
    month.cells.set(cellKey(row.node, "all"), { value: all, staff: all });
    month.cells.set(cellKey(row.node, "below50"), { value: below, staff: splitStaff(below, all) });
    month.cells.set(cellKey(row.node, "atLeast50"), { value: all - below, staff: splitStaff(all - below, all) });
    month.meanOf.set(row.node, Number(row.mean));
    months.set(row.month, month);
  }
  return months;
}

/** Figures are shown to one decimal place. */
const tenth = (value: number) => Math.round(value * 10) / 10;

/**
 * The dashboard for a request: filters from the address; a focus outside the manager's remit is
 * a 404, one inside it that is not offered (too few people) is refused with a plain message and
 * the whole remit shown instead.
 */
export async function loadDashboard(request: Request, user: CurrentUser) {
  const { timeZone, publicationDelayDays } = user.organisation;
  const currentMonth = monthKey(new Date(), timeZone);
  const audience = await managerAudience(user.id);
  // By default the twelve months up to the latest one published.
  const range = await publishedRange(user.organisationId, audience);
  const lastPublished = range.last;
  const parsed = parseDashboardFilters(
    new URL(request.url).searchParams,
    currentMonth,
    lastPublished ?? lastPublishableMonth(new Date(), timeZone, publicationDelayDays),
  );
  const k = user.organisation.anonymityThreshold;
  const scope = await remitScope(user.id, k);
  const [kind, id] = parsed.filters.focus.split(":");
  const inRemit = kind === "team" ? scope.teams.some((t) => t.id === id) : kind === "service" ? scope.teams.some((t) => t.serviceId === id) : true;
  if (!inRemit) throw new Response("No team or service with that name is in your remit.", { status: 404 });
  const options = await focusOptions(scope, k);
  const chosen = options.find((o) => o.node === parsed.filters.focus);
  const focus = chosen ?? options[0]!;
  const filters = { ...parsed.filters, focus: focus.node };
  const publication = { audience, range, delayDays: publicationDelayDays, timeZone };
  const data = await dashboardData({ organisationId: user.organisationId, scope, options, focus, k, from: filters.from, to: filters.to, publication });
  return { filters, errors: parsed.errors, typed: parsed.typed, refused: !chosen, data };
}

/** Every panel for one focus the manager may pick and a whole-month period, from the published figures. */
async function dashboardData(input: {
  organisationId: string;
  scope: RemitScope;
  options: FocusOption[];
  focus: FocusOption;
  k: number;
  from: string;
  to: string;
  publication: { audience: string; range: PublishedRange; delayDays: number; timeZone: string };
}): Promise<DashboardData> {
  const { organisationId, scope, options, focus, k, from, to, publication } = input;
  const { range, delayDays, timeZone } = publication;
  const lastPublished = range.last;
  // The months of the period up to the latest one published; those after it are only named, with
  // the day each will be published.
  const shownTo = lastPublished === null ? null : monthIndex(lastPublished) < monthIndex(to) ? lastPublished : to;
  const months = shownTo === null ? [] : monthsBetween(from, shownTo);
  // After the months shown: those already due (the publisher's next run publishes them) and those
  // that are not, with the day each will be published.
  const lastDue = monthIndex(lastPublishableMonth(new Date(), timeZone, delayDays));
  const unshown = monthsBetween(from, to).filter((month) => shownTo === null || monthIndex(month) > monthIndex(shownTo));
  const pending = unshown.filter((month) => monthIndex(month) > lastDue).map((month) => ({ month, on: publicationDay(month, delayDays) }));
  const due = unshown.filter((month) => monthIndex(month) <= lastDue);
  const nextMonth = monthOf(lastDue + 1);
  const next = { month: nextMonth, on: publicationDay(nextMonth, delayDays) };
  const [published, heads] = await Promise.all([publishedFigures(organisationId, publication.audience, from, to, range), headcounts(scope, focus, from, to)]);
  /** The focus's published figure for a category, or null when withheld or not published. */
  const figure = (month: string, category: string, node = focus.node): Point => published.figure(month, node, category);
  const share = (part: Point, whole: Point) => (part === null || whole === null || whole === 0 ? null : tenth((100 * part) / whole));
  /** A median follows its cell: shown only when the cell it describes is shown and not empty. */
  const median = (month: string, category: string) => {
    const count = figure(month, category);
    if (count === null || count === 0) return null;
    const value = published.months.get(month)?.medians.get(cellKey(focus.node, category));
    return value === undefined ? null : tenth(value);
  };
  const publishedOn = months.map((month) => published.months.get(month) ? publishedDay(published.months.get(month)!.publishedAt, timeZone) : null);

  const brokenDown = focus.kind === "all" || focus.kind === "service" || focus.kind === "team";
  const count = months.map((m) => figure(m, "all"));
  const per100 = months.map((m, i) => {
    const heads100 = heads.get(m);
    return count[i] === null || !heads100 ? null : tenth((100 * count[i]!) / heads100);
  });
  const byType =
    focus.kind === "all"
      ? INCIDENT_TYPE_KEYS.map((type) => ({ type, label: INCIDENT_TYPES[type], counts: months.map((m) => figure(m, "all", typeNode(type))) })).filter((t) =>
          t.counts.some((c) => c !== 0),
        )
      : [];

  const none = () => months.map((): Point => null);
  const coverage = brokenDown
    ? {
        within72Share: months.map((m) => share(figure(m, "within72"), figure(m, "all"))),
        medianHoursToContact: months.map((m) => median(m, "contacted")),
        followUpsOnTimeShare: months.map((m) => share(figure(m, "fuOnTime"), figure(m, "fuDue"))),
      }
    : { within72Share: none(), medianHoursToContact: none(), followUpsOnTimeShare: none() };
  const distress = brokenDown
    ? {
        firstMedian: months.map((m) => median(m, "fdKnown")),
        firstHighShare: months.map((m) => share(figure(m, "fdHigh"), figure(m, "fdKnown"))),
        reviewMedian: months.map((m) => median(m, "rdKnown")),
        reviewHighShare: months.map((m) => share(figure(m, "rdHigh"), figure(m, "rdKnown"))),
      }
    : { firstMedian: none(), firstHighShare: none(), reviewMedian: none(), reviewHighShare: none() };

  // Distress by rating pools only the months whose cell is shown, so the period figure is a sum
  // of shown figures and comparing two periods gives away nothing hidden.
  const distressByRating = ["1", "2", "3", "4", "5"].map((rating) => {
    const pooled = { count: 0, sum: 0, sumOfSquares: 0 };
    if (brokenDown) {
      for (const month of months) {
        const n = figure(month, `dr${rating}`);
        if (!n) continue;
        const sums = published.months.get(month)?.distress.get(cellKey(focus.node, `dr${rating}`));
        if (!sums) continue;
        pooled.count += n;
        pooled.sum += sums.sum;
        pooled.sumOfSquares += sums.sumOfSquares;
      }
    }
    const interval = pooled.count >= k ? meanWithInterval(pooled) : null;
    return { rating, interval: interval && { ...interval, mean: tenth(interval.mean), low: tenth(interval.low), high: tenth(interval.high) } };
  });
  const information = {
    reachedShare: brokenDown ? months.map((m) => share(figure(m, "r45"), figure(m, "all"))) : none(),
    barriers: brokenDown ? months.map((m) => figure(m, "barrier")) : none(),
    distressByRating,
  };

  let pulse: DashboardData["pulse"] = null;
  if (brokenDown && published.pulses.size > 0) {
    const responses: Point[] = [];
    const meanWho5: Point[] = [];
    const belowHalfShare: Point[] = [];
    for (const month of months) {
      const data = published.pulses.get(month);
      const all = data?.cells.get(cellKey(focus.node, "all"));
      if (!data || !all) {
        responses.push(published.months.has(month) || published.beforeFirst(month) ? 0 : null);
        meanWho5.push(null);
        belowHalfShare.push(null);
        continue;
      }
      const visible = (category: string) => !data.hidden.has(cellKey(focus.node, category));
      responses.push(visible("all") ? all.value : null);
      meanWho5.push(visible("all") ? Math.round(data.meanOf.get(focus.node)!) : null);
      const below = data.cells.get(cellKey(focus.node, "below50"))?.value ?? 0;
      belowHalfShare.push(visible("all") && visible("below50") ? share(below, all.value) : null);
    }
    pulse = { responses, meanWho5, belowHalfShare };
  }

  return {
    k,
    focus,
    months,
    brokenDown,
    exposures: { count, per100, byType },
    coverage,
    distress,
    information,
    pulse,
    publishedOn,
    pending,
    due,
    next,
    delayDays,
    mergedTeams: scope.mergedTeams,
    options,
  };
}

export type DashboardRow = { section: string; measure: string; focus: string; period: string; value: number | null; published: string };

/** Every figure of the dashboard as rows, in the order of the page: the CSV download. */
export function dashboardRows(data: DashboardData): DashboardRow[] {
  const rows: DashboardRow[] = [];
  if (data.months.length === 0) return rows;
  const series = (section: string, measure: string, values: Point[]) =>
    values.forEach((value, index) =>
      rows.push({ section, measure, focus: data.focus.label, period: data.months[index]!, value, published: data.publishedOn[index] ?? "" }),
    );
  series("Exposures", "Exposures", data.exposures.count);
  series("Exposures", "Exposures per 100 staff", data.exposures.per100);
  for (const type of data.exposures.byType) series("Exposures", `Exposures: ${type.label}`, type.counts);
  if (data.brokenDown) {
    series("Debrief coverage", "Contact within 72 hours (%)", data.coverage.within72Share);
    series("Debrief coverage", "Median hours to first contact", data.coverage.medianHoursToContact);
    series("Debrief coverage", "Follow-ups on time (%)", data.coverage.followUpsOnTimeShare);
    series("Distress", "Median distress at first contact", data.distress.firstMedian);
    series("Distress", "Distress 7 or more at first contact (%)", data.distress.firstHighShare);
    series("Distress", "Median distress at 28-day review", data.distress.reviewMedian);
    series("Distress", "Distress 7 or more at 28-day review (%)", data.distress.reviewHighShare);
    series("Information sharing", "Information fully or mostly reached staff (%)", data.information.reachedShare);
    series("Information sharing", "Exposures with a barrier reported", data.information.barriers);
    const period = `${data.months[0]} to ${data.months.at(-1)}`;
    const published =
      data.publishedOn
        .filter((day): day is string => day !== null)
        .sort()
        .at(-1) ?? "";
    for (const { rating, interval } of data.information.distressByRating) {
      const figures = [
        [`Mean distress, information rated ${rating}`, interval?.mean],
        [`95% CI from, information rated ${rating}`, interval?.low],
        [`95% CI to, information rated ${rating}`, interval?.high],
      ] as const;
      for (const [measure, value] of figures) rows.push({ section: "Information sharing", measure, focus: data.focus.label, period, value: value ?? null, published });
    }
    if (data.pulse) {
      series("Team pulse", "Mean WHO-5", data.pulse.meanWho5);
      series("Team pulse", "WHO-5 below 50 (%)", data.pulse.belowHalfShare);
    }
  }
  return rows;
}
