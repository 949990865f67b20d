import { elementwise, reduceSamples, requireSameShape, type LossDefinition } from '../definition';
import { bool, num } from '../params';
import { requireRange } from '../numerics';
import { fail, indexText, sizeOf } from '../tensor';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

const klDiv: LossDefinition = {
  id: 'kl_div',
  title: { en: 'Kullback–Leibler divergence', 'zh-cn': 'KL 散度' },
  family: 'distribution',
  input: { en: 'log-probabilities log q', 'zh-cn': '对数概率 log q' },
  target: {
    en: 'probabilities p (or log p with log_target), same shape',
    'zh-cn': '概率 p（log_target 时为 log p），形状相同',
  },
  params: [
    {
      name: 'log_target',
      kind: 'boolean',
      default: false,
      description: { en: 'The target is given as log-probabilities', 'zh-cn': '目标以对数概率给出' },
    },
  ],
  reductions: ['batchmean', 'sum', 'mean', 'none'],
  tex: {
    loss: '\\ell = \\sum_c p_c\\,(\\log p_c - \\log q_c)',
    grad: '\\frac{\\partial \\ell}{\\partial \\log q_c} = -p_c',
  },
  notes: {
    en: 'How many extra nats it costs to code samples of p with a code built for q: H(p, q) = H(p) + KL(p‖q). The input is log q, as in PyTorch and Optax; Keras KLDivergence takes probabilities. PyTorch’s reduction="mean" divides by every element and is not the KL; batchmean (the default here) is, and matches Keras.',
    'zh-cn':
      '用为 q 设计的编码来编码 p 的样本所多花的 nat 数：H(p, q) = H(p) + KL(p‖q)。输入为 log q，与 PyTorch、Optax 相同；Keras KLDivergence 接受概率。PyTorch 的 reduction="mean" 除以全部元素个数，并不是 KL；batchmean（此处默认）才是，与 Keras 一致。',
  },
  compute(input, target, p, r) {
    requireSameShape('kl_div', input, target);
    if (bool(p, 'log_target')) return elementwise('kl_div', input, target, p, r, klDivLogTargetKernel);
    // The targets' range is checked in the kernel's own pass (a separate pass cost ~20% over 1M
    // elements); the error, naming the first bad element, comes from a second look only then.
    let sum = 0;
    const result = elementwise(
      'kl_div',
      input,
      target,
      p,
      r,
      (x, t, g, s, out) => (sum = klDivKernel(x, t, g, s, out)),
    );
    if (Number.isNaN(sum)) requireRange('kl_div', 'target', target, 0, 1, 'probabilities');
    return result;
  },
};

/** The summed loss, or NaN when a target is not a probability (or not a number). */
function klDivKernel(x: Float64Array, t: Float64Array, g: Float64Array, s: number, out: Float64Array | null): number {
  let sum = 0;
  let probabilities = true;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    if (!(ti >= 0 && ti <= 1)) probabilities = false;
    // xlogy(t, t): 0·log 0 is 0, as in the limit.
    const l = (ti > 0 ? ti * Math.log(ti) : 0) - ti * x[i];
    g[i] = -ti * s;
    sum += l;
    if (out !== null) out[i] = l;
  }
  return probabilities ? sum : NaN;
}

function klDivLogTargetKernel(
  x: Float64Array,
  t: Float64Array,
  g: Float64Array,
  s: number,
  out: Float64Array | null,
): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const ti = t[i];
    const et = Math.exp(ti);
    const l = et * (ti - x[i]);
    g[i] = -et * s;
    sum += l;
    if (out !== null) out[i] = l;
  }
  return sum;
}

const poissonNll: LossDefinition = {
  id: 'poisson_nll',
  title: { en: 'Poisson negative log-likelihood', 'zh-cn': '泊松负对数似然' },
  family: 'distribution',
  input: { en: 'log-rates (or rates when log_input is false)', 'zh-cn': '对数速率（log_input 为 false 时为速率）' },
  target: { en: 'counts ≥ 0, same shape', 'zh-cn': '计数 ≥ 0，形状相同' },
  params: [
    {
      name: 'log_input',
      kind: 'boolean',
      default: true,
      description: { en: 'The input is log λ (stable) rather than λ', 'zh-cn': '输入为 log λ（更稳定）而非 λ' },
    },
    {
      name: 'full',
      kind: 'boolean',
      default: false,
      description: {
        en: 'Add the Stirling term y log y − y + ½log(2πy) for y > 1',
        'zh-cn': '为 y > 1 加上 Stirling 项 y log y − y + ½log(2πy)',
      },
    },
    {
      name: 'eps',
      kind: 'number',
      default: 1e-8,
      min: 0,
      max: 1,
      description: {
        en: 'Added to λ before the log when log_input is false',
        'zh-cn': 'log_input 为 false 时在取 log 前加到 λ 上',
      },
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  tex: {
    loss: '\\ell = e^{x} - y\\,x \\quad (x = \\log\\lambda)',
    grad: '\\frac{\\partial \\ell}{\\partial x} = e^{x} - y',
  },
  notes: {
    en: 'For count data: the negative log-likelihood of y ~ Poisson(λ), up to the constant log y!. PyTorch takes log λ by default (eps only matters when log_input=False); Keras Poisson and tfjs-layers poisson take λ with eps 1e-7.',
    'zh-cn':
      '用于计数数据：y ~ Poisson(λ) 的负对数似然（省略常数 log y!）。PyTorch 默认输入 log λ（eps 仅在 log_input=False 时起作用）；Keras Poisson 与 tfjs-layers poisson 输入 λ，eps 为 1e-7。',
  },
  compute(input, target, p, r) {
    requireSameShape('poisson_nll', input, target);
    const logInput = bool(p, 'log_input');
    const full = bool(p, 'full');
    const eps = num(p, 'eps');
    requireRange('poisson_nll', 'target', target, 0, Number.MAX_VALUE, 'counts');
    if (!logInput) {
      const d = input.data;
      for (let i = 0; i < d.length; i++) {
        if (!(d[i] + eps > 0))
          fail(
            `poisson_nll: input${indexText(input.shape, i)} is ${d[i]}, but rates must be > 0 when log_input is false (or use log-rates)`,
          );
      }
    }
    return elementwise('poisson_nll', input, target, p, r, (x, y, g, s, out) => {
      let sum = 0;
      for (let i = 0; i < x.length; i++) {
        const xi = x[i];
        const yi = y[i];
        let l: number;
        let d: number;
        if (logInput) {
          const e = Math.exp(xi);
          l = e - yi * xi;
          d = e - yi;
        } else {
          l = xi - yi * Math.log(xi + eps);
          d = 1 - yi / (xi + eps);
        }
        // Stirling's approximation of log y!, applied where PyTorch applies it (y > 1).
        if (full && yi > 1) l += yi * Math.log(yi) - yi + HALF_LOG_2PI + 0.5 * Math.log(yi);
        g[i] = d * s;
        if (out) out[i] = l;
        sum += l;
      }
      return sum;
    });
  },
};

const dice: LossDefinition = {
  id: 'dice',
  title: { en: 'Dice loss', 'zh-cn': 'Dice 损失' },
  family: 'distribution',
  input: {
    en: 'probabilities; first axis is the batch (1-D is one sample)',
    'zh-cn': '概率；第一维为批次（一维即单个样本）',
  },
  target: { en: 'masks in [0, 1], same shape', 'zh-cn': '[0, 1] 内的掩码，形状相同' },
  params: [
    {
      name: 'smooth',
      kind: 'number',
      default: 1,
      min: 0,
      max: 1e6,
      description: {
        en: 'Added to numerator and denominator so empty masks do not divide by zero',
        'zh-cn': '加到分子与分母上，避免空掩码导致除零',
      },
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  tex: {
    loss: '\\ell = 1 - \\frac{2\\sum_k p_k t_k + s}{\\sum_k p_k + \\sum_k t_k + s}',
    grad: '\\frac{\\partial \\ell}{\\partial p_k} = \\frac{(2I + s) - 2t_k\\,(U + s)}{(U + s)^2},\\quad I = \\sum p t,\\ U = \\sum p + \\sum t',
  },
  notes: {
    en: 'One minus the soft Dice coefficient (F1 score) of each sample: it measures overlap, so a tiny foreground is not drowned by the background, which is why segmentation uses it. Not in PyTorch, Keras, Optax or TF.js core; the form here is the common smoothed one (V-Net uses squares in the denominator).',
    'zh-cn':
      '每个样本的 1 − 软 Dice 系数（F1 分数）：度量重叠程度，小前景不会被背景淹没，因而常用于分割。PyTorch、Keras、Optax、TF.js 核心均未提供；此处为常见的平滑形式（V-Net 的分母用平方和）。',
  },
  compute(input, target, p, r) {
    requireSameShape('dice', input, target);
    requireRange('dice', 'input', input, 0, 1, 'probabilities');
    requireRange('dice', 'target', target, 0, 1, 'masks');
    const smooth = num(p, 'smooth');
    const batched = input.shape.length > 1;
    const n = batched ? input.shape[0] : 1;
    const m = batched ? sizeOf(input.shape.slice(1)) : input.data.length;
    const a = input.data;
    const t = target.data;
    const grad = new Float64Array(a.length);
    const loss = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * m;
      let inter = 0;
      let union = 0;
      for (let k = o; k < o + m; k++) {
        inter += a[k] * t[k];
        union += a[k] + t[k];
      }
      const den = union + smooth;
      if (den === 0)
        fail(`dice: sample ${i} has an empty prediction and mask and smooth is 0, so the loss is 0/0; use smooth > 0`);
      loss[i] = 1 - (2 * inter + smooth) / den;
      const num2 = 2 * inter + smooth;
      for (let k = o; k < o + m; k++) grad[k] = (num2 - 2 * t[k] * den) / (den * den);
    }
    return reduceSamples('dice', loss, batched ? [n] : [], { shape: [...input.shape], data: grad }, r, n);
  },
};

export const distributionLosses = [klDiv, poissonNll, dice];
