/*
 * Derives the verdicts test/unit/gradcheck-js-real.test.ts expects, independently of the checker:
 * each corpus loss with an analytic gradient is called directly at a few points drawn here (its
 * own generator, not the checker's), its gradient by central differences (h = 1e-6; 1e-3 for
 * tfjs's float32) is compared with the analytic one by |a − n| ≤ atol + rtol·|n| (1e-5, 1e-3;
 * 1e-3, 2e-2 for float32), and the verdict printed. Run: npx tsx test/gradcheck-corpus/js-real/verdicts.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, mse } from './forward-backward';
import { HuberLoss, SoftmaxCrossEntropy } from './loss-classes';
import { LossFunctionCollection } from './loss-collection';
import { absoluteDifference, absoluteDifferenceGradient, meanSquaredError, meanSquaredErrorGradient } from './tfjs-losses';

const { ErrorFunctions } = require('./error-functions.js') as { ErrorFunctions: { MSE: ((e: number, p: number) => number) & { derivative(e: number, p: number): number } } };
const { softmaxLoss, mseLossAndGrad } = require('./returns-gradient.js') as {
  softmaxLoss(x: number[][], y: number[]): { loss: number; dx: number[][] };
  mseLossAndGrad(p: number[], t: number[]): [number, number[]];
};

let seed = 42;
const uniform = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
const vec = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

/** The verdict of `analytic` against central differences of `f` at `x` (flat). */
function verdict(f: (x: number[]) => number, x: number[], analytic: number[], float32 = false): { pass: boolean; ratio: number } {
  const h0 = float32 ? 1e-3 : 1e-6;
  const [atol, rtol] = float32 ? [1e-3, 2e-2] : [1e-5, 1e-3];
  let pass = true;
  let ratio = 0;
  x.forEach((xi, i) => {
    const h = h0 * Math.max(1, Math.abs(xi));
    const numeric = (f(x.map((v, j) => (j === i ? v + h : v))) - f(x.map((v, j) => (j === i ? v - h : v)))) / (2 * h);
    if (Math.abs(analytic[i] - numeric) > atol + rtol * Math.abs(numeric)) pass = false;
    if (Math.abs(numeric) > 1e-9) ratio = analytic[i] / numeric;
  });
  return { pass, ratio };
}

const rows: [string, { pass: boolean; ratio: number }][] = [];
for (let trial = 0; trial < 3; trial++) {
  const n = 8;
  const p = vec(n, normal);
  const t = vec(n, normal);
  const probs = vec(n, () => 0.05 + 0.9 * uniform());
  const bits = vec(n, () => (uniform() < 0.5 ? 0 : 1));
  const logits = vec(6, () => vec(4, normal));
  const labels = vec(6, () => Math.floor(4 * uniform()));
  const { MSE, CrossEntropy } = LossFunctionCollection;
  rows.push(['loss-collection MSE', verdict((x) => MSE(x, t), p, MSE.derivative(p, t))]);
  rows.push(['loss-collection CrossEntropy', verdict((x) => CrossEntropy(x, bits), probs, CrossEntropy.derivative(probs, bits))]);
  const e = normal();
  const q = normal();
  rows.push(['error-functions MSE (wrt predicted)', verdict((x) => ErrorFunctions.MSE(e, x[0]), [q], [ErrorFunctions.MSE.derivative(e, q)])]);
  // Float64Array for the Float32Array hint, as the checker passes it: the formulas are what is checked.
  const f64 = (x: number[]): Float32Array => Float64Array.from(x) as unknown as Float32Array;
  const grads = (loss: typeof mse, x: number[], y: number[]): number[] => {
    const g = f64(x.map(() => 0));
    loss.backward(f64(x), f64(y), g);
    return Array.from(g);
  };
  rows.push(['forward-backward mse', verdict((x) => mse.forward(f64(x), f64(t)), p, grads(mse, p, t))]);
  rows.push(['forward-backward crossEntropy', verdict((x) => crossEntropy.forward(f64(x), f64(bits)), probs, grads(crossEntropy, probs, bits))]);
  const huber = new HuberLoss(1);
  rows.push(['loss-classes HuberLoss', verdict((x) => huber.loss(x, t), p, huber.gradient(p, t))]);
  const sce = new SoftmaxCrossEntropy();
  const rowsOf = (x: number[]): number[][] => logits.map((_, r) => x.slice(4 * r, 4 * r + 4));
  sce.forward(logits, labels);
  rows.push(['loss-classes SoftmaxCrossEntropy', verdict((x) => new SoftmaxCrossEntropy().forward(rowsOf(x), labels), logits.flat(), sce.backward().flat())]);
  rows.push(['returns-gradient softmaxLoss', verdict((x) => softmaxLoss(rowsOf(x), labels).loss, logits.flat(), softmaxLoss(logits, labels).dx.flat())]);
  rows.push(['returns-gradient mseLossAndGrad', verdict((x) => mseLossAndGrad(x, t)[0], p, mseLossAndGrad(p, t)[1])]);
  const tensorLoss = (loss: (l: tf.Tensor, q: tf.Tensor) => tf.Tensor, x: number[]): number => tf.tidy(() => (loss(tf.tensor(t), tf.tensor(x)).dataSync() as Float32Array).reduce((a, b) => a + b, 0));
  const pf = Array.from(Float32Array.from(p));
  rows.push(['tfjs meanSquaredError', verdict((x) => tensorLoss(meanSquaredError, x), pf, Array.from(meanSquaredErrorGradient(tf.tensor(t), tf.tensor(pf)).dataSync()), true)]);
  rows.push(['tfjs absoluteDifference (sum)', verdict((x) => tensorLoss(absoluteDifference, x), pf, Array.from(absoluteDifferenceGradient(tf.tensor(t), tf.tensor(pf)).dataSync()), true)]);
}

const summary = new Map<string, { pass: boolean; ratio: number }>();
for (const [name, v] of rows) {
  const s = summary.get(name);
  summary.set(name, { pass: (s?.pass ?? true) && v.pass, ratio: v.ratio });
}
for (const [name, v] of summary) console.log(`${name.padEnd(40)} ${v.pass ? 'pass' : 'fail'}   analytic/numeric (last element) ${v.ratio.toPrecision(4)}`);
