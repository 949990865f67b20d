import { logSoftmaxRow, sigmoid } from './numerics';
import { fail } from './tensor';

/**
 * The activations the playground draws next to the losses (sigmoid, tanh, ReLU, softmax) and
 * their derivatives, over numbers and over Float64Arrays. They explain why a loss learns fast or
 * slowly: MSE after a sigmoid carries a factor σ′(z) ≤ 1/4 that vanishes when the unit saturates,
 * cross-entropy on logits does not.
 *
 * Every derivative is written so that it does not cancel: σ′(z) = σ(z)·σ(−z) instead of
 * σ(z)·(1 − σ(z)), which is exactly 0 for z > 37 although the true value is e^(−z).
 */

export { sigmoid };

/** σ′(z) = σ(z)·σ(−z): accurate in both tails. */
export function sigmoidDerivative(z: number): number {
  return sigmoid(z) * sigmoid(-z);
}

export function tanh(z: number): number {
  return Math.tanh(z);
}

/**
 * tanh′(z) = 1/cosh²(z). The textbook 1 − tanh² is 0 once tanh rounds to ±1 (|z| > 19); cosh
 * overflows only past |z| ≈ 710, where the true derivative underflows to 0 anyway.
 */
export function tanhDerivative(z: number): number {
  const c = Math.cosh(z);
  return 1 / (c * c);
}

export function relu(z: number): number {
  return z > 0 ? z : 0;
}

/** ReLU′(z) = [z > 0]; at z = 0 it is 0, the subgradient PyTorch and TensorFlow use. */
export function reluDerivative(z: number): number {
  return z > 0 ? 1 : 0;
}

export type ActivationId = 'sigmoid' | 'tanh' | 'relu';

/** An elementwise activation with its derivative: what a chart or a neuron needs. */
export type Activation = { id: ActivationId; value: (z: number) => number; derivative: (z: number) => number };

export const ACTIVATIONS: Readonly<Record<ActivationId, Activation>> = {
  sigmoid: { id: 'sigmoid', value: sigmoid, derivative: sigmoidDerivative },
  tanh: { id: 'tanh', value: tanh, derivative: tanhDerivative },
  relu: { id: 'relu', value: relu, derivative: reluDerivative },
};

function activationOf(id: ActivationId): Activation {
  const a = ACTIVATIONS[id];
  if (!a) fail(`unknown activation '${String(id)}' (activations: ${Object.keys(ACTIVATIONS).join(', ')}, softmax)`);
  return a;
}

function outputFor(x: Float64Array, out: Float64Array | undefined, what: string): Float64Array {
  if (out === undefined) return new Float64Array(x.length);
  if (out.length !== x.length) fail(`${what}: out has ${out.length} elements but the input has ${x.length}`);
  return out;
}

/** Applies an activation to every element; writes into `out` (which may be `x`) when given. */
export function applyActivation(id: ActivationId, x: Float64Array, out?: Float64Array): Float64Array {
  const f = activationOf(id).value;
  const o = outputFor(x, out, id);
  for (let i = 0; i < x.length; i++) o[i] = f(x[i]);
  return o;
}

/** The derivative of an activation at every element, f′(xᵢ). */
export function activationDerivative(id: ActivationId, x: Float64Array, out?: Float64Array): Float64Array {
  const df = activationOf(id).derivative;
  const o = outputFor(x, out, `${id}′`);
  for (let i = 0; i < x.length; i++) o[i] = df(x[i]);
  return o;
}

function rowLength(x: Float64Array, c: number | undefined, what: string): number {
  const n = c ?? x.length;
  if (!Number.isInteger(n) || n < 1 || x.length % n !== 0) {
    fail(`${what}: the row length must be a positive integer that divides ${x.length}, got ${n}`);
  }
  return n;
}

/**
 * Row-wise softmax of rows of length `c` (default: the whole array is one row). Stable: it goes
 * through the catalog's log-softmax, which subtracts the row maximum before exponentiating, so
 * logits of ±1e4 are fine.
 */
export function softmax(x: Float64Array, c?: number, out?: Float64Array): Float64Array {
  const n = rowLength(x, c, 'softmax');
  const o = outputFor(x, out, 'softmax');
  for (let off = 0; off < x.length; off += n) logSoftmaxRow(x, off, n, o);
  for (let i = 0; i < o.length; i++) o[i] = Math.exp(o[i]);
  return o;
}

/**
 * The softmax's backward pass, row by row: given s = softmax(z) and an upstream gradient g = ∂L/∂s,
 * ∂L/∂zⱼ = sⱼ·(gⱼ − Σₖ gₖ sₖ), i.e. Jᵀg with J = diag(s) − s sᵀ, without forming J.
 */
export function softmaxBackward(s: Float64Array, g: Float64Array, c?: number, out?: Float64Array): Float64Array {
  const n = rowLength(s, c, 'softmaxBackward');
  if (g.length !== s.length) fail(`softmaxBackward: the gradient has ${g.length} elements but softmax has ${s.length}`);
  const o = outputFor(s, out, 'softmaxBackward');
  for (let off = 0; off < s.length; off += n) {
    let dot = 0;
    for (let j = off; j < off + n; j++) dot += g[j] * s[j];
    for (let j = off; j < off + n; j++) o[j] = s[j] * (g[j] - dot);
  }
  return o;
}

/** The full Jacobian ∂sᵢ/∂zⱼ = sᵢ([i = j] − sⱼ) of one row, row-major c×c: for drawing it, small c only. */
export function softmaxJacobian(s: Float64Array): Float64Array {
  const c = s.length;
  const J = new Float64Array(c * c);
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) J[i * c + j] = s[i] * ((i === j ? 1 : 0) - s[j]);
  return J;
}
