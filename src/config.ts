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
      // Clamped to the ranges package.json declares: a hand-edited trials of 1,000,000 would run the
      // extension host out of heap, a timeout over 2^31 ms overflows the timer.
      trials: clamp(Math.round(positive(this.get('gradcheck.trials', 3, scope), 3)), 1, 20),
      timeoutMs: clamp(positive(this.get('gradcheck.timeoutSeconds', 10, scope), 10), 0.1, 600) * 1000,
      loadTimeoutMs: clamp(positive(this.get('gradcheck.loadTimeoutSeconds', 60, scope), 60), 1, 600) * 1000,
      memoryLimitBytes: clamp(positive(this.get('gradcheck.memoryLimitMB', 2048, scope), 2048), 64, 1024 * 1024) * 1024 * 1024,
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
  /** Loading the module and its frameworks, before a check's own limit starts. */
  loadTimeoutMs: number;
  memoryLimitBytes: number;
  /** Empty: the Python extension's interpreter, else python3. */
  pythonPath: string;
  enableCodeLens: boolean;
};

// A hand-edited settings.json can hold anything; fall back rather than pass a NaN to the checker.
function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}
