import { fail } from './tensor';

/**
 * Penalties on the weight of the one-feature model (lineModel.ts), as the textbooks write them:
 * J(w, b) = L(w, b) + R(w) with
 *
 *   l2 (ridge, weight decay)  R(w) = ½·λ·w²   ∂R/∂w = λ·w
 *   l1 (lasso)                R(w) = λ·|w|    ∂R/∂w = λ·sign(w); at w = 0 any value in [−λ, λ]
 *
 * The bias is never penalised: shrinking b would pull the fit toward ŷ = 0 (or σ = ½), a choice
 * of where the origin is, not of how complex the model is.
 */
export const PENALTY_KINDS = ['none', 'l2', 'l1'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export type Penalty = { kind: PenaltyKind; lambda: number };

export const NO_PENALTY: Penalty = { kind: 'none', lambda: 0 };

/** Validates a penalty; errors start with `who` and name the field. */
export function checkPenalty(p: unknown, who: string): Penalty {
  if (typeof p !== 'object' || p === null) fail(`${who}: penalty must be { kind, lambda }`);
  const { kind, lambda } = p as Record<string, unknown>;
  if (typeof kind !== 'string' || !(PENALTY_KINDS as readonly string[]).includes(kind))
    fail(`${who}: penalty.kind must be one of ${PENALTY_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0)
    fail(`${who}: penalty.lambda must be a finite number ≥ 0, got ${String(lambda)}`);
  return { kind: kind as PenaltyKind, lambda };
}

/** R(w). */
export function penaltyValue(p: Penalty, w: number): number {
  switch (p.kind) {
    case 'none':
      return 0;
    case 'l2':
      return 0.5 * p.lambda * w * w;
    case 'l1':
      return p.lambda * Math.abs(w);
  }
}

/** ∂R/∂w; at w = 0 under L1, the subgradient of least magnitude, 0. */
export function penaltySlope(p: Penalty, w: number): number {
  switch (p.kind) {
    case 'none':
      return 0;
    case 'l2':
      return p.lambda * w;
    case 'l1':
      return p.lambda * Math.sign(w);
  }
}

/** S_t(v) = sign(v)·max(|v| − t, 0): the proximal map of t·|·|. Exactly 0 for |v| ≤ t. */
export function softThreshold(v: number, t: number): number {
  return v > t ? v - t : v < -t ? v + t : 0;
}

/**
 * prox of η·R at v, argmin_u R(u) + (u − v)²/(2η): v/(1 + ηλ) for L2, S_ηλ(v) for L1. A
 * proximal-gradient step w ← prox(w − η·∂L/∂w) handles the kink of |w| that a gradient step cannot.
 */
export function penaltyProx(p: Penalty, v: number, eta: number): number {
  switch (p.kind) {
    case 'none':
      return v;
    case 'l2':
      return v / (1 + eta * p.lambda);
    case 'l1':
      return softThreshold(v, eta * p.lambda);
  }
}

/**
 * A grid of L(w, b) (row-major, `wValues.length` columns, rows are b) with R(w) added to each
 * column, as a new array: J over the same grid. The caller keeps L, so a new λ costs one pass.
 */
export function addPenalty(values: ArrayLike<number>, wValues: ArrayLike<number>, p: Penalty): Float64Array {
  const cols = wValues.length;
  if (cols === 0 || values.length % cols !== 0)
    fail(`addPenalty: ${values.length} values do not fill rows of ${cols} columns`);
  const r = Float64Array.from(wValues, (w) => penaltyValue(p, w));
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] + r[i % cols];
  return out;
}
