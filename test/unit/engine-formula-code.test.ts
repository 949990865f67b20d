/**
 * The formula's exported code (src/engine/formula/code.ts) says what the playground draws: the
 * NumPy loss and its `_grad`, and the PyTorch loss with its autograd gradient, run by Python
 * (/usr/bin/python3 with NumPy and torch, float64) on the same points as the engine; the TF.js loss
 * and tf.grad of it run here with @tensorflow/tfjs (float32, so to float32's precision). The code
 * is run as it is exported: Python execs the file's text, Node imports the TF.js module.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_NAMES, formulaCode, parseFormula } from '../../src/engine/formula';
import { findPython, requirePython } from './gradcheck-helpers';

/** Formulas that use every function and operator, and points off their kinks (no ties for max, min, abs, relu, sign). */
const CASES: { f: string; y: number[]; a: number[] }[] = [
  { f: 'log(1 + exp(-y*a))', y: [1, -1, 1, -1], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'max(0, 1 - y*a)^2', y: [1, -1, 1, -1], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'max(0, 1 - y*a)', y: [1, -1, 1, -1], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'abs(e)^1.5', y: [0, 0.5, -1, 2], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'log(cosh(e)) + sqrt(1 + e^2) - 1', y: [0, 0.5, -1, 2], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: '-(y*log(sigmoid(a)) + (1 - y)*log(1 - sigmoid(a)))', y: [0, 1, 0.25, 1], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'softplus(-y*a) + relu(e) - min(e, 2*e) / 3', y: [1, -1, 0.5, -0.5], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'log1p(a^2) * tanh(y) + sinh(e)/cosh(a) - sign(e)*pi', y: [0.3, -1, 2, 0], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: '2^-a + (-2)^2 * a / (y^2 + 1) - -a - log(2*pi)/2', y: [0.3, -1, 2, 0], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'a - y - (a - (y - a)) / (a / y * 2)', y: [0.3, -1, 2, 0.7], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: 'exp(-a)^2^0.5 + max(a, y)*min(y, a) + sigmoid(e)', y: [0.3, -1, 2, 0.7], a: [-2.5, -0.3, 0.7, 3.1] },
  { f: '3', y: [0, 1, 0, 1], a: [-1, 0, 1, 2] },
  { f: 'y', y: [0, 1, 0.5, -1], a: [-1, 0, 1, 2] },
];

/** What the engine draws: value and ∂/∂a at each point. */
function engine(c: (typeof CASES)[number]): { loss: number[]; grad: number[] } {
  const r = parseFormula(c.f).program.run(Float64Array.from(c.a), Float64Array.from(c.y));
  return { loss: Array.from(r.value), grad: Array.from(r.deriv) };
}

function close(got: number[], want: number[], rtol: number, atol: number, what: string): void {
  assert.equal(got.length, want.length, what);
  got.forEach((g, i) =>
    assert.ok(Math.abs(g - want[i]) <= atol + rtol * Math.abs(want[i]), `${what}[${i}]: ${g} vs ${want[i]}`),
  );
}

/** Runs each case's NumPy and PyTorch code in one Python process; prints the values and gradients as JSON. */
const DRIVER = `
import json, sys
import numpy as np
import torch
out = []
for case in json.load(sys.stdin):
    a, y = case["a"], case["y"]
    ns = {}
    exec(case["numpy"], ns)
    loss = ns["${CODE_NAMES.python}"](a, y)
    grad = ns["${CODE_NAMES.python}_grad"](a, y) if "${CODE_NAMES.python}_grad" in ns else None
    ts = {}
    exec(case["pytorch"], ts)
    at = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    tl = ts["${CODE_NAMES.python}"](at, torch.tensor(y, dtype=torch.float64))
    # A loss that does not move with a has no autograd graph: its gradient is 0.
    if tl.requires_grad:
        tl.sum().backward()
    tg = at.grad.tolist() if at.grad is not None else [0.0] * len(a)
    out.append({"numpy": np.asarray(loss, dtype=float).tolist(), "numpyGrad": None if grad is None else np.asarray(grad, dtype=float).tolist(),
                "torch": tl.detach().tolist(), "torchGrad": tg, "shape": list(np.shape(loss))})
json.dump(out, sys.stdout)
`;

describe('formula code: NumPy and PyTorch, run by Python on the engine’s points', function () {
  this.timeout(120_000);
  const found = findPython();
  let results: {
    numpy: number[];
    numpyGrad: number[] | null;
    torch: number[];
    torchGrad: number[];
    shape: number[];
  }[] = [];

  before(function () {
    const py = requirePython(this, found, true);
    const input = CASES.map((c) => {
      const f = parseFormula(c.f);
      return { a: c.a, y: c.y, numpy: formulaCode(f, 'numpy'), pytorch: formulaCode(f, 'pytorch') };
    });
    results = JSON.parse(
      execFileSync(py.python, ['-c', DRIVER], { input: JSON.stringify(input), encoding: 'utf8', timeout: 100_000 }),
    ) as typeof results;
  });

  CASES.forEach((c, k) => {
    it(c.f, () => {
      const want = engine(c);
      const r = results[k];
      assert.deepEqual(r.shape, [c.a.length], 'an array of a’s shape, also for a formula without variables');
      close(r.numpy, want.loss, 1e-13, 1e-14, 'NumPy loss');
      assert.ok(r.numpyGrad, 'NumPy gradient written out');
      close(r.numpyGrad, want.grad, 1e-12, 1e-13, 'NumPy gradient');
      close(r.torch, want.loss, 1e-13, 1e-14, 'PyTorch loss');
      close(r.torchGrad, want.grad, 1e-12, 1e-13, 'PyTorch autograd');
    });
  });

  it('writes the NumPy gradient the grad-check lens pairs with the loss: the exported file passes `loss-playground gradcheck`', () => {
    const code = formulaCode(parseFormula('abs(e)^1.5 + log(cosh(e))'), 'numpy');
    assert.match(code, new RegExp(`^def ${CODE_NAMES.python}\\(a, y\\):$`, 'm'));
    assert.match(code, new RegExp(`^def ${CODE_NAMES.python}_grad\\(a, y\\):$`, 'm'));
    const root = path.join(__dirname, '..', '..');
    const cli = path.join(root, 'dist', 'cli.js');
    if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
    const dir = mkdtempSync(path.join(tmpdir(), 'formula-numpy-'));
    try {
      writeFileSync(path.join(dir, 'my_formula.py'), code);
      const out = execFileSync(
        process.execPath,
        [cli, 'gradcheck', '--json', '--python', found!.python, '--seed', '3', 'my_formula.py'],
        { cwd: dir, encoding: 'utf8', timeout: 100_000 },
      );
      const results = (JSON.parse(out) as { results: { function: string; verdict: string; gradient: string }[] })
        .results;
      assert.deepEqual(
        results.map((r) => [r.function, r.verdict, r.gradient]),
        [[CODE_NAMES.python, 'pass', `paired:${CODE_NAMES.python}_grad`]],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formula code: TF.js, run with @tensorflow/tfjs', function () {
  this.timeout(120_000);
  let dir = '';
  type Tf = typeof import('@tensorflow/tfjs');
  let tf: Tf;

  before(async () => {
    // The module imports '@tensorflow/tfjs' as exported: a folder of its own that sees our node_modules.
    dir = mkdtempSync(path.join(tmpdir(), 'formula-tfjs-'));
    symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  CASES.forEach((c, k) => {
    it(c.f, async () => {
      const file = path.join(dir, `case${k}.mjs`);
      writeFileSync(file, formulaCode(parseFormula(c.f), 'tfjs'));
      const mod = (await import(pathToFileURL(file).href)) as Record<
        string,
        (a: unknown, y: unknown) => import('@tensorflow/tfjs').Tensor
      >;
      const myLoss = mod.myLoss;
      const a = tf.tensor1d(c.a);
      const y = tf.tensor1d(c.y);
      const loss = Array.from(myLoss(a, y).dataSync());
      const want = engine(c);
      // float32: about 7 significant digits.
      close(loss, want.loss, 2e-6, 2e-6, 'TF.js loss');
      const moves = parseFormula(c.f).variables.some((v) => v !== 'y');
      if (!moves)
        return assert.deepEqual(
          want.grad,
          c.a.map(() => 0),
        ); // tf.grad refuses a function that does not depend on its input
      const grad = Array.from(
        tf
          .grad((x: import('@tensorflow/tfjs').Tensor) => tf.sum(myLoss(x, y)))(a)
          .dataSync(),
      );
      close(grad, want.grad, 2e-5, 2e-5, 'TF.js gradient');
    });
  });
});
