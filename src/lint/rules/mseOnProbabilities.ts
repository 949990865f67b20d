/**
 * mse-on-probabilities: a squared or absolute error between a sigmoid or softmax output and class
 * labels. Its gradient in the logit carries the activation's derivative, σ′(z) = σ(z)(1 − σ(z)),
 * which vanishes when the unit saturates: a confidently wrong output learns slowest (the
 * saturated-neuron scene; Nielsen's chapter 3). Cross-entropy on the logits has no such factor.
 * Only where the code says it is classification: one-hot or label targets, or an accuracy metric.
 */
import type { LossUse } from '../uses';
import type { LintDiagnostic } from '../types';
import { diagnostic, L, lossName, relatedOf, type Rule, type RuleContext } from './shared';

/** Names that say class labels (not `y` or `target`, which regressions use too). */
const LABEL_NAME =
  /^(?:[a-z0-9]+_)*(?:labels?|one_?hot|onehot|classes|class_ids?|y_onehot|y_one_hot)(?:_[a-z0-9]+)*$|^[a-z]+(?:Labels?|OneHot|Onehot)$/i;
const ACCURACY = /^(acc|accuracy|(binary|categorical|sparse_categorical)_accuracy|binaryAccuracy|categoricalAccuracy)$/;

function check(use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  if (use.role === 'construction' || use.ambiguous || use.spec.family !== 'regression' || use.input?.k !== 'probs')
    return [];
  // Matching one distribution to another (distillation) is not classification.
  if (use.target?.k === 'probs' || use.target?.k === 'logprobs') return [];
  const labels =
    use.target?.k === 'onehot' ||
    LABEL_NAME.test(ctx.program.rootName(use.targetNode) ?? '') ||
    use.metrics.some((m) => ACCURACY.test(m));
  if (!labels) return [];
  const act = use.input.act;
  const loss = lossName(use);
  const message =
    act === 'sigmoid'
      ? L(
          `${loss} on {lossLine} compares the sigmoid output from {otherLine} with class labels: its gradient carries σ′(z) = σ(z)(1 − σ(z)), which vanishes when the unit saturates, so a confidently wrong output learns slowest; binary cross-entropy on the logits has no such factor.`,
          `{lossLine}的 ${loss} 拿{otherLine}的 sigmoid 输出与类别标签比较：其梯度含 σ′(z) = σ(z)(1 − σ(z))，单元饱和时趋于 0，越是自信地出错学得越慢；对 logits 用二元交叉熵没有这个因子。`,
        )
      : L(
          `${loss} on {lossLine} compares the softmax output from {otherLine} with class labels: its gradient carries the softmax's derivative a(1 − a), which vanishes when the output saturates, so a confidently wrong prediction learns slowest; cross-entropy on the logits has no such factor.`,
          `{lossLine}的 ${loss} 拿{otherLine}的 softmax 输出与类别标签比较：其梯度含 softmax 的导数 a(1 − a)，输出饱和时趋于 0，越是自信地出错学得越慢；对 logits 用交叉熵没有这个因子。`,
        );
  return [diagnostic('mse-on-probabilities', 'warning', use, message, 'neuron', { related: relatedOf(use.input) })];
}

export const mseOnProbabilities: Rule = {
  id: 'mse-on-probabilities',
  title: L(
    'squared or absolute error on a sigmoid or softmax output against class labels',
    '对 sigmoid 或 softmax 输出与类别标签使用平方或绝对误差',
  ),
  check,
};
