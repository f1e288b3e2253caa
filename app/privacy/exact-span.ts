// Exact linear algebra for the suppression check. Its questions are all about the span of 0/1
// rows (which combinations of shown figures count which records); floating point answers them
// only up to a tolerance, and slowly through eigen-decompositions. Here the rows are reduced
// modulo a prime, exactly. A rank modulo p can differ from the rank over the rationals only when
// p divides every minor of that size; for 0/1 matrices of a few hundred rows and p near 2^26 that
// does not happen in practice, and the property tests check the outcome against an independent
// floating-point oracle. Written here rather than taken from a library because the check needs
// elimination in a chosen column order on sparse rows, which general matrix libraries do not offer.

/** The largest prime below 2^26: a product of two residues stays exact in a double. */
export const PRIME = 67_108_859;

function modulo(value: number) {
  // Not `%`: on doubles that is a library call, and this is the inner loop.
  let remainder = value - Math.floor(value / PRIME) * PRIME;
  if (remainder < 0) remainder += PRIME;
  else if (remainder >= PRIME) remainder -= PRIME;
  return remainder;
}

function inverse(value: number) {
  // Extended Euclid; every intermediate stays below 2^26.
  let [a, b, x, y] = [value, PRIME, 1, 0];
  while (b !== 0) {
    const q = Math.floor(a / b);
    [a, b, x, y] = [b, a - q * b, y, x - q * y];
  }
  return modulo(x);
}

/** A row as its non-zero entries: column → residue. */
export type SparseRow = Map<number, number>;

/** A 0/1 row: a 1 in each of `columns`. */
export function indicator(columns: Iterable<number>): SparseRow {
  const row: SparseRow = new Map();
  for (const j of columns) row.set(j, 1);
  return row;
}

export type Pivot = { column: number; row: SparseRow };

/**
 * Gaussian elimination of `rows` (changed in place) on `columns`, in that order. Each pivot row is
 * scaled to 1 in its column and cleared from the rows not yet used; with `reduced`, also from the
 * earlier pivot rows (reduced row echelon form). The rows left over are zero on every one of
 * `columns`: they span exactly the part of the span that vanishes there. The pivot is the
 * sparsest row that can serve: the rows are nested totals, and pivoting on a grand total would
 * fill every other row in.
 */
export function eliminate(rows: SparseRow[], columns: Iterable<number>, reduced = false): { pivots: Pivot[]; rest: SparseRow[] } {
  // Which rows are non-zero in each column, kept current, so a pivot meets only the rows it changes.
  const holders = new Map<number, Set<number>>();
  const hold = (j: number, i: number) => {
    const set = holders.get(j);
    if (set) set.add(i);
    else holders.set(j, new Set([i]));
  };
  rows.forEach((row, i) => row.forEach((_, j) => hold(j, i)));
  const used = rows.map(() => false);
  const pivots: Pivot[] = [];
  for (const column of columns) {
    let at = -1;
    for (const i of holders.get(column) ?? []) {
      if (!used[i] && (at < 0 || rows[i]!.size < rows[at]!.size)) at = i;
    }
    if (at < 0) continue;
    used[at] = true;
    const row = rows[at]!;
    const scale = inverse(row.get(column)!);
    for (const [j, value] of row) row.set(j, modulo(value * scale));
    for (const i of [...holders.get(column)!]) {
      if (i === at || (used[i] && !reduced)) continue;
      const other = rows[i]!;
      const factor = other.get(column)!;
      for (const [j, value] of row) {
        const before = other.get(j) ?? 0;
        const after = modulo(before - factor * value);
        if (after === 0) {
          if (before !== 0) {
            other.delete(j);
            holders.get(j)!.delete(i);
          }
        } else {
          other.set(j, after);
          if (before === 0) hold(j, i);
        }
      }
    }
    pivots.push({ column, row });
  }
  return { pivots, rest: rows.filter((_, i) => !used[i]) };
}

export function rank(rows: readonly SparseRow[]) {
  const copies = rows.map((row) => new Map(row));
  const columns = new Set(copies.flatMap((row) => [...row.keys()]));
  return eliminate(copies, columns).pivots.length;
}

/**
 * The support of the one combination (up to scale) of `basis` rows that vanishes on `zeros`,
 * ascending; undefined when there are more or none.
 */
export function supportVanishingOn(basis: readonly SparseRow[], zeros: readonly number[]): number[] | undefined {
  const d = basis.length;
  const system = zeros.map((z) => new Map(basis.flatMap((row, i) => (row.has(z) ? [[i, row.get(z)!] as const] : []))));
  const { pivots } = eliminate(system, Array.from({ length: d }, (_, i) => i), true);
  if (pivots.length !== d - 1) return undefined;
  const pivotColumns = new Set(pivots.map((p) => p.column));
  const free = Array.from({ length: d }, (_, i) => i).find((i) => !pivotColumns.has(i))!;
  const coefficients = new Map([[free, 1]]);
  for (const pivot of pivots) {
    const value = pivot.row.get(free) ?? 0;
    if (value !== 0) coefficients.set(pivot.column, PRIME - value);
  }
  const combined = new Map<number, number>();
  for (const [i, c] of coefficients) {
    for (const [j, value] of basis[i]!) combined.set(j, modulo((combined.get(j) ?? 0) + c * value));
  }
  return [...combined].flatMap(([j, value]) => (value === 0 ? [] : [j])).sort((a, b) => a - b);
}

/**
 * Splits the span of a reduced basis into the blocks of columns it never links (the connected
 * components of its matroid): every vector of minimal support lies within one block. Blocks come
 * in order of their first column, each with its columns ascending and its own basis rows. Columns
 * from `below` on are carried along but do not link (bookkeeping, such as which rows were combined).
 */
export function independentBlocks(pivots: readonly Pivot[], below = Infinity) {
  const parent = new Map<number, number>();
  const find = (j: number): number => {
    let root = j;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(j, root);
    return root;
  };
  for (const { column, row } of pivots) {
    if (!parent.has(column)) parent.set(column, column);
    for (const j of row.keys()) {
      if (j >= below) continue;
      if (!parent.has(j)) parent.set(j, j);
      parent.set(find(j), find(column));
    }
  }
  const blocks = new Map<number, { atoms: number[]; basis: SparseRow[] }>();
  for (const j of [...parent.keys()].sort((a, b) => a - b)) {
    const root = find(j);
    const block = blocks.get(root) ?? { atoms: [], basis: [] };
    block.atoms.push(j);
    blocks.set(root, block);
  }
  for (const { column, row } of pivots) blocks.get(find(column))!.basis.push(row);
  return [...blocks.values()].sort((a, b) => a.atoms[0]! - b.atoms[0]!);
}
