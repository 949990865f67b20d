import { elementwise, requireSameShape, type ElementKernel, type LossDefinition, type Reduction } from '../definition';
import type { Localized, ResolvedParams } from '../params';
import { sigmoid, signTargets, softplus } from '../numerics';
import type { Tensor } from '../tensor';

const SCORES = { en: 'scores f(x) (any shape)', 'zh-cn': '得分 f(x)（任意形状）' };
const SIGNS = { en: 'labels ±1 (all-0/1 labels are mapped to ±1)', 'zh-cn': '标签 ±1（全为 0/1 时映射为 ±1）' };
const MARGIN_NOTE = {
  en: 'A surrogate for the 0-1 loss as a function of the margin m = y·f(x).',
  'zh-cn': '以间隔 m = y·f(x) 为自变量的 0-1 损失替代函数。',
};

/** ℓ(m) and dℓ/dm for one margin; the chain rule dm/df = y is applied by the caller. */
type MarginFn = (m: number) => number;

function marginLoss(
  id: string,
  title: Localized,
  tex: { loss: string; grad: string },
  notes: Localized,
  kernel: ElementKernel,
): LossDefinition {
  return {
    id,
    title,
    family: 'margin',
    input: SCORES,
    target: SIGNS,
    params: [],
    reductions: ['mean', 'sum', 'none'],
    tex,
    notes: { en: `${MARGIN_NOTE.en} ${notes.en}`, 'zh-cn': `${MARGIN_NOTE['zh-cn']}${notes['zh-cn']}` },
    compute(input: Tensor, target: Tensor, p: ResolvedParams, r: Reduction) {
      requireSameShape(id, input, target);
      const signs: Tensor = { shape: target.shape, data: signTargets(id, target) };
      return elementwise(id, input, signs, p, r, kernel);
    },
  };
}

/** Builds the fused loop from a loss and its derivative in m; V8 inlines the small closures. */
function kernelOf(loss: MarginFn, dloss: MarginFn): ElementKernel {
  return (f, y, g, s, out) => {
    let sum = 0;
    for (let i = 0; i < f.length; i++) {
      const m = y[i] * f[i];
      const l = loss(m);
      g[i] = y[i] * dloss(m) * s;
      if (out) out[i] = l;
      sum += l;
    }
    return sum;
  };
}

const hinge = marginLoss(
  'hinge',
  { en: 'Hinge', 'zh-cn': '合页损失（Hinge）' },
  { loss: '\\ell = \\max(0,\\ 1 - y f)', grad: '\\frac{\\partial \\ell}{\\partial f} = -y\\,\\mathbb{1}[y f < 1]' },
  {
    en: 'The SVM loss: zero once a point is beyond the margin, so only the support vectors matter. tf.losses.hingeLoss always maps y ← 2y − 1; Keras maps only all-0/1 labels; Optax never maps.',
    'zh-cn':
      'SVM 的损失：点越过间隔后损失为零，只有支持向量起作用。tf.losses.hingeLoss 总是执行 y ← 2y − 1；Keras 仅在标签全为 0/1 时映射；Optax 从不映射。',
  },
  kernelOf(
    (m) => Math.max(0, 1 - m),
    (m) => (m < 1 ? -1 : 0),
  ),
);

const squaredHinge = marginLoss(
  'squared_hinge',
  { en: 'Squared hinge', 'zh-cn': '平方合页损失' },
  { loss: '\\ell = \\max(0,\\ 1 - y f)^2', grad: '\\frac{\\partial \\ell}{\\partial f} = -2y\\max(0,\\ 1 - y f)' },
  {
    en: 'Hinge squared: differentiable at the margin and harsher on large violations.',
    'zh-cn': '合页损失的平方：在间隔处可导，对大幅违背间隔的点惩罚更重。',
  },
  kernelOf(
    (m) => (m < 1 ? (1 - m) * (1 - m) : 0),
    (m) => (m < 1 ? -2 * (1 - m) : 0),
  ),
);

const logistic = marginLoss(
  'logistic',
  { en: 'Logistic', 'zh-cn': '逻辑斯谛损失' },
  {
    loss: '\\ell = \\log\\bigl(1 + e^{-y f}\\bigr)',
    grad: '\\frac{\\partial \\ell}{\\partial f} = -y\\,\\sigma(-y f)',
  },
  {
    en: 'Logistic regression with ±1 labels; equals binary cross-entropy on logits. Never exactly zero, so every point keeps pulling. Computed as softplus(−m), stable for any m.',
    'zh-cn':
      '使用 ±1 标签的逻辑斯谛回归，等价于 logits 上的二元交叉熵。永不为零，每个点都持续施加拉力。按 softplus(−m) 计算，对任意 m 都稳定。',
  },
  kernelOf(
    (m) => softplus(-m),
    (m) => -sigmoid(-m),
  ),
);

const exponential = marginLoss(
  'exponential',
  { en: 'Exponential', 'zh-cn': '指数损失' },
  { loss: '\\ell = e^{-y f}', grad: '\\frac{\\partial \\ell}{\\partial f} = -y\\,e^{-y f}' },
  {
    en: 'The loss AdaBoost minimises. It grows exponentially with a wrong margin, so a few mislabelled points can dominate.',
    'zh-cn': 'AdaBoost 所最小化的损失。错误间隔越大损失指数增长，少数错标点即可主导训练。',
  },
  kernelOf(
    (m) => Math.exp(-m),
    (m) => -Math.exp(-m),
  ),
);

const zeroOne = marginLoss(
  'zero_one',
  { en: '0-1 loss', 'zh-cn': '0-1 损失' },
  {
    loss: '\\ell = \\mathbb{1}[y f \\le 0]',
    grad: '\\frac{\\partial \\ell}{\\partial f} = 0 \\text{ (almost everywhere)}',
  },
  {
    en: 'What classification accuracy counts. Its gradient is zero almost everywhere, which is why we train on the surrogates instead.',
    'zh-cn': '分类准确率所统计的量。其梯度几乎处处为零，因此训练时改用替代损失。',
  },
  (f, y, g, _s, out) => {
    let sum = 0;
    let check = 0; // comparisons hide NaN; summing the margins lets evaluate() notice it
    for (let i = 0; i < f.length; i++) {
      const m = y[i] * f[i];
      const l = m <= 0 ? 1 : 0;
      check += m;
      g[i] = 0;
      if (out) out[i] = l;
      sum += l;
    }
    return Number.isNaN(check) ? NaN : sum;
  },
);

export const marginLosses = [zeroOne, hinge, squaredHinge, logistic, exponential];
