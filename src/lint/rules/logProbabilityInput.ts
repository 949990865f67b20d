/**
 * log-probability-input: `NLLLoss` / `F.nll_loss` want log-probabilities (given probabilities they
 * minimise −p instead of −log p). The KL losses read their arguments in different spaces: PyTorch `kl_div` and
 * Optax `kl_divergence` want log-probabilities as the prediction and probabilities as the target
 * (log-probabilities only with `log_target=True` / `kl_divergence_with_log_targets`); Keras
 * `KLDivergence` wants probabilities for both. Given the other space, the value is not a KL
 * divergence at all (it can be negative).
 */
import { rename, renameActivation, setKeyword } from '../edits';
import { keyword, type LossUse } from '../uses';
import type { Fix, LintDiagnostic } from '../types';
import { diagnostic, fix, L, lossName, relatedOf, type Rule, type RuleContext } from './shared';

function check(use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  const { spec } = use;
  if (use.role === 'construction' || (spec.family !== 'kl' && spec.family !== 'nll')) return [];
  const { program } = ctx;
  const loss = lossName(use);
  const out: LintDiagnostic[] = [];
  const input = use.input;
  const target = use.target;
  if (spec.need === 'logprobs') {
    if (input?.k === 'probs') {
      const fixes: Fix[] =
        input.act === 'softmax'
          ? fix('Use log_softmax', '改用 log_softmax', renameActivation(input, use.scope, use.node, 'log_softmax'))
          : [];
      if (spec.family === 'nll') {
        out.push(
          diagnostic(
            'log-probability-input',
            'warning',
            use,
            L(
              `${loss} on {lossLine} expects log-probabilities, but it is given the ${input.act} output from {otherLine}: it then minimises −p instead of −log p, which is not the likelihood; use log_softmax (or cross_entropy on the logits).`,
              `{lossLine}的 ${loss} 期望对数概率，却收到了{otherLine}的 ${input.act} 输出：这样最小化的是 −p 而不是 −log p，不是似然；请改用 log_softmax（或对 logits 用 cross_entropy）。`,
            ),
            'softmax',
            { related: relatedOf(input), fixes },
          ),
        );
        return out;
      }
      out.push(
        diagnostic(
          'log-probability-input',
          'warning',
          use,
          L(
            `${loss} on {lossLine} expects log-probabilities as its input, but it is given the ${input.act} output from {otherLine}: it then computes Σ p·(log p − q), which is not the KL divergence; use log_softmax.`,
            `{lossLine}的 ${loss} 的输入应为对数概率，却收到了{otherLine}的 ${input.act} 输出：这样计算的是 Σ p·(log p − q)，不是 KL 散度；请改用 log_softmax。`,
          ),
          'entropy',
          { related: relatedOf(input), fixes },
        ),
      );
    }
    // A log_target that is not literally False may be True: say nothing.
    if (spec.family !== 'kl') return out;
    const lt = keyword(use, 'log_target');
    const logTarget =
      spec.framework === 'optax'
        ? spec.path.endsWith('with_log_targets')
        : lt !== undefined && program.literal(lt.value) !== false;
    if (target?.k === 'logprobs' && !logTarget) {
      let fixes: Fix[] = [];
      if (spec.framework === 'pytorch') {
        const args = spec.form === 'class' ? use.construction?.args : use.args;
        const sole =
          spec.form !== 'class' ||
          ctx.uses.filter((u) => u.role === 'call' && u.construction?.node.from === use.construction?.node.from)
            .length === 1;
        if (args && sole)
          fixes = fix('Pass log_target=True', '传入 log_target=True', setKeyword(args, 'log_target', 'True'));
      } else if (spec.logTargetsVariant && use.functionIdent)
        fixes = fix(
          `Use ${spec.logTargetsVariant}`,
          `改用 ${spec.logTargetsVariant}`,
          rename(use.functionIdent, spec.logTargetsVariant),
        );
      out.push(
        diagnostic(
          'log-probability-input',
          'warning',
          use,
          L(
            `${loss} on {lossLine} reads its target as probabilities, but it is given the ${target.act} output from {otherLine}: pass log_target=True (Optax: kl_divergence_with_log_targets), or probabilities.`,
            `{lossLine}的 ${loss} 把目标当作概率读取，却收到了{otherLine}的 ${target.act} 输出：请传入 log_target=True（Optax：kl_divergence_with_log_targets），或改传概率。`,
          ),
          'entropy',
          { related: relatedOf(target), fixes },
        ),
      );
    }
  } else if (spec.need === 'probs') {
    for (const [kind, role] of [
      [input, L('prediction', '预测')],
      [target, L('target', '目标')],
    ] as const) {
      if (kind?.k !== 'logprobs' || kind.act === 'log') continue;
      const fixes =
        kind.act === 'log_softmax'
          ? fix('Use softmax', '改用 softmax', renameActivation(kind, use.scope, use.node, 'softmax'))
          : [];
      out.push(
        diagnostic(
          'log-probability-input',
          'warning',
          use,
          L(
            `${loss} on {lossLine} takes probabilities for both arguments, but its ${role.en} is the ${kind.act} output from {otherLine}: Keras clips it to [1e-7, 1], so the value is not the KL divergence; use softmax.`,
            `{lossLine}的 ${loss} 的两个参数都应为概率，但其${role['zh-cn']}是{otherLine}的 ${kind.act} 输出：Keras 会把它裁剪到 [1e-7, 1]，结果不再是 KL 散度；请改用 softmax。`,
          ),
          'entropy',
          { related: relatedOf(kind), fixes },
        ),
      );
    }
  }
  return out;
}

export const logProbabilityInput: Rule = {
  id: 'log-probability-input',
  title: L(
    'probabilities where NLLLoss or a KL loss wants log-probabilities, or the reverse',
    'NLLLoss 或 KL 损失需要对数概率却给了概率，或反之',
  ),
  check,
};
