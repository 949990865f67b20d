import type { TrialNumbers } from './differences';

/**
 * The gradient verdict: the one rule by which an analytic gradient passes or fails against the
 * numbers of ./differences.ts. The engine's gradCheck, the grad-check lenses and the CLI (through
 * src/gradcheck/compare.ts) all judge with it.
 *
 * Per entry (an element, or a direction in projection mode), a the analytic and n the numeric
 * value, at a trial point whose largest |n| is s:
 * - allclose, as torch.autograd.gradcheck: |a − n| ≤ atol·min(1, s) + rtol·|n| + noise, defaults
 *   as torch.autograd.gradcheck(…, eps=1e-06, atol=1e-05, rtol=0.001). torch's atol is fixed,
 *   which only suits values of about unit size (numpy.isclose's documentation: "The default value
 *   of atol is not appropriate when the reference value b has magnitude smaller than one"): on
 *   f = 0.5e-6·Σx², or a mean over a million elements, every entry is ~1e-6 and atol = 1e-5 would
 *   pass any gradient. Scaled by min(1, s), a gradient right or wrong for f is judged the same for
 *   c·f with c < 1; for gradients of unit size and up atol is torch's.
 * - noise = 8·(max(ε·|f(x)|, σ_f)/h + ε·|slope|): what rounding in f alone can put into a
 *   difference quotient of step h (the ε_f/h term of Nocedal & Wright, Numerical Optimization,
 *   2nd ed., §8.1), with f's noise level σ_f measured by ./differences.ts, since |f| does not
 *   show it when a small loss is computed from large terms (cross-entropy of confident logits,
 *   ~1e-6 from logits ~6, carries the rounding of the logits). 8 leaves room for the spread of
 *   the noise. A difference below it is no evidence against the analytic value.
 * - Kinks (hinge at a margin of 1, L1 at zero error, ReLU at 0): where the one-sided slopes
 *   disagree beyond the tolerance and hold still at the 16× finer probe (together they move by
 *   less than half the gap between them), x sits on a kink: curvature's share of the gap would
 *   have shrunk 16×, and rounding's would have grown 16× and moved the slopes about. The central
 *   difference there averages two slopes; any value between them is a valid subgradient, so the
 *   entry is a kink, left out of the verdict, when a lies between the fine slopes (± tolerance),
 *   and fails against them otherwise. Fine slopes that agree, with a central difference beyond
 *   tolerance of the coarse one, mean a kink lies between h/16 and h away, which the coarse step
 *   straddles: the fine central difference replaces the coarse one.
 * - Near a domain's edge an entry with one side only is judged against that side's slope; an
 *   entry with neither is not compared, and a check that could compare none of its entries fails.
 * - Reported: the CS231n relative error |a − n| / max(|a|, |n|) ("Gradient checks",
 *   https://cs231n.github.io/neural-networks-3/#gradcheck: around 1e-7 or less is right, above
 *   1e-2 probably wrong), its denominator floored at the absolute part of the tolerance, so values
 *   indistinguishable from 0 do not report alarming errors; and the worst entry, the one furthest
 *   beyond (or, when all pass, closest to) its tolerance, |a − n| / tolerance.
 */

/** float32 user code: central differences keep about half the digits (driver.py widens its step to 1e-3). */
export const FLOAT32_TOLERANCE = { rtol: 2e-2, atol: 1e-3 } as const;

export type Tolerance = { rtol: number; atol: number };

/** One judged entry. `left`/`right` are the one-sided slopes of the probe `numeric` came from. */
export type JudgedEntry = {
  /** Which of the trials. */
  trial: number;
  /** Flat element index, or direction in projection mode. */
  index: number;
  analytic: number;
  numeric: number;
  absError: number;
  /** CS231n relative error, floored as above. */
  relError: number;
  left: number | null;
  right: number | null;
  /** Only one side of f was defined (a domain's edge): numeric is that side's slope. */
  oneSided: boolean;
};

export type Verdict = {
  /** No failure, and some entry compared unless there was none to compare. */
  pass: boolean;
  /** Entries compared, kinks included. */
  checked: number;
  failures: number;
  /** The first `maxListed` failing entries, in order. */
  failing: JudgedEntry[];
  /** The entry furthest beyond (or closest to) its tolerance, kinks excluded; null if none was compared. */
  worst: JudgedEntry | null;
  /** Over the compared entries, kinks excluded. */
  maxAbsError: number;
  maxRelError: number;
  /** Entries on a kink whose analytic value is a valid subgradient: not failures. */
  kinks: JudgedEntry[];
  /** Entries where f was not finite on either side: not compared. */
  nonFinite: { trial: number; index: number }[];
};

const NOISE = 8;

/** What rounding in f (noise level fNoise, see TrialNumbers) can put into a difference quotient of step h, as above. */
export function roundingNoise(
  f0: number,
  fNoise: number,
  right: number | null,
  left: number | null,
  h: number,
): number {
  const eps = Number.EPSILON;
  return NOISE * (Math.max(eps * Math.abs(f0), fNoise) / h + eps * Math.max(Math.abs(right ?? 0), Math.abs(left ?? 0)));
}

/** The one-sided slopes differ by more than the tolerance (with atol already scaled) and the noise. */
export function slopesDisagree(left: number, right: number, atol: number, rtol: number, noise: number): boolean {
  return Math.abs(right - left) > atol + rtol * Math.max(Math.abs(left), Math.abs(right)) + noise;
}

type Estimate = { n: number; left: number | null; right: number | null; noise: number };

/** Judges the trials that carry an analytic gradient (the others are skipped). */
export function judge(trials: readonly TrialNumbers[], tol: Tolerance, maxListed = 10): Verdict {
  const v: Verdict = {
    pass: false,
    checked: 0,
    failures: 0,
    failing: [],
    worst: null,
    maxAbsError: 0,
    maxRelError: 0,
    kinks: [],
    nonFinite: [],
  };
  let worstScore = -1;
  trials.forEach((t, trial) => {
    const analytic = t.analytic;
    if (!analytic) return;
    // JSON turns a missing value into null; a short array gives undefined: both are "not there".
    const numeric = (i: number): number | null => t.numeric[i] ?? t.forward[i] ?? t.backward[i] ?? null;
    let s = 0;
    for (let i = 0; i < analytic.length; i++) s = Math.max(s, Math.abs(numeric(i) ?? 0));
    const atol = tol.atol * Math.min(1, s);
    const fine = new Map(t.fine.index.map((i, k) => [i, k]));

    for (let i = 0; i < analytic.length; i++) {
      const n = numeric(i);
      if (n === null) {
        v.nonFinite.push({ trial, index: i });
        continue;
      }
      const a = analytic[i];
      const left = t.backward[i] ?? null;
      const right = t.forward[i] ?? null;
      let p: Estimate = { n, left, right, noise: roundingNoise(t.f0, t.noise, right, left, t.step[i]) };
      let kink = false;
      const k = fine.get(i);
      if (left !== null && right !== null && k !== undefined && slopesDisagree(left, right, atol, tol.rtol, p.noise)) {
        const [fn, fl, fr] = [t.fine.numeric[k] ?? null, t.fine.backward[k] ?? null, t.fine.forward[k] ?? null];
        if (fn !== null && fl !== null && fr !== null) {
          const q: Estimate = {
            n: fn,
            left: fl,
            right: fr,
            noise: roundingNoise(t.f0, t.noise, fr, fl, t.fine.step[k]),
          };
          const fineDisagree = slopesDisagree(fl, fr, atol, tol.rtol, q.noise);
          kink = fineDisagree && Math.abs(fl - left) + Math.abs(fr - right) < Math.abs(right - left) / 2;
          if (kink || (!fineDisagree && Math.abs(n - fn) > atol + tol.rtol * Math.abs(fn) + q.noise)) p = q;
        }
      }
      const tolerance = (x: number): number => atol + tol.rtol * Math.abs(x) + p.noise;
      const absError = Number.isFinite(a) ? Math.abs(a - p.n) : Infinity;
      const relError = absError === 0 ? 0 : absError / Math.max(Math.abs(a), Math.abs(p.n), atol + p.noise);
      const entry: JudgedEntry = {
        trial,
        index: i,
        analytic: a,
        numeric: p.n,
        absError,
        relError,
        left: p.left,
        right: p.right,
        oneSided: t.numeric[i] == null,
      };
      v.checked++;

      if (kink) {
        const lo = Math.min(p.left!, p.right!);
        const hi = Math.max(p.left!, p.right!);
        if (Number.isFinite(a) && a >= lo - tolerance(lo) && a <= hi + tolerance(hi)) {
          v.kinks.push(entry);
          continue;
        }
      }
      v.maxAbsError = Math.max(v.maxAbsError, absError);
      v.maxRelError = Math.max(v.maxRelError, relError);
      const score = absError / Math.max(tolerance(p.n), Number.MIN_VALUE);
      if (score > worstScore) [v.worst, worstScore] = [entry, score];
      if (!(absError <= tolerance(p.n))) {
        v.failures++;
        if (v.failing.length < maxListed) v.failing.push(entry);
      }
    }
  });
  // Entries that could not be compared, and nothing else, are no evidence that the gradient is right.
  v.pass = v.failures === 0 && (v.checked > 0 || v.nonFinite.length === 0);
  return v;
}
