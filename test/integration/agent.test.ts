// The agent tools in a real extension host, called as an agent calls them: vscode.lm.invokeTool
// with no chat request (toolInvocationToken undefined), which VS Code allows any extension. The
// texts are compared with the pure functions that make them (src/agent/*, unit-tested on their
// own), so what is checked here is the wiring: the tools are contributed and registered, inputs
// reach them, files resolve, checks go through the lenses' service, and nothing runs in
// Restricted Mode or once the invocation is cancelled.
//
// The confirmation: outside a chat VS Code shows a tool's confirmation messages as a modal
// dialog, but while an extension test suite runs its dialog service answers every confirmation
// with "confirmed" without showing it ("refused to show confirmation dialog in tests"), so no
// test here can read the dialog or press Cancel. A check that ran proves the confirmation was
// asked for all the same: the tool runs user code only for an input whose prepareInvocation
// returned confirmation messages (src/agent/confirmation.ts's ledger; its texts and the
// not-confirmed refusal are unit-tested in test/unit/agent-gradcheck.test.ts).
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { explainLoss, explainText } from '../../src/agent/explain';
import { closeAllEditors, waitFor } from './vscodeHelpers';

const TOOLS = {
  gradcheck: 'lossPlayground_gradcheck',
  lint: 'lossPlayground_lint',
  explainLoss: 'lossPlayground_explainLoss',
};

async function invoke(name: string, input: object, token?: vscode.CancellationToken): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : `<${String(p)}>`)).join('');
}

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Loss Playground');
}

/** A JS loss file of our own: a right gradient, a wrong one, and a loss that leaves a marker when it is called. */
function lossFile(dir: string, marker: string): string {
  const file = join(dir, 'agent_losses.js');
  writeFileSync(
    file,
    [
      'function mseLoss(pred, target) {',
      '  let s = 0;',
      '  for (let i = 0; i < pred.length; i++) s += (pred[i] - target[i]) ** 2;',
      '  return s / pred.length;',
      '}',
      'function mseLossGrad(pred, target) {',
      '  return pred.map((p, i) => (2 * (p - target[i])) / pred.length);',
      '}',
      // The derivative of |e| is sign(e), not 1: wrong wherever the residual is negative.
      'function l1Loss(pred, target) {',
      '  let s = 0;',
      '  for (let i = 0; i < pred.length; i++) s += Math.abs(pred[i] - target[i]);',
      '  return s / pred.length;',
      '}',
      'function l1LossGrad(pred, target) {',
      '  return pred.map(() => 1 / pred.length);',
      '}',
      'function markedLoss(pred, target) {',
      `  require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`,
      '  return mseLoss(pred, target);',
      '}',
      'function markedLossGrad(pred, target) {',
      '  return mseLossGrad(pred, target);',
      '}',
      'module.exports = { mseLoss, mseLossGrad, l1Loss, l1LossGrad, markedLoss, markedLossGrad };',
      '',
    ].join('\n'),
  );
  return file;
}

describe('Agent tools (vscode.lm.invokeTool)', function () {
  this.timeout(120_000);
  let dir: string;
  let marker: string;
  let file: string;

  before(function () {
    if (!vscode.workspace.isTrusted) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'loss-playground-agent-'));
    marker = join(dir, 'ran.txt');
    file = lossFile(dir, marker);
  });

  after(closeAllEditors);

  it('are contributed with their input schemas', async () => {
    const tools = await waitFor(
      () => vscode.lm.tools.filter((t) => t.name.startsWith('lossPlayground_')),
      (t) => t.length === 3,
      'the three tools in vscode.lm.tools',
    );
    assert.deepEqual(tools.map((t) => t.name).sort(), Object.values(TOOLS).sort());
    assert.deepEqual((tools.find((t) => t.name === TOOLS.gradcheck)!.inputSchema as { required: string[] }).required, [
      'file',
    ]);
  });

  it('explain: the formula, defaults and differences of F.cross_entropy', async () => {
    const text = await invoke(TOOLS.explainLoss, { name: 'F.cross_entropy' });
    assert.equal(text, explainText(explainLoss('F.cross_entropy')));
    assert.match(
      text,
      /^torch\.nn\.functional\.cross_entropy: PyTorch function, computes Softmax cross-entropy \(catalog id 'cross_entropy'\)\.$/m,
    );
    assert.match(text, /^- label_smoothing = 0\.0$/m);
    assert.match(
      await invoke(TOOLS.explainLoss, { name: 'tf.losses.huberLoss' }),
      /^tf\.losses\.huberLoss: TensorFlow\.js function, computes Huber/,
    );
  });

  it('lint: rule, lines and message for a file, a pattern, and a file that is not there', async () => {
    const train = join(dir, 'train.py');
    writeFileSync(
      train,
      [
        'import torch',
        'import torch.nn.functional as F',
        '',
        'def step(model, x, y):',
        '    probs = F.softmax(model(x), dim=1)',
        '    return F.cross_entropy(probs, y)',
        '',
      ].join('\n'),
    );
    const text = await invoke(TOOLS.lint, { files: [train, 'python/*.py', 'python/missing.py'] });
    // examples/python holds the lint's own misuse example too: its findings are counted with train.py's.
    const findings = [...text.matchAll(/\n {2}line \d+/g)].length;
    assert.match(
      text,
      new RegExp(`^Loss lint: ${findings} findings? in \\d+ of \\d+ files linted \\(1 not linted\\)\\.`),
    );
    assert.ok(findings >= 1);
    assert.match(text, /\n {2}line 6 \(other line: 5\): \w+ \[softmax-before-logits-loss\] .+/);
    assert.match(text, /\npython\/numpy_losses\.py: no findings\n/);
    assert.match(text, /\npython\/missing\.py: not linted: No file 'python\/missing\.py' in the workspace/);
  });

  it('grad-check: checks through the lenses, and the Problems panel shows the failure', async () => {
    const text = await invoke(TOOLS.gradcheck, { file, function: 'l1Loss' });
    assert.match(text, /^Grad-check of .*agent_losses\.js: 1 loss, 1 fail\.\n\nl1Loss \(line 9\): FAIL /);
    // Where the residual is negative the slope of the mean is −1/n, and l1LossGrad says +1/n.
    const worst = /worst element: pred\[\d+\] in trial \d+: analytic (\S+), numeric (\S+)/.exec(text);
    assert.ok(worst, text);
    assert.ok(Math.abs(Number(worst[1]) + Number(worst[2])) < 1e-6 && Number(worst[1]) > 0, text);
    assert.match(text, /gradient source: paired:l1LossGrad, with respect to pred/);
    assert.match(text, /\n {4}pred: \S+ float64 shape \(\d+\), in trial 1: \[/);

    const uri = vscode.Uri.file(file);
    const diagnostics = await waitFor(
      () => ourDiagnostics(uri),
      (d) => d.length > 0,
      'a diagnostic on l1Loss',
    );
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.code]),
      [[8, 'gradcheck-fail']],
    );
    const lenses = (
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? []
    ).filter((l) => l.range.start.line === 8);
    assert.ok(
      lenses.some((l) => l.command?.title.startsWith('✗ grad mismatch')),
      lenses.map((l) => l.command?.title).join(' | '),
    );
  });

  it('grad-check: every loss of the file when no function is named', async () => {
    const text = await invoke(TOOLS.gradcheck, { file });
    assert.match(text, /: 3 losses, 2 pass, 1 fail\./);
    assert.match(text, /\n\nmseLoss \(line 1\): pass /);
    assert.ok(existsSync(marker));
  });

  it('grad-check: runs nothing once the invocation is cancelled', async () => {
    const other = join(dir, 'cancelled.txt');
    const cancelled = lossFile(mkdtempSync(join(tmpdir(), 'loss-playground-agent-')), other);
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    await assert.rejects(
      invoke(TOOLS.gradcheck, { file: cancelled, function: 'markedLoss' }, source.token),
      (e: Error) => /cancel/i.test(`${e.name} ${e.message}`),
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(existsSync(other), false, 'the loss ran although the invocation was cancelled');
    assert.deepEqual(ourDiagnostics(vscode.Uri.file(cancelled)), []);
  });

  it('grad-check: a bad input, a missing file or a missing loss is answered in words', async () => {
    assert.equal(
      await invoke(TOOLS.gradcheck, { file, fn: 'l1Loss' }),
      "Invalid input: unknown field 'fn' (fields: file, function).",
    );
    assert.match(await invoke(TOOLS.gradcheck, { file: join(dir, 'nope.py') }), /^No file at .*nope\.py\.$/);
    assert.match(
      await invoke(TOOLS.gradcheck, { file, function: 'huber' }),
      /agent_losses\.js: no loss named 'huber' in the file \(its losses: mseLoss, l1Loss, markedLoss\)\.$/,
    );
  });
});

describe('@restricted Agent tools in Restricted Mode', function () {
  this.timeout(60_000);

  before(function () {
    if (vscode.workspace.isTrusted) this.skip();
  });

  it('grad-check refuses and runs nothing; explain and lint still answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loss-playground-agent-restricted-'));
    const marker = join(dir, 'ran.txt');
    const file = lossFile(dir, marker);
    const text = await invoke(TOOLS.gradcheck, { file, function: 'markedLoss' });
    assert.match(
      text,
      /^Refused: grad-checking .*agent_losses\.js would run the user's code, and this workspace is not trusted \(Restricted Mode\)\. Nothing was run\./,
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(existsSync(marker), false, 'user code ran in Restricted Mode');
    assert.match(await invoke(TOOLS.explainLoss, { name: 'huber' }), /^huber: Huber \(Loss Playground catalog/);
    assert.match(await invoke(TOOLS.lint, { file }), /^Loss lint: 0 findings in 0 of 1 file linted\./);
  });
});
