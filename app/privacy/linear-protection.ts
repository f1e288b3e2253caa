// Cell suppression for additive tables (DESIGN.md "Privacy rules" 1 and 2), exact rather than
// rule-of-thumb. A table is a set of cells and equations (a total equals the sum of its parts). A
// cell drawn from 1 to k−1 distinct staff members is sensitive and hidden; then more cells are
// hidden until no combination of the visible figures, however clever, pins down any quantity that
// depends only on sensitive cells. "Two hidden cells per row" is the usual shortcut; it misses
// combinations across rows and levels, which this check does not.
import { Matrix, SingularValueDecomposition } from "ml-matrix";

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
  /**
   * Cells shared with another table that hid them there: kept hidden here and guarded like
   * sensitive cells, so the two tables together reveal no more than each alone.
   */
  guard?: ReadonlySet<string>;
};

export type ProtectionResult = {
  /** every cell not to be shown */
  suppressed: Set<string>;
  /** hidden because fewer than k staff (the rest of `suppressed` protects these) */
  sensitive: Set<string>;
};

export function isSmallGroup(staff: number, k: number) {
  return staff > 0 && staff < k;
}

function rank(rows: number[][]) {
  if (rows.length === 0 || rows[0]!.length === 0) return 0;
  return new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).rank;
}

/** The equation matrix restricted to some columns. */
function columns(matrix: number[][], keep: number[]) {
  return matrix.map((row) => keep.map((column) => row[column]!));
}

/**
 * True when the visible cells determine some non-trivial combination of sensitive cells.
 * With W the equations' row space, S and V the unit functionals of sensitive and visible cells,
 * a leak is a functional in (S+W) ∩ (V+W) beyond W; by dimensions that is
 * rank(M[V∪N]) + rank(M[S∪N]) − rank(M[N]) − rank(M) > 0, N being the other hidden cells.
 * Empty cells are dropped as structural zeros: no record is behind them, shown or not.
 */
export function revealsSensitive(
  matrix: number[][],
  index: Map<string, number>,
  sensitive: Set<string>,
  suppressed: Set<string>,
  isEmpty: (id: string) => boolean = () => false,
) {
  return leakCheck(matrix, index, isEmpty)(sensitive, suppressed);
}

/** revealsSensitive for one table, asked repeatedly: the rank of the whole matrix is taken once. */
function leakCheck(matrix: number[][], index: Map<string, number>, isEmpty: (id: string) => boolean) {
  const present = [...index].filter(([id]) => !isEmpty(id));
  const all = rank(columns(matrix, present.map(([, column]) => column)));
  return (sensitive: Set<string>, suppressed: Set<string>) => {
    const visible: number[] = [];
    const sensitiveColumns: number[] = [];
    const otherHidden: number[] = [];
    for (const [id, column] of present) {
      if (!suppressed.has(id)) visible.push(column);
      else if (sensitive.has(id)) sensitiveColumns.push(column);
      else otherHidden.push(column);
    }
    if (sensitiveColumns.length === 0 || visible.length === 0) return false;
    const withoutSensitive = rank(columns(matrix, [...visible, ...otherHidden]));
    const hidden = rank(columns(matrix, [...sensitiveColumns, ...otherHidden]));
    const others = rank(columns(matrix, otherHidden));
    return withoutSensitive + hidden - others - all > 0;
  };
}

/** One row per equation (+1 for the total, −1 for each part), one column per cell. */
export function equationMatrix(cellIds: string[], equations: Equation[]) {
  const index = new Map(cellIds.map((id, column) => [id, column]));
  const matrix = equations.map((equation) => {
    const row = new Array<number>(cellIds.length).fill(0);
    row[index.get(equation.total)!] = 1;
    for (const part of equation.parts) row[index.get(part)!]! -= 1;
    return row;
  });
  return { index, matrix };
}

/** Primary and complementary suppression for one system of additive cells. */
export function protectCells({ cells, equations, k, guard = new Set() }: ProtectionInput): ProtectionResult {
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  for (const equation of equations) {
    for (const id of [equation.total, ...equation.parts]) {
      if (!byId.has(id)) throw new Error(`equation names an unknown cell ${id}`);
    }
  }
  const sensitive = new Set(cells.filter((cell) => isSmallGroup(cell.staff, k) || guard.has(cell.id)).map((cell) => cell.id));
  const suppressed = new Set([...sensitive, ...cells.filter((cell) => cell.hidden).map((cell) => cell.id)]);

  const isEmpty = (id: string) => byId.get(id)!.staff === 0;
  // The visible member that costs least to hide: fewest staff, then a part before a total, then by id.
  // Hiding an empty cell protects nothing, so it is never chosen.
  const cheapestVisible = (equation: Equation) => {
    const candidates = [...equation.parts.map((id) => ({ id, total: false })), { id: equation.total, total: true }]
      .filter(({ id }) => !suppressed.has(id) && !isEmpty(id))
      .sort((a, b) => byId.get(a.id)!.staff - byId.get(b.id)!.staff || Number(a.total) - Number(b.total) || a.id.localeCompare(b.id));
    return candidates[0]?.id;
  };

  // Fast pass: an equation whose hidden members are all sensitive gives away their sum.
  const settleEquations = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const equation of equations) {
        const members = [equation.total, ...equation.parts];
        const hidden = members.filter((id) => suppressed.has(id) && !isEmpty(id));
        if (hidden.length === 0 || !hidden.every((id) => sensitive.has(id))) continue;
        const next = cheapestVisible(equation);
        if (next) {
          suppressed.add(next);
          changed = true;
        }
      }
    }
  };

  const { index, matrix } = equationMatrix(cells.map((cell) => cell.id), equations);

  settleEquations();
  // Exact pass: hide one more cell next to a sensitive one until nothing sensitive can be derived.
  const reveals = leakCheck(matrix, index, isEmpty);
  while (reveals(sensitive, suppressed)) {
    const touching = equations.filter((equation) => [equation.total, ...equation.parts].some((id) => sensitive.has(id)));
    const options = touching
      .map((equation) => cheapestVisible(equation))
      .filter((id): id is string => Boolean(id))
      .sort((a, b) => byId.get(a)!.staff - byId.get(b)!.staff || a.localeCompare(b));
    const next = options[0] ?? cells.find((cell) => !suppressed.has(cell.id) && !isEmpty(cell.id))?.id;
    if (!next) break;
    suppressed.add(next);
    settleEquations();
  }
  return { suppressed, sensitive };
}
