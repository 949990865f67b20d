/**
 * The loss lint in VS Code: diagnostics on Python, TS/JS and notebook cells, with quick fixes.
 * `registerLint` wires it; the rules themselves are in src/lint (pure).
 */
import * as vscode from 'vscode';
import { LintCodeActions } from './codeActions';
import { LintService } from './service';

export { LintService } from './service';

const SELECTOR: vscode.DocumentSelector = [
  'python',
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
].map((language) => ({ language }));

export function registerLint(): { service: LintService; disposables: vscode.Disposable[] } {
  const service = new LintService();
  return {
    service,
    disposables: [
      service,
      vscode.languages.registerCodeActionsProvider(SELECTOR, new LintCodeActions(service), {
        providedCodeActionKinds: LintCodeActions.kinds,
      }),
    ],
  };
}
