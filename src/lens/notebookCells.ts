/**
 * A notebook cell's context for a check: the notebook's Python code cells up to and including it,
 * in order, as the runner executes them (definitions only: cells that train, download or plot keep
 * only their imports, functions, classes and constants). Magics are blanked, line numbers kept.
 */
import type * as vscode from 'vscode';
import { blankMagics, type WireCell } from '../gradcheck';
import { cellOf, pythonCells } from '../notebookCells';

export type CellContext = { notebook: vscode.NotebookDocument; file: string; cells: WireCell[]; index: number };

/** The path a notebook's results are named by: the file's, or a virtual file's path. */
function notebookFile(notebook: vscode.NotebookDocument): string {
  return notebook.uri.scheme === 'file' ? notebook.uri.fsPath : notebook.uri.path;
}

/** The context of a cell document; null for a document that is not a notebook's cell. */
export function cellContext(document: vscode.TextDocument, text = document.getText()): CellContext | null {
  const at = cellOf(document);
  if (!at) return null;
  const file = notebookFile(at.notebook);
  const cells = pythonCells(at.notebook, at.cell.index).map((c) => ({
    label: `${file}#cell${c.index + 1}`,
    text: blankMagics(c === at.cell ? text : c.document.getText()),
  }));
  return { notebook: at.notebook, file, cells, index: at.cell.index };
}
