import { lineProblem, predict, type LineProblem, type LineProblemSpec } from './lineModel';
import { num, vec } from './params';
import { broadcastWeight } from './numerics';
import { log1pUnit } from './fastLog';
import { fail, type Tensor } from './tensor';

/**
 * Loss surfaces L(w, b) of the one-feature model (see lineModel.ts) over a grid, for the
 * playground's surface scene: 201×201 points over 1,000 samples must draw a first picture within
 * 50 ms and the full one within 300 ms, on the host, without blocking it. A plain loop is
 * 40 million loss evaluations, about 1 s once a log or an exp is involved, so each loss gets the
 * cheapest exact method its form allows:
 *
 * - `closed-form`: mse is a quadratic in (w, b), so each point is O(1) from the data's moments;
 *   exponential is e^(−b)·A(w) + e^(b)·B(w) with A, B sums over the samples, O(n) per column.
 * - `sorted`: piecewise-polynomial losses (l1, quantile, huber, smooth_l1, hinge, squared_hinge,
 *   zero_one) depend on b only through b − cᵢ(w); with the cᵢ of a column sorted and prefix
 *   sums of cᵢ and cᵢ², each point is a few binary searches.
 * - `separable`: log_cosh, logistic and bce_with_logits are a piecewise-linear part plus
 *   κ·log(1 + e^(−γ|z|)). e^(−γz) with z = α(w, x) + β(b) factors into e^(−γα)·e^(−γβ), tables
 *   along w and b, and a sum of logs is the log of a product, so the inner loop has no
 *   transcendental call at all. focal is no sum of logs: it still takes one log1p per sample
 *   and point (several times the others' cost, around the full-picture budget), but no exp.
 *   Sigmoid + MSE (the `sigmoid` model) takes the same tables: σ(z) is 1/(1 + t), t = e^(−|z|).
 * - `kernel`: the rest (bce_with_logits with many distinct sample weights, or data so large that
 *   a factored exponential would overflow) runs the catalog definition's own kernel over a
 *   whole grid row at a time: exact, and about 10× slower than the methods above.
 *
 * Every method returns the catalog's loss up to rounding (the unit tests compare each with
 * `evaluate()` at random grid points); `method: 'kernel'` forces the catalog's kernel everywhere.
 *
 * Layout: `values[row * cols + col]` is L(w = wValues[col], b = bValues[row]): rows are b,
 * columns are w, as an image with w across and b up.
 */

/** An evenly spaced axis of `steps` values from `min` to `max` (both included). */
export type GridAxis = { min: number; max: number; steps: number };

export type SurfaceSpec = LineProblemSpec & {
  w: GridAxis;
  b: GridAxis;
  /** 'auto' (default) picks the fastest exact method; 'kernel' runs the catalog kernel at every point. */
  method?: 'auto' | 'kernel';
  /** The stride of the first, coarse picture: 'auto' (default) fits it in the first-picture budget. */
  coarse?: number | 'auto';
};

export type SurfaceMethod = 'closed-form' | 'sorted' | 'separable' | 'kernel';

export type SurfaceStats = {
  /** Over the finite computed values; NaN when there are none. */
  min: number;
  max: number;
  argmin: { row: number; col: number; w: number; b: number; loss: number } | null;
};

export type Surface = SurfaceStats & {
  rows: number;
  cols: number;
  wValues: Float64Array;
  bValues: Float64Array;
  values: Float64Array;
  method: SurfaceMethod;
};

/** A first, coarse picture: the full grid's values at every `stride`-th row and column (and the last ones). */
export type CoarseSurface = SurfaceStats & {
  stride: number;
  rowIndex: Int32Array;
  colIndex: Int32Array;
  wValues: Float64Array;
  bValues: Float64Array;
  /** `values[r * colIndex.length + c]` is the full grid's value at (rowIndex[r], colIndex[c]). */
  values: Float64Array;
};

const MAX_AXIS_STEPS = 4001;

/** The axis values; the last is `max` exactly, so the grid's edges are where the caller asked. */
export function axisValues(axis: GridAxis, name = 'axis'): Float64Array {
  checkAxis(axis, name, 'axisValues');
  const { min, max, steps } = axis;
  const out = new Float64Array(steps);
  const step = (max - min) / (steps - 1);
  for (let k = 0; k < steps - 1; k++) out[k] = min + k * step;
  out[steps - 1] = max;
  return out;
}

function checkAxis(axis: GridAxis, name: string, who: string): void {
  if (typeof axis !== 'object' || axis === null) fail(`${who}: ${name} must be { min, max, steps }`);
  const { min, max, steps } = axis;
  if (typeof min !== 'number' || !Number.isFinite(min))
    fail(`${who}: ${name}.min must be a finite number, got ${String(min)}`);
  if (typeof max !== 'number' || !Number.isFinite(max))
    fail(`${who}: ${name}.max must be a finite number, got ${String(max)}`);
  if (!(max > min)) fail(`${who}: ${name}.max must be greater than ${name}.min, got [${min}, ${max}]`);
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 2 || steps > MAX_AXIS_STEPS) {
    fail(`${who}: ${name}.steps must be an integer in [2, ${MAX_AXIS_STEPS}], got ${String(steps)}`);
  }
}

/** Fills `out` (dense, rowIdx.length × colIdx.length) with the loss at those grid points. */
type BlockFn = (rowIdx: Int32Array, colIdx: Int32Array, out: Float64Array) => void;

/**
 * A validated surface with its per-dataset precomputation done: the handle that the row slices
 * and the coarse picture work from. Cheap to make; the expensive tables are built on first use.
 */
export class PreparedSurface {
  readonly rows: number;
  readonly cols: number;
  readonly wValues: Float64Array;
  readonly bValues: Float64Array;
  readonly method: SurfaceMethod;
  readonly problem: LineProblem;
  /** The stride computeCoarseSurface uses by default. */
  readonly coarse: number;
  /** @internal */
  readonly block: BlockFn;

  constructor(spec: SurfaceSpec) {
    const who = 'surface';
    this.problem = lineProblem(spec, who);
    checkAxis(spec.w, 'w', who);
    checkAxis(spec.b, 'b', who);
    const method = spec.method ?? 'auto';
    if (method !== 'auto' && method !== 'kernel')
      fail(`${who}: method must be 'auto' or 'kernel', got ${JSON.stringify(method)}`);
    this.wValues = axisValues(spec.w, 'w');
    this.bValues = axisValues(spec.b, 'b');
    this.rows = this.bValues.length;
    this.cols = this.wValues.length;
    const chosen = method === 'kernel' ? null : fastMethod(this.problem, this.wValues, this.bValues);
    this.method = chosen ? chosen.method : 'kernel';
    this.block = chosen ? chosen.block : kernelBlock(this.problem, this.wValues, this.bValues);
    const coarse = spec.coarse ?? 'auto';
    if (coarse !== 'auto' && (!Number.isInteger(coarse) || coarse < 1))
      fail(`${who}: coarse must be 'auto' or a positive integer stride, got ${String(coarse)}`);
    this.coarse = coarse === 'auto' ? coarseStride(this) : coarse;
  }
}

export function prepareSurface(spec: SurfaceSpec): PreparedSurface {
  return new PreparedSurface(spec);
}

/**
 * Computes grid rows [rowStart, rowEnd) into `out` (length rows × cols, row-major), leaving the
 * other rows alone: a caller slices the work and yields between slices so the host stays
 * responsive. Each point's value does not depend on how the grid was sliced.
 */
export function computeSurfaceRows(s: PreparedSurface, rowStart: number, rowEnd: number, out: Float64Array): void {
  if (
    !Number.isInteger(rowStart) ||
    !Number.isInteger(rowEnd) ||
    rowStart < 0 ||
    rowEnd > s.rows ||
    rowStart > rowEnd
  ) {
    fail(`computeSurfaceRows: need integers 0 ≤ rowStart ≤ rowEnd ≤ ${s.rows}, got [${rowStart}, ${rowEnd})`);
  }
  if (!(out instanceof Float64Array) || out.length !== s.rows * s.cols) {
    fail(`computeSurfaceRows: out must be a Float64Array of rows × cols = ${s.rows * s.cols} values`);
  }
  if (rowStart === rowEnd) return;
  s.block(
    range(rowStart, rowEnd, 1, false),
    range(0, s.cols, 1, false),
    out.subarray(rowStart * s.cols, rowEnd * s.cols),
  );
}

/** Indices lo, lo + stride, … below hi, plus hi − 1 when `withLast` (so a coarse grid keeps the far edge). */
function range(lo: number, hi: number, stride: number, withLast: boolean): Int32Array {
  const idx: number[] = [];
  for (let i = lo; i < hi; i += stride) idx.push(i);
  if (withLast && idx[idx.length - 1] !== hi - 1) idx.push(hi - 1);
  return Int32Array.from(idx);
}

/**
 * Rough cost in nanoseconds of a coarse pass at a stride, by method, measured on the development
 * machine (Node 20, 201×201 grid, 1,000 samples): enough to pick a stride, not a promise.
 */
function coarseCostNs(s: PreparedSurface, stride: number): number {
  const n = s.problem.n;
  const rows = Math.ceil(s.rows / stride + 1);
  const cols = Math.ceil(s.cols / stride + 1);
  switch (s.method) {
    case 'closed-form':
      // mse: O(1) per point; exponential: O(n) exps per column, then O(1) per point
      return s.problem.def.id === 'mse' ? rows * cols * 0.01 : cols * n * 25 + rows * cols * 0.05;
    case 'sorted':
      // a sort per column, and then whole columns: every row of each column computed
      return cols * (n * Math.log2(n + 1) * 10 + s.rows * 0.3);
    case 'separable':
      return rows * cols * n * (s.problem.def.id === 'focal' ? 15 : s.problem.model === 'sigmoid' ? 3 : 2);
    case 'kernel':
      return rows * cols * n * 150;
  }
}

/** What "first picture" may cost: the budget is 50 ms, and drawing takes some of it. */
const FIRST_PICTURE_NS = 30e6;

/**
 * The stride for the first picture: the smallest that keeps it within the budget by the cost
 * model above. 1 means the full grid is already cheap enough.
 */
export function coarseStride(s: PreparedSurface): number {
  for (let stride = 1; ; stride++) {
    if (coarseCostNs(s, stride) <= FIRST_PICTURE_NS || stride >= Math.max(s.rows, s.cols)) return stride;
  }
}

/** The grid at every `stride`-th row and column (default: the spec's `coarse`), always including the last row and column. */
export function computeCoarseSurface(s: PreparedSurface, stride = s.coarse): CoarseSurface {
  if (!Number.isInteger(stride) || stride < 1)
    fail(`computeCoarseSurface: stride must be a positive integer, got ${stride}`);
  const rowIndex = range(0, s.rows, stride, true);
  const colIndex = range(0, s.cols, stride, true);
  const values = new Float64Array(rowIndex.length * colIndex.length);
  s.block(rowIndex, colIndex, values);
  const wValues = Float64Array.from(colIndex, (j) => s.wValues[j]);
  const bValues = Float64Array.from(rowIndex, (k) => s.bValues[k]);
  return {
    stride,
    rowIndex,
    colIndex,
    wValues,
    bValues,
    values,
    ...stats(values, colIndex.length, wValues, bValues, rowIndex, colIndex),
  };
}

/** Min, max and argmin of a full grid (or a partly computed one: NaN entries are skipped). */
export function surfaceStats(s: PreparedSurface, values: Float64Array): SurfaceStats {
  return stats(values, s.cols, s.wValues, s.bValues, null, null);
}

function stats(
  values: Float64Array,
  cols: number,
  wValues: Float64Array,
  bValues: Float64Array,
  rowIndex: Int32Array | null,
  colIndex: Int32Array | null,
): SurfaceStats {
  let min = Infinity;
  let max = -Infinity;
  let at = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) [min, at] = [v, i];
    if (v > max) max = v;
  }
  if (at < 0) return { min: NaN, max: NaN, argmin: null };
  const r = Math.floor(at / cols);
  const c = at % cols;
  return {
    min,
    max,
    argmin: {
      row: rowIndex ? rowIndex[r] : r,
      col: colIndex ? colIndex[c] : c,
      w: wValues[c],
      b: bValues[r],
      loss: min,
    },
  };
}

/** The whole grid in one call, with its statistics. */
export function computeSurface(spec: SurfaceSpec): Surface {
  const s = prepareSurface(spec);
  const values = new Float64Array(s.rows * s.cols);
  computeSurfaceRows(s, 0, s.rows, values);
  return {
    rows: s.rows,
    cols: s.cols,
    wValues: s.wValues,
    bValues: s.bValues,
    values,
    method: s.method,
    ...surfaceStats(s, values),
  };
}

// ---------------------------------------------------------------------------------------------
// Method choice

function fastMethod(
  p: LineProblem,
  wv: Float64Array,
  bv: Float64Array,
): { method: SurfaceMethod; block: BlockFn } | null {
  if (p.model === 'sigmoid') {
    // mse of σ(w·x + b) is no quadratic in (w, b): the closed form below is not for it
    const block = sigmoidMseBlock(p, wv, bv);
    return block ? { method: 'separable', block } : null;
  }
  switch (p.def.id) {
    case 'mse':
      return { method: 'closed-form', block: mseBlock(p, wv, bv) };
    case 'exponential':
      return { method: 'closed-form', block: exponentialBlock(p, wv, bv) };
    case 'l1':
    case 'quantile':
    case 'huber':
    case 'smooth_l1':
    case 'hinge':
    case 'squared_hinge':
    case 'zero_one':
      return { method: 'sorted', block: sortedBlock(p, wv, bv) };
    case 'log_cosh':
    case 'logistic':
    case 'bce_with_logits': {
      const block = separableBlock(p, wv, bv);
      return block ? { method: 'separable', block } : null;
    }
    case 'focal': {
      const block = focalBlock(p, wv, bv);
      return block ? { method: 'separable', block } : null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// closed-form

/**
 * Σ(w·xᵢ + b − yᵢ)² = w²·Sxx − 2w·Sxy + Syy + n·(w·x̄ + b − ȳ)², with Sxx, Sxy, Syy the centred
 * sums of squares and products. The raw power sums (Σx², Σxy, …) give the same quadratic, but
 * centred ones do not cancel catastrophically when the data sit far from the origin.
 */
function mseBlock(p: LineProblem, wv: Float64Array, bv: Float64Array): BlockFn {
  const { xs, ys, n } = p;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const scale = p.scale;
  return (rowIdx, colIdx, out) => {
    const nc = colIdx.length;
    for (let r = 0; r < rowIdx.length; r++) {
      const b = bv[rowIdx[r]];
      for (let c = 0; c < nc; c++) {
        const w = wv[colIdx[c]];
        const d = w * mx + b - my;
        out[r * nc + c] = (w * (w * sxx - 2 * sxy) + syy + n * d * d) * scale;
      }
    }
  };
}

/**
 * Σᵢ e^(−sᵢ(w·xᵢ + b)) = e^(−b)·Σ₊ e^(−w·xᵢ) + e^(b)·Σ₋ e^(w·xᵢ) over positive and negative labels.
 * The column sums are kept as log-sum-exp, so e^(±w·x) never overflows on its own.
 */
function exponentialBlock(p: LineProblem, wv: Float64Array, bv: Float64Array): BlockFn {
  const { xs, ys, n } = p;
  const logPos = new Float64Array(wv.length).fill(NaN);
  const logNeg = new Float64Array(wv.length).fill(NaN);
  const column = (j: number): void => {
    if (!Number.isNaN(logPos[j])) return;
    const w = wv[j];
    let mp = -Infinity;
    let mn = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = w * xs[i];
      if (ys[i] > 0) mp = Math.max(mp, -t);
      else mn = Math.max(mn, t);
    }
    let sp = 0;
    let sn = 0;
    for (let i = 0; i < n; i++) {
      const t = w * xs[i];
      if (ys[i] > 0) sp += Math.exp(-t - mp);
      else sn += Math.exp(t - mn);
    }
    logPos[j] = sp > 0 ? mp + Math.log(sp) : -Infinity;
    logNeg[j] = sn > 0 ? mn + Math.log(sn) : -Infinity;
  };
  const scale = p.scale;
  return (rowIdx, colIdx, out) => {
    const nc = colIdx.length;
    for (let c = 0; c < nc; c++) column(colIdx[c]);
    for (let r = 0; r < rowIdx.length; r++) {
      const b = bv[rowIdx[r]];
      for (let c = 0; c < nc; c++) {
        const j = colIdx[c];
        out[r * nc + c] = (Math.exp(logPos[j] - b) + Math.exp(logNeg[j] + b)) * scale;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// sorted

/**
 * Sorted keys cᵢ of one column with prefix sums of 1, c′ and c′² (c′ = c − shift, the column's
 * mean, so that the sums stay small). Σ over keys in an index range of (b − c)ᵏ for k ≤ 2 is then
 * O(1): Σ(b − c) = m·b′ − S₁, Σ(b − c)² = m·b′² − 2b′·S₁ + S₂ with b′ = b − shift.
 */
class SortedKeys {
  readonly keys: Float64Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  readonly shift: number;

  constructor(keys: Float64Array) {
    keys.sort();
    this.keys = keys;
    const m = keys.length;
    let shift = 0;
    for (let i = 0; i < m; i++) shift += keys[i];
    this.shift = m ? shift / m : 0;
    this.s1 = new Float64Array(m + 1);
    this.s2 = new Float64Array(m + 1);
    for (let i = 0; i < m; i++) {
      const c = keys[i] - this.shift;
      this.s1[i + 1] = this.s1[i] + c;
      this.s2[i + 1] = this.s2[i] + c * c;
    }
  }

  /** The first index whose key is ≥ t (`strict`: > t). */
  bound(t: number, strict: boolean): number {
    const k = this.keys;
    let lo = 0;
    let hi = k.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? k[mid] <= t : k[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Σ over keys [i, j) of a0 + a1·(b − c) + a2·(b − c)². */
  poly(i: number, j: number, b: number, a0: number, a1: number, a2: number): number {
    if (j <= i) return 0;
    const m = j - i;
    const bs = b - this.shift;
    const s1 = this.s1[j] - this.s1[i];
    let v = a0 * m;
    if (a1 !== 0) v += a1 * (m * bs - s1);
    if (a2 !== 0) v += a2 * (m * bs * bs - 2 * bs * s1 + (this.s2[j] - this.s2[i]));
    return v;
  }
}

/**
 * Piecewise-polynomial losses, one column at a time. Regression losses are φ(e) of the residual
 * e = w·x + b − y = b − c with c = y − w·x; margin losses are φ±(b − c) with c = −w·x for the
 * positive (+) and negative (−) labels, since the margin is m = ±(w·x + b).
 */
function sortedBlock(p: LineProblem, wv: Float64Array, bv: Float64Array): BlockFn {
  const { xs, ys, n, params } = p;
  const id = p.def.id;
  const margin = p.def.family === 'margin';
  const rows = bv.length;
  const cache = new Float64Array(rows * wv.length);
  const done = new Uint8Array(wv.length);

  const columnValue = (b: number, pos: SortedKeys, neg: SortedKeys): number => {
    const m = pos.keys.length;
    switch (id) {
      case 'l1': {
        const t = pos.bound(b, false); // c < b ⟺ e > 0
        return pos.poly(0, t, b, 0, 1, 0) - pos.poly(t, m, b, 0, 1, 0);
      }
      case 'quantile': {
        // pinball with u = y − a = −e: (1 − q)·e for e > 0, −q·e for e < 0
        const q = num(params, 'q');
        const t = pos.bound(b, false);
        return (1 - q) * pos.poly(0, t, b, 0, 1, 0) - q * pos.poly(t, m, b, 0, 1, 0);
      }
      case 'huber':
      case 'smooth_l1': {
        // huber: ½e² inside |e| < δ, δ|e| − ½δ² outside; smooth_l1 is huber(δ = β)/β, and L1 at β = 0.
        const huber = id === 'huber';
        const d = huber ? num(params, 'delta') : num(params, 'beta');
        if (d === 0) {
          const t = pos.bound(b, false);
          return pos.poly(0, t, b, 0, 1, 0) - pos.poly(t, m, b, 0, 1, 0);
        }
        const lin = huber ? d : 1; // slope outside
        const off = huber ? -0.5 * d * d : -0.5 * d; // constant outside
        const quad = huber ? 0.5 : 0.5 / d;
        const lo = pos.bound(b - d, true); // c ≤ b − δ ⟺ e ≥ δ
        const hi = pos.bound(b + d, false); // c < b + δ ⟺ e > −δ
        return pos.poly(0, lo, b, off, lin, 0) + pos.poly(lo, hi, b, 0, 0, quad) + pos.poly(hi, m, b, off, -lin, 0);
      }
      case 'hinge':
      case 'squared_hinge': {
        // positive labels: max(0, 1 − e) > 0 ⟺ c > b − 1; negative: max(0, 1 + e) > 0 ⟺ c < b + 1
        const sq = id === 'squared_hinge';
        const ip = pos.bound(b - 1, true);
        const jn = neg.bound(b + 1, false);
        return sq
          ? pos.poly(ip, pos.keys.length, b, 1, -2, 1) + neg.poly(0, jn, b, 1, 2, 1)
          : pos.poly(ip, pos.keys.length, b, 1, -1, 0) + neg.poly(0, jn, b, 1, 1, 0);
      }
      case 'zero_one': {
        // m ≤ 0: positive labels when w·x + b ≤ 0 ⟺ c ≥ b, negative when w·x + b ≥ 0 ⟺ c ≤ b.
        // fl(fl(w·x) + b) ≤ 0 exactly when b ≤ −fl(w·x), so these counts match the kernel's bit for bit.
        return pos.keys.length - pos.bound(b, false) + neg.bound(b, true);
      }
      default:
        return fail(`surface: no sorted form for '${id}'`);
    }
  };

  const column = (j: number): void => {
    if (done[j]) return;
    const w = wv[j];
    let pos: SortedKeys;
    let neg: SortedKeys;
    if (margin) {
      let np = 0;
      for (let i = 0; i < n; i++) if (ys[i] > 0) np++;
      const kp = new Float64Array(np);
      const kn = new Float64Array(n - np);
      for (let i = 0, a = 0, c = 0; i < n; i++) {
        if (ys[i] > 0) kp[a++] = -(w * xs[i]);
        else kn[c++] = -(w * xs[i]);
      }
      pos = new SortedKeys(kp);
      neg = new SortedKeys(kn);
    } else {
      const k = new Float64Array(n);
      for (let i = 0; i < n; i++) k[i] = ys[i] - w * xs[i];
      pos = new SortedKeys(k);
      neg = pos;
    }
    for (let r = 0; r < rows; r++) cache[r * wv.length + j] = columnValue(bv[r], pos, neg) * p.scale;
    done[j] = 1;
  };

  return (rowIdx, colIdx, out) => {
    const nc = colIdx.length;
    for (let c = 0; c < nc; c++) column(colIdx[c]);
    for (let r = 0; r < rowIdx.length; r++) {
      const o = rowIdx[r] * wv.length;
      for (let c = 0; c < nc; c++) out[r * nc + c] = cache[o + colIdx[c]];
    }
  };
}

// ---------------------------------------------------------------------------------------------
// separable

/** Beyond this |γ·α| or |γ·β| a factor e^(∓γα) could overflow alone; such grids use the kernel. */
const EXP_LIMIT = 700;
/** Four running products of 250 factors (1 + t) ≤ 2 each multiply to at most 2^1000. */
const PRODUCT_CHUNK = 1000;
/** More distinct sample groups than this (per-sample weights) and the kernel is simpler. */
const MAX_GROUPS = 4;
/** Per-column tables are cached for the whole grid up to this many entries each (8 MB). */
const TABLE_CACHE_ENTRIES = 1 << 20;

/**
 * Samples in groups that share their coefficients, each group a contiguous range of `order`, so
 * the inner loop over samples has constants instead of per-sample loads.
 */
type Groups = { order: Int32Array; start: number[]; keys: number[][] };

function groupSamples(n: number, keyOf: (i: number) => number[]): Groups | null {
  const keys: number[][] = [];
  const of = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    let g = keys.findIndex((q) => q.every((v, j) => v === k[j]));
    if (g < 0) {
      if (keys.length === MAX_GROUPS) return null;
      g = keys.push(k) - 1;
    }
    of[i] = g;
  }
  const order = new Int32Array(n);
  const start: number[] = [];
  let o = 0;
  for (let g = 0; g < keys.length; g++) {
    start.push(o);
    for (let i = 0; i < n; i++) if (of[i] === g) order[o++] = i;
  }
  start.push(n);
  return { order, start, keys };
}

/**
 * For one column w_j: αᵢ = w_j·xᵢ − yShiftᵢ sorted within each group, e^(−γα), e^(γα), and per
 * group the mean of α and prefix sums of α − mean. Sorted α makes z = α + b change sign once
 * per group: below the split t = e^(−γ|z|) = e^(γα)·e^(γb), above it e^(−γα)·e^(−γb), and
 * Σ|z| comes from the prefix sums. Only α is needed per sample (the group's coefficients are
 * shared), so sorting the values alone is enough.
 */
type ColumnTables = { al: Float64Array; A: Float64Array; Ai: Float64Array; mean: Float64Array; prefix: Float64Array };

function columnTables(
  p: LineProblem,
  wv: Float64Array,
  groups: Groups,
  gamma: number,
  yShift: boolean,
): (j: number) => ColumnTables {
  const { xs, ys, n } = p;
  const { order, start } = groups;
  const G = start.length - 1;
  const cache: (ColumnTables | undefined)[] = [];
  const cacheable = n * wv.length <= TABLE_CACHE_ENTRIES;
  const build = (j: number): ColumnTables => {
    const w = wv[j];
    const al = new Float64Array(n);
    for (let o = 0; o < n; o++) {
      const i = order[o];
      al[o] = yShift ? w * xs[i] - ys[i] : w * xs[i];
    }
    const A = new Float64Array(n);
    const Ai = new Float64Array(n);
    const mean = new Float64Array(G);
    const prefix = new Float64Array(n + 1); // prefix[o] = Σ over the group's samples before o of (α − mean)
    for (let g = 0; g < G; g++) {
      al.subarray(start[g], start[g + 1]).sort();
      let m = 0;
      for (let o = start[g]; o < start[g + 1]; o++) m += al[o];
      mean[g] = m / (start[g + 1] - start[g]);
      for (let o = start[g]; o < start[g + 1]; o++) {
        A[o] = Math.exp(-gamma * al[o]);
        Ai[o] = 1 / A[o]; // |γα| ≤ 700, so A is a normal number and 1/A is finite
        prefix[o + 1] = (o === start[g] ? 0 : prefix[o]) + (al[o] - mean[g]);
      }
    }
    return { al, A, Ai, mean, prefix };
  };
  return (j) => {
    if (!cacheable) return build(j);
    return (cache[j] ??= build(j));
  };
}

/** The first index in [lo, hi) of the sorted `al` whose α + b ≥ 0, i.e. α ≥ −b (exactly, for float sums). */
function splitAt(al: Float64Array, lo: number, hi: number, b: number): number {
  const t = -b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (al[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Σ over [lo, s) of −(α + b) plus Σ over [s, hi) of (α + b): the sum of |z| over a group. */
function absSum(t: ColumnTables, g: number, lo: number, s: number, hi: number, b: number): number {
  const shift = t.mean[g] + b;
  const pre = t.prefix;
  const base = lo === s ? 0 : pre[s];
  const low = base + (s - lo) * shift; // Σ over [lo, s) of (α + b) (the prefix restarts at each group)
  const high = pre[hi] - base + (hi - s) * shift;
  return high - low;
}

function expLimitOk(p: LineProblem, wv: Float64Array, bv: Float64Array, gamma: number, yShift: boolean): boolean {
  let maxX = 0;
  let maxY = 0;
  for (let i = 0; i < p.n; i++) {
    maxX = Math.max(maxX, Math.abs(p.xs[i]));
    if (yShift) maxY = Math.max(maxY, Math.abs(p.ys[i]));
  }
  const maxAbs = (v: Float64Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return gamma * (maxAbs(wv) * maxX + maxY) <= EXP_LIMIT && gamma * maxAbs(bv) <= EXP_LIMIT;
}

/**
 * Losses of the form ℓᵢ(z) = cᵢ + aᵢ·z + hᵢ·|z| + κᵢ·log(1 + e^(−γ|z|)) with z = αᵢ(w) + b
 * (a piecewise-linear part written as a·z + h·|z|):
 *
 *   log_cosh         z = w·x + b − y:  |z| − log 2 + log(1 + e^(−2|z|))                     (γ = 2)
 *   logistic         z = w·x + b:      softplus(−s·z) = ½(|z| − s·z) + log(1 + e^(−|z|))      (γ = 1)
 *   bce_with_logits  z = w·x + b:      ω(1 − y)z + ωc·softplus(−z), c = 1 + (p_w − 1)y        (γ = 1)
 *
 * Samples are grouped by (a, h, κ). Σᵢ aᵢ·zᵢ = Σ_g a_g·(Σα + m_g·b) and Σ|z| come from sums over
 * the column's sorted α (ColumnTables); t = e^(−γ|z|) is one product of table entries; and
 * Σᵢ κ·log(1 + tᵢ) = κ·log Πᵢ(1 + tᵢ). So the inner loop is a load, a multiply and an add per
 * sample: no transcendental call, one log per point per 1000 samples.
 */
function separableBlock(p: LineProblem, wv: Float64Array, bv: Float64Array): BlockFn | null {
  const { ys, n } = p;
  const id = p.def.id;
  const gamma = id === 'log_cosh' ? 2 : 1;
  const yShift = id === 'log_cosh';
  if (!expLimitOk(p, wv, bv, gamma, yShift)) return null;

  // [a, h, κ, c] per sample
  let coef: (i: number) => number[];
  if (id === 'log_cosh') {
    coef = () => [0, 1, 1, -Math.LN2];
  } else if (id === 'logistic') {
    // softplus(−s·z) = max(−s·z, 0) + log1p(e^(−|z|)), max(−s·z, 0) = ½(|z| − s·z)
    coef = (i) => [-0.5 * ys[i], 0.5, 1, 0];
  } else {
    const wt = broadcastWeight(id, 'weight', vec(p.params, 'weight'), [n], n);
    const pw = broadcastWeight(id, 'pos_weight', vec(p.params, 'pos_weight'), [n], n);
    coef = (i) => {
      // ω(1 − y)z + ωc·max(−z, 0) + ωc·log1p(e^(−|z|)), max(−z, 0) = ½(|z| − z)
      const om = wt ? wt[i] : 1;
      const c = 1 + ((pw ? pw[i] : 1) - 1) * ys[i];
      return [om * (1 - ys[i]) - 0.5 * om * c, 0.5 * om * c, om * c, 0];
    };
  }
  const groups = groupSamples(n, coef);
  if (!groups) return null;
  const { start, keys } = groups;
  const G = keys.length;
  let constSum = 0;
  for (let g = 0; g < G; g++) constSum += keys[g][3] * (start[g + 1] - start[g]);
  const tables = columnTables(p, wv, groups, gamma, yShift);
  const B = Float64Array.from(bv, (b) => Math.exp(-gamma * b));
  const Bi = Float64Array.from(bv, (b) => Math.exp(gamma * b));
  const scale = p.scale;

  return (rowIdx, colIdx, out) => {
    const nc = colIdx.length;
    for (let c = 0; c < nc; c++) {
      const t = tables(colIdx[c]);
      const { al, A, Ai } = t;
      for (let r = 0; r < rowIdx.length; r++) {
        const k = rowIdx[r];
        const b = bv[k];
        const Bk = B[k];
        const Bik = Bi[k];
        let v = constSum;
        for (let g = 0; g < G; g++) {
          const [a, h, kappa] = keys[g];
          const lo = start[g];
          const hi = start[g + 1];
          const s = splitAt(al, lo, hi, b);
          // Σ a·z = a·(Σ(α − mean) + m·(mean + b)); the prefix of the whole group is prefix[hi]
          v += a * (t.prefix[hi] + (hi - lo) * (t.mean[g] + b));
          v += h * absSum(t, g, lo, s, hi, b);
          let logs = 0;
          for (let o0 = lo; o0 < hi; o0 += PRODUCT_CHUNK) {
            const o1 = Math.min(hi, o0 + PRODUCT_CHUNK);
            const mid = Math.min(Math.max(s, o0), o1);
            // four products, so consecutive multiplications do not wait on each other
            let P0 = 1;
            let P1 = 1;
            let P2 = 1;
            let P3 = 1;
            let o = o0;
            for (; o + 3 < mid; o += 4) {
              P0 *= 1 + Ai[o] * Bik;
              P1 *= 1 + Ai[o + 1] * Bik;
              P2 *= 1 + Ai[o + 2] * Bik;
              P3 *= 1 + Ai[o + 3] * Bik;
            }
            for (; o < mid; o++) P0 *= 1 + Ai[o] * Bik;
            for (; o + 3 < o1; o += 4) {
              P0 *= 1 + A[o] * Bk;
              P1 *= 1 + A[o + 1] * Bk;
              P2 *= 1 + A[o + 2] * Bk;
              P3 *= 1 + A[o + 3] * Bk;
            }
            for (; o < o1; o++) P0 *= 1 + A[o] * Bk;
            logs += Math.log(P0 * P1 * (P2 * P3));
          }
          v += kappa * logs;
        }
        out[r * nc + c] = v * scale;
      }
    }
  };
}

/**
 * torchvision's sigmoid focal loss, ℓ = α_t·q^γ·softplus(−m) with m = s·z, s = ±1 the label,
 * q = 1 − p_t = σ(−m). Not a sum of logs, so each sample needs log1p(t) (t = e^(−|z|), from the
 * tables, and log1pUnit rather than Math.log1p, for speed); the rest is arithmetic: q = t/(1 + t) for m ≥ 0, 1/(1 + t) otherwise, and for a
 * non-integer γ, q^γ = e^(−γ·softplus(m)) with the same log1p(t).
 */
function focalBlock(p: LineProblem, wv: Float64Array, bv: Float64Array): BlockFn | null {
  const { ys, n, params } = p;
  if (!expLimitOk(p, wv, bv, 1, false)) return null;
  const alpha = num(params, 'alpha');
  const gamma = num(params, 'gamma');
  const intGamma = Number.isInteger(gamma) && gamma <= 8 ? gamma : -1;
  const groups = groupSamples(n, (i) => [ys[i]]);
  if (!groups) return null;
  const { start, keys } = groups;
  const tables = columnTables(p, wv, groups, 1, false);
  const B = Float64Array.from(bv, (b) => Math.exp(-b));
  const Bi = Float64Array.from(bv, (b) => Math.exp(b));
  const scale = p.scale;

  /** q^γ from q, or for a non-integer γ from softplus(m) (= −log q): e^(−γ·softplus(m)). */
  const power = (q: number, softplusM: number): number => {
    if (intGamma === 2) return q * q; // the default, and the common case
    if (intGamma < 0) return Math.exp(-gamma * softplusM);
    let qg = 1;
    for (let e = 0; e < intGamma; e++) qg *= q;
    return qg;
  };
  /**
   * Σ over [lo, hi) of q^γ·softplus(−m), where every z there has the given sign: one loop for
   * m ≥ 0 (q = t/(1 + t), softplus(−m) = log1p(t)) and one for m < 0 (q = 1/(1 + t),
   * softplus(−m) = |m| + log1p(t)), so the loops carry no test on the sign.
   */
  const run = (
    al: Float64Array,
    T: Float64Array,
    Bt: number,
    lo: number,
    hi: number,
    b: number,
    s: number,
    zNonNeg: boolean,
  ): number => {
    let sum = 0;
    if (s > 0 === zNonNeg) {
      for (let o = lo; o < hi; o++) {
        const t = T[o] * Bt; // e^(−|z|)
        const L = log1pUnit(t);
        sum += power(t / (1 + t), Math.abs(al[o] + b) + L) * L;
      }
    } else {
      for (let o = lo; o < hi; o++) {
        const t = T[o] * Bt;
        const L = log1pUnit(t);
        sum += power(1 / (1 + t), L) * (Math.abs(al[o] + b) + L);
      }
    }
    return sum;
  };

  return (rowIdx, colIdx, out) => {
    const nc = colIdx.length;
    for (let c = 0; c < nc; c++) {
      const { al, A, Ai } = tables(colIdx[c]);
      for (let r = 0; r < rowIdx.length; r++) {
        const k = rowIdx[r];
        const b = bv[k];
        let v = 0;
        for (let g = 0; g < keys.length; g++) {
          const y = keys[g][0];
          const s = y > 0 ? 1 : -1;
          const at = alpha >= 0 ? alpha * y + (1 - alpha) * (1 - y) : 1;
          const lo = start[g];
          const hi = start[g + 1];
          const split = splitAt(al, lo, hi, b);
          v += at * (run(al, Ai, Bi[k], lo, split, b, s, false) + run(al, A, B[k], split, hi, b, s, true));
        }
        out[r * nc + c] = v * scale;
      }
    }
  };
}

/**
 * Logistic regression under the squared error (the `sigmoid` model): ℓᵢ = (σ(zᵢ) − yᵢ)² with
 * z = w·xᵢ + b and 0/1 labels. With t = e^(−|z|) ≤ 1 from the same tables as the losses above,
 * σ(z) = 1/(1 + t) and 1 − σ(z) = t/(1 + t) for z ≥ 0, the other way round below 0, so the error
 * |σ − y| is q = 1/(1 + t) or t·q, never a difference of nearly equal numbers, and a point costs
 * a multiply, a division and a square per sample: no exp, no log.
 */
function sigmoidMseBlock(p: LineProblem, wv: Float64Array, bv: Float64Array): BlockFn | null {
  if (!expLimitOk(p, wv, bv, 1, false)) return null;
  const groups = groupSamples(p.n, (i) => [p.ys[i]]);
  if (!groups) return null;
  const { start, keys } = groups;
  const tables = columnTables(p, wv, groups, 1, false);
  const B = Float64Array.from(bv, (b) => Math.exp(-b));
  const Bi = Float64Array.from(bv, (b) => Math.exp(b));
  const scale = p.scale;
  /** Σ over [lo, hi) of q² (`far`: of (t·q)²), t = T[o]·Bt. */
  const run = (T: Float64Array, Bt: number, lo: number, hi: number, far: boolean): number => {
    let sum = 0;
    for (let o = lo; o < hi; o++) {
      const t = T[o] * Bt;
      const q = 1 / (1 + t);
      const e = far ? t * q : q;
      sum += e * e;
    }
    return sum;
  };
  return (rowIdx, colIdx, out) => {
    const nc = colIdx.length;
    for (let c = 0; c < nc; c++) {
      const { al, A, Ai } = tables(colIdx[c]);
      for (let r = 0; r < rowIdx.length; r++) {
        const k = rowIdx[r];
        let v = 0;
        for (let g = 0; g < keys.length; g++) {
          const positive = keys[g][0] === 1;
          const lo = start[g];
          const hi = start[g + 1];
          const split = splitAt(al, lo, hi, bv[k]);
          // z < 0: t = e^z, σ = t·q, 1 − σ = q; z ≥ 0: t = e^(−z), σ = q, 1 − σ = t·q
          v += run(Ai, Bi[k], lo, split, !positive) + run(A, B[k], split, hi, positive);
        }
        out[r * nc + c] = v * scale;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// kernel

/**
 * The catalog definition's own kernel, one grid row per call: the input is (columns, n) with
 * entry w_j·xᵢ + b (σ of it for the `sigmoid` model), reduction 'none', and each column's losses are summed in sample order and
 * scaled as the catalog's 'mean' does, so a point equals `evaluate()` at that (w, b) exactly.
 */
function kernelBlock(p: LineProblem, wv: Float64Array, bv: Float64Array): BlockFn {
  const { ys, n, def, params } = p;
  let tiled: Tensor | null = null;
  return (rowIdx, colIdx, out) => {
    const nc = colIdx.length;
    const shape = [nc, n];
    if (!tiled || tiled.shape[0] !== nc) {
      const d = new Float64Array(nc * n);
      for (let c = 0; c < nc; c++) d.set(ys, c * n);
      tiled = { shape, data: d };
    }
    const input: Tensor = { shape, data: new Float64Array(nc * n) };
    const a = input.data;
    for (let r = 0; r < rowIdx.length; r++) {
      const b = bv[rowIdx[r]];
      for (let c = 0; c < nc; c++) predict(p, wv[colIdx[c]], b, a, c * n);
      const l = def.values
        ? def.values(input, tiled, params)
        : (def.compute(input, tiled, params, 'none').loss as Tensor).data;
      for (let c = 0; c < nc; c++) {
        let sum = 0;
        for (let i = c * n; i < (c + 1) * n; i++) sum += l[i];
        out[r * nc + c] = sum * p.scale;
      }
    }
  };
}
