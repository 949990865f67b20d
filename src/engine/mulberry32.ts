/**
 * mulberry32 (Tommy Ettinger, 2017): the grad-check's seeded generator, for the inputs the checker
 * draws (src/gradcheck/inputs.ts) and the random directions of projection mode (./differences.ts).
 * It exists beside ./random.ts's xoshiro128** because Python must reproduce its stream exactly:
 * src/gradcheck/python/driver.py's mulberry_stream draws the same projection directions with
 * NumPy, and the generator's 32-bit integer steps are exact in both languages (its state is a
 * counter, so NumPy computes a whole stream at once). Everything else, the playground's datasets
 * among them, uses ./random.ts, the better generator (period 2^128 against 2^32, BigCrush).
 */
export class Mulberry32 {
  private state: number;
  /** Box–Muller makes normals in pairs; the second waits here. */
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1): the next output. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal, Box–Muller. */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.next(); // (0, 1]: log stays finite
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** The first `size` outputs for `seed`, as driver.py's mulberry_stream computes them. */
export function mulberry32Stream(seed: number, size: number): Float64Array {
  const g = new Mulberry32(seed);
  const r = new Float64Array(size);
  for (let i = 0; i < size; i++) r[i] = g.next();
  return r;
}
