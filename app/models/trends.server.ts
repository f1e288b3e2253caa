// Monthly aggregates for the manager's team-trends page, computed in the database (GROUP BY with
// COUNT(DISTINCT staff)), never by loading records. Every figure carries the number of distinct
// staff members behind it, for the privacy engine.
import { prisma } from "~/db.server";
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
  ["all", "1"],
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
  const [teamStaff, serviceStaff] = await Promise.all([
    prisma.$queryRawUnsafe<{ teamId: string; staff: bigint | number }[]>(
      `SELECT teamId, COUNT(DISTINCT staffMemberId) AS staff FROM Exposure WHERE deletedAt IS NULL AND teamId IN (${placeholders}) GROUP BY teamId`,
      ...teamIds,
    ),
    prisma.$queryRawUnsafe<{ serviceId: string; staff: bigint | number }[]>(
      `SELECT t.serviceId AS serviceId, COUNT(DISTINCT e.staffMemberId) AS staff FROM Exposure e JOIN Team t ON t.id = e.teamId
       WHERE e.deletedAt IS NULL AND e.teamId IN (${placeholders}) GROUP BY t.serviceId`,
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

/** SQL for the membership rows of every exposure in `e`: (exposure, node), one per node it counts in. */
function membershipSql(scope: RemitScope) {
  const teamValues = scope.teams.map(() => "(?, ?, ?)").join(", ");
  const agencyValues = PARTNER_AGENCY_KEYS.map(() => "(?)").join(", ");
  return {
    params: [...scope.teams.flatMap((t) => [t.id, t.service, t.leaf]), ...PARTNER_AGENCY_KEYS],
    sql: `
      remit(teamId, serviceNode, leafNode) AS (VALUES ${teamValues}),
      agencies(agency) AS (VALUES ${agencyValues}),
      member(id, node) AS (
        SELECT id, '${ROOT}' FROM e
        UNION ALL SELECT e.id, r.serviceNode FROM e JOIN remit r ON r.teamId = e.teamId
        UNION ALL SELECT e.id, r.leafNode FROM e JOIN remit r ON r.teamId = e.teamId WHERE r.leafNode <> r.serviceNode
        UNION ALL SELECT id, 'type:' || incidentType FROM e
        UNION ALL SELECT e.id, 'agency:' || p.agency FROM e JOIN ExposurePartnerAgency p ON p.exposureId = e.id
        UNION ALL SELECT e.id, 'without-agency:' || a.agency FROM e CROSS JOIN agencies a
          WHERE NOT EXISTS (SELECT 1 FROM ExposurePartnerAgency p WHERE p.exposureId = e.id AND p.agency = a.agency)
      )`,
  };
}

/** One month of exposure figures: every cell, and per-cell statistics. */
export type ExposureMonth = {
  cells: Map<string, CellFigure>;
  /** median hours to first contact (cell "contacted"), median distress (cells "fdKnown", "rdKnown") */
  medians: Map<string, number>;
  /** sum and sum of squares of first-contact distress, for the cells "dr1"–"dr5" and "fdKnown" */
  distress: Map<string, { sum: number; sumOfSquares: number }>;
};

/** Each exposure with the category of each group (the `c` CTE), for the remit and months [from, to]. */
function exposureRowsSql(teamCount: number) {
  return `
    e AS MATERIALIZED (
      SELECT x.id, x.staffMemberId AS staff, x.occurredMonth AS month, x.teamId, x.incidentType,
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
                     WHEN SUM(f.completedAt IS NULL OR julianday(f.completedAt) > julianday(f.dueAt)) = 0 THEN 'fuOnTime'
                     ELSE 'fuLate' END
          FROM FollowUp f WHERE f.exposureId = x.id AND (f.cancelledAt IS NULL OR julianday(f.cancelledAt) > julianday(f.dueAt)) AND julianday(f.dueAt) <= julianday(?)) AS fu
      FROM Exposure x
      WHERE x.organisationId = ? AND x.deletedAt IS NULL AND x.occurredMonth BETWEEN ? AND ?
        AND x.teamId IN (${placeholdersFor(new Array(teamCount).fill(0))})
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
    )`;
}

/**
 * Exposure figures by month for the remit and months [from, to] ("YYYY-MM"): every cell of
 * EXPOSURE_SHAPE with its count and distinct staff and the sums behind mean distress, and the
 * medians (window functions). Two queries, both GROUP BY. Follow-ups count as due once their
 * time is before `now`.
 */
export async function exposureMonths(
  organisationId: string,
  scope: RemitScope,
  from: string,
  to: string,
  options: { now?: Date; query?: RawQuery } = {},
): Promise<Map<string, ExposureMonth>> {
  const { now = new Date(), query = throughPrisma } = options;
  const teamIds = scope.teams.map((t) => t.id);
  const months = new Map<string, ExposureMonth>();
  if (teamIds.length === 0) return months;
  const monthOf = (month: string) => {
    let found = months.get(month);
    if (!found) {
      found = { cells: new Map(), medians: new Map(), distress: new Map() };
      months.set(month, found);
    }
    return found;
  };
  const membership = membershipSql(scope);
  const rowsParams = [now.toISOString(), organisationId, from, to, ...teamIds];
  const withClause = `WITH ${exposureRowsSql(teamIds.length)}, ${membership.sql}`;

  const [cellRows, medianRows] = await Promise.all([
    // Counted per person first, then per cell: "people with at least one" is then a plain SUM,
    // which SQLite does far faster than dozens of COUNT(DISTINCT …) side by side.
    query(
      `${withClause},
       per_person AS (
         SELECT c.month AS month, m.node AS node,
           ${EXPOSURE_CATEGORIES.map(([, condition], i) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS n${i}`).join(", ")},
           ${RATINGS.map((r) => `SUM(CASE WHEN c.dr = 'dr${r}' THEN c.firstDistress END) AS d${r}, SUM(CASE WHEN c.dr = 'dr${r}' THEN c.firstDistress * c.firstDistress END) AS q${r}`).join(", ")},
           SUM(c.firstDistress) AS dKnown, SUM(c.firstDistress * c.firstDistress) AS qKnown
         FROM member m JOIN c ON c.id = m.id
         GROUP BY c.month, m.node, c.staff
       )
       SELECT month, node,
         ${EXPOSURE_CATEGORIES.map((_, i) => `SUM(n${i}) AS "n${i}", SUM(n${i} > 0) AS "s${i}"`).join(",\n         ")},
         ${RATINGS.map((r) => `SUM(d${r}) AS "d${r}", SUM(q${r}) AS "q${r}"`).join(",\n         ")},
         SUM(dKnown) AS "dKnown", SUM(qKnown) AS "qKnown"
       FROM per_person
       GROUP BY month, node`,
      [...rowsParams, ...membership.params],
    ),
    query(
      `${withClause},
       measured(month, node, metric, value) AS (
         SELECT c.month, m.node, 'contacted', (c.firstDay - c.occurredDay) * 24 FROM member m JOIN c ON c.id = m.id WHERE c.firstDay IS NOT NULL
         UNION ALL SELECT c.month, m.node, 'fdKnown', c.firstDistress FROM member m JOIN c ON c.id = m.id WHERE c.firstDistress IS NOT NULL
         UNION ALL SELECT c.month, m.node, 'rdKnown', c.reviewDistress FROM member m JOIN c ON c.id = m.id WHERE c.reviewDistress IS NOT NULL
       ),
       ranked AS (
         SELECT month, node, metric, value,
           ROW_NUMBER() OVER (PARTITION BY month, node, metric ORDER BY value) AS position,
           COUNT(*) OVER (PARTITION BY month, node, metric) AS size
         FROM measured
       )
       SELECT month, node, metric, AVG(value) AS median FROM ranked
       WHERE position IN ((size + 1) / 2, (size + 2) / 2)
       GROUP BY month, node, metric`,
      [...rowsParams, ...membership.params],
    ),
  ]);

  for (const row of cellRows) {
    const { cells, distress } = monthOf(String(row.month));
    EXPOSURE_CATEGORIES.forEach(([name], i) => cells.set(cellKey(String(row.node), name), { value: num(row[`n${i}`]), staff: num(row[`s${i}`]) }));
    for (const r of RATINGS) distress.set(cellKey(String(row.node), `dr${r}`), { sum: num(row[`d${r}`]), sumOfSquares: num(row[`q${r}`]) });
    distress.set(cellKey(String(row.node), "fdKnown"), { sum: num(row.dKnown), sumOfSquares: num(row.qKnown) });
  }
  for (const row of medianRows) monthOf(String(row.month)).medians.set(cellKey(String(row.node), String(row.metric)), num(row.median));
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
  const rows = await prisma.$queryRawUnsafe<{ month: string; a: string; b: string; differ: bigint | number; agree: bigint | number }[]>(
    `WITH cand(month, a, b) AS (VALUES ${candidates.map(() => "(?, ?, ?)").join(", ")}),
     remit(teamId, serviceNode, leafNode) AS (VALUES ${scope.teams.map(() => "(?, ?, ?)").join(", ")}),
     x AS MATERIALIZED (
       SELECT e.id, e.staffMemberId AS staff, e.occurredMonth AS month, e.incidentType, r.serviceNode, r.leafNode
       FROM Exposure e JOIN remit r ON r.teamId = e.teamId
       WHERE e.organisationId = ? AND e.deletedAt IS NULL AND e.occurredMonth BETWEEN ? AND ?
     ),
     membership AS (SELECT c.month, c.a, c.b, x.staff, ${inNode("c.a")} AS inA, ${inNode("c.b")} AS inB FROM cand c JOIN x ON x.month = c.month)
     SELECT month, a, b, COUNT(DISTINCT CASE WHEN inA <> inB THEN staff END) AS differ, COUNT(DISTINCT CASE WHEN inA = inB THEN staff END) AS agree
     FROM membership GROUP BY month, a, b`,
    ...candidates.flat(),
    ...scope.teams.flatMap((t) => [t.id, t.service, t.leaf]),
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
