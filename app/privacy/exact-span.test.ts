import fc from "fast-check";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, test } from "vitest";
import { PRIME, eliminate, independentBlocks, indicator, rank, supportVanishingOn, type SparseRow } from "./exact-span";

/** An independent oracle: the rank over the reals by singular values. */
const realRank = (rows: number[][]) =>
  rows.length === 0 || rows[0]!.length === 0 ? 0 : new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).rank;

const sparse = (dense: number[][]) => dense.map((row) => indicator(row.flatMap((value, j) => (value === 0 ? [] : [j]))));
const dense = (row: SparseRow, width: number) => Array.from({ length: width }, (_, j) => row.get(j) ?? 0);

const zeroOneMatrix = fc.integer({ min: 1, max: 9 }).chain((width) => fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }));

describe("exact rank of 0/1 rows", () => {
  test("property: agrees with the rank over the reals", () => {
    fc.assert(
      fc.property(zeroOneMatrix, (rows) => {
        expect(rank(sparse(rows))).toBe(realRank(rows));
      }),
      { numRuns: 300 },
    );
  });

  test("a total and its parts are dependent", () => {
    // P = A + B: three rows, rank two.
    expect(rank([indicator([0, 1]), indicator([0]), indicator([1])])).toBe(2);
  });

  test("does not change the rows it is given", () => {
    const rows = [indicator([0, 1]), indicator([0])];
    rank(rows);
    expect(rows.map((row) => [...row])).toEqual([[[0, 1], [1, 1]], [[0, 1]]]);
  });
});

describe("elimination on chosen columns", () => {
  test("property: the rows left vanish on those columns and span all of the span that does", () => {
    fc.assert(
      fc.property(zeroOneMatrix, fc.array(fc.integer({ min: 0, max: 8 })), (rows, chosen) => {
        const width = rows[0]!.length;
        const columns = [...new Set(chosen.filter((j) => j < width))];
        const { rest } = eliminate(sparse(rows), columns);
        for (const row of rest) for (const j of columns) expect(row.get(j) ?? 0).toBe(0);
        // dim(span ∩ {x : x_j = 0 on columns}) = rank(rows) − rank(rows on those columns)
        const onColumns = rows.map((row) => columns.map((j) => row[j]!));
        const expected = realRank(rows) - realRank(onColumns);
        expect(rank(rest)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  test("a pivot row is scaled to one in its column and, reduced, is the only one there", () => {
    const rows = [indicator([0, 1, 2]), indicator([1]), indicator([2])];
    const { pivots } = eliminate(rows, [0, 1, 2], true);
    expect(pivots.map((p) => dense(p.row, 3))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  test("arithmetic wraps modulo the prime: a −1 is PRIME − 1", () => {
    const rows = [indicator([0, 1]), indicator([0])];
    const { rest } = eliminate(rows, [0]);
    // (1, 1) − (1, 0) or (1, 0) − (1, 1): either way one row left, with a non-zero in column 1 only.
    expect(rest).toHaveLength(1);
    expect([...rest[0]!.keys()]).toEqual([1]);
    expect([1, PRIME - 1]).toContain(rest[0]!.get(1));
  });
});

describe("minimal supports", () => {
  test("the one combination vanishing on the chosen columns", () => {
    // Rows a+b and b+c: vanishing on b leaves (a+b) − (b+c) = a − c, support {a, c}.
    const basis = [indicator([0, 1]), indicator([1, 2])];
    expect(supportVanishingOn(basis, [1])).toEqual([0, 2]);
  });

  test("no single combination when the chosen columns do not pin one down", () => {
    const basis = [indicator([0]), indicator([1]), indicator([2])];
    // Vanishing on columns 0 and 0 again leaves a plane, not a line.
    expect(supportVanishingOn(basis, [0, 0])).toBeUndefined();
  });

  test("independent blocks: columns never linked by the basis are searched apart", () => {
    const { pivots } = eliminate([indicator([0, 1]), indicator([2]), indicator([3, 4]), indicator([4])], [0, 1, 2, 3, 4], true);
    const blocks = independentBlocks(pivots);
    expect(blocks.map((b) => b.atoms)).toEqual([[0, 1], [2], [3], [4]]);
    expect(blocks.map((b) => b.basis.length)).toEqual([1, 1, 1, 1]);
  });

  test("property: every block's rows together have the rank of the whole", () => {
    fc.assert(
      fc.property(zeroOneMatrix, (rows) => {
        const width = rows[0]!.length;
        const { pivots } = eliminate(sparse(rows), Array.from({ length: width }, (_, j) => j), true);
        const blocks = independentBlocks(pivots);
        const columns = blocks.flatMap((b) => b.atoms);
        expect(new Set(columns).size).toBe(columns.length);
        expect(blocks.reduce((sum, b) => sum + b.basis.length, 0)).toBe(realRank(rows));
        for (const block of blocks) for (const row of block.basis) for (const j of row.keys()) expect(block.atoms).toContain(j);
      }),
      { numRuns: 200 },
    );
  });
});
