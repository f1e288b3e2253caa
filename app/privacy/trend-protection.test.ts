import fc from "fast-check";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, test } from "vitest";
import { equationMatrix, revealsSensitive } from "./linear-protection";
import {
  ROOT,
  agencyNode,
  armEquations,
  cellKey,
  isHiddenNode,
  protectMonth,
  restOfServiceNode,
  serviceNode,
  teamNode,
  typeNode,
  type CellFigure,
  type FamilyShape,
  type TrendStructure,
} from "./trend-protection";

const rank = (rows: number[][]) =>
  rows.length === 0 ? 0 : new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).rank;

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

const recordsArbitrary = fc.array(
  fc.record({ person: fc.integer({ min: 0, max: 9 }), team: fc.constantFrom("t0", "t1", "t2", "t3", "t4"), yes: fc.boolean() }),
  { minLength: 1, maxLength: 40 },
);

describe("record-level attack on one month of a remit", () => {
  // The oracle knows every record and every person. A released figure is the count of the records
  // in a shown cell; an attacker may combine released figures in any linear way. A leak is a
  // non-trivial combination that depends only on the records of fewer than k people: for every such
  // group of people, dropping their records must not lower the rank of the released figures.
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
        const released = shown.map((key) => records.map((_, i) => (membership[i]!.includes(key) ? 1 : 0)));
        const full = rank(released);
        const persons = [...new Set(records.map((r) => r.person))];
        const groups: number[][] = [];
        const choose = (start: number, group: number[]) => {
          if (group.length === Math.min(k - 1, persons.length)) return void groups.push(group);
          for (let i = start; i < persons.length; i += 1) choose(i + 1, [...group, persons[i]!]);
        };
        choose(0, []);
        for (const group of groups) {
          const outside = records.map((r, i) => (group.includes(r.person) ? -1 : i)).filter((i) => i >= 0);
          const reduced = released.map((row) => outside.map((i) => row[i]!));
          expect(rank(reduced), `people ${group.join(", ")} can be singled out`).toBe(full);
        }
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
  };
  const nodes = [...new Set(["scope", "type", "agency"].flatMap((arm) => armEquations(structure, arm as never).flatMap((e) => [e.total, ...e.parts])))];
  const categories = ["all", "yes", "no", "r1", "r2", "r3", "none", "r23"];

  const recordArbitrary = fc.record({
    person: fc.integer({ min: 0, max: 11 }),
    team: fc.constantFrom("t0", "t1", "t9", "t2"),
    type: fc.constantFrom("violence", "fatality", "other"),
    agencies: fc.subarray(["police", "health"]),
    yes: fc.boolean(),
    rating: fc.constantFrom("r1", "r2", "r3", "none"),
  });

  test("property: taken as one table, the month reveals nothing sensitive", () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { minLength: 1, maxLength: 40 }), fc.integer({ min: 3, max: 6 }), (records, k) => {
        // t9 is the hidden rest of service s0; t2 is service s1.
        const people = new Map<string, Set<number>>();
        for (const r of records) {
          const service = r.team === "t2" ? "s1" : "s0";
          const scope = r.team === "t9" ? restOfServiceNode("s0") : teamNode(r.team);
          const memberOf = [ROOT, serviceNode(service), scope, typeNode(r.type), ...structure.agencies.map((a) => (r.agencies.includes(a) ? agencyNode(a) : `without-agency:${a}`))];
          const cats = ["all", r.yes ? "yes" : "no", r.rating, ...(r.rating === "r2" || r.rating === "r3" ? ["r23"] : [])];
          for (const node of memberOf) for (const c of cats) people.set(cellKey(node, c), (people.get(cellKey(node, c)) ?? new Set()).add(r.person));
        }
        const figures = new Map<string, CellFigure>();
        for (const node of nodes) for (const c of categories) figures.set(cellKey(node, c), { value: 0, staff: people.get(cellKey(node, c))?.size ?? 0 });
        const suppressed = protectMonth(structure, shape, figures, k);
        // The joint system: every node equation for every category, every category equation for every node.
        const cells = nodes.flatMap((node) => categories.map((category) => cellKey(node, category)));
        const equations = [
          ...["scope", "type", "agency"].flatMap((arm) => armEquations(structure, arm as never)).flatMap((e) => categories.map((c) => ({ total: cellKey(e.total, c), parts: e.parts.map((p) => cellKey(p, c)) }))),
          ...nodes.flatMap((node) => [
            { total: cellKey(node, "all"), parts: ["yes", "no"].map((c) => cellKey(node, c)) },
            { total: cellKey(node, "all"), parts: ["r1", "r23", "none"].map((c) => cellKey(node, c)) },
            { total: cellKey(node, "r23"), parts: ["r2", "r3"].map((c) => cellKey(node, c)) },
          ]),
        ];
        const { index, matrix } = equationMatrix(cells, equations);
        const sensitive = new Set(cells.filter((id) => figures.get(id)!.staff > 0 && figures.get(id)!.staff < k));
        for (const id of sensitive) expect(suppressed.has(id)).toBe(true);
        expect(revealsSensitive(matrix, index, sensitive, suppressed, (id) => figures.get(id)!.staff === 0)).toBe(false);
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
