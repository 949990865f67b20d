/** What the rules share: the diagnostic builder and the words for what a value is. */
import type { Localized } from '../../engine';
import type { Kind } from '../kinds';
import type { Program } from '../program';
import type { LossUse } from '../uses';
import type { Fix, LintDiagnostic, RuleId, Severity, Span } from '../types';
import type { SceneId } from '../../protocol';

export type RuleContext = { program: Program; uses: readonly LossUse[] };

export type Rule = {
  id: RuleId;
  /** What it finds, in a few words (README, the settings' descriptions). */
  title: Localized;
  check(use: LossUse, ctx: RuleContext): LintDiagnostic[];
};

export function L(en: string, zh: string): Localized {
  return { en, 'zh-cn': zh };
}

/** Code in a message: backquoted, shortened when long. */
export function code(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return `\`${one.length > 60 ? `${one.slice(0, 57)}…` : one}\``;
}

export function diagnostic(
  rule: RuleId,
  severity: Severity,
  use: LossUse,
  message: Localized,
  scene: SceneId,
  o: { related?: { span: Span; label: Localized }; fixes?: Fix[]; span?: Span } = {},
): LintDiagnostic {
  return {
    rule,
    severity,
    span: o.span ?? { from: use.node.from, to: use.node.to },
    ...(o.related ? { related: o.related } : {}),
    message,
    scene,
    fixes: o.fixes ?? [],
  };
}

/** The place a kind was made, as the diagnostic's other line. */
export function relatedOf(kind: Kind): { span: Span; label: Localized } {
  const label =
    kind.k === 'probs'
      ? L(`${kind.act} applied here`, `此处应用了 ${kind.act}`)
      : kind.k === 'logprobs'
        ? L(`${kind.act} applied here`, `此处应用了 ${kind.act}`)
        : kind.k === 'logits'
          ? kind.why === 'name'
            ? L('named as raw scores (logits) here', '此处按名称为原始分数（logits）')
            : L('raw scores (no activation) made here', '此处产生原始分数（无激活函数）')
          : kind.k === 'onehot'
            ? L('one-hot targets made here', '此处生成 one-hot 目标')
            : kind.k === 'smoothed'
              ? L('targets smoothed here', '此处已对目标做平滑')
              : L('labels padded here', '此处填充了标签');
  const origin = 'origin' in kind && kind.origin ? kind.origin.call : kind.at;
  return { span: origin, label };
}

/** How the loss is called, for messages: `F.cross_entropy`, `criterion`, `'binary_crossentropy'`. */
export function lossName(use: LossUse): string {
  return code(use.name);
}

export function fix(en: string, zh: string, edits: Fix['edits'] | undefined): Fix[] {
  return edits && edits.length ? [{ title: L(en, zh), edits }] : [];
}
