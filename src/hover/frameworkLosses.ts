/**
 * What the hovers know about framework losses: each PyTorch, torchvision, Keras, Optax and TF.js
 * loss (by its canonical symbol, see ./resolveSymbol), the catalog loss it computes, that
 * framework's parameters and defaults, its default reduction and where it differs from the same
 * loss elsewhere. Pure data, no `vscode`: the facts come from shared/reference/loss-semantics.md.
 */
import type { Localized } from '../engine';

export type FrameworkId = 'pytorch' | 'torchvision' | 'keras' | 'optax' | 'tfjs';

export const FRAMEWORK_NAMES: Record<FrameworkId, string> = {
  pytorch: 'PyTorch',
  torchvision: 'torchvision',
  keras: 'Keras',
  optax: 'Optax',
  tfjs: 'TensorFlow.js',
};

/** A parameter as that framework spells it, with its default as written there. */
type FrameworkParam = {
  name: string;
  default: string;
  /** The catalog parameter it sets, when the playground has it. */
  catalog?: string;
};

export type PlaygroundParams = Record<string, number | boolean>;

export type FrameworkLoss = {
  /** Canonical symbol: `torch.nn.functional.cross_entropy`, `keras.losses.Huber`, `tfjs.losses.huberLoss`, `keras:"mse"`. */
  symbol: string;
  framework: FrameworkId;
  kind: 'function' | 'class' | 'string';
  /** Catalog id of the loss it computes. */
  catalogId: string;
  /** The arguments in their order, as the framework names them. */
  args: string;
  params: readonly FrameworkParam[];
  reduction: Localized;
  /** Catalog parameters that reproduce this framework's defaults in the playground. */
  playground: PlaygroundParams;
  differences: readonly Localized[];
  /** A boolean keyword that switches the loss, e.g. Keras `from_logits=True`: BCE → BCE with logits. */
  switch?: { param: string; catalogId: string; playground?: PlaygroundParams };
};

// ---------------------------------------------------------------------------------------------
// Default reductions (loss-semantics §1)

const R = {
  torchMean: { en: "`'mean'`: Σℓ / number of elements", 'zh-cn': "`'mean'`：Σℓ / 元素个数" },
  torchWeighted: {
    en: "`'mean'`: Σ w_yℓ / Σ w_y over the non-ignored targets (÷ N for probability targets)",
    'zh-cn': "`'mean'`：对未忽略的目标 Σ w_yℓ / Σ w_y（概率目标时 ÷ N）",
  },
  torchKl: {
    en: "`'mean'`: ÷ every element, which is not the KL divergence; pass `reduction='batchmean'` (÷ batch size)",
    'zh-cn': "`'mean'`：除以全部元素个数，这不是 KL 散度；请用 `reduction='batchmean'`（÷ 批大小）",
  },
  torchvision: { en: "`'none'`: one loss per element, you reduce", 'zh-cn': "`'none'`：逐元素返回，由你自己归约" },
  keras: {
    en: '`"sum_over_batch_size"`: mean over the last axis per sample, then Σ(ℓ·w) / number of samples',
    'zh-cn': '`"sum_over_batch_size"`：先对每个样本在最后一个轴上取平均，再 Σ(ℓ·w) / 样本数',
  },
  optaxElement: { en: 'none: one loss per element, you reduce', 'zh-cn': '无：逐元素返回，由你自己归约' },
  optaxExample: { en: 'none: one loss per example (row), you reduce', 'zh-cn': '无：逐样本（每行）返回，由你自己归约' },
  tfjsLayers: {
    en: 'a per-sample mean over the last axis (as Keras); how `model.compile` then reduces the batch was not verified',
    'zh-cn': '先对每个样本在最后一个轴上取平均（同 Keras）；`model.compile` 之后如何对批次归约尚未核实',
  },
  tfjs: {
    en: '`SUM_BY_NONZERO_WEIGHTS`: a mean without weights; Σwℓ / number of non-zero weights with them',
    'zh-cn': '`SUM_BY_NONZERO_WEIGHTS`：无权重时为平均；有权重时为 Σwℓ / 非零权重个数',
  },
} satisfies Record<string, Localized>;

// ---------------------------------------------------------------------------------------------
// Where frameworks disagree (loss-semantics §7, and the tables of §2–§6)

const D = {
  kerasOrder: {
    en: 'Keras calls `loss(y_true, y_pred)`: the target first, the reverse of PyTorch’s `(input, target)`.',
    'zh-cn': 'Keras 的调用顺序是 `loss(y_true, y_pred)`：目标在前，与 PyTorch 的 `(input, target)` 相反。',
  },
  kerasSum: {
    en: 'Keras `reduction="sum"` on an (N, D) elementwise loss gives Σᵢ mean_d, D times less than PyTorch’s `sum`; the means agree. Sample weights divide by the sample count, not Σw.',
    'zh-cn':
      'Keras 对 (N, D) 逐元素损失使用 `reduction="sum"` 得到 Σᵢ mean_d，比 PyTorch 的 `sum` 小 D 倍；两者的平均一致。样本权重时除以样本数而非 Σw。',
  },
  tfjsOrder: {
    en: 'Labels first, predictions second (as Keras); weights divide by the number of non-zero weights, not Σw.',
    'zh-cn': '标签在前、预测在后（同 Keras）；有权重时除以非零权重个数，而非 Σw。',
  },
  optaxNone: {
    en: 'Optax does not reduce: call `.mean()` yourself.',
    'zh-cn': 'Optax 不做归约：需要自己调用 `.mean()`。',
  },
  mseOptax: {
    en: 'Optax `squared_error` is e² (no ½); `l2_loss` is ½e², whose gradient is e rather than 2e.',
    'zh-cn': 'Optax 的 `squared_error` 是 e²（没有 ½）；`l2_loss` 是 ½e²，梯度为 e 而非 2e。',
  },
  l2Loss: {
    en: '`l2_loss` is ½(a − y)²: half of the MSE the playground draws, with gradient e; `squared_error` has no ½.',
    'zh-cn': '`l2_loss` 为 ½(a − y)²：演练场所画 MSE 的一半，梯度为 e；`squared_error` 没有 ½。',
  },
  l1Subgradient: {
    en: 'At zero error the subgradient is 0 in PyTorch and −1 in TF.js.',
    'zh-cn': '误差为零时，PyTorch 的次梯度为 0，TF.js 为 −1。',
  },
  huberVsSmoothL1: {
    en: 'Huber(δ) = δ · SmoothL1(β = δ): Huber’s gradient saturates at ±δ, Smooth L1’s at ±1; they agree only at δ = β = 1. PyTorch `huber_loss`, Keras, Optax and TF.js Huber all agree.',
    'zh-cn':
      'Huber(δ) = δ · SmoothL1(β = δ)：Huber 的梯度饱和于 ±δ，Smooth L1 饱和于 ±1，仅在 δ = β = 1 时相同。PyTorch `huber_loss`、Keras、Optax 与 TF.js 的 Huber 一致。',
  },
  smoothL1: {
    en: 'Smooth L1(β) = Huber(δ = β) / β: slope ±1 in the tails (Huber: ±δ). β = 0 is L1; β < 0 is an error. Only PyTorch has it.',
    'zh-cn':
      'Smooth L1(β) = Huber(δ = β) / β：两侧斜率为 ±1（Huber 为 ±δ）。β = 0 即 L1；β < 0 报错。只有 PyTorch 提供。',
  },
  logCosh: {
    en: 'Computed stably (Keras: e + softplus(−2e) − log 2; Optax: logaddexp(e, −e) − log 2). PyTorch has no log-cosh.',
    'zh-cn':
      '以稳定形式计算（Keras：e + softplus(−2e) − log 2；Optax：logaddexp(e, −e) − log 2）。PyTorch 没有 log-cosh。',
  },
  bceTorch: {
    en: 'PyTorch clamps log at −100, so the largest BCE is 100 and the gradient stays non-zero; Keras and TF.js clip p to [1e-7, 1 − 1e-7], so theirs is ≈ 16.118, with zero gradient outside (Keras).',
    'zh-cn':
      'PyTorch 将 log 截断在 −100，BCE 最大为 100，且梯度不为零；Keras 和 TF.js 将 p 裁剪到 [1e-7, 1 − 1e-7]，最大约 16.118，裁剪范围外梯度为 0（Keras）。',
  },
  bceKeras: {
    en: 'Keras clips p to [1e-7, 1 − 1e-7]: the largest loss is −log(1e-7) ≈ 16.118 (PyTorch: 100), and the gradient is 0 outside the clip. Label smoothing is y(1 − ε) + ε/2. `from_logits=True` uses the stable logit form.',
    'zh-cn':
      'Keras 将 p 裁剪到 [1e-7, 1 − 1e-7]：最大损失为 −log(1e-7) ≈ 16.118（PyTorch 为 100），裁剪范围外梯度为 0。标签平滑为 y(1 − ε) + ε/2。`from_logits=True` 时使用稳定的 logit 形式。',
  },
  logLoss: {
    en: 'TF.js `logLoss` adds ε = 1e-7 inside the logs instead of clipping: p = 0, y = 1 gives 16.118 (PyTorch: 100).',
    'zh-cn': 'TF.js 的 `logLoss` 在 log 内加 ε = 1e-7 而不是裁剪：p = 0、y = 1 时为 16.118（PyTorch 为 100）。',
  },
  posWeight: {
    en: 'Only PyTorch has `pos_weight`; Keras (`from_logits=True`), Optax `sigmoid_binary_cross_entropy` and TF.js `sigmoidCrossEntropy` compute the same stable form without it.',
    'zh-cn':
      '只有 PyTorch 有 `pos_weight`；Keras（`from_logits=True`）、Optax `sigmoid_binary_cross_entropy` 与 TF.js `sigmoidCrossEntropy` 计算同样的稳定形式，但没有它。',
  },
  binarySmoothing: {
    en: 'Binary label smoothing is y(1 − ε) + ε/2 (Keras and TF.js); PyTorch BCE has none.',
    'zh-cn': '二分类标签平滑为 y(1 − ε) + ε/2（Keras 与 TF.js）；PyTorch 的 BCE 没有标签平滑。',
  },
  ceSmoothing: {
    en: 'Label smoothing is ε/C towards uniform in all four frameworks (Optax: `smooth_labels` separately); the binary losses of Keras and TF.js use ε/2.',
    'zh-cn':
      '多分类标签平滑在四个框架中都是向均匀分布加 ε/C（Optax 需单独调用 `smooth_labels`）；Keras 与 TF.js 的二分类损失用 ε/2。',
  },
  ceWeights: {
    en: 'With class weights and index targets the mean divides by Σ w_y, not N (probability targets: ÷ N). `ignore_index=-100` rows count for nothing; all ignored gives NaN (Keras `ignore_class` gives 0).',
    'zh-cn':
      '带类别权重且目标为类别索引时，平均除以 Σ w_y 而非 N（概率目标时 ÷ N）。`ignore_index=-100` 的行不计入；全部被忽略时为 NaN（Keras 的 `ignore_class` 给 0）。',
  },
  optaxCe: {
    en: 'Optax takes one-hot or probability labels (`softmax_cross_entropy`) or integer labels (`…_with_integer_labels`), returns one loss per example, and has no ignore_index (use `where`).',
    'zh-cn':
      'Optax 接受 one-hot 或概率标签（`softmax_cross_entropy`）或整数标签（`…_with_integer_labels`），逐样本返回，没有 ignore_index（用 `where`）。',
  },
  kerasCce: {
    en: 'Without `from_logits=True` Keras expects probabilities: it renormalises p/Σp and clips to [1e-7, 1 − 1e-7]. PyTorch and Optax have no probability-input cross-entropy.',
    'zh-cn':
      '不加 `from_logits=True` 时 Keras 期望概率输入：先归一化 p/Σp 再裁剪到 [1e-7, 1 − 1e-7]。PyTorch 与 Optax 没有概率输入的交叉熵。',
  },
  kerasSparse: {
    en: 'Integer targets. `ignore_class` positions are masked and the mean divides by the valid count (0 when all are ignored; PyTorch gives NaN). No label smoothing.',
    'zh-cn':
      '目标为整数类别。`ignore_class` 的位置被屏蔽，平均除以有效个数（全部被忽略时为 0；PyTorch 为 NaN）。没有标签平滑。',
  },
  tfjsSoftmax: {
    en: 'One-hot labels first, logits second, last axis only. Label smoothing adds ε/numClasses (its doc comment says “towards 1/2”, the code uses 1/C).',
    'zh-cn':
      'one-hot 标签在前、logits 在后，只作用于最后一个轴。标签平滑加 ε/类别数（文档注释写“向 1/2”，代码实际用 1/C）。',
  },
  nll: {
    en: 'The input is log-probabilities (apply `log_softmax` first). The class-weighted mean divides by Σ w_y; when every target is ignored it is NaN.',
    'zh-cn': '输入为对数概率（先做 `log_softmax`）。带类别权重的平均除以 Σ w_y；所有目标都被忽略时为 NaN。',
  },
  klTorch: {
    en: "Input log q, target p (log p with `log_target=True`). `reduction='mean'` divides by every element and is not KL (PyTorch warns); `'batchmean'` is, and equals Keras’s default.",
    'zh-cn':
      "输入为 log q，目标为 p（`log_target=True` 时为 log p）。`reduction='mean'` 除以全部元素，不是 KL（PyTorch 会警告）；`'batchmean'` 才是，并与 Keras 默认一致。",
  },
  klKeras: {
    en: 'Keras takes probabilities for both arguments and clips them to [1e-7, 1]; PyTorch and Optax take log-probabilities for the prediction.',
    'zh-cn': 'Keras 的两个参数都是概率，并裁剪到 [1e-7, 1]；PyTorch 与 Optax 的预测为对数概率。',
  },
  klOptax: {
    en: 'Log-predictions and probability targets (as PyTorch); 0·log 0 counts as 0; one value per example.',
    'zh-cn': '预测为对数概率、目标为概率（同 PyTorch）；0·log 0 取 0；逐样本返回。',
  },
  hingeKeras: {
    en: 'Labels should be ±1: Keras maps {0, 1} to {−1, 1} only when every label is 0 or 1. TF.js core always maps y ← 2y − 1; Optax never does.',
    'zh-cn':
      '标签应为 ±1：只有当所有标签都是 0 或 1 时 Keras 才映射到 {−1, 1}。TF.js core 总是做 y ← 2y − 1；Optax 从不映射。',
  },
  hingeTfjs: {
    en: '`tf.losses.hingeLoss` always maps labels y ← 2y − 1, so it expects 0/1 labels: a −1 label becomes −3 (loss 2.5 at p = 0.5). Keras maps only when all labels are 0/1; Optax and tfjs-layers never.',
    'zh-cn':
      '`tf.losses.hingeLoss` 总是把标签映射为 y ← 2y − 1，因此期望 0/1 标签：−1 会变成 −3（p = 0.5 时损失为 2.5）。Keras 仅在所有标签为 0/1 时映射；Optax 与 tfjs-layers 从不映射。',
  },
  hingeOptax: {
    en: 'Labels must be ±1: Optax never maps 0/1 labels (Keras does when all are 0/1, TF.js core always does).',
    'zh-cn': '标签必须为 ±1：Optax 从不映射 0/1 标签（Keras 在全部为 0/1 时映射，TF.js core 总是映射）。',
  },
  focalTorchvision: {
    en: 'torchvision applies α = 0.25 by default (α < 0 turns it off) and does not reduce. Keras applies α only with `apply_class_balancing=True`; Optax’s alpha defaults to None.',
    'zh-cn':
      'torchvision 默认使用 α = 0.25（α < 0 关闭），且不做归约。Keras 只在 `apply_class_balancing=True` 时使用 α；Optax 的 alpha 默认为 None。',
  },
  focalKeras: {
    en: 'α is used only with `apply_class_balancing=True` (torchvision applies α = 0.25 by default). Without `from_logits=True` the input is a probability, clipped to [1e-7, 1 − 1e-7].',
    'zh-cn':
      '只有 `apply_class_balancing=True` 时才使用 α（torchvision 默认使用 α = 0.25）。不加 `from_logits=True` 时输入为概率，裁剪到 [1e-7, 1 − 1e-7]。',
  },
  focalOptax: {
    en: 'alpha defaults to None (no α weighting; torchvision applies α = 0.25 by default). The focal weight is computed in log space.',
    'zh-cn': 'alpha 默认为 None（不加 α 权重；torchvision 默认 α = 0.25）。聚焦权重在对数空间计算。',
  },
  multiMargin: {
    en: 'PyTorch sums the margins over the wrong classes and divides by C; Keras `CategoricalHinge` and Optax `multiclass_hinge_loss` take the max instead.',
    'zh-cn':
      'PyTorch 对错误类别的间隔求和再除以 C；Keras `CategoricalHinge` 与 Optax `multiclass_hinge_loss` 则取最大值。',
  },
  maxHinge: {
    en: 'A max over the wrong classes (Crammer–Singer), not PyTorch’s sum ÷ C that the playground draws. Keras’s max includes 0 at the target slot, so Keras and Optax differ when every non-target score is below 0.',
    'zh-cn':
      '对错误类别取最大值（Crammer–Singer），而不是演练场所画的 PyTorch 求和 ÷ C。Keras 的最大值包含目标位置的 0，因此当所有非目标得分都小于 0 时 Keras 与 Optax 不同。',
  },
  poissonTorch: {
    en: 'The input is log λ by default (`log_input=True`); eps = 1e-8 is used only when `log_input=False`. Keras takes the rate λ, with eps = 1e-7.',
    'zh-cn':
      '默认输入为 log λ（`log_input=True`）；eps = 1e-8 只在 `log_input=False` 时使用。Keras 输入为速率 λ，eps = 1e-7。',
  },
  poissonKeras: {
    en: 'The input is the rate λ: p − y·log(p + 1e-7). PyTorch defaults to a log-rate input (eps 1e-8).',
    'zh-cn': '输入为速率 λ：p − y·log(p + 1e-7)。PyTorch 默认输入为对数速率（eps 1e-8）。',
  },
  softMargin: {
    en: 'Targets ±1, computed stably as log1p(exp(−y·x)). Keras, Optax and TF.js have no such loss.',
    'zh-cn': '目标为 ±1，以 log1p(exp(−y·x)) 稳定计算。Keras、Optax 与 TF.js 没有此损失。',
  },
} satisfies Record<string, Localized>;

// ---------------------------------------------------------------------------------------------
// Builders: one line per loss below.

type Spec = Omit<FrameworkLoss, 'symbol' | 'framework' | 'kind' | 'reduction' | 'playground'> & {
  reduction?: Localized;
  playground?: PlaygroundParams;
};

const entries: FrameworkLoss[] = [];

function add(
  framework: FrameworkId,
  kind: FrameworkLoss['kind'],
  symbols: readonly string[],
  base: Localized,
  s: Spec,
): void {
  for (const symbol of symbols)
    entries.push({ ...s, symbol, framework, kind, reduction: s.reduction ?? base, playground: s.playground ?? {} });
}

const p = (name: string, def: string, catalog?: string): FrameworkParam =>
  catalog ? { name, default: def, catalog } : { name, default: def };

// PyTorch: torch.nn.functional.f and the module class torch.nn.C compute the same loss.
function torch(fn: string, cls: string, s: Spec): void {
  add('pytorch', 'function', [`torch.nn.functional.${fn}`], R.torchMean, s);
  add('pytorch', 'class', [`torch.nn.${cls}`], R.torchMean, {
    ...s,
    args: `(${s.params.map((x) => `${x.name}=${x.default}`).join(', ')})(input, target)`,
  });
}
const torchReduction = p('reduction', "'mean'");

torch('mse_loss', 'MSELoss', {
  catalogId: 'mse',
  args: '(input, target)',
  params: [torchReduction],
  differences: [D.mseOptax],
});
torch('l1_loss', 'L1Loss', {
  catalogId: 'l1',
  args: '(input, target)',
  params: [torchReduction],
  differences: [D.l1Subgradient],
});
torch('smooth_l1_loss', 'SmoothL1Loss', {
  catalogId: 'smooth_l1',
  args: '(input, target)',
  params: [torchReduction, p('beta', '1.0', 'beta')],
  playground: { beta: 1 },
  differences: [D.smoothL1, D.huberVsSmoothL1],
});
torch('huber_loss', 'HuberLoss', {
  catalogId: 'huber',
  args: '(input, target)',
  params: [torchReduction, p('delta', '1.0', 'delta')],
  playground: { delta: 1 },
  differences: [D.huberVsSmoothL1],
});
torch('binary_cross_entropy', 'BCELoss', {
  catalogId: 'bce',
  args: '(input, target)',
  params: [p('weight', 'None'), torchReduction],
  differences: [D.bceTorch, D.binarySmoothing],
});
torch('binary_cross_entropy_with_logits', 'BCEWithLogitsLoss', {
  catalogId: 'bce_with_logits',
  args: '(input, target)',
  params: [p('weight', 'None'), torchReduction, p('pos_weight', 'None')],
  differences: [D.posWeight, D.binarySmoothing],
});
torch('cross_entropy', 'CrossEntropyLoss', {
  catalogId: 'cross_entropy',
  args: '(input, target)',
  params: [
    p('weight', 'None'),
    p('ignore_index', '-100', 'ignore_index'),
    torchReduction,
    p('label_smoothing', '0.0', 'label_smoothing'),
  ],
  reduction: R.torchWeighted,
  playground: { label_smoothing: 0 },
  differences: [D.ceSmoothing, D.ceWeights, D.optaxCe],
});
torch('nll_loss', 'NLLLoss', {
  catalogId: 'nll',
  args: '(input, target)',
  params: [p('weight', 'None'), p('ignore_index', '-100', 'ignore_index'), torchReduction],
  reduction: R.torchWeighted,
  differences: [D.nll],
});
torch('multi_margin_loss', 'MultiMarginLoss', {
  catalogId: 'multi_margin',
  args: '(input, target)',
  params: [p('p', '1', 'p'), p('margin', '1.0', 'margin'), p('weight', 'None'), torchReduction],
  playground: { p: 1, margin: 1 },
  differences: [D.multiMargin],
});
torch('kl_div', 'KLDivLoss', {
  catalogId: 'kl_div',
  args: '(input, target)',
  params: [p('reduction', "'mean'"), p('log_target', 'False', 'log_target')],
  reduction: R.torchKl,
  playground: { log_target: false },
  differences: [D.klTorch, D.klKeras],
});
torch('poisson_nll_loss', 'PoissonNLLLoss', {
  catalogId: 'poisson_nll',
  args: '(input, target)',
  params: [p('log_input', 'True', 'log_input'), p('full', 'False', 'full'), p('eps', '1e-08', 'eps'), torchReduction],
  playground: { log_input: true, full: false, eps: 1e-8 },
  differences: [D.poissonTorch],
});
torch('soft_margin_loss', 'SoftMarginLoss', {
  catalogId: 'logistic',
  args: '(input, target)',
  params: [torchReduction],
  differences: [D.softMargin],
});

add('torchvision', 'function', ['torchvision.ops.sigmoid_focal_loss'], R.torchvision, {
  catalogId: 'focal',
  args: '(inputs, targets)',
  params: [p('alpha', '0.25', 'alpha'), p('gamma', '2', 'gamma'), p('reduction', "'none'")],
  playground: { alpha: 0.25, gamma: 2 },
  differences: [D.focalTorchvision],
});

// Keras 3 (also tf.keras): a class and a function for each loss.
function keras(classes: readonly string[], fns: readonly string[], s: Spec): void {
  const diffs = [...s.differences, D.kerasOrder];
  add(
    'keras',
    'class',
    classes.map((c) => `keras.losses.${c}`),
    R.keras,
    {
      ...s,
      args: `(${s.params.map((x) => `${x.name}=${x.default}`).join(', ')})(y_true, y_pred)`,
      differences: [...diffs, D.kerasSum],
    },
  );
  add(
    'keras',
    'function',
    fns.map((f) => `keras.losses.${f}`),
    R.keras,
    { ...s, args: '(y_true, y_pred)', params: s.params.filter((x) => x.name !== 'reduction'), differences: diffs },
  );
}
const kerasReduction = p('reduction', '"sum_over_batch_size"');

keras(['MeanSquaredError'], ['mean_squared_error', 'mse', 'MSE'], {
  catalogId: 'mse',
  args: '',
  params: [kerasReduction],
  differences: [D.mseOptax],
});
keras(['MeanAbsoluteError'], ['mean_absolute_error', 'mae', 'MAE'], {
  catalogId: 'l1',
  args: '',
  params: [kerasReduction],
  differences: [D.l1Subgradient],
});
keras(['Huber'], ['huber'], {
  catalogId: 'huber',
  args: '',
  params: [p('delta', '1.0', 'delta'), kerasReduction],
  playground: { delta: 1 },
  differences: [D.huberVsSmoothL1],
});
keras(['LogCosh'], ['log_cosh', 'logcosh'], {
  catalogId: 'log_cosh',
  args: '',
  params: [kerasReduction],
  differences: [D.logCosh],
});
keras(['BinaryCrossentropy'], ['binary_crossentropy'], {
  catalogId: 'bce',
  args: '',
  params: [p('from_logits', 'False'), p('label_smoothing', '0.0'), p('axis', '-1'), kerasReduction],
  differences: [D.bceKeras],
  switch: { param: 'from_logits', catalogId: 'bce_with_logits' },
});
keras(['BinaryFocalCrossentropy'], ['binary_focal_crossentropy'], {
  catalogId: 'focal',
  args: '',
  params: [
    p('apply_class_balancing', 'False'),
    p('alpha', '0.25', 'alpha'),
    p('gamma', '2.0', 'gamma'),
    p('from_logits', 'False'),
    p('label_smoothing', '0.0'),
    kerasReduction,
  ],
  // α is off unless apply_class_balancing=True; the catalog turns it off with α < 0.
  playground: { alpha: -1, gamma: 2 },
  differences: [D.focalKeras],
});
keras(['CategoricalCrossentropy'], ['categorical_crossentropy'], {
  catalogId: 'categorical_crossentropy',
  args: '',
  params: [p('from_logits', 'False'), p('label_smoothing', '0.0'), p('axis', '-1'), kerasReduction],
  differences: [D.kerasCce, D.ceSmoothing],
  switch: { param: 'from_logits', catalogId: 'cross_entropy' },
});
keras(['SparseCategoricalCrossentropy'], ['sparse_categorical_crossentropy'], {
  catalogId: 'categorical_crossentropy',
  args: '',
  params: [p('from_logits', 'False'), p('ignore_class', 'None'), p('axis', '-1'), kerasReduction],
  differences: [D.kerasSparse, D.kerasCce],
  switch: { param: 'from_logits', catalogId: 'cross_entropy' },
});
keras(['KLDivergence'], ['kl_divergence', 'kld', 'KLD', 'kullback_leibler_divergence'], {
  catalogId: 'kl_div',
  args: '',
  params: [kerasReduction],
  differences: [D.klKeras, D.klTorch],
});
keras(['Poisson'], ['poisson'], {
  catalogId: 'poisson_nll',
  args: '',
  params: [kerasReduction],
  playground: { log_input: false, eps: 1e-7 },
  differences: [D.poissonKeras],
});
keras(['Hinge'], ['hinge'], { catalogId: 'hinge', args: '', params: [kerasReduction], differences: [D.hingeKeras] });
keras(['SquaredHinge'], ['squared_hinge'], {
  catalogId: 'squared_hinge',
  args: '',
  params: [kerasReduction],
  differences: [D.hingeKeras],
});
keras(['CategoricalHinge'], ['categorical_hinge'], {
  catalogId: 'multi_margin',
  args: '',
  params: [kerasReduction],
  playground: { p: 1, margin: 1 },
  differences: [D.maxHinge],
});

/** Keras's string names in `compile(loss=...)`, to the function they name. */
export const KERAS_STRING_LOSSES: Record<string, string> = {
  mse: 'mean_squared_error',
  mean_squared_error: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mean_absolute_error: 'mean_absolute_error',
  huber: 'huber',
  log_cosh: 'log_cosh',
  logcosh: 'log_cosh',
  binary_crossentropy: 'binary_crossentropy',
  binary_focal_crossentropy: 'binary_focal_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
  kl_divergence: 'kl_divergence',
  kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
  poisson: 'poisson',
  hinge: 'hinge',
  squared_hinge: 'squared_hinge',
  categorical_hinge: 'categorical_hinge',
};

// Optax: functions only, no reduction.
function optax(fns: readonly string[], s: Spec & { perExample?: boolean }): void {
  add(
    'optax',
    'function',
    fns.map((f) => `optax.${f}`),
    s.perExample ? R.optaxExample : R.optaxElement,
    { ...s, differences: [...s.differences, D.optaxNone] },
  );
}
optax(['squared_error'], {
  catalogId: 'mse',
  args: '(predictions, targets=None)',
  params: [],
  differences: [D.mseOptax],
});
optax(['l2_loss'], { catalogId: 'mse', args: '(predictions, targets=None)', params: [], differences: [D.l2Loss] });
optax(['huber_loss'], {
  catalogId: 'huber',
  args: '(predictions, targets=None)',
  params: [p('delta', '1.0', 'delta')],
  playground: { delta: 1 },
  differences: [D.huberVsSmoothL1],
});
optax(['log_cosh'], {
  catalogId: 'log_cosh',
  args: '(predictions, targets=None)',
  params: [],
  differences: [D.logCosh],
});
optax(['sigmoid_binary_cross_entropy'], {
  catalogId: 'bce_with_logits',
  args: '(logits, labels)',
  params: [],
  differences: [D.posWeight],
});
optax(['softmax_cross_entropy', 'safe_softmax_cross_entropy'], {
  catalogId: 'cross_entropy',
  args: '(logits, labels, axis=-1, where=None)',
  params: [p('axis', '-1'), p('where', 'None')],
  perExample: true,
  differences: [D.optaxCe, D.ceSmoothing],
});
optax(['softmax_cross_entropy_with_integer_labels'], {
  catalogId: 'cross_entropy',
  args: '(logits, labels, axis=-1, where=None)',
  params: [p('axis', '-1'), p('where', 'None')],
  perExample: true,
  differences: [D.optaxCe, D.ceWeights],
});
optax(['sigmoid_focal_loss'], {
  catalogId: 'focal',
  args: '(logits, labels, alpha=None, gamma=2.0)',
  params: [p('alpha', 'None', 'alpha'), p('gamma', '2.0', 'gamma')],
  playground: { alpha: -1, gamma: 2 },
  differences: [D.focalOptax],
});
optax(['hinge_loss'], {
  catalogId: 'hinge',
  args: '(predictor_outputs, targets)',
  params: [],
  differences: [D.hingeOptax],
});
optax(['multiclass_hinge_loss'], {
  catalogId: 'multi_margin',
  args: '(scores, labels)',
  params: [],
  perExample: true,
  playground: { p: 1, margin: 1 },
  differences: [D.maxHinge],
});
optax(['kl_divergence'], {
  catalogId: 'kl_div',
  args: '(log_predictions, targets)',
  params: [],
  perExample: true,
  playground: { log_target: false },
  differences: [D.klOptax, D.klKeras],
});
optax(['kl_divergence_with_log_targets'], {
  catalogId: 'kl_div',
  args: '(log_predictions, log_targets)',
  params: [],
  perExample: true,
  playground: { log_target: true },
  differences: [D.klOptax],
});

// TF.js core: tf.losses.*, labels first.
function tfjs(fns: readonly string[], s: Spec): void {
  add(
    'tfjs',
    'function',
    fns.map((f) => `tfjs.losses.${f}`),
    R.tfjs,
    {
      ...s,
      params: [...s.params, p('reduction', 'Reduction.SUM_BY_NONZERO_WEIGHTS')],
      differences: [...s.differences, D.tfjsOrder],
    },
  );
}
tfjs(['meanSquaredError'], {
  catalogId: 'mse',
  args: '(labels, predictions, weights?, reduction?)',
  params: [],
  differences: [],
});
tfjs(['absoluteDifference'], {
  catalogId: 'l1',
  args: '(labels, predictions, weights?, reduction?)',
  params: [],
  differences: [D.l1Subgradient],
});
tfjs(['huberLoss'], {
  catalogId: 'huber',
  args: '(labels, predictions, weights?, delta?, reduction?)',
  params: [p('delta', '1.0', 'delta')],
  playground: { delta: 1 },
  differences: [D.huberVsSmoothL1],
});
tfjs(['logLoss'], {
  catalogId: 'bce',
  args: '(labels, predictions, weights?, epsilon?, reduction?)',
  params: [p('epsilon', '1e-7')],
  differences: [D.logLoss, D.bceTorch],
});
tfjs(['sigmoidCrossEntropy'], {
  catalogId: 'bce_with_logits',
  args: '(multiClassLabels, logits, weights?, labelSmoothing?, reduction?)',
  params: [p('labelSmoothing', '0')],
  differences: [D.binarySmoothing, D.posWeight],
});
tfjs(['softmaxCrossEntropy'], {
  catalogId: 'cross_entropy',
  args: '(onehotLabels, logits, weights?, labelSmoothing?, reduction?)',
  params: [p('labelSmoothing', '0', 'label_smoothing')],
  playground: { label_smoothing: 0 },
  differences: [D.tfjsSoftmax, D.ceSmoothing],
});
tfjs(['hingeLoss'], {
  catalogId: 'hinge',
  args: '(labels, predictions, weights?, reduction?)',
  params: [],
  differences: [D.hingeTfjs],
});

/** tfjs-layers' string names in `model.compile({loss: ...})`, to the Keras function they match. */
export const TFJS_STRING_LOSSES: Record<string, string> = {
  meanSquaredError: 'mean_squared_error',
  mse: 'mean_squared_error',
  MSE: 'mean_squared_error',
  meanAbsoluteError: 'mean_absolute_error',
  mae: 'mean_absolute_error',
  MAE: 'mean_absolute_error',
  logcosh: 'log_cosh',
  binaryCrossentropy: 'binary_crossentropy',
  categoricalCrossentropy: 'categorical_crossentropy',
  sparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
  kullbackLeiblerDivergence: 'kl_divergence',
  kld: 'kl_divergence',
  KLD: 'kl_divergence',
  poisson: 'poisson',
  hinge: 'hinge',
  squaredHinge: 'squared_hinge',
  categoricalHinge: 'categorical_hinge',
};

// ---------------------------------------------------------------------------------------------
// Reductions a call chooses (`reduction='sum'`), by framework: shown instead of the default's line.

const torchReductionValues: Record<string, Localized> = {
  mean: R.torchMean,
  sum: {
    en: 'Σℓ over every element: grows with the batch and the number of elements',
    'zh-cn': '对全部元素求和 Σℓ：随批大小和元素个数增大',
  },
  none: {
    en: 'no reduction: one loss per element, the same shape as the input',
    'zh-cn': '不归约：逐元素返回，形状与输入相同',
  },
  batchmean: {
    en: 'Σℓ / batch size: the KL divergence per sample, as Keras computes it',
    'zh-cn': 'Σℓ / 批大小：每个样本的 KL 散度，与 Keras 一致',
  },
};

const REDUCTION_VALUES: Partial<Record<FrameworkId, Record<string, Localized>>> = {
  pytorch: torchReductionValues,
  torchvision: { none: R.torchvision, mean: torchReductionValues.mean, sum: torchReductionValues.sum },
  keras: {
    sum_over_batch_size: R.keras,
    mean: R.keras,
    sum: {
      en: 'Σ over the samples of each sample’s mean over the last axis (D times less than PyTorch’s sum on an (N, D) loss)',
      'zh-cn': '对各样本在最后一个轴上的平均再求和（对 (N, D) 的损失比 PyTorch 的 sum 小 D 倍）',
    },
    none: {
      en: 'no reduction: one loss per sample (the mean over the last axis)',
      'zh-cn': '不归约：逐样本返回（最后一个轴上的平均）',
    },
    mean_with_sample_weight: {
      en: 'Σ(ℓ·w) / Σw: the sample-weighted mean',
      'zh-cn': 'Σ(ℓ·w) / Σw：按样本权重的加权平均',
    },
  },
};

/**
 * What the `reduction` a call passes does for this loss, or undefined when it passes none or one
 * the table does not know. PyTorch's 'mean' keeps the loss's own wording (weighted, or the KL warning).
 */
export function reductionGiven(
  loss: FrameworkLoss,
  given: Record<string, string>,
): { value: string; text: Localized } | undefined {
  const raw = given.reduction;
  if (raw === undefined) return undefined;
  const value = raw.replace(/^['"]|['"]$/g, '');
  const text =
    value === 'mean' && loss.framework === 'pytorch'
      ? loss.reduction
      : raw === 'None' && loss.framework === 'keras'
        ? REDUCTION_VALUES.keras?.none
        : REDUCTION_VALUES[loss.framework]?.[value];
  return text ? { value: raw, text } : undefined;
}

/** Every framework loss, by canonical symbol. */
export const FRAMEWORK_LOSSES: ReadonlyMap<string, FrameworkLoss> = new Map(entries.map((e) => [e.symbol, e]));

/** The entry for a string loss name in a compile call (`"mse"`), Keras's or tfjs-layers'. */
export function stringLoss(name: string, dialect: 'keras' | 'tfjs'): FrameworkLoss | undefined {
  const fn = dialect === 'keras' ? KERAS_STRING_LOSSES[name] : TFJS_STRING_LOSSES[name];
  const e = fn ? FRAMEWORK_LOSSES.get(`keras.losses.${fn}`) : undefined;
  if (!e) return undefined;
  const base = { ...e, symbol: `${dialect}:"${name}"`, kind: 'string' as const, args: '' };
  if (dialect === 'keras') return base;
  // tfjs-layers: the Keras function's formula; Keras's argument order and reduction notes do not apply.
  return {
    ...base,
    framework: 'tfjs',
    params: [],
    reduction: R.tfjsLayers,
    differences: e.differences.filter((d) => d !== D.kerasOrder && d !== D.kerasSum),
  };
}
