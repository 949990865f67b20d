/**
 * Discovery per open document: one DocumentDiscoverer each (incremental across edits), the last
 * answer cached by document version. No user code runs here.
 */
import * as vscode from 'vscode';
import { DocumentDiscoverer, languageOf, type DiscoveredLoss, type Discovery } from '../gradcheck';
import { fingerprint, lineStarts, lossKey } from './fingerprint';

/** The languages with lenses (VS Code language ids). */
export const LANGUAGE_IDS = ['python', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact'] as const;
/**
 * Where a workspace's files live: the disk, and in a browser (vscode.dev, github.dev) a virtual
 * or remote file system, whose documents a check reads from the editor as it does unsaved text.
 */
export const WORKSPACE_SCHEMES = ['file', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'] as const;
export const SELECTOR: vscode.DocumentSelector = LANGUAGE_IDS.flatMap((language) => [...WORKSPACE_SCHEMES, 'untitled'].map((scheme) => ({ language, scheme })));

export type DocLosses = {
  discovery: Discovery;
  /** Loss by key (`name` or `Class.method`). */
  byKey: Map<string, DiscoveredLoss>;
  fingerprint(key: string): string | undefined;
};

type Cached = { discoverer: DocumentDiscoverer; version: number; losses: DocLosses | null };

export class Documents implements vscode.Disposable {
  private readonly cache = new Map<string, Cached>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString()));

  static supports(document: vscode.TextDocument): boolean {
    return (LANGUAGE_IDS as readonly string[]).includes(document.languageId) && languageOf(document.languageId) !== null;
  }

  /** The losses of a document now; null for a language we do not handle. */
  losses(document: vscode.TextDocument): DocLosses | null {
    if (!Documents.supports(document)) return null;
    const id = document.uri.toString();
    let c = this.cache.get(id);
    if (!c || c.discoverer.language !== languageOf(document.languageId)) {
      c = { discoverer: new DocumentDiscoverer(document.languageId, document.fileName), version: -1, losses: null };
      this.cache.set(id, c);
    }
    if (c.version !== document.version || !c.losses) {
      const text = document.getText();
      const discovery = c.discoverer.discover(text);
      const byKey = new Map(discovery.losses.map((l) => [lossKey(l), l]));
      let starts: number[] | undefined;
      const prints = new Map<string, string>();
      c.losses = {
        discovery,
        byKey,
        fingerprint: (key) => {
          const loss = byKey.get(key);
          if (!loss) return undefined;
          let f = prints.get(key);
          if (f === undefined) prints.set(key, (f = fingerprint(text, loss, (starts ??= lineStarts(text)))));
          return f;
        },
      };
      c.version = document.version;
    }
    return c.losses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}

export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
