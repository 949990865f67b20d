// The extension in a real extension host, seen only through the VS Code API, as a user's VS Code
// sees it. Later issues add lens, hover and diagnostics suites beside this one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, playgroundTabs, waitFor } from './vscodeHelpers';

const EXTENSION_ID = 'loss-playground.loss-playground';

describe('Loss Playground extension', () => {
  afterEach(closeAllEditors);

  it('is installed as the extension under development', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal((ext.packageJSON as { displayName: string }).displayName, 'Loss Playground');
  });

  it('contributes "Loss Playground: Open Loss Playground" to the command palette', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = ext.packageJSON as {
      contributes: { commands: Array<{ command: string; title: string; category: string }> };
    };
    const contributed = manifest.contributes.commands.find((c) => c.command === 'lossPlayground.open');
    assert.equal(
      contributed && `${contributed.category}: ${contributed.title}`,
      'Loss Playground: Open Loss Playground',
    );
  });

  it('activates when its command runs, and registers it', async () => {
    await vscode.commands.executeCommand('lossPlayground.open');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    // Contributed commands are listed only once an extension has registered them, i.e. activated.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('lossPlayground.open'), 'lossPlayground.open is not registered');
  });

  it('opens a webview tab labelled "Loss Playground"', async () => {
    await vscode.commands.executeCommand('lossPlayground.open');
    const tabs = await waitFor(
      () => playgroundTabs(),
      (t) => t.length > 0,
      'a Loss Playground webview tab',
    );
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0].label, 'Loss Playground');
    assert.ok(tabs[0].isActive, 'the playground tab is not the active tab');
  });

  it('keeps one panel when opened twice', async () => {
    await vscode.commands.executeCommand('lossPlayground.open');
    await vscode.commands.executeCommand('lossPlayground.open');
    await waitFor(
      () => playgroundTabs(),
      (t) => t.length > 0,
      'a Loss Playground webview tab',
    );
    assert.equal(playgroundTabs().length, 1);
  });

  it('closes its panel with the editor', async () => {
    await vscode.commands.executeCommand('lossPlayground.open');
    await waitFor(
      () => playgroundTabs(),
      (t) => t.length > 0,
      'a Loss Playground webview tab',
    );
    await closeAllEditors();
    assert.equal(playgroundTabs().length, 0);
  });
});
