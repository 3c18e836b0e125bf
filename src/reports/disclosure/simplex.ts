/**
 * A small dense simplex solver for the one question disclosure control asks: given equations
 * `A y = b` with `y >= 0`, how small and how large can each chosen variable be? Phase 1 finds a
 * feasible basis once (dropping redundant equations, which additive tables always have); phase 2
 * then maximises and minimises each target from that basis. Bland's rule guarantees termination on
 * the heavily degenerate systems tables produce. Deterministic: no randomness, fixed pivot order.
 */

const EPS = 1e-9;

/** A sparse equation: sum of coef * y[variable] = rhs. */
export interface Equation {
  readonly terms: readonly (readonly [variable: number, coef: number])[];
  readonly rhs: number;
}

/** Minimum and maximum of a variable over the feasible set (`Infinity` when unbounded above). */
export interface VariableRange {
  readonly min: number;
  readonly max: number;
}

interface Tableau {
  rows: Float64Array[];
  basis: number[];
  /** Number of structural (non-artificial) columns. */
  n: number;
  /** Index of the right-hand side column. */
  rhs: number;
}

function pivot(t: Tableau, row: number, col: number): void {
  const pr = t.rows[row]!;
  const p = pr[col]!;
  for (let j = 0; j <= t.rhs; j += 1) pr[j] = pr[j]! / p;
  for (let i = 0; i < t.rows.length; i += 1) {
    if (i === row) continue;
    const r = t.rows[i]!;
    const f = r[col]!;
    if (f === 0) continue;
    for (let j = 0; j <= t.rhs; j += 1) r[j] = r[j]! - f * pr[j]!;
    r[col] = 0;
  }
  t.basis[row] = col;
}

/**
 * Maximises `cost · y` over the tableau's feasible set, entering only columns below `limit`.
 * Returns false when unbounded.
 */
function maximise(t: Tableau, cost: Float64Array, limit: number): boolean {
  const m = t.rows.length;
  for (;;) {
    // Reduced cost z_j = c_B B^-1 A_j - c_j; enter the first (Bland) column with z_j < 0.
    let enter = -1;
    for (let j = 0; j < limit && enter < 0; j += 1) {
      let z = -cost[j]!;
      for (let i = 0; i < m; i += 1) {
        const cb = cost[t.basis[i]!]!;
        if (cb !== 0) z += cb * t.rows[i]![j]!;
      }
      if (z < -EPS) enter = j;
    }
    if (enter < 0) return true;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < m; i += 1) {
      const a = t.rows[i]![enter]!;
      if (a <= EPS) continue;
      const ratio = t.rows[i]![t.rhs]! / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && t.basis[i]! < t.basis[leave]!)) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) return false;
    pivot(t, leave, enter);
  }
}

function cloneTableau(t: Tableau): Tableau {
  return { rows: t.rows.map((r) => Float64Array.from(r)), basis: [...t.basis], n: t.n, rhs: t.rhs };
}

/**
 * Builds a feasible basis for `A y = b, y >= 0` (phase 1). Throws if the system is infeasible, which
 * for a table means the published values contradict each other.
 */
function phaseOne(equations: readonly Equation[], n: number): Tableau {
  const m = equations.length;
  const width = n + m + 1;
  const rows = equations.map((eq, i) => {
    const row = new Float64Array(width);
    const sign = eq.rhs < 0 ? -1 : 1;
    for (const [v, c] of eq.terms) row[v] = row[v]! + sign * c;
    row[n + i] = 1;
    row[width - 1] = sign * eq.rhs;
    return row;
  });
  const t: Tableau = { rows, basis: equations.map((_, i) => n + i), n, rhs: width - 1 };
  const cost = new Float64Array(width);
  for (let i = 0; i < m; i += 1) cost[n + i] = -1;
  maximise(t, cost, n + m);
  const residual = t.rows.reduce((s, r, i) => (t.basis[i]! >= n ? s + r[t.rhs]! : s), 0);
  if (residual > 1e-6) throw new Error('the published values are inconsistent: no table satisfies them');
  // Drive artificials out of the basis; a row where that is impossible is a redundant equation.
  for (let i = t.rows.length - 1; i >= 0; i -= 1) {
    if (t.basis[i]! < n) continue;
    const row = t.rows[i]!;
    let col = -1;
    for (let j = 0; j < n && col < 0; j += 1) if (Math.abs(row[j]!) > EPS) col = j;
    if (col >= 0) pivot(t, i, col);
    else {
      t.rows.splice(i, 1);
      t.basis.splice(i, 1);
    }
  }
  return t;
}

/**
 * The range of each target variable over `{ y >= 0 : A y = b }`.
 *
 * @example
 * // y0 + y1 = 4: each can be anything from 0 to 4
 * variableRanges([{ terms: [[0, 1], [1, 1]], rhs: 4 }], 2, [0]); // Map { 0 => { min: 0, max: 4 } }
 */
export function variableRanges(
  equations: readonly Equation[],
  variableCount: number,
  targets: readonly number[],
): Map<number, VariableRange> {
  const n = variableCount;
  const base = phaseOne(equations, n);
  const result = new Map<number, VariableRange>();
  const valueOf = (t: Tableau, v: number): number => {
    const row = t.basis.indexOf(v);
    return row < 0 ? 0 : t.rows[row]![t.rhs]!;
  };
  for (const target of targets) {
    const cost = new Float64Array(base.rhs + 1);
    cost[target] = 1;
    const up = cloneTableau(base);
    const max = maximise(up, cost, n) ? valueOf(up, target) : Infinity;
    cost[target] = -1;
    const down = cloneTableau(base);
    maximise(down, cost, n);
    result.set(target, { min: valueOf(down, target), max });
  }
  return result;
}
