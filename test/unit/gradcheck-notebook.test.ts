/** Reading a notebook's Python cells (src/gradcheck/notebook.ts): numbering, languages, magics. */
import { strict as assert } from 'node:assert';
import { blankMagics, NotebookError, notebookCells } from '../../src/gradcheck/notebook';

const nb = (cells: unknown[], metadata: unknown = { kernelspec: { language: 'python' } }): string =>
  JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells });

describe('gradcheck: notebooks', () => {
  it('numbers cells among all cells from 1 and keeps only Python code cells', () => {
    const cells = notebookCells(
      nb([
        { cell_type: 'markdown', source: ['# title'] },
        { cell_type: 'code', source: ['import numpy as np\n', 'x = 1\n'] },
        { cell_type: 'raw', source: 'raw' },
        { cell_type: 'code', metadata: { vscode: { languageId: 'sql' } }, source: 'select 1' },
        { cell_type: 'code', source: 'def mse(a, b):\n    return ((a - b) ** 2).mean()\n' },
      ]),
      'nb.ipynb',
    );
    assert.deepEqual(
      cells.map((c) => [c.index, c.label]),
      [
        [2, 'nb.ipynb#cell2'],
        [5, 'nb.ipynb#cell5'],
      ],
    );
    assert.equal(cells[0].text, 'import numpy as np\nx = 1\n');
  });

  it('blanks IPython magics, shell escapes and help lines, keeping line numbers', () => {
    const text = '%matplotlib inline\n!pip install torch\nimport numpy as np\nnp.mean?\n    %time f(x)\ny = 2\n';
    const out = blankMagics(text);
    assert.equal(out.split('\n').length, text.split('\n').length);
    assert.deepEqual(out.split('\n'), ['', '', 'import numpy as np', '', '', 'y = 2', '']);
  });

  it('names what is wrong with a file that is not a notebook', () => {
    assert.throws(
      () => notebookCells('{"cells": 3}', 'bad.ipynb'),
      (e: Error) => e instanceof NotebookError && /bad\.ipynb is not a notebook: it has no cells/.test(e.message),
    );
    assert.throws(
      () => notebookCells('not json', 'x.ipynb'),
      (e: Error) => e instanceof NotebookError && /x\.ipynb is not a notebook: /.test(e.message),
    );
  });

  it('reads an R notebook as having no Python cells', () => {
    assert.deepEqual(
      notebookCells(nb([{ cell_type: 'code', source: 'x <- 1' }], { kernelspec: { language: 'R' } }), 'r.ipynb'),
      [],
    );
  });

  it('takes language metadata that is not a string as absent (the notebook is Python), never as "[object Object]"', () => {
    const code = { cell_type: 'code', source: 'x = 1' };
    assert.equal(notebookCells(nb([code], { kernelspec: { language: { name: 'python' } } }), 'a.ipynb').length, 1);
    assert.equal(
      notebookCells(nb([code], { kernelspec: { language: 3 }, language_info: { name: 'python' } }), 'b.ipynb').length,
      1,
    );
    assert.equal(notebookCells(nb([{ ...code, metadata: { vscode: { languageId: ['sql'] } } }]), 'c.ipynb').length, 1);
  });
});
