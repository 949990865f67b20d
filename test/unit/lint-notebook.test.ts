/**
 * The lint of notebooks as their cells run, top to bottom (src/lint/notebook.ts). The oracle is
 * the definition written out the slow way: each cell's findings are those of the whole notebook
 * read with only the names the cells up to it import. Checked on every notebook of the lint
 * corpus and on cells built so that reading order matters.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, type LintDiagnostic } from '../../src/lint';
import { lintCells } from '../../src/lint/notebook';
import { scanBindings } from '../../src/syntax/bindings';
import { JoinedCells, notebookCells } from '../../src/syntax/notebook';
import { pythonParser } from '../../src/syntax/parsers';

/** One reading per cell: the whole notebook with the names bound up to that cell; what is found in it. */
function cellByCell(cells: readonly { index: number; text: string }[]): LintDiagnostic[] {
  const joined = new JoinedCells(cells);
  const out: LintDiagnostic[] = [];
  for (let k = 0; k < cells.length; k++) {
    const bindings = scanBindings(new JoinedCells(cells.slice(0, k + 1)).text, 'python');
    out.push(...lint(joined.text, 'python', { bindings }).filter((d) => joined.positionAt(d.span.from) === k));
  }
  return out;
}

const brief = (ds: LintDiagnostic[]): string[] =>
  ds.map((d) => `${d.rule}@${d.span.from}-${d.span.to}${d.related ? `~${d.related.span.from}` : ''}`);

const cells = (...texts: string[]) => texts.map((text, i) => ({ index: i + 1, text }));

/** Rule, cell (0-based position) and the other line's cell of each finding. */
function where(cs: { index: number; text: string }[]): [string, number, number | undefined][] {
  const joined = new JoinedCells(cs);
  return lintCells(joined).map((d) => [
    d.rule,
    joined.positionAt(d.span.from),
    d.related && joined.positionAt(d.related.span.from),
  ]);
}

describe('lint: notebooks as their cells run', () => {
  const dir = join(__dirname, '..', 'lint-corpus', 'notebooks');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ipynb'))) {
    it(`${file}: the same as reading the notebook once per cell`, () => {
      const cs = notebookCells(readFileSync(join(dir, file), 'utf8'), file);
      assert.deepEqual(brief(lintCells(new JoinedCells(cs))), brief(cellByCell(cs)));
    });
  }

  it('a model and a loss object of an earlier cell, with the tree the caller keeps', () => {
    const cs = cells(
      'import torch\nimport torch.nn as nn',
      'criterion = nn.BCEWithLogitsLoss()\nhead = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())',
      'x = 1',
      'def step(x, y):\n    return criterion(head(x), y)',
    );
    const joined = new JoinedCells(cs);
    const found = lintCells(joined, { tree: pythonParser().parse(joined.text) });
    assert.deepEqual(
      found.map((d) => [d.rule, joined.positionAt(d.span.from), d.related && joined.positionAt(d.related.span.from)]),
      [['sigmoid-before-logits-loss', 3, 1]],
    );
    assert.deepEqual(brief(found), brief(cellByCell(cs)));
  });

  it('a loss function read with the calls of a later cell (they run after it is defined)', () => {
    const cs = cells(
      'import tensorflow as tf',
      'def cross_entropy(y_pred, y_true):\n    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred))',
      'def step(x, y):\n    pred = tf.nn.softmax(x)\n    return cross_entropy(pred, y)',
    );
    assert.deepEqual(where(cs), [['softmax-before-logits-loss', 1, 2]]);
  });

  it('not with a name imported only further down', () => {
    const cs = cells(
      'probs = F.softmax(x, dim=1)\nloss = F.cross_entropy(probs, y)',
      'import torch.nn.functional as F',
    );
    assert.equal(lint(new JoinedCells(cs).text, 'python').length, 1, 'read as one file, the import below counts');
    assert.deepEqual(where(cs), []);
    assert.deepEqual(cellByCell(cs), []);
  });

  it('several flagged cells, each read with its own imports; the same in steps as at once', () => {
    const cs = cells(
      'import torch\nimport torch.nn as nn',
      'criterion = nn.CrossEntropyLoss()',
      'def a(logits, y):\n    return criterion(torch.softmax(logits, dim=1), y)',
      'import torch.nn.functional as F\nkl = nn.KLDivLoss()\n',
      'def b(p, q):\n    return kl(F.log_softmax(p, dim=1), q)',
      'def c(logits, y):\n    return F.cross_entropy(F.softmax(logits, dim=1), y)',
    );
    assert.deepEqual(
      where(cs).map(([rule, cell]) => [rule, cell]),
      [
        ['softmax-before-logits-loss', 2],
        ['kl-div-reduction', 3],
        ['softmax-before-logits-loss', 5],
      ],
    );
    assert.deepEqual(brief(lintCells(new JoinedCells(cs))), brief(cellByCell(cs)));
  });
});
