/**
 * Jupyter notebooks (`.ipynb`, nbformat 4) as the grad-check reads them: the Python code cells in
 * order, each with its number (counting every cell from 1, as the CLI names results
 * `notebook.ipynb#cell3`), IPython magics and shell escapes blanked so the text parses as Python.
 * A loss in cell k is checked with what cells 1..k define (the runner keeps only definitions, so
 * cells that train, download or plot do not run).
 */

export type NotebookCell = {
  /** 1-based position among all the notebook's cells. */
  index: number;
  /** `notebook.ipynb#cell3`: how results, tracebacks and left-out statements name the cell. */
  label: string;
  /** Python text with magics and `!` lines blanked (line numbers unchanged). */
  text: string;
};

export class NotebookError extends Error {}

export const isNotebook = (file: string): boolean => /\.ipynb$/i.test(file);

type RawCell = { cell_type?: unknown; source?: unknown; metadata?: { vscode?: { languageId?: unknown } } };

/** `%matplotlib inline`, `%%time`, `!pip install x`, `?obj`: IPython, not Python. Blanked, keeping the line. */
export function blankMagics(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^\s*(%|!|\?)/.test(line) || /^\s*\w[\w.]*\?\??\s*$/.test(line) ? '' : line))
    .join('\n');
}

/** The Python code cells of a notebook's JSON text. Throws NotebookError when it is not a notebook. */
export function notebookCells(json: string, name: string): NotebookCell[] {
  let nb: { cells?: unknown; metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } };
  try {
    nb = JSON.parse(json) as typeof nb;
  } catch (e) {
    throw new NotebookError(`${name} is not a notebook: ${(e as Error).message}`);
  }
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells)) throw new NotebookError(`${name} is not a notebook: it has no cells`);
  const language = String(nb.metadata?.kernelspec?.language ?? nb.metadata?.language_info?.name ?? 'python').toLowerCase();
  const cells: NotebookCell[] = [];
  (nb.cells as RawCell[]).forEach((cell, i) => {
    if (!cell || cell.cell_type !== 'code') return;
    const cellLanguage = String(cell.metadata?.vscode?.languageId ?? language).toLowerCase();
    if (cellLanguage !== 'python') return;
    const source = Array.isArray(cell.source) ? cell.source.map(String).join('') : typeof cell.source === 'string' ? cell.source : '';
    cells.push({ index: i + 1, label: `${name}#cell${i + 1}`, text: blankMagics(source) });
  });
  return cells;
}
