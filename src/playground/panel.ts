import * as vscode from 'vscode';
import {
  parseWebviewMessage,
  type Focus,
  type HostMessage,
  type OpenArgs,
  type SceneRequest,
  type UserLossSeries,
  type WebviewMessage,
} from '../protocol';
import { SurfaceCache } from './experiments';
import { computeScene, surfaceSlices } from './scenes';
import { focusFor, formulas, languageOf } from './focus';
import { playgroundHtml, webviewOptions } from './html';
import type { Log } from './log';
import { saveExport } from './export';

export const VIEW_TYPE = 'lossPlayground';

export interface PlaygroundDeps {
  extensionUri: vscode.Uri;
  log: Log;
}

/** What the test hook sees of a message it pushed through. */
export type Receipt = { accepted: boolean; error?: string };

/**
 * The one playground panel: created or revealed by the command, revived after a window reload by
 * the serializer (the page keeps its own state with setState; the host keeps none of it).
 */
export class PlaygroundPanel implements vscode.Disposable {
  private static current: PlaygroundPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private pendingFocus: Focus | undefined;
  private pendingSeries: UserLossSeries | undefined;
  private openedAt = Date.now();
  /** The seq of the newest surface request; older surface jobs stop at their next slice. */
  private surfaceSeq = -1;
  private readonly surfaces = new SurfaceCache();

  static get active(): PlaygroundPanel | undefined {
    return PlaygroundPanel.current;
  }

  static createOrShow(deps: PlaygroundDeps, args: OpenArgs): PlaygroundPanel {
    const openedAt = Date.now();
    const { focus, problem } = focusFor(args);
    if (problem) deps.log.warn(`open: ${problem}; opening the playground as it was`);
    const existing = PlaygroundPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.focus(focus, args.series);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Loss Playground'), vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
    const p = new PlaygroundPanel(panel, deps);
    p.openedAt = openedAt;
    p.focus(focus, args.series);
    return p;
  }

  static revive(deps: PlaygroundDeps, panel: vscode.WebviewPanel): PlaygroundPanel {
    PlaygroundPanel.current?.dispose();
    return new PlaygroundPanel(panel, deps);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PlaygroundDeps,
  ) {
    PlaygroundPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = playgroundHtml(panel.webview, deps.extensionUri, vscode.env.language);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
    );
  }

  /** Opens a scene (and a loss in it) now if the page is up, else once it says ready. */
  private focus(focus: Focus | undefined, series: UserLossSeries | undefined): void {
    if (!this.ready) {
      this.pendingFocus = focus ?? this.pendingFocus;
      this.pendingSeries = series ?? this.pendingSeries;
      return;
    }
    if (series) this.post({ type: 'series', series });
    if (focus) this.post({ type: 'focus', focus });
  }

  /**
   * Every message from the page comes through here, validated before anything acts on it. A bad
   * one is logged and dropped; the panel carries on. The test hook calls this too.
   */
  async receive(raw: unknown): Promise<Receipt> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`rejected a message from the playground page: ${parsed.error}`);
      return { accepted: false, error: parsed.error };
    }
    try {
      await this.handle(parsed.value);
    } catch (e) {
      this.deps.log.warn(`failed handling '${parsed.value.type}': ${e instanceof Error ? e.message : String(e)}`);
    }
    return { accepted: true };
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({
          type: 'init',
          language: languageOf(vscode.env.language),
          openedAt: this.openedAt,
          formulas: formulas(languageOf(vscode.env.language)),
          ...(this.pendingFocus ? { focus: this.pendingFocus } : {}),
          ...(this.pendingSeries ? { series: this.pendingSeries } : {}),
        });
        this.pendingFocus = undefined;
        this.pendingSeries = undefined;
        return;
      case 'compute':
        return this.compute(m.seq, m.request);
      case 'prefetch':
        return this.prefetch(m.seq, m.requests);
      case 'export':
        return saveExport(m, this.deps.log);
      case 'metric':
        this.deps.log.info(`metric ${m.name}: ${m.millis.toFixed(1)} ms`);
        return;
    }
  }

  private async compute(seq: number, request: SceneRequest): Promise<void> {
    try {
      if (request.scene === 'surface') {
        this.surfaceSeq = seq;
        // Coarse first, then the fine grid in row slices; between slices the event loop runs, so
        // the host is never blocked for more than one slice, and a newer request stops this one.
        for (const data of surfaceSlices(request.input, this.surfaces)) {
          if (this.surfaceSeq !== seq || this.disposed) return;
          if (data) this.post({ type: 'result', seq, result: { scene: 'surface', data } });
          await new Promise<void>((r) => setImmediate(r));
        }
        return;
      }
      this.post({ type: 'result', seq, result: computeScene(request) });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log.warn(`${request.scene}: ${message}`);
      this.post({ type: 'computeError', seq, scene: request.scene, message });
    }
  }

  /**
   * Computes ahead what a slider will ask next. One that fails is null in its place: the page
   * then asks for it normally if the slider gets there, and that answer carries the error.
   */
  private prefetch(seq: number, requests: SceneRequest[]): void {
    const results = requests.map((r) => {
      try {
        return computeScene(r);
      } catch {
        return null;
      }
    });
    this.post({ type: 'prefetched', seq, results });
  }

  private post(m: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (PlaygroundPanel.current === this) PlaygroundPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Revives the panel after a window reload; the page restores its own state (getState). */
export function registerSerializer(deps: PlaygroundDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      deps.log.info(`restoring the playground after a reload (${state ? 'with' : 'without'} saved state)`);
      PlaygroundPanel.revive(deps, panel);
    },
  });
}
