import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DocumentDiscoverer, discoverLosses } from '../../src/gradcheck/discover';
import { dialectOfLanguageId, sourceDialectOf, sourceLanguageOf } from '../../src/syntax/sourceLanguage';
import { parseAnnotation } from '../../src/gradcheck/annotation';
import { isGradientName, readsAsLoss, wordParts } from '../../src/gradcheck/names';

const CORPUS = path.join(__dirname, '..', 'gradcheck-corpus');
const corpus = (f: string): string => readFileSync(path.join(CORPUS, f), 'utf8');
const names = (text: string, lang: string): string[] => discoverLosses(text, lang).losses.map((l) => l.name);

describe('gradcheck names', () => {
  it('splits names at _ and camelCase humps', () => {
    assert.deepEqual(wordParts('BCEWithLogitsLoss'), ['bce', 'with', 'logits', 'loss']);
    assert.deepEqual(wordParts('focalLoss'), ['focal', 'loss']);
    assert.deepEqual(wordParts('kl_div2'), ['kl', 'div']);
  });
  it('reads losses by word part, known names and abbreviations', () => {
    for (const n of [
      'mse',
      'mse_loss',
      'focalLoss',
      'crossEntropy',
      'mean_squared_error',
      'kl_div',
      'nll',
      'DiceLoss',
      'sparse_categorical_crossentropy',
      'compute_cost',
      'hinge',
    ])
      assert.ok(readsAsLoss(n), n);
  });
  it('leaves gradients, private helpers, tests and error handlers alone', () => {
    for (const n of [
      'mse_grad',
      'grad_mse',
      'mseGrad',
      'focal_backward',
      'dLoss',
      '_mse',
      '__call__',
      'test_mse_loss',
      'testFocalLoss',
      'handle_error',
      'parseError',
      'relu',
      'softmax',
      'normalize',
      'mcel',
    ])
      assert.ok(!readsAsLoss(n), n);
    assert.ok(isGradientName('huberGradient'));
  });
});

describe('gradcheck discovery: Python', () => {
  it('finds the corpus losses with their paired gradients and nothing else', () => {
    const d = discoverLosses(corpus('numpy_losses.py'), 'python');
    assert.deepEqual(d.imports, ['numpy']);
    const byName = new Map(d.losses.map((l) => [l.name, l]));
    assert.deepEqual(
      [...byName.keys()],
      [
        'mse',
        'mse_missing_factor',
        'sum_for_mean_loss',
        'huber_loss',
        'mae',
        'binary_cross_entropy',
        'softmax_cross_entropy',
        'hinge_loss',
        'categorical_ce',
        'keras_style_mse',
        'log_cosh_loss',
        'expensive_loss',
      ],
    );
    assert.equal(byName.get('mse')!.pairedGradient, 'mse_grad');
    assert.equal(byName.get('mae')!.pairedGradient, 'grad_mae');
    assert.equal(byName.get('log_cosh_loss')!.pairedGradient, undefined);
    assert.equal(byName.get('categorical_ce')!.pairedGradient, 'ce_onehot_gradient');
    assert.equal(byName.get('expensive_loss')!.annotation!.skip, true);
    assert.deepEqual(byName.get('mse')!.frameworks, ['numpy']);
  });
  it('reports ranges of the def and the name, 0-based, and the 1-based line', () => {
    const text = 'import numpy as np\n\n@decorator\ndef mse_loss(a, b):\n    return ((a - b) ** 2).mean()\n';
    const [l] = discoverLosses(text, 'python').losses;
    assert.equal(l.line, 4);
    assert.deepEqual(l.nameRange, { start: { line: 3, character: 4 }, end: { line: 3, character: 12 } });
    assert.equal(l.range.start.line, 3);
    assert.equal(l.range.end.line, 5);
  });
  it('reads params with type hints, defaults, keyword-only and rest arguments', () => {
    const text =
      'def focal_loss(logits: torch.Tensor, y, *args, gamma: float = 2.0, reduction="mean", **kw):\n    pass\n';
    const [l] = discoverLosses(text, 'python').losses;
    assert.deepEqual(l.params, [
      { name: 'logits', kind: 'positional', type: 'torch.Tensor' },
      { name: 'y', kind: 'positional' },
      { name: 'args', kind: 'rest' },
      { name: 'gamma', kind: 'keyword', type: 'float', default: '2.0' },
      { name: 'reduction', kind: 'keyword', default: '"mean"' },
      { name: 'kw', kind: 'kwargs' },
    ]);
  });
  it('finds autograd.Function subclasses and loss-named nn.Modules, not other modules', () => {
    const d = discoverLosses(corpus('torch_losses.py'), 'python');
    const classes = d.losses
      .filter((l) => l.kind === 'class')
      .map((l) => [l.name, l.base, l.params.map((p) => p.name).join(',')]);
    assert.deepEqual(classes, [
      ['SquaredError', 'autograd.Function', 'pred,target'],
      ['BrokenSquaredError', 'autograd.Function', 'pred,target'],
      ['DiceLoss', 'nn.Module', 'probs,masks'],
    ]);
    assert.ok(!names(corpus('torch_losses.py'), 'python').includes('Net'));
    assert.ok(d.losses.every((l) => l.frameworks.includes('torch')));
  });
  it('finds framework use from import aliases in the body', () => {
    const text =
      'import numpy as np\nfrom torch.nn import functional as F\nimport jax.numpy as jnp\n\ndef a_loss(x, y):\n    return F.mse_loss(x, y)\n\ndef b_loss(x, y):\n    return jnp.mean(x - y)\n';
    const [a, b] = discoverLosses(text, 'python').losses;
    assert.deepEqual(a.frameworks, ['torch']);
    assert.deepEqual(b.frameworks, ['jax']);
  });
  it('records how parameters are used (log, index, long)', () => {
    const text = 'def nll(p, y):\n    return -np.log(p[np.arange(len(y)), y.long()]).mean()\n';
    const [l] = discoverLosses(text, 'python').losses;
    assert.ok(l.paramUses.y.includes('index'));
    assert.ok(l.paramUses.y.includes('long'));
    assert.ok(l.paramUses.p.includes('arg:log'));
  });
  it('counts a function with a paired gradient, and methods of ordinary classes', () => {
    const text =
      'def f(x, y):\n    return 0\n\ndef f_grad(x, y):\n    return 0\n\nclass Model:\n    def loss(self, x, y):\n        return 0\n    def loss_grad(self, x, y):\n        return 0\n';
    const d = discoverLosses(text, 'python');
    assert.deepEqual(
      d.losses.map((l) => [l.name, l.kind, l.reason, l.pairedGradient, l.className]),
      [
        ['f', 'function', 'paired', 'f_grad', undefined],
        ['loss', 'method', 'name', 'loss_grad', 'Model'],
      ],
    );
    assert.deepEqual(
      d.losses[1].params.map((p) => p.name),
      ['x', 'y'],
    );
  });
  it('leaves a loss-named function with nothing to differentiate alone (no parameters, or only self)', () => {
    const text =
      'def plot_losses():\n    pass\n\nclass Trainer:\n    def total_loss(self):\n        return 0\n\ndef mse(a, y):\n    return 0\n';
    assert.deepEqual(names(text, 'python'), ['mse']);
  });

  it('ignores nested functions and survives syntax errors', () => {
    const text =
      'def outer():\n    def inner_loss(a, b):\n        return 0\n    return inner_loss\n\ndef mse(a, b:\n    return 0\n\ndef huber_loss(a, b):\n    return 0\n';
    const d = discoverLosses(text, 'python');
    assert.ok(d.hasSyntaxErrors);
    assert.ok(!d.losses.some((l) => l.name === 'inner_loss'));
    assert.ok(d.losses.some((l) => l.name === 'huber_loss'));
  });
});

describe('gradcheck discovery: TypeScript and JavaScript', () => {
  it('finds declarations, arrow functions, annotations and paired gradients in TS', () => {
    const d = discoverLosses(corpus('losses.ts'), 'typescript');
    assert.deepEqual(
      d.losses.map((l) => [l.name, l.pairedGradient, l.reason]),
      [
        ['mseLoss', 'mseLossGrad', 'name'],
        ['l1Loss', 'l1LossGrad', 'name'],
        ['focal', 'focalGradient', 'annotation'],
        ['crossEntropyLoss', 'crossEntropyLossGrad', 'name'],
        ['logCoshLoss', undefined, 'name'],
      ],
    );
    const focal = d.losses[2];
    assert.deepEqual(
      focal.params.map((p) => [p.name, p.type, p.default]),
      [
        ['p', 'number[]', undefined],
        ['y', 'number[]', undefined],
        ['gamma', undefined, '2'],
      ],
    );
    assert.deepEqual(focal.annotation!.args, {
      p: { kind: 'generator', generator: 'rand', dims: [10] },
      y: { kind: 'generator', generator: 'binary', dims: [10] },
      gamma: { kind: 'number', value: 2 },
    });
    assert.equal(d.losses[1].params[0].type, 'Float64Array');
  });
  it('leaves a loss-named function with no parameters alone', () => {
    const text =
      'export function compareTfjsLosses(): number[] { return []; }\nconst plotLoss = () => 0;\nexport function mse(a: number[], y: number[]): number { return 0; }\n';
    assert.deepEqual(names(text, 'typescript'), ['mse']);
  });

  it('finds CommonJS exports in JS', () => {
    const d = discoverLosses(corpus('losses.js'), 'javascript');
    assert.deepEqual(
      d.losses.map((l) => [l.name, l.pairedGradient]),
      [
        ['hingeLoss', 'hingeLossGrad'],
        ['squaredError', 'squaredErrorGrad'],
        ['bceLoss', 'bceLossGrad'],
      ],
    );
  });
  it('finds class methods and JSX/TSX files', () => {
    const text =
      'class Trainer {\n  constructor() {}\n  hingeLoss(s: number[], y: number[]) { return 0; }\n  hingeLossGrad(s: number[], y: number[]) { return s; }\n}\nconst View = () => <div/>;\n';
    const d = discoverLosses(text, 'typescriptreact', 'x.tsx');
    assert.deepEqual(
      d.losses.map((l) => [l.name, l.kind, l.className, l.pairedGradient]),
      [['hingeLoss', 'method', 'Trainer', 'hingeLossGrad']],
    );
    assert.equal(d.hasSyntaxErrors, false);
  });
  it('maps languages from ids and file names', () => {
    assert.equal(sourceLanguageOf('python'), 'python');
    assert.equal(sourceLanguageOf('a/b/losses.MTS'), 'typescript');
    assert.equal(sourceLanguageOf('javascriptreact'), 'javascript');
    assert.equal(sourceLanguageOf('stubs/losses.pyi'), 'python');
    assert.equal(sourceLanguageOf('README.md'), null);
    assert.equal(sourceLanguageOf('constructor'), null, 'not a property of every object');
    assert.deepEqual(sourceDialectOf('App.TSX'), { language: 'typescript', jsx: true });
    assert.deepEqual(sourceDialectOf('typescriptreact'), { language: 'typescript', jsx: true });
    assert.equal(dialectOfLanguageId('losses.py'), null, 'a language id, not a file name');
  });
});

describe('gradcheck annotations', () => {
  const params = [
    { name: 'logits', kind: 'positional' as const },
    { name: 'targets', kind: 'positional' as const },
    { name: 'gamma', kind: 'positional' as const, default: '2.0' },
  ];
  const parse = (text: string) =>
    parseAnnotation([{ source: { text, line: 4, character: 13 }, tag: 'gradcheck' }], params);
  it('parses generators, numbers, wrt and grad', () => {
    const a = parse(' logits=randn(6,4) targets=onehot(6, 4) wrt=logits grad=my_grad gamma=2.5 seed=7');
    assert.deepEqual(a.errors, []);
    assert.deepEqual(a.args.logits, { kind: 'generator', generator: 'randn', dims: [6, 4] });
    assert.deepEqual(a.args.targets, { kind: 'generator', generator: 'onehot', dims: [6, 4] });
    assert.deepEqual(a.args.gamma, { kind: 'number', value: 2.5 });
    assert.equal(a.wrt, 'logits');
    assert.equal(a.grad, 'my_grad');
    assert.equal(a.seed, 7);
  });
  it('gives each bad token an error with its columns', () => {
    const a = parse(' logits=randm(6) targets=onehot(6) wrt=x bogus=1 gamma=abc');
    assert.deepEqual(
      a.errors.map((e) => [e.message.split(' (')[0].split(':')[0], e.range.start.character]),
      [
        ["unknown generator 'randm'", 14],
        ['onehot takes 2 dimensions, got 1', 30],
        ['wrt=x', 48],
        ["the function has no argument 'bogus'", 54],
        ["cannot read 'abc'", 62],
      ],
    );
    assert.equal(a.errors[0].range.start.line, 4);
  });
  it('rejects differentiating a discrete generator', () => {
    const a = parse(' logits=labels(6,4) wrt=logits');
    assert.match(a.errors[0].message, /discrete/);
  });
  it('reads skip and the Python comment right above the def', () => {
    const text =
      'import numpy as np\n\n# gradcheck: skip\ndef big_loss(a, b):\n    return 0\n\n# gradcheck: a=randn(3) b=labels(3,5)\n# gradcheck: wrt=a\ndef ce_loss(a, b):\n    return 0\n';
    const [skip, ce] = discoverLosses(text, 'python').losses;
    assert.equal(skip.annotation!.skip, true);
    assert.equal(ce.annotation!.wrt, 'a');
    assert.deepEqual(ce.annotation!.args.b, { kind: 'generator', generator: 'labels', dims: [3, 5] });
    assert.equal(ce.annotation!.range.start.line, 6);
  });
  it('annotates a function whose name does not read as a loss', () => {
    const text =
      '/** @gradcheck x=randn(4) */\nexport function objectiveish(x: number[]) { return 0; }\n/** @gradcheck x=randn(4) @grad gf */\nfunction f(x: number[]) { return 0; }\n';
    const d = discoverLosses(text, 'typescript');
    assert.deepEqual(
      d.losses.map((l) => [l.name, l.reason, l.pairedGradient]),
      [
        ['objectiveish', 'annotation', undefined],
        ['f', 'annotation', 'gf'],
      ],
    );
  });
});

describe('gradcheck incremental discovery', () => {
  it('gives the same losses after an edit as a full parse', () => {
    const text = corpus('numpy_losses.py');
    const d = new DocumentDiscoverer('python', 'numpy_losses.py');
    d.discover(text);
    const edited = text.replace(
      'def mae(pred, target):',
      'def mae_loss(pred, target):\n    pass\n\ndef mae(pred, target):',
    );
    assert.deepEqual(d.discover(edited), discoverLosses(edited, 'python'));
    const back = d.discover(text);
    assert.deepEqual(back, discoverLosses(text, 'python'));
  });
});
