/**
 * A notebook's Python cells linted as they run, top to bottom: one program in cell order. The
 * CLI, the agent's tool and the editor all read notebooks through here. Pure, no `vscode`.
 *
 * Names at the top level reach only what is assigned above them, as in a file, so a loss object
 * or model is what the cells above made it. A function is read with every call of it, in any
 * cell: a loss defined in one cell and called in the next with a model's softmax output is found
 * (the corpus's tf_examples_save_restore.ipynb has one), where reading each cell with only the
 * cells above it could not see the call. Imports and aliases count only from the cell itself and
 * the cells above it: a cell whose finding needs a name imported further down is read again with
 * the names bound up to it, and what that reading finds in it is what it shows.
 *
 * One reading of the whole notebook (with the tree the editor keeps across edits), and another
 * only for a flagged cell above an import, instead of one reading per cell, which grows with the
 * square of the notebook (bench/lint.bench.ts).
 */
import type { Tree } from '@lezer/common';
import { scanBindings, type Bindings } from '../syntax/bindings';
import type { JoinedCells } from '../syntax/notebook';
import { pythonParser } from '../syntax/parsers';
import { lintSteps, type LintOptions } from './index';
import { runToEnd, type Steps } from '../syntax/slices';
import type { LintDiagnostic } from './types';

export type CellLintOptions = Pick<LintOptions, 'disabled'> & {
  /** The syntax tree of exactly `joined.text`, when the caller keeps one. */
  tree?: Tree;
};

/** The diagnostics of every cell, as spans of `joined.text`. */
export function lintCells(joined: JoinedCells, options: CellLintOptions = {}): LintDiagnostic[] {
  return runToEnd(lintCellsSteps(joined, options));
}

/** lintCells in steps (./steps), for the editor, which runs them a few milliseconds at a time. */
export function* lintCellsSteps(joined: JoinedCells, options: CellLintOptions = {}): Steps<LintDiagnostic[]> {
  const { text } = joined;
  const tree = options.tree ?? (yield* parse(text));
  const disabled = options.disabled ? { disabled: options.disabled } : {};
  const all = scanBindings(text, 'python');
  const whole = yield* lintSteps(text, 'python', { tree, bindings: all, ...disabled });
  const flagged = [...new Set(whole.map((d) => joined.positionAt(d.span.from)))].sort((a, b) => a - b);
  const out: LintDiagnostic[] = [];
  // Readings by the names they were given: cells between the same two imports share one.
  const readings = new Map<string, LintDiagnostic[]>([[bindingsKey(all), whole]]);
  for (const position of flagged) {
    const from = joined.startOffset(position);
    const to = joined.startOffset(position + 1);
    const above = scanBindings(text.slice(0, to), 'python');
    const key = bindingsKey(above);
    let found = readings.get(key);
    if (!found) readings.set(key, (found = yield* lintSteps(text, 'python', { tree, bindings: above, ...disabled })));
    out.push(...found.filter((d) => d.span.from >= from && d.span.from < to));
  }
  return out;
}

function bindingsKey(b: Bindings): string {
  return JSON.stringify([[...b.names].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)), b.stars]);
}

/** A parse that yields between the parser's steps. */
function* parse(text: string): Steps<Tree> {
  const p = pythonParser().startParse(text);
  for (;;) {
    const done = p.advance();
    if (done) return done;
    yield;
  }
}
