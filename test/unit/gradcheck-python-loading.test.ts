/**
 * What a Python check runs, and what it leaves running: definitions-only loading, a file inside a
 * package, PEP 263, the load time limit apart from the check's, and process trees that are counted
 * and ended whole. Each case here failed before the zygote runner and the definitions-only loader
 * (issues "Grad-check the losses people actually write" item 9 and 11, "Reliability" items 1–6).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { CORPUS, findPython, processesWith, requirePython } from './gradcheck-helpers';

const LOADING = path.join(CORPUS, 'loading');
const file = (f: string): string => path.join(LOADING, f);

describe('gradcheck: what a Python check loads and leaves running', function () {
  this.timeout(120_000);
  const found = findPython();
  let python = '';
  const checker = new GradChecker(nodeRunners);
  before(function () {
    python = requirePython(this, found).python;
  });
  after(() => checker.dispose());

  it('never runs a script’s own top-level statements: no folder made, no data read, no training', async () => {
    rmSync(file('runs'), { recursive: true, force: true });
    const [r] = await checker.checkFile(file('training_script.py'), { python });
    assert.equal(r.verdict, 'pass', r.message);
    assert.equal(r.function, 'mse_loss');
    assert.ok(!existsSync(file('runs')), 'os.makedirs at the top level ran');
    assert.doesNotMatch(r.output ?? '', /epoch/);
  });

  it('says which left-out statement a loss needed', async () => {
    const [r] = await checker.checkFile(file('needs_left_out.py'), { python });
    assert.equal(r.verdict, 'error');
    assert.match(
      r.message,
      /weights is defined at line 5 by a statement the check does not run \(weights = np\.loadtxt\("class_weights\.txt"\): it calls np\.loadtxt\)/,
    );
  });

  it('imports a file of a package as a module of its package: relative imports work, the package’s own heavy __init__ does not run', async () => {
    const [r] = await checker.checkFile(file('pkg/mylib/losses/scaled.py'), { python });
    assert.equal(r.function, 'scaled_mse_loss', r.message);
    assert.equal(r.verdict, 'pass', r.message);
  });

  it('decodes a file as its PEP 263 coding line says', async () => {
    const [r] = await checker.checkFile(file('latin1.py'), { python });
    assert.match(r.message, /ValueError: café not open yet/);
  });

  it('gives loading a limit of its own: a 3 s import passes under a 1 s check limit, and a too-slow load says which limit ran out', async () => {
    const [ok] = await checker.checkFile(file('slow_import.py'), { python, timeoutMs: 1000, loadTimeoutMs: 20_000 });
    assert.equal(ok.verdict, 'pass', ok.message);
    const [slow] = await checker.checkFile(file('slow_import.py'), { python, timeoutMs: 1000, loadTimeoutMs: 1000 });
    assert.equal(slow.verdict, 'error');
    assert.match(slow.message, /loading the module and its frameworks took more than 1 s \(the load limit/);
    // The runner that was stopped does not make the next file slow or fail.
    const [next] = await checker.checkFile(file('training_script.py'), { python, timeoutMs: 1000 });
    assert.equal(next.verdict, 'pass', next.message);
  });

  it('ends a process the loss started in a session of its own, with the check', async () => {
    const [r] = await checker.checkFile(file('escaping_child.py'), { python });
    assert.equal(r.verdict, 'pass', r.message);
    assert.deepEqual(processesWith('lossplayground-escapee'), [], 'the escaped process outlived the check');
  });

  it('counts the memory of the whole process tree: a subprocess holding 600 MB breaks a 300 MB limit', async () => {
    const [r] = await checker.checkFile(file('grandchild_memory.py'), {
      python,
      memoryLimitBytes: 300 * 1024 ** 2,
      timeoutMs: 60_000,
    });
    assert.equal(r.verdict, 'error');
    assert.match(r.message, /used more than 0\.29 GB of memory/);
  });

  it('the CLI exits as soon as its results are written, and Ctrl-C leaves no runner behind', async function () {
    const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: path.join(__dirname, '..', '..'), stdio: 'pipe' });
    const started = Date.now();
    execFileSync(process.execPath, [cli, 'gradcheck', '--python', python, file('escaping_child.py')], {
      stdio: 'pipe',
      timeout: 60_000,
    });
    assert.ok(Date.now() - started < 60_000);
    assert.deepEqual(processesWith('lossplayground-escapee'), []);
    // Interrupted while a check hangs: the runner's tree must go with the CLI.
    const child = spawn(
      process.execPath,
      [cli, 'gradcheck', '--python', python, path.join(CORPUS, 'hostile', 'hang.py')],
      { stdio: 'ignore' },
    );
    await new Promise((r) => setTimeout(r, 3000));
    const driver = path.join('dist', 'gradcheck_python', 'driver.py');
    assert.ok(processesWith(driver).length > 0, 'the runner should be running');
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(processesWith(driver), [], 'a runner outlived the CLI');
  });
});
