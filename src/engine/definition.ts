import type { Localized, ParamSpec, ResolvedParams } from './params';
import { fail, sameShape, shapeText, type Tensor } from './tensor';

export type Reduction = 'none' | 'mean' | 'sum' | 'batchmean';
export const REDUCTIONS: readonly Reduction[] = ['none', 'mean', 'sum', 'batchmean'];

export type Family = 'regression' | 'margin' | 'probability' | 'multiclass' | 'distribution';

/** `grad` is the gradient of the reduced loss with respect to the input (of the sum for 'none'). */
export type LossResult = { loss: number | Tensor; grad: Tensor };

/**
 * One loss, one small definition: forward and gradient, parameters, formulas and notes together.
 * Which framework functions compute it is not here but in the hovers' table
 * (src/hover/frameworkLosses.ts, each entry's catalogId), the one place that fact is written.
 */
export interface LossDefinition {
  id: string;
  title: Localized;
  family: Family;
  /** What the input and target are, for people: "logits (N, C)", "class indices (N,)". */
  input: Localized;
  target: Localized;
  params: readonly ParamSpec[];
  /** The first is the default. */
  reductions: readonly Reduction[];
  tex: { loss: string; grad: string };
  notes: Localized;
  compute: (input: Tensor, target: Tensor, params: ResolvedParams, reduction: Reduction) => LossResult;
  /**
   * The per-element losses alone (reduction 'none' without the gradient), for a definition whose
   * gradient costs as much again as its values: a learner's formula. A surface's grid uses it.
   */
  values?: (input: Tensor, target: Tensor, params: ResolvedParams) => Float64Array;
}

export function requireSameShape(lossId: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    fail(`${lossId}: shape mismatch: input is ${shapeText(input.shape)} but target is ${shapeText(target.shape)}`);
  }
}

/**
 * A fused loop over elements: writes ∂ℓᵢ/∂aᵢ · scale into grad (and ℓᵢ into out when given) and
 * returns Σℓᵢ. One pass, no allocation, so the engine stays within reach of a hand-written loop.
 */
export type ElementKernel = (
  a: Float64Array,
  y: Float64Array,
  grad: Float64Array,
  scale: number,
  out: Float64Array | null,
  p: ResolvedParams,
) => number;

export function elementwise(
  lossId: string,
  input: Tensor,
  target: Tensor,
  params: ResolvedParams,
  reduction: Reduction,
  kernel: ElementKernel,
): LossResult {
  requireSameShape(lossId, input, target);
  const n = input.data.length;
  const grad = new Float64Array(n);
  const out = reduction === 'none' ? new Float64Array(n) : null;
  // batchmean divides by the size of the first axis, as torch.nn.functional.kl_div does.
  const divisor = reduction === 'mean' ? n : reduction === 'batchmean' ? (input.shape[0] ?? 1) : 1;
  const scale = 1 / divisor;
  const sum = kernel(input.data, target.data, grad, scale, out, params);
  return {
    loss: out ? { shape: [...input.shape], data: out } : sum * scale,
    grad: { shape: [...input.shape], data: grad },
  };
}

/** Rows of a (N, C) input, or a (C,) input read as one sample. */
export type Rows = { n: number; c: number; batched: boolean };

export function rowsOf(lossId: string, input: Tensor, what = 'input'): Rows {
  if (input.shape.length === 2) return { n: input.shape[0], c: input.shape[1], batched: true };
  if (input.shape.length === 1) return { n: 1, c: input.shape[0], batched: false };
  return fail(`${lossId}: ${what} must be (N, C) or (C,), got ${shapeText(input.shape)}`);
}

/**
 * Reduces per-sample losses. `divisor` is what 'mean' divides by (N, or a weight sum); the
 * unscaled per-sample gradients in grad are scaled in place to match.
 */
export function reduceSamples(
  lossId: string,
  perSample: Float64Array,
  sampleShape: number[],
  grad: Tensor,
  reduction: Reduction,
  divisor: number = perSample.length,
): LossResult {
  const loss = reduceSampleLosses(lossId, perSample, sampleShape, reduction, divisor);
  const s = sampleGradScale(reduction, divisor);
  if (s !== 1) {
    const g = grad.data;
    for (let i = 0; i < g.length; i++) g[i] *= s;
  }
  return { loss, grad };
}

/** The reduced loss alone, for kernels that scaled their gradient as they went. */
export function reduceSampleLosses(
  lossId: string,
  perSample: Float64Array,
  sampleShape: number[],
  reduction: Reduction,
  divisor: number,
): number | Tensor {
  if (reduction === 'none') return { shape: sampleShape, data: perSample };
  if (reduction === 'batchmean') fail(`${lossId}: reduction 'batchmean' is only for kl_div`);
  if (reduction === 'mean' && divisor === 0)
    fail(`${lossId}: the 'mean' reduction divides by zero: no target counts (PyTorch returns NaN here)`);
  let sum = 0;
  for (let i = 0; i < perSample.length; i++) sum += perSample[i];
  return sum * sampleGradScale(reduction, divisor);
}

/** What each per-sample gradient is multiplied by under a reduction: 1/divisor for 'mean'. */
export function sampleGradScale(reduction: Reduction, divisor: number): number {
  return reduction === 'mean' ? 1 / divisor : 1;
}
