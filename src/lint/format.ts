/** A diagnostic's words for a reader: its line placeholders filled, in English or Chinese. Pure. */
import type { DisplayLanguage } from '../displayLanguage';
import type { LintDiagnostic, Span } from './types';

/** How a place is named in a message: "line 12", or "cell 3, line 4" in a notebook. */
export type LineLabeler = (span: Span, language: DisplayLanguage) => string;

/** "line 12" / "第 12 行"; with a cell: "cell 3, line 4" / "第 3 个单元格第 4 行" (all 1-based). */
export function lineLabel(line: number, language: DisplayLanguage, cell?: number): string {
  if (cell !== undefined)
    return language === 'zh-cn' ? `第 ${cell} 个单元格第 ${line} 行` : `cell ${cell}, line ${line}`;
  return language === 'zh-cn' ? `第 ${line} 行` : `line ${line}`;
}

export function renderMessage(d: LintDiagnostic, language: DisplayLanguage, label: LineLabeler): string {
  const lossLine = label(d.span, language);
  const otherLine = d.related ? label(d.related.span, language) : lossLine;
  return d.message[language].replace(/\{lossLine\}/g, lossLine).replace(/\{otherLine\}/g, otherLine);
}
