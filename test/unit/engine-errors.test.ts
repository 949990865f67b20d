/** Bad input gets a LossError whose message names what is wrong and where. */
import { strict as assert } from 'node:assert';
import { evaluate, LossError, type EvaluateRequest } from '../../src/engine';

function rejects(req: unknown, pattern: RegExp): void {
  assert.throws(
    () => evaluate(req as EvaluateRequest),
    (err: unknown) => {
      assert.ok(err instanceof LossError, `expected a LossError, got ${String(err)}`);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

describe('engine: bad input', () => {
  it('shape mismatch names both shapes', () =>
    rejects(
      { loss: 'mse', input: [1, 2, 3], target: [1, 2] },
      /mse: shape mismatch: input is \(3,\) but target is \(2,\)/,
    ));
  it('cross_entropy target of the wrong shape', () =>
    rejects(
      { loss: 'cross_entropy', input: [[1, 2, 3]], target: [[1, 0]] },
      /cross_entropy: shape mismatch: .*class indices \(1,\) or probabilities \(1, 3\)/,
    ));
  it('probability above 1', () =>
    rejects(
      { loss: 'bce', input: [0.2, 1.5], target: [0, 1] },
      /bce: input\[1\] is 1.5, but probabilities must be in \[0, 1\]/,
    ));
  it('negative probability in a 2-D input names the multi-index', () =>
    rejects(
      {
        loss: 'categorical_crossentropy',
        input: [
          [0.5, 0.5],
          [-0.1, 1.1],
        ],
        target: [
          [1, 0],
          [0, 1],
        ],
      },
      /input\[1\]\[0\] is -0.1/,
    ));
  for (const reduction of ['batchmean', 'sum', 'none'])
    it(`kl_div target outside [0, 1] names the first bad element (${reduction}; checked inside the kernel's pass)`, () => {
      rejects(
        {
          loss: 'kl_div',
          input: [
            [-1, -2],
            [-1, -2],
          ],
          target: [
            [0.5, 0.5],
            [1.5, -0.5],
          ],
          reduction,
        },
        /kl_div: target\[1\]\[0\] is 1.5, but probabilities must be in \[0, 1\]/,
      );
      // A tensor's data is not checked for NaN up front (arrays are): the kernel's pass catches it.
      rejects(
        { loss: 'kl_div', input: [-1], target: { shape: [1], data: new Float64Array([Number.NaN]) }, reduction },
        /kl_div: target\[0\] is NaN, but probabilities/,
      );
    });
  it('bce target outside [0, 1]', () => rejects({ loss: 'bce', input: [0.5], target: [2] }, /bce: target\[0\] is 2/));
  it('class index out of range', () =>
    rejects(
      { loss: 'cross_entropy', input: [[1, 2, 3]], target: [3] },
      /target\[0\] is 3, a class index out of range \[0, 2\]/,
    ));
  it('negative class index that is not ignore_index', () =>
    rejects({ loss: 'nll', input: [[-1, -2]], target: [-1] }, /target\[0\] is -1, a class index out of range/));
  it('fractional class index', () =>
    rejects(
      { loss: 'multi_margin', input: [[1, 2, 3]], target: [1.5] },
      /target\[0\] is 1.5, but class indices must be integers/,
    ));
  it('unknown id, with a suggestion', () =>
    rejects({ loss: 'huberr', input: [1], target: [1] }, /unknown loss 'huberr' \(did you mean 'huber'\?\)/));
  it('unknown parameter lists the valid ones', () =>
    rejects(
      { loss: 'huber', input: [1], target: [1], params: { beta: 1 } },
      /huber: unknown parameter 'beta' \(parameters: delta\)/,
    ));
  it('unknown reduction', () =>
    rejects({ loss: 'mse', input: [1], target: [1], reduction: 'average' }, /unknown reduction "average"/));
  it('batchmean outside kl_div', () =>
    rejects(
      { loss: 'mse', input: [1], target: [1], reduction: 'batchmean' },
      /mse: reduction 'batchmean' is not supported/,
    ));
  it('negative beta', () =>
    rejects(
      { loss: 'smooth_l1', input: [1], target: [1], params: { beta: -0.5 } },
      /smooth_l1: beta must be ≥ 0, got -0.5/,
    ));
  it('zero delta', () =>
    rejects({ loss: 'huber', input: [1], target: [1], params: { delta: 0 } }, /huber: delta must be > 0, got 0/));
  it('negative delta', () =>
    rejects({ loss: 'huber', input: [1], target: [1], params: { delta: -1 } }, /delta must be > 0/));
  it('a parameter of the wrong type', () =>
    rejects(
      { loss: 'kl_div', input: [0], target: [1], params: { log_target: 1 } },
      /kl_div: log_target must be true or false/,
    ));
  it('multi_margin p other than 1 or 2', () =>
    rejects({ loss: 'multi_margin', input: [[1, 2]], target: [0], params: { p: 3 } }, /p must be one of 1, 2, got 3/));
  it('class weight of the wrong length', () =>
    rejects(
      { loss: 'cross_entropy', input: [[1, 2, 3]], target: [0], params: { weight: [1, 2] } },
      /weight has 2 elements but there are 3 classes/,
    ));
  describe('a bce weight that does not broadcast to the input names both shapes', () => {
    const x = [
      [0.2, 0.7, 0.4],
      [0.9, 0.1, 0.5],
    ];
    const y = [
      [0, 1, 1],
      [1, 0, 0],
    ];
    it('a flat array of the wrong length, with the lengths that work', () =>
      rejects(
        { loss: 'bce', input: x, target: y, params: { weight: [1, 2] } },
        /^bce: weight of shape \(2,\) does not broadcast to the input's shape \(2, 3\): weight's axis 0 has 2 entries where the input's axis 1 has 3 \(shapes are aligned from the right; each axis of weight must be 1 or equal to the input's\); a flat array must have 1, 3 \(the last axis\) or 6 \(one per element\) numbers$/,
      ));
    it('(N,) for (N, C): a weight per row must be (N, 1)', () =>
      rejects(
        { loss: 'bce', input: x, target: y, params: { weight: [1, 2] } },
        /weight's axis 0 has 2 entries where the input's axis 1 has 3/,
      ));
    it('an outer axis that differs', () =>
      rejects(
        {
          loss: 'bce_with_logits',
          input: x,
          target: y,
          params: {
            pos_weight: [
              [1, 2, 3],
              [1, 2, 3],
              [1, 2, 3],
            ],
          },
        },
        /^bce_with_logits: pos_weight of shape \(3, 3\) does not broadcast to the input's shape \(2, 3\): pos_weight's axis 0 has 3 entries where the input's axis 0 has 2/,
      ));
    it('more axes than the input, even of size 1: a weight never enlarges the loss', () =>
      rejects(
        {
          loss: 'bce_with_logits',
          input: x,
          target: y,
          params: { weight: { shape: [1, 2, 3], data: new Float64Array(6).fill(1) } },
        },
        /^bce_with_logits: weight of shape \(1, 2, 3\) does not broadcast to the input's shape \(2, 3\): it has more axes than the input \(PyTorch's rule: weight must broadcast to the input and never enlarges the loss\)$/,
      ));
    it('the same element count in another shape', () =>
      rejects(
        {
          loss: 'bce',
          input: x,
          target: y,
          params: {
            weight: [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
          },
        },
        /weight of shape \(3, 2\) does not broadcast to the input's shape \(2, 3\): weight's axis 1 has 2 entries where the input's axis 1 has 3/,
      ));
    it('a ragged nested weight', () =>
      rejects(
        { loss: 'bce', input: x, target: y, params: { weight: [[1, 2, 3], [4]] } },
        /^bce: weight\[1\] has length 1 but weight\[0\] has 3: the array is ragged$/,
      ));
    it('a non-number inside a nested weight', () =>
      rejects(
        { loss: 'bce', input: x, target: y, params: { weight: [[1, 2, '3']] } },
        /^bce: weight\[0\]\[2\] is the string "3", not a number$/,
      ));
    it('NaN inside a weight Tensor', () =>
      rejects(
        { loss: 'bce', input: x, target: y, params: { weight: { shape: [1, 3], data: Float64Array.of(1, NaN, 1) } } },
        /^bce: weight\[0\]\[1\] is NaN; the engine needs finite numbers$/,
      ));
    it('a weight Tensor whose data does not fit its shape', () =>
      rejects(
        { loss: 'bce', input: x, target: y, params: { weight: { shape: [2, 3], data: new Float64Array(3) } } },
        /^bce: weight.data has 3 elements but shape \(2, 3\) needs 6$/,
      ));
    it('class weights stay flat: nested arrays are refused for cross_entropy', () =>
      rejects(
        { loss: 'cross_entropy', input: x, target: [0, 1], params: { weight: [[1, 2, 3]] } },
        /^cross_entropy: weight must be a flat array of numbers \(one per class\), not nested arrays$/,
      ));
  });
  it('empty array', () => rejects({ loss: 'mse', input: [], target: [] }, /input is an empty array/));
  it('empty inner array', () => rejects({ loss: 'mse', input: [[]], target: [[]] }, /input\[0\] is an empty array/));
  it('ragged array', () =>
    rejects(
      {
        loss: 'mse',
        input: [[1, 2], [3]],
        target: [
          [1, 2],
          [3, 4],
        ],
      },
      /input\[1\] has length 1 but input\[0\] has 2: the array is ragged/,
    ));
  it('a string where a number belongs', () =>
    rejects({ loss: 'mse', input: [1, '2'], target: [1, 2] }, /input\[1\] is the string "2", not a number/));
  it('null in the target', () =>
    rejects({ loss: 'mse', input: [1, 2], target: [1, null] }, /target\[1\] is null, not a number/));
  it('NaN and Infinity', () => {
    rejects({ loss: 'mse', input: [1, NaN], target: [1, 2] }, /input\[1\] is NaN; the engine needs finite numbers/);
    rejects({ loss: 'mse', input: [1, 2], target: [Infinity, 2] }, /target\[0\] is Infinity/);
  });
  it('NaN inside a Tensor is found after the fact and named', () =>
    rejects(
      { loss: 'mse', input: { shape: [2], data: Float64Array.of(1, NaN) }, target: [1, 2] },
      /mse: input\[1\] is NaN/,
    ));
  it('NaN inside a Tensor for the 0-1 loss too, whose comparisons would hide it', () =>
    rejects(
      { loss: 'zero_one', input: { shape: [2], data: Float64Array.of(1, NaN) }, target: [1, -1] },
      /zero_one: input\[1\] is NaN/,
    ));
  it('a Tensor whose data does not fit its shape', () =>
    rejects(
      { loss: 'mse', input: { shape: [3], data: new Float64Array(2) }, target: [1, 2, 3] },
      /input.data has 2 elements but shape \(3,\) needs 3/,
    ));
  it('margin targets other than ±1 or 0/1', () =>
    rejects({ loss: 'hinge', input: [1, 2], target: [1, 2] }, /hinge: target\[1\] is 2, but targets must be ±1/));
  it('a 0 among ±1 margin targets', () =>
    rejects({ loss: 'hinge', input: [1, 2], target: [-1, 0] }, /target\[1\] is 0 among ±1 targets/));
  it('missing fields and a non-object request', () => {
    rejects({ loss: 'mse', target: [1] }, /mse: the request has no input/);
    rejects({ loss: 'mse', input: [1] }, /mse: the request has no target/);
    rejects(null, /the request must be an object/);
    rejects({ input: [1], target: [1] }, /loss must be a catalog id string/);
  });
  it('all targets ignored under mean is an error, not a silent NaN', () =>
    rejects({ loss: 'cross_entropy', input: [[1, 2]], target: [-100] }, /every target equals ignore_index \(-100\)/));
  it('poisson rates must be positive when log_input is false', () =>
    rejects(
      { loss: 'poisson_nll', input: [-1], target: [1], params: { log_input: false } },
      /input\[0\] is -1, but rates must be > 0/,
    ));
  it('cross_entropy input of rank 3', () =>
    rejects(
      { loss: 'cross_entropy', input: [[[1]]], target: [[0]] },
      /input must be \(N, C\) or \(C,\), got \(1, 1, 1\)/,
    ));
});

describe('engine: l1 at zero error', () => {
  it('has gradient +0 there, as PyTorch (sign(0) = 0), also for a −0 residual', () => {
    const r = evaluate({ loss: 'l1', input: [0, -0, 1, -2], target: [0, 0, 0, 0], reduction: 'sum' });
    assert.ok(Object.is(r.grad.data[0], 0) && Object.is(r.grad.data[1], 0), String([...r.grad.data]));
    assert.deepEqual([...r.grad.data].slice(2), [1, -1]);
  });
});
