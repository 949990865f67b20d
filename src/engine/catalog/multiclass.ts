import {
  reduceSampleLosses,
  reduceSamples,
  rowsOf,
  sampleGradScale,
  type LossDefinition,
  type LossResult,
  type Reduction,
  type Rows,
} from '../definition';
import { num, vec, type ParamSpec, type ResolvedParams } from '../params';
import { classIndices, logSoftmaxRow, requireRange } from '../numerics';
import { fail, sameShape, shapeText, type Tensor } from '../tensor';

const REDUCTIONS = ['mean', 'sum', 'none'] as const;
const CLASS_WEIGHT: ParamSpec = {
  name: 'weight',
  kind: 'vector',
  default: null,
  description: {
    en: 'A weight per class (length C), for class imbalance',
    'zh-cn': '每个类别的权重（长度 C），用于类别不平衡',
  },
};
const IGNORE_INDEX: ParamSpec = {
  name: 'ignore_index',
  kind: 'integer',
  default: -100,
  description: {
    en: 'Targets equal to this class index add nothing to the loss or the mean',
    'zh-cn': '等于该类别索引的目标不计入损失与均值',
  },
};

function classWeights(lossId: string, p: ResolvedParams, c: number): Float64Array | null {
  const w = vec(p, 'weight');
  if (w !== null && w.length !== c) fail(`${lossId}: weight has ${w.length} elements but there are ${c} classes`);
  return w;
}

/** Index targets have the input's shape without the class axis; probability targets have the input's shape. */
function targetKind(lossId: string, input: Tensor, target: Tensor, rows: Rows): 'index' | 'prob' {
  if (sameShape(input.shape, target.shape)) return 'prob';
  if (target.data.length === rows.n && target.shape.length === input.shape.length - 1) return 'index';
  return fail(
    `${lossId}: shape mismatch: input is ${shapeText(input.shape)}, so target must be class indices ${shapeText(input.shape.slice(0, -1))} or probabilities ${shapeText(input.shape)}, but it is ${shapeText(target.shape)}`,
  );
}

const sampleShape = (rows: Rows): number[] => (rows.batched ? [rows.n] : []);

function failAllIgnored(lossId: string, ignore: number): never {
  return fail(
    `${lossId}: every target equals ignore_index (${ignore}), so the 'mean' reduction divides by zero (PyTorch returns NaN)`,
  );
}

/**
 * The unweighted, unsmoothed rows, fused: one exp per element, kept in grad and scaled by the
 * row's 1/Σ and the reduction's scale in the same pass.
 */
function softmaxCrossEntropyRows(
  x: Float64Array,
  idx: Int32Array,
  c: number,
  ignore: number,
  scale: number,
  grad: Float64Array,
  loss: Float64Array,
): void {
  for (let i = 0; i < idx.length; i++) {
    const t = idx[i];
    if (t === ignore) continue;
    const o = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < c; j++) {
      const e = Math.exp(x[o + j] - max);
      grad[o + j] = e;
      sum += e;
    }
    loss[i] = max + Math.log(sum) - x[o + t];
    const k = scale / sum;
    for (let j = 0; j < c; j++) grad[o + j] *= k;
    grad[o + t] -= scale;
  }
}

/** Softmax cross-entropy with class indices: PyTorch's log_softmax + nll_loss, with label smoothing. */
function crossEntropyIndex(input: Tensor, target: Tensor, p: ResolvedParams, r: Reduction, rows: Rows): LossResult {
  const { n, c } = rows;
  const ignore = num(p, 'ignore_index');
  const eps = num(p, 'label_smoothing');
  const w = classWeights('cross_entropy', p, c);
  const idx = classIndices('cross_entropy', target, c, ignore);
  const x = input.data;
  const grad = new Float64Array(x.length);
  const loss = new Float64Array(n);
  if (w === null && eps === 0) {
    let count = 0;
    for (let i = 0; i < n; i++) if (idx[i] !== ignore) count++;
    if (r === 'mean' && count === 0) failAllIgnored('cross_entropy', ignore);
    softmaxCrossEntropyRows(x, idx, c, ignore, sampleGradScale(r, count), grad, loss);
    return {
      loss: reduceSampleLosses('cross_entropy', loss, sampleShape(rows), r, count),
      grad: { shape: [...input.shape], data: grad },
    };
  }
  const logp = new Float64Array(x.length);
  let wAll = 0; // Σ_c w_c, for the smoothing term
  for (let j = 0; j < c; j++) wAll += w ? w[j] : 1;
  let denom = 0; // Σ w_{yᵢ} over counted rows: what PyTorch's weighted mean divides by
  for (let i = 0; i < n; i++) {
    const t = idx[i];
    if (t === ignore) continue; // loss and gradient stay 0
    const o = i * c;
    logSoftmaxRow(x, o, c, logp);
    const wt = w ? w[t] : 1;
    denom += wt;
    // (1 − ε)·w_y·(−log p_y) + (ε/C)·Σ_c w_c·(−log p_c)
    let smooth = 0;
    for (let j = 0; j < c; j++) smooth -= (w ? w[j] : 1) * logp[o + j];
    loss[i] = (1 - eps) * wt * -logp[o + t] + (eps / c) * smooth;
    // ∂/∂x_j = (1 − ε)·w_y·(p_j − [j = y]) + (ε/C)·(p_j·Σw − w_j)
    for (let j = 0; j < c; j++) {
      const pj = Math.exp(logp[o + j]);
      grad[o + j] = (1 - eps) * wt * (pj - (j === t ? 1 : 0)) + (eps / c) * (pj * wAll - (w ? w[j] : 1));
    }
  }
  if (r === 'mean' && denom === 0) failAllIgnored('cross_entropy', ignore);
  return reduceSamples('cross_entropy', loss, sampleShape(rows), { shape: [...input.shape], data: grad }, r, denom);
}

/** Softmax cross-entropy with probability targets: −Σ w_c·y′_c·log p_c; PyTorch's mean divides by N, not Σw. */
function crossEntropyProb(input: Tensor, target: Tensor, p: ResolvedParams, r: Reduction, rows: Rows): LossResult {
  const { n, c } = rows;
  const eps = num(p, 'label_smoothing');
  const w = classWeights('cross_entropy', p, c);
  requireRange('cross_entropy', 'target', target, 0, 1, 'probability targets');
  const x = input.data;
  const y = target.data;
  const logp = new Float64Array(x.length);
  const grad = new Float64Array(x.length);
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    logSoftmaxRow(x, o, c, logp);
    let l = 0;
    let s = 0; // Σ w_c·y′_c
    for (let j = 0; j < c; j++) {
      const wy = (w ? w[j] : 1) * (y[o + j] * (1 - eps) + eps / c);
      l -= wy * logp[o + j];
      s += wy;
    }
    loss[i] = l;
    // ∂/∂x_j = p_j·Σ w_c y′_c − w_j y′_j; for unweighted one-hot targets this is the familiar p − y.
    for (let j = 0; j < c; j++) {
      const wy = (w ? w[j] : 1) * (y[o + j] * (1 - eps) + eps / c);
      grad[o + j] = Math.exp(logp[o + j]) * s - wy;
    }
  }
  return reduceSamples('cross_entropy', loss, sampleShape(rows), { shape: [...input.shape], data: grad }, r, n);
}

const crossEntropy: LossDefinition = {
  id: 'cross_entropy',
  title: { en: 'Softmax cross-entropy', 'zh-cn': 'Softmax 交叉熵' },
  family: 'multiclass',
  input: { en: 'logits (N, C) or (C,)', 'zh-cn': 'logits，形状 (N, C) 或 (C,)' },
  target: {
    en: 'class indices (N,) or a scalar, or probabilities (N, C)',
    'zh-cn': '类别索引 (N,) 或标量，或概率 (N, C)',
  },
  params: [
    CLASS_WEIGHT,
    IGNORE_INDEX,
    {
      name: 'label_smoothing',
      kind: 'number',
      default: 0,
      min: 0,
      max: 1,
      description: {
        en: 'Mixes the target with the uniform distribution: y′ = (1 − ε)y + ε/C',
        'zh-cn': '将目标与均匀分布混合：y′ = (1 − ε)y + ε/C',
      },
    },
  ],
  reductions: REDUCTIONS,
  tex: {
    loss: '\\ell = -\\sum_c y_c \\log \\operatorname{softmax}(z)_c = \\log\\sum_c e^{z_c} - z_y',
    grad: '\\frac{\\partial \\ell}{\\partial z_c} = \\operatorname{softmax}(z)_c - y_c',
  },
  notes: {
    en: 'The standard multi-class loss: softmax and negative log-likelihood in one, computed with log-sum-exp (max subtracted), so logits of ±1e4 are fine. The gradient is simply a − y. With class weights the mean divides by the sum of the weights of the targets (index targets) but by N (probability targets). Keras CategoricalCrossentropy(from_logits=True), Optax softmax_cross_entropy, TF.js softmaxCrossEntropy.',
    'zh-cn':
      '标准多分类损失：softmax 与负对数似然合一，用减去最大值的 log-sum-exp 计算，logits 为 ±1e4 也没问题。梯度就是 a − y。带类别权重时，索引目标的均值除以目标类别权重之和，概率目标则除以 N。Keras CategoricalCrossentropy(from_logits=True)、Optax softmax_cross_entropy、TF.js softmaxCrossEntropy。',
  },
  compute(input, target, p, r) {
    const rows = rowsOf('cross_entropy', input);
    return targetKind('cross_entropy', input, target, rows) === 'index'
      ? crossEntropyIndex(input, target, p, r, rows)
      : crossEntropyProb(input, target, p, r, rows);
  },
};

const nll: LossDefinition = {
  id: 'nll',
  title: { en: 'Negative log-likelihood', 'zh-cn': '负对数似然' },
  family: 'multiclass',
  input: { en: 'log-probabilities (N, C) or (C,)', 'zh-cn': '对数概率，形状 (N, C) 或 (C,)' },
  target: { en: 'class indices (N,) or a scalar', 'zh-cn': '类别索引 (N,) 或标量' },
  params: [CLASS_WEIGHT, IGNORE_INDEX],
  reductions: REDUCTIONS,
  tex: { loss: '\\ell = -w_y\\,x_y', grad: '\\frac{\\partial \\ell}{\\partial x_c} = -w_y\\,[c = y]' },
  notes: {
    en: 'Picks the log-probability of the true class. Fed with log_softmax it is cross_entropy. The weighted mean divides by the sum of the target weights; when every target is ignored PyTorch returns NaN and the engine reports an error.',
    'zh-cn':
      '取真实类别的对数概率。输入 log_softmax 时即为 cross_entropy。加权均值除以目标权重之和；所有目标都被忽略时 PyTorch 返回 NaN，本引擎报错。',
  },
  compute(input, target, p, r) {
    const rows = rowsOf('nll', input);
    const { n, c } = rows;
    if (targetKind('nll', input, target, rows) !== 'index')
      fail(`nll: target must be class indices ${shapeText(input.shape.slice(0, -1))}, got ${shapeText(target.shape)}`);
    const ignore = num(p, 'ignore_index');
    const w = classWeights('nll', p, c);
    const idx = classIndices('nll', target, c, ignore);
    const grad = new Float64Array(input.data.length);
    const loss = new Float64Array(n);
    let denom = 0;
    for (let i = 0; i < n; i++) {
      const t = idx[i];
      if (t === ignore) continue;
      const wt = w ? w[t] : 1;
      denom += wt;
      loss[i] = -wt * input.data[i * c + t];
      grad[i * c + t] = -wt;
    }
    if (r === 'mean' && denom === 0) failAllIgnored('nll', ignore);
    return reduceSamples('nll', loss, sampleShape(rows), { shape: [...input.shape], data: grad }, r, denom);
  },
};

/** PyTorch clamps log at −100 in its probability losses; the same floor keeps p = 0 finite here. */
const LOG_FLOOR = -100;

const categoricalCrossentropy: LossDefinition = {
  id: 'categorical_crossentropy',
  title: { en: 'Categorical cross-entropy (probabilities)', 'zh-cn': '类别交叉熵（概率输入）' },
  family: 'multiclass',
  input: { en: 'probabilities (N, C) or (C,)', 'zh-cn': '概率，形状 (N, C) 或 (C,)' },
  target: { en: 'one-hot or probability targets, same shape', 'zh-cn': 'one-hot 或概率目标，形状相同' },
  params: [],
  reductions: REDUCTIONS,
  tex: { loss: '\\ell = -\\sum_c y_c \\log a_c', grad: '\\frac{\\partial \\ell}{\\partial a_c} = -\\frac{y_c}{a_c}' },
  notes: {
    en: 'Cross-entropy on probabilities that a softmax already produced; log is clamped at −100 as PyTorch does. Keras CategoricalCrossentropy (from_logits=False) first renormalises a to sum to 1 and clips to [1e-7, 1 − 1e-7], which adds Σy/Σa to its gradient; the engine does not renormalise. Through a softmax the gradient w.r.t. the logits is a − y.',
    'zh-cn':
      '对 softmax 已输出的概率计算交叉熵；与 PyTorch 一样将 log 截断在 −100。Keras CategoricalCrossentropy（from_logits=False）会先将 a 归一化并裁剪到 [1e-7, 1 − 1e-7]，其梯度因此多出 Σy/Σa 一项；本引擎不做归一化。经过 softmax 后对 logits 的梯度为 a − y。',
  },
  compute(input, target, _p, r) {
    const rows = rowsOf('categorical_crossentropy', input);
    if (!sameShape(input.shape, target.shape)) {
      fail(
        `categorical_crossentropy: shape mismatch: input is ${shapeText(input.shape)} but target is ${shapeText(target.shape)} (one-hot or probability targets)`,
      );
    }
    requireRange('categorical_crossentropy', 'input', input, 0, 1, 'probabilities');
    requireRange('categorical_crossentropy', 'target', target, 0, 1, 'targets');
    const { n, c } = rows;
    const a = input.data;
    const y = target.data;
    const grad = new Float64Array(a.length);
    const loss = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let l = 0;
      for (let k = i * c; k < (i + 1) * c; k++) {
        const lg = Math.log(a[k]);
        l -= y[k] * Math.max(lg, LOG_FLOOR);
        // Past the clamp the loss is flat in a, so its gradient there is 0.
        grad[k] = lg > LOG_FLOOR ? -y[k] / a[k] : 0;
      }
      loss[i] = l;
    }
    return reduceSamples(
      'categorical_crossentropy',
      loss,
      sampleShape(rows),
      { shape: [...input.shape], data: grad },
      r,
      n,
    );
  },
};

const multiMargin: LossDefinition = {
  id: 'multi_margin',
  title: { en: 'Multi-class margin (hinge)', 'zh-cn': '多分类间隔损失（合页）' },
  family: 'multiclass',
  input: { en: 'scores (N, C) or (C,)', 'zh-cn': '得分，形状 (N, C) 或 (C,)' },
  target: { en: 'class indices (N,) or a scalar', 'zh-cn': '类别索引 (N,) 或标量' },
  params: [
    {
      name: 'p',
      kind: 'choice',
      default: 1,
      choices: [1, 2],
      description: { en: 'Power of each margin violation: 1 or 2', 'zh-cn': '每个间隔违背项的幂次：1 或 2' },
    },
    {
      name: 'margin',
      kind: 'number',
      default: 1,
      min: 0,
      max: 1e6,
      description: {
        en: 'How far the true score must lead each other score',
        'zh-cn': '真实类别得分须领先其他类别得分的幅度',
      },
    },
    CLASS_WEIGHT,
  ],
  reductions: REDUCTIONS,
  tex: {
    loss: '\\ell = \\frac{1}{C}\\sum_{j \\ne y} w_y \\max(0,\\ m - x_y + x_j)^p',
    grad: '\\frac{\\partial \\ell}{\\partial x_j} = \\frac{w_y}{C}\\,p\\,z_j^{\\,p-1}\\,[z_j > 0],\\quad \\frac{\\partial \\ell}{\\partial x_y} = -\\sum_{j \\ne y} \\frac{\\partial \\ell}{\\partial x_j}',
  },
  notes: {
    en: 'The Weston–Watkins multi-class SVM loss: every wrong class whose score comes within the margin of the true one adds a penalty. PyTorch sums over the wrong classes and divides by C; Keras CategoricalHinge and Optax multiclass_hinge_loss take only the largest violation (Crammer–Singer).',
    'zh-cn':
      'Weston–Watkins 多分类 SVM 损失：得分与真实类别相差不到间隔的每个错误类别都会带来惩罚。PyTorch 对错误类别求和再除以 C；Keras CategoricalHinge 与 Optax multiclass_hinge_loss 只取最大的违背项（Crammer–Singer）。',
  },
  compute(input, target, prm, r) {
    const rows = rowsOf('multi_margin', input);
    const { n, c } = rows;
    if (targetKind('multi_margin', input, target, rows) !== 'index')
      fail(
        `multi_margin: target must be class indices ${shapeText(input.shape.slice(0, -1))}, got ${shapeText(target.shape)}`,
      );
    const power = num(prm, 'p');
    const margin = num(prm, 'margin');
    const w = classWeights('multi_margin', prm, c);
    const idx = classIndices('multi_margin', target, c);
    const x = input.data;
    const grad = new Float64Array(x.length);
    const loss = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * c;
      const t = idx[i];
      const wt = (w ? w[t] : 1) / c;
      let l = 0;
      for (let j = 0; j < c; j++) {
        if (j === t) continue;
        const z = margin - x[o + t] + x[o + j];
        if (z <= 0) continue;
        l += wt * (power === 1 ? z : z * z);
        const d = wt * (power === 1 ? 1 : 2 * z);
        grad[o + j] += d;
        grad[o + t] -= d;
      }
      loss[i] = l;
    }
    return reduceSamples('multi_margin', loss, sampleShape(rows), { shape: [...input.shape], data: grad }, r, n);
  },
};

export const multiclassLosses = [crossEntropy, nll, categoricalCrossentropy, multiMargin];
