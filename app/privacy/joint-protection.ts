// One protected system per organisation and month (docs/decisions/0005-published-figures.md,
// "Joint protection of audiences"). Every audience's figures (the organisation's for researchers,
// each manager's remit) are cells of one set of linked tables over shared atoms, so one protection
// decides them all: a person who holds several roles, or several people who talk, combine figures
// that were protected together. Without it, service S (teams A, B, C) shown to the organisation
// with B withheld, and a remit of A and C showing its total, give B = S − (A + C).
//
// Cells are named by the records they count, not by who sees them: a remit's part of a service is
// the same cell as the service when the remit holds all its teams, and a remit's team is the
// organisation's team. The atoms are the teams (every team a cell, hidden when no audience shows
// it on its own), the team × incident type cells and the team × partner agency cells (hidden), so
// each remit's total, its part of each service and its type and agency figures are sums of them.
import { protectCells, type Equation, type ProtectedCell } from "~/privacy/linear-protection";
import {
  ROOT,
  agencyNode,
  cellKey,
  serviceNode,
  teamNode,
  typeNode,
  withoutAgencyNode,
  type CellFigure,
  type FamilyShape,
} from "~/privacy/trend-protection";

export type JointAudience = {
  id: string;
  /** every team the audience's figures count (the organisation: all of them) */
  teams: readonly string[];
  /** the services and teams it shows on their own */
  shownServices: readonly string[];
  shownTeams: readonly string[];
};

export type JointOrganisation = {
  /** every team of the organisation, by service */
  services: readonly { id: string; teams: readonly string[] }[];
  types: readonly string[];
  agencies: readonly string[];
  /** the organisation first, then each distinct remit */
  audiences: readonly JointAudience[];
};

/** The joint node of a breakdown of a population: the whole-organisation one keeps the plain name. */
export const typeOf = (population: string, type: string) => (population === ROOT ? typeNode(type) : `${population}/${typeNode(type)}`);
export const agencyOf = (population: string, agency: string) => (population === ROOT ? agencyNode(agency) : `${population}/${agencyNode(agency)}`);
export const withoutAgencyOf = (population: string, agency: string) =>
  population === ROOT ? withoutAgencyNode(agency) : `${population}/${withoutAgencyNode(agency)}`;

/**
 * The joint tables of an organisation: every population (a set of teams some audience's scope
 * node counts) as one node, named after the first audience node that counts exactly those teams,
 * and how each audience's nodes map onto them.
 */
export function jointStructure(organisation: JointOrganisation) {
  const populationOf = new Map<string, string>();
  const teamsOf = new Map<string, string[]>();
  const register = (teams: readonly string[], name: string) => {
    const key = [...teams].sort().join(",");
    const known = populationOf.get(key);
    if (known) return known;
    populationOf.set(key, name);
    teamsOf.set(name, [...teams].sort());
    return name;
  };
  const allTeams = organisation.services.flatMap((s) => s.teams);
  register(allTeams, ROOT);
  for (const service of organisation.services) register(service.teams, serviceNode(service.id));
  for (const team of allTeams) register([team], teamNode(team));
  const teamCell = (team: string) => populationOf.get(team)!;

  const scopeEquations: Equation[] = [];
  const seen = new Set<string>();
  const addEquation = (equations: Equation[], total: string, parts: string[]) => {
    if (parts.length === 0 || (parts.length === 1 && parts[0] === total)) return;
    const key = `${total}=${parts.join("+")}`;
    if (seen.has(key)) return;
    seen.add(key);
    equations.push({ total, parts });
  };
  /** audience id → its node → joint node */
  const nodeMaps = new Map<string, Map<string, string>>();
  const roots: string[] = [];
  for (const audience of organisation.audiences) {
    const map = new Map<string, string>();
    const inAudience = new Set(audience.teams);
    const root = register(audience.teams, audience.id === organisation.audiences[0]!.id ? ROOT : `${audience.id}/${ROOT}`);
    map.set(ROOT, root);
    if (!roots.includes(root)) roots.push(root);
    const parts: string[] = [];
    for (const service of organisation.services) {
      const teams = service.teams.filter((t) => inAudience.has(t));
      if (teams.length === 0) continue;
      const part = register(teams, `${audience.id}/${serviceNode(service.id)}`);
      map.set(serviceNode(service.id), part);
      parts.push(part);
      addEquation(
        scopeEquations,
        part,
        teams.map((t) => teamCell(t)),
      );
    }
    addEquation(scopeEquations, root, parts);
    for (const team of audience.teams) map.set(teamNode(team), teamCell(team));
    for (const type of organisation.types) map.set(typeNode(type), typeOf(root, type));
    for (const agency of organisation.agencies) {
      map.set(agencyNode(agency), agencyOf(root, agency));
      map.set(withoutAgencyNode(agency), withoutAgencyOf(root, agency));
    }
    nodeMaps.set(audience.id, map);
  }
  // A team's own node is a cell of its own unless it is the same population as a bigger node.
  const atoms = allTeams.map((t) => teamCell(t));
  const scopeNodes = [...teamsOf.keys()];

  /** Nodes some audience shows on their own. */
  const shown = new Set<string>();
  for (const audience of organisation.audiences) {
    const map = nodeMaps.get(audience.id)!;
    for (const node of [
      ROOT,
      ...audience.shownServices.map(serviceNode),
      ...audience.shownTeams.map(teamNode),
      ...organisation.types.map(typeNode),
      ...organisation.agencies.map(agencyNode),
    ]) {
      const joint = map.get(node);
      if (joint) shown.add(joint);
    }
  }

  // Incident types: each audience's type figure is the sum of its teams' team × type cells, and
  // the types of a population add up to it (as do a team's).
  const typeEquations: Equation[] = [];
  const typeAtoms = (team: string, type: string) => typeOf(teamCell(team), type);
  const populations = [...new Set([...roots, ...atoms])];
  for (const population of populations) {
    for (const type of organisation.types) {
      addEquation(
        typeEquations,
        typeOf(population, type),
        teamsOf.get(population)!.map((t) => typeAtoms(t, type)),
      );
    }
    addEquation(
      typeEquations,
      population,
      organisation.types.map((type) => typeOf(population, type)),
    );
  }
  const typeNodes = [...new Set(populations.flatMap((p) => organisation.types.map((type) => typeOf(p, type))))];

  // Each partner agency: the exposures with it and those without it, per team, per population.
  const agencyTables = organisation.agencies.map((agency) => {
    const equations: Equation[] = [];
    for (const population of populations) {
      const teams = teamsOf.get(population)!;
      addEquation(
        equations,
        agencyOf(population, agency),
        teams.map((t) => agencyOf(teamCell(t), agency)),
      );
      addEquation(
        equations,
        withoutAgencyOf(population, agency),
        teams.map((t) => withoutAgencyOf(teamCell(t), agency)),
      );
      addEquation(equations, population, [agencyOf(population, agency), withoutAgencyOf(population, agency)]);
    }
    const nodes = [...new Set(populations.flatMap((p) => [agencyOf(p, agency), withoutAgencyOf(p, agency)]))];
    return { equations, nodes };
  });

  /** The joint node of an audience's node (undefined for a node it does not have). */
  const jointNode = (audience: string, node: string) => nodeMaps.get(audience)?.get(node);
  const isTypeAtom = new Set(allTeams.flatMap((t) => organisation.types.map((type) => typeAtoms(t, type))));
  const isAgencyAtom = new Set(
    allTeams.flatMap((t) => organisation.agencies.flatMap((a) => [agencyOf(teamCell(t), a), withoutAgencyOf(teamCell(t), a)])),
  );
  /** Never shown: team × type and team × agency cells, the exposures without an agency, nodes no audience shows. */
  const isHidden = (node: string) =>
    isTypeAtom.has(node) && !shown.has(node)
      ? true
      : isAgencyAtom.has(node) && !shown.has(node)
        ? true
        : node.includes(withoutAgencyNode("")) || !shown.has(node);
  return { scopeNodes, scopeEquations, typeNodes, typeEquations, agencyTables, jointNode, isHidden, teamCell: (team: string) => teamCell(team) };
}

export type JointStructure = ReturnType<typeof jointStructure>;

/** Cells already settled elsewhere (a month another audience published before): shown ones stay shown, hidden ones hidden. */
export type Settled = { shown: ReadonlySet<string>; hidden: ReadonlySet<string> };

/**
 * Protects one month of one family for every audience at once. `figures` holds every joint cell
 * (cellKey of a joint node and a category) with its people; a missing cell is an empty one.
 * Returns the joint cells to hide. Stages as in protectMonth: the base figure of every scope node
 * (organisation, services, teams, each remit's total and part of each service); then the incident
 * types and each agency, over team × type and team × agency cells, with the scope's base figures
 * fixed and shared (so no table undoes it); then each group of categories of the scope nodes.
 * `withheld` are base figures to hide whatever their size (nearlyCoinciding).
 */
export function protectJointMonth(
  structure: JointStructure,
  shape: FamilyShape,
  figures: ReadonlyMap<string, CellFigure>,
  k: number,
  withheld: ReadonlySet<string> = new Set(),
  settled: Settled = { shown: new Set(), hidden: new Set() },
) {
  const staffOf = (key: string) => figures.get(key)?.staff ?? 0;
  const suppressed = new Set<string>();
  const base = shape.base;
  const baseCells = (nodes: readonly string[]) =>
    nodes.map((node): ProtectedCell => ({ id: cellKey(node, base), staff: staffOf(cellKey(node, base)), hidden: structure.isHidden(node) }));
  const onBase = (equations: readonly Equation[]) =>
    equations.map((e) => ({ total: cellKey(e.total, base), parts: e.parts.map((p) => cellKey(p, base)) }));
  const mustHide = (ids: Iterable<string>) => new Set([...ids].filter((id) => (withheld.has(id) || settled.hidden.has(id) || suppressed.has(id)) && staffOf(id) > 0));
  const pinnedOf = (ids: Iterable<string>) => new Set([...ids].filter((id) => settled.shown.has(id) && !suppressed.has(id)));

  // Stage 1: the scope's base figures.
  const scopeCells = baseCells(structure.scopeNodes);
  const scopeIds = scopeCells.map((c) => c.id);
  const rootBase = cellKey(ROOT, base);
  {
    const pinned = pinnedOf(scopeIds);
    if (staffOf(rootBase) >= k && !mustHide([rootBase]).has(rootBase)) pinned.add(rootBase);
    const { suppressed: hidden } = protectCells({ cells: scopeCells, equations: onBase(structure.scopeEquations), k, pinned, guard: mustHide(scopeIds) });
    for (const id of hidden) suppressed.add(id);
  }
  // The scope's shown base figures are fixed for the other arms, its hidden ones stay hidden, and
  // no arm may reveal a combination of them beyond the shown ones.
  const scopeFixed = (ids: string[]) => ({
    pinned: new Set([...pinnedOf(ids), ...scopeIds.filter((id) => !suppressed.has(id))]),
    guard: mustHide(ids),
    shared: new Set(scopeIds),
  });
  const armTable = (nodes: readonly string[], equations: readonly Equation[]) => {
    const cells = [...scopeCells, ...baseCells(nodes)];
    const ids = cells.map((c) => c.id);
    const { pinned, guard, shared } = scopeFixed(ids);
    const { suppressed: hidden } = protectCells({ cells, equations: onBase([...structure.scopeEquations, ...equations]), k, pinned, guard, shared });
    for (const id of hidden) suppressed.add(id);
  };
  if (shape.arms.includes("type")) armTable(structure.typeNodes, structure.typeEquations);
  if (shape.arms.includes("agency")) for (const { nodes, equations } of structure.agencyTables) armTable(nodes, equations);

  // Stage 2: each group of categories of the scope nodes, with the base figures settled.
  if ((shape.categoryArms ?? shape.arms).includes("scope")) {
    for (const group of shape.groups) {
      const sums = group.sums ?? [];
      const hiddenCategories = group.hidden ?? [];
      const categories = [base, ...group.parts, ...hiddenCategories, ...sums.map((s) => s.total)];
      const categoryEquations: Equation[] = [
        { total: base, parts: [...group.parts.filter((p) => !sums.some((s) => s.parts.includes(p))), ...sums.map((s) => s.total), ...hiddenCategories] },
        ...sums.map((s) => ({ total: s.total, parts: s.parts })),
      ];
      const cells: ProtectedCell[] = structure.scopeNodes.flatMap((node) =>
        categories.map((category) => ({
          id: cellKey(node, category),
          staff: staffOf(cellKey(node, category)),
          hidden: structure.isHidden(node) || hiddenCategories.includes(category),
        })),
      );
      const equations: Equation[] = [
        ...structure.scopeEquations.flatMap((e) => categories.map((category) => ({ total: cellKey(e.total, category), parts: e.parts.map((p) => cellKey(p, category)) }))),
        ...structure.scopeNodes.flatMap((node) => categoryEquations.map((e) => ({ total: cellKey(node, e.total), parts: e.parts.map((p) => cellKey(node, p)) }))),
      ];
      const ids = cells.map((c) => c.id);
      const pinned = new Set([...pinnedOf(ids), ...ids.filter((id) => id.endsWith(`|${base}`) && !suppressed.has(id))]);
      const shared = new Set(ids.filter((id) => id.endsWith(`|${base}`)));
      for (const id of protectCells({ cells, equations, k, guard: mustHide(ids), pinned, shared }).suppressed) suppressed.add(id);
    }
  }
  return suppressed;
}
