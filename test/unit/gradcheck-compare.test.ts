import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { findPython, requirePython } from './gradcheck-helpers';
import { compareTrials, DEFAULT_TOLERANCE, unravel } from '../../src/gradcheck/compare';
import { discoverLosses } from '../../src/gradcheck/discover';
import { InputError, planInputs } from '../../src/gradcheck/inputs';
import { Rng, signDirection } from '../../src/gradcheck/rng';
import { differences } from '../../src/gradcheck/runners/differences';
import type { TrialNumbers } from '../../src/gradcheck/runners/protocol';

const trial = (analytic: number[], numeric: number[], forward = numeric, backward = numeric, shape = [numeric.length]): TrialNumbers => ({
  f0: 0, mode: 'elementwise', shape, analytic, numeric, forward, backward,
});

describe('gradcheck verdict rules', () => {
  it('passes within torch-style allclose and reports the CS231n relative error', () => {
    const c = compareTrials([trial([1, 2.0000001], [1, 2])], DEFAULT_TOLERANCE);
    assert.equal(c.pass, true);
    assert.ok(c.maxRelError > 4e-8 && c.maxRelError < 6e-8);
  });
  it('fails a factor of 2 and names the worst element with its multi-index', () => {
    const c = compareTrials([trial([0, 0, 0, 0, 0, 2], [0, 0, 0, 0, 0, 1], undefined, undefined, [2, 3])], DEFAULT_TOLERANCE);
    assert.equal(c.pass, false);
    assert.deepEqual(c.worst!.index, [1, 2]);
    assert.deepEqual(unravel(5, [2, 3]), [1, 2]);
  });
  it('scales atol to small gradients, so a mean over many elements is still checked', () => {
    // Entries of 1e-6 (a mean over a million elements): a missing factor 2 must fail.
    const c = compareTrials([trial([1e-6, 1e-6], [2e-6, 2e-6])], DEFAULT_TOLERANCE);
    assert.equal(c.pass, false);
  });
  it('leaves out a kink whose analytic value is a subgradient, fails one that is not', () => {
    // |x| at 0: one-sided slopes -1 and +1.
    const ok = compareTrials([trial([0.3], [0], [1], [-1])], DEFAULT_TOLERANCE);
    assert.deepEqual([ok.pass, ok.kinks], [true, 1]);
    const bad = compareTrials([trial([5], [0], [1], [-1])], DEFAULT_TOLERANCE);
    assert.deepEqual([bad.pass, bad.kinks], [false, 0]);
  });
  it('takes central differences with a scaled step, and projections above the threshold', () => {
    const f = (x: Float64Array): number => x.reduce((s, v) => s + v * v * v, 0);
    const x = Float64Array.from([1, -2, 30]);
    const t = differences(f, x, [3], Float64Array.from([3, 12, 2700]), { step: 1e-6, projectionAbove: 10, projectionDirections: 4, projectionSeed: 1 });
    t.numeric.forEach((n, i) => assert.ok(Math.abs(n - [3, 12, 2700][i]) / Math.abs(n) < 1e-5, `${i}: ${n}`));
    const big = new Float64Array(20).fill(0.5);
    const p = differences((v) => v.reduce((s, a) => s + a * a, 0), big, [20], new Float64Array(20).fill(1), { step: 1e-6, projectionAbove: 10, projectionDirections: 4, projectionSeed: 1 });
    assert.equal(p.mode, 'projection');
    assert.equal(p.numeric.length, 4);
    p.numeric.forEach((n, k) => assert.ok(Math.abs(n - p.analytic![k]) < 1e-6));
  });
  it('draws the same ±1 directions as the Python driver (mulberry32 on both sides)', function () {
    const found = findPython();
    const { python } = requirePython(this, found);
    const driver = path.join(__dirname, '..', '..', 'src', 'gradcheck', 'python', 'driver.py');
    // Import the driver without running main() (it takes fd 3, so give it one: /dev/null).
    const code = `import importlib.util, os, json\nos.dup2(os.open(os.devnull, os.O_RDWR), 3)\nspec = importlib.util.spec_from_file_location('d', ${JSON.stringify(driver)})\nd = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(d)\nprint(json.dumps([d.mulberry_stream(12345, 5).tolist(), d.sign_direction(77, 64).tolist()]))`;
    const [stream, signs] = JSON.parse(execFileSync(python, ['-c', code], { encoding: 'utf8' })) as [number[], number[]];
    const r = new Rng(12345);
    assert.deepEqual(stream, [r.next(), r.next(), r.next(), r.next(), r.next()]);
    assert.deepEqual(signs, Array.from(signDirection(77, 64)));
  });
});

describe('gradcheck input synthesis', () => {
  const loss = (text: string, lang = 'python') => discoverLosses(text, lang).losses[0];
  it('infers recipes from names and use, most likely first', () => {
    const bce = planInputs(loss('def bce_loss(p, y):\n    return -(y * np.log(p)).mean()\n'), 1);
    assert.equal(bce.recipes[0].name, 'probabilities+binary');
    const ce = planInputs(loss('def cross_entropy(logits, labels):\n    return logits[np.arange(6), labels].mean()\n'), 1);
    assert.equal(ce.recipes[0].name, 'logits+labels');
    const labels = ce.recipes[0].trials[0].find((a) => a.name === 'labels')!.value as { dtype: string; shape: number[]; data: number[] };
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
    const ts = planInputs(loss('export function mseLoss(a: number[][], b: number[][]): number { return 0; }', 'typescript'), 1);
    assert.deepEqual((ts.recipes[0].trials[0][0].value as { shape: number[] }).shape, [6, 4]);
    const f64 = planInputs(loss('export function mseLoss(a: Float64Array, b: Float64Array): number { return 0; }', 'typescript'), 1);
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
    const p = planInputs(loss('# gradcheck: x=probs(3,5) y=onehot(3,5) wrt=x\ndef kl(y, x, delta):\n    return 0\n'), 1);
    assert.equal(p.wrt, 'x');
    assert.equal(p.recipes.length, 1);
    assert.equal(p.recipes[0].name, 'annotation');
    const x = p.recipes[0].trials[0].find((a) => a.name === 'x')!.value as { data: number[] };
    assert.ok(Math.abs(x.data.slice(0, 5).reduce((s, v) => s + v, 0) - 1) < 1e-12);
    assert.equal(p.recipes[0].trials[0].find((a) => a.name === 'delta')!.value, 1);
  });
  it('says how to annotate an argument it cannot infer', () => {
    assert.throws(() => planInputs(loss('def my_loss(pred, target, mystery):\n    return 0\n'), 1), (e: Error) => e instanceof InputError && /# gradcheck: mystery=randn\(8\)/.test(e.message));
  });
});
