/**
 * Grad-check in VS Code: the lenses, diagnostics, output channel, status bar item, Test Explorer
 * and commands, over src/gradcheck. `registerGradcheck` wires the providers; the commands are in
 * `gradcheckCommands`, for ../activate.ts's command table.
 */
import * as vscode from 'vscode';
import { notifications } from '../notifications';
import { Documents, SELECTOR } from './documents';
import { COMMANDS, type CommandId } from '../commands';
import { GradcheckLensProvider } from './codeLens';
import { GradcheckService, offerTrust, type CheckTarget } from './service';
import { GradcheckTests } from './testing';

export { GradcheckService } from './service';

export function registerGradcheck(service: GradcheckService): vscode.Disposable[] {
  return [
    vscode.languages.registerCodeLensProvider(SELECTOR, new GradcheckLensProvider(service)),
    new GradcheckTests(service),
  ];
}

/**
 * The loss a command is about: its arguments (a lens passes the document's URI and the loss's
 * key), else the loss under the cursor in the active editor.
 */
async function targetOf(service: GradcheckService, uri: unknown, key: unknown): Promise<CheckTarget | undefined> {
  if (uri instanceof vscode.Uri && typeof key === 'string') return { uri, key };
  const editor = vscode.window.activeTextEditor;
  if (!editor || !Documents.supports(editor.document)) return undefined;
  const losses = await service.documents.losses(editor.document);
  const at = editor.selection.active;
  for (const [k, loss] of losses?.byKey ?? []) {
    if (loss.range.start.line <= at.line && at.line <= loss.range.end.line) return { uri: editor.document.uri, key: k };
  }
  return undefined;
}

function documentOf(uri: unknown): vscode.Uri | undefined {
  return uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
}

type Handler = (...args: unknown[]) => unknown;

const noLoss = (): void => void vscode.window.showInformationMessage(notifications.noLossAtCursor(vscode.l10n.t));

/** The grad-check's commands. */
export type GradcheckCommandId = Exclude<CommandId, typeof COMMANDS.open>;

/** The grad-check commands, for ../activate.ts's table: each made from the service. */
export const gradcheckCommands: Record<GradcheckCommandId, (s: GradcheckService) => Handler> = {
  // Resolves when the check has finished, with its result (undefined when nothing ran).
  [COMMANDS.gradcheck]: (s) => async (uri, key) => {
    if (!s.trusted) return void offerTrust();
    const t = await targetOf(s, uri, key);
    return t ? s.check(t) : noLoss();
  },
  [COMMANDS.gradcheckFile]: (s) => (uri) => {
    const d = documentOf(uri);
    return d ? s.checkDocument(d) : undefined;
  },
  [COMMANDS.plotLoss]: (s) => async (uri, key) => {
    const t = await targetOf(s, uri, key);
    return t ? s.plot(t) : noLoss();
  },
  [COMMANDS.showGradcheckDetails]: (s) => async (uri, key) => {
    const t = await targetOf(s, uri, key);
    return t ? s.showDetails(t) : noLoss();
  },
  [COMMANDS.gradcheckTrust]: () => () => offerTrust(),
  [COMMANDS.showGradcheckLog]: (s) => () => s.log.show(),
};
