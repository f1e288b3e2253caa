import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  ROOT,
  agencyNode,
  cellKey,
  isHiddenNode,
  protectMonth,
  restOfServiceNode,
  serviceNode,
  teamNode,
  typeNode,
  withoutAgencyNode,
  type CellFigure,
  type FamilyShape,
  type TrendStructure,
} from "./trend-protection";

// The attacker of DESIGN.md's privacy rules across breakdowns: they hold every figure the month
// shows through every filter, know how the figures are defined and that counts are whole and never
// negative, but not which kinds of record occurred (that is what the figures protect). A kind of
// record is one value of every characteristic: team, incident type, each agency, each category.
// A combination of figures recovers a group when, whatever records there are, it equals the count
// of the records of some set of kinds; the group is the people with such records.

const structure: TrendStructure = {
  scope: { services: [{ id: "s0", teams: ["t0"], hasRest: true }, { id: "s1", teams: ["t2"], hasRest: false }], hasRestOfServices: false },
  types: ["violence", "fatality"],
  agencies: ["police"],
};
const shape: FamilyShape = {
  base: "all",
  groups: [{ parts: ["yes", "no"] }, { parts: ["r1", "r2"], hidden: ["none"] }],
  arms: ["scope", "type", "agency"],
  categoryArms: ["scope"],
};
const LEAVES = ["t0", "t9", "t2"] as const; // t9: the rest of s0, too small to be offered
const TYPES = ["violence", "fatality"] as const;
const RATINGS = ["r1", "r2", "none"] as const;

type Kind = { leaf: (typeof LEAVES)[number]; type: (typeof TYPES)[number]; police: boolean; yes: boolean; rating: (typeof RATINGS)[number] };
const KINDS: Kind[] = LEAVES.flatMap((leaf) =>
  TYPES.flatMap((type) => [true, false].flatMap((police) => [true, false].flatMap((yes) => RATINGS.map((rating) => ({ leaf, type, police, yes, rating }))))),
);
const kindIndex = ({ leaf, type, police, yes, rating }: Kind) =>
  KINDS.findIndex((other) => other.leaf === leaf && other.type === type && other.police === police && other.yes === yes && other.rating === rating);

/** The cells a kind of record counts in. */
function cellsOf(kind: Kind) {
  const scope = [ROOT, serviceNode(kind.leaf === "t2" ? "s1" : "s0"), kind.leaf === "t9" ? restOfServiceNode("s0") : teamNode(kind.leaf)];
  const categories = ["all", kind.yes ? "yes" : "no", kind.rating];
  return [
    ...scope.flatMap((node) => categories.map((category) => cellKey(node, category))),
    cellKey(typeNode(kind.type), "all"),
    cellKey(kind.police ? agencyNode("police") : withoutAgencyNode("police"), "all"),
  ];
}
const KIND_CELLS = KINDS.map(cellsOf);

/**
 * Every set of kinds whose count some combination of `shown` gives, and whose records come from
 * 1 to k − 1 people; the first found, or undefined. The combinations that are counts of sets of
 * kinds are the 0/1 vectors of the span of the figures (as rows over the kinds): with the span in
 * reduced row echelon form, each is fixed by its values on the pivot kinds, so those are tried
 * 0 or 1 in turn, abandoning a branch as soon as a kind's value is neither or the people reach k.
 */
function recoveredSmallGroup(shown: string[], peopleOfKind: Set<number>[], k: number): number[] | undefined {
  const rows: number[][] = shown.map((key) => KINDS.map((_, j) => (KIND_CELLS[j]!.includes(key) ? 1 : 0)));
  // Reduced row echelon form in floating point: the entries stay small integers and fractions.
  let r = 0;
  for (let j = 0; j < KINDS.length && r < rows.length; j += 1) {
    const p = rows.findIndex((row, i) => i >= r && Math.abs(row[j]!) > 1e-9);
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    const scale = rows[r]![j]!;
    rows[r] = rows[r]!.map((v) => v / scale);
    rows.forEach((row, i) => {
      if (i === r || Math.abs(row[j]!) < 1e-9) return;
      const factor = row[j]!;
      rows[i] = row.map((v, c) => v - factor * rows[r]![c]!);
    });
    r += 1;
  }
  const basis = rows.slice(0, r);
  // A kind's value is known once every basis row that touches it has its coefficient chosen.
  const settledAt = KINDS.map((_, j) => basis.reduce((last, row, i) => (Math.abs(row[j]!) > 1e-9 ? i : last), -1));
  const byStep = basis.map((_, i) => KINDS.flatMap((__, j) => (settledAt[j] === i ? [j] : [])));
  const chosen: number[] = [];
  const search = (step: number, people: Set<number>): number[] | undefined => {
    if (step === basis.length) {
      if (people.size === 0 || people.size >= k) return undefined;
      return KINDS.flatMap((_, j) => (Math.abs(basis.reduce((sum, row, i) => sum + chosen[i]! * row[j]!, 0) - 1) < 1e-9 ? [j] : []));
    }
    for (const x of [0, 1]) {
      chosen[step] = x;
      const more = new Set(people);
      let fits = true;
      for (const j of byStep[step]!) {
        const value = basis.reduce((sum, row, i) => (i <= step ? sum + chosen[i]! * row[j]! : sum), 0);
        if (Math.abs(value) < 1e-9) continue;
        if (Math.abs(value - 1) > 1e-9) {
          fits = false;
          break;
        }
        for (const person of peopleOfKind[j]!) more.add(person);
      }
      if (!fits || more.size >= k) continue;
      const found = search(step + 1, more);
      if (found) return found;
    }
    return undefined;
  };
  return search(0, new Set());
}

type Exposure = Kind & { person: number };

function month(records: Exposure[]) {
  const peopleOfKind = KINDS.map(() => new Set<number>());
  for (const record of records) peopleOfKind[kindIndex(record)]!.add(record.person);
  const people = new Map<string, Set<number>>();
  KINDS.forEach((_, j) => {
    for (const key of KIND_CELLS[j]!) people.set(key, new Set([...(people.get(key) ?? []), ...peopleOfKind[j]!]));
  });
  const figures = new Map<string, CellFigure>([...people].map(([key, set]) => [key, { value: 0, staff: set.size }]));
  return { peopleOfKind, figures };
}

const shownFigures = (figures: Map<string, CellFigure>, suppressed: ReadonlySet<string>) =>
  [...figures.keys()].filter((key) => !suppressed.has(key) && !isHiddenNode(key.split("|")[0]!));

const exposureArbitrary = fc.record({
  person: fc.integer({ min: 0, max: 11 }),
  leaf: fc.constantFrom(...LEAVES),
  type: fc.constantFrom(...TYPES),
  police: fc.boolean(),
  yes: fc.boolean(),
  rating: fc.constantFrom(...RATINGS),
});

describe("figures of different breakdowns played against each other", () => {
  test("property: no combination of all the month's shown figures, through every filter, recovers a group of fewer than k people", () => {
    fc.assert(
      fc.property(fc.array(exposureArbitrary, { minLength: 1, maxLength: 40 }), fc.integer({ min: 3, max: 5 }), (records, k) => {
        const { peopleOfKind, figures } = month(records);
        const suppressed = protectMonth(structure, shape, figures, k);
        expect(recoveredSmallGroup(shownFigures(figures, suppressed), peopleOfKind, k)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  const exposure = (person: number, leaf: Kind["leaf"], type: Kind["type"], police: boolean, yes: boolean, rating: Kind["rating"]): Exposure => ({ person, leaf, type, police, yes, rating });

  test("the attacker finds a service minus its offered team when only the small figures are withheld", () => {
    // t9 (the rest of s0) holds two people: s0 − t0 counts them, unless complementary suppression steps in.
    const records = [
      ...[0, 1, 2, 3, 4, 5].map((person) => exposure(person, "t0", "violence", true, true, "r1")),
      ...[6, 7].map((person) => exposure(person, "t9", "violence", true, true, "r1")),
      ...[10, 11, 12, 13, 14].map((person) => exposure(person, "t2", "fatality", false, false, "r2")),
    ];
    const k = 5;
    const { peopleOfKind, figures } = month(records);
    const smallOnly = new Set([...figures].filter(([, figure]) => figure.staff > 0 && figure.staff < k).map(([key]) => key));
    const found = recoveredSmallGroup(shownFigures(figures, smallOnly), peopleOfKind, k);
    expect(found?.flatMap((j) => [...peopleOfKind[j]!]).sort()).toEqual([6, 7]);
    expect(recoveredSmallGroup(shownFigures(figures, protectMonth(structure, shape, figures, k)), peopleOfKind, k)).toBeUndefined();
  });

  test("a team, an incident type and an agency played against each other count no group", () => {
    // Team t0: eight violence calls with police present and person 9's fatality without. Over the
    // kinds of record that occurred, t0 − violence − police + all is twice person 9's count; over
    // every kind of record it is not the count of anything, so it tells nothing to someone who does
    // not already know what happened to whom.
    const records = [
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((person) => exposure(person, "t0", "violence", true, true, "r1")),
      exposure(9, "t0", "fatality", false, true, "r1"),
      ...[10, 11, 12, 13, 14].map((person) => exposure(person, "t2", "fatality", true, false, "r2")),
      ...[15, 16, 17, 18, 19].map((person) => exposure(person, "t9", "violence", false, true, "r2")),
    ];
    const k = 3;
    const { peopleOfKind, figures } = month(records);
    const combination = KINDS.map((_, j) => {
      const has = (key: string) => (KIND_CELLS[j]!.includes(key) ? 1 : 0);
      return has(cellKey(teamNode("t0"), "all")) - has(cellKey(typeNode("violence"), "all")) - has(cellKey(agencyNode("police"), "all")) + has(cellKey(ROOT, "all"));
    });
    const occurred = KINDS.flatMap((_, j) => (peopleOfKind[j]!.size > 0 ? [j] : []));
    expect(occurred.filter((j) => combination[j] !== 0).flatMap((j) => [...peopleOfKind[j]!])).toEqual([9]);
    expect(combination.some((value) => value !== 0 && value !== 1)).toBe(true);
    const suppressed = protectMonth(structure, shape, figures, k);
    for (const key of [cellKey(teamNode("t0"), "all"), cellKey(typeNode("violence"), "all"), cellKey(agencyNode("police"), "all")]) expect(suppressed.has(key)).toBe(false);
    expect(recoveredSmallGroup(shownFigures(figures, suppressed), peopleOfKind, k)).toBeUndefined();
  });
});
