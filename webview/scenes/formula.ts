/**
 * Scene 12: your own formula. A text field (parsed on the host, which answers with the curves or
 * with what is wrong and where), the formula and its derivative typeset, both drawn with the
 * kinks marked, catalog losses beside them, its code, and a way onto the loss surface.
 */
import type { ChartDataset } from 'chart.js';
import {
  CODE_TARGETS,
  FORMULA_OVERLAYS,
  MARGIN_LOSSES,
  type CodeTarget,
  type FormulaData,
  type FormulaOverlayId,
  type FormulaView,
  type SceneRequest,
} from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, xy, type AnyChart } from '../charts';
import { paint, Scene, type ColourKey } from '../scene';
import { button, el, nextId, type TableData } from '../ui';

type State = FormulaView;
type Plot = Extract<FormulaData, { ok: true }>;

/** Presets: the seeds' losses and two more a learner meets early. */
const EXAMPLES = [
  'log(1 + exp(-y*a))',
  'max(0, 1 - y*a)^2',
  'abs(e)^1.5',
  'log(cosh(e))',
  'sqrt(1 + e^2) - 1',
] as const;

const COLOURS: Record<FormulaOverlayId, ColourKey> = {
  mse: 'blue',
  l1: 'red',
  smooth_l1: 'green',
  huber: 'orange',
  log_cosh: 'purple',
  quantile: 'yellow',
  zero_one: 'muted',
  hinge: 'blue',
  squared_hinge: 'purple',
  logistic: 'green',
  exponential: 'orange',
  bce_with_logits: 'red',
};
/** Margin losses and BCE dashed, so they stay apart from the regression losses of the same colour. */
const dashed = (id: FormulaOverlayId): boolean =>
  (MARGIN_LOSSES as readonly string[]).includes(id) || id === 'bce_with_logits';

/** The middle 96% of the finite values, with a margin: one steep end (1/e near 0) must not flatten the rest. */
function span(values: readonly (number | null)[]): [number, number] | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((p, q) => p - q);
  if (!v.length) return null;
  const lo = v[Math.floor(0.02 * (v.length - 1))];
  const hi = v[Math.ceil(0.98 * (v.length - 1))];
  const pad = Math.max(0.1 * (hi - lo), 1e-3 * Math.max(1, Math.abs(hi)));
  return [lo - pad, hi + pad];
}

export class FormulaScene extends Scene<State, FormulaData> {
  readonly id = 'formula';
  private lossChart!: AnyChart;
  private gradChart!: AnyChart;
  private input!: HTMLInputElement;
  private errorEl!: HTMLElement;
  private caretEl!: HTMLElement;
  private kinksEl!: HTMLElement;
  private unfitEl!: HTMLElement;
  private actions: HTMLElement[] = [];
  /** The last formula that parsed: its catalog curves stay drawn while the field holds a mistake. */
  private lastPlot: Plot | undefined;
  /** The TeX typeset last: typesetting again only when it changes keeps typing cheap. */
  private texKey = '';

  defaults(): State {
    return { f: EXAMPLES[0], y: 1, range: 4, shown: ['logistic', 'hinge'] };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.formula.title, lines: this.t.formula.lines };
  }

  formulas(): (string | { tex: string; label?: string })[] {
    const t = this.t.formula;
    const d = this.data;
    if (!d?.ok) return [...this.state.shown];
    const of = d.axis === 'e' ? 'e' : 'y, a';
    return [
      ...(d.tex.loss ? [{ label: t.formulaLabel, tex: `\\ell(${of}) = ${d.tex.loss}` }] : []),
      d.tex.grad
        ? { label: t.derivativeLabel, tex: `\\frac{\\partial \\ell}{\\partial a} = ${d.tex.grad}` }
        : { label: t.derivativeTooLong, tex: '' },
      ...this.state.shown,
    ];
  }

  protected build(): void {
    const t = this.t.formula;
    const id = nextId('formula');
    const errorId = nextId('formula-error');
    this.input = el('input', {
      type: 'text',
      id,
      class: 'formula-input wide',
      spellcheck: 'false',
      autocomplete: 'off',
      autocapitalize: 'off',
      'aria-describedby': `${errorId} ${id}-hint`,
      'data-role': 'formula-input',
    });
    this.input.value = this.state.f;
    this.input.addEventListener('input', (e) => {
      this.state.f = this.input.value;
      this.changed(e.timeStamp);
    });
    this.errorEl = el('p', {
      class: 'formula-error',
      id: errorId,
      role: 'status',
      'aria-live': 'polite',
      'data-role': 'formula-error',
      hidden: '',
    });
    this.caretEl = el('pre', { class: 'formula-caret', 'aria-hidden': 'true', hidden: '' });
    const examples = el(
      'div',
      { class: 'control-row' },
      el('span', { class: 'formula-label', text: t.examples }),
      ...EXAMPLES.map((f, k) => {
        const b = button(f, (at) => this.setFormula(f, at));
        b.dataset.example = String(k);
        return b;
      }),
    );
    const knob = (k: 'y' | 'range', label: string, min: number, max: number, step: number): HTMLElement =>
      this.stateSlider({ label, min, max, step, value: this.state[k] }, (state, v) => (state[k] = v)).root;
    const boxes = el('div', { class: 'control-row' }, el('span', { class: 'formula-label', text: t.overlays }));
    for (const o of FORMULA_OVERLAYS) {
      const c = this.shownCheckbox(FORMULA_OVERLAYS, o, () => this.state, COLOURS[o]);
      boxes.append(c.root);
    }
    this.actions = [
      ...CODE_TARGETS.map((target) => {
        const b = button(t.code[target], () => this.exportCode(target));
        b.dataset.code = target;
        return b;
      }),
      button(t.onSurface, () => this.openOnSurface()),
    ];
    this.actions.at(-1)!.dataset.role = 'formula-surface';
    this.kinksEl = el('p', { class: 'hint', 'data-role': 'formula-kinks' });
    this.unfitEl = el('p', { class: 'hint', 'data-role': 'formula-unfit', hidden: '' });
    this.controls.append(
      // The caret sits in the input's column, in the same monospace font, under the column it names.
      el(
        'div',
        { class: 'formula-field' },
        el('label', { for: id, text: t.field }),
        this.input,
        el('span'),
        this.caretEl,
      ),
      this.errorEl,
      el('p', { class: 'hint', id: `${id}-hint`, text: t.hint }),
      examples,
      el('div', { class: 'control-row' }, knob('y', t.y, -2, 2, 0.25), knob('range', t.range, 1, 10, 0.5)),
      boxes,
      el('div', { class: 'control-row' }, ...this.actions),
      this.unfitEl,
    );
    const p = this.palette;
    const sets = (mine: string): ChartDataset<'line'>[] => [
      paint({ label: mine, data: [], borderWidth: 3, pointRadius: 0, spanGaps: false }, { key: 'fg' }, p),
      ...FORMULA_OVERLAYS.map((o) =>
        paint(
          { label: o, data: [], borderWidth: 1.5, pointRadius: 0, hidden: true },
          { key: COLOURS[o], ...(dashed(o) ? { dash: [6, 4] } : {}) },
          p,
        ),
      ),
      paint(
        { label: t.kink, data: [], showLine: false, pointRadius: 5, pointHoverRadius: 7, pointStyle: 'circle' },
        { key: 'red' },
        p,
      ),
    ];
    this.lossChart = makeChart(
      this.canvas(t.lossAlt),
      {
        type: 'line',
        data: { datasets: sets(t.yours) },
        options: {
          parsing: false,
          scales: { x: linearAxis(t.residualAxis), y: linearAxis(this.t.loss) },
          plugins: { title: { display: true, text: t.lossTitle } },
        },
      },
      p,
    );
    this.gradChart = makeChart(
      this.canvas(t.gradAlt),
      {
        type: 'line',
        data: { datasets: sets(t.yoursGrad) },
        options: {
          parsing: false,
          scales: { x: linearAxis(t.residualAxis), y: linearAxis('∂ℓ/∂a') },
          plugins: { title: { display: true, text: t.gradTitle } },
        },
      },
      p,
    );
    this.charts = [this.lossChart, this.gradChart];
    this.chartsEl.after(this.kinksEl);
  }

  private setFormula(f: string, at: number): void {
    this.state.f = f;
    this.input.value = f;
    this.changed(at);
  }

  request(): SceneRequest {
    const { f, y, range } = this.state;
    return { scene: 'formula', input: { f, y, range } };
  }

  private exportCode(target: CodeTarget): void {
    const d = this.data;
    if (d?.ok) this.host.exportData(this.id, target, d.code[target]);
  }

  /**
   * The formula as the loss of the surface scene's line a = w·x + b. Its data's y: as they are for
   * a formula of e, else labels: 0/1 when y here is between 0 and 1 (a probability's target), ±1
   * otherwise (a margin's). The surface scene can switch them.
   */
  private openOnSurface(): void {
    const d = this.data;
    if (!d?.ok) return;
    const y = this.state.y;
    const labels = d.axis === 'e' ? 'real' : y >= 0 && y < 1 ? '01' : 'pm1';
    this.host.open({ scene: 'surface', view: { loss: 'formula', f: this.state.f, labels } });
  }

  protected draw(d: FormulaData): void {
    const t = this.t.formula;
    const ok = d.ok;
    this.showProblem(d);
    for (const a of this.actions) a.toggleAttribute('disabled', !ok);
    const plot = d.ok ? d : this.lastPlot;
    if (d.ok) this.lastPlot = d;
    const [lossMine, ...lossRest] = this.lossChart.data.datasets;
    const [gradMine, ...gradRest] = this.gradChart.data.datasets;
    const lossKinks = lossRest.at(-1)!;
    const gradKinks = gradRest.at(-1)!;
    if (!plot) {
      this.lossChart.update('none');
      this.gradChart.update('none');
      return;
    }
    // The formula's own curves only while it parses; the catalog's stay.
    setData(lossMine, d.ok ? xy(d.x, d.loss) : []);
    setData(gradMine, d.ok ? this.gradWithBreaks(d) : []);
    setData(lossKinks, d.ok ? d.kinks.map((k) => ({ x: k.x, y: k.value })) : []);
    setData(
      gradKinks,
      d.ok
        ? d.kinks.flatMap((k) => [
            { x: k.x, y: k.left },
            { x: k.x, y: k.right },
          ])
        : [],
    );
    // In the legend only when there is one.
    lossKinks.hidden = gradKinks.hidden = !(d.ok && d.kinks.length);
    FORMULA_OVERLAYS.forEach((o, k) => {
      const c = plot.curves.find((x) => x.id === o);
      const hidden = !c || !this.state.shown.includes(o);
      const name = this.host.formula(o)?.title ?? o;
      for (const [ds, ys, label] of [
        [lossRest[k], c?.loss, name],
        [gradRest[k], c?.grad, `${name}′`],
      ] as const) {
        setData(ds, c && ys ? xy(plot.x, ys) : []);
        ds.hidden = hidden;
        ds.label = label;
      }
    });
    const axis = plot.axis === 'e' ? t.residualAxis : t.predictionAxis(fmt(this.state.y, 3));
    const shown = plot.curves.filter((c) => this.state.shown.includes(c.id as FormulaOverlayId));
    for (const [chart, ys] of [
      [this.lossChart, [...(d.ok ? d.loss : []), ...shown.flatMap((c) => c.loss)]],
      [this.gradChart, [...(d.ok ? d.grad : []), ...shown.flatMap((c) => c.grad)]],
    ] as const) {
      const scales = chart.options.scales!;
      (scales.x as { title: { text: string } }).title.text = axis;
      scales.x!.min = plot.x[0];
      scales.x!.max = plot.x[plot.x.length - 1];
      const r = span(ys);
      scales.y!.min = r ? Number(r[0].toPrecision(3)) : undefined;
      scales.y!.max = r ? Number(r[1].toPrecision(3)) : undefined;
      chart.update('none');
    }
    this.kinksEl.textContent = d.ok
      ? d.kinks.length
        ? t.kinks(d.kinks.map((k) => `${plot.axis} = ${fmt(k.x, 4)}`).join(', '))
        : t.noKinks
      : '';
    const unfit = plot.unfit.filter((o) => this.state.shown.includes(o));
    this.unfitEl.textContent = unfit.length
      ? t.unfit(unfit.map((o) => this.host.formula(o)?.title ?? o).join(', '))
      : '';
    this.unfitEl.hidden = unfit.length === 0;
    // A formula with a mistake has no TeX: the last one's would stand beside text it no longer is.
    const key = d.ok ? `${d.tex.loss}|${d.tex.grad}|${d.axis}` : 'mistake';
    if (key !== this.texKey) {
      this.texKey = key;
      this.renderFormulas();
    }
  }

  /** The derivative, broken at each kink, so no line stands in for the jump. */
  private gradWithBreaks(d: Plot): { x: number; y: number | null }[] {
    const points = xy(d.x, d.grad);
    for (const k of d.kinks) {
      const at = points.findIndex((p) => p.x > k.x);
      if (at > 0) points.splice(at, 0, { x: k.x, y: null });
    }
    return points;
  }

  /** What is wrong with the formula, in the page's language, with a caret under its column. */
  private showProblem(d: FormulaData): void {
    const bad = !d.ok;
    this.input.setAttribute('aria-invalid', String(bad));
    this.errorEl.hidden = !bad;
    this.caretEl.hidden = !bad;
    if (d.ok) {
      this.errorEl.textContent = '';
      this.caretEl.textContent = '';
      return;
    }
    const p = d.error;
    const message = this.t.formula.errors[p.code](
      String(p.column),
      p.text,
      p.code === 'missingOperator' ? (p.other ?? '') : String(p.n ?? ''),
      String(p.m ?? ''),
    );
    this.errorEl.textContent = message;
    this.errorEl.dataset.code = p.code;
    this.errorEl.dataset.column = String(p.column);
    const text = this.state.f.replace(/[\t\n\r]/g, ' ');
    this.caretEl.textContent = `${text}\n${' '.repeat(Math.max(0, p.column - 1))}^`;
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.formula;
    if (!d?.ok) return { caption: t.title, head: [], rows: [] };
    const shown = d.curves.filter((c) => this.state.shown.includes(c.id as FormulaOverlayId));
    return {
      caption: `${t.title}: ${this.state.f}`,
      head: [
        d.axis === 'e' ? t.residualAxis : t.predictionAxis(fmt(this.state.y, 3)),
        t.yours,
        t.yoursGrad,
        ...shown.flatMap((c) => [c.id, `${c.id}′`]),
      ],
      rows: d.x.map((x, i) => [x, d.loss[i] ?? NaN, d.grad[i] ?? NaN, ...shown.flatMap((c) => [c.loss[i], c.grad[i]])]),
    };
  }
}
