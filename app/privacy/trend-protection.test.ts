import fc from "fast-check";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, test } from "vitest";
import {
  ROOT,
  agencyNode,
  armEquations,
  cellKey,
  isHiddenNode,
  protectMonth,
  restOfServiceNode,
  serviceNode,
  splitStaff,
  teamNode,
  typeNode,
  type CellFigure,
  type FamilyShape,
  type TrendStructure,
} from "./trend-protection";

const rank = (rows: number[][]) =>
  rows.length === 0 || rows[0]!.length === 0 ? 0 : new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).rank;

const SHAPE: FamilyShape = { base: "all", groups: [{ parts: ["yes", "no"] }], arms: ["scope"] };

type Exposure = { person: number; team: string; yes: boolean };

/** Teams t0–t2 in service s0 and t3–t4 in s1; a team is offered on its own with at least k people. */
function scopeOf(records: Exposure[], k: number): { structure: TrendStructure; nodesOf: (r: Exposure) => string[] } {
  const serviceOfTeam: Record<string, string> = { t0: "s0", t1: "s0", t2: "s0", t3: "s1", t4: "s1" };
  const people = (team: string) => new Set(records.filter((r) => r.team === team).map((r) => r.person)).size;
  const offered = new Set(Object.keys(serviceOfTeam).filter((team) => people(team) >= k));
  const services = ["s0", "s1"].map((id) => {
    const teams = Object.keys(serviceOfTeam).filter((t) => serviceOfTeam[t] === id);
    return { id, teams: teams.filter((t) => offered.has(t)), hasRest: teams.some((t) => !offered.has(t)) };
  });
  return {
    structure: { scope: { services, hasRestOfServices: false }, types: [], agencies: [] },
    nodesOf: (r) => {
      const service = serviceOfTeam[r.team]!;
      return [ROOT, serviceNode(service), offered.has(r.team) ? teamNode(r.team) : restOfServiceNode(service)];
    },
  };
}

/**
 * The oracle knows every record and every person. A released figure is the count of the records
 * in a shown cell; an attacker may combine released figures in any linear way. A leak is a
 * non-trivial combination that depends only on the records of fewer than k people: for every such
 * group of people, dropping their records must not lower the rank of the released figures.
 * Returns the first group that can be singled out.
 */
function singledOut(records: { person: number }[], membership: string[][], shown: string[], k: number) {
  const released = shown.map((key) => records.map((_, i) => (membership[i]!.includes(key) ? 1 : 0)));
  const full = rank(released);
  const persons = [...new Set(records.map((r) => r.person))];
  const size = Math.min(k - 1, persons.length);
  const search = (start: number, group: number[]): number[] | undefined => {
    if (group.length === size) {
      const outside = records.flatMap((r, i) => (group.includes(r.person) ? [] : [i]));
      return rank(released.map((row) => outside.map((i) => row[i]!))) < full ? group : undefined;
    }
    for (let i = start; i < persons.length; i += 1) {
      const found = search(i + 1, [...group, persons[i]!]);
      if (found) return found;
    }
    return undefined;
  };
  return search(0, []);
}

const recordsArbitrary = fc.array(
  fc.record({ person: fc.integer({ min: 0, max: 9 }), team: fc.constantFrom("t0", "t1", "t2", "t3", "t4"), yes: fc.boolean() }),
  { minLength: 1, maxLength: 40 },
);

describe("record-level attack on one month of a remit", () => {
  test("property: no combination of shown figures depends only on fewer than k people", () => {
    fc.assert(
      fc.property(recordsArbitrary, fc.integer({ min: 2, max: 4 }), (records, k) => {
        const { structure, nodesOf } = scopeOf(records, k);
        const figures = new Map<string, CellFigure & { people: Set<number> }>();
        const membership: string[][] = records.map((r) => nodesOf(r).flatMap((node) => [cellKey(node, "all"), cellKey(node, r.yes ? "yes" : "no")]));
        records.forEach((r, i) => {
          for (const key of membership[i]!) {
            const figure = figures.get(key) ?? { value: 0, staff: 0, people: new Set<number>() };
            figure.value += 1;
            figure.people.add(r.person);
            figure.staff = figure.people.size;
            figures.set(key, figure);
          }
        });
        const suppressed = protectMonth(structure, SHAPE, figures, k);
        const shown = [...figures.keys()].filter((key) => !suppressed.has(key) && !isHiddenNode(key.split("|")[0]!));
        expect(singledOut(records, membership, shown, k)).toBeUndefined();
      }),
      { numRuns: 120 },
    );
  });
});

describe("the systems of one month hold together", () => {
  const structure: TrendStructure = {
    scope: { services: [{ id: "s0", teams: ["t0", "t1"], hasRest: true }, { id: "s1", teams: ["t2"], hasRest: false }], hasRestOfServices: false },
    types: ["violence", "fatality", "other"],
    agencies: ["police", "health"],
  };
  const shape: FamilyShape = {
    base: "all",
    groups: [{ parts: ["yes", "no"] }, { parts: ["r1", "r2", "r3"], hidden: ["none"], sums: [{ total: "r23", parts: ["r2", "r3"] }] }],
    arms: ["scope", "type", "agency"],
    categoryArms: ["scope"],
  };
  const nodes = [...new Set(["scope", "type", "agency"].flatMap((arm) => armEquations(structure, arm as never).flatMap((e) => [e.total, ...e.parts])))];
  const categories = ["all", "yes", "no", "r1", "r2", "r3", "none", "r23"];

  const recordArbitrary = fc.record({
    person: fc.integer({ min: 0, max: 9 }),
    team: fc.constantFrom("t0", "t1", "t9", "t2"),
    type: fc.constantFrom("violence", "fatality", "other"),
    agencies: fc.subarray(["police", "health"]),
    yes: fc.boolean(),
    rating: fc.constantFrom("r1", "r2", "r3", "none"),
  });

  test("property: no combination of the figures of one breakdown singles out fewer than k people", () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { minLength: 1, maxLength: 30 }), fc.integer({ min: 3, max: 5 }), (records, k) => {
        // t9 is the hidden rest of service s0; t2 is service s1.
        const membership = records.map((r) => {
          const service = r.team === "t2" ? "s1" : "s0";
          const scope = r.team === "t9" ? restOfServiceNode("s0") : teamNode(r.team);
          const memberOf = [ROOT, serviceNode(service), scope, typeNode(r.type), ...structure.agencies.map((a) => (r.agencies.includes(a) ? agencyNode(a) : `without-agency:${a}`))];
          const cats = ["all", r.yes ? "yes" : "no", r.rating, ...(r.rating === "r2" || r.rating === "r3" ? ["r23"] : [])];
          return memberOf.flatMap((node) => cats.map((c) => cellKey(node, c)));
        });
        const people = new Map<string, Set<number>>();
        records.forEach((r, i) => {
          for (const key of membership[i]!) people.set(key, (people.get(key) ?? new Set()).add(r.person));
        });
        const figures = new Map<string, CellFigure>();
        for (const node of nodes) for (const c of categories) figures.set(cellKey(node, c), { value: 0, staff: people.get(cellKey(node, c))?.size ?? 0 });
        const suppressed = protectMonth(structure, shape, figures, k);
        for (const [key, figure] of figures) if (figure.staff > 0 && figure.staff < k) expect(suppressed.has(key)).toBe(true);
        const shown = [...figures.keys()].filter((key) => !suppressed.has(key) && !isHiddenNode(key.split("|")[0]!));
        // A table is the scope arm crossed with one group of categories, or the base figures of
        // the incident types or of one agency; the attacker holds all of a table's shown figures.
        const [nodeOf, categoryOf] = [(key: string) => key.split("|")[0]!, (key: string) => key.split("|")[1]!];
        const inScope = (node: string) => node === ROOT || /^(service|team|rest):/.test(node);
        const tables: ((key: string) => boolean)[] = [
          ...[["all", "yes", "no"], ["all", "r1", "r2", "r3", "none", "r23"]].map((group) => (key: string) => inScope(nodeOf(key)) && group.includes(categoryOf(key))),
          (key) => categoryOf(key) === "all" && (nodeOf(key) === ROOT || nodeOf(key).startsWith("type:")),
          ...structure.agencies.map((a) => (key: string) => categoryOf(key) === "all" && [ROOT, agencyNode(a), `without-agency:${a}`].includes(nodeOf(key))),
        ];
        for (const inTable of tables) expect(singledOut(records, membership, shown.filter(inTable), k)).toBeUndefined();
        // Incident types and agencies are never broken down by category.
        expect(shown.filter((key) => !inScope(nodeOf(key)) && categoryOf(key) !== "all")).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  test("hidden nodes are never offered: the rest of a service and exposures without an agency", () => {
    expect(isHiddenNode(restOfServiceNode("s0"))).toBe(true);
    expect(isHiddenNode(agencyNode("police"))).toBe(false);
    expect(isHiddenNode(typeNode("violence"))).toBe(false);
  });
});

describe("a two-way split (team check-ins: WHO-5 below 50 or not)", () => {
  const PULSE: FamilyShape = { base: "all", groups: [{ parts: ["below50", "atLeast50"] }], arms: ["scope"] };
  const structure: TrendStructure = { scope: { services: [{ id: "s0", teams: ["a", "b"], hasRest: false }], hasRestOfServices: false }, types: [], agencies: [] };
  /** Team a: six answers, none below 50. Team b: ten, five below 50. Their service, the whole remit, adds them up. */
  const figuresWith = (staffOf: (count: number, all: number) => number) => {
    const figures = new Map<string, CellFigure>();
    const cells = { [teamNode("a")]: [6, 0], [teamNode("b")]: [10, 5], [serviceNode("s0")]: [16, 5], [ROOT]: [16, 5] };
    for (const [node, [all, below]] of Object.entries(cells)) {
      figures.set(cellKey(node, "all"), { value: all!, staff: all! });
      figures.set(cellKey(node, "below50"), { value: below!, staff: staffOf(below!, all!) });
      figures.set(cellKey(node, "atLeast50"), { value: all! - below!, staff: staffOf(all! - below!, all!) });
    }
    return figures;
  };

  test("an empty side counted as nobody is shown, so the team's 0% differs from a withheld 1 to k − 1", () => {
    const hidden = protectMonth(structure, PULSE, figuresWith((count) => count), 5);
    expect(hidden.has(cellKey(teamNode("a"), "below50"))).toBe(false);
  });

  test("an empty side is protected as a small one: hidden, and not to be worked out from the service and the other team", () => {
    const hidden = protectMonth(structure, PULSE, figuresWith(splitStaff), 5);
    expect(hidden.has(cellKey(teamNode("a"), "below50"))).toBe(true);
    expect(hidden.has(cellKey(teamNode("a"), "atLeast50"))).toBe(true);
    // Service minus team b would be team a's below-50 count: one of them is withheld too.
    expect(hidden.has(cellKey(serviceNode("s0"), "below50")) || hidden.has(cellKey(teamNode("b"), "below50"))).toBe(true);
    // The base figures (how many answered) stay: only the split is withheld.
    for (const node of [teamNode("a"), teamNode("b"), serviceNode("s0"), ROOT]) expect(hidden.has(cellKey(node, "all"))).toBe(false);
  });

  test("only an empty side of a node someone is in counts as small", () => {
    expect(splitStaff(0, 6)).toBe(1);
    expect(splitStaff(0, 0)).toBe(0);
    expect(splitStaff(3, 6)).toBe(3);
  });
});
