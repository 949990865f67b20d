/**
 * The loss's value against the catalog loss it reads as (issue "Catch the losses a gradient check
 * cannot"). Right implementations match under their own convention (mean, sum, ½·sum, per element,
 * binary per element, label smoothing from the constructor); the wrong ones the issue names are
 * each caught with the right sentence: the sign flipped, a factor of two, a Huber that differs only
 * where |e| > δ. Every one of these passes its gradient check: only the value tells. The expected
 * conventions and factors are what the formulas in each file say (read them: the comments name
 * them), not what the checker printed.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { discoverLosses } from '../../src/gradcheck/discover';
import { referenceOf } from '../../src/gradcheck/reference';
import type { CheckResult } from '../../src/gradcheck/types';
import { CORPUS, findPython, requirePython } from './gradcheck-helpers';

const loss = (text: string) => discoverLosses(text, 'python').losses[0];

describe('gradcheck: a loss’s value against its reference', function () {
  this.timeout(120_000);
  const found = findPython();
  let python = '';
  const checker = new GradChecker(nodeRunners);
  const results = new Map<string, CheckResult>();
  before(async function () {
    python = requirePython(this, found, true).python;
    for (const r of await checker.checkFile(path.join(CORPUS, 'reference', 'value_bugs.py'), { python }))
      results.set(r.function ?? '', r);
    for (const f of [
      'd2l_torch.py',
      'mlfromscratch_loss_functions.py',
      'torchvision_focal_loss.py',
      'pkg_smp/segmentation_models_pytorch/losses/soft_ce.py',
      'pkg_smp/segmentation_models_pytorch/losses/focal.py',
    ]) {
      for (const r of await checker.checkFile(path.join(CORPUS, 'real-shapes', f), { python }))
        results.set(`${f}:${r.function}`, r);
    }
  });
  after(() => checker.dispose());
  const ref = (key: string): NonNullable<CheckResult['reference']> => {
    const r = results.get(key);
    assert.ok(r?.reference, `${key}: no reference (${r?.verdict}: ${r?.message})`);
    return r.reference;
  };

  it('reads which catalog loss a function is from its name, and obeys ref= and ref=none', () => {
    assert.equal(referenceOf(loss('def l2_loss(pred, target):\n    pass\n'))?.id, 'mse');
    assert.equal(referenceOf(loss('def smooth_l1_loss(pred, target):\n    pass\n'))?.id, 'smooth_l1');
    assert.equal(referenceOf(loss('def bce_loss(p, y):\n    pass\n'))?.id, 'bce');
    assert.equal(referenceOf(loss('def svm_loss_naive(W, X, y, reg):\n    pass\n')), null);
    assert.equal(referenceOf(loss('# gradcheck: ref=none\ndef mse(pred, target):\n    pass\n')), null);
    assert.deepEqual(referenceOf(loss('# gradcheck: ref=focal alpha=0.5\ndef my_loss(x, y):\n    pass\n')), {
      id: 'focal',
      params: { alpha: 0.5 },
    });
    const bad = loss('# gradcheck: ref=hubber\ndef my_loss(x, y):\n    pass\n');
    assert.match(bad.annotation!.errors[0].message, /ref=hubber is not a catalog loss; one of: mse, l1/);
  });

  it('matches right implementations under their conventions', () => {
    assert.deepEqual([ref('mse').agrees, ref('mse').convention], [true, 'mean']);
    assert.deepEqual([ref('l2_loss').agrees, ref('l2_loss').convention], [true, '½ × sum']);
    assert.deepEqual(
      [ref('cross_entropy').agrees, ref('cross_entropy').message],
      [true, '= PyTorch cross_entropy(), mean'],
    );
    assert.deepEqual(
      [ref('my_sigmoid_loss').id, ref('my_sigmoid_loss').params, ref('my_sigmoid_loss').agrees],
      ['focal', { alpha: 0.5, gamma: 2 }, true],
    );
    // In the shape of real code: d2l's per-element ½(ŷ − y)², torchvision's reduction='none' focal
    // loss, ML-From-Scratch's per-element binary "CrossEntropy", smp's label smoothing and alpha=None.
    assert.deepEqual(
      [ref('d2l_torch.py:squared_loss').agrees, ref('d2l_torch.py:squared_loss').convention],
      [true, '½ × sum'],
    );
    assert.deepEqual(
      [
        ref('torchvision_focal_loss.py:sigmoid_focal_loss').agrees,
        ref('torchvision_focal_loss.py:sigmoid_focal_loss').convention,
      ],
      [true, 'sum'],
    );
    assert.equal(ref('mlfromscratch_loss_functions.py:CrossEntropy.loss').convention, 'sum, binary per element');
    assert.deepEqual(ref('pkg_smp/segmentation_models_pytorch/losses/soft_ce.py:SoftCrossEntropyLoss').params, {
      label_smoothing: 0.1,
    });
    assert.equal(ref('pkg_smp/segmentation_models_pytorch/losses/soft_ce.py:SoftCrossEntropyLoss').agrees, true);
    assert.deepEqual(ref('pkg_smp/segmentation_models_pytorch/losses/focal.py:FocalLoss').params, {
      alpha: -1,
      gamma: 2,
    });
  });

  it('catches the sign flipped, a factor of two, and a Huber wrong only past delta — all with passing gradients', () => {
    for (const name of ['binary_cross_entropy', 'double_mae', 'huber_loss'])
      assert.equal(results.get(name)?.verdict, 'pass', name);
    assert.deepEqual(
      [ref('binary_cross_entropy').agrees, ref('binary_cross_entropy').message],
      [false, '= −1 × PyTorch bce() (mean): the sign is flipped'],
    );
    assert.deepEqual([ref('double_mae').agrees, ref('double_mae').message], [false, '= 2 × PyTorch l1() (mean)']);
    assert.equal(ref('huber_loss').agrees, false);
    assert.equal(
      ref('huber_loss').message,
      'differs from PyTorch huber(delta=1) where the error e = prediction − target is −3, −1.5, 1.5, 3 (it agrees elsewhere): at e = −3, yours 3, PyTorch 2.5',
    );
    assert.equal(results.get('my_huber_loss')?.reference, undefined, 'ref=none');
  });

  it('gives "Plot in Playground" the reference’s curve beside the user’s: equal near the target, apart past delta', async () => {
    const file = path.join(CORPUS, 'reference', 'value_bugs.py');
    const huber = discoverLosses(readFileSync(file, 'utf8'), 'python').losses.find((l) => l.name === 'huber_loss')!;
    const s = await checker.sampleSeries(file, huber, { python, points: 41 });
    assert.ok(s.reference, 'a series with its reference');
    assert.equal(s.reference.label, 'huber(delta=1), mean');
    assert.equal(s.reference.agrees, false);
    assert.equal(s.reference.loss.length, s.loss.length);
    // The user's Huber is delta·|e| past delta, the reference delta·(|e| − delta/2): per element they
    // differ by delta²/2 = 0.5 there and not at all within delta. Along the plotted element the gap
    // (a mean over 8 elements) takes two values, 0.5/8 apart: the other elements add a constant.
    const gaps = [...new Set(s.loss.map((u, i) => Number((u - s.reference!.loss[i]).toFixed(9))))].sort(
      (a, b) => a - b,
    );
    assert.equal(gaps.length, 2, gaps.join(', '));
    assert.ok(Math.abs(gaps[1] - gaps[0] - 0.5 / 8) < 1e-9, gaps.join(', '));
  });

  it('plots a probability loss inside (0, 1), with the convention the check named: the flipped sign is −1 × the curve', async () => {
    const file = path.join(CORPUS, 'reference', 'value_bugs.py');
    const bce = discoverLosses(readFileSync(file, 'utf8'), 'python').losses.find(
      (l) => l.name === 'binary_cross_entropy',
    )!;
    const s = await checker.sampleSeries(file, bce, { python, points: 41 });
    // Outside (0, 1) a clipped loss is flat and the reference undefined: nothing to see there.
    assert.ok(
      s.x.every((x) => x > 0 && x < 1),
      `x from ${s.x[0]} to ${s.x.at(-1)}`,
    );
    assert.ok(s.reference, 'a series with its reference');
    assert.deepEqual([s.reference.label, s.reference.agrees], ['bce(), mean', false]);
    assert.equal(s.reference.message, '= −1 × PyTorch bce() (mean): the sign is flipped');
    s.loss.forEach((u, i) =>
      assert.ok(
        Math.abs(u + s.reference!.loss[i]) <= 1e-9 * Math.abs(u),
        `at x = ${s.x[i]}: yours ${u}, reference ${s.reference!.loss[i]}`,
      ),
    );
  });
});
