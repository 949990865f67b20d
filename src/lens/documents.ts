/**
 * Discovery per open document: one DocumentDiscoverer each (incremental across edits), run a slice
 * at a time so the extension host's thread is never held for long, the last answer kept by
 * document version. A large document (LIVE_LIMITS) is discovered when it opens and when it is
 * saved, not on every edit: between the two its lenses wait for the save. No user code runs here.
 */
import * as vscode from 'vscode';
import { Cancelled, DocumentDiscoverer, type DiscoveredLoss, type Discovery } from '../gradcheck';
import { dialectOfLanguageId, sourceLanguageOf, SOURCE_LANGUAGE_IDS } from '../syntax/sourceLanguage';
import { fingerprint, lineStarts, lossKey } from './fingerprint';

/**
 * Where a workspace's files live: the disk, and in a browser (vscode.dev, github.dev) a virtual
 * or remote file system, whose documents a check reads from the editor as it does unsaved text.
 */
export const WORKSPACE_SCHEMES = ['file', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'] as const;
/** Python cells of a notebook (VS Code's notebook editor) have lenses too. */
export const SELECTOR: vscode.DocumentSelector = [
  ...SOURCE_LANGUAGE_IDS.flatMap((language) =>
    [...WORKSPACE_SCHEMES, 'untitled'].map((scheme) => ({ language, scheme })),
  ),
  { language: 'python', scheme: 'vscode-notebook-cell' },
];

/**
 * Above either limit a document's losses follow its saves rather than its edits. Discovery is
 * sliced at any size; these keep a keystroke from costing a whole large file's walk (~0.1 s of
 * the host's time per 50,000 lines) and its lenses from being redrawn at every pause.
 */
export const LIVE_LIMITS = { lines: 50_000, chars: 2 * 1024 * 1024 } as const;

export type DocLosses = {
  discovery: Discovery;
  /** The text the losses were found in: a check runs on exactly this. */
  text: string;
  /** Loss by key (`name` or `Class.method`). */
  byKey: Map<string, DiscoveredLoss>;
  fingerprint(key: string): string | undefined;
};

/** What lenses, diagnostics and the Test Explorer show; `stale`: a large document's last discovery, edited since. */
export type Shown = { losses: DocLosses; stale: boolean };

type Run = { version: number; promise: Promise<DocLosses> };
type Entry = { discoverer: DocumentDiscoverer; done?: { version: number; losses: DocLosses }; running?: Run };

export class Documents implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri));

  /** `onError`: a discovery that failed (a bug of ours); the document then shows no losses. */
  constructor(private readonly onError: (e: unknown, document: vscode.TextDocument) => void = () => {}) {}

  static supports(document: vscode.TextDocument): boolean {
    return dialectOfLanguageId(document.languageId) !== null;
  }

  /** Over LIVE_LIMITS: discovered on open and save only. */
  static isLarge(document: vscode.TextDocument): boolean {
    if (document.lineCount > LIVE_LIMITS.lines) return true;
    return document.offsetAt(document.lineAt(document.lineCount - 1).range.end) > LIVE_LIMITS.chars;
  }

  /**
   * The losses of the document as it is now, found a slice at a time; a call while one for the
   * same version runs joins it, and an edit meanwhile starts over from the newer text (keeping
   * what was parsed). Null for a language we do not handle, a closed document, or once `token`
   * is cancelled.
   */
  async losses(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocLosses | null> {
    if (!Documents.supports(document)) return null;
    for (;;) {
      if (token?.isCancellationRequested || document.isClosed) return null;
      const entry = this.entry(document);
      if (entry.done?.version === document.version) return entry.done.losses;
      const run = entry.running?.version === document.version ? entry.running : this.start(entry, document);
      try {
        return await untilCancelled(run.promise, token);
      } catch (e) {
        if (!(e instanceof Cancelled)) throw e;
        // A newer version took over: ask again, for the document as it is now.
      }
    }
  }

  /**
   * What lenses, diagnostics and the Test Explorer show: losses(), except that a large document
   * edited since its last discovery keeps that one, stale, until it is saved (or undone back to
   * its saved text). Its first discovery is finished rather than restarted at each keystroke.
   */
  async shown(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<Shown | null> {
    const entry = this.entries.get(document.uri.toString());
    if (entry && document.isDirty && Documents.isLarge(document)) {
      if (entry.done && entry.done.version !== document.version) return { losses: entry.done.losses, stale: true };
      if (!entry.done && entry.running && entry.running.version !== document.version) {
        const losses = await untilCancelled(entry.running.promise, token).catch((e: unknown) => {
          if (e instanceof Cancelled) return null;
          throw e;
        });
        if (losses) return { losses, stale: true };
      }
    }
    const losses = await this.losses(document, token);
    return losses && { losses, stale: false };
  }

  private entry(document: vscode.TextDocument): Entry {
    const id = document.uri.toString();
    let e = this.entries.get(id);
    if (!e || e.discoverer.language !== sourceLanguageOf(document.languageId)) {
      e?.discoverer.cancel();
      e = { discoverer: new DocumentDiscoverer(document.languageId, document.fileName) };
      this.entries.set(id, e);
    }
    return e;
  }

  private start(entry: Entry, document: vscode.TextDocument): Run {
    const version = document.version;
    const text = document.getText();
    const run: Run = {
      version,
      promise: entry.discoverer
        .discoverSliced(text)
        .catch((e: unknown) => {
          if (e instanceof Cancelled) throw e;
          this.onError(e, document);
          return { language: entry.discoverer.language, losses: [], imports: [], hasSyntaxErrors: true };
        })
        .then((discovery) => {
          const losses = docLosses(text, discovery);
          if (!entry.done || entry.done.version < version) entry.done = { version, losses };
          return losses;
        })
        .finally(() => {
          if (entry.running === run) entry.running = undefined;
        }),
    };
    entry.running = run;
    return run;
  }

  private forget(uri: vscode.Uri): void {
    this.entries.get(uri.toString())?.discoverer.cancel();
    this.entries.delete(uri.toString());
  }

  dispose(): void {
    this.subscription.dispose();
    for (const e of this.entries.values()) e.discoverer.cancel();
    this.entries.clear();
  }
}

function docLosses(text: string, discovery: Discovery): DocLosses {
  const byKey = new Map(discovery.losses.map((l) => [lossKey(l), l]));
  let starts: number[] | undefined;
  const prints = new Map<string, string>();
  return {
    discovery,
    text,
    byKey,
    fingerprint: (key) => {
      const loss = byKey.get(key);
      if (!loss) return undefined;
      let f = prints.get(key);
      if (f === undefined) prints.set(key, (f = fingerprint(text, loss, (starts ??= lineStarts(text)))));
      return f;
    },
  };
}

/** `p`, or null as soon as `token` is cancelled. */
function untilCancelled<T>(p: Promise<T>, token?: vscode.CancellationToken): Promise<T | null> {
  if (!token) return p;
  if (token.isCancellationRequested) return Promise.resolve(null);
  return new Promise<T | null>((resolve, reject) => {
    const sub = token.onCancellationRequested(() => resolve(null));
    p.then(resolve, reject).finally(() => {
      sub.dispose();
    });
  });
}

export function toRange(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
