// The research export's rows: the organisation's published monthly figures (the ones researchers'
// evaluation pages use), with the NHS small-number rule on top. Only published months have rows.
import { monthsBetween } from "~/domain/dashboard-filters";
import { publishedDay } from "~/domain/publication";
import { COUNT_COLUMNS, MEAN_COLUMN, WITHHELD, smallNumberRule } from "~/domain/research-export";
import { ORGANISATION_AUDIENCE, publishedFigures } from "~/models/publication.server";
import { headcountOf, organisationScope, teamMonthHeadcounts } from "~/models/trends.server";
import { ROOT, cellKey, serviceNode, teamNode } from "~/privacy/trend-protection";

export type ExportRow = Record<string, string>;

/**
 * One row per month for the organisation, each service shown on its own and each team shown on
 * its own; a withheld figure is "*". Teams that are too small appear only inside their service.
 */
export async function researchExportRows(organisationId: string, k: number, timeZone: string, from: string, to: string): Promise<ExportRow[]> {
  const scope = await organisationScope(organisationId, k);
  const [published, headcounts] = await Promise.all([
    publishedFigures(organisationId, ORGANISATION_AUDIENCE, from, to),
    teamMonthHeadcounts(
      scope.teams.map((t) => t.id),
      from,
      to,
    ),
  ]);
  const nodes: { node: string; level: string; service: string; team: string }[] = [{ node: ROOT, level: "organisation", service: "", team: "" }];
  // A node's staff: its teams' headcounts, carried forward; none when any of its teams has none.
  const teamsOf = (node: string) => scope.teams.filter((t) => node === ROOT || t.service === node || t.leaf === node).map((t) => t.id);
  for (const service of scope.structure.scope.services) {
    const teams = scope.teams.filter((t) => t.serviceId === service.id);
    nodes.push({ node: serviceNode(service.id), level: "service", service: teams[0]!.serviceName, team: "" });
    for (const team of teams.filter((t) => t.leaf === teamNode(t.id)).sort((a, b) => a.name.localeCompare(b.name)))
      nodes.push({ node: team.leaf, level: "team", service: team.serviceName, team: team.name });
  }

  const rows: ExportRow[] = [];
  for (const month of monthsBetween(from, to).filter((m) => published.months.has(m) || published.beforeFirst(m))) {
    const figuresOfMonth = published.months.get(month);
    for (const { node, level, service, team } of nodes) {
      /** A published figure, or one the published figures give by subtraction (the rest of the month's exposures). */
      const value = (category: string) => {
        const [whole, part] = category === "notWithin72" ? ["all", "within72"] : category === "rOther" ? ["all", "r45"] : [category, null];
        const figure = published.figure(month, node, whole);
        if (part === null || figure === null) return figure;
        const subtracted = published.figure(month, node, part);
        return subtracted === null ? null : figure - subtracted;
      };
      const shown = (category: string) => {
        const figure = value(category);
        if (figure === null) return WITHHELD;
        return figure === 0 ? "0" : smallNumberRule(figure);
      };
      const row: ExportRow = { month, level, service, team, published: figuresOfMonth ? publishedDay(figuresOfMonth.publishedAt, timeZone) : "", headcount: String(headcountOf(headcounts, teamsOf(node), month) ?? "") };
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
