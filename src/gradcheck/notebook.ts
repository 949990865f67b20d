/** Moved to src/syntax/notebook.ts (shared with the lint); kept so imports of this path still work. */
export { blankMagics, isNotebook, NotebookError, notebookCells, type NotebookCell } from '../syntax/notebook';
