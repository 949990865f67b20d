/**
 * The lint's findings as records of the CLI's `lint --json` contract ({file, line, endLine, rule,
 * severity, message}; a notebook's add cell and endCell): lines 1-based, a notebook's code cells
 * read together and its lines counted per cell. The CLI (src/cli/lint.ts) prints them and the
 * agent's lint tool (src/agent/lintReport.ts) reports them: one mapping for both. Pure, no `vscode`
 * and no file system: the caller reads the text.
 */
import type { DisplayLanguage } from '../displayLanguage';
import { LineIndex } from '../syntax/nodes';
import { JoinedCells, notebookCells } from '../syntax/notebook';
import { sourceDialectOf, type SourceDialect } from '../syntax/sourceLanguage';
import { lineLabel, renderMessage } from './format';
import { lint } from './index';
import { lintCells } from './notebook';
import type { LintDiagnostic, RuleId } from './types';

/** The record `--json` prints for one diagnostic. */
export type LintRecord = {
  file: string;
  /** The notebook cell (1-based, counting every cell) of `line`, for .ipynb files. */
  cell?: number;
  line: number;
  endCell?: number | null;
  endLine: number | null;
  rule: RuleId;
  severity: LintDiagnostic['severity'];
  message: string;
};

/** What a text is to the lint: source in a language (and dialect), or a notebook's JSON. */
export type LintSource = SourceDialect | 'notebook';

/** A file's kind by its name (a VS Code language id as well, for the editor's documents); undefined when the lint does not read it. */
export function lintSourceOf(fileName: string, languageId?: string): LintSource | undefined {
  if (/\.ipynb$/i.test(fileName)) return 'notebook';
  return sourceDialectOf(languageId ?? fileName) ?? undefined;
}

/** Lints one file's text into records. Throws NotebookError for a broken notebook. */
export function lintRecords(
  file: string,
  text: string,
  kind: LintSource,
  disabled: ReadonlySet<RuleId>,
  language: DisplayLanguage = 'en',
): LintRecord[] {
  if (kind === 'notebook') {
    const joined = new JoinedCells(notebookCells(text, file));
    const lines = new LineIndex(joined.text);
    const where = (offset: number): { cell: number; line: number } => {
      const at = joined.locate(lines.positionAt(offset).line);
      return { cell: at.cell, line: at.line + 1 };
    };
    // Each cell with what the cells above it define (./notebook), as the editor reads it.
    return lintCells(joined, { disabled }).map((d) => {
      const at = where(d.span.from);
      const other = d.related ? where(d.related.span.from) : undefined;
      const message = renderMessage(d, language, (span, lang) => {
        const w = where(span.from);
        return lineLabel(w.line, lang, w.cell);
      });
      return {
        file,
        cell: at.cell,
        line: at.line,
        endCell: other?.cell ?? null,
        endLine: other?.line ?? null,
        rule: d.rule,
        severity: d.severity,
        message,
      };
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
    message: renderMessage(d, language, (span, lang) => lineLabel(lineOf(span.from), lang)),
  }));
}
