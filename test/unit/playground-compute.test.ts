/**
 * What the playground's scenes draw, computed on the host with the engine. Expected numbers are
 * from closed forms worked by hand (−ln 0.3, ln 2, Huber at e = 2), from Nielsen's "Neural Networks
 * and Deep Learning", ch. 3 (the saturated neuron ends near 0.09 and 0.20), and from ordinary least
 * squares written out in the test; never from the code under test.
 */
import { strict as assert } from 'node:assert';
import { evaluate } from '../../src/engine';
import { linspace } from '../../src/playground/curves';
import { computeScene } from '../../src/playground/scenes';
import { entropyScene } from '../../src/playground/scenes/entropy';
import { margin } from '../../src/playground/scenes/margin';
import { multilabel } from '../../src/playground/scenes/multilabel';
import { neuronScene } from '../../src/playground/scenes/neuron';
import { fitLine, outlierData, outliersScene } from '../../src/playground/scenes/outliers';
import { probability } from '../../src/playground/scenes/probability';
import { regression } from '../../src/playground/scenes/regression';
import { softmaxScene } from '../../src/playground/scenes/softmax';
import { SurfaceCache, surfaceData, surfaceStages } from '../../src/playground/scenes/surface';
import type { SurfaceData, SurfaceInput } from '../../src/protocol';

const close = (a: number, e: number, what: string, tol = 1e-9): void =>
  assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}: got ${a}, expected ${e}`);
const at = (x: number[], v: number): number => x.findIndex((t) => Math.abs(t - v) < 1e-9);

describe('playground: curves of scenes 1–3', () => {
  it('regression: MSE e², L1 |e|, Huber(δ=1) at e=2 is 1.5, Smooth L1(β=1) at e=0.5 is 0.125, log-cosh′ = tanh', () => {
    const d = regression({ range: 3, beta: 1, delta: 1, q: 0.5 });
    const curve = (id: string) => d.curves.find((c) => c.id === id)!;
    const i2 = at(d.x, 2);
    const ih = at(d.x, 0.5);
    assert.ok(i2 >= 0 && ih >= 0, 'the grid holds 2 and 0.5');
    close(curve('mse').loss[i2], 4, 'mse(2)');
    close(curve('mse').grad[i2], 4, 'mse′(2)');
    close(curve('l1').loss[i2], 2, 'l1(2)');
    close(curve('huber').loss[i2], 1.5, 'huber(2)');
    close(curve('huber').grad[i2], 1, 'huber′(2)');
    close(curve('smooth_l1').loss[ih], 0.125, 'smooth_l1(0.5)');
    close(curve('log_cosh').grad[i2], Math.tanh(2), 'log_cosh′(2)');
    close(curve('quantile').loss[i2], 1, 'pinball q=0.5 at u=−2');
    assert.deepEqual(
      d.curves.map((c) => c.id),
      ['mse', 'l1', 'smooth_l1', 'huber', 'log_cosh', 'quantile'],
    );
  });

  it('margin: at m = 0 hinge is 1, logistic ln 2, exponential 1, 0-1 is 1; hinge is 0 past m = 1', () => {
    const d = margin({ range: 3 });
    const i0 = at(d.x, 0);
    const i2 = at(d.x, 2);
    const curve = (id: string) => d.curves.find((c) => c.id === id)!;
    close(curve('hinge').loss[i0], 1, 'hinge(0)');
    close(curve('logistic').loss[i0], Math.LN2, 'logistic(0)');
    close(curve('exponential').loss[i0], 1, 'exp(0)');
    close(curve('zero_one').loss[i0], 1, '0-1(0)');
    close(curve('hinge').loss[i2], 0, 'hinge(2)');
    close(curve('squared_hinge').loss[at(d.x, -1)], 4, 'squared hinge(−1)');
  });

  it('probability: ∂BCE/∂z = σ(z) − y, and MSE through the sigmoid carries σ′ = a(1 − a)', () => {
    const d = probability({ steps: 99 });
    const k = at(d.p, 0.5);
    assert.ok(k >= 0);
    close(d.bce.y1[k], Math.LN2, 'BCE(0.5, y=1)');
    close(d.dBceDp.y1[k], -2, '∂BCE/∂a at a=0.5, y=1 = −1/a');
    close(d.dBceDz.y1[k], -0.5, 'σ − 1 at z = 0');
    close(d.dBceDz.y0[k], 0.5, 'σ − 0 at z = 0');
    close(d.dMseDz.y1[k], 2 * (0.5 - 1) * 0.25, '2(σ − 1)σ′ at z = 0');
    // Saturated and wrong (a = 0.99 for y = 0): BCE still pushes by ~0.99, MSE by ~0.0194.
    const s = at(d.p, 0.99);
    close(d.dBceDz.y0[s], 0.99, 'BCE push at a = 0.99', 1e-6);
    close(d.dMseDz.y0[s], 2 * 0.99 * 0.99 * 0.01, 'MSE push at a = 0.99', 1e-6);
  });
});

describe('playground: softmax, entropy and multi-label (scenes 7–9)', () => {
  it('the seeds’ presets: a = [0.2, 0.5, 0.3] and [0.2, 0.2, 0.6], true class 3, give 1.20 and 0.51 (−ln 0.3, −ln 0.6)', () => {
    for (const [probs, expected] of [
      [[0.2, 0.5, 0.3], 1.2039728043259361],
      [[0.2, 0.2, 0.6], 0.5108256237659907],
    ] as const) {
      const d = softmaxScene({ logits: probs.map(Math.log), target: 2 });
      close(d.loss, expected, `CE of ${probs.join(', ')}`);
      assert.equal(d.loss.toFixed(2), expected.toFixed(2));
      d.probs.forEach((p, c) => close(p, probs[c], `softmax[${c}]`));
      d.grad.forEach((g, c) => close(g, probs[c] - (c === 2 ? 1 : 0), `a − y [${c}]`));
    }
  });

  it('softmax does not overflow for logits of ±1e4', () => {
    const s = softmaxScene({ logits: [1e4, -1e4, 0], target: 0 }).probs;
    close(s[0], 1, 'softmax[0]');
    assert.ok(s.every(Number.isFinite));
  });

  it('entropy: p = [½, ½], q = [¼, ¾] gives H = ln 2, H(p,q) = ½ln4 + ½ln(4/3), and H(p,q) = H(p) + KL', () => {
    const d = entropyScene({ p: [0.5, 0.5], q: [0.25, 0.75] });
    close(d.entropy, Math.LN2, 'H(p)');
    close(d.crossEntropy, 0.5 * Math.log(4) + 0.5 * Math.log(4 / 3), 'H(p, q)');
    close(d.kl, 0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 'KL');
    close(d.entropy + d.kl, d.crossEntropy, 'H + KL = CE');
    close(
      d.terms.kl.reduce((a, b) => a + b, 0),
      d.kl,
      'per-class KL sums to KL',
    );
  });

  it('entropy: a zero in p contributes nothing (0·log 0 = 0)', () => {
    const d = entropyScene({ p: [1, 0], q: [0.5, 0.5] });
    close(d.entropy, 0, 'H of a point mass');
    close(d.kl, Math.LN2, 'KL to uniform');
  });

  it('entropy: a zero in q floors log q at −100 in KL, cross-entropy and their terms alike (by hand: p = [½, ½], q = [0, 1])', () => {
    const d = entropyScene({ p: [0.5, 0.5], q: [0, 1] });
    // H(p, q) = −(½·(−100) + ½·ln 1) = 50; KL = ½(ln ½ + 100) + ½(ln ½ − 0) = 50 − ln 2.
    close(d.crossEntropy, 50, 'H(p, q)');
    close(d.kl, 50 - Math.LN2, 'KL');
    close(d.entropy, Math.LN2, 'H(p)');
    close(d.entropy + d.kl, d.crossEntropy, 'H + KL = CE');
    close(d.terms.crossEntropy[0], 50, '−p log q of the zero');
    close(d.terms.kl[0], 50 + 0.5 * Math.log(0.5), 'p log(p/q) of the zero');
    close(
      d.terms.kl.reduce((a, b) => a + b, 0),
      d.kl,
      'per-class KL sums to KL',
    );
    close(
      d.terms.crossEntropy.reduce((a, b) => a + b, 0),
      d.crossEntropy,
      'per-class CE sums to CE',
    );
    // p and q both zero in one class: 0·log 0 = 0, nothing thrown.
    const same = entropyScene({ p: [0, 1], q: [0, 1] });
    assert.deepEqual([same.entropy, same.crossEntropy, same.kl], [0, 0, 0]);
  });

  it('multi-label vs multi-class on the same scores: σ per label, softmax over all; gradients (σ − y)/C and a − y', () => {
    const d = multilabel({ scores: [0, Math.log(3)], labels: [true, true], target: 0 });
    close(d.sigmoid[0], 0.5, 'σ(0)');
    close(d.sigmoid[1], 0.75, 'σ(ln 3)');
    close(d.softmax[0], 0.25, 'softmax[0] = 1/(1+3)');
    close(d.ce, Math.log(4), 'CE = −ln 0.25');
    close(d.bce, (Math.LN2 + Math.log(4 / 3)) / 2, 'mean BCE');
    close(d.bceGrad[0], (0.5 - 1) / 2, 'BCE grad[0]');
    close(d.ceGrad[0], 0.25 - 1, 'CE grad[0]');
  });
});

describe('playground: the saturated neuron (scene 4)', () => {
  it('quadratic cost from output 0.82 (w=0.6, b=0.9) ends near 0.09, from 0.98 (w=2, b=2) near 0.20; cross-entropy learns fast', () => {
    const a = neuronScene({ w: 0.6, b: 0.9, eta: 0.15, epochs: 300 });
    const b = neuronScene({ w: 2, b: 2, eta: 0.15, epochs: 300 });
    assert.equal(a.mse.outputs[0].toFixed(2), '0.82');
    assert.equal(b.mse.outputs[0].toFixed(2), '0.98');
    assert.equal(a.mse.outputs.at(-1)!.toFixed(2), '0.09');
    assert.equal(b.mse.outputs.at(-1)!.toFixed(2), '0.20');
    assert.ok(b.bce.outputs.at(-1)! < 0.05, `cross-entropy from the saturated start ends at ${b.bce.outputs.at(-1)}`);
    assert.equal(a.mse.outputs.length, 301, 'outputs[0] is before training, then one per epoch');
  });

  it('Nielsen’s ch. 3 preset: cross-entropy at η = 0.005, thirty times smaller, starts learning at once; the quadratic cost at 0.15 sits on its plateau', () => {
    const d = neuronScene({ w: 2, b: 2, eta: 0.15, etaCe: 0.005, epochs: 300 });
    // The same neuron written out here: x = 1, y = 0, so w and b take the same step and z = w + b
    // moves by twice it: quadratic ∂C/∂z = a·σ′(z) = a²(1 − a), cross-entropy ∂C/∂z = a.
    const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
    const run = (dz: (a: number) => number, eta: number, cost: (a: number) => number): number[] => {
      let z = 4;
      return Array.from({ length: 301 }, () => {
        const a = sigma(z);
        z -= 2 * eta * dz(a);
        return cost(a);
      });
    };
    const quadratic = run(
      (a) => a * a * (1 - a),
      0.15,
      (a) => (a * a) / 2,
    );
    const crossEntropy = run(
      (a) => a,
      0.005,
      (a) => -Math.log(1 - a),
    );
    d.mse.losses.forEach((c, k) => close(c, quadratic[k], `quadratic cost at epoch ${k}`, 1e-9));
    d.bce.losses.forEach((c, k) => close(c, crossEntropy[k], `cross-entropy at epoch ${k}`, 1e-9));
    const tenPercentDown = (costs: number[]): number => costs.findIndex((c) => c < 0.9 * costs[0]);
    assert.ok(
      tenPercentDown(crossEntropy) < 50 && tenPercentDown(quadratic) > 150,
      `10% down at epochs ${tenPercentDown(crossEntropy)} and ${tenPercentDown(quadratic)}`,
    );
    // Faster at the start, not at the end: by epoch 300 the quadratic cost has caught up and passed it.
    assert.equal(d.mse.outputs.at(-1)!.toFixed(2), '0.20');
    assert.equal(d.bce.outputs.at(-1)!.toFixed(2), '0.78');
  });
});

describe('playground: line fits with outliers (scene 6)', () => {
  it('L2 is ordinary least squares (worked out here), L1 and Smooth L1 stay near the inliers’ slope 0.8', () => {
    const input = { seed: 3, n: 30, outliers: 3, offset: 12, beta: 1 };
    const pts = outlierData(input);
    const n = pts.length;
    const mx = pts.reduce((s, p) => s + p.x, 0) / n;
    const my = pts.reduce((s, p) => s + p.y, 0) / n;
    const w = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    const d = outliersScene(input);
    const fit = (id: string) => d.fits.find((f) => f.id === id)!;
    close(fit('mse').w, w, 'OLS slope', 1e-9);
    close(fit('mse').b, my - w * mx, 'OLS intercept', 1e-9);
    assert.ok(Math.abs(fit('l1').w - 0.8) < 0.15, `L1 slope ${fit('l1').w}`);
    assert.ok(Math.abs(fit('smooth_l1').w - 0.8) < 0.2, `Smooth L1 slope ${fit('smooth_l1').w}`);
    assert.ok(fit('mse').w - 0.8 > 0.3, `the outliers drag L2: slope ${fit('mse').w}`);
    assert.equal(pts.filter((p) => p.outlier).length, 3);
  });

  it('the L1 fit minimises the mean absolute error: nudging it either way costs more', () => {
    const pts = outlierData({ seed: 5, n: 25, outliers: 2, offset: -10, beta: 1 });
    const { w, b } = fitLine(pts, 'l1');
    const mae = (w: number, b: number) =>
      evaluate({ loss: 'l1', input: pts.map((p) => w * p.x + b), target: pts.map((p) => p.y) }).loss as number;
    const best = mae(w, b);
    for (const [dw, db] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 1e-3],
      [0, -1e-3],
    ])
      assert.ok(mae(w + dw, b + db) >= best - 1e-12, `moving by (${dw}, ${db}) lowered the MAE`);
  });
});

describe('playground: loss surfaces (scene 5)', () => {
  const input: SurfaceInput = {
    loss: 'mse',
    delta: 1,
    seed: 1,
    n: 200,
    noise: 1,
    start: [-1.5, 3.5],
    eta: 0.1,
    steps: 60,
    resolution: 41,
    penalty: 'none',
    lambda: 0,
  };
  const stages = (i: SurfaceInput, cache?: SurfaceCache): SurfaceData[] =>
    [...surfaceStages(i, cache)].flatMap((s) => (s ? [s.data] : []));

  it('comes coarse first, then fine, with every cell filled at the end (logistic regression, 401×401 over 1,000 samples)', () => {
    const s = stages({ ...input, loss: 'logistic_regression', n: 1000, resolution: 401 });
    assert.equal(s[0].stage, 'coarse');
    assert.ok(s[0].w.length < 401, `coarse grid has ${s[0].w.length} columns`);
    assert.equal(s.at(-1)!.stage, 'fine');
    assert.equal(s.at(-1)!.z.length, 401 * 401);
    assert.ok(s.at(-1)!.z.every(Number.isFinite));
  });

  it('MSE (closed form) is cheap enough to come whole in the first picture', () => {
    const s = stages({ ...input, resolution: 201 });
    assert.equal(s[0].stage, 'fine');
    assert.equal(s[0].z.length, 201 * 201);
    // What follows, if anything, is the regularisation path for new data, on the same grid.
    for (const later of s.slice(1)) assert.deepEqual(later.z, s[0].z);
  });

  it('the MSE closed form equals the mean of (w·x + b − y)² at every cell (brute force here)', () => {
    const pts = surfaceData(input);
    const d = stages(input).at(-1)!;
    for (const [r, c] of [
      [0, 0],
      [10, 30],
      [40, 40],
      [20, 5],
    ]) {
      const w = d.w[c];
      const b = d.b[r];
      const brute = pts.reduce((s, p) => s + (w * p.x + b - p.y) ** 2, 0) / pts.length;
      close(d.z[r * d.w.length + c], brute, `cell (${r}, ${c})`, 1e-9);
    }
  });

  it('L1 and Huber cells are the engine’s mean loss at that (w, b)', () => {
    for (const loss of ['l1', 'huber', 'logistic_regression'] as const) {
      const i = { ...input, loss, resolution: 21 };
      const pts = surfaceData(i);
      const d = stages(i).at(-1)!;
      const [r, c] = [7, 13];
      const id = loss === 'logistic_regression' ? 'bce_with_logits' : loss;
      const expected = evaluate({ loss: id, input: pts.map((p) => d.w[c] * p.x + d.b[r]), target: pts.map((p) => p.y) })
        .loss as number;
      close(d.z[r * d.w.length + c], expected, `${loss} cell`, 1e-12);
    }
  });

  it('gradient descent on MSE walks downhill to the least-squares line', () => {
    const d = stages({ ...input, steps: 2000, eta: 0.2 }).at(-1)!;
    const pts = d.points;
    const n = pts.length;
    const mx = pts.reduce((s, p) => s + p.x, 0) / n;
    const my = pts.reduce((s, p) => s + p.y, 0) / n;
    const w = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    close(d.fit.w, w, 'GD slope', 1e-6);
    close(d.fit.b, my - w * mx, 'GD intercept', 1e-6);
  });

  it('a cached surface answers at once when only the start moves', () => {
    const cache = new SurfaceCache();
    const first = stages(input, cache).at(-1)!;
    const again = stages({ ...input, start: [0, 0] }, cache);
    assert.equal(again.length, 1);
    assert.ok(again[0].regPath && again[0].slices && again[0].optimum, 'the one answer holds everything');
    assert.equal(again[0].stage, 'fine');
    assert.deepEqual(again[0].z, first.z);
    assert.deepEqual(again[0].path[0], [0, 0]);
  });

  it('computeScene answers every scene that computes', () => {
    const r = computeScene({ scene: 'surface', input });
    assert.equal(r.scene, 'surface');
    assert.deepEqual(linspace(0, 1, 3), [0, 0.5, 1]);
  });
});
