import { fail } from './tensor';

/**
 * A seeded pseudo-random generator, so that every dataset and every test is reproducible from
 * one number. (The grad-check draws from ./mulberry32.ts instead, a stream Python reproduces.)
 *
 * The generator is xoshiro128** 1.1 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47(4), 2021; reference code https://prng.di.unimi.it/xoshiro128starstar.c):
 * 128 bits of state, period 2^128 − 1, passes BigCrush, and needs only 32-bit integer operations,
 * which JavaScript does exactly (Math.imul, >>>). The state is seeded from SplitMix64, as Vigna
 * recommends, so that nearby seeds (0, 1, 2, …) give unrelated streams.
 *
 * Determinism: `uint32`, `uniform`, `int` and `shuffle` are bit-identical on every JavaScript
 * engine. `normal` goes through Math.log, Math.sqrt and Math.cos, which ECMAScript leaves
 * implementation-approximated: identical wherever V8 runs (Node, VS Code, Chromium), possibly a
 * last-bit different elsewhere.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Box–Muller makes normals in pairs; the second waits here. */
  private spare: number | null = null;

  /** `seed`: an integer in [0, 2^53), e.g. a user-visible "seed" field. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) fail(`Random: seed must be an integer in [0, 2^53), got ${seed}`);
    // SplitMix64 (Vigna, https://prng.di.unimi.it/splitmix64.c) with BigInt: it runs twice per
    // generator, so exactness matters more than speed here.
    let x = BigInt(seed);
    const M = (1n << 64n) - 1n;
    const next64 = (): bigint => {
      x = (x + 0x9e3779b97f4a7c15n) & M;
      let z = x;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
      return z ^ (z >> 31n);
    };
    const a = next64();
    const b = next64();
    // Low word first, as a C `uint32_t s[4]` filled from two `uint64_t` on a little-endian machine.
    this.s0 = Number(a & 0xffffffffn);
    this.s1 = Number(a >> 32n);
    this.s2 = Number(b & 0xffffffffn);
    this.s3 = Number(b >> 32n);
    // An all-zero state is the one fixed point; SplitMix64 never yields two zero words in a row,
    // but a guard costs nothing.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * A generator with the given raw 128-bit state (four 32-bit words, not all zero), for
   * reproducing a stream exactly or comparing with the reference C code.
   */
  static fromState(state: readonly [number, number, number, number]): Random {
    if (!state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) || state.every((w) => w === 0)) {
      fail('Random.fromState: the state must be four 32-bit unsigned integers, not all zero');
    }
    const r = new Random(0);
    [r.s0, r.s1, r.s2, r.s3] = state.map((w) => w | 0);
    r.spare = null;
    return r;
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32): xoshiro128** itself. */
  uint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * Uniform in [lo, hi) (default [0, 1)). The unit draw has all 53 bits random: two 32-bit
   * outputs as (a·2^26 + b)/2^53, the construction of MT19937's genrand_res53.
   */
  uniform(lo = 0, hi = 1): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    const u = (a * 67108864 + b) / 9007199254740992;
    return lo === 0 && hi === 1 ? u : lo + (hi - lo) * u;
  }

  /** Uniform in the open interval (0, 1): safe to take the log of, or to use as a probability. */
  uniformOpen(): number {
    // (k + 0.5)/2^53 for k uniform in [0, 2^53): never 0, never 1.
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b + 0.5) / 9007199254740992;
  }

  /** Normal with the given mean and standard deviation, by the Box–Muller transform. */
  normal(mean = 0, std = 1): number {
    let z: number;
    if (this.spare !== null) {
      z = this.spare;
      this.spare = null;
    } else {
      // u1 ∈ (0, 1) keeps log(u1) finite.
      const r = Math.sqrt(-2 * Math.log(this.uniformOpen()));
      const theta = 2 * Math.PI * this.uniform();
      z = r * Math.cos(theta);
      this.spare = r * Math.sin(theta);
    }
    return mean + std * z;
  }

  /**
   * A uniform integer in [lo, hi), hi − lo ≤ 2^32. Rejection instead of `x % n`, which would
   * favour small values whenever n does not divide 2^32.
   */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi <= lo || hi - lo > 4294967296) {
      fail(`Random.int: need integers lo < hi with hi − lo ≤ 2^32, got [${lo}, ${hi})`);
    }
    const n = hi - lo;
    const limit = 4294967296 - (4294967296 % n); // the largest multiple of n ≤ 2^32
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return lo + (x % n);
  }

  /** Fills `out` with normal draws and returns it. */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Shuffles in place (Fisher–Yates, every permutation equally likely) and returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator from a seed; the engine's functions that take `seed` use this. */
export function createRandom(seed: number): Random {
  return new Random(seed);
}
