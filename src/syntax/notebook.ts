/**
 * Jupyter notebooks (`.ipynb`, nbformat 4) as grad-check and the lint read them: the Python code
 * cells in order, each with its number (counting every cell from 1, as the CLI names results
 * `notebook.ipynb#cell3`), IPython magics and shell escapes blanked so the text parses as Python.
 * Grad-check checks a loss in cell k with what cells 1..k define; the lint reads the cells as one
 * text (`joinCells`), so a model built in one cell and trained in a later one is read together,
 * and maps each line back to its cell.
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

/** A metadata field that should be a string; anything else in its place counts as absent. */
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The Python code cells of a notebook's JSON text. Throws NotebookError when it is not a notebook. */
export function notebookCells(json: string, name: string): NotebookCell[] {
  let nb: { cells?: unknown; metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } };
  try {
    nb = JSON.parse(json) as typeof nb;
  } catch (e) {
    throw new NotebookError(`${name} is not a notebook: ${(e as Error).message}`);
  }
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells))
    throw new NotebookError(`${name} is not a notebook: it has no cells`);
  const language = (
    asString(nb.metadata?.kernelspec?.language) ??
    asString(nb.metadata?.language_info?.name) ??
    'python'
  ).toLowerCase();
  const cells: NotebookCell[] = [];
  (nb.cells as RawCell[]).forEach((cell, i) => {
    if (!cell || cell.cell_type !== 'code') return;
    const cellLanguage = (asString(cell.metadata?.vscode?.languageId) ?? language).toLowerCase();
    if (cellLanguage !== 'python') return;
    const source = Array.isArray(cell.source)
      ? cell.source.map(String).join('')
      : typeof cell.source === 'string'
        ? cell.source
        : '';
    cells.push({ index: i + 1, label: `${name}#cell${i + 1}`, text: blankMagics(source) });
  });
  return cells;
}

/** Cells joined into one text, and where each starts, to map lines back to cells. */
export class JoinedCells {
  readonly text: string;
  /** 0-based line in `text` where each cell starts. */
  private readonly starts: number[] = [];
  /** Offset in `text` where each cell starts. */
  private readonly offsets: number[] = [];

  constructor(readonly cells: readonly { index: number; text: string }[]) {
    let line = 0;
    let offset = 0;
    const parts: string[] = [];
    for (const c of cells) {
      this.starts.push(line);
      this.offsets.push(offset);
      const t = c.text.endsWith('\n') ? c.text : `${c.text}\n`;
      parts.push(t);
      line += t.split('\n').length - 1;
      offset += t.length;
    }
    this.text = parts.join('');
  }

  /** The offset in `text` where the cell at `position` in `cells` starts (the text's length past the last). */
  startOffset(position: number): number {
    return this.offsets[position] ?? this.text.length;
  }

  /** The position in `cells` of the cell holding `offset` of `text`. */
  positionAt(offset: number): number {
    return lastAtOrBefore(this.offsets, offset);
  }

  /** The cell (its 1-based notebook index and position in `cells`) and 0-based line in it of a 0-based line of `text`. */
  locate(line: number): { cell: number; position: number; line: number } {
    const lo = lastAtOrBefore(this.starts, line);
    return { cell: this.cells[lo]?.index ?? 1, position: lo, line: line - (this.starts[lo] ?? 0) };
  }

  /** The 0-based line of `text` where the cell at `position` in `cells` starts. */
  startLine(position: number): number {
    return this.starts[position] ?? 0;
  }
}

/** The index of the last of the ascending `starts` that is at or before `at` (0 when none is). */
function lastAtOrBefore(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
