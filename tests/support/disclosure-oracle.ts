// An exact disclosure oracle over person-level data, for tests. It knows nothing of app/privacy
// and shares no code with it: its own elimination, its own rank.
//
// The attacker's worst case: they know which people contribute to which atom (a person's records
// in one state, in one base cell), and they hold every published figure, each a linear row over
// atoms. They learn the value of every linear combination of the rows. A combination discloses a
// group when it is nonzero and lives only on atoms of fewer than k distinct people.
//
// Exact test for small worlds: for each set S of people with |S| < k, a nonzero combination lives on
// S's atoms if and only if rank(all rows) > rank(the rows restricted to the atoms of everyone not
// in S). Ranks are taken modulo two primes below 2^26 (products stay exact in doubles); the rank
// modulo a prime never exceeds the rational rank and equals it unless the prime divides every
// maximal minor, which for the small integer rows here does not happen. The two primes must agree,
// or the oracle says so instead of answering.

export type OracleAtom = { id: string; person: string };
export type OracleRow = {
  label: string;
  coefficients: ReadonlyMap<string, number>;
};
export type Disclosure = {
  /** the fewer than k people the combination describes */
  people: string[];
  /** the combination: published rows with their coefficients (shown in the symmetric range modulo the first prime) */
  combination: { label: string; coefficient: number }[];
  /** the atoms it lives on, with their coefficient */
  support: { atom: string; coefficient: number }[];
};

const PRIMES = [67_108_859, 67_108_837] as const;

const mod = (a: number, p: number) => ((a % p) + p) % p;
const mul = (a: number, b: number, p: number) => (a * b) % p; // a, b < 2^26: the product is exact
function inverse(a: number, p: number) {
  let [r0, r1, s0, s1] = [p, mod(a, p), 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1) throw new Error("not invertible");
  return mod(s0, p);
}

/** Row echelon form modulo p of the given dense rows (copied); returns the nonzero reduced rows. */
function echelon(rows: number[][], columns: number[], p: number): number[][] {
  const work = rows.map((row) => row.slice());
  const basis: number[][] = [];
  let remaining = work;
  for (const column of columns) {
    const pivotIndex = remaining.findIndex((row) => row[column] !== 0);
    if (pivotIndex < 0) continue;
    const pivot = remaining[pivotIndex]!;
    const inv = inverse(pivot[column]!, p);
    for (let c = 0; c < pivot.length; c += 1) pivot[c] = mul(pivot[c]!, inv, p);
    const next: number[][] = [];
    for (let i = 0; i < remaining.length; i += 1) {
      if (i === pivotIndex) continue;
      const row = remaining[i]!;
      const factor = row[column]!;
      if (factor !== 0)
        for (let c = 0; c < row.length; c += 1)
          if (pivot[c] !== 0)
            row[c] = mod(row[c]! - mul(factor, pivot[c]!, p), p);
      next.push(row);
    }
    basis.push(pivot);
    remaining = next;
    if (remaining.length === 0) break;
  }
  return basis;
}

/** Rank modulo p of the rows restricted to `columns`. */
function rankOn(rows: number[][], columns: number[], p: number) {
  if (columns.length === 0) return 0;
  return echelon(
    rows.map((row) => columns.map((c) => row[c]!)),
    columns.map((_, i) => i),
    p
  ).length;
}

function* subsetsBySize<T>(items: T[], maxSize: number): Generator<T[]> {
  for (let size = 1; size <= Math.min(maxSize, items.length); size += 1) {
    const pick = (start: number, chosen: T[]): T[][] => {
      if (chosen.length === size) return [chosen];
      const out: T[][] = [];
      for (let i = start; i < items.length; i += 1)
        out.push(...pick(i + 1, [...chosen, items[i]!]));
      return out;
    };
    yield* pick(0, []);
  }
}

/**
 * Whether some nonzero linear combination of `rows` lives only on the atoms of fewer than k
 * people: null when none does, or the smallest such group with one combination that shows it.
 * Rows may mention only atoms listed in `atoms`.
 */
export function findDisclosure(
  atoms: readonly OracleAtom[],
  rows: readonly OracleRow[],
  k: number
): Disclosure | null {
  const index = new Map(atoms.map((atom, i) => [atom.id, i]));
  if (index.size !== atoms.length) throw new Error("atom ids must be unique");
  const people = [...new Set(atoms.map((a) => a.person))].sort();
  const columnsOf = new Map(people.map((person) => [person, [] as number[]]));
  atoms.forEach((atom, i) => columnsOf.get(atom.person)!.push(i));
  // Identical rows add nothing: one of each, the first label kept.
  const distinct = new Map<string, OracleRow>();
  for (const row of rows) {
    const entries = [...row.coefficients]
      .filter(([, c]) => c !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [atom] of entries)
      if (!index.has(atom))
        throw new Error(`row ${row.label} mentions an unknown atom ${atom}`);
    const key = JSON.stringify(entries);
    if (entries.length > 0 && !distinct.has(key)) distinct.set(key, row);
  }
  const kept = [...distinct.values()];
  const allColumns = atoms.map((_, i) => i);

  const leakingGroup = (p: number): string[] | null => {
    const dense = kept.map((row) => {
      const vector = new Array<number>(atoms.length).fill(0);
      for (const [atom, c] of row.coefficients)
        vector[index.get(atom)!] = mod(vector[index.get(atom)!]! + c, p);
      return vector;
    });
    // The row space once; restricting it to some columns is the span of its basis restricted.
    const basis = echelon(dense, allColumns, p);
    for (const group of subsetsBySize(people, k - 1)) {
      const outside = new Set(group);
      const columns = allColumns.filter((c) => !outside.has(atoms[c]!.person));
      if (rankOn(basis, columns, p) < basis.length) return group;
    }
    return null;
  };
  const answers = PRIMES.map(leakingGroup);
  if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1]))
    throw new Error(`the two primes disagree: ${JSON.stringify(answers)}`);
  const group = answers[0];
  if (!group) return null;
  return {
    people: group,
    ...combinationOn(group, atoms, kept, index, PRIMES[0]),
  };
}

/** One combination of the rows that vanishes outside the group's atoms and not on them (elimination with the rows' combinations tracked). */
function combinationOn(
  group: string[],
  atoms: readonly OracleAtom[],
  rows: OracleRow[],
  index: Map<string, number>,
  p: number
) {
  const inGroup = new Set(group);
  const outside = atoms
    .map((a, i) => [a, i] as const)
    .filter(([a]) => !inGroup.has(a.person))
    .map(([, i]) => i);
  type Tracked = { vector: number[]; combination: Map<number, number> };
  const tracked: Tracked[] = rows.map((row, r) => {
    const vector = new Array<number>(atoms.length).fill(0);
    for (const [atom, c] of row.coefficients)
      vector[index.get(atom)!] = mod(vector[index.get(atom)!]! + c, p);
    return { vector, combination: new Map([[r, 1]]) };
  });
  let remaining = tracked;
  for (const column of outside) {
    const pivotIndex = remaining.findIndex((t) => t.vector[column] !== 0);
    if (pivotIndex < 0) continue;
    const pivot = remaining[pivotIndex]!;
    remaining = remaining.filter((_, i) => i !== pivotIndex);
    for (const t of remaining) {
      const factor = mul(
        t.vector[column]!,
        inverse(pivot.vector[column]!, p),
        p
      );
      if (factor === 0) continue;
      for (let c = 0; c < t.vector.length; c += 1)
        t.vector[c] = mod(t.vector[c]! - mul(factor, pivot.vector[c]!, p), p);
      for (const [r, c] of pivot.combination)
        t.combination.set(
          r,
          mod((t.combination.get(r) ?? 0) - mul(factor, c, p), p)
        );
    }
  }
  const found = remaining.find((t) => t.vector.some((v) => v !== 0));
  if (!found) throw new Error("no combination found although the ranks differ");
  const symmetric = (v: number) => (v > p / 2 ? v - p : v);
  // Scaled so that its first atom has coefficient 1.
  const first = found.vector.find((v) => v !== 0)!;
  const scale = inverse(first, p);
  return {
    combination: [...found.combination]
      .map(([r, c]) => ({
        label: rows[r]!.label,
        coefficient: symmetric(mul(c, scale, p)),
      }))
      .filter((entry) => entry.coefficient !== 0),
    support: found.vector.flatMap((v, i) =>
      v === 0
        ? []
        : [{ atom: atoms[i]!.id, coefficient: symmetric(mul(v, scale, p)) }]
    ),
  };
}
