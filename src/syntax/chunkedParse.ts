/**
 * Parsing a document as independent chunks cut at top-level definitions, in steps.
 *
 * Lezer turns everything a parse read into a tree in one go at its end: about 15 ms per MB, 50 ms
 * and more cold, which no slicing can cut. Stopping a parse early (`stopAt`) and reusing it as
 * fragments is how CodeMirror keeps that step small, but with the Python grammar the reused
 * nodes give wrong trees (a method's body swallowing the methods after it). So the document is
 * cut instead where a top-level definition starts a line (`def`, `class`, `@` in Python;
 * `function`, `export`, `const`, ... in JS/TS: CHUNK_STARTS), each chunk is parsed as a document
 * of its own, and their top-level nodes are put side by side in one tree. A cut is kept only when the chunk before
 * it ends cleanly: an open bracket, string, comment, block or decorator at its end leaves an error
 * node there, and then the chunk runs on to a later cut. At such a cut the whole-document parse
 * is at the start of a top-level statement as well, so the trees agree.
 *
 * Across edits the chunks the edit did not touch are kept (those after it move by its length):
 * only the edited chunk is parsed again, with Lezer's incremental parsing from its old tree.
 * Chunks finished before a parse was given up (a newer text came) are kept the same way.
 */
import type { Tree as TreeType, TreeBuffer, TreeFragment as TreeFragmentType } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import type { Steps } from './slices';

// Required, not imported, as ./parsers requires the grammars: a bundle then holds one copy of
// @lezer/common (its CommonJS build), and the trees built here are of the parser's own classes.
// With an imported (ES module) copy beside it, `instanceof TreeBuffer` fails on the parser's
// buffers and walking a stitched tree throws.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- required, not imported (see above)
const { Tree, TreeFragment } = require('@lezer/common') as typeof import('@lezer/common');
type Tree = TreeType;
type TreeFragment = TreeFragmentType;

/** About this many characters per chunk: its final tree build stays well under a millisecond warm. */
const CHUNK_CHARS = 32 * 1024;

/** Parser steps between yields: a few tenths of a millisecond, more while recovering from errors. */
const ADVANCES_PER_YIELD = 32;

/**
 * Where a chunk may start: what a line's first characters (at column 0) must be. For JS/TS,
 * keywords that cannot continue the line before them, so automatic semicolons end that line.
 */
export const CHUNK_STARTS = {
  python: /(?:def|class|async[ \t]+def)[ \t]|@/,
  script:
    /(?:export|function|class|const|let|var|import|interface|enum|declare|namespace|abstract[ \t]+class|async[ \t]+function)\b/,
} as const;

/** `open`: the chunk ends inside something open; only the last one may, and only while it stays last. */
type Chunk = { from: number; to: number; tree: Tree; open: boolean };

/** The text's parse so far: chunks in order from 0, without gaps. */
type State = { text: string; chunks: Chunk[] };

/** An error node touching the end of `tree` (trailing whitespace aside): the chunk ends inside something open. */
function endsOpen(tree: Tree, input: string): boolean {
  let end = input.length;
  while (end > 0 && /\s/.test(input[end - 1])) end--;
  let open = false;
  tree.iterate({
    from: Math.max(0, end - 1),
    to: tree.length,
    enter: (n) => {
      if (n.type.isError) open = true;
      return open ? false : undefined;
    },
  });
  return open;
}

function stitch(chunks: readonly Chunk[], length: number): Tree {
  if (chunks.length === 1) return chunks[0].tree;
  const children: (Tree | TreeBuffer)[] = [];
  const positions: number[] = [];
  for (const c of chunks) {
    c.tree.children.forEach((child, i) => {
      children.push(child);
      positions.push(c.from + c.tree.positions[i]);
    });
  }
  return new Tree(chunks[0].tree.type, children, positions, length);
}

/** One Lezer parse in steps (a yield every ADVANCES_PER_YIELD parser steps); also ./incremental's. */
export function* parseSteps(parser: LRParser, input: string, fragments?: readonly TreeFragment[]): Steps<Tree> {
  const parse = parser.startParse(input, fragments);
  for (let n = 1; ; n++) {
    const tree = parse.advance();
    if (tree) return tree;
    if (n % ADVANCES_PER_YIELD === 0) yield;
  }
}

/** One document's parser: keeps the chunks of the last text it parsed, to reuse them for the next. */
export class ChunkedParser {
  private last: State | null = null;
  private readonly startsAt: RegExp;
  private readonly scan: RegExp;

  /** `starts`: where a chunk may start (CHUNK_STARTS); the chunk before must still end cleanly. */
  constructor(
    private readonly parser: LRParser,
    starts: RegExp,
    private readonly chunkChars = CHUNK_CHARS,
  ) {
    this.startsAt = new RegExp(starts.source, 'y');
    this.scan = new RegExp(`\\n(?=${starts.source})`, 'g');
  }

  private isStart(text: string, at: number): boolean {
    if (at === 0) return true;
    if (text.charCodeAt(at - 1) !== 10) return false;
    this.startsAt.lastIndex = at;
    return this.startsAt.test(text);
  }

  /** The first place at or after `from` where a chunk may start, else the end of the text. */
  private nextStart(text: string, from: number): number {
    this.scan.lastIndex = Math.max(0, from - 1);
    const m = this.scan.exec(text);
    return m ? m.index + 1 : text.length;
  }

  /** The parse of `text` in steps; each yield is a short piece of work. */
  *parse(text: string): Steps<Tree> {
    if (text.length === 0) return yield* parseSteps(this.parser, text);
    const { kept, edited } = this.carryOver(text);
    const done: Chunk[] = [];
    // What is finished stays for the next text, even when this parse is given up half-way.
    this.last = { text, chunks: done };
    let from = 0;
    let size = this.chunkChars;
    let minEnd = 0;
    while (from < text.length) {
      const reuse = kept.get(from);
      if (reuse) {
        done.push(reuse);
        from = reuse.to;
        continue;
      }
      let to = this.nextStart(text, Math.max(minEnd, from + size));
      for (const at of kept.keys()) if (at >= Math.max(minEnd, from + 1) && at < to) to = at;
      const input = text.slice(from, to);
      const fragments = edited && edited.from === from && edited.to === to ? edited.fragments : undefined;
      const tree = yield* parseSteps(this.parser, input, fragments);
      const open = endsOpen(tree, input);
      if (open && to < text.length) {
        // Something is still open at the cut: the chunk runs on, twice as far each time, so a file
        // that never closes it costs at most about twice one whole parse.
        minEnd = to + 1;
        size *= 2;
        continue;
      }
      done.push({ from, to, tree, open });
      from = to;
      size = this.chunkChars;
      minEnd = 0;
    }
    return stitch(done, text.length);
  }

  /**
   * The chunks of the last text that the new one has unchanged, by their start in the new text,
   * and the chunk the edit falls in (with fragments of its old tree, for an incremental parse).
   */
  private carryOver(text: string): {
    kept: Map<number, Chunk>;
    edited?: { from: number; to: number; fragments: readonly TreeFragment[] };
  } {
    const kept = new Map<number, Chunk>();
    const last = this.last;
    if (!last) return { kept };
    const old = last.text;
    const max = Math.min(old.length, text.length);
    let pre = 0;
    while (pre < max && old.charCodeAt(pre) === text.charCodeAt(pre)) pre++;
    let suf = 0;
    while (suf < max - pre && old.charCodeAt(old.length - 1 - suf) === text.charCodeAt(text.length - 1 - suf)) suf++;
    const oldEnd = old.length - suf;
    const delta = text.length - old.length;
    let edited: { from: number; to: number; fragments: readonly TreeFragment[] } | undefined;
    for (const c of last.chunks) {
      // Before the edit it stays; after it, it moves by the edit's length.
      const at = c.to <= pre ? c : c.from >= oldEnd ? { ...c, from: c.from + delta, to: c.to + delta } : null;
      // Kept where a chunk may still start and end (text typed at the end of the last chunk may
      // continue its last statement), and an open one only while it still ends the text.
      const ends = at && (at.to === text.length ? true : !c.open && this.isStart(text, at.to));
      if (at && ends && this.isStart(text, at.from)) kept.set(at.from, at);
      else if (c.from <= pre && c.to >= oldEnd) {
        const change = { fromA: pre - c.from, toA: oldEnd - c.from, fromB: pre - c.from, toB: oldEnd + delta - c.from };
        edited = {
          from: c.from,
          to: c.to + delta,
          fragments: TreeFragment.applyChanges(TreeFragment.addTree(c.tree), [change]),
        };
      }
    }
    return { kept, ...(edited ? { edited } : {}) };
  }
}
