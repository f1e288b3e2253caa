// Monthly aggregates for the manager's team-trends page, computed in the database (GROUP BY with
// COUNT(DISTINCT staff)), never by loading records. Every figure carries the number of distinct
// staff members behind it, for the privacy engine.
import { prisma } from "~/db.server";
import { monthsBetween } from "~/domain/dashboard-filters";
import { INCIDENT_TYPE_KEYS, PARTNER_AGENCY_KEYS } from "~/domain/vocabulary";
import { organisationTeams, remitTeams } from "~/models/team.server";
import { protectCells, type Equation, type ProtectedCell } from "~/privacy/linear-protection";
import {
  REST_OF_SERVICES,
  ROOT,
  agencyNode,
  cellKey,
  restOfServiceNode,
  serviceNode,
  teamNode,
  typeNode,
  withoutAgencyNode,
  type CellFigure,
  type FamilyShape,
  type TrendStructure,
} from "~/privacy/trend-protection";

/**
 * What is counted about each exposure, as groups of categories that each split all exposures:
 * first support contact (within 72 hours, later, never), distress at the first contact and at the
 * 28-day review (7 or more, lower, not recorded), whether information from partner agencies
 * reached the member of staff (1–5, not applicable), whether a barrier was reported, whether its
 * due follow-ups were done on time, and the "information reached" rating of those whose first
 * distress is known (for distress by rating).
 */
const RATINGS = ["1", "2", "3", "4", "5"] as const;
export const EXPOSURE_SHAPE: FamilyShape = {
  base: "all",
  groups: [
    { parts: ["within72", "later", "never"], sums: [{ total: "contacted", parts: ["within72", "later"] }] },
    { parts: ["fdHigh", "fdLower"], hidden: ["fdNone"], sums: [{ total: "fdKnown", parts: ["fdHigh", "fdLower"] }] },
    { parts: ["rdHigh", "rdLower"], hidden: ["rdNone"], sums: [{ total: "rdKnown", parts: ["rdHigh", "rdLower"] }] },
    { parts: RATINGS.map((r) => `r${r}`), hidden: ["rNa"], sums: [{ total: "r45", parts: ["r4", "r5"] }] },
    { parts: ["barrier", "noBarrier"] },
    { parts: ["fuOnTime", "fuLate"], hidden: ["fuNone"], sums: [{ total: "fuDue", parts: ["fuOnTime", "fuLate"] }] },
    { parts: RATINGS.map((r) => `dr${r}`), hidden: ["drNone"] },
  ],
  arms: ["scope", "type", "agency"],
  // Incident types and agencies give monthly counts only. Figures of disjoint characteristics
  // cannot be combined into the count of a group across breakdowns; crossing types or agencies with
  // categories or teams would end that (docs/decisions/0001-attacks-across-breakdowns.md).
  categoryArms: ["scope"],
};

/**
 * The evaluation's figures for researchers, who see the whole organisation and no dashboard:
 * only what the outcome measures need, as two-way splits, which the engine settles quickly.
 */
export const RESEARCH_SHAPE: FamilyShape = {
  base: "all",
  groups: [
    { parts: ["within72", "notWithin72"] },
    { parts: ["fdHigh", "fdLower"], hidden: ["fdNone"], sums: [{ total: "fdKnown", parts: ["fdHigh", "fdLower"] }] },
    { parts: ["r45", "rOther"] },
  ],
  arms: ["scope", "type", "agency"],
  categoryArms: ["scope"],
};

/** The category of each group for one exposure row of the `c` CTE, as SQL columns. */
const GROUP_COLUMNS = ["cov", "fd", "rd", "rt", "br", "fu", "dr"] as const;
/** Sums inside groups: the sum category and the SQL condition on the `c` CTE. */
const SUM_CATEGORIES: [string, string][] = [
  ["contacted", "cov IN ('within72', 'later')"],
  ["fdKnown", "fd IN ('fdHigh', 'fdLower')"],
  ["rdKnown", "rd IN ('rdHigh', 'rdLower')"],
  ["r45", "rt IN ('r4', 'r5')"],
  ["fuDue", "fu IN ('fuOnTime', 'fuLate')"],
  // the other halves of RESEARCH_SHAPE's splits
  ["notWithin72", "cov <> 'within72'"],
  ["rOther", "rt NOT IN ('r4', 'r5')"],
];

/** Every category of EXPOSURE_SHAPE with its SQL condition on the `c` CTE. */
const EXPOSURE_CATEGORIES: [string, string][] = [
  ["all", "1 = 1"],
  ...EXPOSURE_SHAPE.groups.flatMap((group, index) =>
    [...group.parts, ...(group.hidden ?? [])].map((category): [string, string] => [category, `${GROUP_COLUMNS[index]} = '${category}'`]),
  ),
  ...SUM_CATEGORIES,
];

/** "?, ?, ?" for an IN list (NULL when empty, which matches nothing). */
export const placeholdersFor = (values: unknown[]) => values.map(() => "?").join(",") || "NULL";

export type ScopeOption = { node: string; label: string; kind: "all" | "service" | "team" };

export type RemitScope = {
  structure: TrendStructure;
  options: ScopeOption[];
  /** the scope leaf and service node of each remit team, for grouping in SQL */
  teams: { id: string; name: string; serviceId: string; serviceName: string; leaf: string; service: string }[];
  /** teams in the remit that are only shown within their service (or the rest of the remit) */
  mergedTeams: string[];
};

/**
 * The teams and services a manager may pick. A team is offered on its own only when it and the
 * teams left out of its service each hold at least k people across all records; the rest are
 * shown only merged into their service (or, for a small service, into the whole remit).
 */
export async function remitScope(managerId: string, k: number): Promise<RemitScope> {
  return scopeOfTeams(await remitTeams(managerId), k);
}

/** The same for the whole organisation (researchers, who see no individual either). */
export async function organisationScope(organisationId: string, k: number): Promise<RemitScope> {
  return scopeOfTeams(await organisationTeams(organisationId), k);
}

type ScopeTeam = { id: string; name: string; serviceId: string; service: { name: string } };

async function scopeOfTeams(teams: ScopeTeam[], k: number): Promise<RemitScope> {
  const teamIds = teams.map((t) => t.id);
  const placeholders = placeholdersFor(teamIds);
  // From the tallies the database keeps (ExposureTally), not from every record.
  const [teamStaff, serviceStaff] = await Promise.all([
    prisma.$queryRawUnsafe<{ teamId: string; staff: bigint | number }[]>(
      `SELECT teamId, COUNT(DISTINCT staffMemberId) AS staff FROM ExposureTally WHERE teamId IN (${placeholders}) GROUP BY teamId`,
      ...teamIds,
    ),
    prisma.$queryRawUnsafe<{ serviceId: string; staff: bigint | number }[]>(
      `SELECT t.serviceId AS serviceId, COUNT(DISTINCT x.staffMemberId) AS staff FROM ExposureTally x JOIN Team t ON t.id = x.teamId
       WHERE x.teamId IN (${placeholders}) GROUP BY t.serviceId`,
      ...teamIds,
    ),
  ]);
  const staffOfTeam = new Map(teamStaff.map((r) => [r.teamId, Number(r.staff)]));
  const staffOfService = new Map(serviceStaff.map((r) => [r.serviceId, Number(r.staff)]));
  const serviceIds = [...new Set(teams.map((t) => t.serviceId))];
  const cells: ProtectedCell[] = [
    { id: ROOT, staff: [...staffOfService.values()].reduce((a, b) => a + b, 0) },
    ...serviceIds.map((id) => ({ id: serviceNode(id), staff: staffOfService.get(id) ?? 0 })),
    ...teams.map((t) => ({ id: teamNode(t.id), staff: staffOfTeam.get(t.id) ?? 0 })),
  ];
  const equations: Equation[] = [
    { total: ROOT, parts: serviceIds.map(serviceNode) },
    ...serviceIds.map((id) => ({ total: serviceNode(id), parts: teams.filter((t) => t.serviceId === id).map((t) => teamNode(t.id)) })),
  ];
  const { suppressed } = protectCells({ cells, equations, k });
  const staffOf = new Map(cells.map((c) => [c.id, c.staff]));
  // A node nobody has been recorded in yet is not offered either: it would say nothing.
  const offered = (node: string) => !suppressed.has(node) && (staffOf.get(node) ?? 0) >= k;

  const offeredServices = serviceIds.filter((id) => offered(serviceNode(id)));
  const structure: TrendStructure = {
    scope: {
      services: offeredServices.map((id) => {
        const inService = teams.filter((t) => t.serviceId === id);
        return { id, teams: inService.filter((t) => offered(teamNode(t.id))).map((t) => t.id), hasRest: inService.some((t) => !offered(teamNode(t.id))) };
      }),
      hasRestOfServices: serviceIds.some((id) => !offeredServices.includes(id)),
    },
    types: INCIDENT_TYPE_KEYS,
    agencies: PARTNER_AGENCY_KEYS,
  };
  const options: ScopeOption[] = [{ node: ROOT, label: "All teams in your remit", kind: "all" }];
  for (const id of offeredServices) {
    const inService = teams.filter((t) => t.serviceId === id);
    options.push({ node: serviceNode(id), label: inService[0]!.service.name, kind: "service" });
    for (const t of inService) if (offered(teamNode(t.id))) options.push({ node: teamNode(t.id), label: t.name, kind: "team" });
  }
  return {
    structure,
    options,
    teams: teams.map((t) => {
      const serviceOffered = offeredServices.includes(t.serviceId);
      return {
        id: t.id,
        name: t.name,
        serviceId: t.serviceId,
        serviceName: t.service.name,
        service: serviceOffered ? serviceNode(t.serviceId) : REST_OF_SERVICES,
        leaf: !serviceOffered ? REST_OF_SERVICES : offered(teamNode(t.id)) ? teamNode(t.id) : restOfServiceNode(t.serviceId),
      };
    }),
    mergedTeams: teams.filter((t) => !offered(teamNode(t.id))).map((t) => t.name),
  };
}

export type Row = Record<string, string | number | bigint | null>;
/** Runs one read-only SQL statement: the app's Prisma client, or (in the benchmark) better-sqlite3 directly. */
export type RawQuery = (sql: string, params: unknown[]) => Promise<Row[]>;
const throughPrisma: RawQuery = (sql, params) => prisma.$queryRawUnsafe<Row[]>(sql, ...params);
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

/** The remit's teams with the scope nodes each counts in (its service, and its own node or the rest of its service), as a CTE. */
export function remitSql(scope: RemitScope) {
  return {
    sql: `remit(teamId, serviceNode, leafNode) AS (VALUES ${scope.teams.map(() => "(?, ?, ?)").join(", ")})`,
    params: scope.teams.flatMap((t) => [t.id, t.service, t.leaf]),
  };
}

export type TeamMonthHeadcount = { headcount: number; /** the month it was given in, when earlier than this one */ carriedFrom: string | null };

/**
 * Each team's headcount in each month of [from, to], keyed "teamId|month": the figure given for
 * that month or, when none was, the latest one given before it (a headcount stays the same until
 * it is changed), but never past the month the team was archived (UTC month of archivedAt). A
 * team-month with no figure at or before it is absent. The one place TeamHeadcount is read for figures.
 */
export async function teamMonthHeadcounts(teamIds: string[], from: string, to: string) {
  const headcounts = new Map<string, TeamMonthHeadcount>();
  const months = monthsBetween(from, to);
  if (teamIds.length === 0 || months.length === 0) return headcounts;
  // One indexed look-up per team-month (TeamHeadcount is unique on team and month).
  const rows = await prisma.$queryRawUnsafe<{ teamId: string; month: string; givenMonth: string | null; headcount: bigint | number | null }[]>(
    `WITH months(month) AS (VALUES ${months.map(() => "(?)").join(", ")}),
     latest AS (
       SELECT t.id AS teamId, m.month AS month,
         (SELECT MAX(h.periodMonth) FROM TeamHeadcount h WHERE h.teamId = t.id AND h.periodMonth <= m.month) AS givenMonth
       FROM Team t CROSS JOIN months m
       WHERE t.id IN (${placeholdersFor(teamIds)}) AND (t.archivedAt IS NULL OR m.month <= substr(CAST(t.archivedAt AS TEXT), 1, 7))
     )
     SELECT l.teamId AS teamId, l.month AS month, l.givenMonth AS givenMonth, h.headcount AS headcount
     FROM latest l JOIN TeamHeadcount h ON h.teamId = l.teamId AND h.periodMonth = l.givenMonth`,
    ...months,
    ...teamIds,
  );
  for (const row of rows) {
    headcounts.set(`${row.teamId}|${row.month}`, { headcount: Number(row.headcount), carriedFrom: row.givenMonth === row.month ? null : row.givenMonth });
  }
  return headcounts;
}

/** The staff of these teams in a month, or null when any of them has no headcount then (a rate would overstate). */
export function headcountOf(headcounts: ReadonlyMap<string, TeamMonthHeadcount>, teamIds: readonly string[], month: string) {
  let sum = 0;
  for (const teamId of teamIds) {
    const entry = headcounts.get(`${teamId}|${month}`);
    if (!entry) return null;
    sum += entry.headcount;
  }
  return teamIds.length > 0 ? sum : null;
}

/** One month of exposure figures: every cell, and per-cell statistics. */
export type ExposureMonth = {
  cells: Map<string, CellFigure>;
  /** median hours to first contact (cell "contacted"), median distress (cells "fdKnown", "rdKnown") */
  medians: Map<string, number>;
  /** sum and sum of squares of first-contact distress, for the cells "dr1"–"dr5" and "fdKnown" */
  distress: Map<string, { sum: number; sumOfSquares: number }>;
};

/**
 * Each exposure of the remit and months [from, to] with its scope nodes and the category of each
 * group (the `c` CTE). Follow-ups count as due once their time is before the first parameter.
 */
const EXPOSURE_ROWS_SQL = `
    e AS MATERIALIZED (
      SELECT x.id, x.staffMemberId AS staff, x.occurredMonth AS month, x.incidentType, r.serviceNode, r.leafNode,
        x.informationReached AS rating, julianday(x.occurredAt) AS occurredDay,
        (SELECT MIN(julianday(c.contactedAt)) FROM SupportContactExposure l JOIN SupportContact c ON c.id = l.supportContactId
          WHERE l.exposureId = x.id AND c.deletedAt IS NULL) AS firstDay,
        (SELECT c.distress FROM SupportContactExposure l JOIN SupportContact c ON c.id = l.supportContactId
          WHERE l.exposureId = x.id AND c.deletedAt IS NULL ORDER BY c.contactedAt LIMIT 1) AS firstDistress,
        (SELECT c.distress FROM SupportContactExposure l JOIN SupportContact c ON c.id = l.supportContactId
          WHERE l.exposureId = x.id AND c.deletedAt IS NULL AND c.contactType = 'review' ORDER BY c.contactedAt LIMIT 1) AS reviewDistress,
        EXISTS (SELECT 1 FROM ExposureBarrier b WHERE b.exposureId = x.id) AS barrier,
        -- A follow-up cancelled after it fell due was missed: closing it or erasing its person later
        -- does not rewrite the month's figures.
        (SELECT CASE WHEN COUNT(*) = 0 THEN 'fuNone'
                     WHEN SUM(CASE WHEN f.completedAt IS NULL OR julianday(f.completedAt) > julianday(f.dueAt) THEN 1 ELSE 0 END) = 0 THEN 'fuOnTime'
                     ELSE 'fuLate' END
          FROM FollowUp f WHERE f.exposureId = x.id AND (f.cancelledAt IS NULL OR julianday(f.cancelledAt) > julianday(f.dueAt)) AND julianday(f.dueAt) <= julianday(?)) AS fu
      FROM Exposure x JOIN remit r ON r.teamId = x.teamId
      WHERE x.organisationId = ? AND x.deletedAt IS NULL AND x.occurredMonth BETWEEN ? AND ?
    ),
    c AS MATERIALIZED (
      SELECT e.*,
        CASE WHEN firstDay IS NULL THEN 'never' WHEN firstDay - occurredDay <= 3 THEN 'within72' ELSE 'later' END AS cov,
        CASE WHEN firstDistress IS NULL THEN 'fdNone' WHEN firstDistress >= 7 THEN 'fdHigh' ELSE 'fdLower' END AS fd,
        CASE WHEN reviewDistress IS NULL THEN 'rdNone' WHEN reviewDistress >= 7 THEN 'rdHigh' ELSE 'rdLower' END AS rd,
        CASE WHEN rating IS NULL THEN 'rNa' ELSE 'r' || rating END AS rt,
        CASE WHEN barrier THEN 'barrier' ELSE 'noBarrier' END AS br,
        CASE WHEN rating IS NULL OR firstDistress IS NULL THEN 'drNone' ELSE 'dr' || rating END AS dr
      FROM e
    ),
    -- Each exposure once for every scope node it counts in: the remit, its service, its team (or the rest).
    scoped AS (
      SELECT '${ROOT}' AS node, c.* FROM c
      UNION ALL SELECT serviceNode, c.* FROM c
      UNION ALL SELECT leafNode, c.* FROM c WHERE leafNode <> serviceNode
    )`;

/** The per-cell sums of one scope node and month, in the order exposureMonths reads them. */
const CELL_FIGURES = [
  ...EXPOSURE_CATEGORIES.flatMap((_, i) => [`SUM(n${i})`, `SUM(CASE WHEN n${i} > 0 THEN 1 ELSE 0 END)`]),
  ...RATINGS.flatMap((r) => [`SUM(d${r})`, `SUM(q${r})`]),
  "SUM(dKnown)",
  "SUM(qKnown)",
];
/** A row of the result: its kind, month, node, metric and median, then up to CELL_FIGURES.length figures. */
const resultRow = (head: string, figures: string[]) =>
  `SELECT ${head}, ${CELL_FIGURES.map((_, i) => `${figures[i] ?? "NULL"} AS f${i}`).join(", ")}`;

/**
 * Exposure figures by month for the remit and months [from, to] ("YYYY-MM"), in one statement so
 * each exposure's categories are worked out once. Scope nodes (the remit, services, teams) get
 * every cell of EXPOSURE_SHAPE with its count and distinct staff, the sums behind mean distress
 * and the medians; incident types and partner agencies get their monthly count and distinct
 * staff only, as they are never broken down further (EXPOSURE_SHAPE.categoryArms).
 */
export async function exposureMonths(
  organisationId: string,
  scope: RemitScope,
  from: string,
  to: string,
  options: { now?: Date; query?: RawQuery } = {},
): Promise<Map<string, ExposureMonth>> {
  const { now = new Date(), query = throughPrisma } = options;
  const months = new Map<string, ExposureMonth>();
  if (scope.teams.length === 0) return months;
  const monthOf = (month: string) => {
    let found = months.get(month);
    if (!found) {
      found = { cells: new Map(), medians: new Map(), distress: new Map() };
      months.set(month, found);
    }
    return found;
  };
  const remit = remitSql(scope);

  const rows = await query(
    `WITH ${remit.sql}, ${EXPOSURE_ROWS_SQL},
     -- Counted per person first, then per cell: "people with at least one" is then a plain SUM,
     -- which SQLite does far faster than dozens of COUNT(DISTINCT …) side by side.
     per_person AS (
       SELECT month, node,
         ${EXPOSURE_CATEGORIES.map(([, condition], i) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS n${i}`).join(", ")},
         ${RATINGS.map((r) => `SUM(CASE WHEN dr = 'dr${r}' THEN firstDistress END) AS d${r}, SUM(CASE WHEN dr = 'dr${r}' THEN firstDistress * firstDistress END) AS q${r}`).join(", ")},
         SUM(firstDistress) AS dKnown, SUM(firstDistress * firstDistress) AS qKnown
       FROM scoped
       GROUP BY month, node, staff
     ),
     -- Medians from the count of each value: distress has eleven, so most of the sorting goes.
     measured(month, node, metric, value, n) AS (
       SELECT month, node, 'contacted', (firstDay - occurredDay) * 24, COUNT(*) FROM scoped WHERE firstDay IS NOT NULL GROUP BY 1, 2, 4
       UNION ALL SELECT month, node, 'fdKnown', firstDistress, COUNT(*) FROM scoped WHERE firstDistress IS NOT NULL GROUP BY 1, 2, 4
       UNION ALL SELECT month, node, 'rdKnown', reviewDistress, COUNT(*) FROM scoped WHERE reviewDistress IS NOT NULL GROUP BY 1, 2, 4
     ),
     ranked AS (
       SELECT month, node, metric, value, n,
         CAST(SUM(n) OVER (PARTITION BY month, node, metric ORDER BY value ROWS UNBOUNDED PRECEDING) AS INTEGER) AS upTo,
         CAST(SUM(n) OVER (PARTITION BY month, node, metric) AS INTEGER) AS size
       FROM measured
     ),
     person_month AS (SELECT month, staff, COUNT(*) AS n FROM c GROUP BY month, staff),
     person_agency AS (
       SELECT c.month, c.staff, p.agency, COUNT(*) AS n FROM c JOIN ExposurePartnerAgency p ON p.exposureId = c.id GROUP BY c.month, c.staff, p.agency
     )
     ${resultRow("'cell' AS kind, month, node, NULL AS metric, NULL AS median", CELL_FIGURES)} FROM per_person GROUP BY month, node
     UNION ALL
     ${resultRow("'median', month, node, metric, AVG(value)", [])} FROM ranked
       WHERE (size + 1) / 2 BETWEEN upTo - n + 1 AND upTo OR (size + 2) / 2 BETWEEN upTo - n + 1 AND upTo
       GROUP BY month, node, metric
     UNION ALL
     ${resultRow("'type', month, incidentType, NULL, NULL", ["COUNT(*)", "COUNT(DISTINCT staff)"])} FROM c GROUP BY month, incidentType
     UNION ALL
     ${resultRow("'agency', a.month, a.agency, NULL, NULL", ["SUM(a.n)", "COUNT(*)", "SUM(CASE WHEN a.n = p.n THEN 1 ELSE 0 END)"])}
       FROM person_agency a JOIN person_month p ON p.month = a.month AND p.staff = a.staff GROUP BY a.month, a.agency`,
    [...remit.params, now.toISOString(), organisationId, from, to],
  );

  const agencyRows = new Map<string, Row>();
  for (const row of rows) {
    const month = monthOf(String(row.month));
    const node = String(row.node);
    const figure = (i: number) => num(row[`f${i}`]);
    if (row.kind === "cell") {
      EXPOSURE_CATEGORIES.forEach(([name], i) => month.cells.set(cellKey(node, name), { value: figure(2 * i), staff: figure(2 * i + 1) }));
      const sums = 2 * EXPOSURE_CATEGORIES.length;
      RATINGS.forEach((r, i) => month.distress.set(cellKey(node, `dr${r}`), { sum: figure(sums + 2 * i), sumOfSquares: figure(sums + 2 * i + 1) }));
      month.distress.set(cellKey(node, "fdKnown"), { sum: figure(sums + 2 * RATINGS.length), sumOfSquares: figure(sums + 2 * RATINGS.length + 1) });
    } else if (row.kind === "median") {
      month.medians.set(cellKey(node, String(row.metric)), num(row.median));
    } else if (row.kind === "type") {
      month.cells.set(cellKey(typeNode(node), "all"), { value: figure(0), staff: figure(1) });
    } else {
      agencyRows.set(`${row.month}|${node}`, row);
    }
  }
  // An agency's figures, and those of the exposures without it: every exposure of the month less
  // those with it, and every person of the month less those whose every exposure had it.
  for (const [monthKey, month] of months) {
    const everyone = month.cells.get(cellKey(ROOT, "all"))!;
    for (const agency of PARTNER_AGENCY_KEYS) {
      const row = agencyRows.get(`${monthKey}|${agency}`);
      const [value, staff, onlyWith] = row ? [num(row.f0), num(row.f1), num(row.f2)] : [0, 0, 0];
      if (value > 0) month.cells.set(cellKey(agencyNode(agency), "all"), { value, staff });
      if (everyone.value > value) month.cells.set(cellKey(withoutAgencyNode(agency), "all"), { value: everyone.value - value, staff: everyone.staff - onlyWith });
    }
  }
  return months;
}

/**
 * Base figures to withhold because their population nearly coincides with one of another
 * breakdown in the same month: a team and an incident type, a team and an agency, or a type and an
 * agency whose exposures differ by the records of fewer than k people (or together cover all but
 * fewer than k) would give those people away by subtraction. Within one breakdown the engine
 * already sees such differences; across breakdowns this is checked here, pair by pair. The type
 * or agency figure is the one withheld, as managers steer by teams.
 *
 * Only pairs whose people counts could be that close are checked exactly, in SQL with
 * COUNT(DISTINCT): people(A △ B) ≥ |people(A) − people(B)|, and A and B cover all but fewer than k
 * only if people(A) + people(B) > people(all) − k.
 */
export async function nearlyCoinciding(organisationId: string, scope: RemitScope, months: ReadonlyMap<string, ExposureMonth>, k: number) {
  const { services } = scope.structure.scope;
  const scopeNodes = services.flatMap((s) => [serviceNode(s.id), ...s.teams.map(teamNode)]);
  const typeNodes = scope.structure.types.map(typeNode);
  const agencyNodes = scope.structure.agencies.map(agencyNode);
  const pairs: [string, string][] = [
    ...scopeNodes.flatMap((a) => [...typeNodes, ...agencyNodes].map((b): [string, string] => [a, b])),
    ...typeNodes.flatMap((a) => agencyNodes.map((b): [string, string] => [a, b])),
  ];
  const candidates: [string, string, string][] = [];
  for (const [month, { cells }] of months) {
    const people = (node: string) => cells.get(cellKey(node, "all"))?.staff ?? 0;
    const everyone = people(ROOT);
    for (const [a, b] of pairs) {
      const [pa, pb] = [people(a), people(b)];
      if (pa === 0 || pb === 0) continue; // an empty population is all or nothing of the other: nothing to subtract
      if (Math.abs(pa - pb) < k || pa + pb > everyone - k) candidates.push([month, a, b]);
    }
  }
  const withheld = new Map<string, Set<string>>();
  if (candidates.length === 0 || scope.teams.length === 0) return withheld;
  const inNode = (node: string) =>
    `(CASE WHEN ${node} = x.serviceNode OR ${node} = x.leafNode OR ${node} = 'type:' || x.incidentType THEN 1
       WHEN ${node} LIKE 'agency:%' AND EXISTS (SELECT 1 FROM ExposurePartnerAgency p WHERE p.exposureId = x.id AND 'agency:' || p.agency = ${node}) THEN 1
       ELSE 0 END)`;
  const monthsChecked = [...new Set(candidates.map(([month]) => month))].sort();
  const remit = remitSql(scope);
  const rows = await prisma.$queryRawUnsafe<{ month: string; a: string; b: string; differ: bigint | number; agree: bigint | number }[]>(
    `WITH cand(month, a, b) AS (VALUES ${candidates.map(() => "(?, ?, ?)").join(", ")}),
     ${remit.sql},
     x AS MATERIALIZED (
       SELECT e.id, e.staffMemberId AS staff, e.occurredMonth AS month, e.incidentType, r.serviceNode, r.leafNode
       FROM Exposure e JOIN remit r ON r.teamId = e.teamId
       WHERE e.organisationId = ? AND e.deletedAt IS NULL AND e.occurredMonth BETWEEN ? AND ?
     ),
     membership AS (SELECT c.month, c.a, c.b, x.staff, ${inNode("c.a")} AS inA, ${inNode("c.b")} AS inB FROM cand c JOIN x ON x.month = c.month)
     SELECT month, a, b, COUNT(DISTINCT CASE WHEN inA <> inB THEN staff END) AS differ, COUNT(DISTINCT CASE WHEN inA = inB THEN staff END) AS agree
     FROM membership GROUP BY month, a, b`,
    ...candidates.flat(),
    ...remit.params,
    organisationId,
    monthsChecked[0]!,
    monthsChecked.at(-1)!,
  );
  const small = (people: number) => people > 0 && people < k;
  for (const row of rows) {
    if (!small(Number(row.differ)) && !small(Number(row.agree))) continue;
    const set = withheld.get(row.month) ?? new Set<string>();
    set.add(cellKey(row.b, "all"));
    withheld.set(row.month, set);
  }
  return withheld;
}
