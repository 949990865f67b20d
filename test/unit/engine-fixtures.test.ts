/**
 * Every catalog loss against values computed independently with PyTorch in float64
 * (test/fixtures/make_fixtures.py wrote test/fixtures/torch-float64.json; see its README).
 * The gradients there come from torch.autograd, not from our formulas.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evaluate,
  listLosses,
  LossError,
  toTensor,
  type NestedNumberArray,
  type RawParams,
  type Reduction,
} from '../../src/engine';
import { shapeText } from '../../src/engine/tensor';
import { assertClose, nested } from './helpers';

type Case = {
  name: string;
  loss: string;
  input: NestedNumberArray;
  target: NestedNumberArray;
  params?: RawParams;
  reduction?: Reduction;
  source: string;
  expected: { loss: NestedNumberArray; grad: NestedNumberArray };
};

/** A request PyTorch rejected (a weight that does not broadcast to the input); `torch_error` is its message. */
type ErrorCase = {
  name: string;
  loss: string;
  input: NestedNumberArray;
  target: NestedNumberArray;
  params: Record<string, NestedNumberArray>;
  torch_error: string;
};

const fixtures = JSON.parse(readFileSync(join(__dirname, '../fixtures/torch-float64.json'), 'utf8')) as {
  torch: string;
  cases: Case[];
  errors: ErrorCase[];
};

describe(`engine vs PyTorch ${fixtures.torch} float64 fixtures`, () => {
  it('cover every catalog id', () => {
    const covered = new Set(fixtures.cases.map((c) => c.loss));
    for (const info of listLosses()) assert.ok(covered.has(info.id), `no fixture for ${info.id}`);
  });

  for (const c of fixtures.cases) {
    it(`${c.name} (${c.source})`, () => {
      const { loss, grad } = evaluate({
        loss: c.loss,
        input: c.input,
        target: c.target,
        params: c.params,
        reduction: c.reduction,
      });
      assertClose(nested(loss), c.expected.loss, 'loss', 1e-9, 1e-12);
      assertClose(nested(grad), c.expected.grad, 'grad', 1e-9, 1e-12);
    });
  }
});

describe(`engine rejects the weight shapes PyTorch ${fixtures.torch} rejects`, () => {
  it('has such cases for bce and bce_with_logits, weight and pos_weight', () => {
    const kinds = new Set(fixtures.errors.map((e) => `${e.loss} ${Object.keys(e.params).join()}`));
    assert.deepEqual([...kinds].sort(), ['bce weight', 'bce_with_logits pos_weight', 'bce_with_logits weight']);
  });

  for (const e of fixtures.errors) {
    it(`${e.name} (torch: ${e.torch_error})`, () => {
      const [name, value] = Object.entries(e.params)[0];
      const wShape = shapeText(toTensor(value, name).shape).replace(/[()]/g, '\\$&');
      const inShape = shapeText(toTensor(e.input, 'input').shape).replace(/[()]/g, '\\$&');
      assert.throws(
        () => evaluate({ loss: e.loss, input: e.input, target: e.target, params: e.params }),
        (err: unknown) => {
          assert.ok(err instanceof LossError, `expected a LossError, got ${String(err)}`);
          assert.match(
            err.message,
            new RegExp(`^${e.loss}: ${name} of shape ${wShape} does not broadcast to the input's shape ${inShape}: `),
          );
          return true;
        },
      );
    });
  }
});
