/**
 * Commands only tests call. They exist only in a build for tests (LOSS_PLAYGROUND_TEST_HOOKS, see
 * ./buildFlags.d.ts: the VSIX's bundles do not hold this module) and are registered only in an
 * extension host that runs a test suite (ExtensionMode.Test: `--extensionTestsPath`, as
 * test/integration does), never in a window someone works in.
 */
import * as vscode from 'vscode';
import type { ActivationTimes } from './activationClock';
import type { Log } from './log';
import { PlaygroundPanel, type Receipt } from './playground/panel';

/** How many of the log's last lines the receive hook returns. */
const RECENT_LINES = 200;

export function registerTestHooks(log: Log, activation: () => ActivationTimes | undefined): vscode.Disposable[] {
  const recent: string[] = [];
  return [
    log.onLine((line) => {
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
    }),
    // Pushes a raw message through the panel's validation path, as if the page had sent it, and
    // returns the receipt and the log's last lines.
    vscode.commands.registerCommand(
      'lossPlayground._receiveForTest',
      async (raw: unknown): Promise<{ receipt?: Receipt; log: readonly string[] }> => {
        const receipt = await PlaygroundPanel.active?.receive(raw);
        return { ...(receipt ? { receipt } : {}), log: [...recent] };
      },
    ),
    // How long loading the bundle and activate() took.
    vscode.commands.registerCommand('lossPlayground._activationTimesForTest', () => activation()),
  ];
}
