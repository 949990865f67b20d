import { roundingNoise, slopesDisagree } from './gradientVerdict';
import { mulberry32Stream } from './mulberry32';

/**
 * Central differences of a scalar function: the one routine that estimates a gradient
 * numerically. The engine's gradCheck runs it in process and the JS/TS grad-check runner in its
 * child process; `numeric_trial` in src/gradcheck/python/driver.py is its declared mirror, step
 * for step (test/unit/gradcheck-differences-mirror.test.ts runs both on the same functions and
 * holds their numbers equal: change the two together). It only computes numbers; the verdict is
 * ./gradientVerdict.ts's, on the host.
 *
 * - Central differences in float64: (f(x + h·e) − f(x − h·e)) / (2h), truncation error O(h²)
 *   where a one-sided difference's is O(h). Divided by the steps actually taken (the difference
 *   of the representable points), so the quotient divides by exactly what was added.
 * - Elementwise, hᵢ = step·max(1, |xᵢ|): a fixed step is lost in rounding for large |xᵢ| and too
 *   coarse for small ones; max(1, ·) keeps it from vanishing at xᵢ = 0. step = 1e-6, as
 *   torch.autograd.gradcheck's eps, balances truncation (∝ h²) against cancellation in
 *   f(x + h) − f(x − h) (∝ ε·|f|/h).
 * - Projection (more than `projectionAbove` elements, where 2N evaluations are too many): the
 *   directional derivative along seeded random ±1 vectors v_k (the same in Python: mulberry32),
 *   h = step·max(1, max|x|), against g·v_k, as torch.autograd.gradcheck's fast_mode compares
 *   vᵀ·J·u. It finds a wrong gradient that changes g·v, but cannot say which element is wrong.
 * - Near a domain's edge (f not finite on one side, a probability stepped below 0) the step
 *   shrinks 16× at a time until both sides are defined, then twice more, since f tends to change
 *   fast near its edge (log p near p = 0). If one side never is (x on the edge), the slope of the
 *   other at the first step is all there is: at steps of 1e-20 it would be rounding alone.
 * - f's noise level σ_f, for the verdict's allowance for rounding: from 6 more values of f, at
 *   x + j·δ·u (j = 1…6; uᵢ = 2rᵢ − 1 with r mulberry32's stream, not ±1, since a loss can be
 *   constant along ±(1, …, 1), as cross-entropy is; δ = step·max(1, |x|∞), so the rounding in f
 *   varies as it does between the probes). Their fourth differences are noise alone (the smooth
 *   part is δ⁴·f⁗ ~ 1e-24·f⁗), as in Moré & Wild, "Estimating computational noise", SIAM J.
 *   Sci. Comput. 33(3), 2011: for independent noise of variance σ², E[(Δ⁴f)²] = C(8,4)·σ² = 70σ²,
 *   so σ_f = √(mean (Δ⁴f)² / 70). The points lie on one side of x, so a kink at x (a hinge's
 *   inputs at its margin) does not show in them. 0 when f is not finite at one of them.
 * - Kinks: where the one-sided slopes disagree beyond the verdict's rtol (and rounding), the
 *   same probe is taken again at a 16× finer step (`fine`): there curvature's share of the gap
 *   shrinks 16×, rounding's grows 16×, a kink's stays, which is how the verdict tells them apart.
 *   The verdict only ever widens rtol and adds an atol, so it never needs a finer probe that is
 *   not there.
 */

export type DifferenceOptions = {
  /** Relative step: hᵢ = step·max(1, |xᵢ|). */
  step: number;
  /** Above this many elements: directional derivatives along `projectionDirections` ±1 vectors. */
  projectionAbove: number;
  projectionDirections: number;
  /** Direction k is signDirection(projectionSeed + k, n). */
  projectionSeed: number;
  /** The verdict's rtol: a finer probe is taken where the one-sided slopes disagree beyond it. */
  rtol: number;
};

/** One probe's slopes per entry; null where f was not finite (or the quotient overflowed). */
type ProbeNumbers = {
  /** The step h of the probe (the nominal one; the quotients divide by the steps actually taken). */
  step: number[];
  /** (f(x + h) − f(x − h)) / 2h; null unless both sides are finite. */
  numeric: (number | null)[];
  /** (f(x + h) − f(x)) / h. */
  forward: (number | null)[];
  /** (f(x) − f(x − h)) / h. */
  backward: (number | null)[];
};

/**
 * The numbers of one trial point: what a runner sends the host (as JSON, so null where a value
 * is missing) and what the engine's gradCheck judges in process.
 */
export type TrialNumbers = ProbeNumbers & {
  /** f at the point; NaN (null through JSON) when it is not finite there, and then every entry is null. */
  f0: number;
  /** f's noise level σ_f near the point (see above); 0 when it could not be measured. */
  noise: number;
  /** elementwise: an entry per element of x; projection: an entry per direction. */
  mode: 'elementwise' | 'projection';
  /** x's shape, or [directions] in projection mode. */
  shape: number[];
  /** The analytic gradient per entry (g·v_k in projection mode), or null when there is none. */
  analytic: number[] | null;
  /** The entries whose slopes disagreed, probed again at a 16× finer step. */
  fine: ProbeNumbers & { index: number[] };
};

/** How much finer the second look at a suspected kink is, and each step towards a domain's edge. */
const REFINE = 16;
/** At most 16^12 ≈ 3e14 times smaller than the first step. */
const MAX_SHRINK = 12;

type Probe = { fp: number | null; fm: number | null; hp: number; hm: number };

/**
 * Estimates the gradient of f at x0 by central differences (see above). f may return a value that
 * is not finite (taken as "f is not defined there"); what it throws propagates. f must not keep
 * or change its argument: one working copy of x0 is perturbed in place.
 */
export function differences(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  shape: number[],
  analytic: Float64Array | null,
  o: DifferenceOptions,
): TrialNumbers {
  const n = x0.length;
  const x = Float64Array.from(x0);
  const at = (v: Float64Array): number | null => {
    const y = f(v);
    return Number.isFinite(y) ? y : null;
  };
  const f0 = f(x);
  const projection = n > o.projectionAbove;
  const count = projection ? o.projectionDirections : n;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(x0[i]));
  let noise = 0;
  if (Number.isFinite(f0)) {
    const u = mulberry32Stream(o.projectionSeed, n).map((r) => 2 * r - 1);
    const delta = o.step * Math.max(1, maxAbs);
    const fs = [f0];
    // Until the first value that is not finite (then there is no estimate).
    for (let j = 1; j <= 6 && fs.length === j; j++) {
      for (let i = 0; i < n; i++) x[i] = x0[i] + j * delta * u[i];
      const y = at(x);
      if (y !== null) fs.push(y);
    }
    x.set(x0);
    if (fs.length === 7) {
      let sum = 0;
      for (let j = 0; j < 3; j++) {
        const d = fs[j + 4] - 4 * fs[j + 3] + 6 * fs[j + 2] - 4 * fs[j + 1] + fs[j];
        sum += d * d;
      }
      noise = Math.sqrt(sum / 3 / 70);
    }
  }
  const out: TrialNumbers = {
    f0: Number.isFinite(f0) ? f0 : NaN,
    noise,
    mode: projection ? 'projection' : 'elementwise',
    shape: projection ? [count] : shape,
    analytic: null,
    step: [],
    numeric: [],
    forward: [],
    backward: [],
    fine: { index: [], step: [], numeric: [], forward: [], backward: [] },
  };
  const record = (to: ProbeNumbers, p: Probe, h: number): void => {
    const quotient = (v: number): number | null => (Number.isFinite(v) ? v : null);
    to.step.push(h);
    to.numeric.push(p.fp === null || p.fm === null ? null : quotient((p.fp - p.fm) / (p.hp + p.hm)));
    to.forward.push(p.fp === null ? null : quotient((p.fp - f0) / p.hp));
    to.backward.push(p.fm === null ? null : quotient((f0 - p.fm) / p.hm));
  };
  const entry = (index: number, probe: (h: number) => Probe, h: number): void => {
    if (!Number.isFinite(f0)) {
      record(out, { fp: null, fm: null, hp: h, hm: h }, h);
      return;
    }
    let p = probe(h);
    if ((p.fp === null) !== (p.fm === null)) {
      let extra = 2;
      let hk = h;
      for (let k = 0; k < MAX_SHRINK && extra > 0; k++) {
        hk /= REFINE;
        const q = probe(hk);
        if (q.fp !== null && q.fm !== null) {
          [p, h] = [q, hk];
          extra--;
        }
      }
    }
    record(out, p, h);
    const right = out.forward[out.forward.length - 1];
    const left = out.backward[out.backward.length - 1];
    if (
      right !== null &&
      left !== null &&
      slopesDisagree(left, right, 0, o.rtol, roundingNoise(f0, noise, right, left, h))
    ) {
      out.fine.index.push(index);
      record(out.fine, probe(h / REFINE), h / REFINE);
    }
  };

  if (!projection) {
    for (let i = 0; i < n; i++) {
      const xi = x0[i];
      const probe = (h: number): Probe => {
        const xp = xi + h;
        const xm = xi - h;
        x[i] = xp;
        const fp = at(x);
        x[i] = xm;
        const fm = at(x);
        x[i] = xi;
        return { fp, fm, hp: xp - xi, hm: xi - xm };
      };
      entry(i, probe, o.step * Math.max(1, Math.abs(xi)));
    }
    if (analytic) out.analytic = Array.from(analytic);
    return out;
  }
  const h0 = o.step * Math.max(1, maxAbs);
  const projected: number[] = [];
  for (let k = 0; k < count; k++) {
    const v = signDirection(o.projectionSeed + k, n);
    const probe = (h: number): Probe => {
      for (let i = 0; i < n; i++) x[i] = x0[i] + h * v[i];
      const fp = at(x);
      for (let i = 0; i < n; i++) x[i] = x0[i] - h * v[i];
      const fm = at(x);
      x.set(x0);
      return { fp, fm, hp: h, hm: h };
    };
    entry(k, probe, h0);
    if (analytic) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += analytic[i] * v[i];
      projected.push(dot);
    }
  }
  if (analytic) out.analytic = projected;
  return out;
}

/**
 * The central difference of f along element `index` of x at hᵢ = step·max(1, |xᵢ|), as
 * `differences` takes it (NaN where f is not finite on a side): for plotting a numeric gradient
 * along one coordinate. x is perturbed in place and restored.
 */
export function centralDifference(
  f: (x: Float64Array) => number,
  x: Float64Array,
  index: number,
  step: number,
): number {
  const xi = x[index];
  const h = step * Math.max(1, Math.abs(xi));
  const xp = xi + h;
  const xm = xi - h;
  x[index] = xp;
  const fp = f(x);
  x[index] = xm;
  const fm = f(x);
  x[index] = xi;
  return (fp - fm) / (xp - xi + (xi - xm));
}

/**
 * A random ±1 direction for projection mode, reproducible in Python (driver.py's sign_direction):
 * the i-th sign is that of mulberry32's i-th output for `seed` (< 0.5: −1), 32-bit integer steps
 * only, which both languages do exactly.
 */
export function signDirection(seed: number, size: number): Float64Array {
  return mulberry32Stream(seed, size).map((r) => (r < 0.5 ? -1 : 1));
}
