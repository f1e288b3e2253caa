import { describe, expect, test } from "vitest";
import { findLeak, protectCells } from "~/privacy/linear-protection";
import { jointStructure, protectJointMonth, type JointOrganisation } from "~/privacy/joint-protection";
import { cellKey, type CellFigure, type FamilyShape } from "~/privacy/trend-protection";

const K = 3;
const BASE_ONLY: FamilyShape = { base: "all", groups: [], arms: ["scope"] };
const REMIT = "remit:ac";

/**
 * Service S has teams A, B and C; service T has team D. The organisation shows every node; a
 * manager's remit is A and C, and shows its total, its part of S (the same teams) and A and C.
 */
const organisation = (types: string[] = []): JointOrganisation => ({
  services: [
    { id: "S", teams: ["A", "B", "C"] },
    { id: "T", teams: ["D"] },
  ],
  types,
  agencies: [],
  audiences: [
    { id: "organisation", teams: ["A", "B", "C", "D"], shownServices: ["S", "T"], shownTeams: ["A", "B", "C", "D"] },
    { id: REMIT, teams: ["A", "C"], shownServices: ["S"], shownTeams: ["A", "C"] },
  ],
});

/** People behind each team (each person in one team, one record each). */
const PEOPLE = { A: 5, B: 2, C: 4, D: 6 };
const base = (node: string) => cellKey(node, "all");
const figure = (people: number): CellFigure => ({ value: people, staff: people });

describe("one protected system for the organisation and every remit", () => {
  test("a remit's nodes are named by the teams they count: its part of a service it fully holds would be the service, its teams are the organisation's", () => {
    const structure = jointStructure(organisation());
    expect(structure.jointNode(REMIT, "team:A")).toBe("team:A");
    expect(structure.jointNode(REMIT, "all")).toBe(`${REMIT}/all`);
    // A and C: the remit's part of S is its total, one cell.
    expect(structure.jointNode(REMIT, "service:S")).toBe(`${REMIT}/all`);
    // A one-team service is its team.
    expect(structure.jointNode("organisation", "team:D")).toBe("service:T");
    const whole = jointStructure({ ...organisation(), audiences: [...organisation().audiences, { id: "remit:s", teams: ["A", "B", "C"], shownServices: ["S"], shownTeams: [] }] });
    expect(whole.jointNode("remit:s", "all")).toBe("service:S");
  });

  test("hand-worked: S − (A + C) = B. Protected apart, the organisation shows S and the remit A + C; jointly, the remit's total is withheld", () => {
    // Apart, as before: the organisation's table withholds B (2 people) and C (its complement);
    // the remit's table (total = A + C, both 4 or more) withholds nothing.
    const organisationAlone = protectCells({
      cells: [
        { id: "all", staff: 17 },
        { id: "S", staff: 11 },
        { id: "T", staff: 6 },
        { id: "A", staff: 5 },
        { id: "B", staff: 2 },
        { id: "C", staff: 4 },
      ],
      equations: [
        { total: "all", parts: ["S", "T"] },
        { total: "S", parts: ["A", "B", "C"] },
      ],
      k: K,
    }).suppressed;
    const remitAlone = protectCells({
      cells: [
        { id: "all", staff: 9 },
        { id: "A", staff: 5 },
        { id: "C", staff: 4 },
      ],
      equations: [{ total: "all", parts: ["A", "C"] }],
      k: K,
    }).suppressed;
    expect([...organisationAlone].sort()).toEqual(["B", "C"]);
    expect(remitAlone.size).toBe(0);
    // So the organisation's S (11) less the remit's total (9) is B: 2 people.

    // Jointly: S = A + B + C and the remit's total = A + C are equations of one table.
    const structure = jointStructure(organisation());
    const figures = new Map<string, CellFigure>([
      [base("all"), figure(17)],
      [base("service:S"), figure(11)],
      [base("service:T"), figure(6)],
      [base("team:A"), figure(PEOPLE.A)],
      [base("team:B"), figure(PEOPLE.B)],
      [base("team:C"), figure(PEOPLE.C)],
      [base(`${REMIT}/all`), figure(9)],
    ]);
    const hidden = protectJointMonth(structure, BASE_ONLY, figures, K);
    // B is small; C is its complement within S; then S − remit = B and all − T − remit = B both
    // need the remit's total, the cheapest cell that stops them.
    expect([...hidden].sort()).toEqual([base(`${REMIT}/all`), base("team:B"), base("team:C")]);
    // What the organisation still shows gives B only with C: S − A = B + C, 6 people.
    const cells = structure.scopeNodes.map((node) => ({ id: base(node), staff: figures.get(base(node))?.staff ?? 0 }));
    const equations = structure.scopeEquations.map((e) => ({ total: base(e.total), parts: e.parts.map(base) }));
    expect(findLeak({ cells, equations, k: K }, hidden)).toBeUndefined();
  });

  test("incident types: the organisation's type figure less the remit's is the other teams' records of that type, so not both are shown", () => {
    const structure = jointStructure(organisation(["x", "y"]));
    // Records by team and type (one person each): B's single type-x records are 2 people.
    const byTeamType: Record<string, [number, number]> = { A: [3, 3], B: [2, 0], C: [3, 3], D: [3, 3] };
    const figures = new Map<string, CellFigure>();
    const add = (node: string, people: number) => figures.set(base(node), figure((figures.get(base(node))?.staff ?? 0) + people));
    for (const [team, [x, y]] of Object.entries(byTeamType)) {
      const cell = structure.teamCell(team);
      add(`${cell}/type:x`, x);
      add(`${cell}/type:y`, y);
      add(cell, x + y);
      add("type:x", x);
      add("type:y", y);
      add("all", x + y);
      if (team !== "D") add("service:S", x + y);
      if (team === "A" || team === "C") {
        add(`${REMIT}/all`, x + y);
        add(`${REMIT}/all/type:x`, x);
        add(`${REMIT}/all/type:y`, y);
      }
    }
    expect(structure.jointNode(REMIT, "type:x")).toBe(`${REMIT}/all/type:x`);
    const hidden = protectJointMonth(structure, { base: "all", groups: [], arms: ["scope", "type"] }, figures, K);
    expect(hidden.has(base("team:B"))).toBe(true);
    expect(hidden.has(base("type:x")) || hidden.has(base(`${REMIT}/all/type:x`))).toBe(true);
    // Exactly: no combination of what is shown, scope and types together, counts fewer than 3 people.
    const nodes = [...structure.scopeNodes, ...structure.typeNodes];
    const cells = nodes.map((node) => ({ id: base(node), staff: figures.get(base(node))?.staff ?? 0 }));
    const equations = [...structure.scopeEquations, ...structure.typeEquations].map((e) => ({ total: base(e.total), parts: e.parts.map(base) }));
    expect(findLeak({ cells, equations, k: K }, hidden)).toBeUndefined();
  });

  test("a month another audience published before keeps what it showed and hid", () => {
    const structure = jointStructure(organisation());
    const figures = new Map<string, CellFigure>([
      [base("all"), figure(17)],
      [base("service:S"), figure(11)],
      [base("service:T"), figure(6)],
      [base("team:A"), figure(PEOPLE.A)],
      [base("team:B"), figure(PEOPLE.B)],
      [base("team:C"), figure(PEOPLE.C)],
      [base(`${REMIT}/all`), figure(9)],
    ]);
    // The remit published its total before; now the organisation's figures must hide S instead.
    const hidden = protectJointMonth(structure, BASE_ONLY, figures, K, new Set(), { shown: new Set([base(`${REMIT}/all`)]), hidden: new Set() });
    expect(hidden.has(base(`${REMIT}/all`))).toBe(false);
    expect(hidden.has(base("service:S"))).toBe(true);
  });
});
