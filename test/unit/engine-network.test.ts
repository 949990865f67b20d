/**
 * The network the playground trains (src/engine/mlp.ts, networkLoss.ts, networkTraining.ts,
 * datasets2d.ts). Independent sources: a 2-2-1 network worked by hand and with PyTorch float64
 * autograd (test/fixtures/network_tiny.py, its output pasted below); central finite differences of
 * the whole loss for every activation and every catalog loss a network trains with; properties of
 * the data sets and of seeded training; and the MSE-against-cross-entropy lesson as a property of
 * the math (a number of epochs, never a wall clock).
 */
import { strict as assert } from 'node:assert';
import {
  backward,
  createRandom,
  emptyMlp,
  forward,
  gradCheck,
  initMlp,
  LossError,
  makeDataset2d,
  MlpWorkspace,
  NETWORK_LOSS_IDS,
  NETWORK_LOSS_USES,
  NetworkLoss,
  networkLossesFor,
  NetworkTraining,
  predict,
  regressionTarget,
  rSquared,
  sgdStep,
  type ActivationId,
  type Dataset2dId,
  type NetworkLossId,
  type NetworkSpec,
} from '../../src/engine';
import {
  NETWORK_CLASSIFICATION_LOSSES,
  NETWORK_CLASSIFICATION_SETS,
  NETWORK_LOSS_FEEDS,
  NETWORK_LOSSES,
  NETWORK_REGRESSION_LOSSES,
  NETWORK_REGRESSION_SETS,
} from '../../src/protocol';
import { NETWORK_PRESET } from '../../webview/scenes/networkPreset';

const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a}, expected ${b}`);

/** The 2-2-1 network of test/fixtures/network_tiny.py. */
function tiny(): ReturnType<typeof emptyMlp> {
  const net = emptyMlp({ inputs: 2, hidden: [2], outputs: 1, activation: 'tanh' });
  net.params.set([0.5, -1.0, 2.0, 0.25, 0.1, -0.2, 1.5, -0.5, 0.3]);
  return net;
}
const TINY_X = Float64Array.of(1, 2, -0.5, 0.75);
const TINY_Y = Float64Array.of(1, 0);

/** The mean loss of a network over a batch, and its gradient in the parameters, as the training computes them. */
function lossAndGrad(
  net: ReturnType<typeof emptyMlp>,
  loss: NetworkLoss,
  x: Float64Array,
  y: Float64Array,
  n: number,
): { value: number; grad: Float64Array } {
  const ws = new MlpWorkspace(net.sizes, n);
  const z = forward(net, x, n, ws);
  const dz = new Float64Array(n);
  const value = loss.lossAndGrad(z, y, n, dz);
  const grad = new Float64Array(net.params.length);
  backward(net, x, n, ws, dz, grad);
  return { value, grad };
}

describe('engine: the network’s forward and backward pass', () => {
  it('computes a 2-2-1 tanh network’s outputs as worked by hand (and by PyTorch)', () => {
    const z = predict(tiny(), TINY_X, 2);
    // Row 1 by hand: z₁ = 0.5·1 − 1·2 + 0.1 = −1.4, z₂ = 2·1 + 0.25·2 − 0.2 = 2.3; out = 1.5·tanh(−1.4) − 0.5·tanh(2.3) + 0.3.
    near(z[0], 1.5 * Math.tanh(-1.4) - 0.5 * Math.tanh(2.3) + 0.3, 1e-15, 'row 1 by hand');
    near(z[0], -1.5180756704364895, 1e-15, 'row 1, PyTorch');
    near(z[1], -0.3910497744596762, 1e-15, 'row 2, PyTorch');
  });

  it('gives PyTorch’s gradients (float64 autograd) for MSE of σ(z), bce_with_logits, and cross-entropy on the logits [0, z]', () => {
    // test/fixtures/network_tiny.py; the layout is W1 row-major, b1, W2, b2.
    const torch: [NetworkLossId, 'linear' | 'sigmoid', number, number[]][] = [
      [
        'mse',
        'sigmoid',
        0.41780092959911996,
        [
          -0.07467287064828662, -0.025228623958479843, 0.012385696909547318, -0.010237686485807704, 0.03171322992722201,
          -0.017622086208940402, 0.03751366994371204, -0.19298916903698232, -0.023829507977794595,
        ],
      ],
      [
        'bce_with_logits',
        'linear',
        1.116416237059526,
        [
          -0.20664531350159102, -0.15544484994400615, 0.02886156055161572, -0.015006118093932302, 0.014365352549131183,
          -0.03347778733166749, 0.2186066088522298, -0.5566515898339865, -0.20839516201982383,
        ],
      ],
      [
        'cross_entropy',
        'linear',
        1.116416237059526,
        [
          -0.20664531350159102, -0.15544484994400615, 0.02886156055161572, -0.015006118093932302, 0.014365352549131183,
          -0.03347778733166749, 0.21860660885222982, -0.5566515898339865, -0.20839516201982386,
        ],
      ],
    ];
    for (const [id, output, value, grad] of torch) {
      const r = lossAndGrad(tiny(), new NetworkLoss(id, 'classification', output), TINY_X, TINY_Y, 2);
      near(r.value, value, 1e-14, `${id} loss`);
      grad.forEach((g, k) => near(r.grad[k], g, 1e-12, `${id} ∂/∂θ[${k}]`));
    }
  });

  /** A few points of the data set, and a network with its parameters spread out so no unit sits at a kink. */
  function batch(task: 'classification' | 'regression', seed: number): { x: Float64Array; y: Float64Array; n: number } {
    const d = makeDataset2d({ id: task === 'classification' ? 'circles' : 'bumps', n: 7, noise: 0.3, seed });
    return { x: d.x, y: d.y, n: d.n };
  }

  for (const activation of ['tanh', 'relu', 'sigmoid'] as ActivationId[]) {
    it(`backprop equals central finite differences of the loss, for ${activation} hidden layers and every loss a network trains with`, () => {
      let checked = 0;
      for (const task of ['classification', 'regression'] as const) {
        for (const id of networkLossesFor(task)) {
          for (const output of task === 'classification' && NETWORK_LOSS_USES[id].feed === 'output'
            ? (['linear', 'sigmoid'] as const)
            : (['linear'] as const)) {
            for (const seed of [1, 2]) {
              const net = initMlp({ inputs: 2, hidden: [3, 4], outputs: 1, activation }, { seed, scale: 1.5 });
              // Biases off zero, so no ReLU unit is exactly at its kink for the whole batch.
              const rand = createRandom(100 + seed);
              for (let i = 0; i < net.params.length; i++) net.params[i] += rand.uniform(-0.3, 0.3);
              const { x, y, n } = batch(task, seed);
              const loss = new NetworkLoss(id, task, output);
              const { grad } = lossAndGrad(net, loss, x, y, n);
              const theta = net.params.slice();
              const f = (p: Float64Array): number => {
                const probe = { ...net, params: p };
                return lossAndGrad(probe, loss, x, y, n).value;
              };
              const r = gradCheck(f, theta, grad, { mode: 'elementwise' });
              assert.equal(
                r.verdict,
                'pass',
                `${activation}, ${task}, ${id}, output ${output}, seed ${seed}: worst ${JSON.stringify(r.worst)}`,
              );
              assert.ok(r.checked >= theta.length - r.kinks.length, `${id}: checked ${r.checked} of ${theta.length}`);
              checked++;
            }
          }
        }
      }
      assert.equal(
        checked,
        2 * (networkLossesFor('classification').length + 5 + networkLossesFor('regression').length),
      );
    });
  }

  it('takes one SGD step: θ ← θ − η∇θ', () => {
    const net = tiny();
    const before = net.params.slice();
    const g = Float64Array.from(before, (_, k) => k - 4);
    sgdStep(net, g, 0.1);
    before.forEach((p, k) => assert.equal(net.params[k], p - 0.1 * (k - 4)));
  });

  it('turns away shapes it cannot build and batches that do not fit, naming what is wrong', () => {
    assert.throws(
      () => emptyMlp({ inputs: 2, hidden: [0], outputs: 1, activation: 'tanh' }),
      /hidden\[0\] must be an integer in \[1, 64\], got 0/,
    );
    assert.throws(
      () => emptyMlp({ inputs: 2, hidden: [2.5], outputs: 1, activation: 'tanh' }),
      /hidden\[0\] must be an integer/,
    );
    assert.throws(
      () => emptyMlp({ inputs: 2, hidden: [4], outputs: 1, activation: 'softsign' as ActivationId }),
      /unknown activation "softsign"/,
    );
    assert.throws(
      () => initMlp({ inputs: 2, hidden: [4], outputs: 1, activation: 'tanh' }, { seed: 1, scale: 0 }),
      /initial weight scale must be a positive number/,
    );
    const net = tiny();
    assert.throws(
      () => forward(net, TINY_X, 3, new MlpWorkspace(net.sizes, 2)),
      /a batch of 3 rows does not fit a workspace of 2/,
    );
    assert.throws(() => forward(net, TINY_X, 2, new MlpWorkspace([2, 3, 1], 2)), /made for another network shape/);
    assert.throws(
      () => forward(net, TINY_X.subarray(0, 3), 2, new MlpWorkspace(net.sizes, 2)),
      /the input has 3 numbers, fewer than 2 rows of 2/,
    );
    assert.throws(() => sgdStep(net, new Float64Array(3), 0.1), /the gradient has 3 numbers but the network 9/);
  });
});

describe('engine: the catalog’s losses on a network’s one output', () => {
  it('agrees with the protocol’s table: the same losses, what each reads, which are for regression', () => {
    assert.deepEqual([...NETWORK_LOSS_IDS].sort(), [...NETWORK_LOSSES].sort());
    for (const id of NETWORK_LOSS_IDS) assert.equal(NETWORK_LOSS_USES[id].feed, NETWORK_LOSS_FEEDS[id], id);
    assert.deepEqual(networkLossesFor('regression'), [...NETWORK_REGRESSION_LOSSES]);
    assert.deepEqual(networkLossesFor('classification'), NETWORK_CLASSIFICATION_LOSSES);
  });

  it('reads z as each loss takes it: σ(z) for bce, ±1 labels for hinge, the logits [0, z] for cross-entropy (equal to bce_with_logits)', () => {
    const z = Float64Array.of(-2, 0.3, 1.7);
    const y = Float64Array.of(0, 1, 1);
    const dz = new Float64Array(3);
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    // bce on σ(z) is bce_with_logits on z, loss and gradient.
    const viaProbability = new NetworkLoss('bce', 'classification', 'linear').lossAndGrad(z, y, 3, dz);
    const dzP = dz.slice();
    const viaLogits = new NetworkLoss('bce_with_logits', 'classification', 'linear').lossAndGrad(z, y, 3, dz);
    near(viaProbability, viaLogits, 1e-14, 'bce on σ(z)');
    dz.forEach((g, k) => near(dzP[k], g, 1e-12, `∂/∂z[${k}]`));
    // ∂/∂z of mean BCE is (σ(z) − y)/n.
    dz.forEach((g, k) => near(g, (sig(z[k]) - y[k]) / 3, 1e-14, `σ(z) − y at ${k}`));
    // Hinge reads labels ±1: max(0, 1 − (2y − 1)z), mean.
    const hinge = new NetworkLoss('hinge', 'classification', 'linear').lossAndGrad(z, y, 3, dz);
    near(hinge, (Math.max(0, 1 - 2) + Math.max(0, 1 - 0.3) + Math.max(0, 1 - 1.7)) / 3, 1e-15, 'hinge');
    assert.deepEqual(
      [...dz].map((v) => v + 0),
      [0, -1 / 3, 0],
    );
    // MSE through a sigmoid: ∂/∂z = 2(σ − y)σ′(z)/n, the σ′ factor.
    near(
      new NetworkLoss('mse', 'classification', 'sigmoid').lossAndGrad(z, y, 3, dz),
      z.reduce((s, v, k) => s + (sig(v) - y[k]) ** 2, 0) / 3,
      1e-15,
      'mse of σ(z)',
    );
    dz.forEach((g, k) => near(g, (2 * (sig(z[k]) - y[k]) * sig(z[k]) * (1 - sig(z[k]))) / 3, 1e-14, `mse ∂/∂z[${k}]`));
    // A regression set keeps its output linear whatever the control says.
    const reg = new NetworkLoss('mse', 'regression', 'sigmoid');
    near(
      reg.lossAndGrad(z, Float64Array.of(1, 2, 3), 3, dz),
      ((-2 - 1) ** 2 + (0.3 - 2) ** 2 + (1.7 - 3) ** 2) / 3,
      1e-15,
      'mse of z',
    );
  });

  it('classes and shades a prediction by what the loss reads: 0.5 is the boundary', () => {
    const cases: [NetworkLossId, 'linear' | 'sigmoid', number, 0 | 1, number][] = [
      ['bce', 'linear', 0, 0, 0.5],
      ['bce_with_logits', 'linear', 2, 1, 1 / (1 + Math.exp(-2))],
      ['mse', 'linear', 0.7, 1, 0.7],
      ['mse', 'linear', 0.3, 0, 0.3],
      ['mse', 'sigmoid', 0.3, 1, 1 / (1 + Math.exp(-0.3))],
      ['hinge', 'linear', -0.5, 0, 0.25],
      ['hinge', 'linear', 3, 1, 1],
      ['multi_margin', 'linear', 0.2, 1, 0.6],
    ];
    for (const [id, output, z, cls, shade] of cases) {
      const l = new NetworkLoss(id, 'classification', output);
      assert.equal(l.classOf(z), cls, `${id}/${output} class of ${z}`);
      near(l.shadeOf(z), shade, 1e-15, `${id}/${output} shade of ${z}`);
      assert.equal(l.shadeOf(z) > 0.5, cls === 1, `${id}: shade and class agree at ${z}`);
    }
  });

  it('turns away a loss that does not fit the task, or is no network loss, with the losses that fit', () => {
    assert.throws(
      () => new NetworkLoss('bce', 'regression', 'linear'),
      (e: Error) =>
        e instanceof LossError &&
        /bce is not a regression loss \(for regression: mse, l1, smooth_l1, huber, log_cosh, quantile\)/.test(
          e.message,
        ),
    );
    assert.throws(
      () => new NetworkLoss('quantile', 'classification', 'linear'),
      /quantile is not a classification loss/,
    );
    assert.throws(
      () => new NetworkLoss('zero_one' as NetworkLossId, 'classification', 'linear'),
      /"zero_one" is not a loss a network trains with here/,
    );
    assert.throws(
      () => new NetworkLoss('mse', 'classification', 'tanh' as 'linear'),
      /output unit must be 'linear' or 'sigmoid'/,
    );
  });
});

describe('engine: 2-D data sets', () => {
  it('are reproducible from their seed, balanced, and where their shape says', () => {
    for (const id of [...NETWORK_CLASSIFICATION_SETS, ...NETWORK_REGRESSION_SETS] as Dataset2dId[]) {
      const a = makeDataset2d({ id, n: 400, noise: 0, seed: 7 });
      const b = makeDataset2d({ id, n: 400, noise: 0, seed: 7 });
      assert.deepEqual(a, b, `${id} twice from seed 7`);
      assert.notDeepEqual(makeDataset2d({ id, n: 400, noise: 0, seed: 8 }).x, a.x, `${id}: another seed, other points`);
      for (let i = 0; i < a.n; i++) {
        const [x1, x2, y] = [a.x[2 * i], a.x[2 * i + 1], a.y[i]];
        if (a.task === 'regression') {
          assert.ok(Math.abs(x1) <= 1 && Math.abs(x2) <= 1, `${id} point ${i} in the square`);
          assert.equal(y, regressionTarget(id as 'plane', x1, x2), `${id}: noise 0 is the clean function`);
          continue;
        }
        assert.equal(y, i % 2, `${id}: classes take turns`);
        const r = Math.hypot(x1, x2);
        if (id === 'circles')
          assert.ok(y === 1 ? r <= 0.45 : r >= 0.65 && r <= 0.95, `circles point ${i}: r ${r}, class ${y}`);
        if (id === 'xor') assert.equal(x1 * x2 > 0 ? 1 : 0, y, `xor point ${i}`);
        if (id === 'spiral') assert.ok(r <= 0.95, `spiral point ${i}`);
      }
    }
  });

  it('noise moves points (classification) and targets (regression), by its standard deviation', () => {
    const clean = makeDataset2d({ id: 'circles', n: 4000, noise: 0, seed: 3 });
    const noisy = makeDataset2d({ id: 'circles', n: 4000, noise: 1, seed: 3 });
    assert.deepEqual(clean.y, noisy.y, 'labels are the clean points’');
    const reg = makeDataset2d({ id: 'saddle', n: 4000, noise: 0.5, seed: 3 });
    let s2 = 0;
    for (let i = 0; i < reg.n; i++) s2 += (reg.y[i] - regressionTarget('saddle', reg.x[2 * i], reg.x[2 * i + 1])) ** 2;
    near(Math.sqrt(s2 / reg.n), 0.15, 0.08, 'residual standard deviation 0.3·noise');
  });

  it('turns away what it cannot make', () => {
    assert.throws(
      () => makeDataset2d({ id: 'moons' as Dataset2dId, n: 10, noise: 0, seed: 1 }),
      /unknown data set "moons"/,
    );
    assert.throws(
      () => makeDataset2d({ id: 'xor', n: 1, noise: 0, seed: 1 }),
      /n must be an integer in \[2, 10000\], got 1/,
    );
    assert.throws(() => makeDataset2d({ id: 'xor', n: 10, noise: 2, seed: 1 }), /noise must be in \[0, 1\], got 2/);
    assert.throws(() => makeDataset2d({ id: 'xor', n: 10, noise: 0, seed: -1 }), /seed must be an integer/);
  });
});

const spec = (o: Partial<NetworkSpec> & { id?: Dataset2dId } = {}): NetworkSpec => ({
  data: makeDataset2d({ id: o.id ?? 'xor', n: 60, noise: 0.1, seed: 1 }),
  hidden: [4, 3],
  activation: 'tanh',
  output: 'sigmoid',
  initScale: 1,
  initSeed: 5,
  losses: ['bce'],
  eta: 0.1,
  batch: 8,
  ...o,
});

describe('engine: training a network', () => {
  it('is reproducible: the same seed gives the same weights, before and after training', () => {
    const shape = { inputs: 2, hidden: [8, 8], outputs: 1, activation: 'relu' as const };
    assert.deepEqual(initMlp(shape, { seed: 11 }).params, initMlp(shape, { seed: 11 }).params);
    assert.notDeepEqual(initMlp(shape, { seed: 12 }).params, initMlp(shape, { seed: 11 }).params);
    const a = new NetworkTraining(spec());
    const b = new NetworkTraining(spec());
    for (let e = 0; e < 15; e++) [a, b].forEach((t) => t.trainEpoch());
    assert.deepEqual(a.runs[0].net.params, b.runs[0].net.params);
    assert.deepEqual(a.runs[0].losses, b.runs[0].losses);
    assert.notDeepEqual(new NetworkTraining(spec({ initSeed: 6 })).runs[0].net.params, a.runs[0].net.params);
  });

  it('initialises by Glorot (tanh, sigmoid) and He (into ReLU) within their limits, biases zero, scaled on request', () => {
    for (const activation of ['tanh', 'relu'] as const) {
      const net = initMlp({ inputs: 2, hidden: [8, 8], outputs: 1, activation }, { seed: 1, scale: 2 });
      const limits =
        activation === 'relu'
          ? [Math.sqrt(6 / 2), Math.sqrt(6 / 8), Math.sqrt(6 / 9)]
          : [Math.sqrt(6 / 10), Math.sqrt(6 / 16), Math.sqrt(6 / 9)];
      const sizes = [2, 8, 8, 1];
      for (let l = 0; l < 3; l++) {
        const w0 = net.weightAt[l];
        const nW = sizes[l] * sizes[l + 1];
        const w = net.params.subarray(w0, w0 + nW);
        assert.ok(
          w.every((v) => Math.abs(v) <= 2 * limits[l]),
          `${activation} layer ${l + 1} within ±2·${limits[l]}`,
        );
        assert.ok(Math.max(...w.map(Math.abs)) > limits[l], `${activation} layer ${l + 1} uses its range`);
        assert.ok(
          net.params.subarray(w0 + nW, w0 + nW + sizes[l + 1]).every((b) => b === 0),
          'biases start at zero',
        );
      }
    }
  });

  it('two losses start from the same weights and see the same minibatches', () => {
    const both = new NetworkTraining(spec({ losses: ['mse', 'bce'] }));
    assert.deepEqual(both.runs[0].net.params, both.runs[1].net.params);
    const alone = new NetworkTraining(spec({ losses: ['bce'] }));
    for (let e = 0; e < 10; e++) [both, alone].forEach((t) => t.trainEpoch());
    // Training beside another loss changes nothing for a run: same batches, same order.
    assert.deepEqual(both.runs[1].net.params, alone.runs[0].net.params);
    assert.deepEqual(both.runs[1].losses, alone.runs[0].losses);
  });

  it('resumes from a snapshot exactly as if it had never stopped (a pause, a step back)', () => {
    const t = new NetworkTraining(spec({ losses: ['hinge', 'cross_entropy'], batch: 5 }));
    for (let e = 0; e < 7; e++) t.trainEpoch();
    const at7 = t.snapshot();
    for (let e = 0; e < 5; e++) t.trainEpoch();
    const ahead = { params: t.runs.map((r) => r.net.params.slice()), losses: t.runs.map((r) => [...r.losses]) };
    t.restore(at7);
    assert.equal(t.epoch, 7);
    assert.equal(t.runs[0].losses.length, 8);
    for (let e = 0; e < 5; e++) t.trainEpoch();
    t.runs.forEach((r, k) => {
      assert.deepEqual(r.net.params, ahead.params[k]);
      assert.deepEqual(r.losses, ahead.losses[k]);
    });
    assert.throws(() => new NetworkTraining(spec()).restore(t.snapshot()), /not of this training, or is ahead of it/);
  });

  it('counts SGD steps: ⌈n / batch⌉ per epoch, one full-batch step when the batch is the whole set', () => {
    const t = new NetworkTraining(spec({ batch: 8 }));
    t.trainEpoch();
    t.trainEpoch();
    assert.equal(t.steps, 2 * Math.ceil(60 / 8));
    const full = new NetworkTraining(spec({ batch: 1000 }));
    full.trainEpoch();
    assert.equal(full.steps, 1);
    assert.equal(full.batch, 60);
  });

  it('full-batch gradient descent lowers the loss of a small enough step (every loss, both tasks)', () => {
    for (const task of ['classification', 'regression'] as const) {
      for (const id of networkLossesFor(task)) {
        const t = new NetworkTraining(
          spec({
            id: task === 'classification' ? 'gaussians' : 'plane',
            losses: [id],
            batch: 1000,
            eta: 0.01,
            output: 'linear',
          }),
        );
        for (let e = 0; e < 20; e++) t.trainEpoch();
        const [first, last] = [t.runs[0].losses[0], t.runs[0].losses[20]];
        assert.ok(last < first, `${task} ${id}: loss ${first} → ${last} after 20 full-batch steps`);
      }
    }
  });

  it('measures accuracy for classification and R² for regression, as written out by hand', () => {
    const t = new NetworkTraining(spec({ losses: ['bce_with_logits'] }));
    const z = predict(t.runs[0].net, t.spec.data.x, t.spec.data.n);
    let right = 0;
    for (let i = 0; i < z.length; i++) if ((z[i] > 0 ? 1 : 0) === t.spec.data.y[i]) right++;
    assert.equal(t.runs[0].metrics[0], right / z.length);
    // R² = 1 − SSE/SST: predicting the mean gives 0, a perfect fit 1.
    const y = Float64Array.of(1, 2, 3, 6);
    assert.equal(rSquared(Float64Array.of(3, 3, 3, 3), y, 4), 0);
    assert.equal(rSquared(y, y, 4), 1);
    near(rSquared(Float64Array.of(1, 2, 3, 5), y, 4), 1 - 1 / 14, 1e-15, 'R² by hand');
  });

  it('stops a run whose weights overflow (too large a learning rate) and says in which epoch', () => {
    const t = new NetworkTraining(
      spec({
        id: 'plane',
        losses: ['mse', 'l1'],
        eta: 10,
        batch: 1,
        initScale: 10,
        hidden: [8, 8, 8],
        activation: 'relu',
      }),
    );
    for (let e = 0; e < 30; e++) t.trainEpoch();
    const [mse, l1] = t.runs;
    assert.ok(mse.diverged !== null && mse.diverged <= 30, `mse diverged: ${mse.diverged}`);
    assert.ok(Number.isNaN(mse.losses[30]), 'no number for a diverged run');
    assert.equal(l1.diverged, null, 'L1’s steps are bounded by η: it does not overflow');
    assert.ok(t.grid(4, 1)[0].every(Number.isNaN));
  });

  it('turns away a training it cannot run', () => {
    assert.throws(() => new NetworkTraining(spec({ losses: [] })), /one loss or two, got 0/);
    assert.throws(() => new NetworkTraining(spec({ losses: ['mse', 'bce', 'hinge'] })), /one loss or two, got 3/);
    assert.throws(() => new NetworkTraining(spec({ eta: 0 })), /learning rate must be a positive number, got 0/);
    assert.throws(() => new NetworkTraining(spec({ batch: 0 })), /batch size must be a positive integer, got 0/);
    assert.throws(() => new NetworkTraining(spec({ initSeed: 2 ** 31 })), /seed must be an integer in \[0, 2\^31\)/);
    assert.throws(
      () => new NetworkTraining(spec({ id: 'plane', losses: ['hinge'] })),
      /hinge is not a regression loss/,
    );
  });

  it('maps its prediction over the plane: the shade of the output at each grid point, row 0 at the bottom', () => {
    const t = new NetworkTraining(spec({ losses: ['bce_with_logits'] }));
    const [map] = t.grid(3, 1);
    // Cell (r, c) is the point (−1 + c, −1 + r).
    const z = predict(t.runs[0].net, Float64Array.of(1, -1, -1, 1), 2);
    near(map[0 * 3 + 2], 1 / (1 + Math.exp(-z[0])), 1e-15, 'bottom right');
    near(map[2 * 3 + 0], 1 / (1 + Math.exp(-z[1])), 1e-15, 'top left');
  });
});

describe('engine: the seeds’ lesson at the scale of a network', () => {
  const preset = (losses: NetworkLossId[]): NetworkSpec => ({
    data: makeDataset2d({
      id: NETWORK_PRESET.dataset,
      n: NETWORK_PRESET.n,
      noise: NETWORK_PRESET.noise,
      seed: NETWORK_PRESET.dataSeed,
    }),
    hidden: NETWORK_PRESET.hidden,
    activation: NETWORK_PRESET.activation,
    output: NETWORK_PRESET.output,
    initScale: NETWORK_PRESET.initScale,
    initSeed: NETWORK_PRESET.initSeed,
    losses,
    eta: NETWORK_PRESET.eta,
    batch: NETWORK_PRESET.batch,
  });

  it('the page’s preset: through a sigmoid output, MSE stalls at 59.5% while cross-entropy reaches 100% within 50 epochs', () => {
    const t = new NetworkTraining(preset([NETWORK_PRESET.loss, NETWORK_PRESET.lossB]));
    for (let e = 0; e < 300; e++) t.trainEpoch();
    const [mse, ce] = t.runs;
    assert.equal(ce.metrics[50], 1, `cross-entropy accuracy at epoch 50: ${ce.metrics[50]}`);
    assert.equal(mse.metrics[300], 0.595, `MSE accuracy at epoch 300: ${mse.metrics[300]}`);
    // A stall, not a slow descent: from epoch 50 to 300 the MSE loss moves by less than 1%.
    assert.ok(
      (mse.losses[50] - mse.losses[300]) / mse.losses[50] < 0.01,
      `MSE loss ${mse.losses[50]} → ${mse.losses[300]}`,
    );
    // Measured on a common scale too: the squared error of σ(z), which MSE itself minimises.
    const sq = (run: (typeof t.runs)[number]): number => {
      const z = predict(run.net, t.spec.data.x, t.spec.data.n);
      return z.reduce((s, v, i) => s + (1 / (1 + Math.exp(-v)) - t.spec.data.y[i]) ** 2, 0) / z.length;
    };
    assert.ok(sq(ce) < sq(mse) / 10, `squared error of σ(z): cross-entropy ${sq(ce)}, MSE ${sq(mse)}`);
  });

  it('why: at the saturated points MSE’s gradient in z carries σ′(z) ≈ 0, cross-entropy’s is σ(z) − y', () => {
    const t = new NetworkTraining(preset(['mse', 'bce']));
    for (let e = 0; e < 300; e++) t.trainEpoch();
    const { x, y, n } = t.spec.data;
    const z = predict(t.runs[0].net, x, n);
    const dz = new Float64Array(n);
    const mse = new NetworkLoss('mse', 'classification', 'sigmoid');
    const bce = new NetworkLoss('bce', 'classification', 'sigmoid');
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      if (mse.classOf(z[i]) === y[i]) continue;
      wrong++;
      mse.lossAndGrad(z.subarray(i, i + 1), y.subarray(i, i + 1), 1, dz);
      const dMse = Math.abs(dz[0]);
      bce.lossAndGrad(z.subarray(i, i + 1), y.subarray(i, i + 1), 1, dz);
      const dCe = Math.abs(dz[0]);
      // Confidently wrong (|σ(z) − y| near 1): cross-entropy pulls at full strength, MSE hardly at all.
      assert.ok(dCe > 0.9 && dMse < 0.01 * dCe, `point ${i}: z ${z[i]}, |∂MSE/∂z| ${dMse}, |∂CE/∂z| ${dCe}`);
    }
    assert.equal(wrong, 81, 'MSE’s wrong points after 300 epochs');
  });

  it('over 20 weight seeds, cross-entropy is ahead of MSE after 100 epochs, and further ahead when the start is saturated (scale 8) than not (scale 1)', () => {
    const gap = (initScale: number): { mean: number; ahead: number; worst: number } => {
      let sum = 0;
      let ahead = 0;
      let worst = Infinity;
      for (let seed = 0; seed < 20; seed++) {
        const t = new NetworkTraining({ ...preset(['mse', 'bce']), initScale, initSeed: seed });
        for (let e = 0; e < 100; e++) t.trainEpoch();
        const [mse, ce] = t.runs.map((r) => r.metrics[100]);
        sum += ce - mse;
        if (ce > mse) ahead++;
        worst = Math.min(worst, ce - mse);
      }
      return { mean: sum / 20, ahead, worst };
    };
    const saturated = gap(NETWORK_PRESET.initScale);
    const plain = gap(1);
    // Measured: mean accuracy 0.84 (MSE) against 0.98 (cross-entropy) at scale 8, 0.96 against 0.99 at scale 1.
    assert.ok(
      saturated.ahead >= 15 && saturated.worst >= -0.02,
      `scale 8: cross-entropy ahead in ${saturated.ahead} of 20 seeds, worst gap ${saturated.worst}`,
    );
    assert.ok(saturated.mean >= 0.1, `scale 8: mean accuracy gap ${saturated.mean}`);
    assert.ok(
      plain.mean >= 0 && plain.mean < saturated.mean - 0.05,
      `the gap grows with saturation: ${plain.mean} at scale 1, ${saturated.mean} at scale 8`,
    );
  });
});
