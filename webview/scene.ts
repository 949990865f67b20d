/** What every scene shares: its frame (title, formula, explanation, controls, charts, export, link, table). */
import type { DisplayLanguage } from '../src/displayLanguage';
import {
  MAX_PREFETCH,
  type ExportFormat,
  type Focus,
  type FormulaInfo,
  type SceneId,
  type SceneRequest,
} from '../src/protocol';
import { applyTheme, chartsPng, fmt, type AnyChart } from './charts';
import type { Strings } from './i18n';
import { readPalette, withAlpha, type Palette } from './theme';
import { nextValues } from './anticipate';
import type { SceneTiming } from './perf';
import { button, checkbox, el, nextId, renderTable, slider, tex, toCsv, type SliderSpec, type TableData } from './ui';

export interface SceneHost {
  readonly t: Strings;
  readonly language: DisplayLanguage;
  formula(id: string): FormulaInfo | undefined;
  /** Sends the scene's request; `at` is the input event's time, for the latency numbers. */
  compute(scene: SceneId, req: SceneRequest, at?: number): void;
  /**
   * A slider has focus: `next` lists the requests it will likely make next, for the page to
   * compute ahead in idle moments (null: it lost focus).
   */
  anticipate(scene: SceneId, next: (() => SceneRequest[]) | null): void;
  /** The scene's state changed: persist it. */
  saved(): void;
  exportData(scene: SceneId, format: ExportFormat, data: string): void;
  /** "Copy link to this view": the host makes the link from the scene's controls. */
  copyLink(scene: SceneId, view: object): void;
  /** Opens another scene with some of its controls set (the formula scene's "Plot on the loss surface"). */
  open(focus: Focus): void;
  /** A timing the scene measured, for the page's numbers (the e2e run prints them). */
  measured(name: SceneTiming, millis: number): void;
}

export type ColourKey = 'red' | 'blue' | 'green' | 'yellow' | 'orange' | 'purple' | 'fg' | 'muted';
type ColourSpec = { key: ColourKey; fill?: number; dash?: number[] };

/** Which palette colour each dataset wears, so a theme change can repaint it. */
const colours = new WeakMap<object, ColourSpec>();

export function paint<T extends object>(ds: T, spec: ColourSpec, p: Palette): T {
  colours.set(ds, spec);
  const c = p[spec.key];
  const d = ds as unknown as Record<string, unknown>;
  d.borderColor = c;
  d.backgroundColor = spec.fill !== undefined ? withAlpha(c, spec.fill) : c;
  d.pointBackgroundColor = c;
  d.pointBorderColor = c;
  if (spec.dash) d.borderDash = spec.dash;
  return ds;
}

export abstract class Scene<S extends object, D> {
  abstract readonly id: SceneId;
  /**
   * Its answers come in stages (a surface: coarse, then fine), as its host module says: the page
   * neither caches nor fetches them ahead.
   */
  readonly staged: boolean = false;
  state: S;
  data: D | undefined;
  charts: AnyChart[] = [];
  palette: Palette = readPalette();
  protected root!: HTMLElement;
  protected controls!: HTMLElement;
  protected chartsEl!: HTMLElement;
  protected formulaEl!: HTMLElement;
  protected statusEl!: HTMLElement;
  private noteEl!: HTMLElement;
  private linkEl!: HTMLElement;
  private tableEl!: HTMLElement;
  private tableShown = false;
  private container: HTMLElement | undefined;
  /** What the last mount had to change of values a link asked for (beyond a slider's range). */
  private mountNotes: string[] = [];

  constructor(
    protected readonly host: SceneHost,
    saved: unknown,
  ) {
    this.state = this.restore(saved);
  }

  protected get t(): Strings {
    return this.host.t;
  }

  abstract defaults(): S;
  /** Title and the two-line explanation. */
  abstract heading(): { title: string; lines: [string, string] };
  /** Catalog ids whose formulas the scene shows, or TeX of its own. */
  abstract formulas(): (string | { tex: string; label?: string })[];
  protected abstract build(): void;
  abstract request(): SceneRequest | null;
  protected abstract draw(d: D): void;
  abstract table(): TableData;

  /** Saved state over the defaults, field by field, keeping only fields of the right type. */
  private restore(saved: unknown): S {
    return this.merged(this.defaults(), saved);
  }

  private merged(base: S, over: unknown): S {
    const s = structuredClone(base);
    if (over && typeof over === 'object') {
      for (const [k, v] of Object.entries(over)) {
        const cur = (s as Record<string, unknown>)[k];
        if (k in s && typeof v === typeof cur && Array.isArray(v) === Array.isArray(cur))
          (s as Record<string, unknown>)[k] = structuredClone(v);
      }
    }
    return s;
  }

  /**
   * Controls a link or the open command set (checked by the host against the scene's ranges): put
   * into the state, and the controls built again from it if they are up.
   */
  applyView(view: object): void {
    this.state = this.merged(this.state, view);
    this.host.saved();
    if (this.mounted && this.container) {
      this.destroy();
      this.mount(this.container);
      if (this.data !== undefined) this.receive(this.data);
    }
  }

  mounted = false;

  mount(container: HTMLElement): void {
    this.mounted = true;
    this.container = container;
    this.mountNotes = [];
    const { title, lines } = this.heading();
    const headingId = nextId('h');
    this.formulaEl = el('div', { class: 'formulas' });
    this.controls = el('div', { class: 'controls', role: 'group', 'aria-label': this.t.controls });
    this.chartsEl = el('div', { class: 'charts' });
    this.statusEl = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.noteEl = el('p', { class: 'hint', role: 'status', 'data-role': 'link-note', hidden: '' });
    this.linkEl = el('p', { class: 'hint', role: 'status', 'data-role': 'copied-link', hidden: '' });
    this.tableEl = el('div', { class: 'table', id: nextId('table'), hidden: '' });
    const tableToggle = button(this.t.showTable, () => {
      this.tableShown = !this.tableShown;
      this.tableEl.hidden = !this.tableShown;
      tableToggle.textContent = this.tableShown ? this.t.hideTable : this.t.showTable;
      tableToggle.setAttribute('aria-expanded', String(this.tableShown));
      if (this.tableShown) renderTable(this.tableEl, this.table());
    });
    tableToggle.setAttribute('aria-expanded', 'false');
    tableToggle.setAttribute('aria-controls', this.tableEl.id);
    const toolbar = el(
      'div',
      { class: 'toolbar' },
      button(this.t.exportPng, () => this.host.exportData(this.id, 'png', chartsPng(this.charts, this.palette.bg))),
      button(this.t.exportCsv, () => this.host.exportData(this.id, 'csv', toCsv(this.table()))),
      tableToggle,
      button(this.t.copyLink, () => this.host.copyLink(this.id, this.linkView())),
    );
    toolbar.lastElementChild?.setAttribute('data-role', 'copy-link');
    this.root = el(
      'section',
      { class: `scene scene-${this.id}`, 'aria-labelledby': headingId, 'data-scene': this.id },
      el('h2', { id: headingId, text: title }),
      el('p', { class: 'explain', text: lines[0] }),
      el('p', { class: 'explain', text: lines[1] }),
      this.formulaEl,
      this.noteEl,
      this.controls,
      this.chartsEl,
      this.statusEl,
      toolbar,
      this.linkEl,
      this.tableEl,
    );
    container.replaceChildren(this.root);
    this.renderFormulas();
    this.build();
    this.linkNote([]);
  }

  /** The controls a link to this view carries: all of them, unless a scene keeps some to itself. */
  protected linkView(): object {
    return this.state;
  }

  /** The host put a link to this view on the clipboard (or could not make one). */
  linkCopied(link: string | undefined, message?: string): void {
    if (!this.mounted) return;
    this.linkEl.textContent = link !== undefined ? this.t.linkCopied(link) : this.t.linkFailed(message ?? '');
    this.linkEl.hidden = false;
  }

  /** A chart's canvas in its own box; the canvas is an image with a label, the table has the numbers. */
  protected canvas(label: string, wide = false): HTMLCanvasElement {
    const c = el('canvas', { role: 'img', 'aria-label': label });
    this.chartsEl.append(el('div', { class: wide ? 'chart wide' : 'chart' }, c));
    return c;
  }

  protected renderFormulas(): void {
    const items = this.formulas().map((f) => {
      if (typeof f !== 'string')
        return el(
          'div',
          { class: 'formula-item' },
          ...(f.label ? [el('span', { class: 'formula-label', text: f.label })] : []),
          tex(f.tex),
        );
      const info = this.host.formula(f);
      if (!info) return el('div');
      return el(
        'div',
        { class: 'formula-item' },
        el('span', { class: 'formula-label', text: info.title }),
        tex(info.tex.loss),
        tex(info.tex.grad),
      );
    });
    this.formulaEl.replaceChildren(...items);
  }

  /**
   * A slider that sets one number of the state (`set` writes it into a state object) and whose
   * next steps the page may compute ahead: `set` applied to a copy of the state gives the
   * request that step will make, without touching the page.
   */
  /**
   * A catalog loss's checkbox: it adds the loss to the state's `shown` or takes it out (the list
   * kept in `all`'s order), then saves the state, writes the formulas of what is shown and redraws.
   * `state` is read when the box changes: the scene's state object is replaced as it goes.
   */
  protected shownCheckbox<T extends string>(
    all: readonly T[],
    id: T,
    state: () => { shown: T[] },
    swatch: string,
  ): ReturnType<typeof checkbox> {
    return checkbox(
      this.host.formula(id)?.title ?? id,
      state().shown.includes(id),
      (on) => {
        const set = new Set(state().shown);
        if (on) set.add(id);
        else set.delete(id);
        state().shown = all.filter((x) => set.has(x));
        this.host.saved();
        this.renderFormulas();
        this.redraw();
      },
      swatch,
    );
  }

  protected stateSlider(spec: SliderSpec, set: (state: S, v: number) => void): ReturnType<typeof slider> {
    // A value from a link may lie beyond the slider (the host allows the scene's whole range):
    // the slider's end is used, and the note above the controls says so.
    if (spec.value < spec.min || spec.value > spec.max) {
      const used = Math.min(spec.max, Math.max(spec.min, spec.value));
      this.mountNotes.push(
        this.t.clamped(spec.label, fmt(spec.value), fmt(used), `${fmt(spec.min)} – ${fmt(spec.max)}`),
      );
      set(this.state, used);
      spec = { ...spec, value: used };
    }
    let last = spec.value;
    let stride = 0;
    const s = slider(spec, (v, at) => {
      // Averaged: a drag at a steady speed moves 8, 9, 8, 8, 9 steps per event.
      stride = stride * (v - last) > 0 ? (stride + (v - last)) / 2 : v - last;
      last = v;
      set(this.state, v);
      this.changed(at);
    });
    const next = (): SceneRequest[] => {
      const current = this.state;
      const out: SceneRequest[] = [];
      try {
        for (const v of nextValues(s.input, stride, MAX_PREFETCH)) {
          const copy = structuredClone(current);
          set(copy, v);
          this.state = copy;
          const req = this.request();
          if (req) out.push(req);
        }
      } finally {
        this.state = current;
      }
      return out;
    };
    const start = (): void => {
      last = Number(s.input.value);
      stride = 0;
      this.host.anticipate(this.id, next);
    };
    // Staged answers are computed on demand only, never ahead.
    if (this.staged) return s;
    s.input.addEventListener('focus', start);
    s.input.addEventListener('pointerdown', start);
    s.input.addEventListener('blur', () => this.host.anticipate(this.id, null));
    return s;
  }

  /**
   * Puts a value a link asked for (a hover's `delta=100.0`) on a slider, within the slider's range,
   * and returns what it set. Outside that range the scene's request would be turned away, so the
   * value is clamped, and the note above the controls says so.
   */
  protected fromLink(
    name: string,
    asked: number,
    s: { input: HTMLInputElement; set(v: number): void },
    notes: string[],
  ): number {
    const min = Number(s.input.min);
    const max = Number(s.input.max);
    const used = Math.min(max, Math.max(min, asked));
    if (used !== asked) notes.push(this.t.clamped(name, fmt(asked), fmt(used), `${fmt(min)} – ${fmt(max)}`));
    s.set(used);
    return used;
  }

  /** The note on what a link asked for (none: hidden), after what the controls' mount clamped. */
  protected linkNote(notes: string[]): void {
    if (!this.mounted) return;
    const all = [...this.mountNotes, ...notes];
    this.noteEl.textContent = all.join(' ');
    this.noteEl.hidden = all.length === 0;
  }

  /** The controls moved: persist and ask the host for new numbers. */
  protected changed(at?: number): void {
    this.host.saved();
    const req = this.request();
    if (req) this.host.compute(this.id, req, at);
  }

  /** Draws the host's answer; returns once the charts are updated (synchronously). */
  receive(d: D): void {
    this.data = d;
    if (!this.mounted) return; // prefetched before the page was up: drawn at mount
    this.draw(d);
    if (this.tableShown) renderTable(this.tableEl, this.table());
  }

  /** Redraws only (no host round trip): for toggles that change what is shown, not what is computed. */
  protected redraw(): void {
    if (this.data !== undefined) this.receive(this.data);
  }

  /** Where a link or the open command takes the scene: its controls first, then a loss in it. */
  open(f: Focus): void {
    this.mountNotes = [];
    if (f.view) this.applyView(f.view);
    this.linkNote(this.focus(f));
  }

  /** Shows a loss a link or a hover asked for (and its parameters); returns notes on what it had to change. */
  protected focus(_f: Focus): string[] {
    return [];
  }

  retheme(): void {
    this.palette = readPalette();
    for (const chart of this.charts) {
      applyTheme(chart, this.palette);
      const plugins = chart.options.plugins as Record<string, unknown>;
      plugins.lpBackground = { color: this.palette.bg };
      for (const ds of chart.data.datasets) {
        const spec = colours.get(ds);
        if (spec) paint(ds, spec, this.palette);
      }
      chart.update('none');
    }
  }

  status(text: string): void {
    if (this.mounted) this.statusEl.textContent = text;
  }

  destroy(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }
}
