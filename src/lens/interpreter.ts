/**
 * Which Python runs the user's losses: the `lossPlayground.gradcheck.pythonPath` setting, else the
 * interpreter selected in the Python extension (asked only when that extension is installed, and
 * only when a check needs Python, never at activation), else `python3`.
 */
import * as vscode from 'vscode';

const PYTHON_EXTENSION_ID = 'ms-python.python';

export async function pythonFor(resource: vscode.Uri, configured: string): Promise<{ python: string; source: string }> {
  if (configured)
    return { python: configured, source: vscode.l10n.t('the lossPlayground.gradcheck.pythonPath setting') };
  if (vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) {
    try {
      const { PythonExtension } = await import('@vscode/python-extension');
      const api = await PythonExtension.api();
      const active = api.environments.getActiveEnvironmentPath(resource);
      const resolved = await api.environments.resolveEnvironment(active);
      const exe = resolved?.executable.uri?.fsPath ?? active.path;
      if (exe) return { python: exe, source: vscode.l10n.t("the Python extension's selected interpreter") };
    } catch {
      // A Python extension that fails to activate should not stop a check: fall back.
    }
  }
  return { python: 'python3', source: vscode.l10n.t('the default (python3 on PATH)') };
}
