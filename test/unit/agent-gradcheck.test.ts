// The grad-check tool without VS Code: what it tells the model about real checks
// (src/agent/gradcheckReport.ts), the confirmation it asks for (src/agent/confirmation.ts) and
// the rule that nothing runs without one.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfirmationLedger, gradcheckConfirmation, gradcheckProgress, inputKey } from '../../src/agent/confirmation';
import { gradcheckReport, notConfirmedText, resultText, untrustedText } from '../../src/agent/gradcheckReport';
import { GradChecker } from '../../src/gradcheck/checker';
import { discoverLosses } from '../../src/gradcheck/discover';
import { english } from '../../src/gradcheck/messages';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import type { CheckResult } from '../../src/gradcheck/types';
import { CORPUS } from './gradcheck-helpers';

const root = path.join(__dirname, '..', '..');

describe('agent: grad-check results for the model', function () {
  this.timeout(60_000);
  const checker = new GradChecker(nodeRunners);
  after(() => checker.dispose());
  const file = path.join(CORPUS, 'losses.ts');
  const text = readFileSync(file, 'utf8');
  const losses = new Map(discoverLosses(text, 'typescript').losses.map((l) => [l.name, l]));
  const check = (name: string): Promise<CheckResult> => checker.checkLoss(file, losses.get(name)!, { text, seed: 1 });

  it('a failing loss: the verdict, the worst element with both values, the gradient source and the inputs with their values', async () => {
    const r = await check('l1Loss');
    const out = resultText('l1Loss', r).split('\n');
    assert.equal(out[0], 'l1Loss (line 14): FAIL (the analytic gradient does not match finite differences)');
    assert.match(out[1], /^ {2}max relative error: \d\.\d\de[+-]\d+ \(tolerance rtol 0\.001, atol 0\.00001\)$/);
    // l1LossGrad returns +1/n everywhere: where the residual is negative the mean's slope is −1/n.
    // With n = 8 elements: analytic 0.125, numeric −0.125 (by hand, not from the checker).
    assert.match(out[2], /^ {2}worst element: pred\[\d\] in trial \d: analytic 0\.125, numeric -0\.125$/);
    assert.equal(out[3], '  gradient source: paired:l1LossGrad, with respect to pred');
    assert.match(out[4], /^ {2}inputs: recipe \S+, seed 1, 3 trials$/);
    assert.match(out[5], /^ {4}pred: randn\(8\) float64 shape \(8\), in trial 1: \[(-?\d[\d.e-]*,){7}-?\d[\d.e-]*\]$/);
    assert.match(out[6], /^ {4}target: randn\(8\) float64 shape \(8\), in trial 1: \[/);
    assert.ok(
      out.some((l) => l.startsWith('  message: ') && l.length > 20),
      out.join('\n'),
    );
  });

  it('a passing loss: no input values, and the report counts the verdicts', async () => {
    const pass = await check('mseLoss');
    const fail = await check('l1Loss');
    const block = resultText('mseLoss', pass);
    assert.match(block, /^mseLoss \(line \d+\): pass \(the analytic gradient matches finite differences\)$/m);
    assert.doesNotMatch(block, /in trial 1: \[/);
    const report = gradcheckReport('losses.ts', [
      { key: 'mseLoss', result: pass },
      { key: 'l1Loss', result: fail },
    ]);
    assert.match(report, /^Grad-check of losses\.ts: 2 losses, 1 pass, 1 fail\.\n\nmseLoss /);
    assert.match(
      gradcheckReport('losses.ts', [{ key: 'mseLoss', result: pass }], ['l1Loss'], true),
      /^Grad-check of losses\.ts: 2 losses, 1 pass \(cancelled\)\.[\s\S]*\n\nNot checked \(cancelled\): l1Loss\.$/,
    );
  });

  it('the reference comparison, kinks, warnings and the end of a traceback', () => {
    const base: CheckResult = {
      file: 'f.py',
      function: 'huber',
      line: 3,
      language: 'python',
      verdict: 'error',
      gradient: null,
      maxRelError: null,
      worst: null,
      message: 'ValueError: shapes\ndo not match',
      recipe: null,
      seed: 0,
      wrt: null,
      inputs: [{ name: 'x', generator: 'randn(4)', shape: [4], dtype: 'float64', values: [1, 2, 3, 4] }],
      warnings: ['float32'],
      kinks: 2,
      trials: 1,
      tolerance: { rtol: 1e-3, atol: 1e-5 },
      traceback: Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n'),
      durationMs: 5,
      reference: { id: 'huber', params: { delta: 1 }, convention: 'mean', agrees: false, message: 'off by ½' },
    };
    const out = resultText('huber', base);
    assert.match(out, /^huber \(line 3\): ERROR \(the check could not run to the end\)$/m);
    assert.match(out, /^ {2}inputs: seed 0, 1 trial\n {4}x: randn\(4\) float64 shape \(4\)$/m);
    assert.match(out, /^ {2}kinks: 2 elements at a kink/m);
    assert.match(
      out,
      /^ {2}reference: catalog loss huber\(delta=1\), convention 'mean': the value DIFFERS: off by ½$/m,
    );
    assert.match(out, /^ {2}warning: float32$/m);
    assert.match(out, /^ {2}message: ValueError: shapes do not match$/m);
    assert.match(out, /^ {2}traceback \(last 25 lines\):\n {4}line 16\n/m);
    assert.match(out, / {4}line 40$/);
  });

  it('refusals say that nothing ran and why', () => {
    assert.match(
      untrustedText('a.py'),
      /^Refused: .*not trusted \(Restricted Mode\)\. Nothing was run\. .*no confirmation overrides that/,
    );
    assert.match(notConfirmedText('a.py'), /^Refused: the user was not asked to confirm .* nothing was run/);
  });
});

describe('agent: the grad-check confirmation', () => {
  it('names what runs, where, and the limits', () => {
    const c = gradcheckConfirmation(
      { file: 'x', function: 'focal_loss' },
      'python/losses.py',
      { timeoutSeconds: 10, memoryMB: 2048 },
      english,
    );
    assert.equal(c.title, 'Run your loss code for a grad-check?');
    assert.match(
      c.message,
      /^Loss Playground will run `focal_loss` from `python\/losses\.py` and compare its gradient with finite differences\.\n\nIt runs the definitions of the file only .* at most 10 s per check and 2048 MB of memory\./,
    );
    assert.match(
      gradcheckConfirmation({ file: 'x' }, 'a.py', { timeoutSeconds: 2.5, memoryMB: 64 }, english).message,
      /will run every loss from `a\.py`/,
    );
    assert.equal(gradcheckProgress({ file: 'x', function: 'mse' }, 'a.py', english), 'Grad-checking `mse` in a.py');
  });

  it('reads in Chinese with vscode.l10n.t', () => {
    const zh = JSON.parse(readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<
      string,
      string
    >;
    const t = (m: string, ...a: Array<string | number>): string => english(zh[m] ?? `MISSING ${m}`, ...a);
    const c = gradcheckConfirmation({ file: 'x' }, 'a.py', { timeoutSeconds: 10, memoryMB: 2048 }, t);
    assert.doesNotMatch(c.title + c.message, /MISSING/);
    assert.match(c.message, /`a\.py` 中的每个损失函数/);
  });

  it('for a notebook, says the cells above the loss run, not those that train, in both languages', () => {
    const c = gradcheckConfirmation(
      { file: 'x', function: 'cell4:focal_loss' },
      'nb.ipynb',
      { timeoutSeconds: 10, memoryMB: 2048 },
      english,
      true,
    );
    assert.match(
      c.message,
      /^Loss Playground will run `cell4:focal_loss` from `nb\.ipynb` .*\n\nIt runs the definitions of the notebook's cells up to the loss's \(imports, functions, classes, constants; not the statements that train, download or plot\)/,
    );
    const zh = JSON.parse(readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<
      string,
      string
    >;
    const t = (m: string, ...a: Array<string | number>): string => english(zh[m] ?? `MISSING ${m}`, ...a);
    const cn = gradcheckConfirmation({ file: 'x' }, 'nb.ipynb', { timeoutSeconds: 10, memoryMB: 2048 }, t, true);
    assert.doesNotMatch(cn.message, /MISSING/);
    assert.match(cn.message, /笔记本中该损失所在单元格及其上方/);
  });

  it('lets an input run once per confirmation asked for it, and not after the time to live', () => {
    let now = 0;
    const ledger = new ConfirmationLedger(1000, () => now);
    assert.equal(ledger.consume({ file: 'a.py' }), false, 'never asked');
    ledger.record({ file: 'a.py', function: 'mse' });
    assert.equal(ledger.consume({ function: 'mse', file: 'a.py' }), true, 'the same input, fields in another order');
    assert.equal(ledger.consume({ file: 'a.py', function: 'mse' }), false, 'once');
    ledger.record({ file: 'a.py' });
    assert.equal(ledger.consume({ file: 'b.py' }), false, 'another input');
    now = 1001;
    assert.equal(ledger.consume({ file: 'a.py' }), false, 'expired');
    assert.equal(inputKey({ b: [2, { d: 1, c: 0 }], a: 1 }), '{"a":1,"b":[2,{"c":0,"d":1}]}');
  });
});
