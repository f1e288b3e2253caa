// Cell suppression for additive tables (DESIGN.md "Privacy rules" 1 and 2), exact rather than
// rule-of-thumb. A table is a set of cells and equations (a total equals the sum of its parts).
// The cells that are never a total are the table's atoms: every cell is a sum of atoms, and the
// atoms hold disjoint records. A cell drawn from 1 to k−1 distinct staff members is hidden; then
// more cells are hidden until no combination of the visible figures, however clever, gives a
// figure about fewer than k people. "Two hidden cells per row" is the usual shortcut; it misses
// combinations across rows and levels, which this check does not. It counts people, not cells, so
// "the sum of many small cells" is fine when many people are behind it.
import { eliminate, independentBlocks, indicator, rank, supportVanishingOn, type SparseRow } from "~/privacy/exact-span";

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

/** Above this many candidate supports the search gives up and treats the table as leaking. */
const SEARCH_LIMIT = 500;

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
  const occupiedAtomsOf = new Map(cells.map((cell) => [cell.id, [...atomsOf(cell.id)].filter((atom) => column.has(atom))]));
  const columnsOf = new Map([...occupiedAtomsOf].map(([id, atoms]) => [id, atoms.map((atom) => column.get(atom)!)]));
  /** A fresh row each time: elimination changes its rows. */
  const rowOf = (id: string) => indicator(columnsOf.get(id)!);
  const cellsHolding = new Map<string, string[]>(occupied.map((atom) => [atom, []]));
  for (const [id, atoms] of occupiedAtomsOf) for (const atom of atoms) cellsHolding.get(atom)!.push(id);

  /** At least how many distinct people are behind the atoms in `chosen`. */
  const peopleAtLeast = (chosen: ReadonlySet<string>) => {
    // Only the cells holding a chosen atom can bound anything above zero: how many they hold, and the largest.
    const holding = new Map<string, { atoms: number; largest: number }>();
    for (const atom of chosen) {
      for (const id of cellsHolding.get(atom) ?? []) {
        const entry = holding.get(id) ?? { atoms: 0, largest: 0 };
        entry.atoms += 1;
        entry.largest = Math.max(entry.largest, staffOf.get(atom)!);
        holding.set(id, entry);
      }
    }
    const memo = new Map<string, number>();
    const bound = (id: string): number => {
      const held = holding.get(id);
      if (!held) return 0;
      const known = memo.get(id);
      if (known !== undefined) return known;
      const staff = staffOf.get(id)!;
      let best = held.largest;
      if (held.atoms === occupiedAtomsOf.get(id)!.length) best = staff;
      else {
        for (const equation of totals.get(id) ?? []) {
          const overCount = equation.parts.reduce((sum, part) => sum + staffOf.get(part)!, 0) - staff;
          best = Math.max(best, equation.parts.reduce((sum, part) => sum + bound(part), 0) - overCount);
        }
      }
      memo.set(id, best);
      return best;
    };
    return Math.max(0, ...[...holding.keys()].map(bound));
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
  return searchLeaks(input, suppressed).leaks[0]?.atoms;
}

type Block = ReturnType<typeof independentBlocks>[number];

/**
 * A leak in each independent block that has one. The visible rows carry, in the columns after the
 * atoms, which visible cells they combine, so that the cells a leak needs can be read off the same
 * elimination (see cellsTheLeakNeeds).
 */
function searchLeaks(input: ProtectionInput, suppressed: ReadonlySet<string>) {
  const { occupied, rowOf, peopleAtLeast, staffOf } = tableAtoms(input.cells, input.equations);
  const visible = input.cells.filter((cell) => !suppressed.has(cell.id)).map((cell) => cell.id);
  const width = occupied.length;
  const usedBy = (combinations: SparseRow[]) => new Set(visible.filter((_, i) => combinations.some((row) => row.has(width + i))));
  const small = occupied.flatMap((id, j) => (staffOf.get(id)! < input.k ? [j] : []));
  const large = occupied.flatMap((id, j) => (staffOf.get(id)! >= input.k ? [j] : []));
  if (small.length === 0) return { leaks: [], usedBy, redundant: new Set<string>() };

  // Clearing the large atoms leaves the combinations that count small atoms only; reducing those
  // on the small atoms leaves, besides a basis, the combinations that count nothing at all.
  const rows = visible.map((id, i) => rowOf(id).set(width + i, 1));
  const { pivots, rest } = eliminate(eliminate(rows, large).rest, small, true);
  const toAtoms = (support: number[]) => new Set(support.map((j) => occupied[j]!));
  const onAtoms = (row: SparseRow) => new Map([...row].filter(([j]) => j < width));

  // A minimal support lies within one independent block, so each block is searched on its own.
  const leakIn = (block: Block) => {
    const d = block.basis.length;
    if (d === 1) {
      const atoms = toAtoms(block.atoms);
      return peopleAtLeast(atoms) < input.k ? atoms : undefined;
    }
    if (binomial(block.atoms.length, d - 1) > SEARCH_LIMIT) return toAtoms(block.atoms);
    // Every minimal support is that of the one vector (up to scale) vanishing on some d − 1 atoms.
    const basis = block.basis.map(onAtoms);
    const checked = new Set<string>();
    for (const zeros of subsets(block.atoms, d - 1)) {
      const support = supportVanishingOn(basis, zeros);
      if (!support) continue;
      const key = support.join(",");
      if (checked.has(key)) continue;
      checked.add(key);
      const atoms = toAtoms(support);
      if (peopleAtLeast(atoms) < input.k) return atoms;
    }
    return undefined;
  };
  const leaks = independentBlocks(pivots, width).flatMap((block) => {
    const atoms = leakIn(block);
    return atoms ? [{ atoms, block }] : [];
  });
  return { leaks, usedBy, redundant: usedBy(rest) };
}

/**
 * The visible cells a leak cannot do without: hiding any one of them leaves no combination of the
 * others that counts only records of the leaking atoms. With the coefficient spaces
 * K = { a : Σ a_i·row_i vanishes outside the leak } and N = { a : Σ a_i·row_i = 0 }, hiding cell c
 * leaves dim K − dim N − [some a in K uses c] + [some a in N uses c] such combinations. K is N
 * plus the combinations of the leak's own block that vanish outside it, and N ("redundant") is the
 * same for every leak of a search.
 */
function cellsTheLeakNeeds(input: ProtectionInput, search: ReturnType<typeof searchLeaks>, leak: { atoms: ReadonlySet<string>; block: Block }) {
  const { occupied } = tableAtoms(input.cells, input.equations);
  const outside = leak.block.atoms.filter((j) => !leak.atoms.has(occupied[j]!));
  const vanishingOutside = eliminate(leak.block.basis.map((row) => new Map(row)), outside).rest;
  if (vanishingOutside.length !== 1) return new Set<string>();
  return new Set([...search.usedBy(vanishingOutside)].filter((id) => !search.redundant.has(id)));
}

/**
 * How many combinations of the shared cells, beyond those of the shown shared cells, the visible
 * cells determine: dim(span(visible) ∩ span(shared)) − rank(visible shared). Zero is safe.
 */
export function revealedSharedCombinations(input: ProtectionInput, suppressed: ReadonlySet<string>) {
  const shared = input.shared;
  if (!shared || shared.size === 0) return 0;
  const { rowOf } = tableAtoms(input.cells, input.equations);
  const visible = input.cells.filter((cell) => !suppressed.has(cell.id)).map((cell) => cell.id);
  const sharedIds = input.cells.filter((cell) => shared.has(cell.id)).map((cell) => cell.id);
  const both = rank([...visible, ...sharedIds].map(rowOf));
  const intersection = rank(visible.map(rowOf)) + rank(sharedIds.map(rowOf)) - both;
  return intersection - rank(visible.filter((id) => shared.has(id)).map(rowOf));
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
  const cheapestFirst = cells.map((cell) => cell.id).sort(byCost);
  const costRank = new Map(cheapestFirst.map((id, rank) => [id, rank]));
  const hideable = () => cheapestFirst.filter((id) => !suppressed.has(id) && !cannotHide(id));

  const atomsUnion = (ids: string[]) => new Set(ids.flatMap((id) => [...atomsOf(id)]));
  const mustStayHidden = (id: string) => sensitive.has(id) || guard.has(id);
  // Fast pass, per row and column: the hidden members of an equation with a shown total add up to a figure
  // about their people; a hidden total that must stay hidden needs a hidden part beside it.
  // Cells are only ever added to `suppressed`, so the same number of hidden parts means the same parts.
  const safeWithHiddenParts = new Map<Equation, number>();
  const equationLeaks = (equation: Equation) => {
    const hiddenParts = equation.parts.filter((id) => suppressed.has(id) && staffOf.get(id)! > 0);
    if (!suppressed.has(equation.total)) {
      if (hiddenParts.length === 0 || safeWithHiddenParts.get(equation) === hiddenParts.length) return false;
      if (peopleAtLeast(atomsUnion(hiddenParts)) < k) return true;
      safeWithHiddenParts.set(equation, hiddenParts.length);
      return false;
    }
    return mustStayHidden(equation.total) && hiddenParts.length === 0 && staffOf.get(equation.total)! > 0;
  };
  const settleEquations = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const equation of equations) {
        if (!equationLeaks(equation)) continue;
        const next = [equation.total, ...equation.parts].filter((id) => !suppressed.has(id) && !cannotHide(id)).sort((a, b) => costRank.get(a)! - costRank.get(b)!)[0];
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
  // The leaks of independent blocks are stopped together: a cell a leak needs stops it whatever
  // else is hidden, since hiding only narrows the span.
  for (let search = searchLeaks(input, suppressed); search.leaks.length > 0; search = searchLeaks(input, suppressed)) {
    if (hideable().length === 0) break;
    for (const leak of search.leaks) {
      const needed = cellsTheLeakNeeds(input, search, leak);
      if ([...needed].some((id) => suppressed.has(id))) continue; // stopped by a cell hidden for another leak
      const candidates = hideable();
      if (candidates.length === 0) break;
      const stops = candidates.find((id) => needed.has(id));
      const touching = () => candidates.find((id) => [...atomsOf(id)].some((atom) => leak.atoms.has(atom)));
      suppressed.add(stops ?? touching() ?? candidates[0]!);
    }
    settleEquations();
  }
  // Then the cells shared with other tables: hide the cheapest cell whose loss reveals less of them.
  for (let excess = revealedSharedCombinations(input, suppressed); excess > 0; excess = revealedSharedCombinations(input, suppressed)) {
    const candidates = hideable();
    if (candidates.length === 0) break;
    const helps = candidates.find((id) => revealedSharedCombinations(input, new Set([...suppressed, id])) < excess);
    suppressed.add(helps ?? candidates[0]!);
    settleEquations();
  }
  // Hiding for the shared cells can only narrow what is visible, so no leak comes back.
  return { suppressed, sensitive };
}
