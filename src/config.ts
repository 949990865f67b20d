import * as vscode from 'vscode';
import { GRADCHECK_SETTINGS, settingValue, type GradcheckSetting } from './engine/gradcheckDefaults';

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
    // Kept in the ranges package.json declares (./engine/gradcheckDefaults.ts has both).
    const setting = (key: GradcheckSetting): number =>
      settingValue(key, this.get<unknown>(`gradcheck.${key}`, GRADCHECK_SETTINGS[key].default, scope));
    return {
      rtol: setting('rtol'),
      atol: setting('atol'),
      step: setting('step'),
      trials: setting('trials'),
      timeoutMs: setting('timeoutSeconds') * 1000,
      loadTimeoutMs: setting('loadTimeoutSeconds') * 1000,
      memoryLimitBytes: setting('memoryLimitMB') * 1024 * 1024,
      pythonPath: String(this.get('gradcheck.pythonPath', '', scope)).trim(),
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
