/**
 * Where a formula's derivative jumps (a kink: hinge at y·a = 1, |e| at 0) or its value does
 * (sign), along a sampled axis. Only abs, sign, relu, max and min make them, so only their
 * switches are watched: where one's argument (or, for max and min, the difference of its two)
 * changes sign between two samples, the crossing is found by bisection, and it is a kink when the
 * derivative (or the value) on its two sides differs. A smooth crossing such as max(0, u)² or
 * |e|^1.5 at 0 is not one. Pure.
 */
import type { Program } from './evaluate';

export type Kink = {
  x: number;
  /** The value at the kink, and the one-sided derivatives just left and right of it. */
  value: number;
  left: number;
  right: number;
};

/** More crossings than this on one axis is no picture anyone can read (max(a, a) crosses everywhere). */
const MAX_CANDIDATES = 64;
const MAX_KINKS = 16;

/**
 * Kinks along `xs` (ascending), with a = aOf(x) and y held. `program` is the formula's; it is run
 * here, so results of an earlier run are gone afterwards.
 */
export function findKinks(program: Program, xs: readonly number[], aOf: (x: number) => number, y: number): Kink[] {
  const n = xs.length;
  const switches = program.switches();
  if (!switches.length || n < 2) return [];
  program.run(Float64Array.from(xs, aOf), new Float64Array(n).fill(y), false);
  const crossings = switches.map((sw) => ({ sw, s: program.switchValues(sw, n) }));
  const at = (x: number): { value: number; deriv: number } => {
    const r = program.run(Float64Array.of(aOf(x)), Float64Array.of(y));
    return { value: r.value[0], deriv: r.deriv[0] };
  };
  const candidates: number[] = [];
  for (const { sw, s } of crossings) {
    const switchAt = (x: number): number => {
      program.run(Float64Array.of(aOf(x)), Float64Array.of(y), false);
      return program.switchValues(sw, 1)[0];
    };
    for (let i = 0; i < n && candidates.length < MAX_CANDIDATES; i++) {
      if (s[i] === 0) candidates.push(xs[i]);
      else if (i + 1 < n && s[i] * s[i + 1] < 0) candidates.push(bisect(switchAt, xs[i], xs[i + 1], s[i] > 0));
    }
  }
  candidates.sort((p, q) => p - q);
  const kinks: Kink[] = [];
  let last = -Infinity;
  for (const x of candidates) {
    if (x - last <= 1e-9 * Math.max(1, Math.abs(x))) continue;
    last = x;
    // Far closer than the samples, and far above rounding: a smooth function's two sides agree here.
    const h = 1e-12 * Math.max(1, Math.abs(x));
    const l = at(x - h);
    const r = at(x + h);
    const slopeJumps = Math.abs(l.deriv - r.deriv) > 1e-4 * (1 + Math.abs(l.deriv) + Math.abs(r.deriv));
    const valueJumps = Math.abs(l.value - r.value) > 1e-6 * (1 + Math.abs(l.value) + Math.abs(r.value));
    if (!(slopeJumps || valueJumps)) continue;
    kinks.push({ x, value: at(x).value, left: l.deriv, right: r.deriv });
    if (kinks.length >= MAX_KINKS) break;
  }
  return kinks;
}

/** Where f crosses 0 between lo and hi (f(lo) positive when `positiveAtLo`), to the last bit. */
function bisect(f: (x: number) => number, lo: number, hi: number, positiveAtLo: boolean): number {
  for (let k = 0; k < 200; k++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    const v = f(mid);
    if (v === 0) return mid;
    if (v > 0 === positiveAtLo) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}
