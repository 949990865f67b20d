/** Scene 1: regression losses and their derivatives against the residual. */
import type { ChartDataset } from 'chart.js';
import {
  REGRESSION_LOSSES,
  type Focus,
  type RegressionData,
  type RegressionLossId,
  type RegressionView,
  type SceneRequest,
} from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, xy, type AnyChart } from '../charts';
import { paint, Scene, type ColourKey } from '../scene';
import { el, type TableData } from '../ui';

type State = RegressionView;

const LOSS_COLOURS: Record<RegressionLossId, ColourKey> = {
  mse: 'blue',
  l1: 'red',
  smooth_l1: 'green',
  huber: 'orange',
  log_cosh: 'purple',
  quantile: 'yellow',
};

export class RegressionScene extends Scene<State, RegressionData> {
  readonly id = 'regression';
  private lossChart!: AnyChart;
  private gradChart!: AnyChart;
  private sliders: Record<'beta' | 'delta' | 'q' | 'range', { input: HTMLInputElement; set(v: number): void }> =
    {} as never;
  private boxes: Partial<Record<RegressionLossId, { set(v: boolean): void }>> = {};

  defaults(): State {
    return { range: 3, beta: 1, delta: 1.5, q: 0.5, shown: ['mse', 'l1', 'smooth_l1', 'huber'] };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.regression.title, lines: this.t.regression.lines };
  }

  formulas(): string[] {
    return this.state.shown;
  }

  private label(id: RegressionLossId): string {
    const s = this.state;
    const extra =
      id === 'smooth_l1'
        ? ` (β=${fmt(s.beta, 3)})`
        : id === 'huber'
          ? ` (δ=${fmt(s.delta, 3)})`
          : id === 'quantile'
            ? ` (q=${fmt(s.q, 3)})`
            : '';
    return `${this.host.formula(id)?.title ?? id}${extra}`;
  }

  protected build(): void {
    const boxes = el('div', { class: 'control-row' });
    for (const id of REGRESSION_LOSSES) {
      const c = this.shownCheckbox(REGRESSION_LOSSES, id, () => this.state, LOSS_COLOURS[id]);
      this.boxes[id] = c;
      boxes.append(c.root);
    }
    const t = this.t.regression;
    const num = (
      k: 'beta' | 'delta' | 'q' | 'range',
      label: string,
      min: number,
      max: number,
      step: number,
    ): HTMLElement => {
      const s = this.stateSlider({ label, min, max, step, value: this.state[k] }, (state, v) => (state[k] = v));
      this.sliders[k] = s;
      return s.root;
    };
    this.controls.append(
      boxes,
      el(
        'div',
        { class: 'control-row' },
        num('beta', t.beta, 0, 3, 0.01),
        num('delta', t.delta, 0.05, 3, 0.01),
        num('q', t.q, 0.05, 0.95, 0.01),
        num('range', t.range, 1, 10, 0.5),
      ),
    );
    const p = this.palette;
    const datasets = (): ChartDataset<'line'>[] =>
      REGRESSION_LOSSES.map((id) =>
        paint({ label: id, data: [], borderWidth: 2, pointRadius: 0, hidden: true }, { key: LOSS_COLOURS[id] }, p),
      );
    this.lossChart = makeChart(
      this.canvas(t.lossAlt),
      {
        type: 'line',
        data: { datasets: datasets() },
        options: {
          parsing: false,
          scales: { x: linearAxis(t.residual), y: linearAxis(this.t.loss) },
          plugins: { title: { display: true, text: t.lossTitle } },
        },
      },
      p,
    );
    this.gradChart = makeChart(
      this.canvas(t.gradAlt),
      {
        type: 'line',
        data: { datasets: datasets() },
        options: {
          parsing: false,
          scales: { x: linearAxis(t.residual), y: linearAxis(t.grad) },
          plugins: { title: { display: true, text: t.gradTitle } },
        },
      },
      p,
    );
    this.charts = [this.lossChart, this.gradChart];
  }

  request(): SceneRequest {
    const { range, beta, delta, q } = this.state;
    return { scene: 'regression', input: { range, beta, delta, q } };
  }

  protected draw(d: RegressionData): void {
    d.curves.forEach((c, k) => {
      const id = c.id as RegressionLossId;
      const hidden = !this.state.shown.includes(id);
      for (const [chart, ys] of [
        [this.lossChart, c.loss],
        [this.gradChart, c.grad],
      ] as const) {
        const ds = chart.data.datasets[k];
        setData(ds, xy(d.x, ys));
        ds.hidden = hidden;
        ds.label = this.label(id);
      }
    });
    // The y range follows the shown curves, clipped so one steep curve does not flatten the rest.
    const r = this.state.range;
    const top = Math.max(
      0.5,
      ...d.curves.filter((c) => this.state.shown.includes(c.id as RegressionLossId)).map((c) => Math.max(...c.loss)),
    );
    this.lossChart.options.scales!.y!.min = 0;
    this.lossChart.options.scales!.y!.max = Number((1.05 * top).toPrecision(2));
    this.lossChart.options.scales!.x!.min = -r;
    this.lossChart.options.scales!.x!.max = r;
    this.gradChart.options.scales!.x!.min = -r;
    this.gradChart.options.scales!.x!.max = r;
    this.lossChart.update('none');
    this.gradChart.update('none');
  }

  protected override focus(f: Focus): string[] {
    if (!(REGRESSION_LOSSES as readonly string[]).includes(f.loss ?? '')) return [];
    const id = f.loss as RegressionLossId;
    if (!this.state.shown.includes(id))
      this.state.shown = REGRESSION_LOSSES.filter((x) => x === id || this.state.shown.includes(x));
    this.boxes[id]?.set(true);
    const notes: string[] = [];
    const names = { beta: 'β', delta: 'δ', q: 'q' } as const;
    for (const [k, v] of Object.entries(f.params ?? {})) {
      if ((k === 'beta' || k === 'delta' || k === 'q') && typeof v === 'number')
        this.state[k] = this.fromLink(names[k], v, this.sliders[k], notes);
    }
    this.renderFormulas();
    return notes;
  }

  table(): TableData {
    const d = this.data;
    const shown = d ? d.curves.filter((c) => this.state.shown.includes(c.id as RegressionLossId)) : [];
    return {
      caption: this.t.regression.title,
      head: [
        this.t.regression.residual,
        ...shown.flatMap((c) => [`${c.id} ${this.t.loss}`, `${c.id} ${this.t.regression.grad}`]),
      ],
      rows: d ? d.x.map((x, i) => [x, ...shown.flatMap((c) => [c.loss[i], c.grad[i]])]) : [],
    };
  }
}
