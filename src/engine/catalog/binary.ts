import { elementwise, requireSameShape, type LossDefinition } from '../definition';
import { broadcastParam, num, shapedVec, type ParamSpec } from '../params';
import { logSigmoid, requireRange, sigmoid } from '../numerics';

const LOGITS = { en: 'logits (any shape)', 'zh-cn': 'logits（任意形状）' };
const BINARY = { en: 'targets in [0, 1], same shape', 'zh-cn': '[0, 1] 内的目标值，形状相同' };
const REDUCTIONS = ['mean', 'sum', 'none'] as const;

/**
 * bce's and bce_with_logits' `weight` and `pos_weight` broadcast to the input as in PyTorch (NumPy's
 * rule, aligned from the right, never enlarging the loss): for an (N, C) input a number, (C,),
 * (1, C), (N, 1) or (N, C) all work. Pass more than one axis as nested arrays (`[[2], [0.5]]` is
 * (2, 1)) or as a Tensor `{ shape, data }`; a flat array is (k,), so it lies along the last axis
 * (or, an engine addition, holds one value per element). See `broadcastParam` in ../params.ts.
 */
const weightParam = (en: string, zh: string): ParamSpec => ({
  name: 'weight',
  kind: 'vector',
  default: null,
  broadcast: true,
  description: { en, 'zh-cn': zh },
});
const WEIGHT = weightParam(
  'Rescales each element’s loss; any shape that broadcasts to the input: a number, (C,), (N, 1), (N, C), …',
  '逐元素缩放损失；可为任何能广播到输入形状的形状：标量、(C,)、(N, 1)、(N, C) 等',
);

/** PyTorch clamps each log at −100 so that p = 0 or 1 gives a finite loss of at most 100. */
const LOG_FLOOR = -100;
/**
 * PyTorch's BCE backward divides by max(p(1−p), ε) so the gradient stays finite at p = 0, 1. Its ε is
 * the float literal 1e-12f even in float64, so the engine uses float32(1e-12) to match it exactly.
 */
const BCE_EPS = Math.fround(1e-12);

const bce: LossDefinition = {
  id: 'bce',
  title: { en: 'Binary cross-entropy (probabilities)', 'zh-cn': '二元交叉熵（概率输入）' },
  family: 'probability',
  input: { en: 'probabilities in [0, 1]', 'zh-cn': '[0, 1] 内的概率' },
  target: BINARY,
  params: [WEIGHT],
  reductions: REDUCTIONS,
  tex: {
    loss: '\\ell = -w\\,\\bigl[y \\log p + (1 - y) \\log(1 - p)\\bigr]',
    grad: '\\frac{\\partial \\ell}{\\partial p} = w\\,\\frac{p - y}{p\\,(1 - p)}',
  },
  notes: {
    en: 'The negative log-likelihood of a Bernoulli. PyTorch clamps each log at −100, so the worst loss is 100; Keras and TF.js clip p to [1e-7, 1 − 1e-7], so theirs is 16.1 and the gradient is 0 outside the clip. Prefer bce_with_logits: it is stable and its gradient is simply σ(z) − y.',
    'zh-cn':
      '伯努利分布的负对数似然。PyTorch 将每个 log 截断在 −100，最大损失为 100；Keras 与 TF.js 将 p 裁剪到 [1e-7, 1 − 1e-7]，最大为 16.1，裁剪区外梯度为 0。推荐使用 bce_with_logits：数值稳定，梯度就是 σ(z) − y。',
  },
  compute(input, target, p, r) {
    requireSameShape('bce', input, target);
    requireRange('bce', 'input', input, 0, 1, 'probabilities');
    requireRange('bce', 'target', target, 0, 1, 'targets');
    const w = broadcastParam('bce', 'weight', shapedVec(p, 'weight'), input.shape);
    if (w === null) return elementwise('bce', input, target, p, r, bcePlainKernel);
    return elementwise('bce', input, target, p, r, (a, y, g, s, out) => bceWeightedKernel(a, y, w, g, s, out));
  },
};

/** ℓ = −[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)], ∂ℓ/∂p = (p − y)/max(p(1 − p), ε). */
function bcePlainKernel(
  a: Float64Array,
  y: Float64Array,
  g: Float64Array,
  s: number,
  out: Float64Array | null,
): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const pi = a[i];
    const yi = y[i];
    const l = -(yi * Math.max(Math.log(pi), LOG_FLOOR) + (1 - yi) * Math.max(Math.log1p(-pi), LOG_FLOOR));
    g[i] = ((pi - yi) * s) / Math.max(pi * (1 - pi), BCE_EPS);
    if (out !== null) out[i] = l;
    sum += l;
  }
  return sum;
}

/** The same with a weight per element (already broadcast to the input). */
function bceWeightedKernel(
  a: Float64Array,
  y: Float64Array,
  w: Float64Array,
  g: Float64Array,
  s: number,
  out: Float64Array | null,
): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const pi = a[i];
    const yi = y[i];
    const wi = w[i];
    const l = -wi * (yi * Math.max(Math.log(pi), LOG_FLOOR) + (1 - yi) * Math.max(Math.log1p(-pi), LOG_FLOOR));
    g[i] = (wi * (pi - yi) * s) / Math.max(pi * (1 - pi), BCE_EPS);
    if (out !== null) out[i] = l;
    sum += l;
  }
  return sum;
}

const bceWithLogits: LossDefinition = {
  id: 'bce_with_logits',
  title: { en: 'Binary cross-entropy with logits', 'zh-cn': '带 logits 的二元交叉熵' },
  family: 'probability',
  input: LOGITS,
  target: BINARY,
  params: [
    {
      name: 'pos_weight',
      kind: 'vector',
      default: null,
      broadcast: true,
      description: {
        en: 'Weight of positive examples, per class (C,) along the last axis, or any shape that broadcasts to the input; > 1 raises recall',
        'zh-cn': '正样本权重，按类别 (C,)（沿最后一维），或任何能广播到输入形状的形状；> 1 提高召回率',
      },
    },
    WEIGHT,
  ],
  reductions: REDUCTIONS,
  tex: {
    loss: '\\ell = -w\\,\\bigl[p_w\\,y \\log \\sigma(z) + (1 - y) \\log(1 - \\sigma(z))\\bigr]',
    grad: '\\frac{\\partial \\ell}{\\partial z} = w\\,\\bigl[(1 + (p_w - 1)\\,y)\\,\\sigma(z) - p_w\\,y\\bigr]',
  },
  notes: {
    en: 'Sigmoid and BCE fused: computed as (1 − y)z − (1 + (p_w − 1)y)·log σ(z), stable for logits of ±1e4. Without pos_weight the gradient is σ(z) − y: no σ′ factor, so saturated units still learn. Keras uses from_logits=True; Optax sigmoid_binary_cross_entropy; TF.js sigmoidCrossEntropy.',
    'zh-cn':
      'sigmoid 与 BCE 融合：按 (1 − y)z − (1 + (p_w − 1)y)·log σ(z) 计算，logits 为 ±1e4 时仍稳定。无 pos_weight 时梯度为 σ(z) − y：没有 σ′ 因子，饱和单元仍能学习。Keras 用 from_logits=True；Optax 为 sigmoid_binary_cross_entropy；TF.js 为 sigmoidCrossEntropy。',
  },
  compute(input, target, p, r) {
    requireSameShape('bce_with_logits', input, target);
    requireRange('bce_with_logits', 'target', target, 0, 1, 'targets');
    const w = broadcastParam('bce_with_logits', 'weight', shapedVec(p, 'weight'), input.shape);
    const pw = broadcastParam('bce_with_logits', 'pos_weight', shapedVec(p, 'pos_weight'), input.shape);
    if (w === null && pw === null) return elementwise('bce_with_logits', input, target, p, r, bceWithLogitsPlainKernel);
    return elementwise('bce_with_logits', input, target, p, r, (z, y, g, s, out) =>
      bceWithLogitsWeightedKernel(z, y, w, pw, g, s, out),
    );
  },
};

/**
 * Weighted: ℓ = w·[(1 − y)z − c·log σ(z)], c = 1 + (p_w − 1)y, ∂ℓ/∂z = w·(c·σ(z) − p_w·y). With
 * −log σ(z) = max(−z, 0) + log1p(e^(−|z|)) this is w·[max(z, 0) − z·y + c·log1p(e^(−|z|)) +
 * (c − 1)·max(−z, 0)]: no z − z cancellation for negative z, and with c = 1 it is the unweighted
 * kernel's sum term for term. w and p_w are per element (already broadcast) or null for all ones.
 */
function bceWithLogitsWeightedKernel(
  z: Float64Array,
  y: Float64Array,
  w: Float64Array | null,
  pw: Float64Array | null,
  g: Float64Array,
  s: number,
  out: Float64Array | null,
): number {
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    const yi = y[i];
    const wi = w !== null ? w[i] : 1;
    const pwi = pw !== null ? pw[i] : 1;
    const c = 1 + (pwi - 1) * yi;
    const e = Math.exp(-Math.abs(zi));
    const sig = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    const l = wi * (Math.max(zi, 0) - zi * yi + c * Math.log1p(e) + (c - 1) * Math.max(-zi, 0));
    g[i] = wi * (c * sig - pwi * yi) * s;
    if (out !== null) out[i] = l;
    sum += l;
  }
  return sum;
}

/** Unweighted: ℓ = max(z, 0) − z·y + log1p(e^(−|z|)), ∂ℓ/∂z = σ(z) − y, one exp for both. */
function bceWithLogitsPlainKernel(
  z: Float64Array,
  y: Float64Array,
  g: Float64Array,
  s: number,
  out: Float64Array | null,
): number {
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    const yi = y[i];
    const e = Math.exp(-Math.abs(zi));
    const l = Math.max(zi, 0) - zi * yi + Math.log1p(e);
    const sig = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    g[i] = (sig - yi) * s;
    sum += l;
    if (out !== null) out[i] = l;
  }
  return sum;
}

const focal: LossDefinition = {
  id: 'focal',
  title: { en: 'Sigmoid focal loss', 'zh-cn': 'Sigmoid focal 损失' },
  family: 'probability',
  input: LOGITS,
  target: { en: 'binary targets, same shape', 'zh-cn': '二值目标，形状相同' },
  params: [
    {
      name: 'alpha',
      kind: 'number',
      default: 0.25,
      min: -1,
      max: 1,
      description: {
        en: 'Weight of the positive class, α_t = αy + (1 − α)(1 − y); < 0 disables it',
        'zh-cn': '正类权重 α_t = αy + (1 − α)(1 − y)；< 0 表示不使用',
      },
    },
    {
      name: 'gamma',
      kind: 'number',
      default: 2,
      min: 0,
      max: 10,
      description: {
        en: 'Focusing: how much easy examples (p_t → 1) are down-weighted; 0 gives weighted BCE',
        'zh-cn': '聚焦参数：对易分样本（p_t → 1）的降权程度；0 即加权 BCE',
      },
    },
  ],
  reductions: REDUCTIONS,
  tex: {
    loss: '\\ell = -\\alpha_t\\,(1 - p_t)^{\\gamma} \\log p_t,\\quad p_t = \\begin{cases} \\sigma(z) & y = 1 \\\\ 1 - \\sigma(z) & y = 0 \\end{cases}',
    grad: '\\frac{\\partial \\ell}{\\partial z} = s\\,\\alpha_t\\,(1 - p_t)^{\\gamma}\\bigl(\\gamma\\,p_t \\log p_t + p_t - 1\\bigr),\\quad s = 2y - 1',
  },
  notes: {
    en: 'Down-weights easy examples so that training focuses on the hard ones (RetinaNet), for heavy class imbalance. torchvision applies α = 0.25 by default and reduces with none; the engine defaults to mean like the other ids. Keras applies α only with apply_class_balancing=True; Optax alpha defaults to None.',
    'zh-cn':
      '降低易分样本的权重，使训练聚焦于难样本（RetinaNet），适合严重类别不平衡。torchvision 默认 α = 0.25、不做归约；本引擎与其他损失一样默认取平均。Keras 仅在 apply_class_balancing=True 时使用 α；Optax 的 alpha 默认为 None。',
  },
  compute(input, target, p, r) {
    requireSameShape('focal', input, target);
    requireRange('focal', 'target', target, 0, 1, 'targets');
    const alpha = num(p, 'alpha');
    const gamma = num(p, 'gamma');
    return elementwise('focal', input, target, p, r, (z, y, g, s, out) => {
      let sum = 0;
      for (let i = 0; i < z.length; i++) {
        const zi = z[i];
        const yi = y[i];
        const pr = sigmoid(zi);
        // 1 − p_t = y·σ(−z) + (1 − y)·σ(z), taken without the cancellation of 1 − p_t.
        const q = yi * sigmoid(-zi) + (1 - yi) * pr;
        const ce = (1 - yi) * zi - logSigmoid(zi); // BCE with logits
        const at = alpha >= 0 ? alpha * yi + (1 - alpha) * (1 - yi) : 1;
        const qg = gamma === 0 ? 1 : Math.pow(q, gamma);
        const l = at * ce * qg;
        // d(1 − p_t)/dz = −(2y − 1)·σ(z)σ(−z). q = 0 only when σ(±z) underflowed to 0, and then
        // dq is 0 as well: skip γ·q^(γ−1), which would be 0·∞ for γ < 1.
        const dq = -(2 * yi - 1) * pr * sigmoid(-zi);
        const dqg = gamma === 0 || q === 0 ? 0 : gamma * (qg / q) * dq;
        g[i] = at * ((pr - yi) * qg + ce * dqg) * s;
        if (out) out[i] = l;
        sum += l;
      }
      return sum;
    });
  },
};

export const binaryLosses = [bce, bceWithLogits, focal];
