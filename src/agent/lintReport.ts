/**
 * The lint tool's text for the model: per file its findings (src/lint/records.ts: the records of
 * the CLI's `lint --json` contract, which the tool makes from the editor's text, saved or not) or
 * why it was not linted. Pure, no `vscode`.
 */
import type { RuleId } from '../lint';
import type { LintRecord } from '../lint/records';

/** One file's outcome: its findings, or why it was not linted. */
export type FileOutcome = { file: string; records: LintRecord[] } | { file: string; problem: string };

export function lintReport(outcomes: readonly FileOutcome[], disabled: ReadonlySet<RuleId> = new Set()): string {
  const linted = outcomes.filter((o): o is Extract<FileOutcome, { records: LintRecord[] }> => 'records' in o);
  const findings = linted.reduce((n, o) => n + o.records.length, 0);
  const withFindings = linted.filter((o) => o.records.length).length;
  const out = [
    `Loss lint: ${findings} finding${findings === 1 ? '' : 's'} in ${withFindings} of ${linted.length} file${linted.length === 1 ? '' : 's'} linted${outcomes.length > linted.length ? ` (${outcomes.length - linted.length} not linted)` : ''}. Nothing was run; the rules read the code.`,
  ];
  if (disabled.size)
    out.push(`Rules turned off in the settings (lossPlayground.lint.rules.*): ${[...disabled].join(', ')}.`);
  for (const o of outcomes) {
    out.push('');
    if ('problem' in o) {
      out.push(`${o.file}: not linted: ${o.problem}`);
      continue;
    }
    if (!o.records.length) {
      out.push(`${o.file}: no findings`);
      continue;
    }
    out.push(`${o.file}:`);
    for (const r of o.records) {
      const at = r.cell !== undefined ? `cell ${r.cell}, line ${r.line}` : `line ${r.line}`;
      const other =
        r.endLine === null
          ? ''
          : r.endCell !== undefined && r.endCell !== null
            ? ` (other line: cell ${r.endCell}, line ${r.endLine})`
            : ` (other line: ${r.endLine})`;
      out.push(`  ${at}${other}: ${r.severity} [${r.rule}] ${r.message}`);
    }
  }
  return out.join('\n');
}
