import { strict as assert } from 'node:assert';
import { discoverLosses } from '../../src/gradcheck/discover';
import type { DiscoveredLoss } from '../../src/gradcheck/types';

const js = (text: string): DiscoveredLoss[] => discoverLosses(text, 'javascript').losses;
const ts = (text: string): DiscoveredLoss[] => discoverLosses(text, 'typescript').losses;
/** Each loss as [object or class, name, paired gradient]. */
const summary = (losses: DiscoveredLoss[]): Array<[string | undefined, string, string | undefined]> =>
  losses.map((l) => [l.objectName ?? l.className, l.name, l.pairedGradient]);

describe('gradcheck discovery: JS/TS cost objects', () => {
  it('finds the members of an object literal: methods, function and arrow values, quoted keys', () => {
    const text = [
      'const cost = {',
      '  mse(target, output) { return 0; },',
      '  crossEntropy: (target, output) => 0,',
      "  'BINARY': function (target, output) { return 0; },",
      '  rate: 0.1,',
      '  get name() { return "cost"; },',
      '};',
    ].join('\n');
    const losses = js(text);
    assert.deepEqual(summary(losses), [
      ['cost', 'mse', undefined],
      ['cost', 'crossEntropy', undefined],
      ['cost', 'BINARY', undefined],
    ]);
    assert.ok(losses.every((l) => l.kind === 'member' && l.language === 'javascript'));
    // The lens sits on the member's name; the range covers the property.
    assert.deepEqual(losses[1].nameRange, { start: { line: 2, character: 2 }, end: { line: 2, character: 14 } });
    assert.deepEqual(losses[1].range.start, { line: 2, character: 2 });
    assert.equal(losses[2].line, 4);
  });

  it('finds members assigned one by one, and object literals assigned to members and exports', () => {
    const text = [
      'var cost = {};',
      'cost.CROSS_ENTROPY = function (target, output) { return 0; };',
      'Cost.MSE = (target, output) => 0;',
      'methods.cost = { MAE: function (target, output) { return 0; }, HINGE(target, output) { return 0; } };',
      'module.exports = { huberLoss: function (p, t) { return 0; }, helper: function (a, b) { return a; } };',
      'exports.tripletLoss = function (a, p, n) { return 0; };',
    ].join('\n');
    assert.deepEqual(summary(js(text)), [
      ['cost', 'CROSS_ENTROPY', undefined],
      ['Cost', 'MSE', undefined],
      ['methods.cost', 'MAE', undefined],
      ['methods.cost', 'HINGE', undefined],
      // A plain export object holds a loss by its name only: `helper` is not one.
      ['module.exports', 'huberLoss', undefined],
      // exports.f = function stays a function of the module.
      [undefined, 'tripletLoss', undefined],
    ]);
    assert.deepEqual(
      js(text).map((l) => l.kind),
      ['member', 'member', 'member', 'member', 'member', 'function'],
    );
  });

  it('takes every two-argument function of a cost table as a loss, and nothing of other tables', () => {
    const text = [
      'export const lossFunctions = { MAPE: (t, o) => 0, BINARY: (t, o) => 0, describe: (name) => name };',
      'export const ErrorFunctions = { Difference: (p, t) => t - p };',
      'export const ErrorHandlers = { onTimeout: (req, res) => res };',
      'export const utils = { clamp: (x, lo) => x, mse: (p, t) => 0 };',
      'export default { focalLoss(p, y) { return 0; } };',
    ].join('\n');
    assert.deepEqual(summary(ts(text)), [
      ['lossFunctions', 'MAPE', undefined],
      ['lossFunctions', 'BINARY', undefined],
      ['ErrorFunctions', 'Difference', undefined],
      ['utils', 'mse', undefined],
      ['default', 'focalLoss', undefined],
    ]);
  });

  it('pairs { fn, derivative } and { cost(), derivative() } objects; a derivative is never a loss', () => {
    const text = [
      'const MSE = { cost(target, output) { return 0; }, derivative(target, output) { return []; } };',
      'const costs = {',
      '  mse: { fn: (y, yHat) => 0, derivative: (y, yHat) => [] },',
      '  crossEntropy: { fn(y, yHat) { return 0; }, deriv(y, yHat) { return []; } },',
      '  quadratic: { loss: (a, y) => 0, gradient: (a, y) => [] },',
      '};',
      'const SSE = { forward: (y, outputs) => 0, backward: (y, outputs) => [] };',
    ].join('\n');
    assert.deepEqual(summary(js(text)), [
      ['MSE', 'cost', 'derivative'],
      ['costs.mse', 'fn', 'derivative'],
      ['costs.crossEntropy', 'fn', 'deriv'],
      ['costs.quadratic', 'loss', 'gradient'],
      ['SSE', 'forward', 'backward'],
    ]);
  });

  it('leaves activations { fn, derivative } and layers with forward/backward alone', () => {
    const text = [
      'const activations = { sigmoid: { fn: (x) => 1 / (1 + Math.exp(-x)), derivative: (y) => y * (1 - y) } };',
      'class Dense { forward(x, w) { return x; } backward(grad, w) { return grad; } }',
      'const layer = { fn: (x, w) => x, derivative: (x, w) => w };',
    ].join('\n');
    assert.deepEqual(js(text), []);
  });

  it('pairs a function with its own derivative member (MSE.derivative = ...) and by the naming conventions', () => {
    const text = [
      'const MSE = (predicted: number[], expected: number[]): number => 0;',
      'MSE.derivative = (predicted: number[], expected: number[]): number[] => [];',
      'MSE.toString = () => "MSE";',
      'function CrossEntropy(p: number[], t: number[]): number { return 0; }',
      'CrossEntropy.grad = function (p: number[], t: number[]) { return p; };',
      'export const losses = { mse(p: number[], t: number[]) { return 0; }, mseDerivative(p: number[], t: number[]) { return p; } };',
    ].join('\n');
    assert.deepEqual(summary(ts(text)), [
      [undefined, 'MSE', 'MSE.derivative'],
      [undefined, 'CrossEntropy', 'CrossEntropy.grad'],
      ['losses', 'mse', 'mseDerivative'],
    ]);
  });

  it('reads an annotation in the JSDoc of a member', () => {
    const text = [
      'const cost = {',
      '  /** @gradcheck p=rand(8) y=binary(8) */',
      '  focal(p, y, gamma = 2) { return 0; },',
      '};',
    ].join('\n');
    const [focal] = js(text);
    assert.equal(focal.reason, 'annotation');
    assert.deepEqual(focal.annotation!.args.p, { kind: 'generator', generator: 'rand', dims: [8] });
    assert.equal(focal.doc, '@gradcheck p=rand(8) y=binary(8)');
  });
});

describe('gradcheck discovery: JS/TS loss classes', () => {
  it('pairs loss + gradient methods and records the constructor parameters', () => {
    const text = [
      'export class HuberLoss {',
      '  constructor(private readonly delta: number, reduction: string = "mean", eps?: number) {}',
      '  loss(predictions: number[], targets: number[]): number { return 0; }',
      '  gradient(predictions: number[], targets: number[]): number[] { return []; }',
      '}',
    ].join('\n');
    const [huber] = ts(text);
    assert.deepEqual(summary([huber]), [['HuberLoss', 'loss', 'gradient']]);
    assert.equal(huber.kind, 'method');
    assert.deepEqual(
      huber.init!.map((p) => [p.name, p.type, p.default]),
      [
        ['delta', 'number', undefined],
        ['reduction', 'string', '"mean"'],
        ['eps', 'number', 'undefined'],
      ],
    );
  });

  it('takes the loss method of a loss-named class, static methods as members of the class, ES5 prototypes', () => {
    const text = [
      'class CrossEntropy { calculate(target, output) { return 0; } describe(a, b) { return ""; } }',
      'class MSELoss { forward(output, target) { return 0; } backward() { return []; } }',
      'class Cost { static crossEntropy(targets, outputs) { return 0; } static meanSquaredError(a, b) { return 0; } }',
      'class Model { loss = (pred, target) => 0; grad = (pred, target) => []; }',
      'function LogLoss(eps) { this.eps = eps; }',
      'LogLoss.prototype.fn = function (output, target) { return 0; };',
      'LogLoss.prototype.delta = function (inputs, output, target) { return 0; };',
    ].join('\n');
    const losses = js(text);
    assert.deepEqual(summary(losses), [
      ['CrossEntropy', 'calculate', undefined],
      ['MSELoss', 'forward', 'backward'],
      ['Cost', 'crossEntropy', undefined],
      ['Cost', 'meanSquaredError', undefined],
      ['Model', 'loss', 'grad'],
      ['LogLoss', 'fn', undefined],
    ]);
    assert.deepEqual(
      losses.map((l) => l.kind),
      ['method', 'method', 'member', 'member', 'method', 'method'],
    );
    // An ES5 constructor's parameters are the class's.
    assert.deepEqual(
      losses[5].init!.map((p) => p.name),
      ['eps'],
    );
  });

  it('leaves abstract methods, overloads and base methods that only throw alone', () => {
    const text = [
      'export abstract class Loss {',
      '  abstract loss(p: number[], t: number[]): number;',
      '  crossEntropy(p: number[], t: number[]): number { throw new Error("not implemented"); }',
      '}',
      'export function mseLoss(p: number[], t: number[]): number;',
      'export function mseLoss(p: number[], t: number[]): number { return 0; }',
    ].join('\n');
    assert.deepEqual(summary(ts(text)), [[undefined, 'mseLoss', undefined]]);
  });
});

describe('gradcheck discovery: JS/TS losses that return their gradient, docs, tfjs', () => {
  it('marks a loss whose every return is [loss, grad] or { loss, grad }, even named for both', () => {
    const text = [
      'function softmaxLoss(x, y) {',
      '  if (!x.length) return { loss: 0, dx: [] };',
      '  const inner = () => 1;',
      '  return { loss: inner(), dx: x };',
      '}',
      'const mseLossAndGrad = (pred, target) => [0, pred];',
      'function hingeLoss(scores: number[], y: number[]): [number, number[]] { const out: [number, number[]] = [0, scores]; return out; }',
      'function l1Loss(p, t) { if (p.length) return [0, p]; return 0; }',
      'function gradMse(p, t) { return [0, p]; }',
    ].join('\n');
    const losses = ts(text);
    assert.deepEqual(
      losses.map((l) => [l.name, l.returnsGradient ?? false]),
      [
        ['softmaxLoss', true],
        ['mseLossAndGrad', true],
        ['hingeLoss', true],
        ['l1Loss', false],
      ],
    );
  });

  it('keeps the JSDoc text without its delimiters', () => {
    const text = [
      '/**',
      ' * Mean squared error.',
      ' * @param p predictions, shape (N,)',
      ' */',
      'export function mse(p: number[], t: number[]): number { return 0; }',
    ].join('\n');
    assert.equal(ts(text)[0].doc, 'Mean squared error.\n@param p predictions, shape (N,)');
  });

  it('says which losses use tfjs, by the import and the alias in the body', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'export function huberLoss(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar { return tf.losses.huberLoss(labels, predictions) as tf.Scalar; }',
      'export function mseLoss(p: number[], t: number[]): number { return 0; }',
    ].join('\n');
    const d = discoverLosses(text, 'typescript');
    assert.deepEqual(d.imports, ['tensorflow']);
    assert.deepEqual(
      d.losses.map((l) => [l.name, l.frameworks]),
      [
        ['huberLoss', ['tensorflow']],
        ['mseLoss', []],
      ],
    );
    const required = discoverLosses(
      "const tfn = require('@tensorflow/tfjs-node');\nfunction diceLoss(y, p) { return tfn.sum(p); }",
      'javascript',
    );
    assert.deepEqual(required.losses[0].frameworks, ['tensorflow']);
  });
});
