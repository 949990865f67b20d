/**
 * Central differences of a scalar function of one flat input, as a runner computes them. Mirrored
 * line for line by `numeric_trial` in python/driver.py: same steps, same directions, same outputs.
 */
import { signDirection } from '../rng';
import type { TrialNumbers } from './protocol';

export type DiffOptions = { step: number; projectionAbove: number; projectionDirections: number; projectionSeed: number };

/**
 * `f` evaluates the loss at a flat wrt value; `analytic` is the flat analytic gradient (or null).
 * Elementwise: h_i = step·max(1, |x_i|). Projection (more than projectionAbove elements): the
 * directional derivative along random ±1 directions v_k, h = step·max(1, max|x|), against g·v_k.
 */
export function differences(f: (x: Float64Array) => number, x0: Float64Array, shape: number[], analytic: Float64Array | null, o: DiffOptions): TrialNumbers {
  const f0 = f(x0);
  const n = x0.length;
  const x = Float64Array.from(x0);
  const numeric: number[] = [];
  const forward: number[] = [];
  const backward: number[] = [];
  if (n <= o.projectionAbove) {
    for (let i = 0; i < n; i++) {
      const h = o.step * Math.max(1, Math.abs(x0[i]));
      x[i] = x0[i] + h;
      const fp = f(x);
      x[i] = x0[i] - h;
      const fm = f(x);
      x[i] = x0[i];
      forward.push((fp - f0) / h);
      backward.push((f0 - fm) / h);
      numeric.push((fp - fm) / (2 * h));
    }
    return { f0, mode: 'elementwise', shape, analytic: analytic ? Array.from(analytic) : null, numeric, forward, backward };
  }
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(x0[i]));
  const h = o.step * Math.max(1, maxAbs);
  const projected: number[] = [];
  for (let k = 0; k < o.projectionDirections; k++) {
    const v = signDirection(o.projectionSeed + k, n);
    for (let i = 0; i < n; i++) x[i] = x0[i] + h * v[i];
    const fp = f(x);
    for (let i = 0; i < n; i++) x[i] = x0[i] - h * v[i];
    const fm = f(x);
    forward.push((fp - f0) / h);
    backward.push((f0 - fm) / h);
    numeric.push((fp - fm) / (2 * h));
    if (analytic) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += analytic[i] * v[i];
      projected.push(dot);
    }
  }
  return { f0, mode: 'projection', shape: [o.projectionDirections], analytic: analytic ? projected : null, numeric, forward, backward };
}
