// `npm test`: unit tests, then the integration suite in a real VS Code, then the browser (e2e)
// tests; each stage's counts, then one line of totals, `N passed, N failed`.
//
//   node scripts/test.mjs [unit] [integration] [e2e] [e2e-zh-cn]   (default: all, in that order)
//
// A stage has no fixed time limit: a slow or busy machine only makes it take longer. Each test
// has mocha's own time limit, which names the test that was slow; the stage reports every test
// that finishes (LOSS_PLAYGROUND_PROGRESS, see test/support/mochaEvents.ts), and is stopped as hung
// only when no test has finished for STALL_MS.
//
// Each stage runs as its own process group. When it ends, however it ends (pass, fail, crash,
// hang, Ctrl-C), its group is killed, and so is every process group it recorded in
// LOSS_PLAYGROUND_PIDS_DIR (code-server, Chromium: see scripts/processes.ts), so no server or
// browser outlives the run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const node = process.execPath;
// Longer than any one test's mocha limit plus its hooks (the longest, 5 min, is an e2e test), so
// a test that is merely slow fails by its own limit first. LOSS_PLAYGROUND_STALL_MS overrides it
// (to test the watchdog itself).
const STALL_MS = Number(process.env.LOSS_PLAYGROUND_STALL_MS) || 10 * 60_000;
// After a stage has written its results, how long its process may take to exit.
const EXIT_GRACE_MS = 15_000;

const STAGES = {
  unit: {
    title: 'Unit tests (mocha, no VS Code)',
    args: [mocha, '--config', 'test/unit/.mocharc.json', '--reporter', 'test/support/specWithSummary.ts'],
  },
  integration: {
    title: 'Integration tests (mocha inside a real VS Code extension host)',
    args: ['--import', 'tsx', 'test/integration/run.ts'],
  },
  e2e: {
    title: 'End-to-end tests (Chromium driving the VS Code workbench)',
    args: [mocha, '--config', 'test/e2e/.mocharc.json'],
  },
  // The e2e tests whose outcome depends on the display language (tagged @l10n: our strings,
  // layout, screenshots suffixed -zh-cn), again with VS Code's set to Simplified Chinese.
  'e2e-zh-cn': {
    title: 'End-to-end tests in Simplified Chinese (the @l10n ones)',
    args: [mocha, '--config', 'test/e2e/.mocharc.json', '--grep', '@l10n'],
    env: { LOSS_PLAYGROUND_E2E_LOCALE: 'zh-cn' },
  },
};

const requested = process.argv.slice(2);
for (const name of requested) {
  if (!(name in STAGES)) {
    console.error(`unknown stage ${name}; stages: ${Object.keys(STAGES).join(', ')}`);
    process.exit(2);
  }
}
const names = requested.length ? requested : Object.keys(STAGES);

const work = mkdtempSync(join(tmpdir(), 'loss-playground-test-'));
let current; // { pid } of the running stage
let running; // its promise, which resolves once its leftovers are swept
let interrupted = false;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Live processes of a group as `pid command`; zombies (exited, not yet collected) do not count. */
function groupMembers(pgid) {
  const out = [];
  for (const name of existsSync('/proc') ? readdirSync('/proc') : []) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z' || state === 'X') continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push(`${name} ${cmd.slice(0, 120)}`);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function alive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  return process.platform !== 'linux' || groupMembers(pgid).length > 0;
}

function signal(pgid, sig) {
  try {
    process.kill(-pgid, sig);
  } catch {
    // gone
  }
}

async function stopGroup(pgid, graceMs) {
  signal(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pgid) && Date.now() < deadline) await sleep(100);
  signal(pgid, 'SIGKILL');
}

/** Kills whatever the stage left: its own group and every group it recorded. */
async function sweep(stagePid, pidsDir) {
  const leftovers = [];
  // Children that are already on their way out (an esbuild service, say) get a moment.
  for (const deadline = Date.now() + 1000; alive(stagePid) && Date.now() < deadline;) await sleep(50);
  if (alive(stagePid))
    leftovers.push(`the stage's own processes (group ${stagePid}: ${groupMembers(stagePid).join('; ')})`);
  signal(stagePid, 'SIGKILL');
  if (existsSync(pidsDir)) {
    for (const name of readdirSync(pidsDir)) {
      const pgid = Number(name);
      if (!Number.isInteger(pgid) || pgid <= 1) continue;
      // First line: what it is; then `remove PATH` for each folder it worked in.
      const [label, ...rest] = readFileSync(join(pidsDir, name), 'utf8').trim().split('\n');
      if (alive(pgid)) {
        leftovers.push(`${label} (group ${pgid})`);
        signal(pgid, 'SIGKILL');
        for (const deadline = Date.now() + 2000; alive(pgid) && Date.now() < deadline;) await sleep(50);
      }
      for (const line of rest) {
        const path = line.replace(/^remove /, '');
        if (line.startsWith('remove ') && path.startsWith(tmpdir())) rmSync(path, { recursive: true, force: true });
      }
    }
    rmSync(pidsDir, { recursive: true, force: true });
  }
  for (const l of leftovers) console.error(`  stopped leftover ${l}`);
}

/** What the stage reported so far, one line per finished test (`passed|failed|pending TITLE`). */
function progress(progressFile) {
  const counts = { passed: 0, failed: 0, pending: 0 };
  try {
    const lines = readFileSync(progressFile, 'utf8').trimEnd().split('\n');
    for (const l of lines) {
      const state = l.slice(0, l.indexOf(' '));
      if (state in counts) counts[state]++;
    }
    const last = lines[lines.length - 1];
    return { test: last.slice(last.indexOf(' ') + 1), n: lines.length, counts };
  } catch {
    return { test: undefined, n: 0, counts };
  }
}

function runStage(name) {
  const stage = STAGES[name];
  const summaryFile = join(work, `${name}.summary.json`);
  const progressFile = join(work, `${name}.progress`);
  const pidsDir = join(work, `${name}.pids`);
  const started = Date.now();
  // Screenshots and logs of an earlier run would read as this run's.
  rmSync(join(root, 'test-results', name), { recursive: true, force: true });
  console.log(`\n━━ ${stage.title} ━━`);
  return new Promise((resolve) => {
    const child = spawn(node, stage.args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
      env: {
        ...process.env,
        ...stage.env,
        LOSS_PLAYGROUND_SUMMARY: summaryFile,
        LOSS_PLAYGROUND_PROGRESS: progressFile,
        LOSS_PLAYGROUND_PIDS_DIR: pidsDir,
      },
    });
    current = { pid: child.pid };
    let stalled;
    let hung = false;
    let ended = false;
    const watcher = setInterval(() => {
      if (ended) return;
      // Mocha does not exit while something (a child process, a timer, a socket) is still open.
      // Once the results are written, that is a leak to report, not a reason to wait.
      if (existsSync(summaryFile)) {
        ended = true;
        setTimeout(() => {
          if (current?.pid !== child.pid) return;
          hung = true;
          console.error(
            `\n${name}: its tests ended ${EXIT_GRACE_MS / 1000} s ago but the process has not exited; something it started is still open. Stopping it.`,
          );
          void stopGroup(child.pid, 3000);
        }, EXIT_GRACE_MS).unref();
        return;
      }
      const lastAt = existsSync(progressFile) ? Math.max(statSync(progressFile).mtimeMs, started) : started;
      if (Date.now() - lastAt < STALL_MS) return;
      ended = true;
      const last = progress(progressFile);
      const after = last.test ? `the last to finish (test ${last.n}) was "${last.test}"` : 'none had finished';
      stalled = `no test finished for ${STALL_MS / 1000} s; ${after}`;
      console.error(`\n${name}: ${stalled}. Stopping it as hung.`);
      void stopGroup(child.pid, 5000);
    }, 1000);
    child.on('exit', async (code, sig) => {
      clearInterval(watcher);
      current = undefined;
      await sweep(child.pid, pidsDir);
      let counts;
      let problem;
      try {
        counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
      } catch {
        // No summary (stopped, crashed): what it reported test by test still counts.
        const so = progress(progressFile);
        counts = so.counts;
        problem = so.n ? `it ended before its summary, after ${so.n} tests` : 'it reported no results';
      }
      if (stalled) problem = `hung: ${stalled}`;
      else if (hung)
        problem = `its process did not exit after its tests ended (a leaked child process, timer or socket)`;
      else if (code !== 0 && counts.failed === 0) problem ??= `it exited with ${sig ?? `code ${code}`}`;
      // A stage that broke outside any test still counts as a failure.
      if (problem) counts.failed += 1;
      resolve({ name, ...counts, problem, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function interrupt(sig) {
  if (interrupted) return;
  interrupted = true;
  console.error(`\n${sig}: stopping the running stage`);
  if (current) await stopGroup(current.pid, 3000);
  // The stage's exit handler sweeps its leftovers; let it, then leave (no next stage starts).
  await Promise.race([running, sleep(10_000)]);
  rmSync(work, { recursive: true, force: true });
  process.exit(130);
}
process.on('SIGINT', () => void interrupt('SIGINT'));
process.on('SIGTERM', () => void interrupt('SIGTERM'));

const results = [];
for (const name of names) {
  if (interrupted) break;
  running = runStage(name);
  results.push(await running);
}
rmSync(work, { recursive: true, force: true });

console.log('\n━━ Summary ━━');
for (const r of results) {
  const pending = r.pending ? `, ${r.pending} pending` : '';
  console.log(
    `  ${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed${pending}  (${r.seconds.toFixed(1)} s)${r.problem ? `  <- ${r.problem}` : ''}`,
  );
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
