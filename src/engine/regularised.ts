import { fitLine, type FitOptions, type LineFit } from './descent';
import { lineLossAndGradient, lineProblem, type LineProblemSpec } from './lineModel';
import { checkPenalty, NO_PENALTY, penaltySlope, penaltyValue, type Penalty } from './penalty';
import { fail } from './tensor';

// Array.isArray narrows a readonly array to any[]; through unknown the element types stay.
const isArray = (v: unknown): boolean => Array.isArray(v);

/**
 * The one-feature model under a penalty on its weight (./penalty.ts): the objective J = L + R(w)
 * and its gradient at given points, and the regularisation path w*(λ).
 */

/** At most this many points or λ values per call: far above a chart's, far below harm. */
const MAX_POINTS = 100_000;

/**
 * J(w, b) = L(w, b) + R(w) and its gradient at each point: ∂J/∂w = ∂L/∂w + ∂R/∂w (λw for L2;
 * λ·sign(w) for L1, the subgradient of least magnitude, 0, at w = 0) and ∂J/∂b = ∂L/∂b, since
 * the bias is not penalised.
 */
export function objectiveAt(
  spec: LineProblemSpec,
  points: readonly (readonly [number, number])[],
  penalty: Penalty = NO_PENALTY,
): { loss: number; dw: number; db: number }[] {
  const who = 'objectiveAt';
  const p = lineProblem(spec, who);
  const pen = checkPenalty(penalty, who);
  if (!isArray(points) || points.length > MAX_POINTS)
    fail(`${who}: points must be an array of at most ${MAX_POINTS} [w, b] pairs`);
  return points.map(([w, b], k) => {
    if (!Number.isFinite(w) || !Number.isFinite(b))
      fail(`${who}: points[${k}] is [${String(w)}, ${String(b)}], not two finite numbers`);
    const r = lineLossAndGradient(p, w, b);
    return { loss: r.loss + penaltyValue(pen, w), dw: r.dw + penaltySlope(pen, w), db: r.db };
  });
}

export type PathPoint = { lambda: number; w: number; b: number; loss: number };

/**
 * The regularisation path: the fit (fitLine with the penalty) at each λ, each started from the
 * fit before it, since the optimum moves continuously with λ. Under L2 the weight shrinks toward
 * 0 and reaches it only as λ → ∞; under L1 it is exactly 0 from λ = |∂L/∂w(0, b₀)| on (b₀ the
 * best bias with w = 0), where the data's pull on w no longer outweighs the penalty's. The first
 * fit starts at (o.w0, o.b0), default (0, 0).
 */
export function regularisationPath(
  spec: LineProblemSpec,
  kind: 'l2' | 'l1',
  lambdas: readonly number[],
  o: Omit<FitOptions, 'penalty'> = {},
): PathPoint[] {
  const who = 'regularisationPath';
  if (kind !== 'l2' && kind !== 'l1') fail(`${who}: kind must be 'l2' or 'l1', got ${JSON.stringify(kind)}`);
  if (!isArray(lambdas) || lambdas.length > MAX_POINTS)
    fail(`${who}: lambdas must be an array of at most ${MAX_POINTS} numbers`);
  lambdas.forEach((l, k) => {
    if (typeof l !== 'number' || !Number.isFinite(l) || l < 0)
      fail(`${who}: lambdas[${k}] must be a finite number ≥ 0, got ${String(l)}`);
  });
  let from = { w0: o.w0 ?? 0, b0: o.b0 ?? 0 };
  return lambdas.map((lambda) => {
    const fit: LineFit = fitLine(spec, { ...o, ...from, penalty: { kind, lambda } });
    from = { w0: fit.w, b0: fit.b };
    return { lambda, w: fit.w, b: fit.b, loss: fit.loss };
  });
}
