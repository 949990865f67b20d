/** The `lossPlayground.lint.*` settings, typed and read fresh each time. */
import * as vscode from 'vscode';
import { RULE_IDS, type RuleId } from '../lint';

const LINT_SECTION = 'lossPlayground.lint';

export type LintConfig = { enable: boolean; disabled: Set<RuleId> };

export function lintConfig(scope?: vscode.ConfigurationScope): LintConfig {
  const c = vscode.workspace.getConfiguration(LINT_SECTION, scope);
  const disabled = new Set<RuleId>();
  for (const id of RULE_IDS) if (c.get<boolean>(`rules.${id}`, true) === false) disabled.add(id);
  return { enable: c.get<boolean>('enable', true) !== false, disabled };
}

export function affectsLint(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(LINT_SECTION);
}
