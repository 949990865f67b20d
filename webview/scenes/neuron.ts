/** Scene 4: the saturated neuron. Quadratic cost learns slowly from a saturated start; cross-entropy does not. */
import type { ChartDataset } from 'chart.js';
import type { NeuronData, NeuronRun, NeuronView, SceneRequest } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, type AnyChart } from '../charts';
import { paint, Scene } from '../scene';
import { button, el, type TableData } from '../ui';

type State = NeuronView;
type Knob = keyof State;

/**
 * The starts of Nielsen's "Neural Networks and Deep Learning", ch. 3: output 0.82 and 0.98 at
 * η = 0.15 for both costs, and the chapter's cross-entropy figures, which use η = 0.005 there:
 * thirty times smaller, and cross-entropy still starts learning at once while the quadratic cost
 * sits on its plateau.
 */
const PRESETS = {
  a: { w: 0.6, b: 0.9, eta: 0.15, etaCe: 0.15 },
  b: { w: 2, b: 2, eta: 0.15, etaCe: 0.15 },
  nielsen: { w: 2, b: 2, eta: 0.15, etaCe: 0.005, epochs: 300 },
} as const;

export class NeuronScene extends Scene<State, NeuronData> {
  readonly id = 'neuron';
  private mseChart!: AnyChart;
  private bceChart!: AnyChart;
  private knobs = {} as Record<Knob, { set(v: number): void }>;
  private finalEl!: HTMLElement;

  defaults(): State {
    return { w: 0.6, b: 0.9, eta: 0.15, etaCe: 0.15, epochs: 300 };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.neuron.title, lines: this.t.neuron.lines };
  }

  formulas(): { tex: string; label?: string }[] {
    const t = this.t.neuron;
    return [
      {
        label: t.quadratic,
        tex: "C = \\tfrac{1}{2}(a - y)^2,\\quad \\frac{\\partial C}{\\partial w} = (a - y)\\,\\sigma'(z)\\,x",
      },
      {
        label: t.crossEntropy,
        tex: 'C = -[y \\ln a + (1-y)\\ln(1-a)],\\quad \\frac{\\partial C}{\\partial w} = (a - y)\\,x',
      },
    ];
  }

  protected build(): void {
    const t = this.t.neuron;
    const knob = (k: Knob, label: string, min: number, max: number, step: number): HTMLElement => {
      const s = this.stateSlider({ label, min, max, step, value: this.state[k] }, (state, v) => (state[k] = v));
      this.knobs[k] = s;
      return s.root;
    };
    const preset = (which: keyof typeof PRESETS, label: string): HTMLElement => {
      const b = button(label, (at) => {
        Object.assign(this.state, PRESETS[which]);
        for (const k of ['w', 'b', 'eta', 'etaCe', 'epochs'] as const) this.knobs[k].set(this.state[k]);
        this.changed(at);
      });
      b.dataset.preset = which;
      return b;
    };
    this.finalEl = el('p', { class: 'result', 'data-role': 'neuron-final' });
    this.controls.append(
      el(
        'div',
        { class: 'control-row' },
        preset('a', t.presetA),
        preset('b', t.presetB),
        preset('nielsen', t.presetNielsen),
      ),
      el(
        'div',
        { class: 'control-row' },
        knob('w', 'w', -4, 4, 0.05),
        knob('b', 'b', -4, 4, 0.05),
        knob('eta', t.eta, 0.005, 2, 0.005),
        knob('etaCe', t.etaCe, 0.005, 2, 0.005),
        knob('epochs', t.epochs, 10, 1000, 10),
      ),
      this.finalEl,
    );
    const p = this.palette;
    const sets = (): ChartDataset<'line'>[] => [
      paint({ label: t.output, data: [], borderWidth: 2, pointRadius: 0, yAxisID: 'y' }, { key: 'blue' }, p),
      paint(
        { label: t.cost, data: [], borderWidth: 2, pointRadius: 0, yAxisID: 'y2' },
        { key: 'orange', dash: [6, 4] },
        p,
      ),
    ];
    const options = (title: string) => ({
      parsing: false as const,
      scales: {
        x: linearAxis(t.epoch, { min: 0 }),
        y: linearAxis(t.output, { min: 0, max: 1, position: 'left' }),
        y2: linearAxis(t.cost, { min: 0, position: 'right', grid: { drawOnChartArea: false } }),
      },
      plugins: { title: { display: true, text: title } },
    });
    this.mseChart = makeChart(
      this.canvas(t.quadratic),
      { type: 'line', data: { datasets: sets() }, options: options(t.quadratic) },
      p,
    );
    this.bceChart = makeChart(
      this.canvas(t.crossEntropy),
      { type: 'line', data: { datasets: sets() }, options: options(t.crossEntropy) },
      p,
    );
    this.charts = [this.mseChart, this.bceChart];
  }

  request(): SceneRequest {
    return { scene: 'neuron', input: { ...this.state } };
  }

  private plot(chart: AnyChart, run: NeuronRun, title: string): void {
    const pts = (ys: number[]) => ys.map((y, e) => ({ x: e, y }));
    setData(chart.data.datasets[0], pts(run.outputs));
    setData(chart.data.datasets[1], pts(run.losses));
    const t = this.t.neuron;
    chart.options.plugins!.title!.text = [
      title,
      t.summary(run.outputs[0].toFixed(2), this.state.epochs, run.outputs.at(-1)!.toFixed(2)),
    ];
    chart.options.scales!.x!.max = this.state.epochs;
    chart.update('none');
  }

  protected draw(d: NeuronData): void {
    const t = this.t.neuron;
    this.plot(this.mseChart, d.mse, `${t.quadratic} · η = ${fmt(this.state.eta)}`);
    this.plot(this.bceChart, d.bce, `${t.crossEntropy} · η = ${fmt(this.state.etaCe)}`);
    const endMse = d.mse.outputs.at(-1)!;
    const endBce = d.bce.outputs.at(-1)!;
    this.finalEl.textContent = t.finals(this.state.epochs, endMse.toFixed(2), endBce.toFixed(3));
    this.finalEl.dataset.mse = endMse.toFixed(2);
    this.finalEl.dataset.bce = endBce.toFixed(2);
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.neuron;
    return {
      caption: t.title,
      head: [
        t.epoch,
        `${t.quadratic}: ${t.output}`,
        `${t.quadratic}: ${t.cost}`,
        `${t.crossEntropy}: ${t.output}`,
        `${t.crossEntropy}: ${t.cost}`,
      ],
      rows: d ? d.mse.outputs.map((o, e) => [e, o, d.mse.losses[e], d.bce.outputs[e], d.bce.losses[e]]) : [],
    };
  }
}
