/**
 * What the lint reports: framework misuse found by reading code (no running it). Pure, no `vscode`:
 * the editor side (src/lintProvider) and the CLI (src/cli/lint.ts) turn these into VS Code
 * diagnostics and code actions, or into lines and JSON.
 */
import type { Localized } from '../engine';
import type { SceneId } from '../protocol';

export const RULE_IDS = [
  'softmax-before-logits-loss',
  'sigmoid-before-logits-loss',
  'logits-to-probability-loss',
  'kl-div-reduction',
  'log-probability-input',
  'mse-on-probabilities',
  'cross-entropy-targets',
  'ignore-index',
  'pos-weight',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(v: string): v is RuleId {
  return (RULE_IDS as readonly string[]).includes(v);
}

export type Severity = 'error' | 'warning' | 'information';

/** Offsets into the linted text, `to` exclusive. */
export type Span = { from: number; to: number };

export type TextEdit = Span & { insert: string };

/** A quick fix: edits that are safe to apply without asking what the code meant. */
export type Fix = { title: Localized; edits: TextEdit[] };

export type LintDiagnostic = {
  rule: RuleId;
  severity: Severity;
  /** The loss call (or where the loss is built, or the compile call). */
  span: Span;
  /** The other place involved: the softmax, the last layer, the construction. */
  related?: { span: Span; label: Localized };
  /**
   * One sentence; `{lossLine}` and `{otherLine}` stand for where `span` and `related` are
   * ("line 12", "cell 3, line 4"), filled in by ./format for the reader's language.
   */
  message: Localized;
  /** The playground scene that shows why. */
  scene: SceneId;
  fixes: Fix[];
};
