// Framework-loss hovers, the pure part: import bindings, alias resolution, the table itself.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FRAMEWORK_LOSSES, KERAS_STRING_LOSSES, stringLoss, TFJS_STRING_LOSSES } from '../../src/hover/frameworkLosses';
import { bindingStatements, scanBindings, type HoverLanguage } from '../../src/hover/imports';
import { callKeywords, canonicalSymbol, frameworkLossAt, symbolAt } from '../../src/hover/resolveSymbol';
import { commandLink } from '../../src/hover/format';
import { CATALOG, hoverAt, markdownOf } from '../support/hover';
import { M } from '../../src/gradcheck/messages';

/** The loss found when hovering the first occurrence of `needle` (at its `at`-th character) in `text`. */
function hover(text: string, language: HoverLanguage, needle: string, at = needle.length - 1) {
  return hoverAt(text, needle, { language, at });
}
const symbol = (text: string, language: HoverLanguage, needle: string, at?: number): string | undefined =>
  hover(text, language, needle, at)?.loss.symbol;

describe('hover: import bindings', () => {
  it('reads every Python import form', () => {
    const b = scanBindings(
      [
        'import torch',
        'import torch.nn.functional as F, optax as ox',
        'from torch.nn import functional as fn',
        'from torch.nn.functional import cross_entropy as ce, mse_loss',
        'from keras import losses',
        'from torch import (',
        '    nn,',
        ')',
        'from . import local',
        'if True:',
        '    import tensorflow as tf',
      ].join('\n'),
      'python',
    );
    assert.deepEqual(Object.fromEntries(b.names), {
      torch: 'torch',
      F: 'torch.nn.functional',
      ox: 'optax',
      fn: 'torch.nn.functional',
      ce: 'torch.nn.functional.cross_entropy',
      mse_loss: 'torch.nn.functional.mse_loss',
      losses: 'keras.losses',
      nn: 'torch.nn',
      tf: 'tensorflow',
    });
  });

  it('reads ES imports, require and destructuring in JS/TS', () => {
    const b = scanBindings(
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import tfc, { losses as L } from '@tensorflow/tfjs-core';",
        "const node = require('@tensorflow/tfjs-node');",
        'const { losses } = tf;',
        'const {',
        '  huberLoss: hl,',
        '} = tf.losses;',
        'export const mse = losses.meanSquaredError;',
      ].join('\n'),
      'script',
    );
    assert.deepEqual(Object.fromEntries(b.names), {
      tf: 'tfjs',
      tfc: 'tfjs',
      L: 'tfjs.losses',
      node: 'tfjs',
      losses: 'tfjs.losses',
      hl: 'tfjs.losses.huberLoss',
      mse: 'tfjs.losses.meanSquaredError',
    });
  });

  it('finds binding statements in a 10,000-line file without parsing the rest', () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `    x${i} = compute(x${i - 1}, ${i})  # not an alias`).join(
      '\n',
    );
    const text = `import torch.nn.functional as F\n\ndef f():\n${body}\n`;
    assert.deepEqual(bindingStatements(text, 'python'), ['import torch.nn.functional as F']);
  });
});

describe('hover: symbols and aliases', () => {
  const py = [
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'from torch.nn import functional as fn',
    'from torch.nn.functional import cross_entropy as ce',
    'from keras import losses',
    'import tensorflow as tf',
    'import optax as ox',
    'import torchvision',
    'from torch.nn.functional import *',
    'my_ce = F.cross_entropy',
    '',
    'a = F.cross_entropy(x, y, label_smoothing=0.1)',
    'b = torch.nn.functional.mse_loss(x, y)',
    'c = nn.SmoothL1Loss(beta=0.5)(x, y)',
    'd = fn.huber_loss(x, y, delta=2.0)',
    'e = ce(x, y)',
    'f = losses.Huber(delta=1.5)',
    'g = tf.keras.losses.CategoricalCrossentropy(from_logits=True)',
    'h = ox.softmax_cross_entropy(z, y)',
    'i = ox.losses.sigmoid_focal_loss(z, y)',
    'j = torchvision.ops.sigmoid_focal_loss(z, y)',
    'k = model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["mse"])',
    'l = nll_loss(x, y)',
    'm = my_ce(x, y)',
    'n = nn.KLDivLoss(reduction="batchmean", log_target=True)',
    'o = keras_like.losses.Huber()',
    'p = model.compile(loss=["mse", "mae"])',
  ].join('\n');

  it('resolves each alias form to its canonical symbol', () => {
    assert.equal(symbol(py, 'python', 'F.cross_entropy'), 'torch.nn.functional.cross_entropy');
    assert.equal(symbol(py, 'python', 'torch.nn.functional.mse_loss'), 'torch.nn.functional.mse_loss');
    assert.equal(symbol(py, 'python', 'nn.SmoothL1Loss'), 'torch.nn.SmoothL1Loss');
    assert.equal(symbol(py, 'python', 'fn.huber_loss'), 'torch.nn.functional.huber_loss');
    assert.equal(symbol(py, 'python', 'ce(x', 1), 'torch.nn.functional.cross_entropy');
    assert.equal(symbol(py, 'python', 'losses.Huber'), 'keras.losses.Huber');
    assert.equal(
      symbol(py, 'python', 'tf.keras.losses.CategoricalCrossentropy'),
      'keras.losses.CategoricalCrossentropy',
    );
    assert.equal(symbol(py, 'python', 'ox.softmax_cross_entropy'), 'optax.softmax_cross_entropy');
    assert.equal(symbol(py, 'python', 'ox.losses.sigmoid_focal_loss'), 'optax.sigmoid_focal_loss');
    assert.equal(symbol(py, 'python', 'torchvision.ops.sigmoid_focal_loss'), 'torchvision.ops.sigmoid_focal_loss');
    assert.equal(symbol(py, 'python', 'nll_loss'), 'torch.nn.functional.nll_loss', 'from ... import *');
    assert.equal(symbol(py, 'python', 'my_ce(x', 3), 'torch.nn.functional.cross_entropy', 'an assignment alias');
  });

  it('hovers the name that is hovered, not its module', () => {
    assert.equal(symbol(py, 'python', 'F.cross_entropy', 0), undefined, 'F alone is a module');
    assert.equal(symbol(py, 'python', 'tf.keras.losses', 4), undefined);
  });

  it('says nothing for ordinary names, unbound names and members of expressions', () => {
    assert.equal(symbol(py, 'python', 'optimizer'), undefined);
    assert.equal(symbol(py, 'python', 'keras_like.losses.Huber'), undefined);
    assert.equal(symbol(py, 'python', 'model.compile'), undefined);
    assert.equal(symbol('F.cross_entropy(x, y)', 'python', 'F.cross_entropy'), undefined, 'no import, no guess');
    assert.equal(
      symbol('import torch.nn.functional as F\ndef cross_entropy(x): pass', 'python', 'def cross_entropy'),
      undefined,
    );
  });

  it('reads string losses in compile() and not elsewhere', () => {
    assert.equal(symbol(py, 'python', 'categorical_crossentropy'), 'keras:"categorical_crossentropy"');
    assert.equal(symbol(py, 'python', '"mse", "mae"', 2), 'keras:"mse"');
    assert.equal(symbol(py, 'python', '"mae"]', 2), 'keras:"mae"');
    assert.equal(symbol(py, 'python', 'metrics=["mse"', 11), undefined, 'a metric, not a loss');
    assert.equal(symbol(py, 'python', '"adam"', 2), undefined);
    assert.equal(
      symbol("model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });", 'script', 'meanSquaredError'),
      'tfjs:"meanSquaredError"',
    );
  });

  it('takes literal keyword arguments of the call into the playground parameters', () => {
    assert.deepEqual(hover(py, 'python', 'nn.SmoothL1Loss')?.params, { beta: 0.5 });
    assert.deepEqual(hover(py, 'python', 'fn.huber_loss')?.params, { delta: 2 });
    assert.deepEqual(hover(py, 'python', 'F.cross_entropy(x', 3)?.params, { label_smoothing: 0.1 });
    assert.deepEqual(hover(py, 'python', 'nn.KLDivLoss')?.params, { log_target: true });
    const cce = hover(py, 'python', 'tf.keras.losses.CategoricalCrossentropy');
    assert.equal(cce?.catalogId, 'cross_entropy', 'from_logits=True switches to the logits loss');
    assert.deepEqual(
      callKeywords('(x,\n  f(a, b=1), beta=0.5, name="x=1", gamma=-2e-3, reduction=\'sum\', w=torch.ones(3))'),
      { beta: '0.5', name: '"x=1"', gamma: '-2e-3', reduction: "'sum'" },
    );
  });

  it('resolves TF.js in every import form', () => {
    const cases: [string, string][] = [
      ["import * as tf from '@tensorflow/tfjs';\ntf.losses.huberLoss(a, b);", 'tf.losses.huberLoss'],
      [
        "import * as tf from '@tensorflow/tfjs-core';\nconst { losses } = tf;\nlosses.softmaxCrossEntropy(a, b);",
        'losses.softmaxCrossEntropy',
      ],
      ["const tf = require('@tensorflow/tfjs-node');\ntf.losses.hingeLoss(a, b);", 'tf.losses.hingeLoss'],
      ["import { losses as L } from '@tensorflow/tfjs';\nL.logLoss(a, b);", 'L.logLoss'],
      ["import * as tf from '@tensorflow/tfjs';\nconst { huberLoss } = tf.losses;\nhuberLoss(a, b);", 'huberLoss(a'],
    ];
    for (const [text, needle] of cases) {
      const at = needle.endsWith('(a') ? needle.length - 3 : needle.length - 1;
      assert.ok(symbol(text, 'script', needle, at)?.startsWith('tfjs.losses.'), `${needle} in:\n${text}`);
    }
    assert.equal(
      symbol("import * as tf from '@tensorflow/tfjs';\ntf.tensor1d([1]);", 'script', 'tf.tensor1d'),
      undefined,
    );
  });

  it('canonicalises the paths one module is known by', () => {
    assert.equal(canonicalSymbol('tensorflow.keras.losses.Huber'), 'keras.losses.Huber');
    assert.equal(canonicalSymbol('torch.nn.modules.loss.MSELoss'), 'torch.nn.MSELoss');
    assert.equal(canonicalSymbol('optax.losses.huber_loss'), 'optax.huber_loss');
    assert.equal(
      canonicalSymbol('torchvision.ops.focal_loss.sigmoid_focal_loss'),
      'torchvision.ops.sigmoid_focal_loss',
    );
  });

  it('finds the dotted name around a position', () => {
    assert.deepEqual(symbolAt('y = F.mse_loss(a)', 8), { kind: 'name', parts: ['F', 'mse_loss'], start: 4, end: 14 });
    assert.equal(symbolAt('y = f().mse_loss(a)', 10), undefined);
    assert.equal(symbolAt('y = 1.5', 5), undefined);
  });

  it('resolves every call in examples/', () => {
    const examples = path.join(__dirname, '..', '..', 'examples');
    const fw = readFileSync(path.join(examples, 'python', 'framework_losses.py'), 'utf8');
    for (const n of ['F.cross_entropy', 'nn.SmoothL1Loss', 'keras.losses.Huber', 'optax.softmax_cross_entropy'])
      assert.ok(symbol(fw, 'python', n), n);
    const tfjs = readFileSync(path.join(examples, 'typescript', 'tfjs_losses.ts'), 'utf8');
    for (const n of ['tf.losses.huberLoss', 'tf.losses.softmaxCrossEntropy']) assert.ok(symbol(tfjs, 'script', n), n);
  });
});

describe('hover: the framework-loss table', () => {
  const catalog = CATALOG;

  it('maps every entry to a real catalog id, with parameters the catalog has and accepts', () => {
    assert.ok(FRAMEWORK_LOSSES.size >= 60, `only ${FRAMEWORK_LOSSES.size} entries`);
    for (const e of FRAMEWORK_LOSSES.values()) {
      const info = catalog.get(e.catalogId);
      assert.ok(info, `${e.symbol}: no catalog loss ${e.catalogId}`);
      const names = new Set(info.params.map((p) => p.name));
      for (const p of e.params)
        if (p.catalog)
          assert.ok(
            names.has(p.catalog),
            `${e.symbol}: ${p.name} -> ${p.catalog} is not a parameter of ${e.catalogId}`,
          );
      for (const k of Object.keys(e.playground))
        assert.ok(names.has(k), `${e.symbol}: playground param ${k} is not a parameter of ${e.catalogId}`);
      if (e.switch) assert.ok(catalog.get(e.switch.catalogId), `${e.symbol}: switch to unknown ${e.switch.catalogId}`);
      for (const d of [e.reduction, ...e.differences])
        assert.ok(d.en && d['zh-cn'], `${e.symbol}: a text lacks a language`);
    }
  });

  it('gives the playground parameters the engine accepts', async () => {
    const { evaluate } = await import('../../src/engine');
    const inputs: Record<string, { input: unknown; target: unknown }> = {
      mse: { input: [0.5], target: [0] },
      l1: { input: [0.5], target: [0] },
      smooth_l1: { input: [0.5], target: [0] },
      huber: { input: [0.5], target: [0] },
      log_cosh: { input: [0.5], target: [0] },
      bce: { input: [0.5], target: [1] },
      bce_with_logits: { input: [0.5], target: [1] },
      focal: { input: [0.5], target: [1] },
      hinge: { input: [0.5], target: [1] },
      squared_hinge: { input: [0.5], target: [1] },
      logistic: { input: [0.5], target: [1] },
      cross_entropy: { input: [[1, 2, 3]], target: [2] },
      nll: { input: [[-1, -2, -0.5]], target: [2] },
      categorical_crossentropy: { input: [[0.2, 0.3, 0.5]], target: [[0, 0, 1]] },
      multi_margin: { input: [[1, 2, 3]], target: [2] },
      kl_div: { input: [[-1, -0.5]], target: [[0.4, 0.6]] },
      poisson_nll: { input: [0.5], target: [1] },
    };
    for (const e of FRAMEWORK_LOSSES.values()) {
      const io = inputs[e.catalogId];
      assert.ok(io, `no test input for ${e.catalogId}`);
      const params = e.catalogId === 'kl_div' && e.playground.log_target ? { log_target: true } : e.playground;
      assert.doesNotThrow(
        () => evaluate({ loss: e.catalogId, input: io.input as number[], target: io.target as number[], params }),
        e.symbol,
      );
    }
  });

  it('covers the losses the issue names, and every string name resolves', () => {
    for (const s of [
      'torch.nn.functional.cross_entropy',
      'torch.nn.functional.mse_loss',
      'torch.nn.CrossEntropyLoss',
      'torch.nn.SmoothL1Loss',
      'torch.nn.HuberLoss',
      'torch.nn.BCEWithLogitsLoss',
      'torch.nn.KLDivLoss',
      'torchvision.ops.sigmoid_focal_loss',
      'keras.losses.Huber',
      'keras.losses.categorical_crossentropy',
      'optax.softmax_cross_entropy',
      'optax.huber_loss',
      'tfjs.losses.huberLoss',
      'tfjs.losses.softmaxCrossEntropy',
    ])
      assert.ok(FRAMEWORK_LOSSES.get(s), s);
    for (const n of Object.keys(KERAS_STRING_LOSSES)) assert.ok(stringLoss(n, 'keras'), n);
    for (const n of Object.keys(TFJS_STRING_LOSSES)) assert.ok(stringLoss(n, 'tfjs'), n);
  });

  it('states the disagreements of loss-semantics.md', () => {
    const diffs = (s: string): string =>
      FRAMEWORK_LOSSES.get(s)!
        .differences.map((d) => d.en)
        .join(' ');
    assert.match(diffs('torch.nn.functional.binary_cross_entropy'), /100.*16\.118/);
    assert.match(diffs('keras.losses.Huber'), /δ = β = 1/);
    assert.match(diffs('tfjs.losses.hingeLoss'), /2y − 1/);
    assert.match(diffs('torchvision.ops.sigmoid_focal_loss'), /α = 0\.25.*apply_class_balancing/);
    assert.match(diffs('torch.nn.KLDivLoss'), /batchmean/);
    assert.match(diffs('torch.nn.functional.cross_entropy'), /ε\/C.*ε\/2/);
    assert.deepEqual(FRAMEWORK_LOSSES.get('keras.losses.BinaryFocalCrossentropy')!.playground, { alpha: -1, gamma: 2 });
    assert.match(FRAMEWORK_LOSSES.get('torchvision.ops.sigmoid_focal_loss')!.reduction.en, /'none'/);
  });
});

describe('hover: markdown', () => {
  it('has the title, images, defaults, reduction, differences and a command link with the arguments', () => {
    const text = 'from keras import losses\nh = losses.Huber(delta=1.5)';
    const found = frameworkLossAt('h = losses.Huber(delta=1.5)', 12, scanBindings(text, 'python'))!;
    const md = markdownOf(found, 'zh-cn', {
      loss: 'data:image/svg+xml;base64,AAA',
      grad: 'data:image/svg+xml;base64,BBB',
    });
    assert.match(md, /^\*\*Huber 损失\*\* · Keras `keras.losses.Huber`/);
    assert.match(md, /!\[loss formula\]\(data:image\/svg\+xml;base64,AAA\)/);
    assert.match(md, /\| `delta` \| `1.0` \(this call: `1.5`\) \|/);
    assert.match(md, /sum_over_batch_size/);
    assert.match(md, /Huber\(δ\) = δ · SmoothL1/);
    assert.ok(md.includes(commandLink('Open in Loss Playground', { loss: 'huber', params: { delta: 1.5 } })));
    assert.ok(
      md.includes(`command:lossPlayground.open?${encodeURIComponent('[{"loss":"huber","params":{"delta":1.5}}]')}`),
    );
  });
});

describe('walkthrough and manifest texts', () => {
  const root = path.join(__dirname, '..', '..');
  type Manifest = {
    activationEvents: string[];
    contributes: { walkthroughs: Array<{ id: string; steps: Array<{ media: { markdown: string } }> }> };
  };
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  const nls = (f: string) => JSON.parse(readFileSync(path.join(root, f), 'utf8')) as Record<string, string>;

  it('has a walkthrough whose media exist, activated by it', () => {
    const w = pkg.contributes.walkthroughs[0];
    assert.ok(pkg.activationEvents.includes(`onWalkthrough:${w.id}`));
    for (const s of w.steps) {
      const md = path.join(root, s.media.markdown);
      const text = readFileSync(md, 'utf8');
      for (const [, img] of text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g))
        assert.ok(readFileSync(path.join(path.dirname(md), img)).length > 0, img);
    }
  });

  it('activates on what it serves, never at start-up for everyone (the 50 ms activation budget)', () => {
    const events = pkg.activationEvents;
    for (const e of events)
      assert.doesNotMatch(e, /^(\*|onStartupFinished|workspaceContains:)/, `start-up activation event ${e}`);
    for (const language of ['python', 'typescript', 'javascript'])
      assert.ok(events.includes(`onLanguage:${language}`), language);
  });

  it('translates every %key% of the manifest into English and Simplified Chinese', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
    const en = nls('package.nls.json');
    const zh = nls('package.nls.zh-cn.json');
    for (const k of keys) {
      assert.ok(en[k], `package.nls.json lacks ${k}`);
      assert.ok(zh[k], `package.nls.zh-cn.json lacks ${k}`);
    }
  });

  /** Every .ts file under src/, with its text. */
  const sources = (): Array<[string, string]> =>
    readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [path.join('src', f), readFileSync(path.join(root, 'src', f), 'utf8')]);
  /** The string literals (either quote) passed first to `call(`. */
  const literalsOf = (text: string, call: string): string[] =>
    [...text.matchAll(new RegExp(`\\b${call}\\(\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|"((?:[^"\\\\]|\\\\.)*)")`, 'g'))].map(
      (m) => (m[1] ?? m[2]).replace(/\\(['"\\])/g, '$1'),
    );

  it('translates every vscode.l10n.t text in src/ into Simplified Chinese', () => {
    const zh = nls('l10n/bundle.l10n.zh-cn.json');
    const missing = sources().flatMap(([f, text]) =>
      literalsOf(text, 't')
        .filter((s) => !zh[s])
        .map((s) => `${f}: ${s}`),
    );
    assert.deepEqual(missing, []);
  });

  it('translates every grad-check message template, which the runners use and nothing leaves unused', () => {
    const zh = nls('l10n/bundle.l10n.zh-cn.json');
    const templates = new Set<string>(Object.values(M));
    assert.deepEqual(
      [...templates].filter((s) => !zh[s]),
      [],
      'templates of src/gradcheck/messages.ts without a zh-cn translation',
    );
    // The driver cannot import the table: every msg("...") it sends must be one of its templates.
    const driver = literalsOf(readFileSync(path.join(root, 'src/gradcheck/python/driver.py'), 'utf8'), 'msg');
    assert.ok(driver.length >= 30, `only ${driver.length} msg("...") calls found in driver.py: did the scan break?`);
    assert.deepEqual(
      driver.filter((s) => !templates.has(s)),
      [],
      'driver.py templates missing from messages.ts',
    );
    const code = sources()
      .map(([, text]) => text)
      .join('\n');
    const unused = Object.entries(M)
      .filter(([key, s]) => !code.includes(`M.${key}`) && !driver.includes(s))
      .map(([key]) => key);
    assert.deepEqual(unused, [], 'templates nothing produces');
  });

  it('keeps the placeholders of every text in its translation', () => {
    const zh = nls('l10n/bundle.l10n.zh-cn.json');
    const placeholders = (s: string): string =>
      [...s.matchAll(/\{(\d+)\}/g)]
        .map((m) => m[1])
        .sort()
        .join(',');
    assert.deepEqual(
      Object.keys(zh).filter((k) => placeholders(k) !== placeholders(zh[k])),
      [],
    );
  });
});
