// `npm test`: unit tests, then the integration suite in a real VS Code, then the browser (e2e)
// tests; each stage's counts, then one line of totals, `N passed, N failed`.
//
//   node scripts/test.mjs [unit] [integration] [e2e] [e2e-zh-cn]   (default: all, in that order)
//
// Each stage runs as its own process group with a time limit. When it ends, however it ends
// (pass, fail, crash, time-out, Ctrl-C), its group is killed, and so is every process group it
// recorded in LOSS_PLAYGROUND_PIDS_DIR (code-server, Chromium: see scripts/processes.ts), so no
// server or browser outlives the run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const node = process.execPath;
// LOSS_PLAYGROUND_STAGE_TIMEOUT_MS overrides each stage's time limit (to test the limit itself).
const minutes = (m) => Number(process.env.LOSS_PLAYGROUND_STAGE_TIMEOUT_MS) || m * 60_000;
// After a stage has written its results, how long its process may take to exit.
const EXIT_GRACE_MS = 15_000;

const STAGES = {
  unit: {
    title: 'Unit tests (mocha, no VS Code)',
    args: [mocha, '--config', 'test/unit/.mocharc.json', '--reporter', 'test/support/specWithSummary.ts'],
    timeoutMs: minutes(10),
  },
  integration: {
    title: 'Integration tests (mocha inside a real VS Code extension host)',
    args: ['--import', 'tsx', 'test/integration/run.ts'],
    timeoutMs: minutes(10),
  },
  e2e: {
    title: 'End-to-end tests (Chromium driving the VS Code workbench)',
    args: [mocha, '--config', 'test/e2e/.mocharc.json'],
    timeoutMs: minutes(10),
  },
  // The same suite with VS Code's display language set to Simplified Chinese: our strings must
  // switch, and the screenshots (suffixed -zh-cn) show them.
  'e2e-zh-cn': {
    title: 'End-to-end tests in Simplified Chinese',
    args: [mocha, '--config', 'test/e2e/.mocharc.json'],
    env: { LOSS_PLAYGROUND_E2E_LOCALE: 'zh-cn' },
    timeoutMs: minutes(10),
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
  for (const deadline = Date.now() + 1000; alive(stagePid) && Date.now() < deadline; ) await sleep(50);
  if (alive(stagePid)) leftovers.push(`the stage's own processes (group ${stagePid}: ${groupMembers(stagePid).join('; ')})`);
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
        for (const deadline = Date.now() + 2000; alive(pgid) && Date.now() < deadline; ) await sleep(50);
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

function runStage(name) {
  const stage = STAGES[name];
  const summaryFile = join(work, `${name}.summary.json`);
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
      env: { ...process.env, ...stage.env, LOSS_PLAYGROUND_SUMMARY: summaryFile, LOSS_PLAYGROUND_PIDS_DIR: pidsDir },
    });
    current = { pid: child.pid };
    let timedOut = false;
    let hung = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${name}: no result after ${stage.timeoutMs / 1000} s; stopping it`);
      void stopGroup(child.pid, 5000);
    }, stage.timeoutMs);
    // Mocha does not exit while something (a child process, a timer, a socket) is still open.
    // Once the results are written, that is a leak to report, not a reason to wait 10 minutes.
    const watcher = setInterval(() => {
      if (!existsSync(summaryFile)) return;
      clearInterval(watcher);
      setTimeout(() => {
        if (current?.pid !== child.pid) return;
        hung = true;
        console.error(`\n${name}: its tests ended ${EXIT_GRACE_MS / 1000} s ago but the process has not exited; something it started is still open. Stopping it.`);
        void stopGroup(child.pid, 3000);
      }, EXIT_GRACE_MS).unref();
    }, 250);
    child.on('exit', async (code, sig) => {
      clearTimeout(timer);
      clearInterval(watcher);
      current = undefined;
      await sweep(child.pid, pidsDir);
      let counts = { passed: 0, failed: 0, pending: 0 };
      let problem;
      try {
        counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
      } catch {
        problem = 'it reported no results';
      }
      if (timedOut) problem = `it timed out after ${stage.timeoutMs / 1000} s`;
      else if (hung) problem = `its process did not exit after its tests ended (a leaked child process, timer or socket)`;
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
  // The stage's exit handler sweeps its leftovers; give it a moment, then leave.
  await sleep(200);
  rmSync(work, { recursive: true, force: true });
  process.exit(130);
}
process.on('SIGINT', () => void interrupt('SIGINT'));
process.on('SIGTERM', () => void interrupt('SIGTERM'));

const results = [];
for (const name of names) results.push(await runStage(name));
rmSync(work, { recursive: true, force: true });

console.log('\n━━ Summary ━━');
for (const r of results) {
  const pending = r.pending ? `, ${r.pending} pending` : '';
  console.log(`  ${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed${pending}  (${r.seconds.toFixed(1)} s)${r.problem ? `  <- ${r.problem}` : ''}`);
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
