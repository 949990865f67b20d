// A file over the live-discovery limit (50,000 lines) in a real extension host: its lenses are
// found a slice at a time, so the host answers other requests meanwhile; once it is edited its
// lenses give way to one that says they update on save, and saving brings them back.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { generatedLossLines, generatedPython } from '../support/largeSources';
import { closeAllEditors, waitFor } from './vscodeHelpers';

const LINES = 60_000;

/**
 * The lenses of a document as the editor gets them: all of them, unresolved, or only `resolve` of
 * them, resolved (with a count, VS Code leaves out the lenses it did not resolve).
 */
async function lensesOf(uri: vscode.Uri, resolve?: number): Promise<vscode.CodeLens[]> {
  const args = resolve === undefined ? [uri] : [uri, resolve];
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ...args)) ?? [];
}

const linesOf = (lenses: vscode.CodeLens[]): number[] =>
  [...new Set(lenses.map((l) => l.range.start.line))].sort((a, b) => a - b);

describe('Grad-check lenses on a large file', function () {
  this.timeout(240_000);
  let uri: vscode.Uri;
  const expected = generatedLossLines(LINES);

  before(() => {
    const file = join(mkdtempSync(join(tmpdir(), 'loss-playground-large-')), 'large_losses.py');
    writeFileSync(file, generatedPython(LINES));
    uri = vscode.Uri.file(file);
  });

  after(async () => {
    await closeAllEditors();
  });

  it('places a lens on each of its losses while the host keeps answering hovers', async () => {
    const small = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import torch.nn.functional as F\nloss = F.mse_loss(a, b)\n',
    });
    // Opening it starts discovery; the lens request joins it. (Not shown in an editor: the
    // workbench drawing 60,000 lines would slow the hovers' round trips, not the host.)
    await vscode.workspace.openTextDocument(uri);
    let pending = true;
    const lenses = lensesOf(uri).finally(() => (pending = false));
    let answered = 0;
    while (pending) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        small.uri,
        new vscode.Position(1, 12),
      );
      assert.ok(hovers.length > 0, 'no hover on F.mse_loss');
      if (pending) answered++;
    }
    assert.deepEqual(linesOf(await lenses), expected);
    // Found in one task (started when the file opened), discovery would hold the thread until the
    // lenses were ready, and the first hover, asked after them, would be answered after them.
    assert.ok(answered > 0, 'no hover was answered while its lenses were being found');
  });

  it('once edited, shows one lens saying they update on save; saving brings them back', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n')));
    await waitFor(
      () => lensesOf(uri),
      (l) => l.length === 1,
      'the one lens of an edited large file',
      60_000,
    );
    const [waiting] = await lensesOf(uri, 1);
    assert.equal(waiting.range.start.line, 0);
    assert.match(waiting.command?.title ?? '', /Large file: grad-check lenses update on save/);
    assert.ok(await editor.document.save());
    const back = await waitFor(
      () => lensesOf(uri),
      (l) => l.length > 1,
      'the lenses after saving',
      120_000,
    );
    assert.deepEqual(
      linesOf(back),
      expected.map((line) => line + 1),
    );
  });
});
