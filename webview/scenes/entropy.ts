/** Scene 8: entropy, KL and cross-entropy between two editable distributions, H(p,q) = H(p) + KL(p‖q). */
import type { EntropyData, EntropyView, SceneRequest } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, setLabels, type AnyChart } from '../charts';
import { paint, Scene } from '../scene';
import { el, slider, type TableData } from '../ui';

type State = EntropyView;

const normalise = (w: readonly number[]): number[] => {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
};

export class EntropyScene extends Scene<State, EntropyData> {
  readonly id = 'entropy';
  private distChart!: AnyChart;
  private stackChart!: AnyChart;
  private rows!: HTMLElement;
  private resultEl!: HTMLElement;

  defaults(): State {
    return { p: [0.6, 0.3, 0.1], q: [0.3, 0.4, 0.3] };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.entropy.title, lines: this.t.entropy.lines };
  }

  formulas(): (string | { tex: string; label?: string })[] {
    return [
      { tex: 'H(p) = -\\sum_c p_c \\log p_c,\\qquad \\mathrm{KL}(p\\,\\|\\,q) = \\sum_c p_c \\log \\frac{p_c}{q_c}' },
      { tex: 'H(p, q) = -\\sum_c p_c \\log q_c = H(p) + \\mathrm{KL}(p\\,\\|\\,q)' },
    ];
  }

  protected build(): void {
    const t = this.t.entropy;
    this.rows = el('div', { class: 'control-grid' });
    this.resultEl = el('p', { class: 'result', 'data-role': 'entropy-result' });
    const count = slider(
      { label: t.classes, min: 2, max: 6, step: 1, value: this.state.p.length, digits: 1 },
      (v, at) => {
        const n = Math.round(v);
        const resize = (w: number[]): number[] => Array.from({ length: n }, (_, k) => w[k] ?? 0.3);
        this.state.p = resize(this.state.p);
        this.state.q = resize(this.state.q);
        this.rebuild();
        this.changed(at);
      },
    );
    this.controls.append(
      el('div', { class: 'control-row' }, count.root),
      el('p', { class: 'hint', text: t.weightsHint }),
      this.rows,
      this.resultEl,
    );
    this.rebuild();
    const p = this.palette;
    this.distChart = makeChart(
      this.canvas(t.distAlt),
      {
        type: 'bar',
        data: {
          labels: [],
          datasets: [
            paint({ label: t.pLabel, data: [] }, { key: 'blue', fill: 0.7 }, p),
            paint({ label: t.qLabel, data: [] }, { key: 'orange', fill: 0.7 }, p),
          ],
        },
        options: {
          scales: { x: { type: 'category' }, y: linearAxis(t.probability, { min: 0, max: 1 }) },
          plugins: { title: { display: true, text: `${t.pLabel} · ${t.qLabel}` } },
        },
      },
      p,
    );
    this.stackChart = makeChart(
      this.canvas(t.stackAlt),
      {
        type: 'bar',
        data: {
          labels: [t.decomposition, t.crossBar],
          datasets: [
            paint({ label: t.entropy, data: [], stack: 's' }, { key: 'green', fill: 0.75 }, p),
            paint({ label: t.kl, data: [], stack: 's' }, { key: 'red', fill: 0.75 }, p),
            paint({ label: t.ce, data: [], stack: 's' }, { key: 'purple', fill: 0.75 }, p),
          ],
        },
        options: {
          indexAxis: 'y',
          scales: { x: linearAxis(t.nats, { stacked: true, min: 0 }), y: { type: 'category', stacked: true } },
          plugins: { title: { display: true, text: '' } },
        },
      },
      p,
    );
    this.charts = [this.distChart, this.stackChart];
  }

  private rebuild(): void {
    const t = this.t.entropy;
    const row = (which: 'p' | 'q'): HTMLElement =>
      el(
        'div',
        { class: 'control-row' },
        el('span', { class: 'row-label', text: which === 'p' ? t.pLabel : t.qLabel }),
        ...this.state[which].map(
          (w, k) =>
            this.stateSlider(
              { label: which === 'p' ? t.p(k + 1) : t.q(k + 1), min: 0.01, max: 1, step: 0.01, value: w, digits: 2 },
              (state, v) => (state[which][k] = v),
            ).root,
        ),
      );
    this.rows.replaceChildren(row('p'), row('q'));
  }

  request(): SceneRequest {
    return { scene: 'entropy', input: { p: normalise(this.state.p), q: normalise(this.state.q) } };
  }

  protected draw(d: EntropyData): void {
    const t = this.t.entropy;
    setLabels(
      this.distChart,
      d.p.map((_, k) => `${t.class} ${k + 1}`),
    );
    setData(this.distChart.data.datasets[0], d.p);
    setData(this.distChart.data.datasets[1], d.q);
    const [h, kl, ce] = this.stackChart.data.datasets;
    setData(h, [d.entropy, null]);
    setData(kl, [d.kl, null]);
    setData(ce, [null, d.crossEntropy]);
    const text = t.stackTitle(fmt(d.crossEntropy, 3), fmt(d.entropy, 3), fmt(d.kl, 3));
    this.stackChart.options.plugins!.title!.text = text;
    this.resultEl.textContent = text;
    this.distChart.update('none');
    this.stackChart.update('none');
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.entropy;
    return {
      caption: t.title,
      head: [t.class, 'p', 'q', '−p log p', '−p log q', 'p log(p/q)'],
      rows: d
        ? [
            ...d.p.map((p, k) => [`${k + 1}`, p, d.q[k], d.terms.entropy[k], d.terms.crossEntropy[k], d.terms.kl[k]]),
            ['Σ', 1, 1, d.entropy, d.crossEntropy, d.kl],
          ]
        : [],
    };
  }
}
