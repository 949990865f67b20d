import { fail, indexText, type Tensor } from './tensor';

/** σ(x), without overflow: for x < 0 use eˣ/(1+eˣ) so e^(−x) never overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log σ(x) = −softplus(−x), stable for |x| up to the float64 range. */
export function logSigmoid(x: number): number {
  return x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x));
}

/** softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * In-place log-softmax of one row: x − max − log Σ exp(x − max). Subtracting the max keeps every
 * exponent ≤ 0, so logits of ±1e4 give finite results. Returns log Σ exp(x) of the row.
 */
export function logSoftmaxRow(x: Float64Array, offset: number, c: number, out: Float64Array): number {
  let max = -Infinity;
  for (let j = 0; j < c; j++) if (x[offset + j] > max) max = x[offset + j];
  let s = 0;
  for (let j = 0; j < c; j++) s += Math.exp(x[offset + j] - max);
  const lse = max + Math.log(s);
  for (let j = 0; j < c; j++) out[offset + j] = x[offset + j] - lse;
  return lse;
}

/** Throws unless lo ≤ x ≤ hi for every element (NaN fails too). */
export function requireRange(lossId: string, name: string, t: Tensor, lo: number, hi: number, what: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!(v >= lo && v <= hi))
      fail(`${lossId}: ${name}${indexText(t.shape, i)} is ${v}, but ${what} must be in [${lo}, ${hi}]`);
  }
}

/**
 * Margin losses take ±1 targets. If every target is 0 or 1 they are read as {0 → −1, 1 → +1},
 * as Keras's Hinge does; anything else is an error.
 */
export function signTargets(lossId: string, target: Tensor): Float64Array {
  const d = target.data;
  let zeroOne = true;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== 1 && v !== -1 && v !== 0)
      fail(`${lossId}: target${indexText(target.shape, i)} is ${v}, but targets must be ±1 (or all 0/1)`);
    if (v === -1) zeroOne = false;
  }
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v === 0 && !zeroOne)
      fail(
        `${lossId}: target${indexText(target.shape, i)} is 0 among ±1 targets; use ±1 throughout (or 0/1 throughout)`,
      );
    out[i] = zeroOne ? 2 * v - 1 : v;
  }
  return out;
}

/** Class indices: integral, in [0, C), or equal to ignoreIndex when one is given. */
export function classIndices(lossId: string, target: Tensor, c: number, ignoreIndex?: number): Int32Array {
  const d = target.data;
  const out = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    // The message is built only on failure: building it for every element tripled the cost.
    if (!Number.isInteger(v))
      fail(`${lossId}: target${indexText(target.shape, i)} is ${v}, but class indices must be integers`);
    if (v !== ignoreIndex && (v < 0 || v >= c)) {
      fail(
        `${lossId}: target${indexText(target.shape, i)} is ${v}, a class index out of range [0, ${c - 1}]` +
          (ignoreIndex !== undefined ? ` (ignore_index is ${ignoreIndex})` : ''),
      );
    }
    out[i] = v;
  }
  return out;
}

/** A weight broadcast to `n` elements from a scalar, a full array or a vector over the last axis. */
export function broadcastWeight(
  lossId: string,
  name: string,
  w: Float64Array | null,
  shape: readonly number[],
  n: number,
): Float64Array | null {
  if (w === null) return null;
  if (w.length === n) return w;
  const last = shape.length ? shape[shape.length - 1] : 1;
  if (w.length !== 1 && w.length !== last) {
    fail(
      `${lossId}: ${name} has ${w.length} elements; it must have 1, ${last} (the last axis) or ${n} (the whole input)`,
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = w[i % w.length];
  return out;
}
