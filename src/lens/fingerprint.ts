/**
 * What a check result depends on in the document, as text: the loss's definition, its annotation
 * and its paired gradient's definition. A result whose fingerprint no longer matches the document
 * is stale (the code changed), so its verdict and diagnostic go. No `vscode` here (unit-tested).
 */
import type { DiscoveredLoss, Range } from '../gradcheck';

/** The name a check result carries: `Class.method` for a method, else the function's name. */
export function lossKey(loss: Pick<DiscoveredLoss, 'name' | 'className'>): string {
  return loss.className ? `${loss.className}.${loss.name}` : loss.name;
}

/** Offsets of line starts, to turn 0-based positions into string offsets. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function slice(text: string, starts: number[], r: Range): string {
  const at = (line: number, ch: number): number => Math.min(text.length, (starts[line] ?? text.length) + ch);
  return text.slice(at(r.start.line, r.start.character), at(r.end.line, r.end.character));
}

export function fingerprint(text: string, loss: DiscoveredLoss, starts = lineStarts(text)): string {
  const parts = [slice(text, starts, loss.range)];
  if (loss.annotation) parts.push(slice(text, starts, loss.annotation.range));
  const grad = loss.annotation?.grad ?? loss.pairedGradient;
  if (grad) parts.push(definitionText(text, grad, loss.language === 'python'));
  return parts.join('\u0000');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * The text of the definition of `name` (a paired gradient), found by its declaration line and
 * indentation rather than a parse: it only has to change when that function's code changes.
 * Empty when not found.
 */
export function definitionText(text: string, name: string, python: boolean): string {
  const n = escape(name);
  const decl = python
    ? new RegExp(`^([ \\t]*)(?:async[ \\t]+)?def[ \\t]+${n}\\b`, 'm')
    : new RegExp(
        `^([ \\t]*)(?:export[ \\t]+)?(?:default[ \\t]+)?(?:(?:async[ \\t]+)?function\\*?[ \\t]+${n}\\b|(?:const|let|var)[ \\t]+${n}\\b|(?:static[ \\t]+)?${n}[ \\t]*\\()`,
        'm',
      );
  const m = decl.exec(text);
  if (!m) return '';
  const lines = text.slice(m.index).split('\n');
  const indent = m[1].length;
  let end = 1;
  if (python) {
    // The body is every following line indented deeper (blank lines and a closing `)` of a
    // wrapped signature included).
    while (end < lines.length && (!lines[end].trim() || indentOf(lines[end]) > indent || /^\s*\)/.test(lines[end])))
      end++;
  } else {
    const first = lines[0];
    const opens = (first.match(/[{(]/g) ?? []).length;
    const closes = (first.match(/[})]/g) ?? []).length;
    if (opens > closes) {
      // Up to the closing brace at the declaration's indentation.
      while (end < lines.length && !(indentOf(lines[end]) === indent && /^\s*[})]/.test(lines[end]))) end++;
      end = Math.min(lines.length, end + 1);
    }
  }
  return lines.slice(0, end).join('\n');
}
