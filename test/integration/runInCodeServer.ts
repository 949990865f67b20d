// Runs the integration suite in code-server's extension host: the workbench, opened in Chromium
// with the same payload `code --extensionDevelopmentPath --extensionTestsPath` would pass, loads
// the extension under development and calls the suite's run(). Results come back through the
// events file (test/support/mochaEvents.ts); the extension host inherits its path from
// code-server's environment.
import { cpSync, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, startCodeServer, VSCODE_VERSION, type CodeServer } from '../../scripts/codeServer';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { EventPrinter, followEvents, RunAborted, type Counts } from '../support/mochaEvents';

export interface SuiteRun {
  /** The bundled suite module (extensionTestsPath). */
  suite: string;
  /** The extension under development (extensionDevelopmentPath). */
  extensionPath: string;
  /** The folder the workbench opens. */
  workspace: string;
  /** Logs, screenshots and the events file go here. */
  resultsDir: string;
  /** The longest the suite may go without reporting an event (test/support/mochaEvents.ts followEvents). */
  quietMs: number;
  /** Open the workspace in Restricted Mode (untrusted) instead of trusted. */
  restricted?: boolean;
  /** Extra environment for the extension host, e.g. LOSS_PLAYGROUND_TEST_GREP. */
  env?: NodeJS.ProcessEnv;
}

export async function runInCodeServer(run: SuiteRun): Promise<Counts> {
  rmSync(run.resultsDir, { recursive: true, force: true });
  mkdirSync(run.resultsDir, { recursive: true });
  const eventsFile = join(run.resultsDir, 'events.jsonl');
  const server = await startCodeServer({
    folder: run.workspace,
    env: { ...run.env, LOSS_PLAYGROUND_TEST_EVENTS: eventsFile },
    ...(run.restricted ? { restricted: true } : {}),
    logFile: join(run.resultsDir, 'code-server.log'),
  });
  let chrome: LaunchedChromium | undefined;
  const consoleLog = createWriteStream(join(run.resultsDir, 'workbench-console.log'));
  try {
    chrome = await launchChromium();
    const page = await chrome.browser.newPage({ viewport: { width: 1280, height: 800 } });
    let pageGone: string | undefined;
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    page.on('crash', () => (pageGone = 'the workbench page crashed'));
    let serverGone: string | undefined;
    void server.exited.then((code) => (serverGone = `code-server exited (code ${code})`));

    console.log(
      `  VS Code ${VSCODE_VERSION} in code-server ${CODE_SERVER_VERSION} at ${server.origin}, Chromium ${chrome.browser.version()}`,
    );
    await page.goto(
      server.workbenchUrl({ extensionDevelopmentPath: run.extensionPath, extensionTestsPath: run.suite }),
      { timeout: 60_000 },
    );
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

    const printer = new EventPrinter();
    try {
      await followEvents(eventsFile, printer, () => serverGone ?? pageGone, run.quietMs);
    } catch (e) {
      await page.screenshot({ path: join(run.resultsDir, 'workbench-at-failure.png') }).catch(() => undefined);
      throw e;
    }
    printer.epilogue();
    return printer.counts;
  } catch (e) {
    saveLogs(server, run.resultsDir);
    const message = `${(e as Error).message}\n  (logs: ${run.resultsDir})`;
    throw e instanceof RunAborted ? new RunAborted(message, e.counts) : new Error(message);
  } finally {
    consoleLog.end();
    await chrome?.close();
    await server.stop();
  }
}

/** Keeps the extension host's and the server's logs, which stop() would delete with the temp dir. */
function saveLogs(server: CodeServer, resultsDir: string): void {
  try {
    cpSync(join(server.userDataDir, 'logs'), join(resultsDir, 'logs'), { recursive: true });
  } catch {
    // no logs yet
  }
}
