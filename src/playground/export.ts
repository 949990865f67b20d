import * as vscode from 'vscode';
import { notifications } from '../notifications';
import type { CodeTarget, WebviewMessage } from '../protocol';
import type { Log } from '../log';
import type { SourceLanguage } from '../syntax/sourceLanguage';

type ExportMessage = Extract<WebviewMessage, { type: 'export' }>;

/** The editor language of each code export: the formula scene's NumPy, PyTorch and TF.js code. */
const CODE_LANGUAGE: Record<CodeTarget, SourceLanguage> = { numpy: 'python', pytorch: 'python', tfjs: 'javascript' };

/**
 * Saves a chart (PNG) or its data (CSV) where the user says, or opens code in a new untitled
 * editor: nothing is written until the user saves it, and it can be copied from there.
 */
export async function saveExport(m: ExportMessage, log: Log): Promise<void> {
  if (m.format !== 'png' && m.format !== 'csv') return openCode(m.format, m.data, log);
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
  const bytes = png
    ? Uint8Array.from(atob(m.data.slice(m.data.indexOf(',') + 1)), (c) => c.charCodeAt(0))
    : new TextEncoder().encode(m.data);
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

async function openCode(target: CodeTarget, code: string, log: Log): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: CODE_LANGUAGE[target], content: code });
  // Beside the playground, so the formula and its code are both in view.
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  log.info(`opened the formula as ${target} code in an untitled editor`);
}
