import { lineLossAndGradient, lineProblem, type LineProblem, type LineProblemSpec } from './lineModel';
import {
  checkPenalty,
  NO_PENALTY,
  penaltyProx,
  penaltySlope,
  penaltyValue,
  softThreshold,
  type Penalty,
} from './penalty';
import { fail } from './tensor';

/**
 * Gradient descent on the one-feature model (lineModel.ts): the paths the playground draws over
 * a loss surface, and the line fits of the "outliers" and "surface" scenes. Gradients come from
 * the catalog definitions' analytic kernels, chained to (w, b) by ∂L/∂w = Σ gᵢ·xᵢ, ∂L/∂b = Σ gᵢ.
 * Either may minimise J = L + R(w) instead, with a penalty on the weight (./penalty.ts).
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
  /** A penalty on w (never on b); the path's losses are then J = L + R(w). Default none. */
  penalty?: Penalty;
};

/**
 * - `completed`: ran every step.
 * - `converged`: an update moved w and b by at most `tolerance`.
 * - `diverged`: the loss passed `lossLimit`, or the next point would not have been finite; the
 *   path ends at the last finite point.
 */
export type DescentStatus = 'completed' | 'converged' | 'diverged';

/** Point k is (w[k], b[k]) with loss[k]; point 0 is the start, so there are `steps` + 1 points. */
export type DescentPath = {
  w: number[];
  b: number[];
  loss: number[];
  steps: number;
  status: DescentStatus;
  message?: string;
};

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
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_DESCENT_STEPS)
    fail(`${who}: steps must be an integer in [0, ${MAX_DESCENT_STEPS}], got ${String(steps)}`);
  const tol = o.tolerance === undefined ? 0 : finiteNumber(who, 'tolerance', o.tolerance);
  if (tol < 0) fail(`${who}: tolerance must be ≥ 0, got ${tol}`);
  const pen = o.penalty === undefined ? NO_PENALTY : checkPenalty(o.penalty, who);

  let w = w0;
  let b = b0;
  let cur = lineLossAndGradient(p, w, b);
  const j0 = cur.loss + penaltyValue(pen, w);
  if (!Number.isFinite(j0)) fail(`${who}: the loss at the start (w = ${w}, b = ${b}) is ${j0}`);
  const limit = o.lossLimit === undefined ? 1e12 * Math.max(1, j0) : finiteNumber(who, 'lossLimit', o.lossLimit);
  const path: DescentPath = { w: [w], b: [b], loss: [j0], steps: 0, status: 'completed' };
  for (let k = 0; k < steps; k++) {
    // L2 is smooth: its gradient λw joins the loss's. L1 takes the proximal step instead,
    // w ← S_ηλ(w − η·∂L/∂w) (soft-thresholding, ISTA): a subgradient step w − η(∂L/∂w + λ·sign w)
    // jumps across 0 and back for ever and never lands on it, while the proximal step lands on 0
    // exactly whenever |w − η·∂L/∂w| ≤ ηλ and stays there as long as |∂L/∂w| ≤ λ, which is when
    // w = 0 is optimal (0 ∈ ∂L/∂w + λ·[−1, 1]).
    const nw = pen.kind === 'l1' ? penaltyProx(pen, w - eta * cur.dw, eta) : w - eta * (cur.dw + penaltySlope(pen, w));
    const nb = b - eta * cur.db;
    const next = Number.isFinite(nw) && Number.isFinite(nb) ? lineLossAndGradient(p, nw, nb) : null;
    if (!next || !Number.isFinite(next.loss) || !Number.isFinite(next.dw) || !Number.isFinite(next.db)) {
      path.status = 'diverged';
      path.message = `step ${k + 1} would leave the finite numbers (learning rate ${eta} is too large for this loss and data)`;
      break;
    }
    const moved = Math.max(Math.abs(nw - w), Math.abs(nb - b));
    [w, b, cur] = [nw, nb, next];
    const j = cur.loss + penaltyValue(pen, w);
    path.w.push(w);
    path.b.push(b);
    path.loss.push(j);
    path.steps = k + 1;
    if (j > limit) {
      path.status = 'diverged';
      path.message = `the loss reached ${j.toPrecision(3)} after ${k + 1} steps (learning rate ${eta} is too large for this loss and data)`;
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
  /** Minimise J = L + R(w) with this penalty on w (never on b). Default none. */
  penalty?: Penalty;
};

/** `loss` is the objective there: the loss, plus the penalty when there is one. */
export type LineFit = { w: number; b: number; loss: number; steps: number; status: 'converged' | 'completed' };

/** The objective in fitLine's coordinates, with its gradient. */
type Objective = (v: number, c: number) => { loss: number; dw: number; db: number };

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
 *
 * With an L1 penalty the steps are proximal-gradient steps (see proxStep): the kink of λ|w| at
 * w = 0 is taken by soft-thresholding, which lands on w = 0 exactly, where GD would zig-zag across
 * it, so the lasso's weights reach exactly 0. When the loss has kinks of its own (L1) the
 * sampling takes over and ends within ~1e-12 of w = 0 rather than on it; so the fit then also
 * tries w = 0 exactly (with the best bias for it, fitted alone) and keeps it when its objective
 * is no larger: for a convex loss that is the optimality condition of w = 0.
 */
export function fitLine(spec: LineProblemSpec, o: FitOptions = {}): LineFit {
  const who = 'fitLine';
  const raw = lineProblem(spec, who);
  const steps = o.steps ?? 5000;
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_DESCENT_STEPS)
    fail(`${who}: steps must be an integer in [0, ${MAX_DESCENT_STEPS}], got ${String(steps)}`);
  const tol = o.tolerance === undefined ? 1e-10 : finiteNumber(who, 'tolerance', o.tolerance);
  const w0 = o.w0 === undefined ? 0 : finiteNumber(who, 'w0', o.w0);
  const b0 = o.b0 === undefined ? 0 : finiteNumber(who, 'b0', o.b0);
  const pen = o.penalty === undefined ? NO_PENALTY : checkPenalty(o.penalty, who);
  const fit = minimise(raw, w0, b0, steps, tol, pen, who);
  if (pen.kind !== 'l1' || pen.lambda === 0 || fit.w === 0) return fit;
  // The bias alone, at w = 0: the same problem with every x at 0 (then ∂L/∂w = Σgᵢxᵢ is 0).
  const flat = minimise({ ...raw, xs: new Float64Array(raw.n) }, 0, fit.b, steps, tol, NO_PENALTY, who);
  return flat.loss <= fit.loss ? { ...flat, steps: fit.steps + flat.steps } : fit;
}

/** fitLine's descent, from (w0, b0), of J = L + R(w) over `raw`'s data. */
function minimise(
  raw: LineProblem,
  w0: number,
  b0: number,
  steps: number,
  tol: number,
  pen: Penalty,
  who: string,
): LineFit {
  const { mean, scale } = standardise(raw.xs);
  const p: LineProblem = { ...raw, xs: raw.xs.map((x) => (x - mean) / scale) };
  const toRaw = (v: number, c: number): [number, number] => [v / scale, c - (v / scale) * mean];
  // w = v/s_x, so R(w) adds R′(w)/s_x to ∂J/∂v and nothing to ∂J/∂c. L1's λ|w| = κ|v| with
  // κ = λ/s_x is kept apart from the smooth part S: its kink is taken by its proximal map.
  const kappa = pen.kind === 'l1' ? pen.lambda / scale : 0;
  const smooth: Objective =
    pen.kind === 'l2'
      ? (v, c) => {
          const r = lineLossAndGradient(p, v, c);
          const w = v / scale;
          return { loss: r.loss + penaltyValue(pen, w), dw: r.dw + penaltySlope(pen, w) / scale, db: r.db };
        }
      : (v, c) => lineLossAndGradient(p, v, c);
  const withKink = (v: number, r: ReturnType<Objective>): ReturnType<Objective> => ({
    loss: r.loss + kappa * Math.abs(v),
    dw: r.dw + kappa * Math.sign(v),
    db: r.db,
  });
  const withoutKink = (v: number, r: ReturnType<Objective>): ReturnType<Objective> => ({
    loss: r.loss - kappa * Math.abs(v),
    dw: r.dw - kappa * Math.sign(v),
    db: r.db,
  });
  // All of J, with the subgradient of least magnitude on the kink: what gradient sampling sees.
  const f: Objective = kappa ? (v, c) => withKink(v, smooth(v, c)) : smooth;

  let v = w0 * scale;
  let c = b0 + w0 * mean;
  let cur = smooth(v, c);
  if (!Number.isFinite(cur.loss)) fail(`${who}: the loss at the start is ${cur.loss}`);
  let eta = 1;
  // Sampling radius once the descent has stalled on a kink; null while plain GD makes progress.
  let radius: number | null = null;
  let k = 0;
  let status: LineFit['status'] = 'completed';
  for (; k < steps; k++) {
    const j = cur.loss + kappa * Math.abs(v);
    // The proximal-gradient mapping at a unit step: ∇J where J is smooth, 0 at an optimum on the
    // kink of κ|v| (there |∂S/∂v| ≤ κ, and S_κ(v − ∂S/∂v) = v = 0).
    const g = Math.hypot(v - softThreshold(v - cur.dw, kappa), cur.db);
    // Converged: that is tiny, or so small that no step could lower the loss by more than its
    // rounding error (a smooth minimum, found to float64 precision).
    if (g <= tol || 0.5 * g * g * Math.max(1, eta) <= ROUNDOFF * Math.abs(j)) {
      status = 'converged';
      break;
    }
    if (radius === null) {
      const step = kappa
        ? proxStep(smooth, kappa, v, c, cur, eta)
        : armijo(smooth, v, c, cur.loss, cur.dw, cur.db, eta);
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
    const [dv, dc] = minNormInHull(sampledGradients(f, v, c, radius, kappa ? withKink(v, cur) : cur));
    const dn = Math.hypot(dv, dc);
    const step = dn > tol ? armijo(f, v, c, j, dv, dc, Math.max(eta, radius / dn)) : null;
    if (!step || j - step.next.loss <= ROUNDOFF * Math.abs(j)) {
      radius /= 10; // nothing measurable to gain at this radius
      if (step) [v, c, cur] = [step.v, step.c, kappa ? withoutKink(step.v, step.next) : step.next];
      continue;
    }
    [v, c, cur, eta] = [step.v, step.c, kappa ? withoutKink(step.v, step.next) : step.next, step.eta * 2];
  }
  const [w, b] = toRaw(v, c);
  return { w, b, loss: lineLossAndGradient(raw, w, b).loss + penaltyValue(pen, w), steps: k, status };
}

/** A change in the loss this small, relative to it, is rounding. */
const ROUNDOFF = 8 * Number.EPSILON;
/** Steps shorter than this (in standardised units) mean plain GD is stuck on a kink. */
const STALLED_ETA = 1e-6;

type Step = { v: number; c: number; next: ReturnType<Objective>; eta: number };

/**
 * Armijo's backtracking rule along −d: halve η until L(θ − η·d) ≤ L(θ) − ½·η·|d|². Null when
 * 60 halvings find no such step.
 */
function armijo(f: Objective, v: number, c: number, loss: number, dv: number, dc: number, eta: number): Step | null {
  const d2 = dv * dv + dc * dc;
  for (let tries = 0; tries < 60; tries++, eta /= 2) {
    const nv = v - eta * dv;
    const nc = c - eta * dc;
    const next = f(nv, nc);
    if (Number.isFinite(next.loss) && next.loss <= loss - 0.5 * eta * d2) return { v: nv, c: nc, next, eta };
  }
  return null;
}

/**
 * A proximal-gradient step on S + κ|v| with backtracking (Beck and Teboulle, SIAM J. Imaging Sci.
 * 2(1), 2009): θ⁺ = (S_ηκ(v − η·∂S/∂v), c − η·∂S/∂c), halving η until
 * S(θ⁺) ≤ S(θ) + ∇S·(θ⁺ − θ) + |θ⁺ − θ|²/(2η), which makes J fall. Soft-thresholding puts v on
 * exactly 0 when |v − η·∂S/∂v| ≤ ηκ. Null when 60 halvings find no such step.
 */
function proxStep(
  s: Objective,
  kappa: number,
  v: number,
  c: number,
  cur: ReturnType<Objective>,
  eta: number,
): Step | null {
  for (let tries = 0; tries < 60; tries++, eta /= 2) {
    const nv = softThreshold(v - eta * cur.dw, eta * kappa);
    const nc = c - eta * cur.db;
    const dv = nv - v;
    const dc = nc - c;
    const next = s(nv, nc);
    if (
      Number.isFinite(next.loss) &&
      next.loss <= cur.loss + cur.dw * dv + cur.db * dc + (dv * dv + dc * dc) / (2 * eta)
    )
      return { v: nv, c: nc, next, eta };
  }
  return null;
}

/** The gradient at θ and at eight points on a circle of the given radius around it. */
function sampledGradients(
  f: Objective,
  v: number,
  c: number,
  radius: number,
  here: { dw: number; db: number },
): [number, number][] {
  const out: [number, number][] = [[here.dw, here.db]];
  for (let k = 0; k < 8; k++) {
    const a = (k * Math.PI) / 4 + 0.1; // off the axes, so that no sample sits on an axis-aligned kink
    const g = f(v + radius * Math.cos(a), c + radius * Math.sin(a));
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
