/**
 * Small helpers over Lezer trees and source text, shared by grad-check discovery, the hovers and
 * the lint: offsets to lines and back, a node's text, its children, whether a parse had errors.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { NODES_PER_YIELD, type Steps } from './slices';

/** A 0-based line and character, as VS Code counts them. */
export type Position = { line: number; character: number };
export type Range = { start: Position; end: Position };

/** Offset <-> 0-based line/character, by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  range(from: number, to: number): Range {
    return { start: this.positionAt(from), end: this.positionAt(to) };
  }
  line(n: number): string {
    const end = n + 1 < this.starts.length ? this.starts[n + 1] - 1 : this.text.length;
    return this.text.slice(this.starts[n], end).replace(/\r$/, '');
  }
}

export function textOf(text: string, node: SyntaxNode | null | undefined): string {
  return node ? text.slice(node.from, node.to) : '';
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** Whether the tree has a syntax error, in steps (see ./slices): a long file's tree is walked a piece at a time. */
export function* errorsIn(tree: Tree): Steps<boolean> {
  const cursor = tree.cursor();
  for (let n = 1; ; n++) {
    if (cursor.type.isError) return true;
    if (!cursor.next()) return false;
    if (n % NODES_PER_YIELD === 0) yield;
  }
}
