/**
 * cross-entropy-targets: PyTorch `CrossEntropyLoss` given one-hot targets. From `F.one_hot` they
 * are int64 and are read as class indices of the wrong shape (an error); as floats they are
 * probability targets, for which the weighted mean divides by N instead of Σ w_y and
 * `ignore_index` does nothing; targets already smoothed by hand are smoothed again by
 * `label_smoothing`.
 */
import { unwrap } from '../edits';
import { keyword, type LossUse } from '../uses';
import type { LintDiagnostic } from '../types';
import { diagnostic, fix, L, lossName, relatedOf, type Rule, type RuleContext } from './shared';

function check(use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  const { spec } = use;
  if (use.role !== 'call' || spec.framework !== 'pytorch' || spec.family !== 'ce') return [];
  const target = use.target;
  if (!target) return [];
  const loss = lossName(use);
  const { program } = ctx;
  if (target.k === 'onehot' && target.dtype === 'int') {
    return [
      diagnostic(
        'cross-entropy-targets',
        'error',
        use,
        L(
          `${loss} on {lossLine} is given the int64 one-hot tensor from {otherLine}: it reads integer targets as class indices of shape (N,), so an (N, C) one-hot fails; pass the class indices themselves.`,
          `{lossLine}的 ${loss} 收到了{otherLine}的 int64 one-hot 张量：整数目标会被当作形状为 (N,) 的类别索引读取，(N, C) 的 one-hot 会报错；请直接传入类别索引。`,
        ),
        'softmax',
        {
          related: relatedOf(target),
          fixes: fix('Pass the class indices', '直接传入类别索引', unwrap(program, target, use.scope, use.node)),
        },
      ),
    ];
  }
  const given = (name: string): boolean => {
    const kw = keyword(use, name);
    if (!kw) return false;
    const v = program.literal(kw.value);
    return v !== null && v !== 0 && v !== undefined ? true : v === undefined;
  };
  if (target.k === 'onehot') {
    const out: LintDiagnostic[] = [];
    if (given('weight'))
      out.push(
        diagnostic(
          'cross-entropy-targets',
          'warning',
          use,
          L(
            `With the one-hot float targets from {otherLine}, ${loss} on {lossLine} reads probability targets, whose weighted mean divides by N, not by Σ w_y as with class indices: the class weights (and label_smoothing) change the loss's scale; pass class indices (argmax) for PyTorch's weighted mean.`,
            `使用{otherLine}的 one-hot 浮点目标时，{lossLine}的 ${loss} 按概率目标计算，加权平均除以 N 而不是类别索引时的 Σ w_y：类别权重（以及 label_smoothing）会改变损失的尺度；要得到 PyTorch 的加权平均，请传入类别索引（argmax）。`,
          ),
          'softmax',
          { related: relatedOf(target) },
        ),
      );
    if (keyword(use, 'ignore_index'))
      out.push(
        diagnostic(
          'cross-entropy-targets',
          'warning',
          use,
          L(
            `${loss} on {lossLine} sets ignore_index, but the one-hot float targets from {otherLine} are probability targets, for which ignore_index does nothing: no position is ignored.`,
            `{lossLine}的 ${loss} 设置了 ignore_index，但{otherLine}的 one-hot 浮点目标属于概率目标，ignore_index 对其无效：没有任何位置被忽略。`,
          ),
          'softmax',
          { related: relatedOf(target) },
        ),
      );
    return out;
  }
  if (target.k === 'smoothed' && given('label_smoothing')) {
    return [
      diagnostic(
        'cross-entropy-targets',
        'warning',
        use,
        L(
          `The targets from {otherLine} are already smoothed, and ${loss} on {lossLine} smooths them again with label_smoothing: the model is pushed towards uniform twice.`,
          `{otherLine}的目标已经做过平滑，{lossLine}的 ${loss} 又用 label_smoothing 再平滑一次：模型被两次推向均匀分布。`,
        ),
        'softmax',
        { related: relatedOf(target) },
      ),
    ];
  }
  return [];
}

export const crossEntropyTargets: Rule = {
  id: 'cross-entropy-targets',
  title: L(
    'CrossEntropyLoss with one-hot targets where that changes the meaning',
    'CrossEntropyLoss 使用 one-hot 目标且含义因此改变',
  ),
  check,
};
