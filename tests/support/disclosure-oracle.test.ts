// The oracle of the publication property test, on hand-made cases whose answer is known.
import { describe, expect, test } from "vitest";
import {
  findDisclosure,
  type OracleAtom,
  type OracleRow,
} from "./disclosure-oracle";

/** One atom per person "p1" … "pn" (their one record), ids "a1" … "an". */
const onePerPerson = (n: number): OracleAtom[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `a${i + 1}`,
    person: `p${i + 1}`,
  }));
const row = (label: string, atoms: string[], coefficient = 1): OracleRow => ({
  label,
  coefficients: new Map(atoms.map((a) => [a, coefficient])),
});
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `a${from + i}`);

describe("disclosure oracle", () => {
  test("a difference of two totals that isolates one person is found, with the combination and the person", () => {
    const atoms = onePerPerson(7);
    const found = findDisclosure(
      atoms,
      [row("before", range(1, 6)), row("after", range(1, 7))],
      5
    );
    expect(found?.people).toEqual(["p7"]);
    expect(found?.support).toEqual([{ atom: "a7", coefficient: 1 }]);
    expect(found?.combination).toEqual(
      expect.arrayContaining([
        { label: "after", coefficient: 1 },
        { label: "before", coefficient: -1 },
      ])
    );
    // Each total alone is safe.
    expect(findDisclosure(atoms, [row("after", range(1, 7))], 5)).toBeNull();
  });

  test("a person with several atoms counts once; a group of k people is not a disclosure, of k − 1 it is", () => {
    const atoms: OracleAtom[] = [
      ...onePerPerson(10),
      { id: "b1", person: "p1" },
      { id: "b2", person: "p2" },
    ];
    // The difference lives on p1 and p2 (three atoms): two people.
    const rows = [
      row("small", range(3, 10)),
      row("big", [...range(1, 10), "b1", "b2"]),
    ];
    expect(findDisclosure(atoms, rows, 3)?.people).toEqual(["p1", "p2"]);
    expect(findDisclosure(atoms, rows, 2)).toBeNull();
  });

  test("a service total with one small team: hiding only the small team leaks it, hiding it and a second team protects it", () => {
    // Service S = teams A (p1, p2: fewer than k = 3), B (p3–p6), C (p7–p10).
    const atoms = onePerPerson(10);
    const [A, B, C] = [range(1, 2), range(3, 6), range(7, 10)];
    const S = row("S", [...A, ...B, ...C]);
    const leaking = findDisclosure(atoms, [S, row("B", B), row("C", C)], 3);
    expect(leaking?.people).toEqual(["p1", "p2"]); // S − B − C = A
    expect(leaking?.support.map((s) => s.atom).sort()).toEqual(A);
    // Complementary suppression: B withheld too, S − C = A + B describes six people.
    expect(findDisclosure(atoms, [S, row("C", C)], 3)).toBeNull();
  });

  test("a two-way table: the small cell hidden with one other in its row leaks through its column; the rectangle of four hidden is safe", () => {
    // Cells x11 … x23 of a 2×3 table; x11 has two people, every other cell three. k = 3.
    const atoms: OracleAtom[] = [];
    const cell = (r: number, c: number) =>
      Array.from(
        { length: r === 1 && c === 1 ? 2 : 3 },
        (_, i) => `x${r}${c}-${i}`
      );
    for (let r = 1; r <= 2; r += 1)
      for (let c = 1; c <= 3; c += 1)
        for (const id of cell(r, c)) atoms.push({ id, person: `person-${id}` });
    const margins = [
      row(
        "row1",
        [1, 2, 3].flatMap((c) => cell(1, c))
      ),
      row(
        "row2",
        [1, 2, 3].flatMap((c) => cell(2, c))
      ),
      ...[1, 2, 3].map((c) =>
        row(
          `col${c}`,
          [1, 2].flatMap((r) => cell(r, c))
        )
      ),
    ];
    const shown = (...cells: [number, number][]) => [
      ...margins,
      ...cells.map(([r, c]) => row(`x${r}${c}`, cell(r, c))),
    ];
    const leaking = findDisclosure(
      atoms,
      shown([1, 3], [2, 1], [2, 2], [2, 3]),
      3
    );
    expect(leaking?.people).toEqual(["person-x11-0", "person-x11-1"]); // x11 = col1 − x21
    expect(findDisclosure(atoms, shown([1, 3], [2, 3]), 3)).toBeNull();
  });

  test("a combination that needs fractions is found too, and rows naming unknown atoms are refused", () => {
    const atoms = onePerPerson(6);
    // 2·a1 + (a2 … a6) and a2 … a6 shown: a1 alone, with coefficient 2.
    const weighted: OracleRow = {
      label: "weighted",
      coefficients: new Map([
        ["a1", 2],
        ...range(2, 6).map((a): [string, number] => [a, 1]),
      ]),
    };
    expect(
      findDisclosure(atoms, [weighted, row("rest", range(2, 6))], 3)?.people
    ).toEqual(["p1"]);
    expect(() => findDisclosure(atoms, [row("bad", ["zz"])], 3)).toThrow(
      /unknown atom/
    );
  });
});
