/**
 * A notebook cell's context for a check: the notebook's Python code cells up to and including it,
 * in order, as the runner executes them (definitions only: cells that train, download or plot keep
 * only their imports, functions, classes and constants). Magics are blanked, line numbers kept.
 */
import * as vscode from 'vscode';
import { blankMagics, type WireCell } from '../gradcheck';

const CELL_SCHEME = 'vscode-notebook-cell';

export type CellContext = { notebook: vscode.NotebookDocument; file: string; cells: WireCell[]; index: number };

/** The context of a cell document; null for a document that is not a notebook's cell. */
export function cellContext(document: vscode.TextDocument, text = document.getText()): CellContext | null {
  if (document.uri.scheme !== CELL_SCHEME) return null;
  const key = document.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    const all = notebook.getCells();
    const own = all.find((c) => c.document.uri.toString() === key);
    if (!own) continue;
    const file = notebook.uri.scheme === 'file' ? notebook.uri.fsPath : notebook.uri.path;
    const cells = all
      .filter((c) => c.index <= own.index && c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python')
      .map((c) => ({ label: `${file}#cell${c.index + 1}`, text: blankMagics(c === own ? text : c.document.getText()) }));
    return { notebook, file, cells, index: own.index };
  }
  return null;
}
