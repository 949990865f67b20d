import { Random } from './random';
import { fail } from './tensor';

/**
 * The finite-difference gradient checker: the engine's tests run it on every catalog loss, and
 * the grad-check lenses run it on the losses users write. Given a scalar function f and what
 * claims to be its gradient at x, it estimates the gradient numerically and says where the two
 * disagree.
 *
 * - Central differences in float64: nᵢ = (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / (2hᵢ), whose truncation
 *   error is O(h²) where a one-sided difference's is O(h).
 * - The step is scaled to each input, hᵢ = eps·max(1, |xᵢ|): a fixed step would be lost in
 *   rounding for large |xᵢ| (x + h = x once h < ulp(x)), and would be too coarse for the function's
 *   scale; max(1, ·) keeps it from vanishing at xᵢ = 0. The step actually taken is the difference
 *   of the two representable points, so the quotient divides by exactly what was added.
 * - eps = 1e-6 balances truncation (∝ h²) against cancellation in f(x + h) − f(x − h)
 *   (∝ ε_machine·|f|/h): the optimum for unit-scale functions is near ε_machine^(1/3) ≈ 6e-6,
 *   and 1e-6 is what torch.autograd.gradcheck uses.
 * - Pass rule, as torch.autograd.gradcheck (torch.allclose(analytical, numerical, rtol, atol)):
 *   |a − n| ≤ atol + rtol·|n|, defaults atol = 1e-5, rtol = 1e-3 as in
 *   torch.autograd.gradcheck(…, eps=1e-06, atol=1e-05, rtol=0.001).
 * - Reported error, as the CS231n notes recommend ("Gradient checks",
 *   https://cs231n.github.io/neural-networks-3/#gradcheck): |a − n| / max(|a|, |n|); around 1e-7
 *   or less is right, above 1e-2 is probably wrong.
 * - Kinks: where the one-sided differences (f(x + h) − f(x))/h and (f(x) − f(x − h))/h disagree
 *   beyond tolerance while both are finite, x sits on a kink (hinge at a margin of 1, L1 at zero
 *   error): the central difference there is an average of two slopes, not a derivative, and any
 *   value between the slopes is a valid subgradient. Such elements are reported in `kinks` and do
 *   not fail the check, unless the analytic value lies outside the two slopes (± tolerance),
 *   which no subgradient does. Curvature also makes the slopes differ, by about h·|f″|, so a
 *   disagreement is confirmed at a 16× finer step: there curvature's share shrinks 16×, a
 *   kink's does not.
 * - Large inputs: 2N evaluations of f is too many for a million elements, so above
 *   `projectionThreshold` (default 4096) the check compares directional derivatives instead:
 *   for a few seeded random unit vectors v, vᵀ·analytic against (f(x + hv) − f(x − hv))/(2h),
 *   as torch.autograd.gradcheck's fast_mode does. It finds a wrong gradient that changes vᵀg,
 *   but cannot say which element is wrong.
 */
export type GradCheckOptions = {
  /** Relative step; the step for element i is eps·max(1, |xᵢ|). Default 1e-6. */
  eps?: number;
  /** Default 1e-5. */
  atol?: number;
  /** Default 1e-3. */
  rtol?: number;
  /** 'auto' (default): elementwise up to projectionThreshold elements, projection above. */
  mode?: 'auto' | 'elementwise' | 'projection';
  projectionThreshold?: number;
  /** Random directions in projection mode (default 4). */
  directions?: number;
  /** Seed of the directions (default 0). */
  seed?: number;
  /** How many failing entries to list (default 10); `failures` counts them all. */
  maxListed?: number;
};

/** One compared entry: an element of x, or in projection mode a direction. */
export type GradCheckEntry = {
  index: number;
  analytic: number;
  numeric: number;
  absError: number;
  /** CS231n: |a − n| / max(|a|, |n|), 0 when both are 0. */
  relError: number;
  /** The one-sided differences (f(x) − f(x − h))/h and (f(x + h) − f(x))/h. */
  left: number;
  right: number;
  /** Only one side could be evaluated (the other was not finite or threw): numeric is that side's difference. */
  oneSided?: boolean;
};

export type GradCheckResult = {
  /** 'fail' when any entry fails, or when none could be compared. */
  verdict: 'pass' | 'fail';
  mode: 'elementwise' | 'projection';
  /** Entries compared: elements, or directions in projection mode. */
  checked: number;
  failures: number;
  /** The first `maxListed` failing entries, in index order. */
  failing: GradCheckEntry[];
  /** The entry furthest outside (or closest to) its tolerance, kinks excluded; null if none was compared. */
  worst: GradCheckEntry | null;
  /** Largest |a − n| and CS231n relative error over the compared entries, kinks excluded. */
  maxAbsError: number;
  maxRelError: number;
  /** Entries on a kink, whose analytic value is a valid subgradient: not failures. */
  kinks: GradCheckEntry[];
  /** Entries where f was not finite (or threw) on both sides: not compared. */
  nonFinite: number[];
  /** The message of the first error f threw at a perturbed point, if it threw: why entries are missing. */
  firstError?: string;
  settings: { eps: number; atol: number; rtol: number; directions?: number; seed?: number };
};

const DEFAULTS = { eps: 1e-6, atol: 1e-5, rtol: 1e-3, projectionThreshold: 4096, directions: 4, seed: 0, maxListed: 10 };

/**
 * Checks `analytic` against finite differences of f at x. f must return a number and must not
 * keep or modify its argument (the checker perturbs one working copy of x in place).
 */
export function gradCheck(f: (x: Float64Array) => number, x: Float64Array, analytic: Float64Array, options: GradCheckOptions = {}): GradCheckResult {
  const o = settingsOf(options);
  if (!(x instanceof Float64Array) || !(analytic instanceof Float64Array)) fail('gradCheck: x and analytic must be Float64Arrays');
  if (x.length !== analytic.length) fail(`gradCheck: analytic has ${analytic.length} elements but x has ${x.length}`);
  if (x.length === 0) fail('gradCheck: x is empty');
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) fail(`gradCheck: x[${i}] is ${x[i]}; the point must be finite`);
  const work = Float64Array.from(x);
  const ev = evaluator(f);
  const f0 = ev.at(work);
  if (f0 === null) fail(`gradCheck: f(x) is not a finite number at the given point${ev.firstError() ? ` (it threw: ${ev.firstError()})` : ''}`);

  const mode = o.mode === 'auto' ? (x.length > o.projectionThreshold ? 'projection' : 'elementwise') : o.mode;
  const tally = new Tally(o);
  if (mode === 'elementwise') {
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      const probe = (h: number): Probe => {
        const xp = xi + h;
        const xm = xi - h;
        work[i] = xp;
        const fp = ev.at(work);
        work[i] = xm;
        const fm = ev.at(work);
        work[i] = xi;
        return { fp, fm, hp: xp - xi, hm: xi - xm };
      };
      tally.add(i, analytic[i], f0, probe, o.eps * Math.max(1, Math.abs(xi)));
    }
  } else {
    const rng = new Random(o.seed);
    let xmax = 0;
    for (let i = 0; i < x.length; i++) xmax = Math.max(xmax, Math.abs(x[i]));
    const v = new Float64Array(x.length);
    for (let d = 0; d < o.directions; d++) {
      rng.fillNormal(v);
      let norm = 0;
      for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
      norm = Math.sqrt(norm);
      let proj = 0;
      for (let i = 0; i < v.length; i++) {
        v[i] /= norm;
        proj += v[i] * analytic[i];
      }
      const probe = (h: number): Probe => {
        for (let i = 0; i < x.length; i++) work[i] = x[i] + h * v[i];
        const fp = ev.at(work);
        for (let i = 0; i < x.length; i++) work[i] = x[i] - h * v[i];
        const fm = ev.at(work);
        work.set(x);
        return { fp, fm, hp: h, hm: h };
      };
      tally.add(d, proj, f0, probe, o.eps * Math.max(1, xmax));
    }
  }
  const result = tally.result(mode, o);
  const firstError = ev.firstError();
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}

/** f one step up and one step down (null: not finite, or threw), and the steps actually taken. */
type Probe = { fp: number | null; fm: number | null; hp: number; hm: number };

/** How much finer the second look at a suspected kink is, and each step towards a domain's edge. */
const REFINE = 16;
/** At most 16^12 ≈ 3e14 times smaller than the first step. */
const MAX_SHRINK = 12;

type Settings = Required<GradCheckOptions>;

function settingsOf(options: GradCheckOptions): Settings {
  if (typeof options !== 'object' || options === null) fail('gradCheck: options must be an object');
  const o: Settings = {
    eps: options.eps ?? DEFAULTS.eps,
    atol: options.atol ?? DEFAULTS.atol,
    rtol: options.rtol ?? DEFAULTS.rtol,
    mode: options.mode ?? 'auto',
    projectionThreshold: options.projectionThreshold ?? DEFAULTS.projectionThreshold,
    directions: options.directions ?? DEFAULTS.directions,
    seed: options.seed ?? DEFAULTS.seed,
    maxListed: options.maxListed ?? DEFAULTS.maxListed,
  };
  const positive = (name: keyof Settings): void => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(`gradCheck: ${name} must be a finite number > 0, got ${String(v)}`);
  };
  positive('eps');
  if (!(o.atol >= 0 && Number.isFinite(o.atol))) fail(`gradCheck: atol must be a finite number ≥ 0, got ${String(o.atol)}`);
  if (!(o.rtol >= 0 && Number.isFinite(o.rtol))) fail(`gradCheck: rtol must be a finite number ≥ 0, got ${String(o.rtol)}`);
  if (o.mode !== 'auto' && o.mode !== 'elementwise' && o.mode !== 'projection') fail(`gradCheck: mode must be 'auto', 'elementwise' or 'projection', got ${JSON.stringify(o.mode)}`);
  for (const name of ['projectionThreshold', 'directions', 'maxListed', 'seed'] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 0) fail(`gradCheck: ${name} must be a non-negative integer, got ${String(o[name])}`);
  }
  if (o.directions < 1) fail('gradCheck: directions must be at least 1');
  return o;
}

const EPSILON = Number.EPSILON;

function central(p: Probe): number {
  return ((p.fp as number) - (p.fm as number)) / (p.hp + p.hm);
}

function slopesOf(f0: number, p: Probe): { left: number; right: number } {
  return { left: p.fm === null ? NaN : (f0 - p.fm) / p.hm, right: p.fp === null ? NaN : (p.fp - f0) / p.hp };
}

/** f at the point, or null when it throws or is not a finite number; the first error is kept. */
function evaluator(f: (x: Float64Array) => number): { at: (x: Float64Array) => number | null; firstError: () => string | undefined } {
  let first: string | undefined;
  return {
    at: (x) => {
      try {
        const v = f(x);
        return typeof v === 'number' && Number.isFinite(v) ? v : null;
      } catch (e) {
        first ??= e instanceof Error ? e.message : String(e);
        return null;
      }
    },
    firstError: () => first,
  };
}

/** Classifies entries as they come and keeps the counts, the worst and the lists. */
class Tally {
  private checked = 0;
  private failures = 0;
  private readonly failing: GradCheckEntry[] = [];
  private worst: GradCheckEntry | null = null;
  private worstScore = -1;
  private maxAbs = 0;
  private maxRel = 0;
  private readonly kinks: GradCheckEntry[] = [];
  private readonly nonFinite: number[] = [];

  constructor(private readonly o: Settings) {}

  private tol(ref: number): number {
    return this.o.atol + this.o.rtol * Math.abs(ref);
  }

  /**
   * Compares one entry. The one-sided slopes at step h tell a kink from a smooth point; since a
   * smooth function's slopes also differ, by about h·|f″|, a disagreement is looked at again at
   * step h/16: curvature shrinks with the step (then the finer central difference is used, which
   * also handles a kink that lies between h/16 and h away), a kink does not.
   */
  add(index: number, a: number, f0: number, probe: (h: number) => Probe, h: number): void {
    let p = probe(h);
    if (p.fp === null && p.fm === null) {
      this.nonFinite.push(index);
      return;
    }
    // One side left f's domain (a probability stepped below 0): x is within h of the edge, so
    // shrink the step until both sides are defined, then twice more, since f tends to change
    // fast near the edge of its domain (log p near p = 0).
    if (p.fp === null || p.fm === null) {
      let extra = 2;
      for (let k = 0; k < MAX_SHRINK && extra > 0; k++) {
        const q = probe((h /= REFINE));
        const both = q.fp !== null && q.fm !== null;
        if (both) extra--;
        if (both || (q.fp ?? q.fm) !== null) p = q;
      }
    }
    let slopes = slopesOf(f0, p);
    let kink = false;
    if (this.disagree(slopes)) {
      const fine = probe(h / REFINE);
      if (fine.fp !== null && fine.fm !== null) {
        const fineSlopes = slopesOf(f0, fine);
        const gap = Math.abs(fineSlopes.right - fineSlopes.left);
        // Rounding in f makes the slopes of a step h' differ by up to ~ε·|f|/h' too.
        const noise = 8 * EPSILON * Math.max(Math.abs(f0), Math.abs(fine.fp), Math.abs(fine.fm)) / Math.min(fine.hp, fine.hm);
        kink = this.disagree(fineSlopes) && gap > noise && gap > Math.abs(slopes.right - slopes.left) / 4;
        // Not a kink at x: the coarse central difference is the more accurate estimate, unless a
        // kink between h/16 and h away spoils it, which shows as the two estimates disagreeing
        // by more than the tolerance and the fine one's rounding.
        if (kink || Math.abs(central(p) - central(fine)) > this.tol(central(fine)) + noise) [p, slopes] = [fine, fineSlopes];
      }
    }
    const { left, right } = slopes;
    const oneSided = p.fp === null || p.fm === null;
    const numeric = oneSided ? (p.fp === null ? left : right) : central(p);
    const absError = Number.isFinite(a) ? Math.abs(a - numeric) : Infinity;
    const denom = Math.max(Math.abs(a), Math.abs(numeric));
    const relError = !Number.isFinite(absError) ? Infinity : denom > 0 ? absError / denom : 0;
    const entry: GradCheckEntry = { index, analytic: a, numeric, absError, relError, left, right };
    if (oneSided) entry.oneSided = true;
    this.checked++;

    // On a kink any value between the one-sided slopes is a valid subgradient.
    if (kink) {
      const lo = Math.min(left, right);
      const hi = Math.max(left, right);
      if (Number.isFinite(a) && a >= lo - this.tol(lo) && a <= hi + this.tol(hi)) {
        this.kinks.push(entry);
        return;
      }
    }
    this.maxAbs = Math.max(this.maxAbs, absError);
    this.maxRel = Math.max(this.maxRel, relError);
    const bad = !(absError <= this.tol(numeric));
    const score = Number.isFinite(absError) ? absError / Math.max(this.tol(numeric), Number.MIN_VALUE) : Infinity;
    if (score > this.worstScore) [this.worst, this.worstScore] = [entry, score];
    if (bad) {
      this.failures++;
      if (this.failing.length < this.o.maxListed) this.failing.push(entry);
    }
  }

  /** Both one-sided slopes finite and further apart than the tolerance allows. */
  private disagree({ left, right }: { left: number; right: number }): boolean {
    return Number.isFinite(left) && Number.isFinite(right) && Math.abs(right - left) > this.o.atol + this.o.rtol * Math.max(Math.abs(left), Math.abs(right));
  }

  result(mode: 'elementwise' | 'projection', o: Settings): GradCheckResult {
    const settings: GradCheckResult['settings'] = { eps: o.eps, atol: o.atol, rtol: o.rtol };
    if (mode === 'projection') Object.assign(settings, { directions: o.directions, seed: o.seed });
    return {
      // Nothing compared is no evidence that the gradient is right.
      verdict: this.failures === 0 && this.checked > 0 ? 'pass' : 'fail',
      mode,
      checked: this.checked,
      failures: this.failures,
      failing: this.failing,
      worst: this.worst,
      maxAbsError: this.maxAbs,
      maxRelError: this.maxRel,
      kinks: this.kinks,
      nonFinite: this.nonFinite,
      settings,
    };
  }
}
