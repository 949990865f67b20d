/**
 * The Test Explorer's notebook items without VS Code (src/lens/notebookTests.ts): ids named as the
 * CLI names results, read back; the losses of a notebook file by cell, from discovery alone. The
 * expected cells and names are read off test/gradcheck-corpus/notebook/focal.ipynb by hand.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { notebookFileLosses, notebookLossId, parseNotebookLossId } from '../../src/lens/notebookTests';
import { NotebookError } from '../../src/syntax/notebook';

describe('Test Explorer: notebook items', () => {
  it('names a loss as the CLI does and reads the name back, for functions and methods', () => {
    const nb = 'file:///home/u/my%20work/losses.ipynb';
    assert.equal(notebookLossId(nb, 3, 'focal_loss'), 'file:///home/u/my%20work/losses.ipynb#cell3:focal_loss');
    assert.deepEqual(parseNotebookLossId(notebookLossId(nb, 12, 'FocalLoss.forward')), {
      notebook: nb,
      cell: 12,
      key: 'FocalLoss.forward',
    });
    // A file's loss id (`URI#key`) is not a notebook's.
    assert.equal(parseNotebookLossId('file:///home/u/losses.py#mse'), undefined);
    assert.equal(parseNotebookLossId(nb), undefined);
  });

  it('lists the losses of a notebook file by cell, counting every cell from 1, running nothing', async () => {
    const json = readFileSync(join(__dirname, '..', 'gradcheck-corpus', 'notebook', 'focal.ipynb'), 'utf8');
    const cells = await notebookFileLosses(json, 'focal.ipynb');
    assert.deepEqual(
      cells.map((c) => [c.cell, c.losses.map((l) => l.name)]),
      [
        [4, ['focal_loss']],
        [5, ['scaled_mse']],
      ],
    );
    await assert.rejects(notebookFileLosses('{"not": "a notebook"}', 'x.ipynb'), NotebookError);
  });
});
