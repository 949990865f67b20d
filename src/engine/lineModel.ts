import { findLoss } from './catalog';
import type { LossDefinition } from './definition';
import { sigmoid } from './numerics';
import { resolveParams, type RawParams, type ResolvedParams } from './params';
import { fail, type Tensor } from './tensor';

/**
 * The one-feature model the playground's surface and descent scenes share: two parameters
 * (w, b), a dataset (xs, ys), and a catalog loss applied to w·x + b. Keeping the checks and the
 * label handling here means a surface and a descent path over the same spec always describe the
 * same function of (w, b).
 *
 * - `linear`: linear regression, the prediction ŷ = w·x + b goes into a regression loss.
 * - `logistic`: a linear classifier, the score (logit) z = w·x + b goes into a classification loss
 *   on scores; labels are binary, written 0/1 or ±1.
 * - `sigmoid`: the same classifier, but its probability a = σ(w·x + b) goes into a regression loss
 *   (mse): logistic regression under the squared error, whose surface is not convex, for the
 *   playground to set beside cross-entropy on the same data. Labels as for `logistic`, read as 0/1.
 */
export type LineModelKind = 'linear' | 'logistic' | 'sigmoid';

export const LINEAR_LOSSES = ['mse', 'l1', 'huber', 'smooth_l1', 'log_cosh', 'quantile'] as const;
export const LOGISTIC_LOSSES = [
  'bce_with_logits',
  'logistic',
  'hinge',
  'squared_hinge',
  'exponential',
  'zero_one',
  'focal',
] as const;
export const SIGMOID_LOSSES = ['mse'] as const;

const MODEL_LOSSES: Record<LineModelKind, readonly string[]> = {
  linear: LINEAR_LOSSES,
  logistic: LOGISTIC_LOSSES,
  sigmoid: SIGMOID_LOSSES,
};

export type LineProblemSpec = {
  model: LineModelKind;
  /**
   * A catalog id that fits the model: LINEAR_LOSSES, LOGISTIC_LOSSES or SIGMOID_LOSSES. Or, for
   * the linear model, a definition of its own (a learner's formula), taken as it is.
   */
  loss: string | LossDefinition;
  params?: RawParams;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** How the per-sample losses are combined; default 'mean', as the catalog's default. */
  reduction?: 'mean' | 'sum';
};

/** A checked spec: float64 data, resolved parameters, labels in the form the loss takes. */
export type LineProblem = {
  model: LineModelKind;
  def: LossDefinition;
  params: ResolvedParams;
  xs: Float64Array;
  /** Regression targets; for `logistic`, labels as 0/1 (probability losses) or ±1 (margin losses); for `sigmoid`, 0/1. */
  ys: Float64Array;
  n: number;
  reduction: 'mean' | 'sum';
  /** 1/n for 'mean', 1 for 'sum': what the summed per-sample losses are multiplied by. */
  scale: number;
};

/** Validates a spec; errors start with `who` ("surface: …") and name the field. */
export function lineProblem(spec: LineProblemSpec, who: string): LineProblem {
  if (typeof spec !== 'object' || spec === null) fail(`${who}: the spec must be an object`);
  const model = spec.model;
  if (model !== 'linear' && model !== 'logistic' && model !== 'sigmoid')
    fail(`${who}: model must be 'linear', 'logistic' or 'sigmoid', got ${JSON.stringify(model)}`);
  const allowed = MODEL_LOSSES[model];
  const own = typeof spec.loss === 'object' && spec.loss !== null ? spec.loss : undefined;
  if (own && model !== 'linear') fail(`${who}: a loss of its own (${own.id}) takes the linear model, not ${model}`);
  if (!own && (typeof spec.loss !== 'string' || !allowed.includes(spec.loss))) {
    fail(`${who}: loss ${JSON.stringify(spec.loss)} does not fit the ${model} model (use ${allowed.join(', ')})`);
  }
  const def = own ?? findLoss(spec.loss as string);
  if (!def) fail(`${who}: unknown loss ${JSON.stringify(spec.loss)}`);
  const params = resolveParams(def.id, def.params, spec.params);
  const reduction = spec.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum')
    fail(`${who}: reduction must be 'mean' or 'sum', got ${JSON.stringify(reduction)}`);

  const xs = numbers(spec.xs, 'xs', who);
  const ys = numbers(spec.ys, 'ys', who);
  if (xs.length !== ys.length) fail(`${who}: xs has ${xs.length} values but ys has ${ys.length}`);
  if (model !== 'linear') normaliseLabels(ys, def.family === 'margin', who);
  const n = xs.length;
  return { model, def, params, xs, ys, n, reduction, scale: reduction === 'mean' ? 1 / n : 1 };
}

function numbers(v: ArrayLike<number>, name: string, who: string): Float64Array {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number')
    fail(`${who}: ${name} must be an array of numbers`);
  if (v.length === 0) fail(`${who}: ${name} is empty`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x))
      fail(`${who}: ${name}[${i}] is ${String(x)}, not a finite number`);
    out[i] = x;
  }
  return out;
}

/** Binary labels, all 0/1 or all ±1, rewritten in place as ±1 (margin losses) or 0/1 (the others). */
function normaliseLabels(ys: Float64Array, toSigns: boolean, who: string): void {
  let sawMinus = false;
  let sawZero = false;
  for (let i = 0; i < ys.length; i++) {
    const v = ys[i];
    if (v !== 0 && v !== 1 && v !== -1)
      fail(`${who}: ys[${i}] is ${v}, but labels for a classifier (the logistic or sigmoid model) must be 0/1 or ±1`);
    if (v === -1) sawMinus = true;
    if (v === 0) sawZero = true;
  }
  if (sawMinus && sawZero) fail(`${who}: ys mixes 0 and −1 labels; use 0/1 or ±1 throughout`);
  for (let i = 0; i < ys.length; i++) {
    const positive = ys[i] === 1;
    ys[i] = toSigns ? (positive ? 1 : -1) : positive ? 1 : 0;
  }
}

/**
 * The model's predictions at (w, b): w·xᵢ + b, or σ(w·xᵢ + b) for `sigmoid`, into `out` (length n
 * per column). What a surface kernel and the gradient below feed the catalog loss.
 */
export function predict(p: LineProblem, w: number, b: number, out: Float64Array, offset = 0): void {
  const { xs, n } = p;
  if (p.model === 'sigmoid') for (let i = 0; i < n; i++) out[offset + i] = sigmoid(w * xs[i] + b);
  else for (let i = 0; i < n; i++) out[offset + i] = w * xs[i] + b;
}

/**
 * The loss at (w, b) and its gradient in (w, b), through the catalog definition's own kernel:
 * the kernel gives gᵢ = ∂L/∂ŷᵢ of the reduced loss, and the chain rule through ŷᵢ = w·xᵢ + b gives
 * ∂L/∂w = Σ gᵢ·xᵢ and ∂L/∂b = Σ gᵢ. Through the sigmoid, ŷᵢ = σ(zᵢ) adds the factor
 * σ′(zᵢ) = ŷᵢ(1 − ŷᵢ): the factor that vanishes on the plateaus of sigmoid + MSE.
 */
export function lineLossAndGradient(p: LineProblem, w: number, b: number): { loss: number; dw: number; db: number } {
  const input: Tensor = { shape: [p.n], data: new Float64Array(p.n) };
  const a = input.data;
  predict(p, w, b, a);
  const r = p.def.compute(input, { shape: [p.n], data: p.ys }, p.params, p.reduction);
  const g = r.grad.data;
  const sigmoid = p.model === 'sigmoid';
  let dw = 0;
  let db = 0;
  for (let i = 0; i < p.n; i++) {
    const gz = sigmoid ? g[i] * a[i] * (1 - a[i]) : g[i];
    dw += gz * p.xs[i];
    db += gz;
  }
  return { loss: r.loss as number, dw, db };
}
