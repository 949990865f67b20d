// User text in the extension's notifications, in a real extension host: a loss whose exception
// message is a command link ("Could not plot" shows the message) must not put a clickable link in
// the notification. The notification's text is taken where the extension hands it to VS Code.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors } from './vscodeHelpers';

const LINK = '[Fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
const FIXTURE = `import numpy as np

def injecting_loss(pred, target):
    raise ValueError("${LINK}")

def injecting_loss_grad(pred, target):
    return pred
`;

// The rule VS Code's notifications parse links with (src/vs/base/common/linkedText.ts, 1.100).
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('Notifications', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'loss-playground-notify-'));
  });

  after(async () => {
    await closeAllEditors();
    rmSync(dir, { recursive: true, force: true });
  });

  it('"Could not plot" shows a loss’s exception text without a command link in it', async () => {
    const file = join(dir, 'injecting_losses.py');
    writeFileSync(file, FIXTURE);
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window.showErrorMessage;
    const shown: string[] = [];
    window.showErrorMessage = (message: string) => {
      shown.push(message);
      return Promise.resolve(undefined);
    };
    try {
      assert.equal(window.showErrorMessage === original, false, 'vscode.window cannot be stubbed here');
      await vscode.commands.executeCommand('lossPlayground.plotLoss', uri, 'injecting_loss');
    } finally {
      window.showErrorMessage = original;
    }
    const plot = shown.find((m) => m.includes('injecting_loss'));
    assert.ok(plot, `no error notification for the plot: ${JSON.stringify(shown)}`);
    assert.match(plot, /ValueError: \[Fix\] \(command:workbench/, 'the exception text is shown, made inert');
    assert.deepEqual(
      [...plot.matchAll(VSCODE_LINK)].map((m) => m[0]),
      [],
      plot,
    );
  });
});
