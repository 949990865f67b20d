/**
 * The lint tool's findings: the rules of src/lint over a file's text (the editor's text, saved or
 * not) or a notebook's code cells read together, as records of the CLI's `lint --json` contract
 * ({file, line, endLine, rule, severity, message}; notebooks add cell and endCell), and the text
 * the model reads. Pure, no `vscode`. (src/cli/lint.ts's lintFile maps the same way from files on
 * disk; it reads with Node's fs, which the browser entry cannot load.)
 */
import { lineLabel, lint, renderMessage, type RuleId } from '../lint';
import { LineIndex } from '../syntax/nodes';
import { JoinedCells, notebookCells } from '../syntax/notebook';
import type { SourceLanguage } from '../syntax/sourceLanguage';

export type LintRecord = {
  file: string;
  cell?: number;
  line: number;
  endCell?: number | null;
  endLine: number | null;
  rule: RuleId;
  severity: 'error' | 'warning' | 'information';
  message: string;
};

export type SourceKind = { language: SourceLanguage; jsx: boolean } | 'notebook';

/** VS Code language ids the lint reads, and `.ipynb` files. */
export function sourceKind(languageId: string, path: string): SourceKind | undefined {
  if (/\.ipynb$/i.test(path)) return 'notebook';
  switch (languageId) {
    case 'python':
      return { language: 'python', jsx: false };
    case 'typescript':
      return { language: 'typescript', jsx: false };
    case 'typescriptreact':
      return { language: 'typescript', jsx: true };
    case 'javascript':
      return { language: 'javascript', jsx: false };
    case 'javascriptreact':
      return { language: 'javascript', jsx: true };
    default:
      return undefined;
  }
}

/** Lints one file's text; lines 1-based, a notebook's per cell. Throws NotebookError for a broken notebook. */
export function lintSource(file: string, text: string, kind: SourceKind, disabled: ReadonlySet<RuleId>): LintRecord[] {
  if (kind === 'notebook') {
    const joined = new JoinedCells(notebookCells(text, file));
    const lines = new LineIndex(joined.text);
    const where = (offset: number): { cell: number; line: number } => {
      const at = joined.locate(lines.positionAt(offset).line);
      return { cell: at.cell, line: at.line + 1 };
    };
    return lint(joined.text, 'python', { disabled }).map((d) => {
      const at = where(d.span.from);
      const other = d.related ? where(d.related.span.from) : undefined;
      const message = renderMessage(d, 'en', (span, language) => {
        const w = where(span.from);
        return lineLabel(w.line, language, w.cell);
      });
      return { file, cell: at.cell, line: at.line, endCell: other?.cell ?? null, endLine: other?.line ?? null, rule: d.rule, severity: d.severity, message };
    });
  }
  const lines = new LineIndex(text);
  const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
  return lint(text, kind.language, { disabled, jsx: kind.jsx }).map((d) => ({
    file,
    line: lineOf(d.span.from),
    endLine: d.related ? lineOf(d.related.span.from) : null,
    rule: d.rule,
    severity: d.severity,
    message: renderMessage(d, 'en', (span, language) => lineLabel(lineOf(span.from), language)),
  }));
}

/** One file's outcome: its findings, or why it was not linted. */
export type FileOutcome = { file: string; records: LintRecord[] } | { file: string; problem: string };

export function lintReport(outcomes: readonly FileOutcome[], disabled: ReadonlySet<RuleId> = new Set()): string {
  const linted = outcomes.filter((o): o is Extract<FileOutcome, { records: LintRecord[] }> => 'records' in o);
  const findings = linted.reduce((n, o) => n + o.records.length, 0);
  const withFindings = linted.filter((o) => o.records.length).length;
  const out = [
    `Loss lint: ${findings} finding${findings === 1 ? '' : 's'} in ${withFindings} of ${linted.length} file${linted.length === 1 ? '' : 's'} linted${outcomes.length > linted.length ? ` (${outcomes.length - linted.length} not linted)` : ''}. Nothing was run; the rules read the code.`,
  ];
  if (disabled.size) out.push(`Rules turned off in the settings (lossPlayground.lint.rules.*): ${[...disabled].join(', ')}.`);
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
      const other = r.endLine === null ? '' : r.endCell !== undefined && r.endCell !== null ? ` (other line: cell ${r.endCell}, line ${r.endLine})` : ` (other line: ${r.endLine})`;
      out.push(`  ${at}${other}: ${r.severity} [${r.rule}] ${r.message}`);
    }
  }
  return out.join('\n');
}
