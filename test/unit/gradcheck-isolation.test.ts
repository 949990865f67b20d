/**
 * Nothing of one check reaches another, and nothing outlives what started it (issue "Reliability
 * and security", items 1–3): a fresh JS/TS runtime per file (a file that patches Math.exp cannot
 * fail the next file's correct loss), a detached process started by a JS loss ends with its check,
 * and runners die with the CLI even when it is killed with SIGKILL mid-check, which no handler sees
 * (Python: the kernel's parent-death signal; JS: a watchdog thread, since a spinning loss never
 * returns to the event loop).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { descendantsOf } from '../../src/gradcheck/runners/processTree';
import { CORPUS, findPython, processesWith, requirePython, survivorsWith } from './gradcheck-helpers';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const JS = path.join(CORPUS, 'loading', 'js');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('gradcheck: isolation between checks and process lifetimes', function () {
  this.timeout(120_000);
  before(() => execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' }));

  it('gives every JS file a fresh runtime: a patched Math.exp does not fail the next file', async () => {
    const checker = new GradChecker(nodeRunners);
    try {
      const [before] = await checker.checkFile(path.join(JS, 'uses_exp.js'));
      assert.equal(before.verdict, 'pass', before.message);
      await checker.checkFile(path.join(JS, 'patches_math.js'));
      const [after] = await checker.checkFile(path.join(JS, 'uses_exp.js'));
      assert.equal(after.verdict, 'pass', after.message);
    } finally {
      checker.dispose();
    }
  });

  it('ends a detached process a JS loss started, with the check', async () => {
    // The fixture tags its escapee with this run's id: another run's escapee is not ours to count.
    const run = `${process.pid}-${Date.now()}`;
    process.env.LOSS_PLAYGROUND_TEST_RUN = run;
    const checker = new GradChecker(nodeRunners);
    try {
      const [r] = await checker.checkFile(path.join(JS, 'escaping_child.js'));
      assert.equal(r.verdict, 'pass', r.message);
      assert.deepEqual(await survivorsWith(`lossplayground-js-escapee ${run}`), []);
    } finally {
      checker.dispose();
      delete process.env.LOSS_PLAYGROUND_TEST_RUN;
    }
  });

  for (const [language, file, runner] of [
    ['JS', path.join(CORPUS, 'hostile', 'hang.ts'), path.join('dist', 'gradcheck-js-child.js')],
    ['Python', path.join(CORPUS, 'hostile', 'hang.py'), path.join('dist', 'gradcheck_python', 'driver.py')],
  ] as const) {
    it(`a ${language} runner spinning in a loss dies when the CLI is killed with SIGKILL`, async function () {
      const args = [CLI, 'gradcheck', '--timeout', '60', file];
      if (language === 'Python') args.splice(2, 0, '--python', requirePython(this, findPython()).python);
      const cli = spawn(process.execPath, args, { stdio: 'ignore' });
      // This CLI's runners (other test runs on the machine may have runners of their own).
      const ours = (): number[] => {
        const below = new Set(descendantsOf(cli.pid!));
        return processesWith(runner).filter((pid) => below.has(pid));
      };
      const until = Date.now() + 30_000;
      while (!ours().length && Date.now() < until) await sleep(100);
      await sleep(1500); // inside the hanging loss by now
      const runners = ours();
      assert.ok(runners.length, 'the runner should have started');
      cli.kill('SIGKILL');
      const alive = (): number[] => runners.filter((pid) => processesWith(runner).includes(pid));
      const deadline = Date.now() + 20_000;
      while (alive().length && Date.now() < deadline) await sleep(100);
      assert.deepEqual(alive(), [], `a ${language} runner outlived the CLI`);
    });
  }
});
