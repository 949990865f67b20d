// Notebooks in a real extension host: real .ipynb files opened in VS Code's notebook editor (its
// built-in ipynb serializer; no Jupyter extension, no kernel), read as their cells run. Hovers and
// the lint across cells, the Test Explorer listing and running a notebook's losses (open and
// closed), a check that uses a helper and a constant of earlier cells and never runs the training
// cell, and the agent's grad-check tool on a notebook and on one cell.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, waitFor } from './vscodeHelpers';

const OURS = 'Loss Playground';

type Cell = { kind: 'code' | 'markdown'; source: string };

/** Writes an nbformat 4 notebook of Python cells. */
function writeNotebook(file: string, cells: Cell[]): vscode.Uri {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
    },
    cells: cells.map((c) =>
      c.kind === 'code'
        ? { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: c.source }
        : { cell_type: 'markdown', metadata: {}, source: c.source },
    ),
  };
  writeFileSync(file, JSON.stringify(nb, null, 1));
  return vscode.Uri.file(file);
}

const code = (source: string): Cell => ({ kind: 'code', source });

async function open(uri: vscode.Uri): Promise<vscode.NotebookDocument> {
  const nb = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(nb);
  return nb;
}

/** Shows a cell: the notebook editor makes a cell's text model (which lenses are asked of) when the cell is shown. */
async function reveal(nb: vscode.NotebookDocument, index: number): Promise<vscode.TextDocument> {
  const editor = await vscode.window.showNotebookDocument(nb);
  editor.revealRange(new vscode.NotebookRange(index, index + 1), vscode.NotebookEditorRevealType.InCenter);
  return nb.cellAt(index).document;
}

/** The markdown of the hovers over the last character of `needle` in a cell. */
async function hoverAt(cell: vscode.TextDocument, needle: string): Promise<string> {
  const offset = cell.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in the cell`);
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      cell.uri,
      cell.positionAt(offset + needle.length - 1),
    )) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** The hover's text without its formula images (data: URIs of SVG), for messages. */
function assertHover(md: string, expected: RegExp): void {
  assert.match(md.replace(/\(data:[^)]*\)/g, '(…)'), expected);
}

async function replaceInCell(cell: vscode.TextDocument, from: string, to: string): Promise<void> {
  const at = cell.getText().indexOf(from);
  assert.ok(at >= 0, `${from} is not in the cell`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(cell.uri, new vscode.Range(cell.positionAt(at), cell.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

function lintOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === OURS && typeof d.code === 'object');
}

async function lensTitles(cell: vscode.TextDocument): Promise<string[]> {
  // Until the cell's editor has made its model, VS Code answers "Illegal argument": ask again.
  const lenses =
    (await vscode.commands
      .executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', cell.uri, 100)
      .then(undefined, () => [])) ?? [];
  return lenses.filter((l) => l.command?.command.startsWith('lossPlayground.')).map((l) => l.command!.title);
}

async function invokeTool(input: object): Promise<string> {
  const result = await vscode.lm.invokeTool('lossPlayground_gradcheck', { input, toolInvocationToken: undefined });
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

describe('Notebooks', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loss-playground-notebooks-'));
    // A notebook's Python cells activate the extension (onLanguage:python), but a hover asked at
    // once may come before activation has finished: these tests are about notebooks, not that.
    await vscode.extensions.getExtension('loss-playground.loss-playground')!.activate();
  });
  afterEach(closeAllEditors);

  it('hovers read imports, aliases and loss objects from the cells above, in cell order; an edit above is seen below', async () => {
    const nb = await open(
      writeNotebook(join(dir, 'hovers.ipynb'), [
        code('import jax.numpy as jnp\nimport optax'),
        code('import torch.nn as nn'),
        code('criterion = nn.CrossEntropyLoss(label_smoothing=0.1)'),
        { kind: 'markdown', source: '## Training' },
        code('loss = criterion(out, y)\nw = F.l1_loss(a, b)'),
        code('l = optax.softmax_cross_entropy(logits, labels).mean()\nimport torch.nn.functional as F'),
        code('z = F.mse_loss(a, b)'),
      ]),
    );
    assertHover(
      await hoverAt(nb.cellAt(5).document, 'optax.softmax_cross_entropy'),
      /Optax `optax\.softmax_cross_entropy`/,
    );
    const held = await hoverAt(nb.cellAt(4).document, 'criterion');
    assertHover(held, /`criterion` holds `nn\.CrossEntropyLoss\(label_smoothing=0\.1\)` \(cell 3, line 1\)/);
    assertHover(held, /\| `label_smoothing` \| `0\.0` \(this call: `0\.1`\) \|/);
    // F is imported at the end of cell 6: cell 7 reads it, cell 5 above it does not.
    assertHover(await hoverAt(nb.cellAt(6).document, 'F.mse_loss'), /PyTorch `torch\.nn\.functional\.mse_loss`/);
    assert.equal(await hoverAt(nb.cellAt(4).document, 'F.l1_loss'), '');

    // Cell 1 no longer imports optax: cell 6 knows nothing of it; cell 5 still knows criterion.
    await replaceInCell(nb.cellAt(0).document, 'import optax', 'import math');
    assert.equal(await hoverAt(nb.cellAt(5).document, 'optax.softmax_cross_entropy'), '');
    assertHover(await hoverAt(nb.cellAt(4).document, 'criterion'), /\(cell 3, line 1\)/);
  });

  it('the lint reads a loss with the call of a later cell and the imports above; an edit of the later cell clears it', async () => {
    const nb = await open(
      writeNotebook(join(dir, 'lint.ipynb'), [
        code('import torch\nimport torch.nn.functional as F'),
        code('def my_loss(logits, y):\n    return F.cross_entropy(logits, y)'),
        code('def step(model, x, y):\n    probs = F.softmax(model(x), dim=1)\n    return my_loss(probs, y)'),
      ]),
    );
    const loss = nb.cellAt(1).document;
    const [d] = await waitFor(
      () => lintOf(loss.uri),
      (ds) => ds.length === 1,
      'the softmax misuse on cell 2',
      20_000,
    );
    assert.equal((d.code as { value: string }).value, 'softmax-before-logits-loss');
    assert.equal(d.range.start.line, 1);
    assert.match(d.message, /softmax output from cell 3, line 2/);
    assert.equal(d.relatedInformation?.[0].location.uri.toString(), nb.cellAt(2).document.uri.toString());
    assert.deepEqual(lintOf(nb.cellAt(2).document.uri), []);

    await replaceInCell(nb.cellAt(2).document, 'F.softmax(model(x), dim=1)', 'model(x)');
    await waitFor(
      () => lintOf(loss.uri),
      (ds) => ds.length === 0,
      'no diagnostic once the later cell passes logits',
      20_000,
    );
  });

  describe('grad-check (trusted)', function () {
    let notebook: vscode.Uri;
    let example: vscode.Uri;
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('lossPlayground.gradcheck');

    before(async function () {
      if (!vscode.workspace.isTrusted) this.skip();
      // The examples' notebook imports PyTorch, which Debian's Python has (examples/.vscode says so).
      await config().update('pythonPath', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
      example = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'notebooks', 'losses.ipynb');
      const copy = mkdtempSync(join(tmpdir(), 'loss-playground-notebook-example-'));
      copyFileSync(example.fsPath, join(copy, 'losses.ipynb'));
      notebook = vscode.Uri.file(join(copy, 'losses.ipynb'));
    });

    after(async () => {
      await config().update('pythonPath', undefined, vscode.ConfigurationTarget.Global);
    });

    it('the Test Explorer runs an open notebook’s loss with the helper and constant of earlier cells, never the training cell; an edit above makes the result stale', async () => {
      const nb = await open(notebook);
      const cell = await reveal(nb, 7);
      assert.match(cell.getText(), /^def bce_with_logits\(/);
      await waitFor(
        () => lensTitles(cell),
        (t) => t.length > 0,
        'the lens on cell 8',
      );
      // What "Run Tests in Current File" runs for a file it is given: the notebook's item and its losses.
      await vscode.commands.executeCommand('testing.runCurrentFile', [notebook]);
      const titles = await waitFor(
        () => lensTitles(cell),
        (t) => t.some((x) => x.startsWith('✓ grad ok')),
        'the result of the Test Explorer run on the lens',
        60_000,
      );
      assert.match(titles[0], /^✓ grad ok · max rel err /);
      assert.ok(!existsSync(join(notebook.fsPath, '..', 'model.pt')), 'the training cell ran (it saves model.pt)');
      // The check ran cell 2's EPS too: editing it there makes the result stale.
      await replaceInCell(nb.cellAt(1).document, 'EPS = 1e-7', 'EPS = 1e-6');
      await waitFor(
        () => lensTitles(cell),
        (t) => /^\$\(beaker\) Grad-check$/.test(t[0] ?? ''),
        'the lens reset after an edit of a cell above',
        20_000,
      );
    });

    it('lists a notebook no one opened from its file, and runs its loss in its cell', async () => {
      assert.ok(
        !vscode.workspace.notebookDocuments.some((n) => n.uri.toString() === example.toString()),
        'examples/notebooks/losses.ipynb is open already',
      );
      // The Test Explorer's refresh reads the workspace's files, notebooks too; the command may
      // return before the reading is done, and running a file not listed yet runs nothing: again.
      await vscode.commands.executeCommand('testing.refreshTests');
      const opened = (): vscode.NotebookDocument | undefined =>
        vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === example.toString());
      // The run opens the notebook (not in an editor) to check the loss in its cell.
      const nb = await waitFor(
        async () => (await vscode.commands.executeCommand('testing.runCurrentFile', [example]), opened()),
        (n) => !!n,
        'the run to open the notebook (its loss listed from the file and run)',
        60_000,
      );
      assert.ok(nb);
      const titles = await waitFor(
        () => reveal(nb, 7).then(lensTitles),
        (t) => t.some((x) => x.startsWith('✓ grad ok')),
        'the result on the lens',
        60_000,
      );
      assert.match(titles[0], /^✓ grad ok/);
      assert.ok(!existsSync(join(example.fsPath, '..', 'model.pt')), 'the training cell ran (it saves model.pt)');
    });

    it('the agent’s grad-check tool checks a notebook by its path and one cell by its URI', async () => {
      const byFile = await invokeTool({ file: notebook.fsPath, function: 'bce_with_logits' });
      assert.match(
        byFile,
        /^Grad-check of .*losses\.ipynb: 1 loss, 1 pass\.\n\ncell8:bce_with_logits \(line 1\): pass /,
      );
      const nb = await open(notebook);
      const byCell = await invokeTool({ file: nb.cellAt(7).document.uri.toString() });
      assert.match(byCell, /^Grad-check of .*losses\.ipynb#cell8: 1 loss, 1 pass\.\n\ncell8:bce_with_logits /);
      assert.match(
        await invokeTool({ file: nb.cellAt(4).document.uri.toString() }),
        /#cell5: no loss function was found in the file\.$/,
      );
    });
  });
});
