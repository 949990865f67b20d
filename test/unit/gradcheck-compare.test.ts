import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { compareTrials, DEFAULT_TOLERANCE } from '../../src/gradcheck/compare';
import { ravel, unravel } from '../../src/engine/tensor';
import { discoverLosses } from '../../src/gradcheck/discover';
import { InputError, planInputs } from '../../src/gradcheck/inputs';
import { differences, type TrialNumbers } from '../../src/engine/differences';
import { CORPUS, findPython, requirePython } from './gradcheck-helpers';

/** Numbers as a runner sends them, written by hand: no finer probes unless given. */
const trial = (
  analytic: number[],
  numeric: number[],
  forward = numeric,
  backward = numeric,
  shape = [numeric.length],
  fine?: TrialNumbers['fine'],
): TrialNumbers => ({
  f0: 0,
  noise: 0,
  mode: 'elementwise',
  shape,
  analytic,
  numeric,
  forward,
  backward,
  step: numeric.map(() => 1e-6),
  fine: fine ?? { index: [], step: [], numeric: [], forward: [], backward: [] },
});

const options = {
  step: 1e-6,
  projectionAbove: 4096,
  projectionDirections: 16,
  projectionSeed: 1,
  rtol: DEFAULT_TOLERANCE.rtol,
};

describe('gradcheck verdict rules', () => {
  it('passes within torch-style allclose and reports the CS231n relative error', () => {
    const c = compareTrials([trial([1, 2.0000001], [1, 2])], DEFAULT_TOLERANCE);
    assert.equal(c.pass, true);
    assert.ok(c.maxRelError > 4e-8 && c.maxRelError < 6e-8);
  });
  it('fails a factor of 2 and names the worst element with its multi-index', () => {
    const c = compareTrials(
      [trial([0, 0, 0, 0, 0, 2], [0, 0, 0, 0, 0, 1], undefined, undefined, [2, 3])],
      DEFAULT_TOLERANCE,
    );
    assert.equal(c.pass, false);
    assert.deepEqual(c.worst!.index, [1, 2]);
    assert.deepEqual(unravel(5, [2, 3]), [1, 2]);
  });
  it('unravels and ravels row-major indices, each the other’s inverse (numpy.unravel_index order)', () => {
    // By hand: in shape (2, 3, 4) the element [1, 2, 3] is 1·12 + 2·4 + 3 = 23.
    assert.deepEqual(unravel(23, [2, 3, 4]), [1, 2, 3]);
    assert.equal(ravel([1, 2, 3], [2, 3, 4]), 23);
    assert.deepEqual(unravel(0, []), []);
    for (let flat = 0; flat < 24; flat++) assert.equal(ravel(unravel(flat, [2, 3, 4]), [2, 3, 4]), flat);
  });
  it('scales atol to small gradients, so a mean over many elements is still checked', () => {
    // Entries of 1e-6 (a mean over a million elements): a missing factor 2 must fail.
    const c = compareTrials([trial([1e-6, 1e-6], [2e-6, 2e-6])], DEFAULT_TOLERANCE);
    assert.equal(c.pass, false);
  });
  it("the issue's example: f = 0.5e-6·Σx² with an analytic gradient 1.5× too large fails, as in the engine", () => {
    // ∇f = 1e-6·x by hand, as a runner would measure it; the analytic one is 1.5e-6·x.
    const x = [0.3, -1.2, 2, 0.7];
    const n = x.map((v) => 1e-6 * v);
    const wrong = compareTrials(
      [
        trial(
          x.map((v) => 1.5e-6 * v),
          n,
        ),
      ],
      DEFAULT_TOLERANCE,
    );
    assert.equal(wrong.pass, false);
    assert.equal(wrong.failures, 4);
    assert.equal(wrong.worst!.flat, 2, 'the largest |x|: the furthest beyond its tolerance');
    assert.equal(compareTrials([trial(n, n)], DEFAULT_TOLERANCE).pass, true);
    // The same through the runner's own numbers (central differences of f, computed here).
    const f = (v: Float64Array): number => 0.5e-6 * v.reduce((s, t) => s + t * t, 0);
    const measured = (scale: number) =>
      differences(
        f,
        Float64Array.from(x),
        [4],
        Float64Array.from(x, (v) => scale * v),
        options,
      );
    assert.equal(compareTrials([measured(1.5e-6)], DEFAULT_TOLERANCE).pass, false);
    assert.equal(compareTrials([measured(1e-6)], DEFAULT_TOLERANCE).pass, true);
  });
  it('leaves out a kink whose analytic value is a subgradient, fails one that is not', () => {
    // |x| at 0: one-sided slopes −1 and +1 at the step and at the 16× finer one.
    const fine = { index: [0], step: [1e-6 / 16], numeric: [0], forward: [1], backward: [-1] };
    const ok = compareTrials([trial([0.3], [0], [1], [-1], [1], fine)], DEFAULT_TOLERANCE);
    assert.deepEqual([ok.pass, ok.kinks], [true, 1]);
    const bad = compareTrials([trial([5], [0], [1], [-1], [1], fine)], DEFAULT_TOLERANCE);
    assert.deepEqual([bad.pass, bad.kinks], [false, 0]);
  });
  it('takes curvature for curvature, not a kink: slopes that part less at the finer step', () => {
    // 1e4·x² at 0: slopes ∓1e4·h, a gap that shrinks 16× with the step; the derivative is 0.
    const fine = { index: [0], step: [1e-6 / 16], numeric: [0], forward: [1e-2 / 16], backward: [-1e-2 / 16] };
    const c = compareTrials([trial([3e-3], [0], [1e-2], [-1e-2], [1], fine)], DEFAULT_TOLERANCE);
    assert.deepEqual([c.pass, c.kinks], [false, 0], 'an analytic value between the slopes is no subgradient here');
  });
  it('judges a lone side near a domain edge, and fails a check that could compare nothing', () => {
    const edge = compareTrials(
      [trial([1], [null as unknown as number], [1 + 1e-6], [null as unknown as number])],
      DEFAULT_TOLERANCE,
    );
    assert.equal(edge.pass, true);
    const none = compareTrials(
      [trial([1], [null as unknown as number], [null as unknown as number], [null as unknown as number])],
      DEFAULT_TOLERANCE,
    );
    assert.equal(none.pass, false);
    assert.deepEqual(none.worst!.index, [0]);
    assert.ok(Number.isNaN(none.worst!.numeric));
  });
  it('takes central differences with a scaled step, and projections above the threshold', () => {
    const f = (x: Float64Array): number => x.reduce((s, v) => s + v * v * v, 0);
    const x = Float64Array.from([1, -2, 30]);
    const t = differences(f, x, [3], Float64Array.from([3, 12, 2700]), {
      ...options,
      projectionAbove: 10,
      projectionDirections: 4,
    });
    t.numeric.forEach((n, i) => assert.ok(Math.abs(n! - [3, 12, 2700][i]) / Math.abs(n!) < 1e-5, `${i}: ${n}`));
    t.step.forEach((h, i) => assert.ok(Math.abs(h - [1e-6, 2e-6, 30e-6][i]) < 1e-20, `step ${i}: ${h}`));
    const big = new Float64Array(20).fill(0.5);
    const p = differences((v) => v.reduce((s, a) => s + a * a, 0), big, [20], new Float64Array(20).fill(1), {
      ...options,
      projectionAbove: 10,
      projectionDirections: 4,
    });
    assert.equal(p.mode, 'projection');
    assert.equal(p.numeric.length, 4);
    p.numeric.forEach((n, k) => assert.ok(Math.abs(n! - p.analytic![k]) < 1e-6));
  });
});

describe('gradcheck input synthesis', () => {
  const loss = (text: string, lang = 'python') => discoverLosses(text, lang).losses[0];
  it('infers recipes from names and use, most likely first', () => {
    const bce = planInputs(loss('def bce_loss(p, y):\n    return -(y * np.log(p)).mean()\n'), 1);
    assert.equal(bce.recipes[0].name, 'probabilities+binary');
    const ce = planInputs(
      loss('def cross_entropy(logits, labels):\n    return logits[np.arange(6), labels].mean()\n'),
      1,
    );
    assert.equal(ce.recipes[0].name, 'logits+labels');
    const labels = ce.recipes[0].trials[0].find((a) => a.name === 'labels')!.value as {
      dtype: string;
      shape: number[];
      data: number[];
    };
    assert.equal(labels.dtype, 'int64');
    assert.ok(labels.data.every((v) => Number.isInteger(v) && v >= 0 && v < 4));
    const hinge = planInputs(loss('def hinge(scores, y):\n    return 0\n'), 1);
    assert.equal(hinge.recipes[0].name, 'scores+signs');
    const mse = planInputs(loss('def mse(pred, target):\n    return 0\n'), 1);
    assert.equal(mse.recipes[0].name, 'real');
    assert.ok(mse.regression.real);
  });
  it('gives a softmax cross-entropy one-hot rows, not binary targets whose rows do not sum to 1', () => {
    const byName = planInputs(loss('def softmax_cross_entropy(logits, onehot):\n    return 0\n'), 1);
    assert.equal(byName.recipes[0].name, 'logits+onehot');
    const byBody = planInputs(loss('def cross_entropy(logits, y):\n    return -(y * log_softmax(logits)).sum()\n'), 1);
    assert.notEqual(byBody.recipes[0].name, 'logits+binary');
  });
  it('differentiates y_pred in Keras order and uses type hints for the rank', () => {
    assert.equal(planInputs(loss('def mse(y_true, y_pred):\n    return 0\n'), 1).wrt, 'y_pred');
    const ts = planInputs(
      loss('export function mseLoss(a: number[][], b: number[][]): number { return 0; }', 'typescript'),
      1,
    );
    assert.deepEqual((ts.recipes[0].trials[0][0].value as { shape: number[] }).shape, [6, 4]);
    const f64 = planInputs(
      loss('export function mseLoss(a: Float64Array, b: Float64Array): number { return 0; }', 'typescript'),
      1,
    );
    assert.equal(f64.recipes[0].trials[0][0].form, 'Float64Array');
  });
  it('draws trials at scales 1, 3 and 0.3, reproducibly from the seed', () => {
    const l = loss('def mse(pred, target):\n    return 0\n');
    const a = planInputs(l, 9);
    assert.deepEqual(a, planInputs(l, 9));
    assert.notDeepEqual(a.recipes[0].trials[0], planInputs(l, 10).recipes[0].trials[0]);
    const spread = (t: number): number => {
      const d = (a.recipes[0].trials[t][0].value as { data: number[] }).data;
      return Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length);
    };
    assert.ok(spread(1) > spread(0) && spread(0) > spread(2));
  });
  it('uses the annotation and fills hyperparameters without defaults', () => {
    const p = planInputs(
      loss('# gradcheck: x=probs(3,5) y=onehot(3,5) wrt=x\ndef kl(y, x, delta):\n    return 0\n'),
      1,
    );
    assert.equal(p.wrt, 'x');
    assert.equal(p.recipes.length, 1);
    assert.equal(p.recipes[0].name, 'annotation');
    const x = p.recipes[0].trials[0].find((a) => a.name === 'x')!.value as { data: number[] };
    assert.ok(Math.abs(x.data.slice(0, 5).reduce((s, v) => s + v, 0) - 1) < 1e-12);
    assert.equal(p.recipes[0].trials[0].find((a) => a.name === 'delta')!.value, 1);
  });
  it('gives a further tensor argument the prediction’s shape, and says how to annotate a constructor argument it cannot infer', () => {
    const p = planInputs(loss('def my_loss(pred, target, mystery):\n    return 0\n'), 1);
    const [pred, , mystery] = p.recipes[0].trials[0];
    assert.deepEqual((mystery.value as { shape: number[] }).shape, (pred.value as { shape: number[] }).shape);
    const cls = loss(
      'import torch\nclass OddLoss(torch.nn.Module):\n    def __init__(self, quirk):\n        super().__init__()\n    def forward(self, x, y):\n        return x\n',
    );
    assert.throws(
      () => planInputs(cls, 1),
      (e: Error) =>
        e instanceof InputError && /constructor argument 'quirk' of OddLoss.*# gradcheck: quirk=1/.test(e.message),
    );
  });
});

describe('the lens path: the issue’s example through the runners and the host’s verdict', function () {
  this.timeout(60_000);
  const checker = new GradChecker(nodeRunners);
  after(() => checker.dispose());
  // f = 0.5e-6·Σx², whose gradient is 1e-6·x by hand; `scale` is what the paired gradient uses.
  const ts = (scale: string): string =>
    `/** @gradcheck x=randn(8) */\nexport function tinyLoss(x: number[]): number {\n  let s = 0;\n  for (const v of x) s += v * v;\n  return 0.5e-6 * s;\n}\nexport function tinyLossGrad(x: number[]): number[] {\n  return x.map((v) => ${scale} * v);\n}\n`;
  const py = (scale: string): string =>
    `import numpy as np\n\n\n# gradcheck: x=randn(8)\ndef tiny_loss(x):\n    return 0.5e-6 * np.sum(x * x)\n\n\ndef tiny_loss_grad(x):\n    return ${scale} * x\n`;

  it('JS/TS: an analytic gradient 1.5× too large fails, the right one passes', async () => {
    const check = (text: string) =>
      checker.checkLoss(path.join(CORPUS, 'unsaved_tiny.ts'), discoverLosses(text, 'typescript').losses[0], { text });
    const wrong = await check(ts('1.5e-6'));
    assert.equal(wrong.verdict, 'fail', wrong.message);
    assert.ok(Math.abs(wrong.worst!.analytic / wrong.worst!.numeric - 1.5) < 1e-6, JSON.stringify(wrong.worst));
    const right = await check(ts('1e-6'));
    assert.equal(right.verdict, 'pass', right.message);
  });

  it('Python: the same', async function () {
    const { python } = requirePython(this, findPython());
    const check = (text: string) =>
      checker.checkLoss(path.join(CORPUS, 'unsaved_tiny.py'), discoverLosses(text, 'python').losses[0], {
        python,
        text,
      });
    const wrong = await check(py('1.5e-6'));
    assert.equal(wrong.verdict, 'fail', wrong.message);
    assert.ok(Math.abs(wrong.worst!.analytic / wrong.worst!.numeric - 1.5) < 1e-6, JSON.stringify(wrong.worst));
    const right = await check(py('1e-6'));
    assert.equal(right.verdict, 'pass', right.message);
  });
});
