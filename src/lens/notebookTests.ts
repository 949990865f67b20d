/**
 * A notebook's losses in the Test Explorer: one item per loss, named as the CLI names results
 * (`notebook.ipynb#cell3:focal_loss`, cells counted from 1 among all cells), so an item keeps its
 * id whether the notebook is open (its cells' documents) or read from disk. No `vscode` here.
 */
import { discoverLossesSliced, type DiscoveredLoss } from '../gradcheck';
import { notebookCells } from '../syntax/notebook';

/** The id of the loss `key` of cell `cell` (1-based) of the notebook whose URI is `notebook`. */
export function notebookLossId(notebook: string, cell: number, key: string): string {
  return `${notebook}#cell${cell}:${key}`;
}

/** The notebook, cell (1-based) and loss key of a notebook loss's id; undefined for any other id. */
export function parseNotebookLossId(id: string): { notebook: string; cell: number; key: string } | undefined {
  const m = /^(.*\.ipynb)#cell(\d+):([^#]+)$/i.exec(id);
  return m ? { notebook: m[1], cell: Number(m[2]), key: m[3] } : undefined;
}

/** The losses of each Python code cell of a notebook's JSON text (1-based cell numbers); throws NotebookError. */
export async function notebookFileLosses(
  json: string,
  name: string,
): Promise<{ cell: number; losses: DiscoveredLoss[] }[]> {
  const out: { cell: number; losses: DiscoveredLoss[] }[] = [];
  for (const c of notebookCells(json, name)) {
    const { losses } = await discoverLossesSliced(c.text, 'python');
    if (losses.length) out.push({ cell: c.index, losses });
  }
  return out;
}
