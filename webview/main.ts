/**
 * The playground page: tabs of scenes, each drawn from what the host computes. Its requests to
 * the host, their cache and the fetching ahead are ./requests.
 */
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import { SCENES, type Focus, type FormulaInfo, type HostMessage, type Language, type SceneId, type SceneRequest, type UserLossSeries } from '../src/protocol';
import { Requests } from './requests';
import { loadState, onHostMessage, post, postRaw, saveState, type PageState } from './api';
import { strings, type Strings } from './i18n';
import { mark, markScriptFetched, perf, percentile, placeMarks, record } from './perf';
import type { Scene, SceneHost } from './scene';
import { EntropyScene } from './scenes/entropy';
import { MarginScene } from './scenes/margin';
import { MultilabelScene } from './scenes/multilabel';
import { NeuronScene } from './scenes/neuron';
import { OutliersScene } from './scenes/outliers';
import { ProbabilityScene } from './scenes/probability';
import { RegressionScene } from './scenes/regression';
import { SoftmaxScene } from './scenes/softmax';
import { SurfaceScene } from './scenes/surface';
import { YourLossScene } from './scenes/yourLoss';
import { loadFormulas } from './formulas';
import { onThemeChange } from './theme';
import { el } from './ui';

type AnyScene = Scene<object, unknown>;
type Factory = new (host: SceneHost, saved: unknown) => AnyScene;

const FACTORIES: Record<SceneId, Factory> = {
  regression: RegressionScene as unknown as Factory,
  margin: MarginScene as unknown as Factory,
  probability: ProbabilityScene as unknown as Factory,
  neuron: NeuronScene as unknown as Factory,
  surface: SurfaceScene as unknown as Factory,
  outliers: OutliersScene as unknown as Factory,
  softmax: SoftmaxScene as unknown as Factory,
  entropy: EntropyScene as unknown as Factory,
  multilabel: MultilabelScene as unknown as Factory,
  yourLoss: YourLossScene as unknown as Factory,
};

class Page implements SceneHost {
  t: Strings;
  private formulas = new Map<string, FormulaInfo>();
  private state: PageState;
  private scenes = new Map<SceneId, AnyScene>();
  private panels = new Map<SceneId, HTMLElement>();
  readonly requests = new Requests({
    post,
    draw: (scene, data, received, at) => this.draw(scene, data, received, at),
    loading: (scene) => this.scenes.get(scene)?.status(this.t.loading),
    failed: (scene, message) => this.scenes.get(scene)?.status(this.t.error(message)),
  });
  private openedAt = 0;
  private firstDrawn = false;
  private series: UserLossSeries | undefined;
  private tabs!: HTMLElement & { selectedIndex: number };

  readonly language: Language;

  /** Before the host's init: the language is the page's own (the host wrote it into <html lang>). */
  constructor() {
    this.language = document.documentElement.lang.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
    this.t = strings(this.language);
    this.state = loadState() ?? { scene: 'regression', scenes: {} };
  }

  /**
   * Asks for the saved scene's numbers at once, before `init` has arrived, so the host computes
   * while the page and the host greet each other: one round trip less before the first chart.
   */
  prefetch(): void {
    const id = this.state.scene;
    if (!FACTORIES[id]) return;
    const scene = new FACTORIES[id](this, this.state.scenes[id]);
    this.scenes.set(id, scene);
    const req = scene.request();
    if (req) this.compute(id, req);
  }

  init(m: { openedAt: number; formulas: FormulaInfo[]; series?: UserLossSeries; focus?: Focus }): void {
    this.openedAt = m.openedAt;
    for (const f of m.formulas) this.formulas.set(f.id, f);
    this.series = m.series;
    this.start(m.focus);
  }

  formula(id: string): FormulaInfo | undefined {
    return this.formulas.get(id);
  }

  start(focus: Focus | undefined): void {
    const app = document.getElementById('app')!;
    this.tabs = document.createElement('vscode-tabs') as HTMLElement & { selectedIndex: number };
    this.tabs.setAttribute('aria-label', this.t.scenesLabel);
    SCENES.forEach((id, k) => {
      const header = document.createElement('vscode-tab-header');
      header.setAttribute('slot', 'header');
      header.textContent = this.t.tabs[k];
      header.dataset.scene = id;
      const panel = document.createElement('vscode-tab-panel');
      panel.dataset.scene = id;
      this.panels.set(id, panel);
      this.tabs.append(header, panel);
    });
    this.tabs.addEventListener('vsc-tabs-select', (e: Event) => {
      const i = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      this.show(SCENES[i]);
    });
    app.replaceChildren(el('h1', { class: 'visually-hidden', text: this.t.appTitle }), this.tabs);
    app.removeAttribute('aria-busy');
    onThemeChange(() => {
      for (const s of this.scenes.values()) s.retheme();
    });
    this.show(focus?.scene ?? this.state.scene, focus);
  }

  /** Mounts a scene on first visit (lazily: only the open scene costs anything), then asks for data. */
  show(id: SceneId, focus?: Focus): void {
    this.state.scene = id;
    const index = SCENES.indexOf(id);
    if (this.tabs.selectedIndex !== index) this.tabs.selectedIndex = index;
    let scene = this.scenes.get(id);
    if (!scene) {
      scene = new FACTORIES[id](this, this.state.scenes[id]);
      this.scenes.set(id, scene);
    }
    let ask = true;
    if (!scene.mounted) {
      mark('mountStart');
      scene.mount(this.panels.get(id)!);
      mark('mounted');
      if (id === 'yourLoss' && this.series) (scene as unknown as YourLossScene).setSeries(this.series);
      // Prefetched: its answer is here (draw it) or on its way.
      if (scene.data !== undefined) {
        scene.receive(scene.data);
        this.noteFirstChart();
      }
      ask = scene.data === undefined && !this.requests.inFlight(id);
    }
    if (focus) {
      scene.focus(focus);
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

  onSeries(series: UserLossSeries): void {
    this.series = series;
    const scene = this.scenes.get('yourLoss') as unknown as YourLossScene | undefined;
    scene?.setSeries(series);
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

  exportData(scene: SceneId, format: 'png' | 'csv', data: string): void {
    post({ type: 'export', format, scene, data });
  }

  scene(id: SceneId): AnyScene | undefined {
    return this.scenes.get(id);
  }
}

const page = new Page();
let started = false;

onHostMessage((m: HostMessage) => {
  switch (m.type) {
    case 'init':
      if (started) return;
      started = true;
      mark('initReceived');
      page.init(m);
      return;
    case 'result': {
      const r = m.result;
      const final = r.scene !== 'surface' || r.data.stage === 'fine';
      if (r.scene === 'surface') {
        if (r.data.stage === 'coarse') perf.surfaceFirstMs = r.data.millis;
        else perf.surfaceFullMs = r.data.millis;
      }
      page.requests.onResult(m.seq, r.scene, r.data, final);
      return;
    }
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
      page.onSeries(m.series);
      return;
  }
});

/** Anything the CSP blocked: the e2e run expects none (fonts, styles and scripts all allowed by it). */
const cspViolations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

/** For the e2e run: timings, a way to post anything (the host must reject junk), and scene state. */
const hook = {
  cspViolations,
  perf,
  p95: () => percentile(perf.inputToRedraw, 95),
  drawP95: () => percentile(perf.drawOnly, 95),
  tripP95: () => percentile(perf.roundTrip, 95),
  postRaw,
  state: () => ({ scene: (loadState() ?? { scene: null }).scene }),
  show: (id: SceneId) => page.show(id),
  sceneState: (id: SceneId) => page.scene(id)?.state,
};
(window as unknown as { __lossPlayground: typeof hook }).__lossPlayground = hook;

mark('scriptRan');
markScriptFetched();
page.prefetch();
post({ type: 'ready' });
// Formulas wait for the first chart, but not for one that never comes (a host that is down).
window.setTimeout(loadFormulas, 2000);
