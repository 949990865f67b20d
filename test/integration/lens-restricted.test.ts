// Grad-check in Restricted Mode. test/integration/run.ts runs the tests tagged "@restricted" in a
// second code-server whose workspace is not trusted (Workspace Trust on, no --disable-workspace-trust);
// the trusted run leaves them out. Nothing of the user's code may run: the fixture writes a marker
// file when it is imported, and the marker must never appear.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, waitFor } from './vscodeHelpers';

describe('@restricted Grad-check in Restricted Mode', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;
  let marker: string;

  before(async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'loss-playground-restricted-'));
    marker = join(dir, 'ran.txt');
    const file = join(dir, 'untrusted_losses.py');
    writeFileSync(
      file,
      [
        'import numpy as np',
        `open(${JSON.stringify(marker)}, "w").write("imported")`,
        '',
        'def mse(pred, target):',
        '    return np.mean((pred - target) ** 2)',
        '',
        'def mse_grad(pred, target):',
        '    return 2.0 * (pred - target) / pred.size',
        '',
      ].join('\n'),
    );
    uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(closeAllEditors);

  it('the workspace is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('the lens says why grad-check is off and offers trust management', async () => {
    const lenses = await waitFor(
      async () =>
        (
          (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? []
        ).filter((l) => l.command?.command.startsWith('lossPlayground.')),
      (l) => l.length > 0,
      'a lens on mse',
    );
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title, l.command!.command]),
      [[3, '$(shield) Grad-check needs a trusted workspace', 'lossPlayground.gradcheckTrust']],
    );
  });

  it('runs nothing: not the lens command, not the file command', async () => {
    const one = await vscode.commands.executeCommand('lossPlayground.gradcheck', uri, 'mse');
    const all = await vscode.commands.executeCommand<unknown[]>('lossPlayground.gradcheckFile', uri);
    assert.equal(one, undefined);
    assert.deepEqual(all, []);
    // Give a runner that was started by mistake the time to import the file.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(existsSync(marker), false, 'the user code ran in Restricted Mode');
    assert.deepEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Loss Playground'),
      [],
    );
  });
});
