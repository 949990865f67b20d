import { strict as assert } from 'node:assert';
import type { NestedNumberArray, Tensor } from '../../src/engine';
import { toNested } from '../../src/engine';

export function flat(x: NestedNumberArray): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

export function nested(x: number | Tensor): NestedNumberArray {
  return typeof x === 'number' ? x : toNested(x);
}

/** |a − e| ≤ atol + rtol·|e| elementwise, with a message that names the element. */
export function assertClose(
  actual: NestedNumberArray,
  expected: NestedNumberArray,
  what: string,
  rtol = 1e-9,
  atol = 1e-12,
): void {
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} elements, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const ok = Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
    assert.ok(ok, `${what}[${i}]: got ${a[i]}, expected ${e[i]}`);
  }
}
