/**
 * bce's and bce_with_logits' `weight` and `pos_weight` broadcast to the input as PyTorch does
 * (NumPy's rule: aligned from the right, each axis 1 or equal, never more axes than the input).
 * Values against PyTorch are in engine-fixtures.test.ts and the gradients' finite differences in
 * engine-gradients.test.ts; here: every way of writing the same weights gives the same answer,
 * a weight scales the unweighted loss and gradient element by element, and the caller's data is
 * left alone.
 */
import { strict as assert } from 'node:assert';
import { evaluate, listLosses, type RawParams, type Reduction, type Tensor } from '../../src/engine';
import { assertClose, nested } from './helpers';

const N = 3;
const C = 4;
const probs = [
  [0.1, 0.8, 0.35, 0.6],
  [0.9, 0.2, 0.55, 0.05],
  [0.45, 0.7, 0.15, 0.95],
];
const logits = [
  [-2.5, 0.3, 1.7, -0.4],
  [3.1, -1.2, 0.05, 8],
  [-6, 2.2, -0.9, 0.6],
];
const targets = [
  [0, 1, 0.25, 1],
  [1, 0, 0.5, 0],
  [0, 1, 1, 0.75],
];
const input = (loss: string): number[][] => (loss === 'bce' ? probs : logits);

/** A full (N, C) weight from a function of the row and column. */
const full = (f: (i: number, j: number) => number): number[][] =>
  Array.from({ length: N }, (_, i) => Array.from({ length: C }, (_, j) => f(i, j)));
const perClass = [0.5, 2, 1.25, 3];
const perRow = [0.75, 1.5, 2.5];

/** Each entry: a shape's name, the weight written that way, and the same weights written out as (N, C). */
const FORMS: [string, RawParams[string], number[][]][] = [
  ['a number', 1.7, full(() => 1.7)],
  ['(1,)', [1.7], full(() => 1.7)],
  ['(C,) flat', perClass, full((_, j) => perClass[j])],
  ['(1, C) nested', [perClass], full((_, j) => perClass[j])],
  ['(N, 1) nested', perRow.map((v) => [v]), full((i) => perRow[i])],
  ['(N, 1) Tensor', { shape: [N, 1], data: Float64Array.from(perRow) }, full((i) => perRow[i])],
  ['(1, 1) nested', [[1.7]], full(() => 1.7)],
  ['0-d Tensor', { shape: [], data: Float64Array.of(1.7) }, full(() => 1.7)],
  [
    '(N, C) Tensor',
    { shape: [N, C], data: Float64Array.from(full((i, j) => perRow[i] * perClass[j]).flat()) },
    full((i, j) => perRow[i] * perClass[j]),
  ],
  [
    '(N·C,) flat, one per element (an engine addition)',
    full((i, j) => 1 + i - j / 8).flat(),
    full((i, j) => 1 + i - j / 8),
  ],
];

const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

describe('engine: bce weights broadcast to the input like PyTorch', () => {
  for (const [loss, name] of [
    ['bce', 'weight'],
    ['bce_with_logits', 'weight'],
    ['bce_with_logits', 'pos_weight'],
  ] as const) {
    describe(`${loss} ${name}`, () => {
      for (const [form, value, expanded] of FORMS) {
        it(`${form} gives what the same weights written as (N, C) give`, () => {
          for (const reduction of REDUCTIONS) {
            const req = { loss, input: input(loss), target: targets, reduction };
            const got = evaluate({ ...req, params: { [name]: value } });
            const want = evaluate({ ...req, params: { [name]: expanded } });
            assertClose(nested(got.loss), nested(want.loss), `${reduction} loss`, 0, 0);
            assertClose(nested(got.grad), nested(want.grad), `${reduction} grad`, 0, 0);
          }
        });
      }
    });
  }

  for (const loss of ['bce', 'bce_with_logits']) {
    it(`${loss}: an (N, C) weight scales each element's loss and gradient (PyTorch's mean still divides by N·C)`, () => {
      const w = full((i, j) => 0.25 + i + j / 3);
      for (const reduction of REDUCTIONS) {
        const req = { loss, input: input(loss), target: targets, reduction };
        const plain = evaluate(req);
        const weighted = evaluate({ ...req, params: { weight: w } });
        const wf = w.flat();
        assertClose(
          [...weighted.grad.data],
          [...plain.grad.data].map((g, k) => g * wf[k]),
          `${reduction} grad`,
          1e-14,
          0,
        );
        if (reduction === 'none') {
          assertClose(
            [...(weighted.loss as Tensor).data],
            [...(plain.loss as Tensor).data].map((l, k) => l * wf[k]),
            'loss',
            1e-14,
            0,
          );
          assert.deepEqual((weighted.loss as Tensor).shape, [N, C]);
        }
      }
    });
  }

  it('bce_with_logits: pos_weight (N, 1) and weight (C,) together follow PyTorch’s formula element by element', () => {
    const r = evaluate({
      loss: 'bce_with_logits',
      input: logits,
      target: targets,
      params: { pos_weight: perRow.map((v) => [v]), weight: perClass },
      reduction: 'none',
    });
    const loss = r.loss as Tensor;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < C; j++) {
        const z = logits[i][j];
        const y = targets[i][j];
        const pw = perRow[i];
        const w = perClass[j];
        const logSig = -Math.log1p(Math.exp(-z));
        const logOneMinus = -z + logSig; // log(1 − σ(z))
        const want = -w * (pw * y * logSig + (1 - y) * logOneMinus);
        const sig = 1 / (1 + Math.exp(-z));
        const wantGrad = w * ((1 + (pw - 1) * y) * sig - pw * y);
        assertClose(loss.data[i * C + j], want, `loss[${i}][${j}]`, 1e-13, 1e-15);
        assertClose(r.grad.data[i * C + j], wantGrad, `grad[${i}][${j}]`, 1e-13, 1e-15);
      }
    }
  });

  it('a 3-D input takes weights along any axis: (B, 1, 1), (N, 1), (B, 1, C)', () => {
    const B = 2;
    const x = [probs, probs.map((row) => row.map((p) => 1 - p))];
    const y = [targets, targets];
    const perB = [0.5, 4];
    const cases: [RawParams[string], (b: number, i: number, j: number) => number][] = [
      [perB.map((v) => [[v]]), (b) => perB[b]],
      [perRow.map((v) => [v]), (_, i) => perRow[i]],
      [perB.map((v) => [perClass.map((c) => v * c)]), (b, _, j) => perB[b] * perClass[j]],
    ];
    for (const [weight, f] of cases) {
      const expanded = Array.from({ length: B }, (_, b) => full((i, j) => f(b, i, j)));
      const got = evaluate({ loss: 'bce', input: x, target: y, params: { weight }, reduction: 'none' });
      const want = evaluate({ loss: 'bce', input: x, target: y, params: { weight: expanded }, reduction: 'none' });
      assert.deepEqual(nested(got.loss), nested(want.loss));
      assert.deepEqual(nested(got.grad), nested(want.grad));
    }
  });

  it("leaves the caller's Tensor alone, and one buffer may be passed with different shapes", () => {
    const data = Float64Array.of(0.5, 2, 1.25, 3);
    const before = [...data];
    const asRow = evaluate({
      loss: 'bce',
      input: probs,
      target: targets,
      params: { weight: { shape: [1, C], data } },
      reduction: 'sum',
    });
    const asFlat = evaluate({
      loss: 'bce',
      input: probs,
      target: targets,
      params: { weight: [...data] },
      reduction: 'sum',
    });
    assert.equal(asRow.loss, asFlat.loss);
    // The same buffer as (C, 1) against a (C, C) input: a weight per row now.
    const square = [probs[0], probs[1], probs[2], probs[0]];
    const squareY = [targets[0], targets[1], targets[2], targets[0]];
    const asCol = evaluate({
      loss: 'bce',
      input: square,
      target: squareY,
      params: { weight: { shape: [C, 1], data } },
      reduction: 'none',
    });
    const want = evaluate({
      loss: 'bce',
      input: square,
      target: squareY,
      params: { weight: [...data].map((v) => [v, v, v, v]) },
      reduction: 'none',
    });
    assert.deepEqual(nested(asCol.loss), nested(want.loss));
    assert.deepEqual([...data], before);
  });

  it('the unweighted path is untouched: no weight equals a weight of ones', () => {
    for (const loss of ['bce', 'bce_with_logits']) {
      for (const reduction of REDUCTIONS) {
        const req = { loss, input: input(loss), target: targets, reduction };
        const plain = evaluate(req);
        const ones = evaluate({ ...req, params: { weight: 1 } });
        assertClose(nested(ones.loss), nested(plain.loss), `${loss} ${reduction} loss`, 1e-15, 1e-300);
        assertClose(nested(ones.grad), nested(plain.grad), `${loss} ${reduction} grad`, 1e-15, 1e-300);
      }
    }
  });

  it('listLosses marks the broadcasting parameters (bce weight, bce_with_logits weight and pos_weight), and only those', () => {
    const marked = listLosses().flatMap((info) =>
      info.params.filter((p) => p.kind === 'vector' && p.broadcast).map((p) => `${info.id}.${p.name}`),
    );
    assert.deepEqual(marked.sort(), ['bce.weight', 'bce_with_logits.pos_weight', 'bce_with_logits.weight']);
  });
});
