/**
 * The network scene's training (design budget: a 2-8-8-1 MLP on 500 points trains at ≥ 60 steps/s,
 * i.e. one step ≤ 16.7 ms). A step here is the heaviest the scene takes: one full-batch SGD step
 * over all 500 points (forward, the catalog's loss and gradient, backward, update), as
 * src/engine/networkTraining.ts runs it. Against, in the same run: the same step hand-written for
 * this one shape (fused loops, fixed sizes, tanh′ as 1 − h²), and @tensorflow/tfjs-core's CPU
 * backend (float32) with an SGD optimizer. Then what the scene does per epoch (batch 10: 50 steps,
 * then the loss and accuracy over the data set), for one loss and two, and what one picture costs
 * (the 48×48 map of each run, the curves, as JSON). Steps per second = 1000 / the median in ms.
 */
import type * as TF from '@tensorflow/tfjs-core';
import {
  backward,
  forward,
  initMlp,
  makeDataset2d,
  MlpWorkspace,
  NetworkLoss,
  NetworkTraining,
  sgdStep,
  type Mlp,
} from '../src/engine';
import { networkStage } from '../src/playground/scenes/network';
import type { NetworkInput } from '../src/protocol';
import type { BenchGroup, Task, Variant } from './harness';
import { loadTfjs } from './tfjs';

const N = 500;
const ETA = 0.1;
const data = makeDataset2d({ id: 'spiral', n: N, noise: 0.1, seed: 1 });
const shape = { inputs: 2, hidden: [8, 8], outputs: 1, activation: 'tanh' as const };

/** The engine's step, as NetworkTraining takes it, over the whole data set. */
function engineStep(): { run: () => void; net: Mlp; grad: Float64Array } {
  const net = initMlp(shape, { seed: 1 });
  const loss = new NetworkLoss('bce_with_logits', 'classification', 'linear');
  const ws = new MlpWorkspace(net.sizes, N);
  const dz = new Float64Array(N);
  const grad = new Float64Array(net.params.length);
  return {
    net,
    grad,
    run: () => {
      const z = forward(net, data.x, N, ws);
      loss.lossAndGrad(z, data.y, N, dz);
      backward(net, data.x, N, ws, dz, grad);
      sgdStep(net, grad, ETA);
    },
  };
}

/**
 * The same step written out for 2-8-8-1 and bce_with_logits, the loop one would write by hand: no
 * layers, no loss table, no checks. Parameters in the engine's layout (W1, b1, W2, b2, W3, b3).
 */
function plainStep(): { run: () => void; params: Float64Array; grad: Float64Array } {
  const params = initMlp(shape, { seed: 1 }).params;
  const grad = new Float64Array(params.length);
  const [W1, B1, W2, B2, W3, B3] = [0, 16, 24, 88, 96, 104];
  const h1 = new Float64Array(8);
  const h2 = new Float64Array(8);
  const g1 = new Float64Array(8);
  const g2 = new Float64Array(8);
  return {
    params,
    grad,
    run: () => {
      grad.fill(0);
      const x = data.x;
      const y = data.y;
      for (let i = 0; i < N; i++) {
        const a = x[2 * i];
        const b = x[2 * i + 1];
        for (let j = 0; j < 8; j++)
          h1[j] = Math.tanh(params[W1 + 2 * j] * a + params[W1 + 2 * j + 1] * b + params[B1 + j]);
        for (let j = 0; j < 8; j++) {
          let s = params[B2 + j];
          for (let k = 0; k < 8; k++) s += params[W2 + 8 * j + k] * h1[k];
          h2[j] = Math.tanh(s);
        }
        let z = params[B3];
        for (let k = 0; k < 8; k++) z += params[W3 + k] * h2[k];
        // ∂/∂z of mean bce_with_logits: (σ(z) − y)/N.
        const dz = (1 / (1 + Math.exp(-z)) - y[i]) / N;
        grad[B3] += dz;
        for (let k = 0; k < 8; k++) {
          grad[W3 + k] += dz * h2[k];
          g2[k] = dz * params[W3 + k] * (1 - h2[k] * h2[k]);
        }
        for (let j = 0; j < 8; j++) {
          grad[B2 + j] += g2[j];
          for (let k = 0; k < 8; k++) grad[W2 + 8 * j + k] += g2[j] * h1[k];
        }
        for (let k = 0; k < 8; k++) {
          let s = 0;
          for (let j = 0; j < 8; j++) s += g2[j] * params[W2 + 8 * j + k];
          g1[k] = s * (1 - h1[k] * h1[k]);
        }
        for (let j = 0; j < 8; j++) {
          grad[B1 + j] += g1[j];
          grad[W1 + 2 * j] += g1[j] * a;
          grad[W1 + 2 * j + 1] += g1[j] * b;
        }
      }
      for (let k = 0; k < params.length; k++) params[k] -= ETA * grad[k];
    },
  };
}

/** The same step in tfjs: variables from the same initial weights, sigmoid cross-entropy, tf.train.sgd. */
function tfjsStep(tf: typeof TF): { run: () => void; dispose: () => void } {
  const p = initMlp(shape, { seed: 1 }).params;
  // tfjs multiplies x·W with W (in × out): the engine's W (out × in) transposed.
  const w = (at: number, out: number, inn: number) =>
    tf.variable(
      tf.tensor2d(
        Array.from({ length: out * inn }, (_, k) => p[at + (k % out) * inn + Math.floor(k / out)]),
        [inn, out],
      ),
    );
  const bias = (at: number, n: number) => tf.variable(tf.tensor1d(Array.from(p.subarray(at, at + n))));
  const vars = [w(0, 8, 2), bias(16, 8), w(24, 8, 8), bias(88, 8), w(96, 1, 8), bias(104, 1)];
  const [w1, b1, w2, b2, w3, b3] = vars;
  const X = tf.tensor2d(Float32Array.from(data.x), [N, 2]);
  const Y = tf.tensor2d(Float32Array.from(data.y), [N, 1]);
  const opt = tf.train.sgd(ETA);
  return {
    run: () =>
      tf.tidy(() => {
        opt.minimize(() => {
          const h1 = tf.tanh(tf.add(tf.matMul(X, w1), b1));
          const h2 = tf.tanh(tf.add(tf.matMul(h1, w2), b2));
          return tf.losses.sigmoidCrossEntropy<TF.Tensor, TF.Scalar>(Y, tf.add(tf.matMul(h2, w3), b3));
        });
      }),
    dispose: () => {
      tf.dispose([...vars, X, Y]);
      opt.dispose();
    },
  };
}

async function stepTask(): Promise<Task> {
  const tf = await loadTfjs();
  const engine = engineStep();
  const plain = plainStep();
  const tfCase = tf ? tfjsStep(tf) : null;
  const variants: Variant[] = [
    { name: 'engine', run: engine.run },
    { name: 'plain', run: plain.run },
  ];
  if (tfCase) variants.push({ name: 'tfjs', run: tfCase.run });
  return {
    name: `2-8-8-1 tanh, ${N} points: one full-batch SGD step (bce_with_logits)`,
    variants,
    ratios: [
      ['engine', 'plain'],
      ['engine', 'tfjs'],
    ],
    budgets: [{ kind: 'time', subject: 'engine', stat: 'p95', maxMs: 16.7 }],
    verify: () => {
      // Both start from the same weights: after one step their gradients and weights agree.
      const e = engineStep();
      const q = plainStep();
      e.run();
      q.run();
      let worst = 0;
      for (let k = 0; k < q.grad.length; k++)
        worst = Math.max(worst, Math.abs(e.grad[k] - q.grad[k]) / Math.max(1e-12, Math.abs(q.grad[k])));
      if (worst > 1e-9)
        throw new Error(`the hand-written step's gradient differs from the engine's by ${worst} (relative)`);
      return `engine and hand-written gradients agree to ${worst.toExponential(0)} (relative)`;
    },
    dispose: () => tfCase?.dispose(),
  };
}

const scene = (losses: ('bce' | 'mse')[]): NetworkTraining =>
  new NetworkTraining({
    data,
    hidden: [8, 8],
    activation: 'tanh',
    output: 'sigmoid',
    initScale: 1,
    initSeed: 1,
    losses,
    eta: ETA,
    batch: 10,
  });

const group: BenchGroup = {
  name: 'network',
  title: 'Network scene: training steps (budget: 2-8-8-1 on 500 points, ≥ 60 steps/s, so a step ≤ 16.7 ms)',
  notes: [
    'steps per second = 1000 / median ms. engine: src/engine (mlp.ts, networkLoss.ts); plain: the same step hand-written for this shape; tfjs: tfjs-core CPU backend, float32.',
    'epoch rows: what the scene runs per epoch (batch 10, so 50 SGD steps per loss, then loss and accuracy over the 500 points); picture: one stage the page draws (two maps, 32×32 while playing, 48×48 paused; curves; points) as JSON.',
  ],
  *tasks() {
    yield stepTask;
    yield () => {
      const one = scene(['bce']);
      const two = scene(['mse', 'bce']);
      return {
        name: `scene epoch: ${N} points, batch 10 (50 steps per loss)`,
        variants: [
          { name: 'one loss', run: () => one.trainEpoch() },
          { name: 'two losses', run: () => two.trainEpoch() },
        ],
        ratios: [['two losses', 'one loss']],
      };
    };
    yield () => {
      const t = scene(['mse', 'bce']);
      for (let e = 0; e < 200; e++) t.trainEpoch();
      const input: NetworkInput = {
        dataset: 'spiral',
        n: N,
        noise: 0.1,
        dataSeed: 1,
        hidden: [8, 8],
        activation: 'tanh',
        output: 'sigmoid',
        initScale: 1,
        initSeed: 1,
        loss: 'mse',
        lossB: 'bce',
        eta: ETA,
        batch: 10,
        epochs: 200,
        pace: 0,
        resolution: 48,
      };
      const picture = (resolution: number) => () =>
        JSON.stringify(networkStage({ ...input, resolution }, { training: t, snapshots: [], stepsPerSecond: 0 }));
      return {
        name: 'one picture: two maps, curves of 200 epochs, 500 points, as JSON',
        variants: [
          { name: 'playing (32×32)', run: picture(32) },
          { name: 'paused (48×48)', run: picture(48) },
        ],
      };
    };
  },
};

export default group;
