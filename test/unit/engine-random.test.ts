/**
 * The seeded generator. Reference outputs come from Vigna's own C code, xoshiro128starstar.c and
 * splitmix64.c (https://prng.di.unimi.it/), compiled with gcc: the state {1, 2, 3, 4}, and the
 * state seeded from SplitMix64(seed) as s[0], s[1] = low, high word of the first output and
 * s[2], s[3] of the second.
 */
import { strict as assert } from 'node:assert';
import { LossError, Random } from '../../src/engine';

describe('engine: Random (xoshiro128**)', () => {
  it('matches the reference C implementation from the state {1, 2, 3, 4}', () => {
    const r = Random.fromState([1, 2, 3, 4]);
    assert.deepEqual(
      Array.from({ length: 6 }, () => r.uint32()),
      [11520, 0, 5927040, 70819200, 2031721883, 1637235492],
    );
  });

  it('matches the reference C implementation seeded through SplitMix64', () => {
    const expected: Record<number, number[]> = {
      0: [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774],
      42: [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222],
      12345: [2314518269, 2498321016, 2055377852, 4042509560, 1267802836, 503974162],
    };
    for (const [seed, outputs] of Object.entries(expected)) {
      const r = new Random(Number(seed));
      assert.deepEqual(
        Array.from({ length: 6 }, () => r.uint32()),
        outputs,
        `seed ${seed}`,
      );
    }
  });

  it('the same seed gives the same stream; nearby seeds give different ones', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const xs = Array.from({ length: 20 }, () => a.uniform());
    assert.deepEqual(
      Array.from({ length: 20 }, () => b.uniform()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 20 }, () => c.uniform()),
      xs,
    );
  });

  it('uniform: in [0, 1) with 53 random bits, mean ½ and variance 1/12', () => {
    const r = new Random(1);
    const n = 200000;
    let s = 0;
    let s2 = 0;
    let fractional = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      assert.ok(u >= 0 && u < 1);
      s += u;
      s2 += u * u;
      if (!Number.isInteger(u * 2 ** 32)) fractional++; // more than 32 bits in play
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    // standard error of the mean is √(1/12/n) ≈ 6.5e-4: allow 5 of them
    assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
    assert.ok(Math.abs(variance - 1 / 12) < 0.002, `variance ${variance}`);
    assert.ok(fractional > n * 0.99);
    const lo = r.uniform(-3, 5);
    assert.ok(lo >= -3 && lo < 5);
  });

  it('uniformOpen never returns 0 or 1', () => {
    const r = Random.fromState([1, 2, 3, 4]); // its first outputs are small: the edge case
    for (let i = 0; i < 1000; i++) {
      const u = r.uniformOpen();
      assert.ok(u > 0 && u < 1);
    }
  });

  it('normal: mean 0, variance 1, and the 68–95 rule (Box–Muller)', () => {
    const r = new Random(2);
    const n = 200000;
    let s = 0;
    let s2 = 0;
    let within1 = 0;
    let within2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      if (Math.abs(z) < 1) within1++;
      if (Math.abs(z) < 2) within2++;
    }
    assert.ok(Math.abs(s / n) < 5 / Math.sqrt(n), `mean ${s / n}`);
    assert.ok(Math.abs(s2 / n - 1) < 0.02, `variance ${s2 / n}`);
    assert.ok(Math.abs(within1 / n - 0.6827) < 0.005);
    assert.ok(Math.abs(within2 / n - 0.9545) < 0.003);
    const scaled = new Random(3).fillNormal(new Float64Array(50000), 10, 0.5);
    const m = scaled.reduce((a, b) => a + b, 0) / scaled.length;
    assert.ok(Math.abs(m - 10) < 0.02);
  });

  it('int: every value in [lo, hi), none more often than chance allows', () => {
    const r = new Random(4);
    const counts = new Array<number>(7).fill(0);
    const n = 70000;
    for (let i = 0; i < n; i++) {
      const k = r.int(-3, 4);
      assert.ok(Number.isInteger(k) && k >= -3 && k < 4);
      counts[k + 3]++;
    }
    // χ² with 6 degrees of freedom: 22.5 is the 0.1 % quantile
    const chi2 = counts.reduce((a, c) => a + (c - n / 7) ** 2 / (n / 7), 0);
    assert.ok(chi2 < 22.5, `χ² = ${chi2}, counts ${counts.join(', ')}`);
    assert.equal(r.int(5, 6), 5);
    const wide = r.int(0, 2 ** 32);
    assert.ok(wide >= 0 && wide < 2 ** 32);
  });

  it('shuffle is a permutation', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const ys = new Random(5).shuffle([...xs]);
    assert.notDeepEqual(ys, xs);
    assert.deepEqual(
      [...ys].sort((a, b) => a - b),
      xs,
    );
  });

  it('bad seeds and ranges throw', () => {
    assert.throws(
      () => new Random(-1),
      (e: Error) => e instanceof LossError && /seed must be an integer/.test(e.message),
    );
    assert.throws(() => new Random(1.5), /seed must be an integer/);
    assert.throws(() => new Random(2 ** 53), /seed must be an integer/);
    assert.throws(() => new Random(1).int(3, 3), /lo < hi/);
    assert.throws(() => new Random(1).int(0, 2 ** 32 + 1), /hi − lo ≤ 2\^32/);
    assert.throws(() => Random.fromState([0, 0, 0, 0]), /not all zero/);
  });
});
