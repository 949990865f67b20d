/**
 * The verdict of a grad-check, on the host, from the numbers a runner computed: the engine's one
 * rule (../engine/gradientVerdict.ts: allclose with atol scaled to the gradient, kinks, the
 * relative error, the worst entry), the same for every language and for the engine's own
 * gradCheck. Here only what the checker's report needs besides: the worst element's multi-index.
 */
import { GRADCHECK_DEFAULTS } from '../engine/gradcheckDefaults';
import { FLOAT32_TOLERANCE as FLOAT32, judge, type Tolerance } from '../engine/gradientVerdict';
import { unravel } from '../engine/tensor';
import type { TrialNumbers } from './runners/protocol';

export type { Tolerance };

export const DEFAULT_TOLERANCE: Tolerance = { rtol: GRADCHECK_DEFAULTS.rtol, atol: GRADCHECK_DEFAULTS.atol };
export const FLOAT32_TOLERANCE: Tolerance = { ...FLOAT32 };

export type Comparison = {
  pass: boolean;
  maxRelError: number;
  worst: { trial: number; flat: number; index: number[]; analytic: number; numeric: number; relError: number } | null;
  kinks: number;
  failures: number;
  /** Entries compared, kinks not counted. */
  compared: number;
  mode: 'elementwise' | 'projection';
};

export function compareTrials(trials: TrialNumbers[], tol: Tolerance): Comparison {
  const v = judge(trials, tol);
  const mode = trials[0]?.mode ?? 'elementwise';
  const where = (trial: number, flat: number): number[] =>
    trials[trial].mode === 'projection' ? [flat] : unravel(flat, trials[trial].shape);
  const comparison: Comparison = {
    pass: v.pass,
    maxRelError: v.maxRelError,
    worst: null,
    kinks: v.kinks.length,
    failures: v.failures,
    compared: v.checked - v.kinks.length,
    mode,
  };
  if (v.worst) {
    const w = v.worst;
    comparison.worst = {
      trial: w.trial,
      flat: w.index,
      index: where(w.trial, w.index),
      analytic: w.analytic,
      numeric: w.numeric,
      relError: w.relError,
    };
  } else if (!v.pass && v.nonFinite.length) {
    // Nothing could be compared: f was not finite on either side of any entry. The report names
    // the first such entry, whose numeric value is NaN, as what failed.
    const [first] = v.nonFinite;
    comparison.worst = {
      trial: first.trial,
      flat: first.index,
      index: where(first.trial, first.index),
      analytic: trials[first.trial].analytic![first.index],
      numeric: NaN,
      relError: Infinity,
    };
    comparison.failures = comparison.compared = v.nonFinite.length;
    comparison.maxRelError = Infinity;
  }
  return comparison;
}
