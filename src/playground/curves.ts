/** Helpers the curve scenes share (regression, margin, probability, softmax, ...): sampling and the engine's per-element curves. Pure. */
import { evaluate, softmax, type Tensor } from '../engine';
import type { Curve } from '../protocol';

export const vec = (data: ArrayLike<number>): Tensor => ({ shape: [data.length], data: Float64Array.from(data) });

/** n evenly spaced points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Per-element loss and derivative of one catalog loss at each input, target fixed. */
export function curve(id: string, input: number[], target: number[], params?: Record<string, number>): Curve {
  const r = evaluate({ loss: id, input: vec(input), target: vec(target), params, reduction: 'none' });
  const loss = r.loss as Tensor;
  return { id, loss: Array.from(loss.data), grad: Array.from(r.grad.data) };
}

/** 301 points: a step of range/150, so the default range of 3 has 0.02 steps; smooth, and cheap to redraw. */
export const CURVE_POINTS = 301;

/** The engine's (max-shifted) softmax of one row, as a plain array for the wire. */
export const softmaxOf = (z: readonly number[]): number[] => Array.from(softmax(Float64Array.from(z)));
