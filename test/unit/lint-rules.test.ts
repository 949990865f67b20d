/**
 * The lint's rules one by one: what each finds, what it must leave alone, the message's two
 * lines, and that every quick fix, applied, gives the code the fix promises. Plus the ignore
 * comment, turned-off rules, TF.js, and how the knowledge table agrees with the hovers'.
 */
import { strict as assert } from 'node:assert';
import { lint, lineLabel, renderMessage, RULES, RULE_IDS, type LintDiagnostic, type RuleId } from '../../src/lint';
import { LOSS_SPECS } from '../../src/lint/knowledge';
import { FRAMEWORK_LOSSES } from '../../src/hover/frameworkLosses';
import { canonicalSymbol } from '../../src/syntax/bindings';
import { LineIndex } from '../../src/syntax/nodes';
import type { SourceLanguage } from '../../src/syntax/sourceLanguage';

const TORCH = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

function run(src: string, language: SourceLanguage = 'python', disabled: RuleId[] = []): LintDiagnostic[] {
  return lint(src, language, { disabled: new Set(disabled) });
}

function rules(src: string, language: SourceLanguage = 'python'): string[] {
  const lines = new LineIndex(src);
  return run(src, language).map((d) => `${d.rule}@${lines.positionAt(d.span.from).line + 1}`);
}

function message(src: string, d: LintDiagnostic, language: 'en' | 'zh-cn' = 'en'): string {
  const lines = new LineIndex(src);
  return renderMessage(d, language, (s, l) => lineLabel(lines.positionAt(s.from).line + 1, l));
}

/** The text after applying a diagnostic's first fix. */
function fixed(src: string, d: LintDiagnostic, which = 0): string {
  const fix = d.fixes[which];
  assert.ok(fix, `no fix on ${d.rule}`);
  let out = src;
  for (const e of [...fix.edits].sort((a, b) => b.from - a.from))
    out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}

describe('lint: softmax-before-logits-loss', () => {
  it('finds F.softmax written inside F.cross_entropy and removes it', () => {
    const src = `${TORCH}def step(x, y):\n    return F.cross_entropy(F.softmax(x, dim=1), y)\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'softmax-before-logits-loss');
    assert.equal(d.severity, 'warning');
    assert.equal(d.scene, 'softmax');
    assert.match(
      message(src, d),
      /^`F\.cross_entropy` on line 5 applies softmax itself, but it is given the softmax output from line 5/,
    );
    assert.equal(fixed(src, d), `${TORCH}def step(x, y):\n    return F.cross_entropy(x, y)\n`);
    assert.deepEqual(run(fixed(src, d)), []);
  });

  it('follows a name to the softmax two lines up, and the fix passes the logits by name', () => {
    const src = `${TORCH}crit = nn.CrossEntropyLoss()\ndef step(model, x, y):\n    logits = model(x)\n    p = F.softmax(logits, dim=1)\n    return crit(p, y)\n`;
    const [d] = run(src);
    assert.match(message(src, d), /`crit` on line 8 .* from line 7/);
    assert.ok(fixed(src, d).endsWith('    return crit(logits, y)\n'));
  });

  it('offers no fix when the name was overwritten by its own softmax, or reassigned in between', () => {
    const own = `${TORCH}def step(model, x, y):\n    out = model(x)\n    out = F.softmax(out, dim=1)\n    return F.nll_loss(torch.log(out), y) + F.cross_entropy(out, y)\n`;
    assert.deepEqual(
      run(own).map((d) => [d.rule, d.fixes.length]),
      [['softmax-before-logits-loss', 0]],
    );
    const between = `${TORCH}def step(x, y, z):\n    p = F.softmax(x, dim=1)\n    x = z\n    return F.cross_entropy(p, y)\n`;
    assert.equal(run(between)[0].fixes.length, 0);
  });

  it('sees through views, casts and device moves (which a runtime check on grad_fn would not)', () => {
    const src = `${TORCH}def step(a, y, V):\n    p = torch.softmax(a, dim=-1)\n    return F.cross_entropy(p.view(-1, V).float().to('cuda'), y.view(-1))\n`;
    assert.deepEqual(rules(src), ['softmax-before-logits-loss@6']);
  });

  it("finds a model whose forward ends in softmax, and names the forward's line", () => {
    const src = `${TORCH}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 3)\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\ndef train(x, y):\n    out = model(x)\n    return criterion(out, y)\n`;
    const [d] = run(src);
    assert.match(message(src, d), /`criterion` on line 15 .* from line 9/);
    assert.equal(
      d.fixes.length,
      0,
      'removing the softmax from forward() would change what the model returns elsewhere',
    );
  });

  it('does not follow the model into an eval-only softmax', () => {
    const src = `${TORCH}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 3)\n    def forward(self, x):\n        x = self.fc(x)\n        if not self.training:\n            x = F.softmax(x, dim=1)\n        return x\n\nmodel = Net()\ndef train(x, y):\n    return F.cross_entropy(model(x), y)\n`;
    assert.deepEqual(run(src), []);
  });

  it('marks log_softmax before cross_entropy as redundant information, not a warning', () => {
    const src = `${TORCH}def step(x, y):\n    return F.cross_entropy(F.log_softmax(x, 1), y)\n`;
    const [d] = run(src);
    assert.equal(d.severity, 'information');
    assert.match(d.message.en, /idempotent/);
  });

  it('Keras: a softmax layer compiled with from_logits=True; the fix removes from_logits', () => {
    const src = `from tensorflow import keras\nfrom tensorflow.keras import layers\nmodel = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(3, activation="softmax")])\nmodel.compile("adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'softmax-before-logits-loss');
    assert.match(message(src, d), /on line 4 .* from line 3/);
    assert.match(fixed(src, d), /SparseCategoricalCrossentropy\(\)\)\n$/);
  });

  it('TF.js: tf.softmax inside tf.losses.softmaxCrossEntropy, in TypeScript', () => {
    const src = `import * as tf from '@tensorflow/tfjs';\nexport function loss(labels: tf.Tensor, logits: tf.Tensor) {\n  return tf.losses.softmaxCrossEntropy(labels, tf.softmax(logits));\n}\n`;
    const [d] = run(src, 'typescript');
    assert.equal(d.rule, 'softmax-before-logits-loss');
    assert.ok(fixed(src, d).includes('softmaxCrossEntropy(labels, logits)'));
  });

  it('stays quiet on the softmax kept for predictions while the loss gets the logits', () => {
    const src = `import tensorflow as tf\ndef build(logits, labels):\n    preds = tf.nn.softmax(logits)\n    loss = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels)\n    return preds, loss\n`;
    assert.deepEqual(run(src), []);
  });
});

describe('lint: sigmoid-before-logits-loss', () => {
  it('finds torch.sigmoid before BCEWithLogitsLoss and removes it', () => {
    const src = `${TORCH}crit = nn.BCEWithLogitsLoss()\ndef step(model, x, y):\n    return crit(torch.sigmoid(model(x)), y)\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'sigmoid-before-logits-loss');
    assert.equal(d.scene, 'probability');
    assert.ok(fixed(src, d).endsWith('return crit(model(x), y)\n'));
  });

  it('leaves a sigmoid given as the target alone (distilling into soft labels)', () => {
    const src = `${TORCH}def kd(outputs, teacher, T):\n    return nn.BCEWithLogitsLoss()(outputs / T, torch.sigmoid(teacher / T))\n`;
    assert.deepEqual(run(src), []);
  });

  it('finds x.sigmoid() before optax.sigmoid_binary_cross_entropy and a sigmoid before torchvision focal loss', () => {
    const src = `import optax\nimport torch\nimport torchvision\ndef a(x, y):\n    return optax.sigmoid_binary_cross_entropy(x.sigmoid(), y)\ndef b(x, y):\n    return torchvision.ops.sigmoid_focal_loss(torch.sigmoid(x), y)\n`;
    assert.deepEqual(rules(src), ['sigmoid-before-logits-loss@5', 'sigmoid-before-logits-loss@7']);
  });

  it('a loss object built differently in two branches: the branch that is a logits loss still counts', () => {
    const src = `${TORCH}class M(nn.Module):\n    def __init__(self, kind):\n        super().__init__()\n        if kind == "CL":\n            self.criterion = nn.BCEWithLogitsLoss()\n        else:\n            self.criterion = nn.MSELoss()\n    def loss(self, pred, label):\n        return self.criterion(torch.sigmoid(pred), label)\n`;
    assert.deepEqual(rules(src), ['sigmoid-before-logits-loss@12']);
  });
});

describe('lint: logits-to-probability-loss', () => {
  it('nn.BCELoss on a Linear output; the fix renames the loss to BCEWithLogitsLoss', () => {
    const src = `${TORCH}class Head(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.out = nn.Linear(16, 1)\n    def forward(self, h):\n        return self.out(h)\n\nhead = Head()\ncrit = nn.BCELoss()\ndef step(h, y):\n    return crit(head(h), y)\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'logits-to-probability-loss');
    assert.match(
      message(src, d),
      /`crit` on line 14 expects probabilities, but it is given raw scores \(logits\) from line 7/,
    );
    assert.ok(fixed(src, d).includes('crit = nn.BCEWithLogitsLoss()'));
    assert.deepEqual(run(fixed(src, d)), []);
  });

  it('F.nll_loss on a parameter named logits; the fix switches to F.cross_entropy', () => {
    const src = `${TORCH}def loss(logits, target):\n    return F.nll_loss(logits, target)\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'logits-to-probability-loss');
    assert.equal(fixed(src, d), `${TORCH}def loss(logits, target):\n    return F.cross_entropy(logits, target)\n`);
  });

  it("Keras: Dense(1) with no activation and loss='binary_crossentropy' is fixed with from_logits=True", () => {
    const src = `import tensorflow as tf\nfrom tensorflow import keras\nmodel = keras.Sequential()\nmodel.add(keras.layers.Dense(16, activation="relu"))\nmodel.add(keras.layers.Dense(1))\nmodel.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'logits-to-probability-loss');
    assert.ok(fixed(src, d).includes('loss=keras.losses.BinaryCrossentropy(from_logits=True)'));
    assert.deepEqual(run(fixed(src, d)), []);
  });

  it('Keras: a model rebuilt under the same name counts only the layers added to it', () => {
    const src = `from keras import layers\nfrom keras.models import Sequential\nmodel = Sequential()\nmodel.add(layers.Dense(1, activation="sigmoid"))\nmodel.compile(loss="binary_crossentropy")\nmodel = Sequential()\nmodel.add(layers.Dense(1))\n`;
    assert.deepEqual(run(src), []);
  });

  it('Keras functional API: outputs = Dense(10)(x) with SparseCategoricalCrossentropy()', () => {
    const src = `import keras\nfrom keras import layers\ninputs = keras.Input(shape=(4,))\nx = layers.Dense(8, activation="relu")(inputs)\noutputs = layers.Dense(10)(x)\nmodel = keras.Model(inputs, outputs)\nmodel.compile(loss=keras.losses.SparseCategoricalCrossentropy())\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'logits-to-probability-loss');
    assert.ok(fixed(src, d).includes('SparseCategoricalCrossentropy(from_logits=True)'));
  });

  it('tfjs-layers: a dense layer with no activation compiled with categoricalCrossentropy (no fix: no from_logits there)', () => {
    const src = `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [4] })] });\nmodel.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });\n`;
    const [d] = run(src, 'javascript');
    assert.equal(d.rule, 'logits-to-probability-loss');
    assert.equal(d.fixes.length, 0);
    assert.match(d.message.en, /tfjs-layers has no from_logits/);
  });
});

describe('lint: kl-div-reduction', () => {
  it("nn.KLDivLoss() gets reduction='batchmean'; F.kl_div's 'mean' becomes 'batchmean'", () => {
    const src = `${TORCH}kl = nn.KLDivLoss()\ndef f(a, b):\n    return F.kl_div(F.log_softmax(a, 1), F.softmax(b, 1), reduction='mean')\n`;
    const ds = run(src);
    assert.deepEqual(
      ds.map((d) => d.rule),
      ['kl-div-reduction', 'kl-div-reduction'],
    );
    assert.equal(ds[0].scene, 'entropy');
    assert.ok(fixed(src, ds[0]).includes("kl = nn.KLDivLoss(reduction='batchmean')"));
    assert.ok(fixed(src, ds[1]).includes("reduction='batchmean')"));
  });

  it("leaves 'batchmean', 'sum', 'none' and the old size_average arguments alone", () => {
    const src = `${TORCH}a = nn.KLDivLoss(reduction="batchmean")\nb = nn.KLDivLoss(reduction="sum")\nc = nn.KLDivLoss(size_average=False)\ndef f(x, t):\n    return F.kl_div(x, t, reduction="none")\n`;
    assert.deepEqual(run(src), []);
  });
});

describe('lint: log-probability-input', () => {
  it('F.kl_div given a softmax: the fix makes it log_softmax; a log-softmax target without log_target gets log_target=True', () => {
    const src = `${TORCH}def f(s, t):\n    return F.kl_div(F.softmax(s, 1), F.log_softmax(t, 1), reduction='batchmean')\n`;
    const ds = run(src);
    assert.deepEqual(
      ds.map((d) => d.rule),
      ['log-probability-input', 'log-probability-input'],
    );
    assert.ok(fixed(src, ds[0]).includes('F.kl_div(F.log_softmax(s, 1)'));
    assert.ok(fixed(src, ds[1]).includes("reduction='batchmean', log_target=True)"));
  });

  it('softmax probabilities given to F.nll_loss', () => {
    const src = `${TORCH}def f(out, y):\n    return F.nll_loss(F.softmax(out, dim=1), y)\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'log-probability-input');
    assert.match(d.message.en, /−p instead of −log p/);
    assert.ok(fixed(src, d).includes('F.nll_loss(F.log_softmax(out, dim=1), y)'));
  });

  it('Keras KLDivergence given log_softmax', () => {
    const src = `import tensorflow as tf\nkl = tf.keras.losses.KLDivergence()\ndef f(y, z):\n    return kl(y, tf.nn.log_softmax(z))\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'log-probability-input');
    assert.ok(fixed(src, d).includes('kl(y, tf.nn.softmax(z))'));
  });

  it('leaves log_softmax input with softmax target, and log targets with log_target=True, alone', () => {
    const src = `${TORCH}def f(s, t):\n    a = F.kl_div(F.log_softmax(s, 1), F.softmax(t, 1), reduction='batchmean')\n    b = F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), reduction='batchmean', log_target=True)\n    return a + b\n`;
    assert.deepEqual(run(src), []);
  });
});

describe('lint: mse-on-probabilities', () => {
  it('MSE between a sigmoid and one-hot labels links the saturated-neuron scene', () => {
    const src = `${TORCH}def f(z, y):\n    return F.mse_loss(torch.sigmoid(z), F.one_hot(y, 3).float())\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'mse-on-probabilities');
    assert.equal(d.scene, 'neuron');
    assert.match(d.message.en, /σ′\(z\) = σ\(z\)\(1 − σ\(z\)\)/);
    assert.deepEqual(d.fixes, []);
  });

  it('stays quiet on regression to [0, 1] targets (an autoencoder) and on distillation between two softmaxes', () => {
    const src = `${TORCH}def recon(decoder, z, x):\n    return F.mse_loss(torch.sigmoid(decoder(z)), x)\ndef kd(s, t):\n    return F.mse_loss(F.softmax(s, 1), F.softmax(t, 1))\n`;
    assert.deepEqual(run(src), []);
  });
});

describe('lint: cross-entropy-targets', () => {
  it('F.one_hot (int64) targets are an error; the fix passes the class indices', () => {
    const src = `${TORCH}def f(x, y):\n    return F.cross_entropy(x, F.one_hot(y, 10))\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'cross-entropy-targets');
    assert.equal(d.severity, 'error');
    assert.ok(fixed(src, d).includes('F.cross_entropy(x, y)'));
  });

  it('float one-hot targets with class weights or ignore_index change their meaning', () => {
    const src = `${TORCH}w = torch.tensor([1.0, 2.0, 3.0])\ncrit = nn.CrossEntropyLoss(weight=w, ignore_index=0)\ndef f(x, y):\n    t = F.one_hot(y, 3).to(torch.float32)\n    return crit(x, t)\n`;
    const ds = run(src);
    assert.deepEqual(
      ds.map((d) => d.rule),
      ['cross-entropy-targets', 'cross-entropy-targets'],
    );
    assert.match(ds[0].message.en, /divides by N, not by Σ w_y/);
    assert.match(ds[1].message.en, /ignore_index does nothing/);
  });

  it('targets smoothed by optax.smooth_labels are not label-smoothed again silently... only in PyTorch with label_smoothing', () => {
    const src = `import optax\n${TORCH}def f(x, y):\n    t = optax.smooth_labels(y, 0.1)\n    return F.cross_entropy(x, t, label_smoothing=0.1)\n`;
    assert.deepEqual(rules(src), ['cross-entropy-targets@7']);
  });

  it('plain one-hot float targets and class-index targets are fine', () => {
    const src = `${TORCH}def f(x, y):\n    a = F.cross_entropy(x, F.one_hot(y, 3).float())\n    b = F.cross_entropy(x, y, weight=torch.ones(3), label_smoothing=0.1)\n    return a + b\n`;
    assert.deepEqual(run(src), []);
  });
});

describe('lint: ignore-index', () => {
  it('labels padded by pad_sequence (0 by default) against the default ignore_index=-100', () => {
    const src = `${TORCH}from torch.nn.utils.rnn import pad_sequence\ndef f(logits, seqs, V):\n    labels = pad_sequence(seqs, batch_first=True)\n    return F.cross_entropy(logits.view(-1, V), labels.view(-1))\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'ignore-index');
    assert.match(
      message(src, d),
      /The labels on line 6 are padded with 0, but `F\.cross_entropy` on line 7 has ignore_index=-100 \(the default\)/,
    );
  });

  it('labels masked with -1 against ignore_index=-100; the same value is fine', () => {
    const bad = `${TORCH}def f(logits, labels, pad_id):\n    labels[labels == pad_id] = -1\n    return F.cross_entropy(logits, labels)\n`;
    assert.deepEqual(rules(bad), ['ignore-index@6']);
    const good = `${TORCH}def f(logits, labels, pad_id):\n    labels[labels == pad_id] = -100\n    return nn.CrossEntropyLoss(ignore_index=-100)(logits, labels)\n`;
    assert.deepEqual(run(good), []);
  });

  it('a positive relabelling (void 255 -> background 0) is not read as padding', () => {
    const src = `${TORCH}def f(logits, target):\n    target[target == 255] = 0\n    return F.cross_entropy(logits, target)\n`;
    assert.deepEqual(run(src), []);
  });
});

describe('lint: pos-weight', () => {
  it('a plain number (or float(...)) is an error where the loss is built or called', () => {
    const src = `${TORCH}pw = float(10) / 3\ncrit = nn.BCEWithLogitsLoss(pos_weight=pw)\ndef f(x, y):\n    return F.binary_cross_entropy_with_logits(x, y, pos_weight=2.0)\n`;
    assert.deepEqual(rules(src), ['pos-weight@5', 'pos-weight@7']);
    assert.ok(run(src).every((d) => d.severity === 'error'));
  });

  it("a tensor of the wrong length for the last layer's outputs", () => {
    const src = `${TORCH}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(32, 5)\n    def forward(self, x):\n        return self.fc(x)\n\nnet = Net()\ncrit = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 3.0]))\ndef f(x, y):\n    return crit(net(x), y)\n`;
    const [d] = run(src);
    assert.equal(d.rule, 'pos-weight');
    assert.match(message(src, d), /`crit` on line 14 has 3 entries, but the last layer on line 7 outputs 5/);
  });

  it('a tensor of the right length, or of length 1, is fine', () => {
    const src = `${TORCH}head = nn.Linear(32, 3)\ncrit = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 3.0]))\none = nn.BCEWithLogitsLoss(pos_weight=torch.ones(1))\ndef f(h, y):\n    return crit(head(h), y) + one(head(h), y)\n`;
    assert.deepEqual(run(src), []);
  });
});

describe('lint: silencing', () => {
  const src = `${TORCH}def f(x, y):\n    return F.cross_entropy(F.softmax(x, dim=1), y)\n`;

  it('a "# loss-playground: ignore[rule]" comment silences that rule on its line', () => {
    assert.deepEqual(run(src.replace('y)\n', 'y)  # loss-playground: ignore[softmax-before-logits-loss]\n')), []);
    assert.deepEqual(run(src.replace('y)\n', 'y)  # loss-playground: ignore\n')), []);
    assert.equal(
      run(src.replace('y)\n', 'y)  # loss-playground: ignore[kl-div-reduction]\n')).length,
      1,
      'another rule named: still reported',
    );
    assert.equal(
      run(src.replace('def f', '# loss-playground: ignore[softmax-before-logits-loss]\ndef f')).length,
      1,
      'only its own line',
    );
  });

  it('"// loss-playground: ignore[...]" in TypeScript', () => {
    const ts = `import * as tf from '@tensorflow/tfjs';\nconst l = (y: tf.Tensor, x: tf.Tensor) => tf.losses.sigmoidCrossEntropy(y, tf.sigmoid(x)); // loss-playground: ignore[sigmoid-before-logits-loss]\n`;
    assert.deepEqual(run(ts, 'typescript'), []);
  });

  it('a turned-off rule reports nothing', () => {
    assert.deepEqual(run(src, 'python', ['softmax-before-logits-loss']), []);
  });

  it('files that import no framework are not even parsed', () => {
    assert.deepEqual(run('def cross_entropy(p, y):\n    return -(y * p.log()).sum()\n'), []);
  });
});

describe('lint: messages and knowledge', () => {
  it('every rule has a module, a title in both languages, and renders both lines in Chinese', () => {
    for (const id of RULE_IDS) {
      assert.equal(RULES[id].id, id);
      assert.ok(RULES[id].title.en && RULES[id].title['zh-cn'], id);
    }
    const src = `${TORCH}crit = nn.CrossEntropyLoss()\ndef step(x, y):\n    p = F.softmax(x, dim=1)\n    return crit(p, y)\n`;
    const [d] = run(src);
    assert.equal(
      message(src, d, 'zh-cn'),
      '第 7 行的 `crit` 自己会做 softmax，却收到了第 6 行的 softmax 输出：两次 softmax 会把分数压平，损失无法接近 0，梯度也随之变小。',
    );
    assert.ok(d.fixes[0].title['zh-cn'].length > 0);
  });

  it('every PyTorch, Keras, Optax and TF.js loss the lint knows is a loss the hovers know (one table, tested against the other)', () => {
    for (const [path, spec] of LOSS_SPECS) {
      if (
        spec.form === 'string' ||
        spec.framework === 'tensorflow' ||
        path.startsWith('keras.backend.') ||
        path.includes('Focal') ||
        path.includes('focal_crossentropy') ||
        path.includes('multilabel_soft_margin') ||
        path.includes('MultiLabelSoftMargin')
      )
        continue;
      assert.ok(FRAMEWORK_LOSSES.has(canonicalSymbol(path)), `${path} is not in the hover table`);
    }
  });
});

describe('lint: reading across functions and cells', () => {
  it('a loss object passed into train() is read through the call that passes it (and .to(device) keeps it)', () => {
    const src = `${TORCH}def train(model, criterion, x, y):\n    return criterion(torch.softmax(model(x), 1), y)\n\ncriterion = nn.CrossEntropyLoss()\ncriterion = criterion.to("cuda")\nnet = None\ntrain(net, criterion, 1, 2)\n`;
    assert.deepEqual(rules(src), ['softmax-before-logits-loss@5']);
  });

  it('a parameter some caller does not pass stays unknown', () => {
    const src = `${TORCH}def loss(pred, y):\n    return F.cross_entropy(pred, y)\n\ndef a(x, y):\n    return loss(F.softmax(x, 1), y)\n\ndef b(x, y, **kw):\n    return loss(**kw)\n`;
    assert.deepEqual(run(src), []);
  });

  it('a function defined twice: each call reaches the definition in effect when it runs', () => {
    const src = `import tensorflow as tf\ndef ce(p, y):\n    return tf.reduce_mean(-tf.reduce_sum(y * tf.math.log(p)))\nprobs = tf.nn.softmax(tf.zeros([2, 3]))\nl1 = ce(probs, 1)\ndef ce(logits, y):\n    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)\nl2 = ce(tf.zeros([2, 3]), 1)\n`;
    assert.deepEqual(run(src), []);
  });
});
