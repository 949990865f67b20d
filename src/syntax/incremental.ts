/**
 * A document's syntax tree kept across edits. Lezer reparses only around what changed when it is
 * given the fragments of the last tree, moved through the edits since: a keystroke in a
 * 10,000-line file costs a millisecond instead of the ~100 ms of a fresh parse. The first parse
 * runs in steps (./slices) that the editor runs in slices, so no single task on the extension
 * host's thread is long. Pure, no `vscode`: edits come in as offsets.
 */
import { TreeFragment, type ChangedRange, type Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import { parseSteps } from './chunkedParse';
import type { Steps } from './slices';

/** One edit as VS Code reports it: against the text before the event. */
export type TextChange = { offset: number; length: number; text: string };

/** The ranges Lezer wants, from one event's edits; undefined when they are not in an order it can take. */
export function changedRanges(changes: readonly TextChange[]): ChangedRange[] | undefined {
  // VS Code lists one event's edits last-first, each against the text before the event.
  const sorted = [...changes].sort((a, b) => a.offset - b.offset);
  const out: ChangedRange[] = [];
  let delta = 0;
  let end = -1;
  for (const c of sorted) {
    if (c.offset < end) return undefined;
    out.push({
      fromA: c.offset,
      toA: c.offset + c.length,
      fromB: c.offset + delta,
      toB: c.offset + delta + c.text.length,
    });
    delta += c.text.length - c.length;
    end = c.offset + c.length;
  }
  return out;
}

/**
 * The one edit that turns `before` into `after`: the span between their common start and common
 * end. For a text whose edits are not reported one by one (a notebook's cells, joined).
 */
export function changeBetween(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let pre = 0;
  while (pre < max && before.charCodeAt(pre) === after.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < max - pre && before.charCodeAt(before.length - 1 - suf) === after.charCodeAt(after.length - 1 - suf))
    suf++;
  return { offset: pre, length: before.length - pre - suf, text: after.slice(pre, after.length - suf) };
}

export class IncrementalTree {
  private fragments: readonly TreeFragment[] = [];
  /** The document version the fragments describe (with holes where it changed). */
  private version = -1;
  private tree: Tree | undefined;

  constructor(readonly parser: LRParser) {}

  /** Moves the fragments through one change event, which made `version`. */
  edit(version: number, changes: readonly TextChange[]): void {
    const ranges = this.version === version - 1 ? changedRanges(changes) : undefined;
    this.fragments = ranges ? TreeFragment.applyChanges(this.fragments, ranges) : [];
    this.version = version;
    this.tree = undefined;
  }

  /** The tree of `text` (document `version`) if it is already parsed. */
  current(version: number): Tree | undefined {
    return this.version === version ? this.tree : undefined;
  }

  /** Parses `text` at once, reusing what the edits left. */
  parse(text: string, version: number): Tree {
    const cached = this.current(version);
    if (cached) return cached;
    const tree = this.parser.parse(text, this.version === version ? this.fragments : []);
    this.keep(tree, version);
    return tree;
  }

  /**
   * Parses `text` in steps (./slices: the editor runs them a few milliseconds at a time, and stops
   * when a newer text comes), reusing what the edits left.
   */
  *parseSteps(text: string, version: number): Steps<Tree> {
    const cached = this.current(version);
    if (cached) return cached;
    const tree = yield* parseSteps(this.parser, text, this.version === version ? this.fragments : []);
    this.keep(tree, version);
    return tree;
  }

  private keep(tree: Tree, version: number): void {
    // An edit that arrived while slicing moved the fragments on: this tree is for an old text.
    if (this.version !== version && this.version !== -1) return;
    this.version = version;
    this.tree = tree;
    this.fragments = TreeFragment.addTree(tree, this.fragments);
  }
}
