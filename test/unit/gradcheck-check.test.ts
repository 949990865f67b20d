import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { discoverLosses } from '../../src/gradcheck/discover';
import { formatNumber, lensTitle } from '../../src/gradcheck/report';
import type { CheckResult } from '../../src/gradcheck/types';
import { CORPUS, findPython, requirePython } from './gradcheck-helpers';

const file = (f: string): string => path.join(CORPUS, f);
const byName = (results: CheckResult[]): Map<string | null, CheckResult> =>
  new Map(results.map((r) => [r.function, r]));

describe('gradcheck: the one short-number format (formatNumber)', () => {
  it('writes the lens’s numbers short, messages’ with more digits, the CLI’s with an ASCII minus', () => {
    // Expected strings by hand from the rule: 3 significant digits plainly within [1e-3, 1e4), else
    // an exponent with the given digits after the point, trailing zeros and "+" dropped.
    assert.deepEqual(
      [3.2146e-10, 1e-10, -0.125, 12345, 0.0123456, 0, Infinity].map((x) => formatNumber(x)),
      ['3e-10', '1e-10', '−0.125', '1e4', '0.0123', '0', 'Infinity'],
    );
    assert.deepEqual(
      [3.2146e-10, -1.5e5, 1e-10].map((x) => formatNumber(x, { digits: 4, expDigits: 2 })),
      ['3.21e-10', '−1.5e5', '1e-10'],
    );
    assert.deepEqual(
      [-0.125, -2.5e-7].map((x) => formatNumber(x, { expDigits: 2, asciiMinus: true })),
      ['-0.125', '-2.5e-7'],
    );
  });
});

describe('gradcheck: JS/TS losses', function () {
  const checker = new GradChecker(nodeRunners);
  after(() => checker.dispose());

  it('passes correct TS losses and fails the buggy one at the right element', async () => {
    const r = byName(await checker.checkFile(file('losses.ts')));
    assert.equal(r.get('mseLoss')!.verdict, 'pass');
    assert.equal(r.get('mseLoss')!.gradient, 'paired:mseLossGrad');
    assert.ok(r.get('mseLoss')!.maxRelError! < 1e-6);
    assert.equal(r.get('focal')!.verdict, 'pass');
    assert.equal(r.get('focal')!.recipe, 'annotation');
    assert.equal(r.get('crossEntropyLoss')!.verdict, 'pass');
    assert.equal(r.get('crossEntropyLoss')!.recipe, 'logits+labels');
    const l1 = r.get('l1Loss')!;
    assert.equal(l1.verdict, 'fail');
    // The wrong sign shows where the residual is negative: analytic +1/8, numeric −1/8.
    assert.ok(
      Math.abs(l1.worst!.analytic - 0.125) < 1e-9 && Math.abs(l1.worst!.numeric + 0.125) < 1e-6,
      JSON.stringify(l1.worst),
    );
    assert.match(lensTitle(l1), /^✗ grad mismatch at \[\d+\] · analytic 0\.125 vs numeric −0\.125$/);
    // The VS Code side passes vscode.l10n.t: the same template and arguments, translated.
    const zh = (m: string, ...a: Array<string | number>) =>
      m.replace('grad mismatch at', '梯度不一致，位置').replace(/\{(\d)\}/g, (_, i: string) => String(a[Number(i)]));
    assert.match(lensTitle(l1, zh), /^✗ 梯度不一致，位置 \[\d+\] · analytic 0\.125 vs numeric −0\.125$/);
    const skipped = r.get('logCoshLoss')!;
    assert.equal(skipped.verdict, 'skipped');
    assert.match(skipped.message, /no paired gradient/);
    assert.ok(![...r.keys()].some((n) => ['relu', '_privateLoss', 'testMseLoss'].includes(n!)));
  });

  it('checks CommonJS losses: hinge on ±1 targets, the gradient of the sum for a mean fails', async () => {
    const r = byName(await checker.checkFile(file('losses.js')));
    assert.equal(r.get('hingeLoss')!.verdict, 'pass');
    assert.equal(r.get('hingeLoss')!.recipe, 'scores+signs');
    assert.equal(r.get('bceLoss')!.verdict, 'pass');
    const sum = r.get('squaredError')!;
    assert.equal(sum.verdict, 'fail');
    assert.ok(Math.abs(sum.worst!.analytic / sum.worst!.numeric - 8) < 1e-4, 'off by the 8 elements of the mean');
  });

  it('is reproducible from the seed, and another seed draws other inputs', async () => {
    const [loss] = discoverLosses(
      `export function mseLoss(a: number[], b: number[]) { return a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0) / a.length; }\nexport function mseLossGrad(a: number[], b: number[]) { return a.map((x, i) => 2 * (x - b[i]) / a.length); }\n`,
      'typescript',
    ).losses;
    const text = `export function mseLoss(a: number[], b: number[]) { return a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0) / a.length; }\nexport function mseLossGrad(a: number[], b: number[]) { return a.map((x, i) => 2 * (x - b[i]) / a.length); }\n`;
    const a = await checker.checkLoss(file('unsaved.ts'), loss, { text, seed: 7 });
    const b = await checker.checkLoss(file('unsaved.ts'), loss, { text, seed: 7 });
    const c = await checker.checkLoss(file('unsaved.ts'), loss, { text, seed: 8 });
    assert.equal(a.verdict, 'pass');
    assert.deepEqual(a.inputs, b.inputs);
    assert.equal(a.maxRelError, b.maxRelError);
    assert.notDeepEqual(a.inputs, c.inputs);
    assert.equal(a.seed, 7);
  });

  it('survives each hostile case and the next check works', async function () {
    this.timeout(60_000);
    const limits = { timeoutMs: 1500, memoryLimitBytes: 400 * 1024 ** 2 };
    const good = async (): Promise<void> => {
      const r = await checker.checkFile(file('losses.ts'), { function: 'mseLoss' });
      assert.equal(r[0].verdict, 'pass', r[0].message);
    };
    const hang = await checker.checkFile(file('hostile/hang.ts'), limits);
    assert.equal(hang[0].verdict, 'error');
    assert.match(hang[0].message, /did not finish within 1\.5 s/);
    await good();
    // A generous time limit, so that on a loaded machine the memory watch, not the clock, stops it.
    const bomb = await checker.checkFile(file('hostile/memory_bomb.ts'), { ...limits, timeoutMs: 30_000 });
    assert.equal(bomb[0].verdict, 'error');
    assert.match(bomb[0].message, /used more than 0\.39 GB of memory/);
    await good();
    // A script's own top-level statements never run (definitions-only loading): its process.exit
    // does not stop the check (an exit in what it imports does: gradcheck-js-definitions.test.ts).
    const exit = await checker.checkFile(file('hostile/exit_on_import.js'), limits);
    assert.deepEqual([exit.length, exit[0].function, exit[0].verdict], [1, 'mseLoss', 'skipped'], exit[0].message);
    assert.doesNotMatch(exit[0].output ?? '', /about to exit/);
    await good();
    const syntax = await checker.checkFile(file('hostile/syntax_error.cts'), limits);
    assert.deepEqual([syntax.length, syntax[0].verdict], [1, 'error']);
    assert.match(syntax[0].message, /SyntaxError in syntax_error\.cts: .*line 3/);
    await good();
    const misc = byName(await checker.checkFile(file('hostile/misc.js'), limits));
    assert.equal(misc.get('nanLoss')!.verdict, 'error');
    assert.match(misc.get('nanLoss')!.message, /returned NaN/);
    assert.match(misc.get('stringLoss')!.message, /returned a string .*must return a number/);
    assert.match(misc.get('throwingLoss')!.message, /threw RangeError: the loss is not ready/);
    assert.match(misc.get('throwingLoss')!.traceback!, /misc\.js:18/);
    assert.equal(misc.get('chattyLoss')!.verdict, 'pass', 'printing cannot corrupt results');
    assert.match(misc.get('exitingLoss')!.message, /exited with code 9 while checking exitingLoss/);
    await good();
  });

  it('samples a series along one coordinate for the playground plot', async () => {
    const [loss] = discoverLosses(readFileSync(file('losses.ts'), 'utf8'), 'typescript').losses;
    const s = await checker.sampleSeries(file('losses.ts'), loss, { index: 2, points: 11 });
    assert.equal(s.x.length, 11);
    assert.deepEqual(s.index, [2]);
    assert.equal(s.gradient, 'paired:mseLossGrad');
    for (let i = 0; i < 11; i++) assert.ok(Math.abs(s.analytic![i] - s.numeric[i]) < 1e-6);
  });

  it('cancels a running check and the next check works', async () => {
    const controller = new AbortController();
    const pending = checker.checkFile(file('hostile/hang.ts'), { signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 300);
    const [r] = await pending;
    assert.equal(r.verdict, 'skipped');
    assert.equal(r.message, 'cancelled');
    const [ok] = await checker.checkFile(file('losses.ts'), { function: 'mseLoss' });
    assert.equal(ok.verdict, 'pass');
  });
});

describe('gradcheck: NumPy losses', function () {
  const found = findPython();
  let python = '';
  const checker = new GradChecker(nodeRunners);
  before(function () {
    python = requirePython(this, found).python;
  });
  after(() => checker.dispose());

  it('gives each corpus loss its verdict', async () => {
    const r = byName(await checker.checkFile(file('numpy_losses.py'), { python }));
    const verdicts = Object.fromEntries([...r].map(([k, v]) => [String(k), v.verdict]));
    assert.deepEqual(verdicts, {
      mse: 'pass',
      mse_missing_factor: 'fail',
      sum_for_mean_loss: 'fail',
      huber_loss: 'pass',
      mae: 'fail',
      binary_cross_entropy: 'pass',
      softmax_cross_entropy: 'pass',
      hinge_loss: 'pass',
      categorical_ce: 'pass',
      keras_style_mse: 'pass',
      log_cosh_loss: 'skipped',
      expensive_loss: 'skipped',
    });
    const missing = r.get('mse_missing_factor')!.worst!;
    assert.ok(Math.abs(missing.numeric / missing.analytic - 2) < 1e-4, 'off by the factor 2');
    const mae = r.get('mae')!.worst!;
    assert.ok(mae.analytic > 0 && mae.numeric < 0, 'the wrong sign is for negative residuals');
    assert.equal(r.get('keras_style_mse')!.wrt, 'y_pred', 'Keras order differentiates y_pred');
    assert.equal(r.get('binary_cross_entropy')!.recipe, 'probabilities+binary');
    const ce = r.get('softmax_cross_entropy')!;
    assert.equal(ce.recipe, 'logits+labels');
    assert.deepEqual(ce.inputs.find((i) => i.name === 'labels')!.dtype, 'int64');
    assert.equal(r.get('hinge_loss')!.recipe, 'scores+signs');
    assert.match(r.get('log_cosh_loss')!.message, /does not use torch or jax/);
  });

  it('warns about a negative loss and one that is not minimal at pred = target', async () => {
    const r = byName(await checker.checkFile(file('sanity.py'), { python }));
    assert.equal(r.get('shifted_mse')!.verdict, 'pass');
    assert.match(r.get('shifted_mse')!.warnings.join('\n'), /not minimal when the prediction equals the target/);
    assert.match(r.get('negative_mse_loss')!.warnings.join('\n'), /the loss is negative/);
  });

  it('survives each hostile case and the next check works', async function () {
    this.timeout(90_000);
    const limits = { python, timeoutMs: 2000, memoryLimitBytes: 500 * 1024 ** 2 };
    const good = async (): Promise<void> => {
      const [r] = await checker.checkFile(file('numpy_losses.py'), { python, function: 'mse' });
      assert.equal(r.verdict, 'pass', r.message);
    };
    const one = async (f: string, timeoutMs = limits.timeoutMs): Promise<CheckResult[]> => {
      const results = await checker.checkFile(file(`hostile/${f}`), { ...limits, timeoutMs });
      await good();
      return results;
    };
    const [hang] = await one('hang.py');
    assert.match(hang.message, /did not finish within 2 s while checking hang_loss/);
    const [bomb] = await one('memory_bomb.py', 30_000); // the memory watch, not the clock, must stop it
    assert.match(bomb.message, /used more than 0\.49 GB of memory/);
    // A script's own top-level statements never run: its sys.exit / os._exit do not stop the check.
    for (const f of ['exit_on_import.py', 'os_exit_on_import.py']) {
      const [r] = await one(f);
      assert.equal(r.function, 'mse_loss', r.message);
      assert.equal(r.verdict, 'skipped', r.message);
      assert.doesNotMatch(r.output ?? '', /about to exit/);
    }
    // What the module imports does run: an exit there is a load error.
    const exit = await one('exit_in_import.py');
    assert.deepEqual([exit.length, exit[0].verdict, exit[0].function], [1, 'error', null]);
    assert.match(exit[0].message, /called sys\.exit\(3\) at exiting_helper\.py:4/);
    const [osExit] = await one('os_exit_in_import.py');
    assert.match(osExit.message, /exited with code 7 while loading the module/);
    // A loss that patches NumPy changes nothing for the next check (good() runs after it).
    await one('patches_numpy.py');
    const [syntax] = await one('syntax_error.py');
    assert.match(syntax.message, /SyntaxError in syntax_error\.py, line 5/);
    const chatty = await one('chatty.py');
    assert.equal(chatty[0].verdict, 'pass', 'printing JSON-looking text cannot corrupt results');
    // stderr and stdout come through in the order printed: the fake reply, then the chatter.
    assert.match(chatty[0].output ?? '', /"message": "fake"\}\}\n(chatter ){50}\n/);
    const [nan] = await one('nan_loss.py');
    assert.match(nan.message, /nan_loss returned nan/);
    const wrong = byName(await one('wrong_type.py'));
    // An array-valued loss is checked as the sum of its elements, and the report says so.
    assert.match(
      wrong.get('elementwise_loss')!.message,
      /returns an array of shape \(8,\): the gradient of the sum of its elements is checked/,
    );
    assert.match(wrong.get('text_loss')!.message, /returned str; a loss must return a scalar/);
    const raises = byName(await one('raises.py'));
    assert.match(raises.get('raising_loss')!.message, /raised ValueError: the loss is not ready at raises\.py:6/);
    assert.match(raises.get('raising_loss')!.traceback!, /raises\.py", line 6, in raising_loss/);
    assert.match(raises.get('exiting_loss')!.message, /exited with code 5 while checking exiting_loss/);
  });

  it('checks unsaved editor text and is warm on the second check', async () => {
    const text =
      'import numpy as np\n\ndef mse(a, b):\n    return np.mean((a - b) ** 2)\n\ndef mse_grad(a, b):\n    return 2 * (a - b) / a.size\n';
    const [loss] = discoverLosses(text, 'python').losses;
    const r = await checker.checkLoss(file('not_on_disk.py'), loss, { python, text });
    assert.equal(r.verdict, 'pass');
    const buggy = await checker.checkLoss(file('not_on_disk.py'), loss, {
      python,
      text: text.replace('2 * (a - b)', '(a - b)'),
    });
    assert.equal(buggy.verdict, 'fail');
  });
});

describe('gradcheck: PyTorch losses', function () {
  const found = findPython();
  let python = '';
  const checker = new GradChecker(nodeRunners);
  before(function () {
    python = requirePython(this, found, true).python;
  });
  after(() => checker.dispose());

  it('uses autograd, custom backward passes and nn.Module losses', async function () {
    this.timeout(60_000);
    const r = byName(await checker.checkFile(file('torch_losses.py'), { python }));
    assert.equal(r.get('focal_loss')!.verdict, 'pass');
    assert.equal(r.get('focal_loss')!.gradient, 'torch.autograd');
    assert.equal(r.get('focal_loss')!.recipe, 'logits+binary');
    assert.equal(r.get('smooth_l1_loss')!.verdict, 'pass');
    assert.equal(r.get('SquaredError')!.verdict, 'pass');
    assert.equal(r.get('SquaredError')!.gradient, 'SquaredError.backward');
    const broken = r.get('BrokenSquaredError')!;
    assert.equal(broken.verdict, 'fail');
    assert.ok(Math.abs(broken.worst!.analytic + broken.worst!.numeric) < 1e-6, 'the flipped sign');
    assert.equal(r.get('DiceLoss')!.verdict, 'pass');
    const f32 = r.get('float32_mse_loss')!;
    assert.equal(f32.verdict, 'pass');
    assert.match(f32.warnings.join('\n'), /computed in float32: tolerance widened/);
    assert.match(f32.tolerance.reason ?? '', /float32/);
    assert.equal(r.get('nll_from_logits')!.verdict, 'pass');
    assert.ok(!r.has('Net'));
  });
});
