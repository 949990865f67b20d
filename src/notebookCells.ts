/**
 * Notebook cells as the lenses, the hovers and the lint read them: the notebook that holds a cell
 * document, and its Python code cells in cell order. Every notebook reading goes through here, so
 * all of them agree on which cells count (code cells whose language is Python, markdown and other
 * languages skipped).
 */
import * as vscode from 'vscode';

export const CELL_SCHEME = 'vscode-notebook-cell';

/** A Python code cell: the cells grad-check, the hovers and the lint read. */
function isPythonCode(cell: vscode.NotebookCell): boolean {
  return cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === 'python';
}

/** The notebook's Python code cells in order, up to and including the one at `upTo` (its 0-based index), or all. */
export function pythonCells(notebook: vscode.NotebookDocument, upTo = Infinity): vscode.NotebookCell[] {
  return notebook.getCells().filter((c) => c.index <= upTo && isPythonCode(c));
}

/** The notebook and cell of a cell document; undefined for any other document. */
export function cellOf(
  document: vscode.TextDocument,
): { notebook: vscode.NotebookDocument; cell: vscode.NotebookCell } | undefined {
  if (document.uri.scheme !== CELL_SCHEME) return undefined;
  const key = document.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    for (const cell of notebook.getCells()) if (cell.document.uri.toString() === key) return { notebook, cell };
  }
  return undefined;
}
