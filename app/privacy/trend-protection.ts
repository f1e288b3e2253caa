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
  /** which node arms this family has (pulse check-ins know their team only) */
  arms: ("scope" | "type" | "agency")[];
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
 * Protects one month of one family. `figures` holds every (node, category) cell by cellKey;
 * a missing cell is an empty one. Returns the keys to hide.
 */
export function protectMonth(structure: TrendStructure, shape: FamilyShape, figures: ReadonlyMap<string, CellFigure>, k: number) {
  // Subsystems: one per arm (or per agency) and category group; they share the base cells of
  // every node and every category cell of the whole remit.
  const subsystems: { cells: ProtectedCell[]; equations: Equation[]; ids: Set<string> }[] = [];
  const armParts = shape.arms.flatMap((arm) =>
    arm === "agency" ? armEquations(structure, arm).map((equation) => [equation]) : [armEquations(structure, arm)],
  );
  for (const nodeEquations of armParts) {
    const nodes = [...new Set(nodeEquations.flatMap((e) => [e.total, ...e.parts]))];
    for (const group of shape.groups) {
      const sums = group.sums ?? [];
      const categories = [shape.base, ...group.parts, ...(group.hidden ?? []), ...sums.map((s) => s.total)];
      const cells: ProtectedCell[] = nodes.flatMap((node) =>
        categories.map((category) => ({
          id: cellKey(node, category),
          staff: figures.get(cellKey(node, category))?.staff ?? 0,
          hidden: isHiddenNode(node) || (group.hidden ?? []).includes(category),
        })),
      );
      const equations: Equation[] = [
        ...nodeEquations.flatMap((e) => categories.map((category) => ({ total: cellKey(e.total, category), parts: e.parts.map((p) => cellKey(p, category)) }))),
        ...nodes.flatMap((node) => [
          {
            total: cellKey(node, shape.base),
            parts: [...group.parts.filter((p) => !sums.some((s) => s.parts.includes(p))), ...sums.map((s) => s.total), ...(group.hidden ?? [])].map((c) => cellKey(node, c)),
          },
          ...sums.map((s) => ({ total: cellKey(node, s.total), parts: s.parts.map((p) => cellKey(node, p)) })),
        ]),
      ];
      subsystems.push({ cells, equations, ids: new Set(cells.map((c) => c.id)) });
    }
  }

  // Each subsystem guards the shared cells another one hid; repeat until nothing changes.
  const hiddenBy = subsystems.map(() => new Set<string>());
  let changed = true;
  while (changed) {
    changed = false;
    subsystems.forEach((system, index) => {
      const guard = new Set<string>();
      hiddenBy.forEach((hidden, other) => {
        if (other === index) return;
        for (const id of hidden) if (system.ids.has(id)) guard.add(id);
      });
      const { suppressed } = protectCells({ cells: system.cells, equations: system.equations, k, guard });
      for (const id of suppressed) {
        if (!hiddenBy[index]!.has(id)) {
          hiddenBy[index]!.add(id);
          changed = true;
        }
      }
    });
  }
  const suppressed = new Set<string>();
  for (const hidden of hiddenBy) for (const id of hidden) suppressed.add(id);
  return suppressed;
}
