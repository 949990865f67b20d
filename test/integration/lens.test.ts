// Grad-check lenses and diagnostics in a real extension host, through the VS Code API only: the
// code lens provider as VS Code calls it, the lens command as a click runs it, the diagnostics
// VS Code holds. The Restricted Mode half is lens-restricted.test.ts (a second, untrusted run).
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, openExample, playgroundTabs, waitFor } from './vscodeHelpers';
import type { UserLossSeries } from '../../src/protocol';

// A fixture of our own, so its line numbers are known: two losses with paired gradients (one
// wrong: the 1/n of the mean is missing), their gradients and a helper, which get no lens.
const FIXTURE = `import numpy as np

def mse(pred, target):
    return np.mean((pred - target) ** 2)

def mse_grad(pred, target):
    return 2.0 * (pred - target) / pred.size

def l1_loss(pred, target):
    return np.mean(np.abs(pred - target))

def l1_loss_grad(pred, target):
    return np.sign(pred - target)

def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()

# gradcheck: pred=randz(8) target=randn(8)
def annotated_loss(pred, target):
    return np.mean((pred - target) ** 2)
`;
const LINE = { mse: 2, mse_grad: 5, l1_loss: 8, l1_loss_grad: 11, softmax: 14, annotation: 18, annotated_loss: 19 };

type Result = { verdict: string; function: string; message: string; worst: { index: number[] } | null };

function ourLenses(lenses: vscode.CodeLens[]): vscode.CodeLens[] {
  return lenses.filter((l) => l.command?.command.startsWith('lossPlayground.'));
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The second argument resolves every lens, as the editor does for the visible ones.
  return ourLenses(
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [],
  );
}

function titlesOnLine(lenses: vscode.CodeLens[], line: number): string[] {
  return lenses.filter((l) => l.range.start.line === line).map((l) => l.command!.title);
}

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Loss Playground');
}

function checkCommandOf(lenses: vscode.CodeLens[], line: number): vscode.Command {
  const lens = lenses.find((l) => l.range.start.line === line && l.command?.command === 'lossPlayground.gradcheck');
  assert.ok(lens?.command, `no grad-check lens on line ${line + 1}`);
  return lens.command;
}

/** Runs a lens's command as a click does: the promise it returns ends when the check has. */
function click(command: vscode.Command): Thenable<Result | undefined> {
  return vscode.commands.executeCommand<Result | undefined>(
    command.command,
    ...((command.arguments ?? []) as unknown[]),
  );
}

describe('Grad-check lenses', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loss-playground-lens-'));
    const file = join(dir, 'fixture_losses.py');
    writeFileSync(file, FIXTURE);
    uri = vscode.Uri.file(file);
  });

  beforeEach(async () => {
    // Each test starts from the fixture's text (earlier tests edit it, unsaved).
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    if (editor.document.getText() !== FIXTURE) {
      const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
      assert.ok(await editor.edit((e) => e.replace(all, FIXTURE)));
    }
    assert.equal(editor.document.getText(), FIXTURE);
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('lossPlayground');
    await config.update('gradcheck.atol', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('places a "Grad-check" lens on each loss and none on gradients or helpers', async () => {
    const lenses = await waitFor(
      () => lensesOf(uri),
      (l) => l.length >= 3,
      'grad-check lenses on the fixture',
    );
    const lines = [...new Set(lenses.map((l) => l.range.start.line))].sort((a, b) => a - b);
    assert.deepEqual(lines, [LINE.mse, LINE.l1_loss, LINE.annotated_loss]);
    assert.deepEqual(titlesOnLine(lenses, LINE.mse), ['$(beaker) Grad-check']);
    // On the name, where a diagnostic goes.
    const mse = lenses.find((l) => l.range.start.line === LINE.mse)!;
    assert.equal(mse.range.start.character, 4);
  });

  it('places lenses in JavaScript too, and offers the plot when there is no gradient to compare', async () => {
    const editor = await openExample('javascript/losses.js');
    const lenses = await waitFor(
      () => lensesOf(editor.document.uri),
      (l) => l.length >= 3,
      'lenses on losses.js',
    );
    const text = editor.document.getText().split('\n');
    const lineOf = (decl: string): number => text.findIndex((l) => l.startsWith(decl));
    const lines = [...new Set(lenses.map((l) => l.range.start.line))].sort((a, b) => a - b);
    assert.deepEqual(lines, [
      lineOf('function hingeLoss('),
      lineOf('function logCoshLoss('),
      lineOf('function pseudoHuberLoss('),
    ]);
    assert.deepEqual(titlesOnLine(lenses, lineOf('function pseudoHuberLoss(')), [
      '$(beaker) Grad-check',
      'Plot in Playground',
    ]);
  });

  it('marks a bad annotation without running anything', async () => {
    const d = await waitFor(
      () => ourDiagnostics(uri),
      (ds) => ds.some((x) => x.code === 'gradcheck-annotation'),
      'the bad-annotation diagnostic',
    );
    const bad = d.find((x) => x.code === 'gradcheck-annotation')!;
    assert.equal(bad.range.start.line, LINE.annotation);
    assert.match(bad.message, /unknown generator 'randz'/);
  });

  it('a failing check leaves a diagnostic on the function name and rewrites the lens', async () => {
    const lenses = await lensesOf(uri);
    const result = await click(checkCommandOf(lenses, LINE.l1_loss));
    // The command resolved: the check has finished.
    assert.equal(result?.verdict, 'fail', result?.message);
    const diagnostics = ourDiagnostics(uri).filter((x) => x.code === 'gradcheck-fail');
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(
      [diagnostics[0].range.start.line, diagnostics[0].range.start.character, diagnostics[0].range.end.character],
      [LINE.l1_loss, 4, 11],
    );
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostics[0].message, /^Gradient check failed: /);
    const after = titlesOnLine(await lensesOf(uri), LINE.l1_loss);
    assert.match(after[0], /^✗ grad mismatch at \[\d+\] · analytic .+ vs numeric .+/);
    assert.deepEqual(after.slice(1), ['Plot in Playground', 'Show details']);
  });

  it('a passing check clears the diagnostic (same code, looser tolerance)', async () => {
    const before = ourDiagnostics(uri).filter((x) => x.code === 'gradcheck-fail');
    assert.equal(before.length, 1, 'the previous test left no failure diagnostic');
    // The gradient is off by a factor n = 8; an absolute tolerance of 100 lets it through.
    await vscode.workspace
      .getConfiguration('lossPlayground')
      .update('gradcheck.atol', 100, vscode.ConfigurationTarget.Global);
    const result = await click(checkCommandOf(await lensesOf(uri), LINE.l1_loss));
    assert.equal(result?.verdict, 'pass', result?.message);
    assert.deepEqual(
      ourDiagnostics(uri).filter((x) => typeof x.code === 'string' && x.code.startsWith('gradcheck-f')),
      [],
    );
    assert.match(titlesOnLine(await lensesOf(uri), LINE.l1_loss)[0], /^✓ grad ok · max rel err /);
    await vscode.workspace
      .getConfiguration('lossPlayground')
      .update('gradcheck.atol', undefined, vscode.ConfigurationTarget.Global);
  });

  it('editing the code clears the diagnostic, and the fixed gradient passes', async () => {
    const fail = await click(checkCommandOf(await lensesOf(uri), LINE.l1_loss));
    assert.equal(fail?.verdict, 'fail');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const line = editor.document.lineAt(LINE.l1_loss_grad + 1);
    // Unsaved: the check runs the editor's text.
    const ok = await editor.edit((e) => e.replace(line.range, '    return np.sign(pred - target) / pred.size'));
    assert.ok(ok);
    await waitFor(
      () => ourDiagnostics(uri).filter((x) => x.code === 'gradcheck-fail'),
      (d) => d.length === 0,
      'the diagnostic to go after the edit',
    );
    assert.deepEqual(titlesOnLine(await lensesOf(uri), LINE.l1_loss), ['$(beaker) Grad-check']);
    const pass = await click(checkCommandOf(await lensesOf(uri), LINE.l1_loss));
    assert.equal(pass?.verdict, 'pass', pass?.message);
    assert.equal(ourDiagnostics(uri).filter((x) => x.code === 'gradcheck-fail').length, 0);
  });

  it('"Grad-check All Losses in File" checks every loss and resolves with the results', async () => {
    const results = await vscode.commands.executeCommand<Result[]>('lossPlayground.gradcheckFile', uri);
    assert.deepEqual(
      results.map((r) => [r.function, r.verdict]),
      [
        ['mse', 'pass'],
        ['l1_loss', 'fail'],
        ['annotated_loss', 'error'],
      ],
    );
    // Moving code down moves its diagnostic with it.
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '\n\n'));
    const moved = await waitFor(
      () => ourDiagnostics(uri).filter((x) => x.code === 'gradcheck-fail'),
      (d) => d[0]?.range.start.line === LINE.l1_loss + 2,
      'the diagnostic to follow the edit',
    );
    assert.equal(moved.length, 1);
  });

  it('"Plot in Playground" sends the scene the loss and both gradients along one coordinate', async () => {
    // What the scene receives is what the host posts to the page. This suite shares the extension's
    // `vscode` module, so it watches the panel the plot creates (a fresh one: an open one is closed).
    await vscode.window.tabGroups.close(playgroundTabs());
    const posted: unknown[] = [];
    const window = vscode.window as { createWebviewPanel: typeof vscode.window.createWebviewPanel };
    const create = window.createWebviewPanel;
    window.createWebviewPanel = (...args) => {
      const panel = create(...args);
      const post = panel.webview.postMessage.bind(panel.webview);
      panel.webview.postMessage = (m: unknown) => (posted.push(m), post(m));
      return panel;
    };
    let series: UserLossSeries | undefined;
    try {
      await vscode.commands.executeCommand('lossPlayground.plotLoss', uri, 'mse');
      // A `series` message, once the page says it is ready.
      const sent = (): UserLossSeries | undefined =>
        posted
          .filter((m) => (m as { type?: string }).type === 'series')
          .map((m) => (m as { series?: UserLossSeries }).series)
          .find((x) => x !== undefined);
      series = await waitFor(sent, (x) => x !== undefined, 'the series posted to the playground page', 30_000);
    } finally {
      window.createWebviewPanel = create;
    }
    assert.equal(playgroundTabs().length, 1);
    const { title, coordinate, file, line, gradient, x, loss, analytic, numeric, reference } = series!;
    // `line` 1-based, as the page shows it (file:line).
    assert.deepEqual([title, file, line, gradient], ['mse', uri.fsPath, LINE.mse + 1, 'paired:mse_grad']);
    assert.match(coordinate, /^pred\[\d+\]$/);
    assert.equal(x.length, 101);
    const h = x[1] - x[0];
    assert.ok(
      h > 0 && x.every((v, k) => k === 0 || Math.abs(v - x[k - 1] - h) < 1e-9 * Math.max(1, Math.abs(v))),
      'evenly spaced, increasing',
    );
    // mean((pred - target)²) along one coordinate is a parabola: equal, positive second differences;
    // its slope is the plotted gradient (a central difference is exact on a parabola), and the
    // paired mse_grad (right in this fixture) agrees with the numeric one.
    const L = loss.map(Number);
    const second = L.slice(2).map((v, k) => v - 2 * L[k + 1] + L[k]);
    assert.ok(
      second[0] > 0 && second.every((d) => Math.abs(d - second[0]) < 1e-6 * second[0]),
      `not a parabola: ${second.slice(0, 5).join(', ')}`,
    );
    const scale = Math.max(...numeric.map((v) => Math.abs(Number(v))));
    for (let k = 1; k < 100; k++) {
      const slope = (L[k + 1] - L[k - 1]) / (2 * h);
      assert.ok(
        Math.abs(Number(analytic![k]) - slope) < 1e-5 * scale,
        `analytic ${analytic![k]} vs the loss's slope ${slope} at x = ${x[k]}`,
      );
      assert.ok(
        Math.abs(Number(numeric[k]) - slope) < 1e-5 * scale,
        `numeric ${numeric[k]} vs the loss's slope ${slope} at x = ${x[k]}`,
      );
    }
    // `mse` reads as the catalog's MSE and is the mean convention of it: the reference the scene
    // draws beside it is the same curve, computed by the engine rather than by the fixture.
    assert.ok(reference, 'no reference curve for mse');
    assert.match(reference.label, /^mse\(\), mean/);
    assert.equal(reference.agrees, true);
    reference.loss.forEach((v, k) =>
      assert.ok(
        Math.abs(Number(v) - L[k]) <= 1e-9 * Math.max(1, L[k]),
        `reference ${v} vs loss ${L[k]} at x = ${x[k]}`,
      ),
    );
  });

  it('runs the losses of a file from the Test Explorer, with the same diagnostics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loss-playground-testing-'));
    const file = join(dir, 'test_explorer_losses.js');
    writeFileSync(
      file,
      [
        'function squaredLoss(a, y) { return a.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / a.length; }',
        // Wrong: the gradient of the sum, not of the mean.
        'function squaredLossGrad(a, y) { return a.map((v, i) => 2 * (v - y[i])); }',
        'module.exports = { squaredLoss, squaredLossGrad };',
        '',
      ].join('\n'),
    );
    const testUri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(testUri));
    // The controller lists an open document's losses a moment after it opens.
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('testing.runCurrentFile');
    const d = await waitFor(
      () => ourDiagnostics(testUri),
      (x) => x.some((y) => y.code === 'gradcheck-fail'),
      'the failure of squaredLoss from a Test Explorer run',
      30_000,
    );
    assert.equal(d[0].range.start.line, 0);
  });

  it('checks the losses people write: a model-parameter loss returning (loss, dW), a loss layer with backward(), and never a script’s top level', async () => {
    // The suite runs bundled from out/test/integration; the corpus is in the repository's test/.
    const corpus = join(__dirname, '..', '..', '..', 'test', 'gradcheck-corpus');
    const svm = vscode.Uri.file(join(corpus, 'real-shapes', 'cs231n_budmitr_linear_svm.py'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(svm));
    const text = (await vscode.workspace.openTextDocument(svm)).getText().split('\n');
    const svmLine = text.findIndex((l) => l.startsWith('def svm_loss_vectorized('));
    const svmResult = await click(
      checkCommandOf(
        await waitFor(
          () => lensesOf(svm),
          (l) => l.length > 0,
          'lenses on the CS231n file',
        ),
        svmLine,
      ),
    );
    assert.equal(svmResult?.verdict, 'pass', svmResult?.message);
    assert.match(titlesOnLine(await lensesOf(svm), svmLine)[0], /^✓ grad ok · max rel err /);

    const layers = vscode.Uri.file(join(corpus, 'real-shapes', 'pkg_dlfs', 'common', 'layers.py'));
    const layerText = (await vscode.workspace.openTextDocument(layers)).getText().split('\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(layers));
    const forwardLine = layerText.findIndex((l) => /^\s+def forward\(self, x, t\)/.test(l));
    const layerResult = await click(
      checkCommandOf(
        await waitFor(
          () => lensesOf(layers),
          (l) => l.length > 0,
          'lenses on the loss layer',
        ),
        forwardLine,
      ),
    );
    assert.equal(layerResult?.verdict, 'pass', layerResult?.message);

    const script = vscode.Uri.file(join(corpus, 'loading', 'training_script.py'));
    rmSync(join(corpus, 'loading', 'runs'), { recursive: true, force: true });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(script));
    const scriptLine = (await vscode.workspace.openTextDocument(script))
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('def mse_loss('));
    const scriptResult = await click(
      checkCommandOf(
        await waitFor(
          () => lensesOf(script),
          (l) => l.length > 0,
          'lenses on the training script',
        ),
        scriptLine,
      ),
    );
    assert.equal(scriptResult?.verdict, 'pass', scriptResult?.message);
    assert.ok(!existsSync(join(corpus, 'loading', 'runs')), 'the script’s os.makedirs ran');
  });

  it('checks a loss in a notebook cell with what the cells before it define, never running a training cell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loss-playground-notebook-'));
    const code = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
        language_info: { name: 'python' },
      },
      cells: [
        code('%matplotlib inline\nimport numpy as np\nimport os\n\nSCALE = 0.5\n'),
        code("os.makedirs('trained_here', exist_ok=True)\nfor epoch in range(3):\n    print(epoch)\n"),
        code(
          'def scaled_mse(pred, target):\n    return SCALE * np.mean((pred - target) ** 2)\n\n\ndef scaled_mse_grad(pred, target):\n    return SCALE * 2 * (pred - target) / pred.size\n',
        ),
      ],
    };
    const file = join(dir, 'losses.ipynb');
    writeFileSync(file, JSON.stringify(notebook));
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(2).document;
    const lenses = await waitFor(
      () => lensesOf(cell.uri),
      (l) => l.length > 0,
      'a lens in the notebook cell',
    );
    const result = await click(checkCommandOf(lenses, 0));
    assert.equal(result?.verdict, 'pass', result?.message);
    assert.ok(!existsSync(join(dir, 'trained_here')), 'the training cell ran');
    assert.match(titlesOnLine(await lensesOf(cell.uri), 0)[0], /^✓ grad ok · max rel err /);
  });

  it('contributes the settings with their defaults', () => {
    const c = vscode.workspace.getConfiguration('lossPlayground.gradcheck');
    assert.deepEqual(
      [
        'rtol',
        'atol',
        'step',
        'trials',
        'timeoutSeconds',
        'loadTimeoutSeconds',
        'memoryLimitMB',
        'pythonPath',
        'enableCodeLens',
      ].map((k) => c.inspect(k)?.defaultValue),
      [0.001, 0.00001, 0.000001, 3, 10, 60, 2048, '', true],
    );
  });

  it('turns the lenses off with lossPlayground.gradcheck.enableCodeLens', async () => {
    const config = vscode.workspace.getConfiguration('lossPlayground');
    await config.update('gradcheck.enableCodeLens', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(
        () => lensesOf(uri),
        (l) => l.length === 0,
        'no lenses',
      );
    } finally {
      await config.update('gradcheck.enableCodeLens', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(
      () => lensesOf(uri),
      (l) => l.length > 0,
      'the lenses back',
    );
  });
});
