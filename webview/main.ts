/**
 * The playground page: tabs of scenes, each drawn from what the host computes. A scene's code
 * (./scenes/<id>.ts, in ./scenes/index.ts's map) loads when its tab first opens; the host preloads
 * the first one's with the page. Its requests to the host, their cache and the fetching ahead are
 * ./requests.
 *
 * The page starts on its own: its strings, the catalog's formulas (built in) and where to start
 * (PageStart, in the HTML) are here when the script runs, so the first scene mounts while the host
 * computes its first numbers. Nothing waits for a greeting from the host.
 */
import { displayLanguageOf, type DisplayLanguage } from '../src/displayLanguage';
import {
  SCENES,
  type ExportFormat,
  type Focus,
  type FormulaInfo,
  type SceneId,
  type SceneRequest,
} from '../src/protocol';
import FORMULAS from 'loss-playground:formulas';
import { readStart } from '../src/playground/pageStart';
import { Requests } from './requests';
import { loadState, onHostMessage, post, postRaw, saveState, type PageState } from './api';
import { strings, type Strings } from './i18n';
// The controls and chart.js come with the entry: every scene uses them, and read before the first
// request goes out they cost it less than read while its answer is on its way.
import './components';
import './charts';
import { mark, markScriptFetched, perf, percentile, placeMarks, record, type SceneTiming } from './perf';
import type { Scene, SceneHost } from './scene';
import { SCENE_CLASSES } from './scenes';
import { loadFormulas } from './formulas';
import { onThemeChange } from './theme';

/** Any scene, as the page handles them all alike. */
type AnyScene = Scene<object, unknown>;

class Page implements SceneHost {
  t: Strings;
  private formulas = new Map<string, FormulaInfo>();
  private state: PageState;
  private scenes = new Map<SceneId, AnyScene>();
  /** Scenes whose code is on its way. */
  private loading = new Map<SceneId, Promise<AnyScene>>();
  private panels = new Map<SceneId, HTMLElement>();
  /** Data the host sent without being asked (scene 10's series), for a scene not yet mounted. */
  private pushed = new Map<SceneId, unknown>();
  readonly requests = new Requests({
    post,
    draw: (scene, data, received, at) => this.draw(scene, data, received, at),
    loading: (scene) => this.scenes.get(scene)?.status(this.t.loading),
    failed: (scene, message) => this.scenes.get(scene)?.status(this.t.error(message)),
    staged: (scene) => this.scenes.get(scene)?.staged ?? false,
  });
  /** When the command ran (Date.now()), for the first chart's time; 0: not known. */
  private readonly openedAt: number;
  private firstDrawn = false;
  private tabs: (HTMLElement & { selectedIndex: number }) | undefined;

  readonly language: DisplayLanguage;

  /** The language is in <html lang> (the host wrote it); `openedAt` comes from the page's start. */
  constructor(openedAt: number) {
    this.language = displayLanguageOf(document.documentElement.lang);
    this.t = strings(this.language);
    for (const f of FORMULAS[this.language]) this.formulas.set(f.id, f);
    this.state = loadState() ?? { scene: SCENES[0], scenes: {} };
    this.openedAt = openedAt;
  }

  /** The scene's object, its code loaded first if need be. */
  private scene(id: SceneId): Promise<AnyScene> {
    const known = this.scenes.get(id);
    if (known) return Promise.resolve(known);
    let pending = this.loading.get(id);
    if (!pending) {
      pending = SCENE_CLASSES[id]().then((Class) => {
        const scene: AnyScene = new Class(this, this.state.scenes[id]);
        this.scenes.set(id, scene);
        return scene;
      });
      this.loading.set(id, pending);
    }
    return pending;
  }

  formula(id: string): FormulaInfo | undefined {
    return this.formulas.get(id);
  }

  /** The tabs, and the first scene (the start's focus, else the saved one) loaded and mounted. */
  start(app: HTMLElement, focus: Focus | undefined): void {
    const tabs = document.createElement('vscode-tabs') as HTMLElement & { selectedIndex: number };
    tabs.setAttribute('aria-label', this.t.scenesLabel);
    for (const id of SCENES) {
      const header = document.createElement('vscode-tab-header');
      header.setAttribute('slot', 'header');
      header.textContent = this.t.tabs[id];
      header.dataset.scene = id;
      const panel = document.createElement('vscode-tab-panel');
      panel.dataset.scene = id;
      this.panels.set(id, panel);
      tabs.append(header, panel);
    }
    tabs.addEventListener('vsc-tabs-select', (e: Event) => {
      const i = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      this.show(SCENES[i]);
    });
    const title = document.createElement('h1');
    title.className = 'visually-hidden';
    title.textContent = this.t.appTitle;
    app.replaceChildren(title, tabs);
    app.removeAttribute('aria-busy');
    this.tabs = tabs;
    onThemeChange(() => {
      for (const s of this.scenes.values()) s.retheme();
    });
    this.show(focus?.scene ?? this.state.scene, focus);
  }

  /** Opens a tab: its scene is loaded and mounted on first visit (only the open scene costs anything), then asked for data. */
  show(id: SceneId, focus?: Focus): void {
    this.state.scene = id;
    const index = SCENES.indexOf(id);
    if (this.tabs && this.tabs.selectedIndex !== index) this.tabs.selectedIndex = index;
    this.saved();
    void this.scene(id).then((scene) => {
      // Another tab was chosen while this one's code loaded: it mounts when it is shown again.
      if (this.state.scene === id) this.showLoaded(id, scene, focus);
    });
  }

  private showLoaded(id: SceneId, scene: AnyScene, focus: Focus | undefined): void {
    let ask = true;
    if (!scene.mounted) {
      // Asked before the mount, so the host computes while the controls and charts are built. A
      // focus changes the request: that one is asked once the focus is applied, below.
      if (!focus && scene.data === undefined && !this.requests.inFlight(id)) {
        const early = scene.request();
        if (early) this.compute(id, early);
      }
      mark('mountStart');
      scene.mount(this.panels.get(id)!);
      mark('mounted');
      const pushed = this.pushed.get(id);
      if (pushed !== undefined) scene.receive(pushed);
      // Asked early: its answer is here (draw it) or on its way.
      if (scene.data !== undefined) {
        scene.receive(scene.data);
        this.noteFirstChart();
      }
      ask = scene.data === undefined && !this.requests.inFlight(id);
    }
    if (focus) {
      scene.open(focus);
      ask = true;
    }
    this.saved();
    const req = ask ? scene.request() : null;
    if (req) this.compute(id, req);
  }

  private noteFirstChart(): void {
    if (this.firstDrawn || !this.openedAt) return;
    this.firstDrawn = true;
    perf.firstChartMs = Date.now() - this.openedAt;
    mark('firstChart');
    placeMarks(this.openedAt);
    post({ type: 'metric', name: 'firstChart', millis: Math.max(0, perf.firstChartMs) });
    loadFormulas();
  }

  onFocus(focus: Focus): void {
    this.show(focus.scene, focus);
  }

  /** Data the host sends unasked (a grad-check's series): drawn now if its scene is up, else when it mounts. */
  onPushed(id: SceneId, data: unknown): void {
    this.pushed.set(id, data);
    this.scenes.get(id)?.receive(data);
  }

  onLink(id: SceneId, link: string | undefined, message?: string): void {
    this.scenes.get(id)?.linkCopied(link, message);
  }

  /** Persists the scenes' state, at most every 250 ms: a drag must not pay for it on each event. */
  saved(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = undefined;
      for (const [id, s] of this.scenes) this.state.scenes[id] = s.state;
      saveState(this.state);
    }, 250);
  }
  private saveTimer: number | undefined;

  compute(scene: SceneId, req: SceneRequest, at?: number): void {
    this.requests.compute(scene, req, at);
  }

  /** Draws an answer; `at` is the input event that asked for it, for the latency numbers. */
  private draw(scene: SceneId, data: unknown, received: number, at: number | undefined): void {
    const s = this.scenes.get(scene);
    if (!s) return;
    s.status('');
    s.receive(data);
    const done = performance.now();
    record(perf.drawOnly, done - received);
    if (at !== undefined) record(perf.inputToRedraw, done - at);
    if (s.mounted) this.noteFirstChart();
  }

  anticipate(scene: SceneId, next: (() => SceneRequest[]) | null): void {
    this.requests.anticipate(scene, next);
  }

  exportData(scene: SceneId, format: ExportFormat, data: string): void {
    post({ type: 'export', format, scene, data });
  }

  open(focus: Focus): void {
    this.show(focus.scene, focus);
  }

  measured(name: SceneTiming, millis: number): void {
    perf[name] = millis;
  }

  copyLink(scene: SceneId, view: object): void {
    post({ type: 'copyLink', scene, view: { ...view } });
  }

  loaded(id: SceneId): AnyScene | undefined {
    return this.scenes.get(id);
  }
}

// Where to start, as the host wrote it into the HTML (#app's data-start).
const app = document.getElementById('app')!;
const start = readStart(app.dataset.start);
const page = new Page(start.openedAt);

onHostMessage((m) => {
  switch (m.type) {
    case 'result':
      page.requests.onResult(m.seq, m.result.scene, m.result.data, m.final);
      return;
    case 'computeError':
      page.requests.onError(m.seq, m.scene, m.message);
      return;
    case 'prefetched':
      page.requests.onPrefetched(m.seq, m.results);
      return;
    case 'focus':
      page.onFocus(m.focus);
      return;
    case 'series':
      page.onPushed('yourLoss', m.series);
      return;
    case 'linkCopied':
      page.onLink(m.scene, m.link);
      return;
    case 'linkFailed':
      page.onLink(m.scene, undefined, m.message);
      return;
  }
});

// For the e2e run, in builds for tests only (../src/buildFlags.d.ts): timings, a way to post
// anything (the host must reject junk), scene state, and what the CSP blocked (the run expects
// nothing: fonts, styles and scripts are all allowed by it).
if (LOSS_PLAYGROUND_TEST_HOOKS) {
  const cspViolations: string[] = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
  const hook = {
    cspViolations,
    perf,
    p95: () => percentile(perf.inputToRedraw, 95),
    drawP95: () => percentile(perf.drawOnly, 95),
    tripP95: () => percentile(perf.roundTrip, 95),
    postRaw,
    state: () => ({ scene: (loadState() ?? { scene: null }).scene }),
    show: (id: SceneId) => page.show(id),
    sceneState: (id: SceneId) => page.loaded(id)?.state,
  };
  (window as unknown as { __lossPlayground: typeof hook }).__lossPlayground = hook;
}

mark('scriptRan');
markScriptFetched();
post({ type: 'ready' });
page.start(app, start.focus);
// Formulas wait for the first chart, but not for one that never comes (a host that is down).
window.setTimeout(loadFormulas, 2000);
