// Monthly aggregates for the manager's team-trends page, computed in the database (GROUP BY with
// COUNT(DISTINCT staff)), never by loading records. Every figure carries the number of distinct
// staff members behind it, for the privacy engine.
import { prisma } from "~/db.server";
import { INCIDENT_TYPE_KEYS, PARTNER_AGENCY_KEYS } from "~/domain/vocabulary";
import { remitTeams } from "~/models/team.server";
import { protectCells, type Equation, type ProtectedCell } from "~/privacy/linear-protection";
import {
  REST_OF_SERVICES,
  ROOT,
  cellKey,
  restOfServiceNode,
  serviceNode,
  teamNode,
  type CellFigure,
  type FamilyShape,
  type TrendStructure,
} from "~/privacy/trend-protection";

/** Exposures: contacted within 72 hours or not; distress at the first contact high (≥ 7), lower, or not recorded. */
export const EXPOSURE_SHAPE: FamilyShape = {
  base: "all",
  groups: [{ parts: ["within72", "not72"] }, { parts: ["distressHigh", "distressLower"], hidden: ["distressNone"] }],
  arms: ["scope", "type", "agency"],
};

/** "?, ?, ?" for an IN list (NULL when empty, which matches nothing). */
const placeholdersFor = (values: unknown[]) => values.map(() => "?").join(",") || "NULL";

export type ScopeOption = { node: string; label: string; kind: "all" | "service" | "team" };

export type RemitScope = {
  structure: TrendStructure;
  options: ScopeOption[];
  /** the scope leaf and service node of each remit team, for grouping in SQL */
  teams: { id: string; leaf: string; service: string }[];
  /** teams in the remit that are only shown within their service (or the rest of the remit) */
  mergedTeams: string[];
};

/**
 * The teams and services a manager may pick. A team is offered on its own only when it and the
 * teams left out of its service each hold at least k people across all records; the rest are
 * shown only merged into their service (or, for a small service, into the whole remit).
 */
export async function remitScope(managerId: string, k: number): Promise<RemitScope> {
  const teams = await remitTeams(managerId);
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
        service: serviceOffered ? serviceNode(t.serviceId) : REST_OF_SERVICES,
        leaf: !serviceOffered ? REST_OF_SERVICES : offered(teamNode(t.id)) ? teamNode(t.id) : restOfServiceNode(t.serviceId),
      };
    }),
    mergedTeams: teams.filter((t) => !offered(teamNode(t.id))).map((t) => t.name),
  };
}

type Row = Record<string, string | number | bigint | null>;
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
        UNION ALL SELECT e.id, r.leafNode FROM e JOIN remit r ON r.teamId = e.teamId
        UNION ALL SELECT id, 'type:' || incidentType FROM e
        UNION ALL SELECT e.id, 'agency:' || p.agency FROM e JOIN ExposurePartnerAgency p ON p.exposureId = e.id
        UNION ALL SELECT e.id, 'without-agency:' || a.agency FROM e CROSS JOIN agencies a
          WHERE NOT EXISTS (SELECT 1 FROM ExposurePartnerAgency p WHERE p.exposureId = e.id AND p.agency = a.agency)
      )`,
  };
}

export type MonthlyFigures = Map<string, Map<string, CellFigure>>;

/**
 * Exposure figures by month and node for the remit and months [from, to] ("YYYY-MM"):
 * every cell of EXPOSURE_SHAPE with its count and distinct staff.
 */
export async function exposureFigures(organisationId: string, scope: RemitScope, from: string, to: string): Promise<MonthlyFigures> {
  const teamIds = scope.teams.map((t) => t.id);
  if (teamIds.length === 0) return new Map();
  const membership = membershipSql(scope);
  const categories: [string, string][] = [
    ["all", "1"],
    ["within72", "within72 = 1"],
    ["not72", "within72 = 0"],
    ["distressHigh", "firstDistress >= 7"],
    ["distressLower", "firstDistress < 7"],
    ["distressNone", "firstDistress IS NULL"],
  ];
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    `WITH e AS MATERIALIZED (
       SELECT x.id, x.staffMemberId AS staff, x.occurredMonth AS month, x.teamId, x.incidentType,
         EXISTS (SELECT 1 FROM SupportContactExposure l JOIN SupportContact c ON c.id = l.supportContactId
                 WHERE l.exposureId = x.id AND c.deletedAt IS NULL AND julianday(c.contactedAt) - julianday(x.occurredAt) <= 3) AS within72,
         (SELECT c.distress FROM SupportContactExposure l JOIN SupportContact c ON c.id = l.supportContactId
          WHERE l.exposureId = x.id AND c.deletedAt IS NULL ORDER BY c.contactedAt LIMIT 1) AS firstDistress
       FROM Exposure x
       WHERE x.organisationId = ? AND x.deletedAt IS NULL AND x.occurredMonth BETWEEN ? AND ?
         AND x.teamId IN (${placeholdersFor(teamIds)})
     ),
     ${membership.sql}
     SELECT e.month AS month, m.node AS node,
       ${categories.map(([name, condition]) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS "n_${name}", COUNT(DISTINCT CASE WHEN ${condition} THEN e.staff END) AS "s_${name}"`).join(",\n       ")}
     FROM member m JOIN e ON e.id = m.id
     GROUP BY e.month, m.node`,
    organisationId,
    from,
    to,
    ...teamIds,
    ...membership.params,
  );
  const byMonth: MonthlyFigures = new Map();
  for (const row of rows) {
    const month = String(row.month);
    const cells = byMonth.get(month) ?? new Map<string, CellFigure>();
    for (const [name] of categories) cells.set(cellKey(String(row.node), name), { value: num(row[`n_${name}`]), staff: num(row[`s_${name}`]) });
    byMonth.set(month, cells);
  }
  return byMonth;
}
