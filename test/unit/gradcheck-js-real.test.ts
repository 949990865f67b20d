/**
 * JS/TS losses as people write them (test/gradcheck-corpus/js-real/: cost tables, member
 * assignments, functions carrying their derivative, loss classes with constructor arguments,
 * forward/backward objects, losses returning their gradient, tfjs), discovered and checked end to
 * end through GradChecker. The expected verdicts come from verdicts.ts beside the corpus, which
 * calls each loss directly at its own points and compares central differences by hand.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { discoverLosses } from '../../src/gradcheck/discover';
import { planInputs } from '../../src/gradcheck/inputs';
import { ProcessHost } from '../../src/gradcheck/runners/processHost';
import type {
  CheckReply,
  CheckRequest,
  GradientSource,
  RunnerError,
  WireArg,
  WireArray,
  WireTarget,
} from '../../src/gradcheck/runners/protocol';
import { spawnJsRunner } from '../../src/gradcheck/runners/spawn';
import type { CheckResult } from '../../src/gradcheck/types';
import { CORPUS } from './gradcheck-helpers';

const REAL = path.join(CORPUS, 'js-real');
const file = (f: string): string => path.join(REAL, f);
const byLine = (results: CheckResult[]): Map<number | null, CheckResult> => new Map(results.map((r) => [r.line, r]));

/** The file's text with a JSDoc annotation line inserted before 1-based `line` (what a user would add). */
function annotated(f: string, line: number, annotation: string): string {
  const lines = readFileSync(file(f), 'utf8').split('\n');
  const indent = /^\s*/.exec(lines[line - 1])![0];
  lines.splice(line - 1, 0, `${indent}/** @gradcheck ${annotation} */`);
  return lines.join('\n');
}

describe('gradcheck: real JS/TS losses, discovered', () => {
  const discover = (f: string): Array<[string | undefined, string, string | undefined, number]> =>
    discoverLosses(readFileSync(file(f), 'utf8'), f, f).losses.map((l) => [
      l.objectName ?? l.className,
      l.name,
      l.pairedGradient,
      l.line,
    ]);

  it('finds the members of cost tables, assigned one by one or as literals', () => {
    assert.deepEqual(discover('neataptic-cost.js'), [
      ['cost', 'CROSS_ENTROPY', undefined, 10],
      ['cost', 'MSE', undefined, 19],
      ['cost', 'BINARY', undefined, 25],
      ['cost', 'MAE', undefined, 31],
      ['cost', 'MAPE', undefined, 37],
      ['cost', 'HINGE', undefined, 43],
    ]);
    assert.deepEqual(discover('synaptic-cost.js'), [
      ['cost', 'CROSS_ENTROPY', undefined, 10],
      ['cost', 'MSE', undefined, 16],
      ['Trainer.cost', 'CROSS_ENTROPY', undefined, 37],
      ['Trainer.cost', 'MSE', undefined, 40],
    ]);
    assert.deepEqual(discover('netmath.js'), [['NetMath', 'crossentropy', undefined, 16]]);
  });

  it('pairs derivative members, forward/backward objects, loss classes and returned gradients', () => {
    assert.deepEqual(discover('loss-collection.ts'), [
      [undefined, 'MSE', 'MSE.derivative', 19],
      [undefined, 'CrossEntropy', 'CrossEntropy.derivative', 30],
    ]);
    assert.deepEqual(discover('error-functions.js'), [[undefined, 'MSE', 'MSE.derivative', 13]]);
    assert.deepEqual(discover('forward-backward.ts'), [
      ['mse', 'forward', 'backward', 16],
      ['crossEntropy', 'forward', 'backward', 31],
    ]);
    assert.deepEqual(discover('loss-classes.ts'), [
      ['HuberLoss', 'loss', 'gradient', 15],
      ['SoftmaxCrossEntropy', 'forward', 'backward', 37],
    ]);
    const huber = discoverLosses(readFileSync(file('loss-classes.ts'), 'utf8'), 'typescript').losses[0];
    assert.deepEqual(huber.init, [{ name: 'delta', kind: 'positional', type: 'number' }]);
    const returned = discoverLosses(readFileSync(file('returns-gradient.js'), 'utf8'), 'javascript').losses;
    assert.deepEqual(
      returned.map((l) => [l.name, l.returnsGradient]),
      [
        ['softmaxLoss', true],
        ['mseLossAndGrad', true],
      ],
    );
    const tfjs = discoverLosses(readFileSync(file('tfjs-losses.ts'), 'utf8'), 'typescript');
    assert.deepEqual(tfjs.imports, ['tensorflow']);
    assert.deepEqual(
      tfjs.losses.map((l) => [l.name, l.pairedGradient, l.frameworks]),
      [
        ['negativeLabelsCrossEntropy', undefined, ['tensorflow']],
        ['meanSquaredError', 'meanSquaredErrorGradient', ['tensorflow']],
        ['absoluteDifference', 'absoluteDifferenceGradient', ['tensorflow']],
      ],
    );
  });
});

describe('gradcheck: real JS/TS losses, checked end to end', function () {
  this.timeout(60_000);
  const checker = new GradChecker(nodeRunners);
  after(() => checker.dispose());

  it('runs every member of the cost tables on its object: no gradient, so skipped, never an error', async () => {
    for (const f of ['neataptic-cost.js', 'synaptic-cost.js', 'netmath.js']) {
      const results = await checker.checkFile(file(f));
      assert.ok(results.length > 0, f);
      for (const r of results) {
        assert.equal(r.verdict, 'skipped', `${f}:${r.line} ${r.function}: ${r.message}`);
        assert.match(r.message, /no paired gradient/);
      }
    }
  });

  it('checks a function against its own derivative member: MSE passes, the softmax-logits derivative of CrossEntropy fails', async () => {
    const r = byLine(await checker.checkFile(file('loss-collection.ts')));
    const mse = r.get(19)!;
    assert.equal(mse.verdict, 'pass', mse.message);
    assert.equal(mse.gradient, 'paired:MSE.derivative');
    assert.ok(mse.maxRelError! < 1e-6);
    const ce = r.get(30)!;
    assert.equal(ce.verdict, 'fail', ce.message);
    // analytic p − e against numeric −e/p: where e = 0 the numeric slope is 0 and the analytic one is p.
    assert.ok(ce.worst!.analytic > -1 && ce.worst!.analytic < 1, JSON.stringify(ce.worst));
  });

  it('finds the flipped sign of a per-output error derivative (annotated: its arguments are scalars)', async () => {
    // Untyped scalar arguments: the planner cannot tell them from vectors, so the user says so.
    const text = annotated('error-functions.js', 13, 'expected=randn(1) predicted=randn(1) wrt=predicted');
    const [r] = await checker.checkFile(file('error-functions.js'), { text });
    assert.equal(r.verdict, 'fail', r.message);
    assert.equal(r.gradient, 'paired:MSE.derivative');
    assert.ok(
      Math.abs(r.worst!.analytic + r.worst!.numeric) < 1e-6 * Math.abs(r.worst!.numeric),
      JSON.stringify(r.worst),
    );
  });

  it('checks forward against a backward that writes into a gradient buffer', async () => {
    // The crossEntropy object's name is not (yet) what the planner reads, so its inputs are annotated.
    const text = annotated('forward-backward.ts', 31, 'predictions=rand(8) targets=binary(8)');
    const r = byLine(await checker.checkFile(file('forward-backward.ts'), { text }));
    assert.equal(r.get(16)!.verdict, 'pass', r.get(16)!.message);
    assert.equal(r.get(16)!.gradient, 'paired:backward');
    assert.equal(r.get(32)!.verdict, 'pass', r.get(32)!.message);
    assert.equal(r.get(32)!.recipe, 'annotation');
  });

  it('samples a member loss along one coordinate with its analytic gradient, for the playground plot', async () => {
    const [mse] = discoverLosses(readFileSync(file('forward-backward.ts'), 'utf8'), 'typescript').losses;
    const s = await checker.sampleSeries(file('forward-backward.ts'), mse, { index: 1, points: 5 });
    assert.equal(s.gradient, 'paired:backward');
    s.numeric.forEach((n, i) => assert.ok(Math.abs(s.analytic![i] - n) < 1e-6, `${s.analytic![i]} vs ${n}`));
  });

  it('builds a loss class with its constructor argument, and runs a stateful forward before backward()', async () => {
    const r = byLine(await checker.checkFile(file('loss-classes.ts')));
    const huber = r.get(15)!;
    assert.equal(huber.verdict, 'pass', huber.message);
    assert.equal(huber.function, 'HuberLoss.loss');
    assert.equal(huber.gradient, 'paired:gradient');
    const sce = r.get(37)!;
    assert.equal(sce.verdict, 'pass', sce.message);
    assert.equal(sce.gradient, 'paired:backward');
  });

  it('takes the gradient a loss returns beside its value, and finds one that misses the 1/n of the mean', async () => {
    const r = byLine(await checker.checkFile(file('returns-gradient.js')));
    const softmax = r.get(9)!;
    assert.equal(softmax.verdict, 'pass', softmax.message);
    assert.equal(softmax.gradient, 'returned:softmaxLoss');
    const mse = r.get(25)!;
    assert.equal(mse.verdict, 'fail', mse.message);
    assert.ok(Math.abs(mse.worst!.analytic / mse.worst!.numeric - 8) < 1e-4, JSON.stringify(mse.worst));
  });

  it('checks tfjs losses on tf.Tensor arguments with the project’s tfjs, in float32', async function () {
    const [, mseLoss] = discoverLosses(readFileSync(file('tfjs-losses.ts'), 'utf8'), 'typescript').losses;
    const planned = planInputs(mseLoss, 1234, 1).recipes[0].trials[0].find((a) => a.name === 'predictions');
    // Until the planner gives tf.Tensor parameters the 'tensor' form: the runner-level tests below cover them meanwhile.
    if (planned?.form !== 'tensor') this.skip();
    const r = byLine(await checker.checkFile(file('tfjs-losses.ts')));
    const mse = r.get(23)!;
    assert.equal(mse.verdict, 'pass', mse.message);
    assert.equal(mse.gradient, 'paired:meanSquaredErrorGradient');
    assert.match(mse.tolerance.reason ?? '', /float32/);
    const abs = r.get(31)!;
    assert.equal(abs.verdict, 'pass', abs.message);
    assert.ok(
      abs.warnings.some((w) => /returns 8 values \(a per-element loss\)/.test(w)),
      abs.warnings.join('\n'),
    );
    // No gradient function of its own: tfjs's tf.grad differentiates it, as torch.autograd a PyTorch loss.
    assert.equal(r.get(17)!.verdict, 'pass', r.get(17)!.message);
    assert.equal(r.get(17)!.gradient, 'tf.grad');
  });
});

/** Seeded normal values, for inputs the runner tests build themselves (not the planner's). */
function normals(n: number, seed: number): number[] {
  let s = seed;
  const u = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

const array = (data: number[], shape = [data.length]): WireArray => ({ dtype: 'float64', shape, data });

describe('gradcheck: the JS runner on tfjs tensors, members and classes', function () {
  this.timeout(60_000);
  let host: ProcessHost;
  beforeEach(() => (host = new ProcessHost(() => spawnJsRunner(2 * 1024 ** 3))));
  afterEach(() => host.dispose());

  type Reply = (CheckReply & { ok: true }) | { ok: false; error: RunnerError };
  async function check(o: {
    file: string;
    text?: string;
    target: WireTarget;
    args: WireArg[][];
    wrt: string;
    gradient: GradientSource;
  }): Promise<Reply> {
    const request: CheckRequest = {
      op: 'check',
      file: o.file,
      ...(o.text !== undefined ? { text: o.text } : {}),
      target: o.target,
      recipes: [{ name: 'test', trials: o.args }],
      wrt: o.wrt,
      gradient: o.gradient,
      step: 1e-6,
      projectionAbove: 4096,
      projectionDirections: 16,
      projectionSeed: 1,
      rtol: 1e-3,
      probes: [],
      framework: 'numpy',
    };
    const outcome = await host.request(request, { timeoutMs: 30_000, memoryLimitBytes: 2 * 1024 ** 3 });
    assert.ok(outcome.reply, JSON.stringify(outcome.failure));
    return outcome.reply as unknown as Reply;
  }
  /** Every analytic entry within float32's tolerance (rtol 2e-2, atol 1e-3) of its central difference. */
  function agrees(reply: CheckReply): void {
    for (const trial of reply.trials) {
      trial.numeric.forEach((n, i) => {
        const a = trial.analytic![i];
        assert.ok(n !== null && Math.abs(a - n) <= 1e-3 + 2e-2 * Math.abs(n), `[${i}] analytic ${a} vs numeric ${n}`);
      });
    }
  }
  const tensors = (seed: number, n = 8): WireArg[] => [
    { name: 'labels', value: array(normals(n, seed)), keyword: false, form: 'tensor' },
    { name: 'predictions', value: array(normals(n, seed + 1)), keyword: false, form: 'tensor' },
  ];

  it('builds tf.Tensor arguments with the project’s tfjs, reads a Scalar loss and a Tensor gradient, in float32', async () => {
    const reply = await check({
      file: file('tfjs-losses.ts'),
      target: { name: 'meanSquaredError', kind: 'function' },
      args: [tensors(1), tensors(2)],
      wrt: 'predictions',
      gradient: { kind: 'paired', name: 'meanSquaredErrorGradient' },
    });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.dtype, 'float32');
    assert.equal(reply.gradient, 'paired:meanSquaredErrorGradient');
    assert.deepEqual(
      reply.notes.map((n) => n.message),
      ['numeric step widened to 1e-3 for float32'],
    );
    agrees(reply);
  });

  it('sums a per-element loss tensor and says so', async () => {
    const reply = await check({
      file: file('tfjs-losses.ts'),
      target: { name: 'absoluteDifference', kind: 'function' },
      args: [tensors(3)],
      wrt: 'predictions',
      gradient: { kind: 'paired', name: 'absoluteDifferenceGradient' },
    });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(
      reply.notes[0].message,
      'absoluteDifference returns 8 values (a per-element loss): the gradient of their sum is checked',
    );
    agrees(reply);
  });

  it('differentiates a tfjs loss with tf.grad when it has no gradient function', async () => {
    const masks = array([1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1], [3, 4]);
    const probs = array(
      normals(12, 5).map((z) => 1 / (1 + Math.exp(-z))),
      [3, 4],
    );
    const args: WireArg[] = [
      { name: 'labelMasks', value: masks, keyword: false, form: 'tensor' },
      { name: 'predictedProbs', value: probs, keyword: false, form: 'tensor' },
    ];
    const reply = await check({
      file: file('tfjs-losses.ts'),
      target: { name: 'negativeLabelsCrossEntropy', kind: 'function' },
      args: [args],
      wrt: 'predictedProbs',
      gradient: { kind: 'autograd' },
    });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.gradient, 'tf.grad');
    assert.deepEqual(reply.trials[0].shape, [3, 4]);
    agrees(reply);
  });

  it('loads the CPU backend for a module that imports tfjs-core alone', async () => {
    const text =
      "import * as tf from '@tensorflow/tfjs-core';\nexport function sumLoss(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar { return tf.sum(tf.mul(predictions, labels)); }\nexport function sumLossGrad(labels: tf.Tensor, predictions: tf.Tensor): tf.Tensor { return labels; }\n";
    const reply = await check({
      file: file('unsaved-core-only.ts'),
      text,
      target: { name: 'sumLoss', kind: 'function' },
      args: [tensors(7)],
      wrt: 'predictions',
      gradient: { kind: 'paired', name: 'sumLossGrad' },
    });
    assert.ok(reply.ok, JSON.stringify(reply));
    agrees(reply);
  });

  it('says clearly that tfjs is needed when the project has none', async () => {
    // Types only: nothing requires tfjs while the module loads (a module that does fails there, naming it).
    const text =
      "import type { Tensor } from '@tensorflow/tfjs';\nexport function mseLoss(labels: Tensor, predictions: Tensor): Tensor { return predictions.sub(labels).square().mean(); }\n";
    const outside = path.join(os.tmpdir(), 'loss-playground-no-tfjs', 'losses.ts');
    const reply = await check({
      file: outside,
      text,
      target: { name: 'mseLoss', kind: 'function' },
      args: [tensors(1)],
      wrt: 'predictions',
      gradient: { kind: 'none' },
    });
    assert.ok(!reply.ok);
    assert.equal(reply.error.kind, 'load');
    assert.match(
      reply.error.message,
      /mseLoss takes tf\.Tensor arguments, but no tfjs .* can be loaded from .*loss-playground-no-tfjs: install it in the project \(npm install @tensorflow\/tfjs\)/,
    );
  });

  it('calls a member with this bound to its object, a static method on its class, and names a missing object', async () => {
    const text = [
      'export const cost = { scale: 2, mse(p, t) { return this.scale * p.reduce((s, x, i) => s + (x - t[i]) ** 2, 0); }, derivative(p, t) { return p.map((x, i) => 2 * this.scale * (x - t[i])); } };',
      'export class Cost { static factor = 3; static l2(p, t) { return Cost.factor * p.reduce((s, x) => s + x * x, 0); } }',
    ].join('\n');
    const args: WireArg[][] = [
      [
        { name: 'p', value: array(normals(5, 11)), keyword: false },
        { name: 't', value: array(normals(5, 12)), keyword: false },
      ],
    ];
    const member = await check({
      file: file('unsaved-members.js'),
      text,
      target: { name: 'mse', kind: 'member', objectName: 'cost' },
      args,
      wrt: 'p',
      gradient: { kind: 'paired', name: 'derivative' },
    });
    assert.ok(member.ok, JSON.stringify(member));
    assert.equal(member.dtype, 'float64');
    for (const trial of member.trials)
      trial.numeric.forEach((n, i) => assert.ok(Math.abs(trial.analytic![i] - n!) < 1e-6 * Math.max(1, Math.abs(n!))));
    const statik = await check({
      file: file('unsaved-members.js'),
      text,
      target: { name: 'l2', kind: 'member', objectName: 'Cost' },
      args,
      wrt: 'p',
      gradient: { kind: 'none' },
    });
    assert.ok(statik.ok, JSON.stringify(statik));
    assert.ok(Math.abs(statik.trials[0].numeric[0]! - 6 * normals(5, 11)[0]) < 1e-6);
    const missing = await check({
      file: file('unsaved-members.js'),
      text,
      target: { name: 'mse', kind: 'member', objectName: 'costs' },
      args,
      wrt: 'p',
      gradient: { kind: 'none' },
    });
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'not-found');
    assert.equal(
      missing.error.message,
      'costs is not an object or class at the top level of the module (found undefined)',
    );
  });

  it('passes constructor arguments in order, and says which ones a throwing constructor got', async () => {
    const text =
      'export class FocalLoss { constructor(gamma, alpha) { if (gamma === undefined) throw new Error("gamma is required"); this.gamma = gamma; this.alpha = alpha; } loss(p, y) { return this.gamma * 10 + this.alpha; } }';
    const args: WireArg[][] = [
      [
        { name: 'p', value: array([0.5, 0.2]), keyword: false },
        { name: 'y', value: array([1, 0]), keyword: false },
      ],
    ];
    const init: WireArg[] = [
      { name: 'gamma', value: 2, keyword: true },
      { name: 'alpha', value: 0.25, keyword: true },
    ];
    const built = await check({
      file: file('unsaved-class.js'),
      text,
      target: { name: 'loss', kind: 'method', className: 'FocalLoss', init },
      args,
      wrt: 'p',
      gradient: { kind: 'none' },
    });
    assert.ok(built.ok, JSON.stringify(built));
    assert.equal(built.trials[0].f0, 20.25);
    const thrown = await check({
      file: file('unsaved-class.js'),
      text,
      target: { name: 'loss', kind: 'method', className: 'FocalLoss' },
      args,
      wrt: 'p',
      gradient: { kind: 'none' },
    });
    assert.ok(!thrown.ok);
    assert.match(thrown.error.message, /^new FocalLoss\(\) threw: Error: gamma is required/);
  });
});
