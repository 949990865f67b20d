/**
 * What a JS/TS check runs: the module's definitions only (src/gradcheck/jsDefinitions.ts), never a
 * script's own top-level statements; a left-out statement a loss needed is named; a relative module
 * that cannot be loaded fails only the check that uses it; lines and columns stay the user's.
 * The JS counterpart of gradcheck-python-loading.test.ts.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { definitionsOnly, leftOutBinding, type Definitions } from '../../src/gradcheck/jsDefinitions';
import { english, render, type Translate } from '../../src/gradcheck/messages';
import { ProcessHost } from '../../src/gradcheck/runners/processHost';
import { spawnJsRunner } from '../../src/gradcheck/runners/spawn';
import type { CheckResult } from '../../src/gradcheck/types';
import { CORPUS } from './gradcheck-helpers';

const JS = path.join(CORPUS, 'loading', 'js');
const file = (f: string): string => path.join(JS, f);
const byName = (results: CheckResult[]): Map<string | null, CheckResult> =>
  new Map(results.map((r) => [r.function, r]));

const ts = (source: string): Definitions => definitionsOnly(source, 'typescript');
const js = (source: string): Definitions => definitionsOnly(source, 'javascript');
/** The left-out statements as `line: why` in English. */
const reasons = (d: Definitions): string[] => d.leftOut.map((l) => `${l.line}: ${render(l.why)}`);

describe('gradcheck: JS/TS definitions-only loading (what is kept, what is blanked)', () => {
  it('blanks a training script’s top-level statements and keeps every line and column in place', () => {
    const source = readFileSync(file('training_script.js'), 'utf8');
    const d = js(source);
    assert.equal(d.code.length, source.length);
    const lines = source.split('\n');
    const kept = d.code.split('\n');
    assert.equal(kept.length, lines.length);
    const blanked = new Set(d.leftOut.map((l) => l.line));
    kept.forEach((line, i) => {
      // A blanked line is spaces (a `;` first, so the statements around it cannot join); the others are untouched.
      if (line.trim() === '' || line.trim() === ';')
        assert.ok(lines[i].trim() === '' || line.length === lines[i].length, `line ${i + 1}`);
      else assert.equal(line, lines[i], `line ${i + 1} changed`);
    });
    assert.deepEqual(reasons(d), [
      '21: it calls fs.mkdirSync',
      '22: it calls fs.writeFileSync',
      '23: it awaits at load',
      '24: it runs code at load (a for statement)',
      '27: it calls learnCoefficients',
      '28: it runs code at load that does more than define (line 29: it calls fs.rmSync)',
      '31: it calls process.exit',
    ]);
    assert.ok(
      [21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31].every(
        (n) => blanked.has(n) || kept[n - 1].trim() === '' || kept[n - 1].trim() === ';',
      ),
    );
    assert.match(d.code, /^function mseLoss\(pred, target\) \{$/m);
    assert.match(d.code, /^module\.exports = \{ mseLoss, mseLossGrad \};$/m);
    assert.equal(d.leftOut[2].text, "const data = await fetch('https://example.invalid/train.csv');");
    assert.deepEqual(d.leftOut[2].binds, ['data']);
  });

  it('keeps imports, require bindings, functions, classes, safe constants, member assignments and TS declarations', () => {
    const source = [
      "'use strict';",
      "import * as tf from '@tensorflow/tfjs-core';",
      "import '@tensorflow/tfjs-backend-cpu';",
      "import type { Tensor } from '@tensorflow/tfjs-core';",
      "const fs = require('node:fs');",
      "const { join } = require('node:path');",
      'const EPS = 1e-7, HALF = 0.5, TWO = Math.sqrt(4);',
      'const TABLE = Object.freeze({ mse: 1, mae: [1, 2, -3], eps: EPS, ...{ k: `x${HALF}` } });',
      'const SQUARES = Array.from({ length: 4 }, (_, i) => i * i);',
      'const seen = new Map<string, number>();',
      'const C = tf.scalar(2);',
      'const ID = Symbol("id");',
      'let model;',
      'export interface LossFn { (a: number[], b: number[]): number }',
      "export type Name = 'mse' | 'mae';",
      'export enum Reduction { Mean = 1, Sum = 2 }',
      'declare const DEBUG: boolean;',
      'export function mse(a: number[], b: number[]): number { return fs ? 0 : 1; }',
      'export class Huber extends Object { static delta = HALF * TWO; forward(a: number[]) { return a; } }',
      'export const cost = { mse, mae(a: number[]) { return 0; }, huber: (a: number[]) => 0 } as const;',
      'cost.extra = function (a) { return a; };',
      'Huber.prototype.backward = function () { return 0; };',
      'module.exports.cost = cost;',
      'exports = module.exports = cost;',
      'Object.defineProperty(exports, "__esModule", { value: true });',
      'export default cost;',
      'export { join as joinPath };',
      "export * from './other';",
    ].join('\n');
    const d = ts(source);
    assert.deepEqual(reasons(d), []);
    assert.equal(d.code, source);
  });

  it('leaves out calls of the module’s own code, file reads, `new` of its classes and what reads a name it left out', () => {
    const d = js(
      [
        "const fs = require('fs');",
        'function loadFactor() { return 2; }',
        'class Net {}',
        'const FACTOR = loadFactor();',
        "const weights = JSON.parse(fs.readFileSync('w.json', 'utf8'));",
        'const net = new Net();',
        'const DOUBLE = FACTOR * 2;',
        'const table = [1, 2].map((x) => x * FACTOR);',
        'const model = tf.sequential();',
        'let state;',
        'state = loadFactor();',
        'const copy = state;',
        'cost.mse = function () {};',
        'Array.prototype.total = loadFactor();',
      ].join('\n'),
    );
    assert.deepEqual(reasons(d), [
      '4: it calls loadFactor',
      '5: it calls fs.readFileSync',
      '6: it calls new Net',
      '7: it reads FACTOR, which the statement at line 4 sets, and the check does not run that',
      '8: it calls [1, 2].map',
      '9: it reads tf, which is not defined before it',
      '11: it calls loadFactor',
      '12: it reads state, which the statement at line 11 sets, and the check does not run that',
      '13: it reads cost, which is not defined before it',
      '14: it calls loadFactor',
    ]);
    assert.deepEqual(
      d.leftOut.map((l) => l.binds),
      [
        ['FACTOR'],
        ['weights'],
        ['net'],
        ['DOUBLE'],
        ['table'],
        ['model'],
        ['state'],
        ['copy'],
        ['cost.mse'],
        ['Array.prototype.total'],
      ],
    );
  });

  it('filters inside if and try blocks, and leaves out the script’s own entry and loops whole', () => {
    const source = [
      "if (typeof module !== 'undefined' && module.exports) {",
      '  module.exports = { a: 1 };',
      '  start();',
      '} else {',
      '  window.losses = {};',
      '}',
      'try {',
      "  var optional = require('optional-dep');",
      '} catch (e) {',
      '  console.warn(e);',
      '  optional = null;',
      '}',
      'if (require.main === module) {',
      '  main();',
      '}',
      'if (!module.parent) main();',
      'if (shouldTrain()) train();',
      'while (true) {}',
    ].join('\n');
    const d = js(source);
    assert.deepEqual(reasons(d), [
      '3: it calls start',
      '5: it reads window, which is not defined before it',
      '10: it calls console.warn',
      '13: it is the script’s own entry (require.main === module)',
      '16: it is the script’s own entry (!module.parent)',
      '17: it calls shouldTrain',
      '18: it runs code at load (a while statement)',
    ]);
    const lines = d.code.split('\n');
    assert.equal(lines[1], '  module.exports = { a: 1 };');
    assert.equal(lines[2].trim(), ';');
    assert.equal(lines[7], "  var optional = require('optional-dep');");
    assert.equal(lines[10], '  optional = null;');
  });

  it('keeps a function run at once whose body only defines (compiled classes), not one that does more', () => {
    const d = js(
      [
        'var __extends = (this && this.__extends) || (function () {',
        '  var extendStatics = function (d, b) { extendStatics = Object.setPrototypeOf; return extendStatics(d, b); };',
        '  return function (d, b) { extendStatics(d, b); };',
        '})();',
        'var Base = /** @class */ (function () {',
        '  function Base() {}',
        '  return Base;',
        '}());',
        'var Huber = /** @class */ (function (_super) {',
        '  __extends(Huber, _super);',
        '  function Huber() { return _super.call(this) || this; }',
        '  Huber.prototype.forward = function (a, b) { return 0; };',
        '  return Huber;',
        '}(Base));',
        'exports.Huber = Huber;',
        '(function () {',
        '  downloadData();',
        '})();',
        '!function () { run(); }();',
      ].join('\n'),
    );
    assert.deepEqual(reasons(d), [
      '16: it runs code at load that does more than define (line 17: it calls downloadData)',
      '19: it runs code at load that does more than define (line 19: it calls run)',
    ]);
  });

  it('keeps tfjs tensor and layer constants; leaves out loading, training and backend changes', () => {
    const d = ts(
      [
        "import * as tf from '@tensorflow/tfjs';",
        'const EPS = tf.scalar(1e-7);',
        'const W = tf.variable(tf.randomNormal([3, 2]));',
        'const opt = tf.train.adam(0.01);',
        'const dense = tf.layers.dense({ units: 1 });',
        'const ONE = tf.tidy(() => tf.ones([2]));',
        "const model = await tf.loadLayersModel('file://model.json');",
        "tf.setBackend('cpu');",
        'const TIDY = tf.tidy(() => { train(); return 1; });',
        'tf.enableProdMode();',
        'const grad = tf.grad((x: tf.Tensor) => x.square());',
      ].join('\n'),
    );
    assert.deepEqual(reasons(d), [
      '7: it awaits at load',
      '8: it calls tf.setBackend',
      '9: it runs a function at load (passed to tf.tidy)',
      '10: it calls tf.enableProdMode',
    ]);
  });

  it('names the left-out statement for a name, a member of a left-out object, or a prototype method', () => {
    const d = js(
      [
        'const SCALE = readScale();',
        'const cost = makeCost();',
        'cost2.mse = make();',
        'Array.prototype.sum = make();',
        'exports.huber = makeHuber();',
      ].join('\n'),
    );
    assert.equal(leftOutBinding(d.leftOut, 'SCALE')?.line, 1);
    assert.equal(leftOutBinding(d.leftOut, 'cost.mse')?.line, 2);
    assert.equal(leftOutBinding(d.leftOut, 'p.sum')?.line, 4);
    assert.equal(leftOutBinding(d.leftOut, 'huber')?.line, 5);
    assert.equal(leftOutBinding(d.leftOut, 'other'), undefined);
  });

  it('keeps the code unchanged when nothing is left out, and blanks a statement without `;` so the next cannot join it', () => {
    const plain = 'export function mse(a, b) { return 0; }\n';
    assert.equal(js(plain).code, plain);
    // The `;` at the start of line 3 ends `train()`: it goes with it, and the next statement gets its own.
    // `run()` and `[0].map(g)` are one statement (no ASI before `[`): blanked as one.
    const d = js('const f = function () {}\ntrain()\n;[1].forEach(f)\nconst g = f\nrun()\n[0].map(g)\n');
    assert.equal(d.code, 'const f = function () {}\n;      \n ;             \nconst g = f\n;    \n          \n');
    assert.deepEqual(reasons(d), ['2: it calls train', '3: it calls [1].forEach', '5: it calls run() [0].map']);
  });
});

const bundle = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'),
) as Record<string, string>;
const zh: Translate = (message, ...args) => {
  assert.ok(Object.hasOwn(bundle, message), `no zh-cn translation of ${JSON.stringify(message)}`);
  return english(bundle[message], ...args);
};

describe('gradcheck: what a JS/TS check runs, end to end', function () {
  this.timeout(60_000);
  const checker = new GradChecker(nodeRunners);
  after(() => checker.dispose());

  it('never runs a script’s own top-level statements: no folder made, no file written or deleted, no training, no exit', async () => {
    rmSync(file('runs'), { recursive: true, force: true });
    writeFileSync(file('keep-me.txt'), 'the script’s IIFE would delete this file\n');
    try {
      const r = byName(await checker.checkFile(file('training_script.js')));
      const mse = r.get('mseLoss')!;
      assert.equal(mse.verdict, 'pass', mse.message);
      assert.equal(mse.gradient, 'paired:mseLossGrad');
      assert.ok(!existsSync(file('runs')), 'fs.mkdirSync at the top level ran');
      assert.ok(existsSync(file('keep-me.txt')), 'the IIFE at the top level ran');
      assert.doesNotMatch(mse.output ?? '', /epoch/);
    } finally {
      rmSync(file('runs'), { recursive: true, force: true });
      rmSync(file('keep-me.txt'), { force: true });
    }
  });

  it('names the left-out statement a loss needed (a name not defined, a member of undefined), in English and Chinese', async () => {
    const r = byName(await checker.checkFile(file('needs_left_out.ts')));
    const scaled = r.get('scaledMseLoss')!;
    assert.equal(scaled.verdict, 'error');
    assert.match(
      scaled.message,
      /scaledMseLoss threw ReferenceError: SCALE is not defined: SCALE is defined at line 9 by a statement the check does not run \(const SCALE = readScale\(\);: it calls readScale\); define it with a plain value or inside a function/,
    );
    const weighted = r.get('weightedMseLoss')!;
    assert.equal(weighted.verdict, 'error');
    assert.match(
      weighted.message,
      /weights is defined at line 11 by a statement the check does not run \(weights = JSON\.parse\(readFileSync\('weights\.json', 'utf8'\)\);: it calls readFileSync\)/,
    );
    const [inChinese] = await checker.checkFile(file('needs_left_out.ts'), { function: 'scaledMseLoss', t: zh });
    assert.match(
      inChinese.message,
      /SCALE 在第 9 行由一条检查不会运行的语句定义（const SCALE = readScale\(\);：它调用了 readScale）；请用普通的值定义它，或把它移到函数内/,
    );
  });

  it('binds a relative module that cannot be loaded to a stub that fails only where it is used; a missing package fails the load', async () => {
    const r = byName(await checker.checkFile(file('missing_sibling.js')));
    assert.equal(r.get('mseLoss')!.verdict, 'pass', r.get('mseLoss')!.message);
    const normalized = r.get('normalizedLoss')!;
    assert.equal(normalized.verdict, 'error');
    assert.match(
      normalized.message,
      /normalizedLoss threw \.\/absent_data could not be loaded: Cannot find module '\.\/absent_data'; the check needed it \(count was used\)/,
    );
    const missing = await checker.checkFile(file('missing_package.js'));
    assert.deepEqual([missing.length, missing[0].verdict, missing[0].function], [1, 'error', null]);
    assert.match(
      missing[0].message,
      /loading missing_package\.js threw: Error: Cannot find module 'lp-no-such-package'/,
    );
  });

  it('keeps TypeScript interfaces, types, enums and declare; runs no top-level call', async () => {
    const [r] = await checker.checkFile(file('typed_losses.ts'));
    assert.equal(r.function, 'reducedMseLoss');
    assert.equal(r.verdict, 'pass', r.message);
    assert.doesNotMatch(r.output ?? '', /training with/);
  });

  it('keeps the user’s line numbers in stack traces after blanked statements', async () => {
    const [r] = await checker.checkFile(file('throws_after_blanks.ts'));
    assert.equal(r.verdict, 'error');
    assert.match(r.message, /brokenLoss threw RangeError: broken on purpose/);
    assert.match(r.traceback ?? '', /throws_after_blanks\.ts:14:\d+/);
  });

  it('still runs what the module imports: an exit there is a load error', async () => {
    const r = await checker.checkFile(file('exit_in_import.js'), { timeoutMs: 5000 });
    assert.deepEqual([r.length, r[0].verdict, r[0].function], [1, 'error', null]);
    assert.match(r[0].message, /exited with code 6 while loading the module/);
  });

  it('says in its load reply what it left out, as the Python driver does', async () => {
    const host = new ProcessHost(() => spawnJsRunner(1024 ** 3));
    try {
      const outcome = await host.request(
        { op: 'load', file: file('training_script.js') },
        { timeoutMs: 20_000, memoryLimitBytes: 1024 ** 3 },
      );
      const reply = outcome.reply as { ok: boolean; leftOut: { line: number; text: string; why: string }[] };
      assert.ok(reply.ok, JSON.stringify(outcome));
      assert.deepEqual(reply.leftOut[0], {
        line: 21,
        text: 'fs.mkdirSync(RUNS, { recursive: true });',
        why: 'it calls fs.mkdirSync',
      });
      assert.equal(reply.leftOut.length, 7);
    } finally {
      host.dispose();
    }
  });
});
