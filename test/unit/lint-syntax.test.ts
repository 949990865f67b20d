/**
 * The syntax pieces the lint stands on: a tree kept across edits equals a fresh parse (so the
 * editor's incremental reparse cannot change what the lint finds), edits in the order VS Code
 * reports them, and notebook cells joined with their lines mapped back.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, lintSteps } from '../../src/lint';
import { changeBetween, changedRanges, IncrementalTree } from '../../src/syntax/incremental';
import { JoinedCells, notebookCells } from '../../src/syntax/notebook';
import type { Tree } from '@lezer/common';
import { pythonParser } from '../../src/syntax/parsers';
import { Cancelled, runSliced } from '../../src/syntax/slices';

/** The tree's structure as text: Lezer's Tree.prototype.toString, which its typings leave out. */
// eslint-disable-next-line @typescript-eslint/no-base-to-string -- Tree has its own toString (see above)
const printed = (t: Tree): string => t.toString();

describe('lint syntax: incremental trees', () => {
  const base = readFileSync(join(__dirname, '..', 'lint-corpus', 'python', 'kd_net.py'), 'utf8');

  it('a tree carried through edits is the tree of a fresh parse, and the lint finds the same', () => {
    const tree = new IncrementalTree(pythonParser());
    let text = base;
    tree.parse(text, 1);
    const edits: { at: string; insert: string; remove?: number }[] = [
      { at: 'def loss_fn(', insert: '\n\ndef extra(x, y):\n    return F.cross_entropy(F.softmax(x, 1), y)\n' },
      { at: 'nn.KLDivLoss()', insert: '', remove: 'nn.KLDivLoss()'.length },
      { at: 'class Net', insert: '# a comment\n' },
      { at: '    def forward', insert: '        self.extra = nn.Linear(3, 3)\n' },
    ];
    let version = 1;
    for (const e of edits) {
      const offset = text.indexOf(e.at);
      assert.ok(offset >= 0, e.at);
      const length = e.remove ?? 0;
      text = text.slice(0, offset) + e.insert + text.slice(offset + length);
      tree.edit(++version, [{ offset, length, text: e.insert }]);
      const incremental = tree.parse(text, version);
      assert.equal(printed(incremental), printed(pythonParser().parse(text)), `after inserting at ${e.at}`);
      assert.deepEqual(
        lint(text, 'python', { tree: incremental }).map((d) => [d.rule, d.span.from]),
        lint(text, 'python').map((d) => [d.rule, d.span.from]),
      );
    }
  });

  it('a first parse in steps yields between them, and a stale text stops it at the next slice', async () => {
    const big = base.repeat(40);
    const tree = new IncrementalTree(pythonParser());
    const steps = tree.parseSteps(big, 1);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.ok(yields > 0, 'no yield');
    assert.equal(printed(r.value), printed(pythonParser().parse(big)));
    // Kept: the same version is not parsed again.
    assert.equal(tree.parseSteps(big, 1).next().value, r.value);
    await assert.rejects(
      runSliced(new IncrementalTree(pythonParser()).parseSteps(big, 1), { stale: () => true }),
      Cancelled,
    );
  });

  it('the analysis pauses on a long file (the editor runs it in slices) and finds what lint() finds', () => {
    const big = base.repeat(30);
    const steps = lintSteps(big, 'python');
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    assert.ok(pauses > 10, `${pauses} pauses`);
    assert.deepEqual(
      r.value.map((d) => [d.rule, d.span.from]),
      lint(big, 'python').map((d) => [d.rule, d.span.from]),
    );
  });

  it('orders one event’s edits (VS Code lists them last first, each against the old text)', () => {
    assert.deepEqual(
      changedRanges([
        { offset: 10, length: 2, text: 'abc' },
        { offset: 0, length: 0, text: 'xy' },
      ]),
      [
        { fromA: 0, toA: 0, fromB: 0, toB: 2 },
        { fromA: 10, toA: 12, fromB: 12, toB: 15 },
      ],
    );
    assert.equal(
      changedRanges([
        { offset: 0, length: 5, text: '' },
        { offset: 3, length: 1, text: '' },
      ]),
      undefined,
      'overlapping edits: a fresh parse instead',
    );
  });

  it('finds the one edit between two texts (a notebook’s joined cells), and a tree carried through it is a fresh parse', () => {
    const apply = (t: string, c: { offset: number; length: number; text: string }): string =>
      t.slice(0, c.offset) + c.text + t.slice(c.offset + c.length);
    // Each pair by hand: the common start and end, and what lies between them.
    assert.deepEqual(changeBetween('abcdef', 'abXYef'), { offset: 2, length: 2, text: 'XY' });
    assert.deepEqual(changeBetween('abc', 'abc'), { offset: 3, length: 0, text: '' });
    assert.deepEqual(changeBetween('aaa', 'aaaa'), { offset: 3, length: 0, text: 'a' });
    assert.deepEqual(changeBetween('', 'x'), { offset: 0, length: 0, text: 'x' });
    assert.deepEqual(changeBetween('x\ny\n', ''), { offset: 0, length: 4, text: '' });
    // Random pairs: applying the edit to the first text always gives the second.
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 500; i++) {
      const a = Array.from({ length: rand(12) }, () => 'ab\n'[rand(3)]).join('');
      const b = Array.from({ length: rand(12) }, () => 'ab\n'[rand(3)]).join('');
      assert.equal(apply(a, changeBetween(a, b)), b, JSON.stringify([a, b]));
    }
    const cells = [
      'import torch\nimport torch.nn as nn\n',
      'criterion = nn.CrossEntropyLoss()\n',
      'def f(x, y):\n    return criterion(x, y)\n',
    ];
    const tree = new IncrementalTree(pythonParser());
    const before = cells.join('');
    tree.parse(before, 1);
    const after = [cells[0], 'criterion = nn.BCEWithLogitsLoss()\nhead = nn.Sigmoid()\n', cells[2]].join('');
    tree.edit(2, [changeBetween(before, after)]);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- Lezer's Tree.toString prints the tree; its typings leave it out
    assert.equal(tree.parse(after, 2).toString(), pythonParser().parse(after).toString());
  });
});

describe('lint syntax: notebooks', () => {
  it('joins the Python code cells, blanks magics, and maps lines back to cells counted from 1', () => {
    const json = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['# t\n'] },
        { cell_type: 'code', source: ['import torch\n', '%matplotlib inline\n', 'x = 1'] },
        { cell_type: 'code', metadata: { vscode: { languageId: 'bash' } }, source: ['ls\n'] },
        { cell_type: 'code', source: 'y = 2\nz = 3\n' },
      ],
      metadata: { kernelspec: { language: 'python' } },
    });
    const joined = new JoinedCells(notebookCells(json, 'nb.ipynb'));
    assert.equal(joined.text, 'import torch\n\nx = 1\ny = 2\nz = 3\n');
    assert.deepEqual(joined.locate(2), { cell: 2, position: 0, line: 2 });
    assert.deepEqual(joined.locate(4), { cell: 4, position: 1, line: 1 });
    assert.equal(joined.startLine(1), 3);
  });
});
