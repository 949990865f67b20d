import * as vscode from 'vscode';
import { notifications } from '../notifications';
import type { WebviewMessage } from '../protocol';
import type { Log } from '../log';

type ExportMessage = Extract<WebviewMessage, { type: 'export' }>;

/** Asks where to save a chart (PNG) or its data (CSV) and writes it. */
export async function saveExport(m: ExportMessage, log: Log): Promise<void> {
  const png = m.format === 'png';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `loss-playground-${m.scene}.${m.format}`;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: png ? { [vscode.l10n.t('PNG image')]: ['png'] } : { [vscode.l10n.t('CSV data')]: ['csv'] },
    saveLabel: png ? vscode.l10n.t('Save chart') : vscode.l10n.t('Save data'),
  });
  if (!target) return;
  // atob and TextEncoder, not Buffer: this runs in the browser's extension host too.
  const bytes = png ? Uint8Array.from(atob(m.data.slice(m.data.indexOf(',') + 1)), (c) => c.charCodeAt(0)) : new TextEncoder().encode(m.data);
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
    log.info(`saved ${target.toString()}`);
    void vscode.window.showInformationMessage(notifications.saved(vscode.l10n.t, target.fsPath || target.toString()));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    log.warn(`could not save ${target.toString()}: ${reason}`);
    void vscode.window.showErrorMessage(notifications.saveFailed(vscode.l10n.t, target.toString(), reason));
  }
}
