/**
 * What each scene draws, computed with the engine. Pure: no vscode, no DOM, so it is unit-tested
 * with plain mocha and could run in a worker. The webview only draws what these return.
 */
import { evaluate, softmax, type Tensor } from '../engine';
import type {
  Curve,
  EntropyData,
  EntropyInput,
  MarginData,
  MarginInput,
  MultilabelData,
  MultilabelInput,
  ProbabilityData,
  ProbabilityInput,
  RegressionData,
  RegressionInput,
  SoftmaxData,
  SoftmaxInput,
} from '../protocol';
import { MARGIN_LOSSES, REGRESSION_LOSSES } from '../protocol';

const vec = (data: ArrayLike<number>): Tensor => ({ shape: [data.length], data: Float64Array.from(data) });

/** n evenly spaced points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Per-element loss and derivative of one catalog loss at each input, target fixed. */
function curve(id: string, input: number[], target: number[], params?: Record<string, number>): Curve {
  const r = evaluate({ loss: id, input: vec(input), target: vec(target), params, reduction: 'none' });
  const loss = r.loss as Tensor;
  return { id, loss: Array.from(loss.data), grad: Array.from(r.grad.data) };
}

/** 301 points: a step of range/150, so the default range of 3 has 0.02 steps; smooth, and cheap to redraw. */
const CURVE_POINTS = 301;

/** Scene 1: each regression loss of the residual e = a − y (target 0, prediction e). */
export function regression(i: RegressionInput): RegressionData {
  const x = linspace(-i.range, i.range, CURVE_POINTS);
  const zero = x.map(() => 0);
  const params: Record<string, Record<string, number>> = { smooth_l1: { beta: i.beta }, huber: { delta: i.delta }, quantile: { q: i.q } };
  return { x, curves: REGRESSION_LOSSES.map((id) => curve(id, x, zero, params[id])) };
}

/** Scene 2: margin surrogates of m = y·f(x), with y = +1 so the score is the margin. */
export function margin(i: MarginInput): MarginData {
  const x = linspace(-i.range, i.range, CURVE_POINTS);
  const one = x.map(() => 1);
  return { x, curves: MARGIN_LOSSES.map((id) => curve(id, x, one)) };
}

/**
 * Scene 3: BCE against the predicted probability, and the gradients with respect to the logit
 * z = logit(a): BCE gives σ(z) − y; MSE through the same sigmoid gives 2(σ(z) − y)·σ′(z), the σ′
 * factor that vanishes when the neuron saturates.
 */
export function probability(i: ProbabilityInput): ProbabilityData {
  // Open interval: p = 0 and 1 are where BCE is infinite (clamped at 100 by the −100 log clamp).
  const p = linspace(0, 1, i.steps + 2).slice(1, -1);
  const z = p.map((a) => Math.log(a / (1 - a)));
  const ones = p.map(() => 1);
  const zeros = p.map(() => 0);
  const bce1 = curve('bce', p, ones);
  const bce0 = curve('bce', p, zeros);
  const zbce1 = curve('bce_with_logits', z, ones);
  const zbce0 = curve('bce_with_logits', z, zeros);
  const sigmaPrime = p.map((a) => a * (1 - a));
  // MSE on σ(z): d/dz (σ − y)² = 2(σ − y)·σ′; the engine's mse gives 2(σ − y), we apply the chain rule.
  const mse1 = curve('mse', p, ones).grad.map((g, k) => g * sigmaPrime[k]);
  const mse0 = curve('mse', p, zeros).grad.map((g, k) => g * sigmaPrime[k]);
  return {
    p,
    bce: { y1: bce1.loss, y0: bce0.loss },
    dBceDp: { y1: bce1.grad, y0: bce0.grad },
    dBceDz: { y1: zbce1.grad, y0: zbce0.grad },
    dMseDz: { y1: mse1, y0: mse0 },
    sigmaPrime,
  };
}

/** The engine's (max-shifted) softmax of one row, as a plain array for the wire. */
const softmaxOf = (z: readonly number[]): number[] => Array.from(softmax(Float64Array.from(z)));

/** Scene 7: softmax of the logits, cross-entropy against the true class, gradient a − y. */
export function softmaxScene(i: SoftmaxInput): SoftmaxData {
  const r = evaluate({ loss: 'cross_entropy', input: vec(i.logits), target: i.target, reduction: 'mean' });
  return { probs: softmaxOf(i.logits), loss: r.loss as number, grad: Array.from(r.grad.data), target: i.target };
}

/**
 * The floor of log q, as the engine's categorical_crossentropy and PyTorch's BCE floor their logs:
 * a zero in q (the sliders stop at 0.01, the protocol allows 0) then gives a finite KL and a finite
 * cross-entropy that still add up, not an infinite KL beside a finite cross-entropy.
 */
export const ENTROPY_LOG_FLOOR = -100;

/**
 * Scene 8: entropy, KL and cross-entropy in nats. KL comes from the engine's kl_div (log q as
 * input, p as target, summed); cross-entropy from cross_entropy with probability targets on
 * logits log q; entropy directly as −Σ p log p, so H(p, q) = H(p) + KL(p‖q) is a check on the
 * engine rather than how one of them is made. log q is floored at ENTROPY_LOG_FLOOR.
 */
export function entropyScene(i: EntropyInput): EntropyData {
  const logq = i.q.map((v) => Math.max(Math.log(v), ENTROPY_LOG_FLOOR));
  const kl = evaluate({ loss: 'kl_div', input: vec(logq), target: vec(i.p), reduction: 'sum' }).loss as number;
  const crossEntropy = evaluate({ loss: 'cross_entropy', input: vec(logq), target: vec(i.p) }).loss as number;
  // 0·log 0 = 0, the convention kl_div and cross_entropy follow.
  const plog = (p: number, log: number): number => (p === 0 ? 0 : p * log);
  const terms = {
    entropy: i.p.map((p) => -plog(p, Math.log(p))),
    crossEntropy: i.p.map((p, k) => -plog(p, logq[k])),
    kl: i.p.map((p, k) => plog(p, Math.log(p)) - plog(p, logq[k])),
  };
  const entropy = terms.entropy.reduce((a, b) => a + b, 0);
  return { p: i.p, q: i.q, entropy, crossEntropy, kl, terms };
}

/**
 * Scene 9: the same scores read two ways. Multi-label: each score through its own sigmoid, BCE per
 * label (bce_with_logits, mean over labels). Multi-class: one softmax over all, CE on one class.
 */
export function multilabel(i: MultilabelInput): MultilabelData {
  const labels = i.labels.map((b) => (b ? 1 : 0));
  const per = evaluate({ loss: 'bce_with_logits', input: vec(i.scores), target: vec(labels), reduction: 'none' });
  const bce = evaluate({ loss: 'bce_with_logits', input: vec(i.scores), target: vec(labels), reduction: 'mean' });
  const ce = evaluate({ loss: 'cross_entropy', input: vec(i.scores), target: i.target });
  return {
    sigmoid: i.scores.map((s) => 1 / (1 + Math.exp(-s))),
    bcePerLabel: Array.from((per.loss as Tensor).data),
    bce: bce.loss as number,
    bceGrad: Array.from(bce.grad.data),
    softmax: softmaxOf(i.scores),
    ce: ce.loss as number,
    ceGrad: Array.from(ce.grad.data),
  };
}
