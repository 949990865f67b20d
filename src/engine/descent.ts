import { lineLossAndGradient, lineProblem, type LineProblem, type LineProblemSpec } from './lineModel';
import { fail } from './tensor';

/**
 * Gradient descent on the one-feature model (lineModel.ts): the paths the playground draws over
 * a loss surface, and the line fits of the "outliers" scene. Gradients come from the catalog
 * definitions' analytic kernels, chained to (w, b) by ∂L/∂w = Σ gᵢ·xᵢ, ∂L/∂b = Σ gᵢ.
 */

export type DescentOptions = {
  w0: number;
  b0: number;
  /** The step size η > 0: (w, b) ← (w, b) − η·∇L. */
  learningRate: number;
  /** At most this many updates, an integer in [0, 1e6]. */
  steps: number;
  /** Stop as converged once an update moves w and b by at most this much (default 0: only a zero gradient stops). */
  tolerance?: number;
  /** The loss counts as diverged past this (default 1e12 × max(1, the starting loss)). */
  lossLimit?: number;
};

/**
 * - `completed`: ran every step.
 * - `converged`: an update moved w and b by at most `tolerance`.
 * - `diverged`: the loss passed `lossLimit`, or the next point would not have been finite; the
 *   path ends at the last finite point.
 */
export type DescentStatus = 'completed' | 'converged' | 'diverged';

/** Point k is (w[k], b[k]) with loss[k]; point 0 is the start, so there are `steps` + 1 points. */
export type DescentPath = { w: number[]; b: number[]; loss: number[]; steps: number; status: DescentStatus; message?: string };

const MAX_DESCENT_STEPS = 1_000_000;

export function descentPath(spec: LineProblemSpec, o: DescentOptions): DescentPath {
  const who = 'descentPath';
  const p = lineProblem(spec, who);
  if (typeof o !== 'object' || o === null) fail(`${who}: options must be { w0, b0, learningRate, steps }`);
  const w0 = finiteNumber(who, 'w0', o.w0);
  const b0 = finiteNumber(who, 'b0', o.b0);
  const eta = finiteNumber(who, 'learningRate', o.learningRate);
  if (!(eta > 0)) fail(`${who}: learningRate must be > 0, got ${eta}`);
  const steps = o.steps;
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_DESCENT_STEPS) fail(`${who}: steps must be an integer in [0, ${MAX_DESCENT_STEPS}], got ${String(steps)}`);
  const tol = o.tolerance === undefined ? 0 : finiteNumber(who, 'tolerance', o.tolerance);
  if (tol < 0) fail(`${who}: tolerance must be ≥ 0, got ${tol}`);

  let w = w0;
  let b = b0;
  let cur = lineLossAndGradient(p, w, b);
  if (!Number.isFinite(cur.loss)) fail(`${who}: the loss at the start (w = ${w}, b = ${b}) is ${cur.loss}`);
  const limit = o.lossLimit === undefined ? 1e12 * Math.max(1, cur.loss) : finiteNumber(who, 'lossLimit', o.lossLimit);
  const path: DescentPath = { w: [w], b: [b], loss: [cur.loss], steps: 0, status: 'completed' };
  for (let k = 0; k < steps; k++) {
    const nw = w - eta * cur.dw;
    const nb = b - eta * cur.db;
    const next = Number.isFinite(nw) && Number.isFinite(nb) ? lineLossAndGradient(p, nw, nb) : null;
    if (!next || !Number.isFinite(next.loss) || !Number.isFinite(next.dw) || !Number.isFinite(next.db)) {
      path.status = 'diverged';
      path.message = `step ${k + 1} would leave the finite numbers (learning rate ${eta} is too large for this loss and data)`;
      break;
    }
    const moved = Math.max(Math.abs(nw - w), Math.abs(nb - b));
    [w, b, cur] = [nw, nb, next];
    path.w.push(w);
    path.b.push(b);
    path.loss.push(cur.loss);
    path.steps = k + 1;
    if (cur.loss > limit) {
      path.status = 'diverged';
      path.message = `the loss reached ${cur.loss.toPrecision(3)} after ${k + 1} steps (learning rate ${eta} is too large for this loss and data)`;
      break;
    }
    if (moved <= tol) {
      path.status = 'converged';
      break;
    }
  }
  return path;
}

export type FitOptions = {
  /** Where to start (default w = b = 0). */
  w0?: number;
  b0?: number;
  /** At most this many gradient steps (default 5000). */
  steps?: number;
  /** Stop once the gradient in standardised units is this small (default 1e-10). */
  tolerance?: number;
};

export type LineFit = { w: number; b: number; loss: number; steps: number; status: 'converged' | 'completed' };

/**
 * Fits w, b by gradient descent for any loss the line model takes: what the "outliers" scene
 * uses to draw the L1, L2 and smooth-L1 lines through the same data.
 *
 * Two things make plain GD reliable without a hand-tuned learning rate:
 * - It runs in standardised coordinates, ŷ = v·u + c with u = (x − x̄)/s_x (so w = v/s_x and
 *   b = c − w·x̄): there the MSE Hessian is 2·I whatever the data's offset and scale, while on raw
 *   x the condition number grows with x̄²/s_x².
 * - The step size comes from a backtracking line search (Armijo's rule: halve η until the loss
 *   falls by at least ½·η·|∇L|², then try a larger one next time), so it adapts to the curvature
 *   of each loss, and the loss never rises.
 *
 * On losses with kinks (L1, quantile, hinge) plain GD stalls: −∇L on one side of a kink ridge
 * points across it, and the steps shrink to nothing short of the optimum (about 1e-4 above the
 * L1 optimum, in a test). Once that happens the direction comes from gradient sampling instead,
 * which follows the ridge; fits then reach the optimum to ~1e-12. zero_one has a zero gradient
 * everywhere, so its "fit" is the start.
 */
export function fitLine(spec: LineProblemSpec, o: FitOptions = {}): LineFit {
  const who = 'fitLine';
  const raw = lineProblem(spec, who);
  const steps = o.steps ?? 5000;
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_DESCENT_STEPS) fail(`${who}: steps must be an integer in [0, ${MAX_DESCENT_STEPS}], got ${String(steps)}`);
  const tol = o.tolerance === undefined ? 1e-10 : finiteNumber(who, 'tolerance', o.tolerance);
  const w0 = o.w0 === undefined ? 0 : finiteNumber(who, 'w0', o.w0);
  const b0 = o.b0 === undefined ? 0 : finiteNumber(who, 'b0', o.b0);

  const { mean, scale } = standardise(raw.xs);
  const p: LineProblem = { ...raw, xs: raw.xs.map((x) => (x - mean) / scale) };
  const toRaw = (v: number, c: number): [number, number] => [v / scale, c - (v / scale) * mean];

  let v = w0 * scale;
  let c = b0 + w0 * mean;
  let cur = lineLossAndGradient(p, v, c);
  if (!Number.isFinite(cur.loss)) fail(`${who}: the loss at the start is ${cur.loss}`);
  let eta = 1;
  // Sampling radius once the descent has stalled on a kink; null while plain GD makes progress.
  let radius: number | null = null;
  let k = 0;
  let status: LineFit['status'] = 'completed';
  for (; k < steps; k++) {
    const g = Math.hypot(cur.dw, cur.db);
    // Converged: the gradient is tiny, or so small that no step could lower the loss by more
    // than its rounding error (a smooth minimum, found to float64 precision).
    if (g <= tol || 0.5 * g * g * Math.max(1, eta) <= ROUNDOFF * Math.abs(cur.loss)) {
      status = 'converged';
      break;
    }
    if (radius === null) {
      const step = armijo(p, v, c, cur.loss, cur.dw, cur.db, eta);
      // A step this short is no curvature a loss of the catalog has away from a kink: GD is
      // zig-zagging across one.
      if (step && step.eta >= STALLED_ETA) {
        [v, c, cur, eta] = [step.v, step.c, step.next, step.eta * 2];
        continue;
      }
      radius = 1e-3 * (1 + Math.hypot(v, c));
    }
    // Gradient sampling (Burke, Lewis and Overton, SIAM J. Optim. 15(3), 2005): the shortest
    // vector in the convex hull of the gradients around the point is a descent direction along
    // the kinks, and ~0 near a nonsmooth minimum, where the radius shrinks.
    if (radius < 1e-12 * (1 + Math.hypot(v, c))) {
      status = 'converged';
      break;
    }
    const [dv, dc] = minNormInHull(sampledGradients(p, v, c, radius, cur));
    const dn = Math.hypot(dv, dc);
    const step = dn > tol ? armijo(p, v, c, cur.loss, dv, dc, Math.max(eta, radius / dn)) : null;
    if (!step || cur.loss - step.next.loss <= ROUNDOFF * Math.abs(cur.loss)) {
      radius /= 10; // nothing measurable to gain at this radius
      if (step) [v, c, cur] = [step.v, step.c, step.next];
      continue;
    }
    [v, c, cur, eta] = [step.v, step.c, step.next, step.eta * 2];
  }
  const [w, b] = toRaw(v, c);
  return { w, b, loss: lineLossAndGradient(raw, w, b).loss, steps: k, status };
}

/** A change in the loss this small, relative to it, is rounding. */
const ROUNDOFF = 8 * Number.EPSILON;
/** Steps shorter than this (in standardised units) mean plain GD is stuck on a kink. */
const STALLED_ETA = 1e-6;

type Step = { v: number; c: number; next: ReturnType<typeof lineLossAndGradient>; eta: number };

/**
 * Armijo's backtracking rule along −d: halve η until L(θ − η·d) ≤ L(θ) − ½·η·|d|². Null when
 * 60 halvings find no such step.
 */
function armijo(p: LineProblem, v: number, c: number, loss: number, dv: number, dc: number, eta: number): Step | null {
  const d2 = dv * dv + dc * dc;
  for (let tries = 0; tries < 60; tries++, eta /= 2) {
    const nv = v - eta * dv;
    const nc = c - eta * dc;
    const next = lineLossAndGradient(p, nv, nc);
    if (Number.isFinite(next.loss) && next.loss <= loss - 0.5 * eta * d2) return { v: nv, c: nc, next, eta };
  }
  return null;
}

/** The gradient at θ and at eight points on a circle of the given radius around it. */
function sampledGradients(p: LineProblem, v: number, c: number, radius: number, here: { dw: number; db: number }): [number, number][] {
  const out: [number, number][] = [[here.dw, here.db]];
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4 + 0.1; // off the axes, so that no sample sits on an axis-aligned kink
    const g = lineLossAndGradient(p, v + radius * Math.cos(a), c + radius * Math.sin(a));
    out.push([g.dw, g.db]);
  }
  return out;
}

/**
 * The point of smallest norm in the convex hull of 2-D points: 0 when the origin is inside a
 * triangle of them, otherwise the nearest point over all the segments between them.
 */
function minNormInHull(pts: readonly (readonly [number, number])[]): [number, number] {
  const m = pts.length;
  const cross = (a: readonly [number, number], b: readonly [number, number]): number => a[0] * b[1] - a[1] * b[0];
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++)
      for (let k = j + 1; k < m; k++) {
        const [a, b, c] = [pts[i], pts[j], pts[k]];
        // a flat triangle is a segment, which the search below covers
        if ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) === 0) continue;
        const s1 = cross(pts[i], pts[j]);
        const s2 = cross(pts[j], pts[k]);
        const s3 = cross(pts[k], pts[i]);
        if ((s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)) return [0, 0];
      }
  let best: [number, number] = [pts[0][0], pts[0][1]];
  let bestN = Math.hypot(best[0], best[1]);
  for (let i = 0; i < m; i++)
    for (let j = i; j < m; j++) {
      const [ax, ay] = pts[i];
      const ex = pts[j][0] - ax;
      const ey = pts[j][1] - ay;
      const e2 = ex * ex + ey * ey;
      const t = e2 > 0 ? Math.min(1, Math.max(0, -(ax * ex + ay * ey) / e2)) : 0;
      const q: [number, number] = [ax + t * ex, ay + t * ey];
      const nq = Math.hypot(q[0], q[1]);
      if (nq < bestN) [best, bestN] = [q, nq];
    }
  return best;
}

function standardise(xs: Float64Array): { mean: number; scale: number } {
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / xs.length);
  return { mean, scale: sd > 0 ? sd : 1 };
}

function finiteNumber(who: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${who}: ${name} must be a finite number, got ${String(v)}`);
  return v;
}
