/**
 * logits-to-probability-loss: raw scores (a last layer with no activation, a model that ends in
 * one, a value named logits) fed to a loss that wants probabilities or log-probabilities:
 * `BCELoss`, `NLLLoss`, `KLDivLoss`, Keras losses with `from_logits=False` (the default), tfjs
 * `logLoss` and the tfjs-layers compile losses. The fix is the loss's logits form.
 */
import { normalizePath } from '../knowledge';
import { rename, setKeyword } from '../edits';
import type { Program } from '../program';
import { effectiveNeed, type LossUse } from '../uses';
import type { Fix, LintDiagnostic, TextEdit } from '../types';
import { diagnostic, fix, L, lossName, relatedOf, type Rule, type RuleContext } from './shared';

/** How the file can name a Keras loss class: `keras.losses.`, `tf.keras.losses.`, or the class itself. */
function kerasLossesPrefix(program: Program, cls: string): string | undefined {
  // The most direct name first: the class itself, then keras.losses, keras, tensorflow.
  const ranked: (string | undefined)[] = [];
  for (const [local, path] of program.bindings.names) {
    const p = normalizePath(path);
    if (p === `keras.losses.${cls}`) ranked[0] ??= local;
    else if (p === 'keras.losses') ranked[1] ??= `${local}.${cls}`;
    else if (p === 'keras') ranked[2] ??= `${local}.losses.${cls}`;
    else if (p === 'tensorflow') ranked[3] ??= `${local}.keras.losses.${cls}`;
  }
  return ranked.find((r) => r !== undefined);
}

/** A loss object built once and used only here can be changed where it is built. */
function soleUse(use: LossUse, ctx: RuleContext): boolean {
  const c = use.construction?.node;
  if (!c) return false;
  return ctx.uses.filter((u) => u.role !== 'construction' && u.construction?.node.from === c.from).length === 1;
}

function fixes(use: LossUse, ctx: RuleContext): Fix[] {
  const { program } = ctx;
  const { spec } = use;
  if (spec.fromLogits) {
    const title = [
      'Pass from_logits=True (the loss applies the activation)',
      '传入 from_logits=True（由损失函数应用激活）',
    ] as const;
    if (use.stringLiteral && spec.kerasClass) {
      const cls = kerasLossesPrefix(program, spec.kerasClass);
      return cls
        ? fix(...title, [
            { from: use.stringLiteral.from, to: use.stringLiteral.to, insert: `${cls}(from_logits=True)` },
          ])
        : [];
    }
    if (use.construction?.args && soleUse(use, ctx))
      return fix(
        ...title,
        setKeyword(use.construction.args, 'from_logits', program.dialect === 'python' ? 'True' : 'true'),
      );
    if (use.role === 'call' && !use.construction && use.args && use.functionIdent)
      return fix(...title, setKeyword(use.args, 'from_logits', 'True'));
    return [];
  }
  if (!spec.logitsVariant) return [];
  const title = [`Use ${spec.logitsVariant} (takes logits)`, `改用 ${spec.logitsVariant}（接受 logits）`] as const;
  let edits: TextEdit[] | undefined;
  if (spec.form === 'class' && use.construction?.ident && soleUse(use, ctx))
    edits = rename(use.construction.ident, spec.logitsVariant);
  else if (spec.form === 'function' && use.functionIdent && !use.construction) {
    // tfjs logLoss(labels, predictions, weights?, epsilon?): its 4th argument is not sigmoidCrossEntropy's.
    if (spec.framework === 'tfjs' && (use.args?.positional.length ?? 0) > 3) return [];
    edits = rename(use.functionIdent, spec.logitsVariant);
  }
  return fix(...title, edits);
}

function check(use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  if (use.role === 'construction' || use.input?.k !== 'logits') return [];
  // A name is weak evidence; with a loss object that may be one of several, too weak.
  if (use.ambiguous && use.input.why === 'name') return [];
  const need = effectiveNeed(use, ctx.program);
  if (need !== 'probs-binary' && need !== 'probs-multiclass' && need !== 'logprobs' && need !== 'probs') return [];
  const loss = lossName(use);
  const from =
    use.input.why === 'name'
      ? L('the raw scores (logits) named on {otherLine}', '{otherLine}命名为原始分数（logits）的值')
      : L(
          'raw scores (logits) from {otherLine}, which has no activation',
          '{otherLine}的原始分数（logits），那里没有激活函数',
        );
  const hint =
    use.spec.framework === 'tfjs' && use.spec.form === 'string'
      ? L(
          "; tfjs-layers has no from_logits: give the last layer activation 'softmax' or 'sigmoid'",
          "；tfjs-layers 没有 from_logits：请给最后一层加上 activation 'softmax' 或 'sigmoid'",
        )
      : use.spec.fromLogits
        ? L(
            '; pass from_logits=True so it applies the activation itself',
            '；请传入 from_logits=True，让损失函数自己应用激活',
          )
        : use.spec.logitsVariant
          ? L(`; use ${use.spec.logitsVariant}, which takes logits`, `；请改用接受 logits 的 ${use.spec.logitsVariant}`)
          : L('', '');
  let message;
  if (need === 'logprobs') {
    message =
      use.spec.family === 'kl'
        ? L(
            `${loss} on {lossLine} expects log-probabilities as its input, but it is given ${from.en}: apply log_softmax first.`,
            `{lossLine}的 ${loss} 的输入应为对数概率，却收到了${from['zh-cn']}：请先做 log_softmax。`,
          )
        : L(
            `${loss} on {lossLine} expects log-probabilities, but it is given ${from.en}: without log_softmax the loss is unbounded below and does not train a classifier${hint.en}.`,
            `{lossLine}的 ${loss} 期望对数概率，却收到了${from['zh-cn']}：没有 log_softmax，损失没有下界，也训练不出分类器${hint['zh-cn']}。`,
          );
  } else {
    message = L(
      `${loss} on {lossLine} expects probabilities, but it is given ${from.en}: scores outside [0, 1] are clipped or rejected, so the loss does not measure the error${hint.en}.`,
      `{lossLine}的 ${loss} 期望概率，却收到了${from['zh-cn']}：[0, 1] 以外的分数会被裁剪或报错，损失不再度量误差${hint['zh-cn']}。`,
    );
  }
  const scene = need === 'probs-binary' ? 'probability' : use.spec.family === 'kl' ? 'entropy' : 'softmax';
  return [
    diagnostic('logits-to-probability-loss', 'warning', use, message, scene, {
      related: relatedOf(use.input),
      fixes: fixes(use, ctx),
    }),
  ];
}

export const logitsToProbabilityLoss: Rule = {
  id: 'logits-to-probability-loss',
  title: L(
    'raw scores (logits) fed to a loss that expects probabilities or log-probabilities',
    '把原始分数（logits）传给期望概率或对数概率的损失',
  ),
  check,
};
