/**
 * Formula hovers: framework losses (PyTorch, torchvision, Keras, Optax, TF.js) show their formula
 * and gradient, defaults, reduction and differences, with a link into the playground; a loss the
 * user wrote shows its last grad-check result. `registerHovers` wires the provider.
 */
import * as vscode from 'vscode';
import { FormulaImages } from './formulas';
import { HOVER_LANGUAGES, LossHoverProvider, type ResultsSource } from './provider';

export function registerHovers(extensionUri: vscode.Uri, results: ResultsSource): vscode.Disposable[] {
  const file = vscode.Uri.joinPath(extensionUri, 'dist', 'formulas.json');
  const images = new FormulaImages(() =>
    vscode.workspace.fs.readFile(file).then((bytes) => new TextDecoder().decode(bytes)),
  );
  const provider = new LossHoverProvider(images, results);
  return [
    provider,
    vscode.languages.registerHoverProvider(
      HOVER_LANGUAGES.map((language) => ({ language })),
      provider,
    ),
  ];
}
