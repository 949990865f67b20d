import * as vscode from 'vscode';

/** The "Loss Playground" output channel: what the extension did and what it turned away. */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Loss Playground');
  private readonly listeners = new Set<(line: string) => void>();

  info(line: string): void {
    this.write(`[info] ${line}`);
  }

  warn(line: string): void {
    this.write(`[warn] ${line}`);
  }

  /** Hears every line written from now on, as written (the test hooks keep the last ones). */
  onLine(listener: (line: string) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  private write(line: string): void {
    const stamped = `${new Date().toISOString()} ${line}`;
    this.channel.appendLine(stamped);
    for (const listener of this.listeners) listener(stamped);
  }

  dispose(): void {
    this.listeners.clear();
    this.channel.dispose();
  }
}
