/** What every scene shares: its frame (title, formula, explanation, controls, charts, export, table). */
import { MAX_PREFETCH, type Focus, type FormulaInfo, type Language, type SceneId, type SceneRequest } from '../src/protocol';
import { applyTheme, chartsPng, fmt, type AnyChart } from './charts';
import type { Strings } from './i18n';
import { readPalette, withAlpha, type Palette } from './theme';
import { nextValues } from './anticipate';
import { button, el, nextId, renderTable, slider, tex, toCsv, type SliderSpec, type TableData } from './ui';

export interface SceneHost {
  readonly t: Strings;
  readonly language: Language;
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
  exportData(scene: SceneId, format: 'png' | 'csv', data: string): void;
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
  private tableEl!: HTMLElement;
  private tableShown = false;

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
    const s = this.defaults();
    if (saved && typeof saved === 'object') {
      for (const [k, v] of Object.entries(saved)) {
        const cur = (s as Record<string, unknown>)[k];
        if (k in s && typeof v === typeof cur && Array.isArray(v) === Array.isArray(cur)) (s as Record<string, unknown>)[k] = v;
      }
    }
    return s;
  }

  mounted = false;

  mount(container: HTMLElement): void {
    this.mounted = true;
    const { title, lines } = this.heading();
    const headingId = nextId('h');
    this.formulaEl = el('div', { class: 'formulas' });
    this.controls = el('div', { class: 'controls', role: 'group', 'aria-label': this.t.controls });
    this.chartsEl = el('div', { class: 'charts' });
    this.statusEl = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.noteEl = el('p', { class: 'hint', role: 'status', 'data-role': 'link-note', hidden: '' });
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
    );
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
      this.tableEl,
    );
    container.replaceChildren(this.root);
    this.renderFormulas();
    this.build();
  }

  /** A chart's canvas in its own box; the canvas is an image with a label, the table has the numbers. */
  protected canvas(label: string, wide = false): HTMLCanvasElement {
    const c = el('canvas', { role: 'img', 'aria-label': label });
    this.chartsEl.append(el('div', { class: wide ? 'chart wide' : 'chart' }, c));
    return c;
  }

  protected renderFormulas(): void {
    const items = this.formulas().map((f) => {
      if (typeof f !== 'string') return el('div', { class: 'formula-item' }, ...(f.label ? [el('span', { class: 'formula-label', text: f.label })] : []), tex(f.tex));
      const info = this.host.formula(f);
      if (!info) return el('div');
      return el('div', { class: 'formula-item' }, el('span', { class: 'formula-label', text: info.title }), tex(info.tex.loss), tex(info.tex.grad));
    });
    this.formulaEl.replaceChildren(...items);
  }

  /**
   * A slider that sets one number of the state (`set` writes it into a state object) and whose
   * next steps the page may compute ahead: `set` applied to a copy of the state gives the
   * request that step will make, without touching the page.
   */
  protected stateSlider(spec: SliderSpec, set: (state: S, v: number) => void): ReturnType<typeof slider> {
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
  protected fromLink(name: string, asked: number, s: { input: HTMLInputElement; set(v: number): void }, notes: string[]): number {
    const min = Number(s.input.min);
    const max = Number(s.input.max);
    const used = Math.min(max, Math.max(min, asked));
    if (used !== asked) notes.push(this.t.clamped(name, fmt(asked), fmt(used), `${fmt(min)} – ${fmt(max)}`));
    s.set(used);
    return used;
  }

  /** The note on what a link asked for (none: hidden). */
  protected linkNote(notes: string[]): void {
    if (!this.mounted) return;
    this.noteEl.textContent = notes.join(' ');
    this.noteEl.hidden = notes.length === 0;
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

  focus(_f: Focus): void {}

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

  /** Non-blank when drawn; for tests and for first-chart timing. */
  get drawn(): boolean {
    return this.data !== undefined;
  }

  destroy(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }
}
