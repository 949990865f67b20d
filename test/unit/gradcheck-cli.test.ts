/**
 * The CLI contract of `loss-playground gradcheck` (design, "CLI"), against the built dist/cli.js:
 * --json results with exactly the contract's fields, one error for a file that cannot load, exit
 * codes 0 / 1 / 2.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CORPUS, findPython, requirePython } from './gradcheck-helpers';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIELDS = ['file', 'function', 'line', 'language', 'verdict', 'gradient', 'maxRelError', 'worst', 'message'];

type Result = {
  file: string;
  function: string | null;
  line: number | null;
  language: string;
  verdict: string;
  gradient: string | null;
  maxRelError: number | null;
  worst: { index: number[]; analytic: number; numeric: number } | null;
  message: string;
  reference?: Record<string, unknown>;
};

function gradcheck(args: string[]): { code: number | null; stdout: string; stderr: string; results: Result[] } {
  const r = spawnSync(process.execPath, [CLI, 'gradcheck', ...args], {
    cwd: CORPUS,
    encoding: 'utf8',
    timeout: 60_000,
  });
  let results: Result[] = [];
  if (args.includes('--json') && r.stdout) results = (JSON.parse(r.stdout) as { results: Result[] }).results;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, results };
}

describe('gradcheck CLI contract', function () {
  this.timeout(60_000);
  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('prints the contract fields for every TS/JS loss and exits 1 when one fails', () => {
    const r = gradcheck(['--json', 'losses.ts', 'losses.js']);
    assert.equal(r.code, 1);
    // The contract's fields, and `reference` exactly when the loss reads as a catalog loss.
    for (const res of r.results) assert.deepEqual(Object.keys(res), res.reference ? [...FIELDS, 'reference'] : FIELDS);
    assert.ok(
      r.results.some((x) => x.reference),
      'some of these losses read as catalog losses',
    );
    for (const res of r.results.filter((x) => x.reference))
      assert.deepEqual(Object.keys(res.reference!), ['id', 'params', 'convention', 'agrees', 'message']);
    const l1 = r.results.find((x) => x.function === 'l1Loss')!;
    assert.deepEqual(
      [l1.file, l1.line, l1.language, l1.verdict, l1.gradient],
      ['losses.ts', 14, 'typescript', 'fail', 'paired:l1LossGrad'],
    );
    assert.deepEqual(Object.keys(l1.worst!), ['index', 'analytic', 'numeric']);
    assert.deepEqual(
      r.results.map((x) => x.verdict),
      ['pass', 'fail', 'pass', 'pass', 'skipped', 'pass', 'fail', 'pass'],
    );
  });

  it('exits 0 when everything passes (skipped counts as no failure), --function picks one', () => {
    const r = gradcheck(['--json', '--function', 'mseLoss', 'losses.ts']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.results.map((x) => [x.function, x.verdict]),
      [['mseLoss', 'pass']],
    );
    const skipped = gradcheck(['--json', '--function', 'logCoshLoss', 'losses.ts']);
    assert.equal(skipped.code, 0);
  });

  it('gives a file that cannot load one error result', () => {
    // (A script's own process.exit never runs; one in a module it imports does, and stops the load.)
    const r = gradcheck(['--json', 'hostile/syntax_error.cts', 'loading/js/exit_in_import.js']);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.results.map((x) => [x.file, x.function, x.line, x.verdict]),
      [
        ['hostile/syntax_error.cts', null, null, 'error'],
        ['loading/js/exit_in_import.js', null, null, 'error'],
      ],
    );
  });

  it("runs a JS file's top level (and what it imports) at most once per run, a load failure still one error", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-top-level-'));
    try {
      const log = path.join(dir, 'runs.log');
      const append = (who: string): string =>
        `require('node:fs').appendFileSync(require('node:path').join(__dirname, 'runs.log'), '${who}\\n');\n`;
      writeFileSync(path.join(dir, 'helper.js'), `${append('helper.js')}exports.half = 0.5;\n`);
      writeFileSync(
        path.join(dir, 'losses.js'),
        `const helper = require('./helper');\n${append('losses.js')}` +
          'function mseLoss(p, y) { let s = 0; for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2; return s / p.length; }\n' +
          'function mseLossGrad(p, y) { return p.map((v, i) => (2 * (v - y[i])) / p.length); }\n' +
          'function l1Loss(p, y) { let s = 0; for (let i = 0; i < p.length; i++) s += Math.abs(p[i] - y[i]); return s / p.length; }\n' +
          'function l1LossGrad(p, y) { return p.map((v, i) => Math.sign(v - y[i]) / p.length); }\n' +
          'module.exports = { mseLoss, mseLossGrad, l1Loss, l1LossGrad, helper };\n',
      );
      writeFileSync(
        path.join(dir, 'throws.js'),
        `const missing = require('lp-no-such-package');\nfunction mseLoss(p, y) { return 0; }\nfunction mseLossGrad(p, y) { return p; }\nfunction l1Loss(p, y) { return 0; }\nfunction l1LossGrad(p, y) { return p; }\nmodule.exports = { mseLoss, mseLossGrad, l1Loss, l1LossGrad, missing };\n`,
      );
      const r = spawnSync(process.execPath, [CLI, 'gradcheck', '--json', '--function', 'mseLoss', 'losses.js'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
      assert.deepEqual(
        results.map((x) => [x.function, x.verdict]),
        [['mseLoss', 'pass']],
        r.stderr,
      );
      const runs = (who: string): number =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l === who).length;
      // Once for the one check, never again for a separate load. (Definitions-only loading may
      // leave the file's own top-level call out; what it imports runs whole.)
      assert.ok(runs('losses.js') <= 1, `losses.js's top level ran ${runs('losses.js')} times`);
      assert.equal(runs('helper.js'), 1, 'helper.js, imported by the loss file');
      // A module that cannot load (a package it imports is missing) is one error for the file, not one per loss.
      const thrown = spawnSync(process.execPath, [CLI, 'gradcheck', '--json', 'throws.js'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      const failed = (JSON.parse(thrown.stdout) as { results: Result[] }).results;
      assert.deepEqual(
        failed.map((x) => [x.function, x.verdict]),
        [[null, 'error']],
      );
      assert.match(failed[0].message, /loading throws\.js threw: Error: Cannot find module 'lp-no-such-package'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies --timeout to a hanging loss and --seed to the inputs', () => {
    const r = gradcheck(['--json', '--timeout', '1', 'hostile/hang.ts']);
    assert.equal(r.code, 1);
    assert.match(r.results[0].message, /did not finish within 1 s/);
    const a = gradcheck(['--json', '--seed', '5', '--function', 'mseLoss', 'losses.ts']).results[0];
    const b = gradcheck(['--json', '--seed', '6', '--function', 'mseLoss', 'losses.ts']).results[0];
    assert.notEqual(a.maxRelError, b.maxRelError);
  });

  it('prints a readable report without --json', () => {
    const r = gradcheck(['losses.js']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ fail +losses\.js:\d+ squaredError: mismatch at \[\d+\]/);
    assert.match(r.stdout, /gradcheck: 2 pass, 1 fail, 0 error, 0 skipped/);
  });

  it('checks the examples a newcomer opens as documented: one deliberate bug, one loss without a gradient, nothing else', function () {
    const { python } = requirePython(this, findPython(), true);
    const examples = [
      'python/numpy_losses.py',
      'python/torch_losses.py',
      'python/framework_losses.py',
      'typescript/losses.ts',
      'typescript/tfjs_losses.ts',
      'javascript/losses.js',
    ];
    const r = spawnSync(process.execPath, [CLI, 'gradcheck', '--json', '--python', python, ...examples], {
      cwd: path.join(ROOT, 'examples'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
    const notPassing = results.filter((x) => x.verdict !== 'pass').map((x) => `${x.file} ${x.function} ${x.verdict}`);
    // examples/README.md: quantile_loss's gradient has the sign wrong on purpose; pseudoHuberLoss has no pair.
    assert.deepEqual(notPassing, [
      'python/numpy_losses.py quantile_loss fail',
      'javascript/losses.js pseudoHuberLoss skipped',
    ]);
    assert.equal(results.length, 14, results.map((x) => x.function).join(', '));
    assert.equal(r.status, 1);
  });

  it('exits 2 on a usage error', () => {
    assert.equal(gradcheck(['--json']).code, 2);
    assert.equal(gradcheck(['--timeout', 'soon', 'losses.ts']).code, 2);
  });

  it('checks Python files with --python, results unaffected by what the code prints', function () {
    const { python } = requirePython(this, findPython());
    const r = gradcheck([
      '--json',
      '--python',
      python,
      'numpy_losses.py',
      'hostile/chatty.py',
      'hostile/exit_in_import.py',
    ]);
    assert.equal(r.code, 1);
    const verdicts = r.results.map((x) => `${x.file}:${x.function}:${x.verdict}`);
    assert.ok(verdicts.includes('numpy_losses.py:mse:pass'));
    assert.ok(verdicts.includes('numpy_losses.py:mae:fail'));
    assert.ok(verdicts.includes('hostile/chatty.py:mse_loss:pass'));
    assert.ok(verdicts.includes('hostile/exit_in_import.py:null:error'));
  });

  it('exits 3 when no file has a loss: a CI gate must not pass on nothing', () => {
    const r = gradcheck(['--json', 'cli/no_losses.py']);
    assert.equal(r.code, 3, r.stderr);
    assert.deepEqual(r.results, []);
    assert.match(r.stderr, /no loss function found in cli\/no_losses\.py \(exit status 3\)/);
  });

  it('prints control characters of user text escaped, so an exception cannot redraw the terminal', function () {
    const { python } = requirePython(this, findPython());
    const r = gradcheck(['--python', python, 'hostile/escape_sequences.py']);
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes('\x1b'), 'no escape codes');
    assert.match(r.stdout, /\\x1b\[32m✓ pass/);
    const json = gradcheck(['--json', '--python', python, 'hostile/escape_sequences.py']);
    assert.ok(json.results[0].message.includes('\x1b[32m'), '--json keeps the text as it is');
  });

  it('rejects a time limit no timer can hold, and takes a separate load limit', () => {
    const r = gradcheck(['--timeout', '2147484', 'losses.ts']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--timeout must be at most 2147483 seconds/);
    assert.equal(gradcheck(['--load-timeout', '0', 'losses.ts']).code, 2);
    assert.equal(gradcheck(['--json', '--load-timeout', '120', '--function', 'mseLoss', 'losses.ts']).code, 0);
  });

  it('checks a notebook cell by cell, each loss with what the cells before it define, and names results notebook.ipynb#cellN', function () {
    const { python } = requirePython(this, findPython());
    const r = gradcheck(['--json', '--python', python, 'notebook/focal.ipynb']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      r.results.map((x) => [x.file, x.function, x.line, x.verdict]),
      [
        ['notebook/focal.ipynb#cell4', 'focal_loss', 1, 'pass'],
        ['notebook/focal.ipynb#cell5', 'scaled_mse', 4, 'error'],
      ],
    );
    // The training cell did not run (no folder made); the value a loss needed from it is named.
    assert.ok(!existsSync(path.join(CORPUS, 'notebook', 'trained_here')));
    assert.match(
      r.results[1].message,
      /mean_loss is defined at line 2 \(focal\.ipynb#cell5\) by a statement the check does not run \(mean_loss = data\.mean\(\)/,
    );
  });

  it('says which interpreter is missing', () => {
    const r = gradcheck(['--json', '--python', '/nonexistent/python3', 'numpy_losses.py']);
    assert.equal(r.code, 1);
    assert.match(r.results[0].message, /Python runner could not start.*\/nonexistent\/python3/);
  });
});
