/**
 * `# loss-playground: ignore[rule]` (or `// ...` in JS/TS) silences that rule on its line;
 * `ignore[rule-a, rule-b]` several, a bare `ignore` every rule. A diagnostic is silenced when the
 * comment is on any line of the loss call (a call may span lines). Pure.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LineIndex } from '../syntax/nodes';
import { isRuleId, type RuleId } from './types';

const IGNORE = /loss-playground:\s*ignore(?:\[([^\]]*)\])?/;

export type Ignores = Map<number, Set<RuleId> | 'all'>;

export function ignoreComments(text: string, comments: readonly SyntaxNode[], lines: LineIndex): Ignores {
  const out: Ignores = new Map();
  for (const c of comments) {
    const m = IGNORE.exec(text.slice(c.from, c.to));
    if (!m) continue;
    const line = lines.positionAt(c.from).line;
    if (m[1] === undefined) {
      out.set(line, 'all');
      continue;
    }
    const prev = out.get(line);
    if (prev === 'all') continue;
    const set = prev ?? new Set<RuleId>();
    for (const r of m[1].split(',').map((s) => s.trim())) if (isRuleId(r)) set.add(r);
    out.set(line, set);
  }
  return out;
}

export function ignored(ignores: Ignores, rule: RuleId, firstLine: number, lastLine: number): boolean {
  for (let l = firstLine; l <= lastLine; l++) {
    const r = ignores.get(l);
    if (r === 'all' || r?.has(rule)) return true;
  }
  return false;
}
