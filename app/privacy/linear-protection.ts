// Cell suppression for additive tables (DESIGN.md "Privacy rules" 1 and 2), exact rather than
// rule-of-thumb. A table is a set of cells and equations (a total equals the sum of its parts).
// The cells that are never a total are the table's atoms: every cell is a sum of atoms, and the
// atoms hold disjoint records. A cell drawn from 1 to k−1 distinct staff members is hidden; then
// more cells are hidden until no combination of the visible figures, however clever, gives a
// figure about fewer than k people. "Two hidden cells per row" is the usual shortcut; it misses
// combinations across rows and levels, which this check does not. It counts people, not cells, so
// "the sum of many small cells" is fine when many people are behind it.
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

export type ProtectedCell = {
  id: string;
  /** distinct staff members the figure is computed from */
  staff: number;
  /** never shown (for example the teams too small to be offered on their own) */
  hidden?: boolean;
};

/** total = sum of parts */
export type Equation = { total: string; parts: string[] };

export type ProtectionInput = {
  cells: ProtectedCell[];
  equations: Equation[];
  k: number;
  /** cells hidden by another table that shares them: kept hidden here too */
  guard?: ReadonlySet<string>;
  /**
   * Cells this table shares with others. It must not let anyone work out a combination of them
   * beyond the shown ones, or the other tables' protection could be undone through it.
   */
  shared?: ReadonlySet<string>;
  /** cells already shown elsewhere: never hidden here */
  pinned?: ReadonlySet<string>;
};

export type ProtectionResult = {
  /** every cell not to be shown */
  suppressed: Set<string>;
  /** hidden because fewer than k staff (the rest of `suppressed` protects these) */
  sensitive: Set<string>;
};

function isSmallGroup(staff: number, k: number) {
  return staff > 0 && staff < k;
}

const TOLERANCE = 1e-7;
/** Above this many candidate supports the search gives up and treats the table as leaking. */
const SEARCH_LIMIT = 500;
/** How many of the cheapest cells are tried as the complement that stops a leak. */
const TRIED_COMPLEMENTS = 8;

/** Orthonormal basis (as rows) of the row space of `rows`, each of length `width`. */
function rowSpace(rows: number[][], width: number): number[][] {
  if (rows.length === 0 || width === 0) return [];
  const a = new Matrix(rows);
  const gram = a.transpose().mmul(a);
  const { realEigenvalues, eigenvectorMatrix } = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const largest = Math.max(1, ...realEigenvalues.map(Math.abs));
  const basis: number[][] = [];
  realEigenvalues.forEach((value, column) => {
    if (value > TOLERANCE * largest) basis.push(eigenvectorMatrix.getColumn(column));
  });
  return basis;
}

/** Basis of { c : Σ c_i · rows[i] restricted to `columns` = 0 }. */
function combinationsVanishingOn(rows: number[][], columns: number[]): number[][] {
  const d = rows.length;
  if (columns.length === 0) return rows.map((_, i) => rows.map((__, j) => (i === j ? 1 : 0)));
  const h = new Matrix(rows.map((row) => columns.map((column) => row[column]!)));
  const gram = h.mmul(h.transpose());
  const { realEigenvalues, eigenvectorMatrix } = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const largest = Math.max(1, ...realEigenvalues.map(Math.abs));
  const basis: number[][] = [];
  for (let column = 0; column < d; column += 1) {
    if (Math.abs(realEigenvalues[column]!) <= TOLERANCE * largest) basis.push(eigenvectorMatrix.getColumn(column));
  }
  return basis;
}

const combine = (coefficients: number[], rows: number[][]) =>
  rows[0]!.map((_, j) => coefficients.reduce((sum, c, i) => sum + c * rows[i]![j]!, 0));

const supportOf = (vector: number[]) => vector.flatMap((value, j) => (Math.abs(value) > 1e-6 ? [j] : []));

function* subsets(items: number[], size: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === size) {
    yield chosen;
    return;
  }
  for (let i = start; i <= items.length - (size - chosen.length); i += 1) yield* subsets(items, size, i + 1, [...chosen, items[i]!]);
}

function binomial(n: number, r: number) {
  let result = 1;
  for (let i = 0; i < r; i += 1) result = (result * (n - i)) / (i + 1);
  return result;
}

/**
 * The atoms of a table and how to bound the people behind any set of them from below, using only
 * each cell's distinct-staff count: people can be in several atoms (two exposures in a month), so
 * a sum of atom counts over-counts, by at most what each equation's parts over-count its total.
 */
const atomsCache = new WeakMap<ProtectedCell[], ReturnType<typeof computeTableAtoms>>();
export function tableAtoms(cells: ProtectedCell[], equations: Equation[]) {
  let found = atomsCache.get(cells);
  if (!found) {
    found = computeTableAtoms(cells, equations);
    atomsCache.set(cells, found);
  }
  return found;
}

function computeTableAtoms(cells: ProtectedCell[], equations: Equation[]) {
  const staffOf = new Map(cells.map((cell) => [cell.id, cell.staff]));
  for (const equation of equations) {
    for (const id of [equation.total, ...equation.parts]) {
      if (!staffOf.has(id)) throw new Error(`equation names an unknown cell ${id}`);
    }
  }
  const totals = new Map<string, Equation[]>();
  for (const equation of equations) totals.set(equation.total, [...(totals.get(equation.total) ?? []), equation]);
  const atomIds = cells.filter((cell) => !totals.has(cell.id)).map((cell) => cell.id);

  const atomsByCell = new Map<string, Set<string>>();
  const atomsOf = (id: string): Set<string> => {
    const known = atomsByCell.get(id);
    if (known) return known;
    const equation = totals.get(id)?.[0];
    const atoms = equation ? new Set(equation.parts.flatMap((part) => [...atomsOf(part)])) : new Set([id]);
    atomsByCell.set(id, atoms);
    return atoms;
  };
  for (const cell of cells) atomsOf(cell.id);

  // Each cell as a 0/1 row over the atoms with someone behind them (empty ones are zeros).
  const occupied = atomIds.filter((id) => staffOf.get(id)! > 0);
  const column = new Map(occupied.map((id, j) => [id, j]));
  const rows = new Map(
    cells.map((cell) => {
      const row = new Array<number>(occupied.length).fill(0);
      for (const atom of atomsOf(cell.id)) if (column.has(atom)) row[column.get(atom)!] = 1;
      return [cell.id, row];
    }),
  );
  const rowOf = (id: string) => rows.get(id)!;

  /** At least how many distinct people are behind the atoms in `chosen`. */
  const peopleAtLeast = (chosen: ReadonlySet<string>) => {
    const memo = new Map<string, number>();
    const bound = (id: string): number => {
      const known = memo.get(id);
      if (known !== undefined) return known;
      const staff = staffOf.get(id)!;
      const atoms = [...atomsOf(id)].filter((atom) => staffOf.get(atom)! > 0);
      const inside = atoms.filter((atom) => chosen.has(atom));
      let best = 0;
      if (inside.length > 0 && inside.length === atoms.length) best = staff;
      else {
        for (const atom of inside) best = Math.max(best, staffOf.get(atom)!);
        for (const equation of totals.get(id) ?? []) {
          const overCount = equation.parts.reduce((sum, part) => sum + staffOf.get(part)!, 0) - staff;
          best = Math.max(best, equation.parts.reduce((sum, part) => sum + bound(part), 0) - overCount);
        }
      }
      memo.set(id, best);
      return best;
    };
    return Math.max(0, ...cells.map((cell) => bound(cell.id)));
  };

  return { occupied, atomsOf, rowOf, peopleAtLeast, staffOf };
}

/**
 * A set of atoms whose records some combination of the visible cells counts exactly, and behind
 * which fewer than k people stand; undefined when there is none. The visible cells span a space
 * of functionals over the atoms; a leak is a vector in it supported on atoms of fewer than k
 * people. Such a vector lives on the small atoms, so the search looks at the part of the span
 * inside them and at its minimal supports, where the fewest people are.
 */
export function findLeak(input: ProtectionInput, suppressed: ReadonlySet<string>): Set<string> | undefined {
  const { occupied, rowOf, peopleAtLeast, staffOf } = tableAtoms(input.cells, input.equations);
  const rows = input.cells.filter((cell) => !suppressed.has(cell.id)).map((cell) => rowOf(cell.id));
  const small = occupied.flatMap((id, j) => (staffOf.get(id)! < input.k ? [j] : []));
  if (small.length === 0 || rows.length === 0) return undefined;
  const large = occupied.flatMap((id, j) => (staffOf.get(id)! >= input.k ? [j] : []));

  const span = rowSpace(rows, occupied.length);
  const inSmall = combinationsVanishingOn(span, large).map((c) => combine(c, span));
  if (inSmall.length === 0) return undefined;
  const toAtoms = (support: number[]) => new Set(support.map((j) => occupied[j]!));

  // The span splits into independent blocks of atoms (where its projector is block-diagonal);
  // a minimal support lies within one block, so each block is searched on its own.
  for (const block of independentBlocks(rowSpace(inSmall, occupied.length))) {
    const d = block.basis.length;
    if (d === 1) {
      const atoms = toAtoms(block.atoms);
      if (peopleAtLeast(atoms) < input.k) return atoms;
      continue;
    }
    if (binomial(block.atoms.length, d - 1) > SEARCH_LIMIT) return toAtoms(block.atoms);
    // Every minimal support is that of the one vector (up to scale) vanishing on some d − 1 atoms.
    const checked = new Set<string>();
    for (const zeros of subsets(block.atoms, d - 1)) {
      const solutions = combinationsVanishingOn(block.basis, zeros);
      if (solutions.length !== 1) continue;
      const support = supportOf(combine(solutions[0]!, block.basis));
      const key = support.join(",");
      if (support.length === 0 || checked.has(key)) continue;
      checked.add(key);
      const atoms = toAtoms(support);
      if (peopleAtLeast(atoms) < input.k) return atoms;
    }
  }
  return undefined;
}

/** Split the span of orthonormal `basis` rows into blocks of columns its projector never links. */
function independentBlocks(basis: number[][]) {
  if (basis.length === 0) return [];
  const width = basis[0]!.length;
  const q = new Matrix(basis);
  const fullProjector = q.transpose().mmul(q);
  const linked = (i: number, j: number) => Math.abs(fullProjector.get(i, j)) > 1e-9;
  const used = basis[0]!.map((_, j) => basis.some((q) => Math.abs(q[j]!) > 1e-6));
  const blockOf = new Array<number>(width).fill(-1);
  const blocks: number[][] = [];
  for (let start = 0; start < width; start += 1) {
    if (!used[start] || blockOf[start] !== -1) continue;
    const members = [start];
    blockOf[start] = blocks.length;
    for (let next = 0; next < members.length; next += 1) {
      for (let j = 0; j < width; j += 1) {
        if (used[j] && blockOf[j] === -1 && linked(members[next]!, j)) {
          blockOf[j] = blocks.length;
          members.push(j);
        }
      }
    }
    blocks.push(members.sort((a, b) => a - b));
  }
  return blocks.map((atoms) => {
    // The block's own subspace: the projector restricted to it, eigenvalue 1.
    const projector = new Matrix(atoms.map((i) => atoms.map((j) => fullProjector.get(i, j))));
    const { realEigenvalues, eigenvectorMatrix } = new EigenvalueDecomposition(projector, { assumeSymmetric: true });
    const own: number[][] = [];
    realEigenvalues.forEach((value, column) => {
      if (value > 0.5) {
        const vector = new Array<number>(width).fill(0);
        atoms.forEach((atom, index) => (vector[atom] = eigenvectorMatrix.get(index, column)));
        own.push(vector);
      }
    });
    return { atoms, basis: own };
  });
}

function rank(rows: number[][], width: number) {
  return rowSpace(rows, width).length;
}

/**
 * How many combinations of the shared cells, beyond those of the shown shared cells, the visible
 * cells determine: dim(span(visible) ∩ span(shared)) − rank(visible shared). Zero is safe.
 */
export function revealedSharedCombinations(input: ProtectionInput, suppressed: ReadonlySet<string>) {
  const shared = input.shared;
  if (!shared || shared.size === 0) return 0;
  const { occupied, rowOf } = tableAtoms(input.cells, input.equations);
  const visible = input.cells.filter((cell) => !suppressed.has(cell.id)).map((cell) => cell.id);
  const sharedIds = input.cells.filter((cell) => shared.has(cell.id)).map((cell) => cell.id);
  const width = occupied.length;
  const both = rank([...visible, ...sharedIds].map(rowOf), width);
  const intersection = rank(visible.map(rowOf), width) + rank(sharedIds.map(rowOf), width) - both;
  return intersection - rank(visible.filter((id) => shared.has(id)).map(rowOf), width);
}

/** Primary and complementary suppression for one system of additive cells. */
export function protectCells(input: ProtectionInput): ProtectionResult {
  const { cells, equations, k, guard = new Set(), pinned = new Set() } = input;
  const { atomsOf, peopleAtLeast, staffOf } = tableAtoms(cells, equations);
  const sensitive = new Set(cells.filter((cell) => isSmallGroup(cell.staff, k)).map((cell) => cell.id));
  const suppressed = new Set([...sensitive, ...guard, ...cells.filter((cell) => cell.hidden).map((cell) => cell.id)]);

  // Hiding an empty cell protects nothing; a pinned one is public already.
  const cannotHide = (id: string) => staffOf.get(id) === 0 || pinned.has(id);
  const isTotal = new Set(equations.map((e) => e.total));
  // Cheapest first: fewest staff, then a part before a total, then by id.
  const byCost = (a: string, b: string) => staffOf.get(a)! - staffOf.get(b)! || Number(isTotal.has(a)) - Number(isTotal.has(b)) || a.localeCompare(b);

  const atomsUnion = (ids: string[]) => new Set(ids.flatMap((id) => [...atomsOf(id)]));
  const mustStayHidden = (id: string) => sensitive.has(id) || guard.has(id);
  // Fast pass, per row and column: the hidden members of an equation with a shown total add up to a figure
  // about their people; a hidden total that must stay hidden needs a hidden part beside it.
  const equationLeaks = (equation: Equation) => {
    const hiddenParts = equation.parts.filter((id) => suppressed.has(id) && staffOf.get(id)! > 0);
    if (!suppressed.has(equation.total)) return hiddenParts.length > 0 && peopleAtLeast(atomsUnion(hiddenParts)) < k;
    return mustStayHidden(equation.total) && hiddenParts.length === 0 && staffOf.get(equation.total)! > 0;
  };
  const settleEquations = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const equation of equations) {
        if (!equationLeaks(equation)) continue;
        const next = [equation.total, ...equation.parts].filter((id) => !suppressed.has(id) && !cannotHide(id)).sort(byCost)[0];
        if (next) {
          suppressed.add(next);
          changed = true;
        }
      }
    }
  };

  settleEquations();
  // Exact pass: hide the cheapest visible cell whose loss stops the leak (the leaking
  // combination may use cells that do not touch the leaking records), until nothing leaks.
  for (let leak = findLeak(input, suppressed); leak; leak = findLeak(input, suppressed)) {
    const candidates = cells.map((cell) => cell.id).filter((id) => !suppressed.has(id) && !cannotHide(id)).sort(byCost);
    if (candidates.length === 0) break;
    // Trying every candidate is slow on wide tables; the cheapest few nearly always include one.
    const stops = candidates.slice(0, TRIED_COMPLEMENTS).find((id) => !sameLeak(findLeak(input, new Set([...suppressed, id])), leak!));
    const touching = candidates.find((id) => [...atomsOf(id)].some((atom) => leak!.has(atom)));
    suppressed.add(stops ?? touching ?? candidates[0]!);
    settleEquations();
  }
  // Then the cells shared with other tables: hide the cheapest cell whose loss reveals less of them.
  for (let excess = revealedSharedCombinations(input, suppressed); excess > 0; excess = revealedSharedCombinations(input, suppressed)) {
    const candidates = cells.map((cell) => cell.id).filter((id) => !suppressed.has(id) && !cannotHide(id)).sort(byCost);
    if (candidates.length === 0) break;
    const helps = candidates.find((id) => revealedSharedCombinations(input, new Set([...suppressed, id])) < excess);
    suppressed.add(helps ?? candidates[0]!);
    settleEquations();
  }
  // Hiding for the shared cells can only narrow what is visible, so no leak comes back.
  return { suppressed, sensitive };
}

const sameLeak = (a: Set<string> | undefined, b: Set<string>) => a !== undefined && a.size === b.size && [...a].every((id) => b.has(id));
