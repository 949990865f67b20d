import { bundleLoadStart } from './activationClock';
import * as vscode from 'vscode';
import { activateWith } from './activate';
import { COMMANDS } from './commands';
import { nodeRunners } from './gradcheck/runners/node';

/** Node's extension host (the desktop, a remote window, a Codespace): user code runs in processes. */
export function activate(context: vscode.ExtensionContext): void {
  activateWith(
    context,
    {
      host: "Node's extension host",
      runners: nodeRunners,
      // A worker thread (node:worker_threads) takes a file path.
      playgroundWorker: (extensionUri) => vscode.Uri.joinPath(extensionUri, 'dist', 'playground-worker.js').fsPath,
    },
    bundleLoadStart,
  );
  // `npm start` (scripts/start.ts) opens the playground with the window. It opens an example
  // Python file with the folder, so onLanguage:python brings us here without activating at
  // start-up for everyone else.
  if (context.extensionMode === vscode.ExtensionMode.Development && process.env[OPEN_AT_START] === '1')
    void vscode.commands.executeCommand(COMMANDS.open);
}

/** Set by `npm start` for the window it opens. */
const OPEN_AT_START = 'LOSS_PLAYGROUND_OPEN_AT_START';

export function deactivate(): void {}
