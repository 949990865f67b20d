/** Scene 7: logits → softmax → cross-entropy on the true class, with the gradient a − y as bars. */
import type { ChartDataset } from 'chart.js';
import type { SceneRequest, SoftmaxData, SoftmaxView } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, setLabels, type AnyChart } from '../charts';
import { paint, Scene } from '../scene';
import { button, el, select, slider, type TableData } from '../ui';

type State = SoftmaxView;

/** The seeds' worked examples: these probabilities, true class 3 (index 2): loss 1.20 and 0.51. */
const SOFTMAX_PRESETS = [
  { probs: [0.2, 0.5, 0.3], target: 2 },
  { probs: [0.2, 0.2, 0.6], target: 2 },
] as const;

const logitsOf = (probs: readonly number[]): number[] => probs.map((p) => Math.log(p));

export class SoftmaxScene extends Scene<State, SoftmaxData> {
  readonly id = 'softmax';
  private chart!: AnyChart;
  private logitRow!: HTMLElement;
  private targetRow!: HTMLElement;
  private lossEl!: HTMLElement;

  defaults(): State {
    return { logits: logitsOf(SOFTMAX_PRESETS[0].probs), target: SOFTMAX_PRESETS[0].target };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.softmax.title, lines: this.t.softmax.lines };
  }

  formulas(): (string | { tex: string; label?: string })[] {
    return [
      { label: 'softmax', tex: 'a_c = \\frac{e^{z_c}}{\\sum_k e^{z_k}}' },
      'cross_entropy',
      { tex: '\\frac{\\partial \\ell}{\\partial z_c} = a_c - y_c' },
    ];
  }

  private classLabel(c: number): string {
    return this.t.softmax.classN(c + 1);
  }

  protected build(): void {
    const t = this.t.softmax;
    this.logitRow = el('div', { class: 'control-row' });
    this.targetRow = el('div', { class: 'control-inline' });
    this.lossEl = el('p', { class: 'result', 'data-role': 'softmax-loss' });
    const count = slider(
      { label: t.classes, min: 2, max: 6, step: 1, value: this.state.logits.length, digits: 1 },
      (v, at) => {
        const n = Math.round(v);
        const l = this.state.logits.slice(0, n);
        while (l.length < n) l.push(0);
        this.state.logits = l;
        this.state.target = Math.min(this.state.target, n - 1);
        this.rebuildSliders();
        this.changed(at);
      },
    );
    const presets = SOFTMAX_PRESETS.map((pr, k) => {
      const b = button(t.preset(pr.probs.map((x) => fmt(x, 2)).join(', '), pr.target + 1), (at) => {
        this.state.logits = logitsOf(pr.probs);
        this.state.target = pr.target;
        count.set(pr.probs.length);
        this.rebuildSliders();
        this.changed(at);
      });
      b.dataset.preset = String(k);
      return b;
    });
    this.controls.append(
      el('div', { class: 'control-row' }, ...presets),
      el('div', { class: 'control-row' }, count.root, this.targetRow),
      this.logitRow,
      this.lossEl,
    );
    this.rebuildSliders();
    const p = this.palette;
    const bar = (label: string, key: 'blue' | 'muted' | 'red'): ChartDataset<'bar'> =>
      paint({ label, data: [], borderWidth: 1 }, { key, fill: key === 'muted' ? 0.35 : 0.7 }, p);
    this.chart = makeChart(
      this.canvas(t.alt, true),
      {
        type: 'bar',
        data: { labels: [], datasets: [bar(t.probs, 'blue'), bar(t.onehot, 'muted'), bar(t.grad, 'red')] },
        options: {
          scales: { x: { type: 'category' }, y: linearAxis(t.value, { min: -1, max: 1 }) },
          plugins: { title: { display: true, text: t.title } },
        },
      },
      p,
    );
    this.charts = [this.chart];
  }

  private rebuildSliders(): void {
    const t = this.t.softmax;
    this.logitRow.replaceChildren(
      ...this.state.logits.map(
        (z, c) =>
          this.stateSlider(
            { label: t.logit(c + 1), min: -5, max: 5, step: 0.01, value: z },
            (state, v) => (state.logits[c] = v),
          ).root,
      ),
    );
    const sel = select(
      t.trueClass,
      this.state.logits.map((_, c) => ({ value: String(c), label: this.classLabel(c) })),
      String(this.state.target),
      (v, at) => {
        this.state.target = Number(v);
        this.changed(at);
      },
    );
    this.targetRow.replaceChildren(sel.root);
  }

  request(): SceneRequest {
    return { scene: 'softmax', input: { logits: [...this.state.logits], target: this.state.target } };
  }

  protected draw(d: SoftmaxData): void {
    setLabels(
      this.chart,
      d.probs.map((_, c) => this.classLabel(c)),
    );
    const [pr, oh, gr] = this.chart.data.datasets;
    setData(pr, d.probs);
    setData(
      oh,
      d.probs.map((_, c) => (c === d.target ? 1 : 0)),
    );
    setData(gr, d.grad);
    const t = this.t.softmax;
    const text = t.lossLine(this.classLabel(d.target), d.probs[d.target].toPrecision(3), d.loss.toPrecision(3));
    this.chart.options.plugins!.title!.text = text;
    this.lossEl.textContent = text;
    this.lossEl.dataset.loss = d.loss.toFixed(2);
    this.chart.update('none');
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.softmax;
    return {
      caption: t.title,
      head: [t.class, t.logitCol, t.probs, t.onehot, t.grad],
      rows: d
        ? d.probs.map((p, c) => [this.classLabel(c), this.state.logits[c] ?? NaN, p, c === d.target ? 1 : 0, d.grad[c]])
        : [],
    };
  }
}
