// Runs the integration suite in desktop VS Code, downloaded by @vscode/test-electron, for machines
// that can download it (this project's own network cannot: there, runInCodeServer.ts runs it).
// We only use test-electron's download and spawn VS Code ourselves, detached, so the whole
// process tree is ours to stop on a timeout or Ctrl-C; the arguments are test-electron's runTests'.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { adoptGroup, killGroup } from '../../scripts/processes';
import { EventPrinter, followEvents, type Counts } from '../support/mochaEvents';
import type { SuiteRun } from './runInCodeServer';

export class CannotDownload extends Error {}

/** Downloads (or finds in .vscode-test/) VS Code `version`; throws CannotDownload when it cannot. */
export async function vscodeExecutable(version: string, cachePath: string): Promise<string> {
  try {
    return await downloadAndUnzipVSCode({ version, cachePath, timeout: 15_000 });
  } catch (e) {
    throw new CannotDownload(`could not download VS Code ${version}: ${(e as Error).message}`);
  }
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, name)));
}

export async function runInElectron(run: SuiteRun & { executable: string; version: string }): Promise<Counts> {
  rmSync(run.resultsDir, { recursive: true, force: true });
  mkdirSync(run.resultsDir, { recursive: true });
  const eventsFile = join(run.resultsDir, 'events.jsonl');
  const profile = mkdtempSync(join(tmpdir(), 'loss-playground-vscode-'));
  const args = [
    run.workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-workspace-trust',
    `--extensionTestsPath=${run.suite}`,
    `--extensionDevelopmentPath=${run.extensionPath}`,
    `--user-data-dir=${join(profile, 'user-data')}`,
    `--extensions-dir=${join(profile, 'extensions')}`,
  ];
  // Electron needs a display; on a headless Linux box, give it a virtual one.
  let [command, commandArgs] = [run.executable, args];
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    if (!onPath('xvfb-run'))
      throw new CannotDownload(
        'desktop VS Code needs a display: set DISPLAY or install xvfb (Debian: apt-get install -y xvfb)',
      );
    [command, commandArgs] = ['xvfb-run', ['-a', run.executable, ...args]];
  }
  const log = openSync(join(run.resultsDir, 'vscode.log'), 'a');
  const child = spawn(command, commandArgs, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, LOSS_PLAYGROUND_TEST_EVENTS: eventsFile },
  });
  if (child.pid === undefined) throw new Error(`could not start ${run.executable}`);
  adoptGroup(child.pid, `VS Code ${run.version}`);
  let gone: string | undefined;
  child.on(
    'exit',
    (code, signal) =>
      (gone = `VS Code exited (${signal ?? `code ${code}`}) before the suite ended; see ${run.resultsDir}/vscode.log`),
  );
  console.log(`  VS Code ${run.version} (desktop, ${run.executable})`);
  const printer = new EventPrinter();
  try {
    // VS Code exits by itself after run(). followEvents reads the file before each look at
    // `gone`, and the suite writes its end event before the exit, so the end is never missed.
    await followEvents(eventsFile, printer, () => gone, run.quietMs);
    printer.epilogue();
    return printer.counts;
  } finally {
    await killGroup(child.pid, 5000);
    rmSync(profile, { recursive: true, force: true });
  }
}
