/**
 * Properties every catalog loss must have, over random requests (fast-check, seeded):
 * finite loss and gradient on finite input, extreme input included; 'mean' is 'sum' divided by
 * the count it names; malformed requests throw a LossError instead of answering.
 * The expectations are the definitions of the reductions and of a well-formed request, not values
 * the engine computed.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  evaluate,
  listLosses,
  LossError,
  toNested,
  type EvaluateRequest,
  type NestedNumberArray,
  type Tensor,
} from '../../src/engine';
import { Random } from '../../src/engine/random';
import { SETTINGS, type Case } from './lossCases';

const RUNS = { numRuns: 40, seed: 20261123 };

/** Inputs that may be any real number: scaled up to 1e4 they must still give finite results. */
const UNBOUNDED = new Set([
  'mse',
  'l1',
  'smooth_l1',
  'huber',
  'log_cosh',
  'quantile',
  'bce_with_logits',
  'focal',
  'hinge',
  'squared_hinge',
  'logistic',
  'zero_one',
  'cross_entropy',
  'nll',
  'multi_margin',
  'kl_div',
]);
/** Inputs in [0, 1]: pushed onto the ends, where log(0) waits. */
const PROBABILITIES = new Set(['bce', 'categorical_crossentropy', 'dice']);
/** Row-wise losses: 'mean' divides by the number of samples, not of elements. */
const PER_SAMPLE = new Set(['cross_entropy', 'nll', 'categorical_crossentropy', 'multi_margin', 'dice']);

const cases = (id: string) => fc.tuple(fc.constantFrom(...SETTINGS[id]), fc.integer({ min: 0, max: 2 ** 31 }));
const make = (setting: (typeof SETTINGS)[string][number], seed: number): Case => {
  const c = setting.make(new Random(seed));
  return { ...c, params: { ...setting.params, ...c.params } };
};
const mapInput = (c: Case, f: (v: number, i: number) => number): Case => ({
  ...c,
  input: { shape: c.input.shape, data: c.input.data.map(f) },
});
const allFinite = (t: number | Tensor): boolean =>
  typeof t === 'number' ? Number.isFinite(t) : t.data.every(Number.isFinite);

describe('engine properties (fast-check)', () => {
  const ids = listLosses().map((i) => i.id);

  describe('finite loss and gradient on finite input', () => {
    for (const id of ids) {
      it(id, () => {
        fc.assert(
          fc.property(cases(id), fc.constantFrom(1, 1e2, 1e4), ([setting, seed], scale) => {
            let c = make(setting, seed);
            if (UNBOUNDED.has(id)) c = mapInput(c, (v) => v * scale);
            // Every other probability on 0 or 1, where an unclamped log would be −∞.
            if (PROBABILITIES.has(id) && scale !== 1) c = mapInput(c, (v, i) => (i % 2 ? v : v < 0.5 ? 0 : 1));
            for (const reduction of ['mean', 'sum', 'none'] as const) {
              const r = evaluate({ loss: id, input: c.input, target: c.target, params: c.params, reduction });
              assert.ok(
                allFinite(r.loss) && allFinite(r.grad),
                `${id} ${reduction} at scale ${scale}: ${JSON.stringify(toNested(c.input))}`,
              );
            }
          }),
          RUNS,
        );
      });
    }
  });

  describe("'mean' is 'sum' divided by its count, and so is its gradient", () => {
    for (const id of ids) {
      it(id, () => {
        fc.assert(
          fc.property(cases(id), ([setting, seed]) => {
            const c = make(setting, seed);
            // Class weights and ignored targets make PyTorch's mean divide by a weight sum instead.
            fc.pre(!(PER_SAMPLE.has(id) && c.params && ('weight' in c.params || 'ignore_index' in c.params)));
            const req = { loss: id, input: c.input, target: c.target, params: c.params };
            const mean = evaluate({ ...req, reduction: 'mean' });
            const sum = evaluate({ ...req, reduction: 'sum' });
            const count = PER_SAMPLE.has(id) ? (c.input.shape.length > 1 ? c.input.shape[0] : 1) : c.input.data.length;
            const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
            const [m, s] = [mean.loss as number, sum.loss as number];
            assert.ok(close(m * count, s), `${id}: mean ${m} × ${count} ≠ sum ${s}`);
            mean.grad.data.forEach((g, i) => assert.ok(close(g * count, sum.grad.data[i]), `${id}: grad[${i}]`));
          }),
          RUNS,
        );
      });
    }
  });

  describe('a malformed request throws a LossError', () => {
    /** Ways to spoil a well-formed nested input, each a thing a user could send. */
    const spoil: Record<string, (x: NestedNumberArray[]) => unknown> = {
      'a string element': (x) => replaceFirstLeaf(x, '0.5'),
      'a null element': (x) => replaceFirstLeaf(x, null),
      'a NaN element': (x) => replaceFirstLeaf(x, NaN),
      'a ragged row': (x) =>
        Array.isArray(x[0]) && x.length > 1 ? [x[0], [...(x[1] as NestedNumberArray[]), 0]] : [x, 1],
      'an empty array': () => [],
    };
    for (const [how, f] of Object.entries(spoil)) {
      it(`with ${how}, for every id`, () => {
        fc.assert(
          fc.property(
            fc.constantFrom(...ids).chain((id) => fc.tuple(fc.constant(id), cases(id))),
            ([id, [setting, seed]]) => {
              const c = make(setting, seed);
              const input = f(asRows(toNested(c.input)));
              const req = { loss: id, input, target: c.target, params: c.params } as EvaluateRequest;
              assert.throws(
                () => evaluate(req),
                (e: unknown) => e instanceof LossError && /input/.test(e.message),
                `${id} with ${how}`,
              );
            },
          ),
          RUNS,
        );
      });
    }
  });
});

const asRows = (x: NestedNumberArray): NestedNumberArray[] => (Array.isArray(x) ? x : [x]);

function replaceFirstLeaf(x: NestedNumberArray[], value: unknown): unknown[] {
  const [first, ...rest] = x;
  return [Array.isArray(first) ? replaceFirstLeaf(first, value) : value, ...rest];
}
