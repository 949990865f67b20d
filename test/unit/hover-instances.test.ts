/**
 * Hovers on real code: a loss object called later shows the loss it holds and the arguments it
 * was built with; a Keras compile's positional loss string; string keyword arguments (the
 * reduction) change what the hover says about that call.
 */
import { strict as assert } from 'node:assert';
import type { HoverLanguage } from '../../src/hover/imports';
import { hoverAt, markdownOf } from '../support/hover';

/** The hover over the first character of the `nth` occurrence of `needle` that is not on an import line. */
function hover(text: string, needle: string, nth = 0, language: HoverLanguage = 'python') {
  return hoverAt(text, needle, { nth, at: 0, language, instances: true });
}

function markdown(found: ReturnType<typeof hover>): string {
  assert.ok(found);
  return markdownOf(found);
}

describe('hover: loss objects and call arguments', () => {
  it('a loss object called later shows the loss it holds, built with label_smoothing', () => {
    const text =
      'import torch.nn as nn\n\ncriterion = nn.CrossEntropyLoss(\n    label_smoothing=0.1)\n\ndef train(output, target):\n    return criterion(output, target)\n';
    const found = hover(text, 'criterion(output');
    assert.equal(found?.loss.symbol, 'torch.nn.CrossEntropyLoss');
    assert.equal(found?.params.label_smoothing, 0.1);
    assert.equal(found?.heldBy?.instance.line, 2);
    const md = markdown(found);
    assert.ok(md.includes('`criterion` holds `nn.CrossEntropyLoss( label_smoothing=0.1)` (line 3)'), md);
    assert.ok(md.includes('| `label_smoothing` | `0.0` (this call: `0.1`) |'), md);
  });

  it('not where the name is only passed around (it may hold something else there)', () => {
    const text = 'import torch.nn as nn\ncriterion = nn.CrossEntropyLoss()\ntrain(model, criterion, loader)\n';
    assert.equal(hover(text, 'criterion, loader'), undefined);
  });

  it('self.loss_fct built in __init__ and called in forward (transformers-style)', () => {
    const text =
      'from torch.nn import BCEWithLogitsLoss, CrossEntropyLoss\n\nclass Head:\n    def __init__(self):\n        self.loss_fct = BCEWithLogitsLoss(reduction="none")\n    def forward(self, logits, labels):\n        return self.loss_fct(logits, labels)\n';
    const found = hover(text, 'loss_fct(logits');
    assert.equal(found?.loss.symbol, 'torch.nn.BCEWithLogitsLoss');
    assert.match(markdown(found), /\*\*Reduction in this call:\*\* `"none"`: no reduction: one loss per element/);
  });

  it('the same name holding another loss further down shows that one there', () => {
    const text =
      'import torch.nn as nn\nloss_fct = nn.MSELoss()\na = loss_fct(x, y)\nloss_fct = nn.L1Loss()\nb = loss_fct(x, y)\n';
    assert.equal(hover(text, 'loss_fct(x', 0)?.loss.symbol, 'torch.nn.MSELoss');
    assert.equal(hover(text, 'loss_fct(x', 1)?.loss.symbol, 'torch.nn.L1Loss');
  });

  it("F.kl_div with reduction='batchmean' no longer warns about 'mean'; without it, it does", () => {
    const text = "import torch.nn.functional as F\na = F.kl_div(p, q, reduction='batchmean')\nb = F.kl_div(p, q)\n";
    const withBatchmean = markdown(hover(text, 'kl_div', 0));
    assert.match(
      withBatchmean,
      /\*\*Reduction in this call:\*\* `'batchmean'`: Σℓ \/ batch size: the KL divergence per sample/,
    );
    assert.ok(!withBatchmean.includes('is not the KL divergence; pass'), withBatchmean);
    assert.match(
      markdown(hover(text, 'kl_div', 1)),
      /\*\*Default reduction:\*\* `'mean'`: ÷ every element, which is not the KL divergence/,
    );
  });

  it("a KLDivLoss object built with reduction='batchmean' says so where it is called", () => {
    const text = "import torch.nn as nn\nkl = nn.KLDivLoss(reduction='batchmean')\nloss = kl(log_q, p)\n";
    assert.match(markdown(hover(text, 'kl(log_q')), /Reduction in this call:\*\* `'batchmean'`/);
  });

  it("Keras compile's positional loss: compile('adam', 'binary_crossentropy')", () => {
    const text =
      "model.compile('adam', 'binary_crossentropy', metrics=['accuracy'])\nmodel.compile(optimizer, 'mse')\nmodel.compile(keras.optimizers.Adam(1e-3), 'huber')\n";
    assert.equal(hover(text, "binary_crossentropy'")?.loss.symbol, 'keras:"binary_crossentropy"');
    assert.equal(hover(text, "mse'")?.loss.symbol, 'keras:"mse"');
    assert.equal(hover(text, "huber'")?.loss.symbol, 'keras:"huber"');
    assert.equal(hover(text, "adam'"), undefined, 'the optimizer is not a loss');
    assert.equal(hover(text, "accuracy'"), undefined, 'nor is a metric');
  });

  it('Keras reduction="sum" on a loss class says what Keras sums', () => {
    const text = 'from tensorflow import keras\nmse = keras.losses.MeanSquaredError(reduction="sum")\n';
    assert.match(
      markdown(hover(text, 'MeanSquaredError')),
      /Reduction in this call:\*\* `"sum"`: Σ over the samples of each sample’s mean/,
    );
  });
});
