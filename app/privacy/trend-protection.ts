// Which monthly figures of the team-trends page may be shown. Every figure of every filter a
// manager can choose is a cell of one system per month: nodes (the whole remit; its services;
// the teams offered on their own and, hidden, the rest of each service; each incident type; each
// partner agency with, hidden, the exposures without it) crossed with a family's categories
// (for exposures: contacted within 72 hours or not, distress high or not, …). Every view shows a
// slice of the same protected system, so comparing two views gives away nothing that either
// view hides. Figures over a whole period are only ever sums of visible monthly cells.
import { protectCells, type Equation, type ProtectedCell } from "~/privacy/linear-protection";

export const ROOT = "all";

export type ScopeTree = {
  services: { id: string; teams: string[]; /** withheld teams, merged into a hidden "rest" node */ hasRest: boolean }[];
  /** services not offered on their own, merged into one hidden node */
  hasRestOfServices: boolean;
};

export type TrendStructure = {
  scope: ScopeTree;
  /** incident types (keys) */
  types: readonly string[];
  /** partner agencies (keys) */
  agencies: readonly string[];
};

/** How a family's categories add up: each group's members sum to the family's base category. */
export type FamilyShape = {
  base: string;
  /** groups of categories that partition the base, with sub-sums inside a group */
  groups: { parts: string[]; hidden?: string[]; sums?: { total: string; parts: string[] }[] }[];
  /** which node arms have base figures (pulse check-ins know their team only) */
  arms: ("scope" | "type" | "agency")[];
  /** which arms are also broken down by the groups' categories (default: all of `arms`) */
  categoryArms?: ("scope" | "type" | "agency")[];
};

export const serviceNode = (id: string) => `service:${id}`;
export const teamNode = (id: string) => `team:${id}`;
export const restOfServiceNode = (id: string) => `rest:${id}`;
export const REST_OF_SERVICES = "rest-services";
export const typeNode = (type: string) => `type:${type}`;
export const agencyNode = (agency: string) => `agency:${agency}`;
export const withoutAgencyNode = (agency: string) => `without-agency:${agency}`;

/** Nodes never shown on their own. */
export function isHiddenNode(node: string) {
  return node.startsWith("rest:") || node === REST_OF_SERVICES || node.startsWith("without-agency:");
}

/** The node equations of each arm: parent = sum of children. */
export function armEquations(structure: TrendStructure, arm: "scope" | "type" | "agency"): { total: string; parts: string[] }[] {
  if (arm === "type") return [{ total: ROOT, parts: structure.types.map(typeNode) }];
  if (arm === "agency") return structure.agencies.map((agency) => ({ total: ROOT, parts: [agencyNode(agency), withoutAgencyNode(agency)] }));
  const { services, hasRestOfServices } = structure.scope;
  return [
    { total: ROOT, parts: [...services.map((s) => serviceNode(s.id)), ...(hasRestOfServices ? [REST_OF_SERVICES] : [])] },
    ...services.map((s) => ({ total: serviceNode(s.id), parts: [...s.teams.map(teamNode), ...(s.hasRest ? [restOfServiceNode(s.id)] : [])] })),
  ];
}

export const cellKey = (node: string, category: string) => `${node}|${category}`;

export type CellFigure = { value: number; staff: number };

/**
 * The people to tell the engine one side of a two-way split of a node holds (below 50 or not), where
 * the split says something about each person in it. An empty side says as much about everyone on
 * the other side as a small one does ("all of them scored 50 or more"), so it is protected as a
 * small one, as if one person stood behind it: its share is then withheld whether it is 0 or 1 to
 * k − 1, looks the same either way, and no other figure gives it away.
 */
export const splitStaff = (count: number, all: number) => (all > 0 && count === 0 ? 1 : count);

/**
 * Protects one month of one family. `figures` holds every (node, category) cell by cellKey;
 * a missing cell is an empty one. Returns the keys to hide.
 *
 * The month is a set of tables that share cells: each arm's nodes (all, services, teams, …; or
 * the incident types; or one agency and the rest) crossed with one group of categories. Each table
 * is protected exactly (no combination of its figures singles out fewer than k people). Shared
 * cells are settled once so no table undoes another: first every node's base figure, arm by arm
 * with the remit total kept; then each group's tables with the base figures fixed. The
 * remit-wide category figures are shared by every arm: one hidden by any table is hidden in all,
 * and no table may reveal a combination of hidden shared figures.
 *
 * `withheld` are base figures that must be hidden whatever their size (a population that nearly
 * coincides with one of another breakdown, see nearlyCoinciding); they are protected like small ones.
 */
export function protectMonth(
  structure: TrendStructure,
  shape: FamilyShape,
  figures: ReadonlyMap<string, CellFigure>,
  k: number,
  withheld: ReadonlySet<string> = new Set(),
) {
  const staffOf = (key: string) => figures.get(key)?.staff ?? 0;
  const armTables = (names: FamilyShape["arms"]) =>
    names.flatMap((arm) => (arm === "agency" ? armEquations(structure, arm).map((equation) => [equation]) : [armEquations(structure, arm)]));
  const arms = armTables(shape.arms);
  const categoryArms = armTables(shape.categoryArms ?? shape.arms);
  const suppressed = new Set<string>();
  const rootBase = cellKey(ROOT, shape.base);

  const table = (nodeEquations: Equation[], categories: string[], categoryEquations: Equation[], hiddenCategories: string[]) => {
    const nodes = [...new Set(nodeEquations.flatMap((e) => [e.total, ...e.parts]))];
    const cells: ProtectedCell[] = nodes.flatMap((node) =>
      categories.map((category) => ({ id: cellKey(node, category), staff: staffOf(cellKey(node, category)), hidden: isHiddenNode(node) || hiddenCategories.includes(category) })),
    );
    const equations: Equation[] = [
      ...nodeEquations.flatMap((e) => categories.map((category) => ({ total: cellKey(e.total, category), parts: e.parts.map((p) => cellKey(p, category)) }))),
      ...nodes.flatMap((node) => categoryEquations.map((e) => ({ total: cellKey(node, e.total), parts: e.parts.map((p) => cellKey(node, p)) }))),
    ];
    return { cells, equations };
  };

  // Stage 1: the base figure of every node.
  for (const nodeEquations of arms) {
    const { cells, equations } = table(nodeEquations, [shape.base], [], []);
    const pinned = new Set(staffOf(rootBase) >= k ? [rootBase] : []);
    const guard = new Set(cells.map((cell) => cell.id).filter((id) => withheld.has(id) && staffOf(id) > 0));
    for (const id of protectCells({ cells, equations, k, pinned, guard }).suppressed) suppressed.add(id);
  }

  // Stage 2: each category group, with the base figures settled.
  for (const group of shape.groups) {
    const sums = group.sums ?? [];
    const categories = [shape.base, ...group.parts, ...(group.hidden ?? []), ...sums.map((s) => s.total)];
    const categoryEquations: Equation[] = [
      {
        total: shape.base,
        parts: [...group.parts.filter((p) => !sums.some((s) => s.parts.includes(p))), ...sums.map((s) => s.total), ...(group.hidden ?? [])],
      },
      ...sums.map((s) => ({ total: s.total, parts: s.parts })),
    ];
    const tables = categoryArms.map((nodeEquations) => table(nodeEquations, categories, categoryEquations, group.hidden ?? []));
    // A remit-wide category figure one table shows may have to be hidden by a later one; then
    // every table of the group is done again with it hidden, until none hides anything new.
    const decided = new Set(suppressed);
    for (let changed = true; changed; ) {
      changed = false;
      const hiddenHere = new Set(decided);
      for (const { cells, equations } of tables) {
        const ids = cells.map((cell) => cell.id);
        const guard = new Set(ids.filter((id) => decided.has(id)));
        const pinned = new Set(ids.filter((id) => id.endsWith(`|${shape.base}`) && !decided.has(id)));
        const shared = new Set(ids.filter((id) => id.startsWith(`${ROOT}|`) || id.endsWith(`|${shape.base}`)));
        for (const id of protectCells({ cells, equations, k, guard, pinned, shared }).suppressed) {
          hiddenHere.add(id);
          if (id.startsWith(`${ROOT}|`) && !decided.has(id)) {
            decided.add(id);
            changed = true;
          }
        }
      }
      if (!changed) for (const id of hiddenHere) suppressed.add(id);
    }
  }
  // Arms without a category breakdown publish their base figures only.
  const broken = new Set(categoryArms.flatMap((equations) => equations.flatMap((e) => [e.total, ...e.parts])));
  for (const key of figures.keys()) {
    const [node, category] = key.split("|") as [string, string];
    if (category !== shape.base && !broken.has(node)) suppressed.add(key);
  }
  return suppressed;
}
