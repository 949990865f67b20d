import { bundleLoadStart } from './activationClock';
import * as vscode from 'vscode';
import { activateWith } from './activate';
import { webRunners } from './gradcheck/runners/web';
import type { WorkerLike } from './gradcheck/runners/workerHost';

// The browser's globals this file uses (the project's TypeScript checks against Node's types).
declare const Worker: new (url: string, options?: { name?: string }) => WorkerLike;
declare const URL: { createObjectURL(blob: Blob): string };

/**
 * The browser's Web Worker extension host (vscode.dev, github.dev): the same providers and
 * playground; grad-checks of JS/TS run in a Web Worker, and Python's say they need a desktop or
 * remote window.
 */
export function activate(context: vscode.ExtensionContext): void {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'gradcheck-worker.js');
  activateWith(
    context,
    {
      host: 'the browser (Web Worker extension host)',
      runners: webRunners(() => startWorker(script)),
      // A Web Worker (src/gradcheck/runners/browser/workerThreads.ts) fetches its script by URI.
      playgroundWorker: (extensionUri) =>
        vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'playground-worker.js').toString(true),
    },
    bundleLoadStart,
  );
}

export function deactivate(): void {}

let scriptUrl: Promise<string> | undefined;

/**
 * A worker running `script`. The extension's files are served from another origin than the
 * extension host's (and VS Code refuses a worker made from a remote extension's URI), so the
 * script is read once through VS Code and started from a blob: URL of this origin.
 */
async function startWorker(script: vscode.Uri): Promise<WorkerLike> {
  scriptUrl ??= readScript(script).then((bytes) => URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })));
  scriptUrl.catch(() => (scriptUrl = undefined));
  return new Worker(await scriptUrl, { name: 'Loss Playground grad-check' });
}

async function readScript(script: vscode.Uri): Promise<Uint8Array> {
  try {
    return await vscode.workspace.fs.readFile(script);
  } catch (e) {
    // An extension served over http(s) that no file system provider serves (a test web server).
    const response = await fetch(script.toString(true)).catch(() => null);
    if (response?.ok) return new Uint8Array(await response.arrayBuffer());
    throw e;
  }
}
