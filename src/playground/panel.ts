import * as vscode from 'vscode';
import {
  SCENES,
  isSceneId,
  type Focus,
  type HostMessage,
  type OpenArgs,
  type PageStart,
  type SceneId,
  type UserLossSeries,
  type WebviewMessage,
} from '../protocol';
import { SceneCompute } from './sceneCompute';
import { displayLanguageOf } from '../displayLanguage';
import { focusFor, type Focused } from './focus';
import { pageManifest, playgroundHtml, preloadFor, webviewOptions } from './html';
import { focusForLink, linkFor, LINK_PATH } from './link';
import type { Log } from '../log';
import { parseWebviewMessage, rejectionAnswer } from './messages';
import { saveExport } from './export';

const VIEW_TYPE = 'lossPlayground';

export interface PlaygroundDeps {
  extensionUri: vscode.Uri;
  log: Log;
  /** The compute worker's script: a file path on Node (a worker thread), a URI in a browser (a Web Worker). */
  workerScript: string;
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
  /** What came for the page after its HTML was written, kept until it says `ready`. */
  private pendingFocus: Focus | undefined;
  private pendingSeries: UserLossSeries | undefined;
  /** The scenes' compute, on a worker thread: the host's thread only passes messages on. */
  private readonly computer: SceneCompute;

  static get active(): PlaygroundPanel | undefined {
    return PlaygroundPanel.current;
  }

  /** `lossPlayground.open`: its argument checked (./messages), then where it points (./focus). */
  static createOrShow(deps: PlaygroundDeps, args: OpenArgs): PlaygroundPanel {
    return PlaygroundPanel.open(deps, focusFor(args), args.series, 'open');
  }

  /** A link (./link) opened from outside VS Code: vscode://loss-playground.loss-playground/open?scene=… */
  static openLink(deps: PlaygroundDeps, uri: vscode.Uri): PlaygroundPanel {
    return PlaygroundPanel.open(deps, focusForLink(uri.path, uri.query), undefined, 'link');
  }

  private static open(
    deps: PlaygroundDeps,
    { focus, problem }: Focused,
    series: UserLossSeries | undefined,
    how: string,
  ): PlaygroundPanel {
    const openedAt = Date.now();
    if (problem) deps.log.warn(`${how}: ${problem}; opening the playground as it was`);
    const existing = PlaygroundPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.focus(focus, series);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      vscode.l10n.t('Loss Playground'),
      vscode.ViewColumn.Active,
      webviewOptions(deps.extensionUri),
    );
    // Without a focus the page opens its saved scene; a new panel has none saved, so the first tab.
    const p = new PlaygroundPanel(panel, deps, { openedAt, ...(focus ? { focus } : {}) }, focus?.scene ?? SCENES[0]);
    p.focus(undefined, series);
    return p;
  }

  static revive(deps: PlaygroundDeps, panel: vscode.WebviewPanel, scene: SceneId | undefined): PlaygroundPanel {
    PlaygroundPanel.current?.dispose();
    return new PlaygroundPanel(panel, deps, { openedAt: Date.now() }, scene);
  }

  /**
   * `start`: where the page starts (in its HTML); `firstScene`: the scene it will likely open
   * first, whose code is preloaded with the page.
   */
  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PlaygroundDeps,
    start: PageStart,
    firstScene: SceneId | undefined,
  ) {
    PlaygroundPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.options = webviewOptions(deps.extensionUri);
    void this.render(start, firstScene);
    this.computer = new SceneCompute({
      workerScript: deps.workerScript,
      post: (m) => this.post(m),
      warn: (line) => deps.log.warn(line),
    });
    // While the page loads: the worker's start-up is then off the first chart's path.
    this.computer.warm();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
    );
  }

  /** The page, with the modules of the scene it will likely open first preloaded. */
  private async render(start: PageStart, firstScene: SceneId | undefined): Promise<void> {
    const preload = preloadFor(await pageManifest(this.deps.extensionUri), firstScene);
    if (!this.disposed)
      this.panel.webview.html = playgroundHtml(
        this.panel.webview,
        this.deps.extensionUri,
        displayLanguageOf(vscode.env.language),
        start,
        preload,
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
   * one is logged and dropped, and a request among them answered with its error, so no scene
   * waits for it; the panel carries on. The test hook calls this too.
   */
  async receive(raw: unknown): Promise<Receipt> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`rejected a message from the playground page: ${parsed.error}`);
      const answer = rejectionAnswer(raw, parsed.error);
      if (answer) this.post(answer);
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
      case 'ready': {
        // The page started from its HTML already; it is sent only what came after that.
        this.ready = true;
        const { pendingFocus, pendingSeries } = this;
        this.pendingFocus = undefined;
        this.pendingSeries = undefined;
        this.focus(pendingFocus, pendingSeries);
        return;
      }
      case 'compute':
        // Returns at once: the answer comes from the worker (./sceneCompute).
        return this.computer.compute(m.seq, m.request);
      case 'prefetch':
        return this.computer.prefetch(m.seq, m.requests);
      case 'export':
        return saveExport(m, this.deps.log);
      case 'metric':
        this.deps.log.info(`metric ${m.name}: ${m.millis.toFixed(1)} ms`);
        return;
      case 'copyLink': {
        const link = linkFor(vscode.env.uriScheme, m.scene, m.view);
        if (!link.ok) {
          this.deps.log.warn(`copy link: ${link.error}`);
          this.post({ type: 'linkFailed', scene: m.scene, message: link.error });
          return;
        }
        await vscode.env.clipboard.writeText(link.value);
        this.deps.log.info(`copied a link to the ${m.scene} scene: ${link.value}`);
        this.post({ type: 'linkCopied', scene: m.scene, link: link.value });
        return;
      }
    }
  }

  private post(m: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (PlaygroundPanel.current === this) PlaygroundPanel.current = undefined;
    this.computer.dispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Revives the panel after a window reload; the page restores its own state (getState). */
export function registerSerializer(deps: PlaygroundDeps): vscode.Disposable {
  // Read now, off the first open's path: the page's HTML waits for it.
  void pageManifest(deps.extensionUri);
  return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      deps.log.info(`restoring the playground after a reload (${state ? 'with' : 'without'} saved state)`);
      const scene = typeof state === 'object' && state !== null ? (state as { scene?: unknown }).scene : undefined;
      PlaygroundPanel.revive(deps, panel, isSceneId(scene) ? scene : undefined);
    },
  });
}

/**
 * Opens the playground on a link (./link): vscode://loss-playground.loss-playground/open?scene=….
 * VS Code routes links by the extension's id; other paths are logged and open nothing new.
 */
export function registerLinks(deps: PlaygroundDeps): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri(uri: vscode.Uri) {
      deps.log.info(`opening a link: ${uri.path}${uri.query ? `?${uri.query}` : ''}`);
      if (uri.path !== LINK_PATH) {
        deps.log.warn(`link: the path ${JSON.stringify(uri.path)} is not ${LINK_PATH}; nothing to open`);
        return;
      }
      PlaygroundPanel.openLink(deps, uri);
    },
  });
}
