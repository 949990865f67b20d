import * as vscode from 'vscode';

/** The `lossPlayground.*` settings, typed: one getter per setting, read fresh each time. */
export class Config {
  static readonly section = 'lossPlayground';

  private get<T>(path: string, fallback: T, scope?: vscode.Uri): T {
    return vscode.workspace.getConfiguration(Config.section, scope).get<T>(path, fallback);
  }

  /** True when a configuration change touches any grad-check setting. */
  static affectsGradcheck(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${Config.section}.gradcheck`);
  }

  gradcheck(scope?: vscode.Uri): GradcheckConfig {
    return {
      rtol: positive(this.get('gradcheck.rtol', 1e-3, scope), 1e-3),
      atol: nonNegative(this.get('gradcheck.atol', 1e-5, scope), 1e-5),
      step: positive(this.get('gradcheck.step', 1e-6, scope), 1e-6),
      trials: Math.max(1, Math.round(positive(this.get('gradcheck.trials', 3, scope), 3))),
      timeoutMs: positive(this.get('gradcheck.timeoutSeconds', 10, scope), 10) * 1000,
      memoryLimitBytes: positive(this.get('gradcheck.memoryLimitMB', 2048, scope), 2048) * 1024 * 1024,
      pythonPath: this.get('gradcheck.pythonPath', '', scope).trim(),
      enableCodeLens: this.get('gradcheck.enableCodeLens', true, scope),
    };
  }
}

export type GradcheckConfig = {
  rtol: number;
  atol: number;
  step: number;
  trials: number;
  timeoutMs: number;
  memoryLimitBytes: number;
  /** Empty: the Python extension's interpreter, else python3. */
  pythonPath: string;
  enableCodeLens: boolean;
};

// A hand-edited settings.json can hold anything; fall back rather than pass a NaN to the checker.
function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}
