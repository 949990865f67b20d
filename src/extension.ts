import * as vscode from 'vscode';

/** Wires the pieces together and nothing else; every disposable goes to the context. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('lossPlayground.open', () => {
      // Placeholder until the playground issue: a panel that proves the command is wired.
      const panel = vscode.window.createWebviewPanel('lossPlayground', 'Loss Playground', vscode.ViewColumn.One, {});
      panel.webview.html = '<!DOCTYPE html><html><body><h1>Loss Playground</h1></body></html>';
    }),
  );
}

export function deactivate(): void {}
