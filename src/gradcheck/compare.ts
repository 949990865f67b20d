/**
 * The verdict rules, applied on the host to the numbers a runner computed (the same rules for
 * every language):
 * - allclose like torch.autograd.gradcheck: |a − n| ≤ atol + rtol·|n|, with atol scaled down by
 *   the largest numeric entry when that is below 1 (a mean over many elements has tiny entries,
 *   which a fixed atol of 1e-5 would wave through);
 * - the CS231n relative error |a − n| / max(|a|, |n|), floored at atol, is what the report shows;
 * - an element whose one-sided slopes disagree sits at a kink (hinge, L1, ReLU crossing): it is
 *   counted and left out of the verdict when the analytic value lies between the two slopes (a
 *   subgradient), the rule of src/engine/finiteDiff.ts.
 */
import type { TrialNumbers } from './runners/protocol';

export const DEFAULT_TOLERANCE = { rtol: 1e-3, atol: 1e-5 };
/** float32 user code: central differences lose about half the digits (step 1e-3). */
export const FLOAT32_TOLERANCE = { rtol: 2e-2, atol: 1e-3 };

export type Tolerance = { rtol: number; atol: number };

export type Comparison = {
  pass: boolean;
  maxRelError: number;
  worst: { trial: number; flat: number; index: number[]; analytic: number; numeric: number; relError: number } | null;
  kinks: number;
  failures: number;
  compared: number;
  mode: 'elementwise' | 'projection';
};

export function unravel(flat: number, shape: readonly number[]): number[] {
  if (shape.length === 0) return [];
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

export function compareTrials(trials: TrialNumbers[], tol: Tolerance): Comparison {
  let maxRel = 0;
  let kinks = 0;
  let failures = 0;
  let compared = 0;
  let worst: Comparison['worst'] = null;
  let worstScore = -Infinity;
  trials.forEach((t, trial) => {
    if (!t.analytic) return;
    let gmax = 0;
    for (const v of t.numeric) gmax = Math.max(gmax, Math.abs(v));
    const atol = tol.atol * Math.min(1, Math.max(gmax, 1e-6));
    for (let i = 0; i < t.numeric.length; i++) {
      const a = t.analytic[i];
      const n = t.numeric[i];
      const diff = Math.abs(a - n);
      const rel = diff / Math.max(Math.abs(a), Math.abs(n), atol);
      const close = diff <= atol + tol.rtol * Math.abs(n);
      if (!close) {
        const fw = t.forward[i];
        const bw = t.backward[i];
        const slack = atol + tol.rtol * Math.max(Math.abs(fw), Math.abs(bw));
        const kink = Math.abs(fw - bw) > slack;
        // At a kink any value between the one-sided slopes is a subgradient (as the engine's gradCheck rules).
        if (kink && a >= Math.min(fw, bw) - slack && a <= Math.max(fw, bw) + slack) {
          kinks++;
          continue;
        }
      }
      compared++;
      if (!close) failures++;
      maxRel = Math.max(maxRel, Number.isNaN(rel) ? Infinity : rel);
      // The worst element: among failures the largest violation, else the largest relative error.
      const score = close ? rel : 1e6 + diff / (atol + tol.rtol * Math.abs(n));
      if (score > worstScore || Number.isNaN(a)) {
        worstScore = score;
        worst = { trial, flat: i, index: t.mode === 'projection' ? [i] : unravel(i, t.shape), analytic: a, numeric: n, relError: rel };
      }
    }
  });
  return { pass: failures === 0, maxRelError: maxRel, worst, kinks, failures, compared, mode: trials[0]?.mode ?? 'elementwise' };
}
