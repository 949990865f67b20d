/**
 * The last grad-check result of each loss, per document, for as long as the code it checked is
 * unchanged. The lens provider, diagnostics, the Test Explorer and the hovers read it; only the
 * grad-check service writes it. Read-only API for other providers: `lastResult(uri, name)` and
 * `onDidChange`.
 */
import * as vscode from 'vscode';
import type { CheckResult } from '../gradcheck';

type Entry = { result: CheckResult; fingerprint: string };

interface ResultsView {
  /** The last result for a loss (`name`, or `Class.method`), or undefined when none is current. */
  lastResult(uri: vscode.Uri, functionName: string): CheckResult | undefined;
  /** Fires with the document whose results changed. */
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

export class ResultStore implements ResultsView, vscode.Disposable {
  private readonly byDoc = new Map<string, Map<string, Entry>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  lastResult(uri: vscode.Uri, functionName: string): CheckResult | undefined {
    return this.byDoc.get(uri.toString())?.get(functionName)?.result;
  }

  entries(uri: vscode.Uri): ReadonlyMap<string, Entry> {
    return this.byDoc.get(uri.toString()) ?? new Map();
  }

  set(uri: vscode.Uri, key: string, result: CheckResult, fingerprint: string): void {
    const doc = this.byDoc.get(uri.toString()) ?? new Map<string, Entry>();
    this.byDoc.set(uri.toString(), doc);
    doc.set(key, { result, fingerprint });
    this.changed.fire(uri);
  }

  /** Drops the results whose code changed (`current` gives each key's fingerprint now, or undefined when the loss is gone). */
  prune(uri: vscode.Uri, current: (key: string) => string | undefined): boolean {
    const doc = this.byDoc.get(uri.toString());
    if (!doc) return false;
    let dropped = false;
    for (const [key, e] of doc) {
      if (current(key) !== e.fingerprint) {
        doc.delete(key);
        dropped = true;
      }
    }
    if (doc.size === 0) this.byDoc.delete(uri.toString());
    if (dropped) this.changed.fire(uri);
    return dropped;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
