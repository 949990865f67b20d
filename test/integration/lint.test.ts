// The loss lint in a real extension host: diagnostics appear as documents open and change, their
// quick fixes change the text as promised and the diagnostic goes, the per-rule setting and the
// ignore comment silence it, the code links the playground scene, notebook cells are read with the
// cells above them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, waitFor } from './vscodeHelpers';

const SOURCE = 'Loss Playground';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function rule(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function diagnostics(uri: vscode.Uri, count: number, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => ours(uri),
    (ds) => ds.length === count,
    `${count} lint diagnostic(s) on ${what}`,
    20_000,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'lp-lint-it-'));
let files = 0;

/** A file of its own for each test: untitled documents reuse their names, and so would their diagnostics. */
async function open(language: string, content: string): Promise<vscode.TextDocument> {
  const file = join(dir, `lint-${++files}.${language === 'python' ? 'py' : 'ts'}`);
  writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function actions(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  let all: (vscode.CodeAction | vscode.Command)[];
  for (let attempt = 0; ; attempt++) {
    try {
      all =
        (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          doc.uri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
        )) ?? [];
      break;
    } catch (e) {
      // Another extension's provider (TypeScript's, starting up) can cancel the whole request: ask again.
      if (attempt >= 5 || !/Canceled/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  // Our actions only: other extensions (Python's, TypeScript's) may offer theirs on the same range.
  return all.filter(
    (a): a is vscode.CodeAction =>
      'kind' in a && /Loss Playground|softmax|sigmoid|from_logits|batchmean|logits|Ignore |Turn off /.test(a.title),
  );
}

async function apply(action: vscode.CodeAction | undefined): Promise<void> {
  assert.ok(action?.edit, `no edit on ${action?.title}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

const SOFTMAX_CE = `import torch
import torch.nn as nn
import torch.nn.functional as F

criterion = nn.CrossEntropyLoss()


def step(model, x, y):
    logits = model(x)
    probs = F.softmax(logits, dim=1)
    return criterion(probs, y)
`;

describe('lint in VS Code', function () {
  this.timeout(60_000);
  afterEach(closeAllEditors);

  it('shows softmax-before-logits-loss on the loss line, naming both lines, with the scene link and the related line', async () => {
    const doc = await open('python', SOFTMAX_CE);
    const [d] = await diagnostics(doc.uri, 1, 'the softmax example');
    assert.equal(rule(d), 'softmax-before-logits-loss');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, 10);
    assert.match(
      d.message,
      /`criterion` on line 11 applies softmax itself, but it is given the softmax output from line 10/,
    );
    const target = typeof d.code === 'object' ? d.code.target : undefined;
    assert.equal(target?.scheme, 'command');
    assert.equal(target?.path, 'lossPlayground.open');
    assert.deepEqual(JSON.parse(decodeURIComponent(target?.query ?? '')), [{ scene: 'softmax' }]);
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 9);
  });

  it('the quick fix removes the softmax (passes the logits) and the diagnostic goes', async () => {
    const doc = await open('python', SOFTMAX_CE);
    const [d] = await diagnostics(doc.uri, 1, 'the softmax example');
    const list = await actions(doc, d);
    const titles = list.map((a) => a.title);
    assert.ok(titles.includes('Remove the softmax (pass the logits)'), titles.join(' | '));
    assert.ok(
      titles.some((t) => /^Open scene 7 \(softmax\) in Loss Playground$/.test(t)),
      titles.join(' | '),
    );
    const fix = list.find((a) => a.title === 'Remove the softmax (pass the logits)');
    assert.equal(fix?.isPreferred, true);
    await apply(fix);
    assert.ok(doc.getText().includes('    return criterion(logits, y)\n'), doc.getText());
    await diagnostics(doc.uri, 0, 'the fixed example');
  });

  it("fixes KLDivLoss with reduction='batchmean'", async () => {
    const kl = await open('python', 'import torch.nn as nn\nimport torch.nn.functional as F\n\nkl = nn.KLDivLoss()\n');
    const [k] = await diagnostics(kl.uri, 1, 'KLDivLoss()');
    await apply((await actions(kl, k)).find((a) => a.title === "Use reduction='batchmean'"));
    assert.equal(
      kl.getText(),
      "import torch.nn as nn\nimport torch.nn.functional as F\n\nkl = nn.KLDivLoss(reduction='batchmean')\n",
    );
    await diagnostics(kl.uri, 0, 'the fixed KLDivLoss');
  });

  it('fixes a Keras compile with from_logits=True', async () => {
    const keras = await open(
      'python',
      'from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])\nmodel.compile(optimizer="adam", loss="binary_crossentropy")\n',
    );
    const [c] = await diagnostics(keras.uri, 1, 'the Keras compile');
    assert.equal(rule(c), 'logits-to-probability-loss');
    await apply((await actions(keras, c)).find((a) => a.title.startsWith('Pass from_logits=True')));
    assert.ok(keras.getText().includes('loss=keras.losses.BinaryCrossentropy(from_logits=True))'), keras.getText());
    await diagnostics(keras.uri, 0, 'the fixed compile');
  });

  it("fixes TF.js's double sigmoid in TypeScript", async () => {
    const ts = await open(
      'typescript',
      "import * as tf from '@tensorflow/tfjs';\nexport const loss = (y: tf.Tensor, z: tf.Tensor) => tf.losses.sigmoidCrossEntropy(y, tf.sigmoid(z));\n",
    );
    const [s] = await diagnostics(ts.uri, 1, 'the TF.js loss');
    assert.equal(rule(s), 'sigmoid-before-logits-loss');
    await apply((await actions(ts, s)).find((a) => a.title === 'Remove the sigmoid (pass the logits)'));
    assert.ok(ts.getText().includes('tf.losses.sigmoidCrossEntropy(y, z)'), ts.getText());
  });

  it('lints again as you type: a new misuse appears without saving', async () => {
    const doc = await open(
      'python',
      'import torch.nn.functional as F\n\ndef f(x, y):\n    return F.cross_entropy(x, y)\n',
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(ours(doc.uri).length, 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(3, 27, 3, 28), 'F.softmax(x, dim=1)');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [d] = await diagnostics(doc.uri, 1, 'the typed softmax');
    assert.equal(rule(d), 'softmax-before-logits-loss');
  });

  it('the per-rule setting turns the rule off, and on again', async () => {
    const doc = await open('python', SOFTMAX_CE);
    await diagnostics(doc.uri, 1, 'the softmax example');
    const config = vscode.workspace.getConfiguration('lossPlayground.lint');
    await config.update('rules.softmax-before-logits-loss', false, vscode.ConfigurationTarget.Global);
    try {
      await diagnostics(doc.uri, 0, 'the example with the rule off');
    } finally {
      await config.update('rules.softmax-before-logits-loss', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnostics(doc.uri, 1, 'the example with the rule on again');
  });

  it('the ignore comment silences the line; the "Ignore on this line" action writes it', async () => {
    const doc = await open('python', SOFTMAX_CE);
    const [d] = await diagnostics(doc.uri, 1, 'the softmax example');
    await apply((await actions(doc, d)).find((a) => a.title === 'Ignore softmax-before-logits-loss on this line'));
    assert.ok(
      doc.getText().includes('    return criterion(probs, y)  # loss-playground: ignore[softmax-before-logits-loss]\n'),
      doc.getText(),
    );
    await diagnostics(doc.uri, 0, 'the ignored line');
  });

  it('reads a notebook cell with the cells above it, and points into the earlier cell', async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch\nimport torch.nn as nn', 'python'),
      new vscode.NotebookCellData(
        vscode.NotebookCellKind.Code,
        'criterion = nn.BCEWithLogitsLoss()\nhead = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())',
        'python',
      ),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '## Training', 'markdown'),
      new vscode.NotebookCellData(
        vscode.NotebookCellKind.Code,
        'def step(x, y):\n    return criterion(head(x), y)',
        'python',
      ),
    ]);
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(3).document;
    const [d] = await diagnostics(cell.uri, 1, 'the notebook cell');
    assert.equal(rule(d), 'sigmoid-before-logits-loss');
    assert.equal(d.range.start.line, 1);
    assert.match(
      d.message,
      /`criterion` on line 2 applies sigmoid itself, but it is given the sigmoid output from cell 2, line 2/,
    );
    const related = d.relatedInformation?.[0].location;
    assert.equal(related?.uri.toString(), nb.cellAt(1).document.uri.toString());
    assert.equal(related?.range.start.line, 1);
    assert.equal(ours(nb.cellAt(1).document.uri).length, 0);
  });
});
