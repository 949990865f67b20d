/**
 * Worked examples that a learner meets first, and extreme inputs where naive formulas overflow.
 * Expected values are computed by hand here (−ln p to two decimals, sums of residuals), not by
 * the engine's own formulas.
 */
import { strict as assert } from 'node:assert';
import { evaluate } from '../../src/engine';
import { flat, nested } from './helpers';

const lossOf = (r: ReturnType<typeof evaluate>): number => r.loss as number;

describe('engine: worked examples', () => {
  it('learners A–D: cross-entropy of true-class probabilities 0.6, 0.7, 0.3, 0.6 is 0.51, 0.36, 1.20, 0.51', () => {
    const learners: Array<[string, number[], number]> = [
      ['A', [0.1, 0.6, 0.3], 1],
      ['B', [0.7, 0.2, 0.1], 0],
      ['C', [0.5, 0.2, 0.3], 2],
      ['D', [0.2, 0.2, 0.6], 2],
    ];
    const expected = [0.51, 0.36, 1.2, 0.51];
    learners.forEach(([name, probs, cls], i) => {
      const onehot = probs.map((_, j) => (j === cls ? 1 : 0));
      const l = lossOf(evaluate({ loss: 'categorical_crossentropy', input: [probs], target: [onehot] }));
      assert.equal(l.toFixed(2), expected[i].toFixed(2), `learner ${name}`);
    });
  });

  it('softmax presets: [0.2, 0.5, 0.3] and [0.2, 0.2, 0.6] for true class 3 give 1.20 and 0.51', () => {
    // Logits whose softmax is exactly p are log p; cross_entropy on them must agree with −ln p₃.
    for (const [p, want] of [
      [[0.2, 0.5, 0.3], '1.20'],
      [[0.2, 0.2, 0.6], '0.51'],
    ] as const) {
      const l = lossOf(evaluate({ loss: 'cross_entropy', input: p.map(Math.log), target: 2 }));
      assert.equal(l.toFixed(2), want);
    }
  });

  it('MAE/MSE table: residuals (1, 2) cost 3 and 5, residuals (2, 2) cost 4 and 8 (summed)', () => {
    const sum = (loss: string, residuals: number[]): number =>
      lossOf(evaluate({ loss, input: residuals, target: residuals.map(() => 0), reduction: 'sum' }));
    assert.deepEqual([sum('l1', [1, 2]), sum('mse', [1, 2])], [3, 5]);
    assert.deepEqual([sum('l1', [2, 2]), sum('mse', [2, 2])], [4, 8]);
  });

  it('mean is the sum divided by the element count', () => {
    const r = evaluate({ loss: 'mse', input: [1, 2, 3, 4], target: [0, 0, 0, 0] });
    assert.equal(r.loss, 7.5);
    assert.deepEqual(flat(nested(r.grad)), [0.5, 1, 1.5, 2]);
  });
});

describe('engine: extreme inputs stay finite and right', () => {
  it('log_cosh at residual ±800 is 800 − log 2 with gradient ±1 (cosh would overflow)', () => {
    const r = evaluate({ loss: 'log_cosh', input: [800, -800], target: [0, 0], reduction: 'none' });
    assert.deepEqual(flat(nested(r.loss)), [800 - Math.LN2, 800 - Math.LN2]);
    assert.deepEqual(flat(nested(r.grad)), [1, -1]);
  });

  it('cross_entropy with logits ±1e4: loss 0 or 2e4, gradient softmax − onehot', () => {
    const r = evaluate({
      loss: 'cross_entropy',
      input: [
        [1e4, -1e4],
        [-1e4, 1e4],
      ],
      target: [0, 0],
      reduction: 'none',
    });
    assert.deepEqual(flat(nested(r.loss)), [0, 2e4]);
    assert.deepEqual(flat(nested(r.grad)), [0, 0, -1, 1]);
  });

  it('bce_with_logits with logits ±1e4: loss 0 or 1e4, gradient σ(z) − y', () => {
    const r = evaluate({
      loss: 'bce_with_logits',
      input: [1e4, -1e4, 1e4, -1e4],
      target: [1, 0, 0, 1],
      reduction: 'none',
    });
    assert.deepEqual(flat(nested(r.loss)), [0, 0, 1e4, 1e4]);
    assert.deepEqual(flat(nested(r.grad)), [0, 0, 1, -1]);
  });

  it('focal and logistic with scores ±1e4 are finite', () => {
    for (const loss of ['focal', 'logistic', 'bce_with_logits']) {
      const target = loss === 'logistic' ? [1, -1, -1, 1] : [1, 0, 0, 1];
      const r = evaluate({ loss, input: [1e4, -1e4, 1e4, -1e4], target, reduction: 'none' });
      for (const v of [...flat(nested(r.loss)), ...flat(nested(r.grad))])
        assert.ok(Number.isFinite(v), `${loss}: ${v}`);
    }
  });

  it('bce at p = 0 and 1 is capped at 100 as in PyTorch', () => {
    const r = evaluate({ loss: 'bce', input: [0, 1], target: [1, 0], reduction: 'none' });
    assert.deepEqual(flat(nested(r.loss)), [100, 100]);
  });
});
