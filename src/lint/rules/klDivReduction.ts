/**
 * kl-div-reduction: PyTorch's `KLDivLoss()` / `F.kl_div` with the default `reduction='mean'`,
 * which divides by every element (batch × classes) and so is not the KL divergence; PyTorch's
 * own documentation says to pass `'batchmean'`, which is (and equals Keras's default).
 */
import { quoted, setKeyword } from '../edits';
import { keyword, type LossUse } from '../uses';
import type { LintDiagnostic } from '../types';
import { code, diagnostic, fix, L, type Rule, type RuleContext } from './shared';

function check(use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  const { spec } = use;
  if (spec.framework !== 'pytorch' || spec.family !== 'kl') return [];
  // The class where it is built; the function where it is called.
  if (spec.form === 'class' ? use.role !== 'construction' : use.role !== 'call') return [];
  // The old size_average / reduce arguments choose the reduction their own way.
  if (keyword(use, 'size_average') || keyword(use, 'reduce')) return [];
  const kw = keyword(use, 'reduction');
  const value = kw ? ctx.program.literal(kw.value) : 'mean';
  if (value !== 'mean') return [];
  const args = spec.form === 'class' ? use.construction?.args : use.args;
  const name = code(use.name);
  const message = kw
    ? L(
        `${name} on {lossLine} uses reduction='mean', which divides by every element (batch × classes), not by the batch size: that is not the KL divergence; reduction='batchmean' is.`,
        `{lossLine}的 ${name} 使用 reduction='mean'，它除以全部元素个数（批大小 × 类别数）而不是批大小：这不是 KL 散度；reduction='batchmean' 才是。`,
      )
    : L(
        `${name} on {lossLine} keeps the default reduction='mean', which divides by every element (batch × classes), not by the batch size: that is not the KL divergence; reduction='batchmean' is.`,
        `{lossLine}的 ${name} 使用默认的 reduction='mean'，它除以全部元素个数（批大小 × 类别数）而不是批大小：这不是 KL 散度；reduction='batchmean' 才是。`,
      );
  const edits = args ? setKeyword(args, 'reduction', quoted(ctx.program.text, args, 'batchmean')) : undefined;
  return [
    diagnostic('kl-div-reduction', 'warning', use, message, 'entropy', {
      fixes: fix("Use reduction='batchmean'", "改用 reduction='batchmean'", edits),
    }),
  ];
}

export const klDivReduction: Rule = {
  id: 'kl-div-reduction',
  title: L("KLDivLoss / kl_div without reduction='batchmean'", "KLDivLoss / kl_div 未使用 reduction='batchmean'"),
  check,
};
