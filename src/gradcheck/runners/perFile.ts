/**
 * A fresh JS/TS runner process for every file: what one file does to the runtime (patching
 * `Math.exp`, `Array.prototype`, `globalThis`, a timer left running) cannot reach the next file's
 * checks. Checks of the same file in a row share a process (the lens clicked twice). A spare
 * process is started ahead, so switching files costs a process start only when checks come faster
 * than processes start.
 */
import type { Outcome, RequestLimits, RunnerHost } from './host';

export class PerFileHost implements RunnerHost {
  private current: { file: string; host: RunnerHost } | null = null;
  private spare: RunnerHost | null = null;
  private made = 0;

  constructor(private readonly make: () => RunnerHost) {}

  get starts(): number {
    return this.made;
  }

  private fresh(): RunnerHost {
    const host = this.spare ?? this.make();
    this.spare = null;
    this.made++;
    return host;
  }

  async request(
    message: Record<string, unknown>,
    limits: RequestLimits,
    onNote?: (note: Record<string, unknown>) => void,
  ): Promise<Outcome> {
    const file = typeof message.file === 'string' ? message.file : '';
    if (!this.current || this.current.file !== file) {
      this.current?.host.dispose();
      this.current = { file, host: this.fresh() };
      // The next file's process starts while this one is checked.
      this.spare = this.make();
      void this.spare.warm();
    }
    return this.current.host.request(message, limits, onNote);
  }

  warm(): Promise<void> {
    this.spare ??= this.make();
    return this.spare.warm();
  }

  dispose(): void {
    this.current?.host.dispose();
    this.spare?.dispose();
    this.current = null;
    this.spare = null;
  }
}
