/**
 * Formula hovers: framework losses (PyTorch, torchvision, Keras, Optax, TF.js) show their formula
 * and gradient, defaults, reduction and differences, with a link into the playground; a loss the
 * user wrote shows its last grad-check result. `registerHovers` wires the provider.
 */
import * as vscode from 'vscode';
import { FormulaImages } from './formulas';
import { HOVER_LANGUAGES, LossHoverProvider, type ResultsSource } from './provider';

export function registerHovers(extensionUri: vscode.Uri, results: ResultsSource): vscode.Disposable[] {
  const provider = new LossHoverProvider(new FormulaImages(vscode.Uri.joinPath(extensionUri, 'dist', 'formulas.json').fsPath), results);
  return [provider, vscode.languages.registerHoverProvider(HOVER_LANGUAGES.map((language) => ({ language })), provider)];
}
