/**
 * softmax-before-logits-loss, sigmoid-before-logits-loss: an activation's output fed to a loss
 * that applies that activation itself (`CrossEntropyLoss`, `F.cross_entropy`, `from_logits=True`,
 * `BCEWithLogitsLoss`, `optax.sigmoid_binary_cross_entropy`, `tf.nn.*_with_logits`, tfjs
 * `softmaxCrossEntropy`). Squashed twice, the scores cannot reach the loss's minimum and the
 * gradient shrinks (pytorch/pytorch#55902 asked PyTorch to warn about exactly this).
 */
import { removeKeyword, unwrap } from '../edits';
import type { Kind } from '../kinds';
import { effectiveNeed, keyword, type LossUse } from '../uses';
import type { LintDiagnostic, RuleId } from '../types';
import { diagnostic, fix, L, lossName, relatedOf, type Rule, type RuleContext } from './shared';

type Squash = 'softmax' | 'sigmoid';

function squashOf(k: Kind | undefined): { squash: Squash; log: boolean } | undefined {
  if (!k) return undefined;
  if (k.k === 'probs') return { squash: k.act, log: false };
  if (k.k === 'logprobs' && k.act === 'log_softmax') return { squash: 'softmax', log: true };
  if (k.k === 'logprobs' && k.act === 'log_sigmoid') return { squash: 'sigmoid', log: true };
  return undefined;
}

function check(rule: RuleId, squash: Squash, use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  if (use.role === 'construction') return [];
  const need = effectiveNeed(use, ctx.program);
  if (need !== 'logits-multiclass' && need !== 'logits-binary') return [];
  const given = squashOf(use.input);
  if (!given || given.squash !== squash || !use.input) return [];
  const input = use.input;
  const loss = lossName(use);
  const applies = need === 'logits-multiclass' ? 'softmax' : 'sigmoid';
  const act = 'act' in input ? input.act : squash;
  // log_softmax before a softmax cross-entropy gives the same value (log_softmax is idempotent): redundant, not wrong.
  const redundant = given.log && squash === 'softmax' && need === 'logits-multiclass';
  const message = redundant
    ? L(
        `${loss} on {lossLine} applies log_softmax itself, so the log_softmax from {otherLine} changes nothing (it is idempotent): the same loss without it, or \`nll_loss\`, which expects log-probabilities.`,
        `{lossLine}的 ${loss} 自己会做 log_softmax，{otherLine}的 log_softmax 不起作用（它是幂等的）：去掉它结果相同，或改用接受对数概率的 \`nll_loss\`。`,
      )
    : applies === squash
      ? squash === 'softmax'
        ? L(
            `${loss} on {lossLine} applies softmax itself, but it is given the ${act} output from {otherLine}: softmax twice flattens the scores, so the loss cannot approach 0 and its gradient shrinks.`,
            `{lossLine}的 ${loss} 自己会做 softmax，却收到了{otherLine}的 ${act} 输出：两次 softmax 会把分数压平，损失无法接近 0，梯度也随之变小。`,
          )
        : L(
            `${loss} on {lossLine} applies sigmoid itself, but it is given the ${act} output from {otherLine}: sigmoid twice maps every score into (0.5, 0.73), so the loss cannot approach 0 and learning stalls.`,
            `{lossLine}的 ${loss} 自己会做 sigmoid，却收到了{otherLine}的 ${act} 输出：两次 sigmoid 会把所有分数映射到 (0.5, 0.73)，损失无法接近 0，学习停滞。`,
          )
      : L(
          `${loss} on {lossLine} applies ${applies} itself and expects raw scores (logits), but it is given the ${act} output from {otherLine}.`,
          `{lossLine}的 ${loss} 自己会做 ${applies}，期望原始分数（logits），却收到了{otherLine}的 ${act} 输出。`,
        );
  const fromLogits = keyword(use, 'from_logits');
  const fixes = [];
  const removal = unwrap(ctx.program, input, use.scope, use.node);
  if (removal) fixes.push(...fix(`Remove the ${act} (pass the logits)`, `移除 ${act}（直接传入 logits）`, removal));
  else if (fromLogits && ctx.program.literal(fromLogits.value) === true) {
    const owner = use.args?.keywords.get('from_logits') ? use.args : use.construction?.args;
    if (owner)
      fixes.push(
        ...fix(
          'Remove from_logits=True (the model already outputs probabilities)',
          '移除 from_logits=True（模型已输出概率）',
          removeKeyword(ctx.program.text, owner, fromLogits),
        ),
      );
  }
  return [
    diagnostic(
      rule,
      redundant ? 'information' : 'warning',
      use,
      message,
      need === 'logits-multiclass' ? 'softmax' : squash === 'sigmoid' ? 'probability' : 'multilabel',
      {
        related: relatedOf(input),
        fixes,
      },
    ),
  ];
}

export const softmaxBeforeLogitsLoss: Rule = {
  id: 'softmax-before-logits-loss',
  title: L(
    'softmax or log_softmax fed to a loss that applies softmax itself',
    '把 softmax 或 log_softmax 的输出传给自带 softmax 的损失',
  ),
  check: (use, ctx) => check('softmax-before-logits-loss', 'softmax', use, ctx),
};

export const sigmoidBeforeLogitsLoss: Rule = {
  id: 'sigmoid-before-logits-loss',
  title: L('sigmoid fed to a loss that applies sigmoid itself', '把 sigmoid 的输出传给自带 sigmoid 的损失'),
  check: (use, ctx) => check('sigmoid-before-logits-loss', 'sigmoid', use, ctx),
};
