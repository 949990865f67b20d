import * as vscode from 'vscode';

/** The "Loss Playground" output channel, plus the last lines in memory for the test hook. */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Loss Playground');
  private readonly recent: string[] = [];

  info(line: string): void {
    this.write(`[info] ${line}`);
  }

  warn(line: string): void {
    this.write(`[warn] ${line}`);
  }

  lines(): readonly string[] {
    return this.recent;
  }

  private write(line: string): void {
    const stamped = `${new Date().toISOString()} ${line}`;
    this.channel.appendLine(stamped);
    this.recent.push(stamped);
    if (this.recent.length > 200) this.recent.shift();
  }

  dispose(): void {
    this.channel.dispose();
  }
}
