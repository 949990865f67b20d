/**
 * The eleven shapes of real code the grad-checker must understand without an annotation (issue
 * "Grad-check the losses people actually write"), one test each, on the committed stand-ins of
 * real files (test/gradcheck-corpus/real-shapes: our own code in the shape of each real file, see
 * its README). The verdicts were computed independently by that folder's expected.py; here each
 * test also checks what the report says: the differentiated argument, where the gradient came from,
 * the note that explains a choice.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { discoverLosses } from '../../src/gradcheck/discover';
import { planInputs } from '../../src/gradcheck/inputs';
import type { CheckResult } from '../../src/gradcheck/types';
import { CORPUS, findPython, requirePython } from './gradcheck-helpers';

const SHAPES = path.join(CORPUS, 'real-shapes');

describe('gradcheck: the shapes of real code', function () {
  this.timeout(180_000);
  const found = findPython();
  let python = '';
  const checker = new GradChecker(nodeRunners);
  before(function () {
    python = requirePython(this, found, true).python;
  });
  after(() => checker.dispose());

  const check = async (file: string, fn: string, text?: string): Promise<CheckResult> => {
    const results = await checker.checkFile(path.join(SHAPES, file), {
      python,
      ...(text !== undefined ? { text } : {}),
    });
    const r = results.find((x) => x.function === fn);
    assert.ok(r, `${fn} not checked in ${file}: ${results.map((x) => `${x.function} ${x.verdict}`).join(', ')}`);
    return r;
  };
  const passes = (r: CheckResult, wrt: string, gradient: string): void => {
    assert.equal(r.verdict, 'pass', r.message);
    assert.deepEqual([r.wrt, r.gradient], [wrt, gradient]);
  };

  it('1. model-parameter losses (W, X, y, reg) and (theta, X, y): differentiated with respect to the parameters, labels that fit the scores', async () => {
    const svm = await check('cs231n_budmitr_linear_svm.py', 'svm_loss_vectorized');
    passes(svm, 'W', 'returned');
    assert.equal(svm.recipe, 'weights+data+labels');
    const y = svm.inputs.find((i) => i.name === 'y')!;
    assert.equal(y.dtype, 'int64');
    const w = svm.inputs.find((i) => i.name === 'W')!;
    assert.ok(Math.max(...(y.values as number[])) < w.shape[1], 'labels index the columns of W');
    passes(await check('andrewng_lukaemon_logistic_regression.py', 'cost'), 'theta', 'paired:gradient');
  });

  it('2. a loss that returns its own gradient: (loss, dW), (loss, dx)', async () => {
    passes(await check('cs231n_budmitr_layers.py', 'svm_loss'), 'x', 'returned');
    passes(await check('cs231n_budmitr_softmax.py', 'softmax_loss_vectorized'), 'W', 'returned');
    passes(await check('pkg_mehrdad_nn/src/losses/cross_entropy.py', 'CrossEntropyLoss'), 'x', 'returned');
  });

  it('3. element-wise and per-sample losses: the gradient of the sum, and the report says so', async () => {
    const focal = await check('torchvision_focal_loss.py', 'sigmoid_focal_loss');
    passes(focal, 'inputs', 'torch.autograd');
    assert.ok(
      focal.warnings.some((w) =>
        /returns an array of shape \(8,\): the gradient of the sum of its elements is checked, as PyTorch's reduction='none' does/.test(
          w,
        ),
      ),
      focal.warnings.join('\n'),
    );
    const square = await check('mlfromscratch_loss_functions.py', 'SquareLoss.loss');
    passes(square, 'y_pred', 'paired:gradient');
    assert.ok(square.warnings.some((w) => /sum of its elements/.test(w)));
  });

  it('4. pairing conventions: _prime, a class’s loss + grad / gradient, cost + gradient called by parameter name; a real bug fails', async () => {
    passes(await check('nlp_final_project_losses.py', 'mse'), 'y_pred', 'paired:mse_prime');
    passes(await check('pkg_joelnet/joelnet/loss.py', 'MSE.loss'), 'predicted', 'paired:grad');
    passes(await check('mlfromscratch_loss_functions.py', 'CrossEntropy.loss'), 'p', 'paired:gradient');
    const buggy = await check('nn_from_scratch_knarfamlap_loss.py', 'cross_entropy');
    assert.equal(buggy.verdict, 'fail', buggy.message);
    // The gradient function itself gets no check, nor does an abstract base method.
    const joelnet = await checker.checkFile(path.join(SHAPES, 'pkg_joelnet/joelnet/loss.py'), { python });
    assert.deepEqual(
      joelnet.map((r) => r.function),
      ['MSE.loss'],
    );
    // cost(X, y, theta) with gradient(theta, X, y): called by name, not position.
    const text =
      'import numpy as np\n\ndef cost(X, y, theta):\n    return np.sum((X @ theta - y) ** 2) / (2 * len(y))\n\ndef gradient(theta, X, y):\n    return X.T @ (X @ theta - y) / len(y)\n';
    passes(await check('andrewng_lukaemon_linear_regression.py', 'cost', text), 'theta', 'paired:gradient');
  });

  it('5. discovery: version suffixes, subclasses of PyTorch losses and of a sibling module’s loss, stateful loss layers', async () => {
    passes(await check('pytorch_loss_focal.py', 'FocalLossV1'), 'logits', 'torch.autograd');
    assert.equal((await check('pytorch_loss_label_smooth.py', 'LabelSmoothSoftmaxCEV2')).verdict, 'pass');
    passes(
      await check('pkg_smp/segmentation_models_pytorch/losses/tversky.py', 'TverskyLoss'),
      'input',
      'torch.autograd',
    );
    passes(await check('pkg_dlfs/common/layers.py', 'SoftmaxWithLoss.forward'), 'x', 'paired:backward');
    // Not losses: a Flax loss_fn(params, batch), a Trainer's compute_loss(model, inputs).
    assert.deepEqual(await checker.checkFile(path.join(SHAPES, 'flax_mnist_train.py'), { python }), []);
    assert.deepEqual(await checker.checkFile(path.join(SHAPES, 'hf_custom_trainer.py'), { python }), []);
  });

  it('6. nn.Module losses with constructor arguments: defaults, else typical values from the names, GPU defaults off', async () => {
    const center = await check('center_loss.py', 'CenterLoss');
    passes(center, 'x', 'torch.autograd');
    const contrastive = await check('siamese_triplet_losses.py', 'ContrastiveLoss');
    passes(contrastive, 'output1', 'torch.autograd');
    const dice = await check('pkg_smp/segmentation_models_pytorch/losses/dice.py', 'DiceLoss');
    passes(dice, 'y_pred', 'torch.autograd');
  });

  it('7. more than two tensors: triplets, siamese pairs, a VAE’s (recon_x, x, mu, logvar); the first prediction-like argument is differentiated', async () => {
    passes(await check('siamese_triplet_losses.py', 'TripletLoss'), 'anchor', 'torch.autograd');
    const vae = await check('pytorch_examples_vae.py', 'loss_function');
    passes(vae, 'recon_x', 'torch.autograd');
    // The VAE flattens to 784 features: the second try uses the shape its error asked for.
    assert.ok(
      vae.warnings.some((w) => /inputs shaped \(N, 784\) as the code asked/.test(w)),
      vae.warnings.join('\n'),
    );
    const plan = planInputs(
      discoverLosses('def contrastive_loss(x0, x1, y, margin=1.0):\n    pass\n', 'python').losses[0],
      1,
    );
    assert.equal(plan.wrt, 'x0');
  });

  it('8. shapes the code asks for: rank-3 features from the docstring, float32 code checked in float32', async () => {
    const supcon = await check('supcontrast_losses.py', 'SupConLoss');
    passes(supcon, 'features', 'torch.autograd');
    assert.equal(supcon.inputs.find((i) => i.name === 'features')!.shape.length, 3);
    const lovasz = await check('pkg_smp/segmentation_models_pytorch/losses/lovasz.py', 'LovaszLoss');
    assert.equal(lovasz.verdict, 'pass', lovasz.message);
    assert.ok(
      lovasz.warnings.some((w) => /float32/.test(w)),
      lovasz.warnings.join('\n'),
    );
  });

  it('9. library code with relative imports: imported as a module of its package, the package’s heavy __init__ not run', async () => {
    passes(
      await check('pkg_smp/segmentation_models_pytorch/losses/jaccard.py', 'JaccardLoss'),
      'y_pred',
      'torch.autograd',
    );
    passes(
      await check('pkg_smp/segmentation_models_pytorch/losses/_functional.py', 'soft_dice_score'),
      'output',
      'torch.autograd',
    );
  });

  it('10. distributions: kl_divergence(p, q) and js_divergence(p, q) get two probability vectors', () => {
    const [kl] = discoverLosses('def kl_divergence(p, q):\n    return (p * np.log(p / q)).sum()\n', 'python').losses;
    const plan = planInputs(kl, 1);
    assert.equal(plan.recipes[0].name, 'distributions');
    for (const arg of plan.recipes[0].trials[0]) {
      const v = arg.value as { data: number[] };
      assert.ok(
        v.data.every((x) => x > 0),
        `${arg.name} must be strictly positive, never a one-hot that sends log q to -inf`,
      );
      assert.ok(Math.abs(v.data.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }
  });

  it('11. loading is not checking: the check limit starts once the module and its frameworks are loaded', async () => {
    // A fresh runner imports torch (seconds on a slow machine) under the load limit; the 1 s check limit holds.
    const fresh = new GradChecker(nodeRunners);
    try {
      const r = await fresh.checkFile(path.join(SHAPES, 'pytorch_tutorial_05_2_gradientdescent_auto.py'), {
        python,
        timeoutMs: 1000,
      });
      assert.equal(r[0].verdict, 'pass', r[0].message);
    } finally {
      fresh.dispose();
    }
  });

  it('an error that remains offers the exact annotation, with the right generator for each argument', async () => {
    const text =
      'import numpy as np\n\ndef svm_loss_naive(W, X, y, reg):\n    raise ValueError(f"expected W of shape (3073, 10), got {W.shape}")\n\ndef svm_loss_naive_grad(W, X, y, reg):\n    return W\n';
    const r = await check('cs231n_budmitr_linear_svm.py', 'svm_loss_naive', text);
    assert.equal(r.verdict, 'error');
    assert.match(r.message, /annotate them, e\.g\. # gradcheck: W=randn\(3,4\) X=randn\(8,3\) y=labels\(8,4\)$/);
  });
});
