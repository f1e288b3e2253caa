// The research export's rows: the organisation-wide monthly figures of the researchers' own
// protected system (the one their evaluation pages use), with the NHS small-number rule on top.
import { prisma } from "~/db.server";
import { monthsBetween } from "~/domain/dashboard-filters";
import { COUNT_COLUMNS, MEAN_COLUMN, WITHHELD, smallNumberRule } from "~/domain/research-export";
import { protectedExposureMonths } from "~/models/dashboard.server";
import { RESEARCH_SHAPE, organisationScope } from "~/models/trends.server";
import { ROOT, cellKey, serviceNode, teamNode } from "~/privacy/trend-protection";

export type ExportRow = Record<string, string>;

/** Headcounts per team and month, summed in SQL for the organisation and each service. */
async function headcountsByNode(teams: { id: string; service: string; leaf: string }[], from: string, to: string) {
  const values = teams.map(() => "(?, ?, ?)").join(", ");
  const rows = await prisma.$queryRawUnsafe<{ month: string; node: string; headcount: bigint | number }[]>(
    `WITH t(teamId, serviceNode, leafNode) AS (VALUES ${values}),
     h AS (SELECT h.periodMonth AS month, t.serviceNode, t.leafNode, h.headcount FROM TeamHeadcount h JOIN t ON t.teamId = h.teamId
           WHERE h.periodMonth BETWEEN ? AND ?)
     SELECT month, '${ROOT}' AS node, SUM(headcount) AS headcount FROM h GROUP BY month
     UNION ALL SELECT month, serviceNode, SUM(headcount) FROM h GROUP BY month, serviceNode
     UNION ALL SELECT month, leafNode, SUM(headcount) FROM h GROUP BY month, leafNode`,
    ...teams.flatMap((t) => [t.id, t.service, t.leaf]),
    from,
    to,
  );
  return new Map(rows.map((r) => [`${r.month}|${r.node}`, Number(r.headcount)]));
}

/**
 * One row per month for the organisation, each service shown on its own and each team shown on
 * its own; a withheld figure is "*". Teams that are too small appear only inside their service.
 */
export async function researchExportRows(organisationId: string, k: number, from: string, to: string): Promise<ExportRow[]> {
  const scope = await organisationScope(organisationId, k);
  const [{ figures, hidden: hiddenByMonth }, headcounts] = await Promise.all([
    protectedExposureMonths(organisationId, scope, RESEARCH_SHAPE, from, to, k),
    scope.teams.length > 0 ? headcountsByNode(scope.teams, from, to) : new Map<string, number>(),
  ]);
  const nodes: { node: string; level: string; service: string; team: string }[] = [{ node: ROOT, level: "organisation", service: "", team: "" }];
  for (const service of scope.structure.scope.services) {
    const teams = scope.teams.filter((t) => t.serviceId === service.id);
    nodes.push({ node: serviceNode(service.id), level: "service", service: teams[0]!.serviceName, team: "" });
    for (const team of teams.filter((t) => t.leaf === teamNode(t.id)).sort((a, b) => a.name.localeCompare(b.name)))
      nodes.push({ node: team.leaf, level: "team", service: team.serviceName, team: team.name });
  }

  const rows: ExportRow[] = [];
  for (const month of monthsBetween(from, to)) {
    const figuresOfMonth = figures.get(month);
    const hidden = hiddenByMonth.get(month)!;
    for (const { node, level, service, team } of nodes) {
      const shown = (category: string) => {
        const key = cellKey(node, category);
        const cell = figuresOfMonth?.cells.get(key);
        if (!cell || cell.value === 0) return "0";
        return hidden.has(key) ? WITHHELD : smallNumberRule(cell.value);
      };
      const row: ExportRow = { month, level, service, team, headcount: String(headcounts.get(`${month}|${node}`) ?? "") };
      for (const column of COUNT_COLUMNS) row[column.name] = shown(column.category);
      // The mean follows its count: given only when the count of recorded scores is.
      const recorded = row.exposures_distress_recorded!;
      const known = figuresOfMonth?.cells.get(cellKey(node, "fdKnown"));
      const distress = figuresOfMonth?.distress.get(cellKey(node, "fdKnown"));
      row[MEAN_COLUMN.name] = recorded === WITHHELD ? WITHHELD : recorded === "0" || !known || !distress ? "" : (distress.sum / known.value).toFixed(1);
      rows.push(row);
    }
  }
  return rows;
}
