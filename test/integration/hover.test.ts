// Formula hovers in a real extension host, through vscode.executeHoverProvider: each framework
// family and each way of importing it, the hover's content (formula image, defaults, differences,
// the playground link), nothing for ordinary names, and a user loss's last grad-check result.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, openExample, playgroundTabs, waitFor } from './vscodeHelpers';

/** The markdown of the hovers at the first occurrence of `needle` (offset `at` into it) in `doc`. */
async function hoverAt(doc: vscode.TextDocument, needle: string, at = needle.length - 1): Promise<string> {
  const text = doc.getText();
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in the document`);
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(offset + at),
    )) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

async function doc(language: string, content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language, content });
}

/** The catalog id and params of the hover's "Open in Loss Playground" link. */
function linkArgs(md: string): { loss: string; params?: Record<string, number | boolean> } {
  const m = /\(command:lossPlayground\.open\?([^)]+)\)/.exec(md);
  assert.ok(m, `no playground link in:\n${md}`);
  return (JSON.parse(decodeURIComponent(m[1])) as [{ loss: string; params?: Record<string, number | boolean> }])[0];
}

const PYTHON = `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn import functional as fn
from torch.nn.functional import cross_entropy as ce
import torchvision
from keras import losses
import tensorflow as tf
from tensorflow import keras
import optax as ox

def train(model, x, y, z, logits, labels):
    a = F.cross_entropy(logits, labels, label_smoothing=0.1)
    b = torch.nn.functional.mse_loss(x, y)
    c = nn.SmoothL1Loss(beta=0.5)(x, y)
    d = nn.HuberLoss()(x, y)
    e = nn.BCEWithLogitsLoss()(z, y)
    f = nn.KLDivLoss(reduction="batchmean")(x, y)
    g = torchvision.ops.sigmoid_focal_loss(z, y)
    h = fn.l1_loss(x, y)
    i = ce(logits, labels)
    j = losses.Huber(delta=2.0)(y, x)
    k = tf.keras.losses.BinaryCrossentropy(from_logits=True)(y, z)
    l = keras.losses.categorical_crossentropy(y, x)
    m = ox.softmax_cross_entropy(logits, labels)
    n = ox.huber_loss(x, y)
    o = ox.losses.sigmoid_focal_loss(z, y)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.compile(loss="mse")
    total = a + b + len(labels)
    return total
`;

const TFJS = `import * as tf from '@tensorflow/tfjs';
import { losses as L } from '@tensorflow/tfjs-core';
const { losses } = tf;
const node = require('@tensorflow/tfjs-node');

export function run(labels: tf.Tensor, preds: tf.Tensor, logits: tf.Tensor, model: tf.LayersModel): number {
  const a = tf.losses.huberLoss(labels, preds);
  const b = losses.softmaxCrossEntropy(labels, logits);
  const c = L.hingeLoss(labels, preds);
  const d = node.losses.logLoss(labels, preds);
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const total = tf.add(a, b);
  return total.dataSync()[0] + c.dataSync()[0] + d.dataSync()[0];
}
`;

describe('Formula hovers', function () {
  let py: vscode.TextDocument;
  let ts: vscode.TextDocument;
  // Fresh untitled documents for each test: closing all editors may dispose the last ones.
  beforeEach(async () => {
    py = await doc('python', PYTHON);
    ts = await doc('typescript', TFJS);
  });
  afterEach(closeAllEditors);

  it('PyTorch F.cross_entropy (import ... as F): formula image, defaults, reduction, differences, link', async () => {
    const md = await hoverAt(py, 'F.cross_entropy');
    assert.match(md, /PyTorch `torch\.nn\.functional\.cross_entropy`/);
    assert.match(
      md,
      /!\[[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]{200,}\)/,
      'the formula as an SVG data URI',
    );
    assert.equal((md.match(/data:image\/svg\+xml;base64,/g) ?? []).length, 2, 'formula and gradient');
    assert.match(md, /\| `ignore_index` \| `-100` \|/);
    assert.match(md, /\| `label_smoothing` \| `0\.0` \(.*`0\.1`\) \|/);
    assert.match(md, /'mean'/);
    assert.match(md, /ε\/C/);
    assert.deepEqual(linkArgs(md), { loss: 'cross_entropy', params: { label_smoothing: 0.1 } });
  });

  it('PyTorch by full path, nn module classes, from-import and "as" aliases', async () => {
    assert.match(await hoverAt(py, 'torch.nn.functional.mse_loss'), /`torch\.nn\.functional\.mse_loss`/);
    const smooth = await hoverAt(py, 'nn.SmoothL1Loss');
    assert.match(smooth, /SmoothL1Loss/);
    assert.deepEqual(linkArgs(smooth), { loss: 'smooth_l1', params: { beta: 0.5 } });
    assert.match(smooth, /δ = β = 1/);
    assert.equal(linkArgs(await hoverAt(py, 'nn.HuberLoss')).loss, 'huber');
    assert.match(await hoverAt(py, 'nn.BCEWithLogitsLoss'), /pos_weight/);
    assert.match(await hoverAt(py, 'nn.KLDivLoss'), /batchmean/);
    assert.equal(linkArgs(await hoverAt(py, 'fn.l1_loss')).loss, 'l1');
    assert.match(await hoverAt(py, 'ce(logits', 1), /`torch\.nn\.functional\.cross_entropy`/);
  });

  it('torchvision sigmoid_focal_loss: α = 0.25 and no reduction by default', async () => {
    const md = await hoverAt(py, 'torchvision.ops.sigmoid_focal_loss');
    assert.match(md, /torchvision/);
    assert.match(md, /'none'/);
    assert.deepEqual(linkArgs(md), { loss: 'focal', params: { alpha: 0.25, gamma: 2 } });
  });

  it('Keras: from keras import losses, tf.keras.losses, keras.losses functions, compile strings', async () => {
    const huber = await hoverAt(py, 'losses.Huber');
    assert.match(huber, /Keras `keras\.losses\.Huber`/);
    assert.match(huber, /sum_over_batch_size/);
    assert.deepEqual(linkArgs(huber), { loss: 'huber', params: { delta: 2 } });
    const bce = await hoverAt(py, 'tf.keras.losses.BinaryCrossentropy');
    assert.match(bce, /16\.118/);
    assert.equal(linkArgs(bce).loss, 'bce_with_logits', 'from_logits=True');
    assert.match(await hoverAt(py, 'keras.losses.categorical_crossentropy'), /renormalises/);
    const compiled = await hoverAt(py, '"categorical_crossentropy"', 3);
    assert.match(compiled, /Keras `"categorical_crossentropy"`/);
    assert.equal(linkArgs(await hoverAt(py, 'loss="mse"', 7)).loss, 'mse');
  });

  it('Optax: import optax as ox, and optax.losses.*', async () => {
    const ce = await hoverAt(py, 'ox.softmax_cross_entropy');
    assert.match(ce, /Optax `optax\.softmax_cross_entropy`/);
    assert.match(ce, /one loss per example/);
    assert.equal(linkArgs(await hoverAt(py, 'ox.huber_loss')).loss, 'huber');
    assert.deepEqual(linkArgs(await hoverAt(py, 'ox.losses.sigmoid_focal_loss')), {
      loss: 'focal',
      params: { alpha: -1, gamma: 2 },
    });
  });

  it('TF.js: import * as tf, named import with alias, destructuring, require, compile strings', async () => {
    const huber = await hoverAt(ts, 'tf.losses.huberLoss');
    assert.match(huber, /TensorFlow\.js `tf\.losses\.huberLoss`/);
    assert.match(huber, /SUM_BY_NONZERO_WEIGHTS/);
    assert.equal(linkArgs(await hoverAt(ts, 'losses.softmaxCrossEntropy')).loss, 'cross_entropy');
    assert.match(await hoverAt(ts, 'L.hingeLoss'), /2y − 1/);
    assert.match(await hoverAt(ts, 'node.losses.logLoss'), /16\.118/);
    assert.equal(linkArgs(await hoverAt(ts, "'meanSquaredError'", 3)).loss, 'mse');
  });

  it('no hover from us for ordinary names, modules, metrics or unbound look-alikes', async () => {
    for (const [d, needle, at] of [
      [py, 'total = a', 2],
      [py, 'F.cross_entropy', 0],
      [py, '"accuracy"', 3],
      [py, 'len(labels)', 1],
      [ts, 'tf.add', 4],
      [ts, 'dataSync', 2],
    ] as const) {
      const md = await hoverAt(d, needle, at);
      assert.doesNotMatch(md, /lossPlayground\.open|Loss Playground/, `${needle}: ${md}`);
    }
    const unbound = await doc('python', 'def f(x, y):\n    return F.cross_entropy(x, y)\n');
    assert.doesNotMatch(await hoverAt(unbound, 'F.cross_entropy'), /lossPlayground/);
  });

  it('the example files hover: examples/python/framework_losses.py and typescript/tfjs_losses.ts', async () => {
    const ed = await openExample('python/framework_losses.py');
    for (const n of ['F.cross_entropy', 'nn.SmoothL1Loss', 'keras.losses.Huber', 'optax.softmax_cross_entropy'])
      assert.match(await hoverAt(ed.document, n), /lossPlayground\.open/, n);
    const t = await openExample('typescript/tfjs_losses.ts');
    assert.match(await hoverAt(t.document, 'tf.losses.huberLoss'), /lossPlayground\.open/);
  });

  it('the link opens the playground on that loss with those parameters', async () => {
    const args = linkArgs(await hoverAt(py, 'nn.SmoothL1Loss'));
    await vscode.commands.executeCommand('lossPlayground.open', args);
    await waitFor(
      () => playgroundTabs(),
      (t) => t.length === 1,
      'the Loss Playground tab',
    );
  });

  it('a loss object called later shows what it holds; a call passing reduction says what that reduction does', async () => {
    // A file of its own: an untitled document can reuse an earlier one's name and version.
    const file = join(mkdtempSync(join(tmpdir(), 'lp-hover-')), 'held.py');
    writeFileSync(
      file,
      "import torch.nn as nn\nimport torch.nn.functional as F\n\ncriterion = nn.CrossEntropyLoss(label_smoothing=0.1)\n\ndef train(output, target, p, q):\n    kl = F.kl_div(p, q, reduction='batchmean')\n    return criterion(output, target) + kl\n",
    );
    const d = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const held = await hoverAt(d, 'criterion(output', 0);
    assert.match(held, /`criterion` holds `nn\.CrossEntropyLoss\(label_smoothing=0\.1\)` \(line 4\)/);
    assert.equal(linkArgs(held).params?.label_smoothing, 0.1);
    const kl = await hoverAt(d, 'kl_div', 0);
    assert.match(kl, /Reduction in this call:\*\* `'batchmean'`/);
    assert.doesNotMatch(kl, /which is not the KL divergence; pass/);
  });

  it('a user-written loss shows its last grad-check result', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    this.timeout(60_000);
    const ed = await openExample('javascript/losses.js');
    const uri = ed.document.uri;
    const result = await vscode.commands.executeCommand<{ verdict: string } | undefined>(
      'lossPlayground.gradcheck',
      uri,
      'hingeLoss',
    );
    assert.equal(result?.verdict, 'pass');
    const md = await hoverAt(ed.document, 'function hingeLoss', 12);
    assert.match(md, /hingeLoss.*✓/);
    assert.match(md, /max relative error/);
    assert.match(md, /checked at/);
  });
});

describe('Formula hovers: activation and speed (reported, never asserted)', () => {
  it('reports activation time', async function () {
    await vscode.commands.executeCommand('lossPlayground.open');
    const t = await vscode.commands.executeCommand<{ loadMs: number; activateMs: number; totalMs: number } | undefined>(
      'lossPlayground._activationTimesForTest',
    );
    assert.ok(t, 'the extension recorded no activation times');
    const ext = vscode.extensions.getExtension('loss-playground.loss-playground')!;
    mkdirSync(join(ext.extensionPath, 'test-results', 'integration'), { recursive: true });
    writeFileSync(join(ext.extensionPath, 'test-results', 'integration', 'activation.json'), JSON.stringify(t));
    // The runner prints titles: the numbers go there (timings are reported, not asserted).
    this.test!.title += `: ${t.totalMs.toFixed(1)} ms (bundle load ${t.loadMs.toFixed(1)} ms, activate() ${t.activateMs.toFixed(1)} ms)`;
    await closeAllEditors();
  });
});
