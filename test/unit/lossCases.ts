/**
 * Valid random requests for every catalog id, by family, with the parameter settings worth
 * covering: shared by the finite-difference test and the property tests.
 */
import { toNested, type RawParams, type Tensor } from '../../src/engine';
import { Random } from '../../src/engine/random';

export type Case = { input: Tensor; target: Tensor | number; params?: RawParams };
type Generator = (rng: Random) => Case;
export type Setting = { label: string; params?: RawParams; make: Generator };

const tensor = (shape: number[], f: (i: number) => number): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, (_, i) => f(i)) };
};
/** A shape of 1–3 axes with 1–4 entries each, at most 24 elements. */
const anyShape = (rng: Random): number[] => Array.from({ length: rng.int(1, 4) }, () => rng.int(1, 5));
const rows = (rng: Random): { n: number; c: number } => ({ n: rng.int(1, 6), c: rng.int(2, 6) });
const softmaxRow = (rng: Random, c: number): number[] => {
  const e = Array.from({ length: c }, () => Math.exp(rng.normal(0, 1.5)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** Same-shape real input and target, for the regression losses. */
const regression =
  (scale: number): Generator =>
  (rng) => {
    const shape = anyShape(rng);
    return { input: tensor(shape, () => rng.normal(0, scale)), target: tensor(shape, () => rng.normal(0, scale)) };
  };

/** Probabilities in [0.05, 0.95] and targets, soft or binary. */
const probabilities =
  (binary: boolean): Generator =>
  (rng) => {
    const shape = anyShape(rng);
    return {
      input: tensor(shape, () => rng.uniform(0.05, 0.95)),
      target: tensor(shape, () => (binary ? rng.int(0, 2) : rng.uniform())),
    };
  };

const logits =
  (targets: 'binary' | 'soft' | 'signs' | 'zeroOne', scale = 3): Generator =>
  (rng) => {
    const shape = anyShape(rng);
    const t =
      targets === 'soft'
        ? () => rng.uniform()
        : targets === 'signs'
          ? () => (rng.int(0, 2) ? 1 : -1)
          : () => rng.int(0, 2);
    return { input: tensor(shape, () => rng.normal(0, scale)), target: tensor(shape, t) };
  };

/** bce-style weights: a scalar, one per last-axis entry, or one per element. */
const withWeight =
  (make: Generator, name: string, kind: 'scalar' | 'last' | 'full'): Generator =>
  (rng) => {
    const c = make(rng);
    const shape = c.input.shape;
    const len = kind === 'scalar' ? 1 : kind === 'last' ? shape[shape.length - 1] : c.input.data.length;
    const w = Array.from({ length: len }, () => rng.uniform(0.2, 3));
    return { ...c, params: { ...c.params, [name]: len === 1 ? w[0] : w } };
  };

/**
 * bce-style weights of a random shape that broadcasts to the input by NumPy's rule, as PyTorch
 * takes them: some leading axes dropped, each kept axis either 1 or the input's (for (N, C):
 * (), (C,), (1, C), (N, 1), (N, C), ...). Passed as nested arrays or as a Tensor { shape, data }.
 */
const withBroadcastWeight =
  (make: Generator, name: string, form: 'nested' | 'tensor'): Generator =>
  (rng) => {
    const c = make(rng);
    const shape = c.input.shape;
    const wShape = shape.slice(rng.int(0, shape.length + 1)).map((d) => (rng.int(0, 2) ? d : 1));
    const w = tensor(wShape, () => rng.uniform(0.2, 3));
    return { ...c, params: { ...c.params, [name]: form === 'tensor' ? w : toNested(w) } };
  };

/** (N, C) or (C,) logits with class-index targets; `ignore` puts that index among the targets. */
const classification =
  (
    input: 'logits' | 'logprobs' | 'scores',
    opts: { oneD?: boolean; ignore?: number; classWeight?: boolean } = {},
  ): Generator =>
  (rng) => {
    const { n, c } = rows(rng);
    const oneD = opts.oneD === true;
    const shape = oneD ? [c] : [n, c];
    let x: Tensor;
    if (input === 'logprobs') {
      const data: number[] = [];
      for (let i = 0; i < (oneD ? 1 : n); i++) data.push(...softmaxRow(rng, c).map(Math.log));
      x = { shape, data: Float64Array.from(data) };
    } else {
      x = tensor(shape, () => rng.normal(0, input === 'logits' ? 3 : 1.5));
    }
    const labels = Array.from({ length: oneD ? 1 : n }, () => rng.int(0, c));
    if (opts.ignore !== undefined && labels.length > 1) labels[labels.length - 1] = opts.ignore;
    if (opts.ignore !== undefined && labels[0] === opts.ignore) labels[0] = (opts.ignore + 1) % c;
    const target: Tensor | number = oneD ? labels[0] : { shape: [n], data: Float64Array.from(labels) };
    const params: RawParams = {};
    if (opts.ignore !== undefined) params.ignore_index = opts.ignore;
    if (opts.classWeight) params.weight = Array.from({ length: c }, () => rng.uniform(0.2, 3));
    return { input: x, target, params };
  };

/** (N, C) inputs with same-shape probability (or one-hot) targets. */
const rowTargets =
  (input: 'logits' | 'probabilities', target: 'onehot' | 'probs' | 'uniform'): Generator =>
  (rng) => {
    const { n, c } = rows(rng);
    const x = tensor([n, c], () => (input === 'logits' ? rng.normal(0, 3) : rng.uniform(0.05, 0.95)));
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      if (target === 'onehot') {
        const k = rng.int(0, c);
        for (let j = 0; j < c; j++) t.push(j === k ? 1 : 0);
      } else if (target === 'probs') t.push(...softmaxRow(rng, c));
      else for (let j = 0; j < c; j++) t.push(rng.uniform());
    }
    return { input: x, target: { shape: [n, c], data: Float64Array.from(t) } };
  };

const withParams =
  (make: Generator, params: RawParams): Generator =>
  (rng) => {
    const c = make(rng);
    return { ...c, params: { ...c.params, ...params } };
  };

export const SETTINGS: Record<string, Setting[]> = {
  mse: [
    { label: 'unit scale', make: regression(1) },
    { label: 'scale 5', make: regression(5) },
  ],
  l1: [
    { label: 'unit scale', make: regression(1) },
    { label: 'scale 5', make: regression(5) },
  ],
  log_cosh: [
    { label: 'unit scale', make: regression(1) },
    { label: 'scale 8', make: regression(8) },
  ],
  smooth_l1: [1, 0.5, 2.5, 0].map((beta) => ({ label: `beta ${beta}`, params: { beta }, make: regression(2) })),
  huber: [1, 0.3, 2.5].map((delta) => ({ label: `delta ${delta}`, params: { delta }, make: regression(2) })),
  quantile: [0.5, 0.1, 0.9, 0, 1].map((q) => ({ label: `q ${q}`, params: { q }, make: regression(2) })),
  bce: [
    { label: 'soft targets', make: probabilities(false) },
    { label: 'binary targets', make: probabilities(true) },
    { label: 'scalar weight', make: withWeight(probabilities(false), 'weight', 'scalar') },
    { label: 'weight per last-axis entry', make: withWeight(probabilities(true), 'weight', 'last') },
    { label: 'weight per element', make: withWeight(probabilities(false), 'weight', 'full') },
    {
      label: 'weight of a broadcast shape (nested arrays)',
      make: withBroadcastWeight(probabilities(false), 'weight', 'nested'),
    },
    {
      label: 'weight of a broadcast shape (Tensor)',
      make: withBroadcastWeight(probabilities(true), 'weight', 'tensor'),
    },
  ],
  bce_with_logits: [
    { label: 'soft targets', make: logits('soft') },
    { label: 'binary targets', make: logits('binary') },
    { label: 'pos_weight per class', make: withWeight(logits('binary'), 'pos_weight', 'last') },
    { label: 'scalar pos_weight, soft targets', make: withWeight(logits('soft'), 'pos_weight', 'scalar') },
    {
      label: 'weight and pos_weight',
      make: withWeight(withWeight(logits('soft'), 'weight', 'full'), 'pos_weight', 'last'),
    },
    {
      label: 'weight of a broadcast shape (nested arrays)',
      make: withBroadcastWeight(logits('binary'), 'weight', 'nested'),
    },
    {
      label: 'pos_weight of a broadcast shape (Tensor)',
      make: withBroadcastWeight(logits('binary'), 'pos_weight', 'tensor'),
    },
    {
      label: 'weight and pos_weight of broadcast shapes, soft targets',
      make: withBroadcastWeight(withBroadcastWeight(logits('soft'), 'weight', 'tensor'), 'pos_weight', 'nested'),
    },
  ],
  focal: [
    { label: 'defaults', make: logits('binary') },
    ...[
      { alpha: -1, gamma: 0 },
      { alpha: 0.6, gamma: 1 },
      { alpha: 0.25, gamma: 0.5 },
      { alpha: -1, gamma: 3.5 },
    ].map((params) => ({ label: `alpha ${params.alpha}, gamma ${params.gamma}`, params, make: logits('binary') })),
    { label: 'soft targets', make: logits('soft') },
  ],
  hinge: [
    { label: '±1 targets', make: logits('signs', 2) },
    { label: '0/1 targets', make: logits('zeroOne', 2) },
  ],
  squared_hinge: [
    { label: '±1 targets', make: logits('signs', 2) },
    { label: '0/1 targets', make: logits('zeroOne', 2) },
  ],
  logistic: [
    { label: '±1 targets', make: logits('signs', 3) },
    { label: '0/1 targets', make: logits('zeroOne', 3) },
  ],
  exponential: [
    { label: '±1 targets', make: logits('signs', 1.5) },
    { label: '0/1 targets', make: logits('zeroOne', 1.5) },
  ],
  zero_one: [{ label: '±1 targets', make: logits('signs', 2) }],
  cross_entropy: [
    { label: 'class indices', make: classification('logits') },
    { label: '1-D input, scalar target', make: classification('logits', { oneD: true }) },
    { label: 'class weights', make: classification('logits', { classWeight: true }) },
    { label: 'ignore_index 1', make: classification('logits', { ignore: 1 }) },
    {
      label: 'weights, ignore_index, label_smoothing 0.1',
      make: withParams(classification('logits', { ignore: 0, classWeight: true }), { label_smoothing: 0.1 }),
    },
    { label: 'label_smoothing 0.3', make: withParams(classification('logits'), { label_smoothing: 0.3 }) },
    { label: 'probability targets', make: rowTargets('logits', 'probs') },
    {
      label: 'probability targets, label_smoothing 0.2',
      make: withParams(rowTargets('logits', 'probs'), { label_smoothing: 0.2 }),
    },
    {
      label: 'probability targets, class weights',
      make: (rng) => {
        const c = rowTargets('logits', 'probs')(rng);
        return { ...c, params: { weight: Array.from({ length: c.input.shape[1] }, () => rng.uniform(0.2, 3)) } };
      },
    },
  ],
  nll: [
    { label: 'class indices', make: classification('logprobs') },
    { label: '1-D input', make: classification('logprobs', { oneD: true }) },
    { label: 'class weights', make: classification('logprobs', { classWeight: true }) },
    { label: 'ignore_index 2, class weights', make: classification('logprobs', { ignore: 2, classWeight: true }) },
  ],
  categorical_crossentropy: [
    { label: 'one-hot targets', make: rowTargets('probabilities', 'onehot') },
    { label: 'probability targets', make: rowTargets('probabilities', 'probs') },
    { label: 'targets in [0, 1]', make: rowTargets('probabilities', 'uniform') },
  ],
  multi_margin: [
    { label: 'defaults', make: classification('scores') },
    { label: 'p 2', make: withParams(classification('scores'), { p: 2 }) },
    { label: 'margin 0.5', make: withParams(classification('scores'), { margin: 0.5 }) },
    {
      label: 'p 2, margin 2, class weights',
      make: withParams(classification('scores', { classWeight: true }), { p: 2, margin: 2 }),
    },
    { label: '1-D input', make: classification('scores', { oneD: true }) },
  ],
  kl_div: [
    {
      label: 'probability targets',
      make: (rng) => {
        const shape = anyShape(rng);
        return {
          input: tensor(shape, () => Math.log(rng.uniform(0.05, 1))),
          target: tensor(shape, () => rng.uniform()),
        };
      },
    },
    {
      label: 'log_target',
      params: { log_target: true },
      make: (rng) => {
        const shape = anyShape(rng);
        return {
          input: tensor(shape, () => rng.normal(-1, 1)),
          target: tensor(shape, () => rng.normal(-1, 1)),
          params: { log_target: true },
        };
      },
    },
  ],
  poisson_nll: [
    ...[false, true].map((full) => ({
      label: `log-rates, full ${full}`,
      make: (rng: Random): Case => {
        const shape = anyShape(rng);
        return {
          input: tensor(shape, () => rng.normal(0, 1)),
          target: tensor(shape, () => rng.int(0, 9)),
          params: { full },
        };
      },
    })),
    ...[1e-8, 0.1].map((eps) => ({
      label: `rates, eps ${eps}`,
      make: (rng: Random): Case => {
        const shape = anyShape(rng);
        return {
          input: tensor(shape, () => rng.uniform(0.2, 5)),
          target: tensor(shape, () => rng.int(0, 9)),
          params: { log_input: false, eps },
        };
      },
    })),
  ],
  dice: [
    ...[1, 0.1, 0].map((smooth) => ({
      label: `smooth ${smooth}, soft masks`,
      make: withParams(probabilities(false), { smooth }),
    })),
    { label: 'binary masks', make: probabilities(true) },
  ],
};
