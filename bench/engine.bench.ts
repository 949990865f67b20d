/**
 * The engine's loss + gradient over ~1M elements against (a) the loop a user would write by hand
 * over Float64Array, allocating its gradient as the engine does, and (b) @tensorflow/tfjs-core's
 * CPU backend (float32) with tf.valueAndGrad. Budget (design): engine ≤ 1.25× the plain loop.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { evaluate, type EvaluateRequest, type Tensor } from '../src/engine';
import type { BenchGroup, Task, Variant } from './harness';
import { loadTfjs } from './tfjs';

const N = 1_000_000;
const ROWS = 100_000;
const CLASSES = 10;

type Result = { loss: number; grad: Float64Array };

/** One benchmarked loss: the engine request, the same loss and gradient by hand, and in tfjs. */
type Case = {
  name: string;
  request: EvaluateRequest & { input: Tensor; target: Tensor };
  plain: () => Result;
  /** Returns the tfjs loss and gradient as arrays; null when tfjs has no counterpart. */
  tfjs: ((tf: typeof TF) => { run: () => { loss: number; grad: Float32Array }; dispose: () => void }) | null;
};

// ---- inputs: seeded, so every run measures the same numbers ----

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randn(n: number, seed: number, scale = 1): Float64Array {
  const u = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    // Box–Muller, with u1 in (0, 1]
    const r = Math.sqrt(-2 * Math.log(1 - u())) * scale;
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

function binary(n: number, seed: number): Float64Array {
  const u = rng(seed);
  return Float64Array.from({ length: n }, () => (u() < 0.5 ? 0 : 1));
}

function labels(rows: number, classes: number, seed: number): Float64Array {
  const u = rng(seed);
  return Float64Array.from({ length: rows }, () => Math.floor(u() * classes));
}

/** Rows of probabilities (softmax of normals: all > 0), and their logs. */
function probabilityRows(rows: number, classes: number, seed: number): { p: Float64Array; logp: Float64Array } {
  const z = randn(rows * classes, seed);
  const p = new Float64Array(z.length);
  const logp = new Float64Array(z.length);
  for (let i = 0; i < rows; i++) {
    const o = i * classes;
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, z[o + j]);
    let s = 0;
    for (let j = 0; j < classes; j++) s += Math.exp(z[o + j] - max);
    for (let j = 0; j < classes; j++) {
      logp[o + j] = z[o + j] - max - Math.log(s);
      p[o + j] = Math.exp(logp[o + j]);
    }
  }
  return { p, logp };
}

const tensor = (data: Float64Array, shape: number[] = [data.length]): Tensor => ({ shape, data });
const f32 = (d: Float64Array): Float32Array => Float32Array.from(d);

// ---- the plain loops: what a user writes for one loss, mean reduction, no validation ----

function plainMse(a: Float64Array, y: Float64Array): Result {
  const n = a.length;
  const g = new Float64Array(n);
  const k = 2 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = a[i] - y[i];
    s += e * e;
    g[i] = k * e;
  }
  return { loss: s / n, grad: g };
}

function plainL1(a: Float64Array, y: Float64Array): Result {
  const n = a.length;
  const g = new Float64Array(n);
  const k = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = a[i] - y[i];
    s += Math.abs(e);
    g[i] = e > 0 ? k : e < 0 ? -k : 0;
  }
  return { loss: s / n, grad: g };
}

function plainHuber(a: Float64Array, y: Float64Array, delta: number): Result {
  const n = a.length;
  const g = new Float64Array(n);
  const k = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = a[i] - y[i];
    const m = Math.abs(e);
    if (m < delta) {
      s += 0.5 * e * e;
      g[i] = k * e;
    } else {
      s += delta * (m - 0.5 * delta);
      g[i] = e > 0 ? k * delta : -k * delta;
    }
  }
  return { loss: s / n, grad: g };
}

/** Stable: ℓ = max(z, 0) − z·y + log1p(e^(−|z|)), ∂ℓ/∂z = σ(z) − y, one exp shared by both. */
function plainBceWithLogits(z: Float64Array, y: Float64Array): Result {
  const n = z.length;
  const g = new Float64Array(n);
  const k = 1 / n;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    const e = Math.exp(-Math.abs(zi));
    s += Math.max(zi, 0) - zi * y[i] + Math.log1p(e);
    const sig = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    g[i] = k * (sig - y[i]);
  }
  return { loss: s / n, grad: g };
}

/** Softmax cross-entropy with class indices: log-sum-exp with the max subtracted, one exp per element. */
function plainCrossEntropy(x: Float64Array, t: Float64Array, rows: number, c: number): Result {
  const g = new Float64Array(x.length);
  const k = 1 / rows;
  let s = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < c; j++) {
      const e = Math.exp(x[o + j] - max);
      g[o + j] = e;
      sum += e;
    }
    const ti = t[i];
    s += max + Math.log(sum) - x[o + ti];
    const inv = k / sum;
    for (let j = 0; j < c; j++) g[o + j] *= inv;
    g[o + ti] -= k;
  }
  return { loss: s / rows, grad: g };
}

/** KL(p‖q) with log q as input, batchmean: Σ p·(log p − log q) / N, ∂/∂log q = −p/N. */
function plainKlDiv(x: Float64Array, p: Float64Array, rows: number): Result {
  const g = new Float64Array(x.length);
  const k = 1 / rows;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const pi = p[i];
    s += (pi > 0 ? pi * Math.log(pi) : 0) - pi * x[i];
    g[i] = -k * pi;
  }
  return { loss: s / rows, grad: g };
}

// ---- tfjs: the same losses with tf.valueAndGrad, read back to arrays like the engine's result ----

function tfjsCase(
  input: Float64Array,
  shape: number[],
  consts: Float64Array[],
  loss: (tf: typeof TF, x: TF.Tensor, c: TF.Tensor[]) => TF.Scalar,
) {
  return (tf: typeof TF) => {
    const x = tf.tensor(f32(input), shape);
    const c = consts.map((d) => tf.tensor(f32(d), d.length === input.length ? shape : [d.length]));
    const valueAndGrad = tf.valueAndGrad((v: TF.Tensor) => loss(tf, v, c));
    return {
      run: () =>
        tf.tidy(() => {
          const { value, grad } = valueAndGrad(x);
          return { loss: value.dataSync()[0], grad: grad.dataSync() as Float32Array };
        }),
      dispose: () => tf.dispose([x, ...c]),
    };
  };
}

function oneHot(t: Float64Array, c: number): Float64Array {
  const out = new Float64Array(t.length * c);
  for (let i = 0; i < t.length; i++) out[i * c + t[i]] = 1;
  return out;
}

export function* cases(): Generator<() => Case> {
  yield () => {
    const a = randn(N, 1);
    const y = randn(N, 2);
    return {
      name: 'mse (1M)',
      request: { loss: 'mse', input: tensor(a), target: tensor(y) },
      plain: () => plainMse(a, y),
      tfjs: tfjsCase(a, [N], [y], (tf, x, [yt]) => tf.losses.meanSquaredError(yt, x)),
    };
  };
  yield () => {
    const a = randn(N, 3);
    const y = randn(N, 4);
    return {
      name: 'l1 (1M)',
      request: { loss: 'l1', input: tensor(a), target: tensor(y) },
      plain: () => plainL1(a, y),
      tfjs: tfjsCase(a, [N], [y], (tf, x, [yt]) => tf.losses.absoluteDifference(yt, x)),
    };
  };
  yield () => {
    const a = randn(N, 5, 1.5); // residuals on both sides of δ = 1
    const y = randn(N, 6);
    return {
      name: 'huber δ=1 (1M)',
      request: { loss: 'huber', input: tensor(a), target: tensor(y), params: { delta: 1 } },
      plain: () => plainHuber(a, y, 1),
      tfjs: tfjsCase(a, [N], [y], (tf, x, [yt]) => tf.losses.huberLoss(yt, x, undefined, 1)),
    };
  };
  yield () => {
    const z = randn(N, 7, 3);
    const y = binary(N, 8);
    return {
      name: 'bce_with_logits (1M)',
      request: { loss: 'bce_with_logits', input: tensor(z), target: tensor(y) },
      plain: () => plainBceWithLogits(z, y),
      tfjs: tfjsCase(z, [N], [y], (tf, x, [yt]) => tf.losses.sigmoidCrossEntropy(yt, x)),
    };
  };
  yield () => {
    const x = randn(ROWS * CLASSES, 9, 2);
    const t = labels(ROWS, CLASSES, 10);
    return {
      name: `cross_entropy (${ROWS / 1000}k×${CLASSES})`,
      request: { loss: 'cross_entropy', input: tensor(x, [ROWS, CLASSES]), target: tensor(t) },
      plain: () => plainCrossEntropy(x, t, ROWS, CLASSES),
      tfjs: tfjsCase(x, [ROWS, CLASSES], [oneHot(t, CLASSES)], (tf, v, [onehot]) =>
        tf.losses.softmaxCrossEntropy(onehot, v),
      ),
    };
  };
  yield () => {
    const q = probabilityRows(ROWS, CLASSES, 11).logp;
    const p = probabilityRows(ROWS, CLASSES, 12).p;
    return {
      name: `kl_div batchmean (${ROWS / 1000}k×${CLASSES})`,
      request: { loss: 'kl_div', input: tensor(q, [ROWS, CLASSES]), target: tensor(p, [ROWS, CLASSES]) },
      plain: () => plainKlDiv(q, p, ROWS),
      // tfjs has no KL loss with log-q input: Σ p·(log p − log q) / N written out (p > 0 here).
      tfjs: tfjsCase(q, [ROWS, CLASSES], [p], (tf, v, [pt]) => tf.div(tf.sum(tf.mul(pt, tf.sub(tf.log(pt), v))), ROWS)),
    };
  };
}

// ---- checks that the three compute the same thing, before any timing ----

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Number.MIN_VALUE);
const sci = (x: number): string => x.toExponential(0);

function engineResult(req: EvaluateRequest): Result {
  const r = evaluate(req);
  if (typeof r.loss !== 'number') throw new Error(`${req.loss}: expected a reduced loss`);
  return { loss: r.loss, grad: r.grad.data };
}

async function taskOf(c: Case): Promise<Task> {
  const tf = await loadTfjs();
  const variants: Variant[] = [
    { name: 'engine', run: () => evaluate(c.request) },
    { name: 'plain', run: c.plain },
  ];
  const tfCase = tf && c.tfjs ? c.tfjs(tf) : null;
  // ~1 s a call: 3 samples past the warm-up call keep the group near a minute on 2 cores.
  if (tfCase) variants.push({ name: 'tfjs', run: tfCase.run, minReps: 3 });
  return {
    name: c.name,
    variants,
    ratios: [
      ['engine', 'plain'],
      ['engine', 'tfjs'],
    ],
    budgets: [{ kind: 'ratio', subject: 'engine', baseline: 'plain', max: 1.25 }],
    verify: () => {
      const e = engineResult(c.request);
      const p = c.plain();
      const dl = relDiff(e.loss, p.loss);
      const dg = maxRelDiff(e.grad, p.grad);
      if (dl > 1e-9 || dg > 1e-9)
        throw new Error(`${c.name}: the plain loop disagrees with the engine (loss ${dl}, grad ${dg})`);
      let note = `plain vs engine: loss ${sci(dl)}, grad ${sci(dg)}`;
      if (tfCase) {
        const t = tfCase.run();
        const tl = relDiff(e.loss, t.loss);
        const tg = maxRelDiff(e.grad, t.grad);
        if (tl > 1e-3 || tg > 1e-3)
          throw new Error(`${c.name}: tfjs disagrees with the engine (loss ${tl}, grad ${tg})`);
        note += `; tfjs (float32) vs engine: loss ${sci(tl)}, grad ${sci(tg)}`;
      }
      return `relative differences ${note}`;
    },
    dispose: () => tfCase?.dispose(),
  };
}

const group: BenchGroup = {
  name: 'engine',
  title: 'Engine loss + gradient, ~1M elements, mean reduction (kl_div: batchmean)',
  notes: [
    'engine: evaluate() on {shape, data: Float64Array} tensors, with its input checks; plain: a hand-written',
    'Float64Array loop for the same loss and gradient, allocating its gradient; tfjs: @tensorflow/tfjs-core',
    '4.22.0, CPU backend, tf.valueAndGrad, results read back with dataSync(). tfjs computes in float32,',
    'the engine and the plain loop in float64. Ratios are of medians. Budget: engine ≤ 1.25× plain.',
  ],
  // engine and plain take milliseconds and get all 30 rounds; tfjs stops at its own minReps.
  warmup: 5,
  reps: 30,
  minReps: 10,
  maxSeconds: 12,
  *tasks() {
    for (const make of cases()) yield () => taskOf(make());
  },
};

export default group;
