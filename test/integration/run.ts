// The integration stage: bundles the suite, then runs it in a real VS Code through whichever
// runner works on this machine, and prints mocha-style results.
//
//   node --import tsx test/integration/run.ts
//
// LOSS_PLAYGROUND_VSCODE picks the runner: `code-server`, `electron`, or `auto` (default:
// code-server when it is installed or can be, else a downloaded desktop VS Code).
// LOSS_PLAYGROUND_VSCODE_VERSIONS: desktop versions to run on (default: the minimum this
// extension supports, from engines.vscode, and stable).
// When no VS Code can be started the stage fails under CI=true, and says loudly that it
// skipped otherwise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_VERSION,
  describeMissing,
  findChromium,
  InstallError,
  isCodeServerInstalled,
  missingForInstall,
} from '../../scripts/codeServer';
import { RunAborted, writeSummary, type Counts } from '../support/mochaEvents';
import { bundleSuite, repoRoot } from './bundle';
import { runInCodeServer } from './runInCodeServer';
import { CannotDownload, runInElectron, vscodeExecutable } from './runInElectron';

// The longest the suite may go without reporting an event before it counts as hung: more than
// any one test's mocha limit (index.ts), so a slow test fails by its own limit and a slow machine
// is never cut off while it makes progress.
const QUIET_MS = Number(process.env.LOSS_PLAYGROUND_INTEGRATION_QUIET_MS ?? 5 * 60_000);
const resultsRoot = join(repoRoot, 'test-results', 'integration');
const workspace = join(repoRoot, 'examples');

function minimumVSCode(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { vscode: string } };
  return pkg.engines.vscode.replace(/^[^\d]*/, '');
}

/** Why code-server cannot run here, or undefined when it can. */
function codeServerUnavailable(): string | undefined {
  const missing = isCodeServerInstalled() ? [] : missingForInstall();
  if (!findChromium())
    missing.push({ what: 'Chromium', why: 'the code-server runner loads the workbench in it', apt: 'chromium' });
  return missing.length
    ? `code-server ${CODE_SERVER_VERSION} cannot run here:\n${describeMissing(missing)}`
    : undefined;
}

function add(a: Counts, b: Counts): Counts {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, pending: a.pending + b.pending };
}

// Tests whose title has this tag run only in a second code-server, whose workspace is untrusted.
const RESTRICTED = '@restricted';

async function viaCodeServer(suite: string): Promise<Counts> {
  console.log('\nIntegration suite in code-server');
  const grep = process.env.LOSS_PLAYGROUND_TEST_GREP;
  const trusted = await runInCodeServer({
    suite,
    extensionPath: repoRoot,
    workspace,
    resultsDir: join(resultsRoot, 'code-server'),
    quietMs: QUIET_MS,
    env: grep ? {} : { LOSS_PLAYGROUND_TEST_GREP: RESTRICTED, LOSS_PLAYGROUND_TEST_INVERT: '1' },
  });
  if (grep && !RESTRICTED.includes(grep) && !grep.includes('restricted')) return trusted;
  console.log('\nIntegration suite in code-server, workspace in Restricted Mode (untrusted)');
  const restricted = await runInCodeServer({
    suite,
    extensionPath: repoRoot,
    workspace,
    resultsDir: join(resultsRoot, 'code-server-restricted'),
    quietMs: QUIET_MS,
    restricted: true,
    env: { LOSS_PLAYGROUND_TEST_GREP: RESTRICTED, LOSS_PLAYGROUND_TEST_INVERT: '' },
  });
  return add(trusted, restricted);
}

async function viaElectron(suite: string): Promise<Counts> {
  const versions = (process.env.LOSS_PLAYGROUND_VSCODE_VERSIONS ?? `${minimumVSCode()},stable`)
    .split(',')
    .map((v) => v.trim());
  let total: Counts = { passed: 0, failed: 0, pending: 0 };
  for (const version of versions) {
    const executable = await vscodeExecutable(version, join(repoRoot, '.vscode-test'));
    console.log(`\nIntegration suite in desktop VS Code ${version}`);
    total = add(
      total,
      await runInElectron({
        suite,
        extensionPath: repoRoot,
        workspace,
        resultsDir: join(resultsRoot, `vscode-${version}`),
        quietMs: QUIET_MS,
        executable,
        version,
      }),
    );
  }
  return total;
}

async function main(): Promise<number> {
  const suite = await bundleSuite();
  const choice = process.env.LOSS_PLAYGROUND_VSCODE ?? 'auto';
  const reasons: string[] = [];
  let counts: Counts | undefined;

  if (choice === 'code-server' || choice === 'auto') {
    const why = codeServerUnavailable();
    if (why && choice === 'code-server') throw new Error(why);
    if (why) reasons.push(why);
    else {
      try {
        counts = await viaCodeServer(suite);
      } catch (e) {
        // Only "could not install" falls through to the next runner; a run that started and broke is a failure.
        if (!(e instanceof InstallError) || choice === 'code-server') throw e;
        reasons.push(e.message);
      }
    }
  }
  if (!counts && (choice === 'electron' || choice === 'auto')) {
    try {
      counts = await viaElectron(suite);
    } catch (e) {
      if (!(e instanceof CannotDownload) || choice === 'electron') throw e;
      reasons.push(e.message);
    }
  }
  if (!counts) {
    const message = `No real VS Code could be started for the integration suite:\n${reasons.map((r) => `* ${r}`).join('\n')}`;
    if (process.env.CI === 'true' || process.env.CI === '1') {
      console.error(`\n${message}\nCI=true: failing rather than skipping.`);
      writeSummary({ passed: 0, failed: 1, pending: 0 });
      return 1;
    }
    console.error(
      `\n${'!'.repeat(72)}\nSKIPPED the integration suite. ${message}\n(with CI=true this fails)\n${'!'.repeat(72)}`,
    );
    writeSummary({ passed: 0, failed: 0, pending: 0 });
    return 0;
  }
  writeSummary(counts);
  return counts.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`\nintegration: ${e.message}`);
    // What ran before the run broke still counts; the break itself is one more failure.
    const so = e instanceof RunAborted ? e.counts : { passed: 0, failed: 0, pending: 0 };
    writeSummary({ ...so, failed: so.failed + 1 });
    process.exit(1);
  },
);
