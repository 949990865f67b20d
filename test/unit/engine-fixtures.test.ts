/**
 * Every catalog loss against values computed independently with PyTorch in float64
 * (test/fixtures/make_fixtures.py wrote test/fixtures/torch-float64.json; see its README).
 * The gradients there come from torch.autograd, not from our formulas.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, listLosses, type NestedNumberArray, type RawParams, type Reduction } from '../../src/engine';
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

const fixtures = JSON.parse(readFileSync(join(__dirname, '../fixtures/torch-float64.json'), 'utf8')) as { torch: string; cases: Case[] };

describe(`engine vs PyTorch ${fixtures.torch} float64 fixtures`, () => {
  it('cover every catalog id', () => {
    const covered = new Set(fixtures.cases.map((c) => c.loss));
    for (const info of listLosses()) assert.ok(covered.has(info.id), `no fixture for ${info.id}`);
  });

  for (const c of fixtures.cases) {
    it(`${c.name} (${c.source})`, () => {
      const { loss, grad } = evaluate({ loss: c.loss, input: c.input, target: c.target, params: c.params, reduction: c.reduction });
      assertClose(nested(loss), c.expected.loss, 'loss', 1e-9, 1e-12);
      assertClose(nested(grad), c.expected.grad, 'grad', 1e-9, 1e-12);
    });
  }
});
