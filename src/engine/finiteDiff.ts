import { differences } from './differences';
import { GRADCHECK_DEFAULTS } from './gradcheckDefaults';
import { judge, type JudgedEntry } from './gradientVerdict';
import { fail } from './tensor';

/**
 * The finite-difference gradient checker in process: given a scalar function f and what claims
 * to be its gradient at x, it estimates the gradient numerically and says where the two disagree.
 * The engine's tests run it on every catalog loss. It is ./differences.ts (central differences,
 * projections for large inputs, one-sided steps near a domain's edge, a finer look at kinks) and
 * ./gradientVerdict.ts (the verdict rule), the same two the grad-check lenses and the CLI use on
 * the losses users write; this adds what running f in process needs: f may throw (taken as "not
 * defined there", the first error kept for the report), options with defaults, and a report per
 * entry.
 */
export type GradCheckOptions = {
  /** Relative step; the step for element i is eps·max(1, |xᵢ|). Default GRADCHECK_DEFAULTS.step (./gradcheckDefaults.ts), as every default here. */
  eps?: number;
  /** Default GRADCHECK_DEFAULTS.atol, scaled down for gradients smaller than 1 (see gradientVerdict.ts). */
  atol?: number;
  /** Default GRADCHECK_DEFAULTS.rtol. */
  rtol?: number;
  /** 'auto' (default): elementwise up to projectionThreshold elements, projection above. */
  mode?: 'auto' | 'elementwise' | 'projection';
  /** Default GRADCHECK_DEFAULTS.projectionAbove. */
  projectionThreshold?: number;
  /** Random ±1 directions in projection mode (default GRADCHECK_DEFAULTS.projectionDirections). */
  directions?: number;
  /** Direction k is signDirection(seed + k, n) (default 0). */
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
  /** CS231n: |a − n| / max(|a|, |n|), the denominator floored at the tolerance's absolute part; 0 when a = n. */
  relError: number;
  /** The one-sided differences (f(x) − f(x − h))/h and (f(x + h) − f(x))/h; NaN for a side where f was not finite. */
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

const DEFAULTS = { seed: 0, maxListed: 10 };

/**
 * Checks `analytic` against finite differences of f at x. f must return a number and must not
 * keep or modify its argument (the checker perturbs one working copy of x in place).
 */
export function gradCheck(
  f: (x: Float64Array) => number,
  x: Float64Array,
  analytic: Float64Array,
  options: GradCheckOptions = {},
): GradCheckResult {
  const o = settingsOf(options);
  if (!(x instanceof Float64Array) || !(analytic instanceof Float64Array))
    fail('gradCheck: x and analytic must be Float64Arrays');
  if (x.length !== analytic.length) fail(`gradCheck: analytic has ${analytic.length} elements but x has ${x.length}`);
  if (x.length === 0) fail('gradCheck: x is empty');
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i])) fail(`gradCheck: x[${i}] is ${x[i]}; the point must be finite`);

  let firstError: string | undefined;
  const at = (v: Float64Array): number => {
    try {
      const y = f(v);
      return typeof y === 'number' ? y : NaN;
    } catch (e) {
      firstError ??= e instanceof Error ? e.message : String(e);
      return NaN;
    }
  };
  if (!Number.isFinite(at(Float64Array.from(x))))
    fail(
      `gradCheck: f(x) is not a finite number at the given point${firstError !== undefined ? ` (it threw: ${firstError})` : ''}`,
    );

  const projectionAbove = o.mode === 'elementwise' ? Infinity : o.mode === 'projection' ? -1 : o.projectionThreshold;
  const trial = differences(at, x, [x.length], analytic, {
    step: o.eps,
    projectionAbove,
    projectionDirections: o.directions,
    projectionSeed: o.seed,
    rtol: o.rtol,
  });
  const v = judge([trial], { atol: o.atol, rtol: o.rtol }, o.maxListed);
  const settings: GradCheckResult['settings'] = { eps: o.eps, atol: o.atol, rtol: o.rtol };
  if (trial.mode === 'projection') Object.assign(settings, { directions: o.directions, seed: o.seed });
  const result: GradCheckResult = {
    verdict: v.pass ? 'pass' : 'fail',
    mode: trial.mode,
    checked: v.checked,
    failures: v.failures,
    failing: v.failing.map(entryOf),
    worst: v.worst && entryOf(v.worst),
    maxAbsError: v.maxAbsError,
    maxRelError: v.maxRelError,
    kinks: v.kinks.map(entryOf),
    nonFinite: v.nonFinite.map((e) => e.index),
    settings,
  };
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}

function entryOf(e: JudgedEntry): GradCheckEntry {
  const entry: GradCheckEntry = {
    index: e.index,
    analytic: e.analytic,
    numeric: e.numeric,
    absError: e.absError,
    relError: e.relError,
    left: e.left ?? NaN,
    right: e.right ?? NaN,
  };
  if (e.oneSided) entry.oneSided = true;
  return entry;
}

type Settings = Required<GradCheckOptions>;

function settingsOf(options: GradCheckOptions): Settings {
  if (typeof options !== 'object' || options === null) fail('gradCheck: options must be an object');
  const o: Settings = {
    eps: options.eps ?? GRADCHECK_DEFAULTS.step,
    atol: options.atol ?? GRADCHECK_DEFAULTS.atol,
    rtol: options.rtol ?? GRADCHECK_DEFAULTS.rtol,
    mode: options.mode ?? 'auto',
    projectionThreshold: options.projectionThreshold ?? GRADCHECK_DEFAULTS.projectionAbove,
    directions: options.directions ?? GRADCHECK_DEFAULTS.projectionDirections,
    seed: options.seed ?? DEFAULTS.seed,
    maxListed: options.maxListed ?? DEFAULTS.maxListed,
  };
  if (typeof o.eps !== 'number' || !Number.isFinite(o.eps) || o.eps <= 0)
    fail(`gradCheck: eps must be a finite number > 0, got ${String(o.eps)}`);
  if (!(o.atol >= 0 && Number.isFinite(o.atol)))
    fail(`gradCheck: atol must be a finite number ≥ 0, got ${String(o.atol)}`);
  if (!(o.rtol >= 0 && Number.isFinite(o.rtol)))
    fail(`gradCheck: rtol must be a finite number ≥ 0, got ${String(o.rtol)}`);
  if (o.mode !== 'auto' && o.mode !== 'elementwise' && o.mode !== 'projection')
    fail(`gradCheck: mode must be 'auto', 'elementwise' or 'projection', got ${JSON.stringify(o.mode)}`);
  for (const name of ['projectionThreshold', 'directions', 'maxListed', 'seed'] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 0)
      fail(`gradCheck: ${name} must be a non-negative integer, got ${String(o[name])}`);
  }
  if (o.directions < 1) fail('gradCheck: directions must be at least 1');
  return o;
}
