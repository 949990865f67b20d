/**
 * log1pUnit, the surface's fast log1p on [0, 1]. The reference is Math.log1p (V8's port of
 * fdlibm's log1p, accurate to < 1 ulp).
 */
import { strict as assert } from 'node:assert';
import { log1pUnit } from '../../src/engine/fastLog';
import { Random } from '../../src/engine/random';

describe('engine: log1pUnit', () => {
  it('agrees with Math.log1p within 1 ulp-ish over [0, 1], and keeps small t exactly', () => {
    const rng = new Random(8);
    const points = [0, 1, 1 / 128, 2 / 128, 127 / 128, 0.5, 1 - 2 ** -53, 1e-300, 5e-324, 2 ** -60];
    for (let i = 0; i < 200000; i++) points.push(i % 2 ? rng.uniform() : Math.exp(-rng.uniform(0, 745)));
    for (const t of points) {
      const got = log1pUnit(t);
      const want = Math.log1p(t);
      assert.ok(
        Math.abs(got - want) <= 2.3e-16 && Math.abs(got - want) <= 4e-16 * want + 1e-320,
        `log1p(${t}): ${got} vs ${want}`,
      );
    }
    assert.equal(log1pUnit(0), 0);
    assert.equal(log1pUnit(1e-300), 1e-300, 'no 1 + t rounding: a tiny t survives');
  });
});
