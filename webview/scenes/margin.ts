/** Scene 2: surrogate losses against the margin m = y·f(x), the classic picture. */
import type { ChartDataset } from 'chart.js';
import {
  MARGIN_LOSSES,
  type Focus,
  type MarginData,
  type MarginLossId,
  type MarginView,
  type SceneRequest,
} from '../../src/protocol';
import { linearAxis, makeChart, setData, xy, type AnyChart } from '../charts';
import { paint, Scene, type ColourKey } from '../scene';
import { checkbox, el, type TableData } from '../ui';

type State = MarginView;

const COLOURS: Record<MarginLossId, ColourKey> = {
  zero_one: 'fg',
  hinge: 'blue',
  squared_hinge: 'purple',
  logistic: 'green',
  exponential: 'orange',
};

export class MarginScene extends Scene<State, MarginData> {
  readonly id = 'margin';
  private chart!: AnyChart;
  private boxes: Partial<Record<MarginLossId, { set(v: boolean): void }>> = {};

  defaults(): State {
    return { range: 3, shown: [...MARGIN_LOSSES], showGrad: false };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.margin.title, lines: this.t.margin.lines };
  }

  formulas(): string[] {
    return this.state.shown;
  }

  protected build(): void {
    const t = this.t.margin;
    const row = el('div', { class: 'control-row' });
    for (const id of MARGIN_LOSSES) {
      const c = this.shownCheckbox(MARGIN_LOSSES, id, () => this.state, COLOURS[id]);
      this.boxes[id] = c;
      row.append(c.root);
    }
    const grad = checkbox(t.showGrad, this.state.showGrad, (on) => {
      this.state.showGrad = on;
      this.host.saved();
      this.redraw();
    });
    const range = this.stateSlider(
      { label: t.range, min: 1, max: 8, step: 0.5, value: this.state.range },
      (state, v) => (state.range = v),
    );
    this.controls.append(row, el('div', { class: 'control-row' }, range.root, grad.root));
    const p = this.palette;
    const sets: ChartDataset<'line'>[] = [
      ...MARGIN_LOSSES.map((id): ChartDataset<'line'> =>
        paint(
          { label: id, data: [], borderWidth: 2, pointRadius: 0, stepped: id === 'zero_one' ? 'before' : false },
          { key: COLOURS[id] },
          p,
        ),
      ),
      ...MARGIN_LOSSES.map((id) =>
        paint(
          { label: `${id}′`, data: [], borderWidth: 1.5, pointRadius: 0, hidden: true },
          { key: COLOURS[id], dash: [6, 4] },
          p,
        ),
      ),
    ];
    this.chart = makeChart(
      this.canvas(t.alt, true),
      {
        type: 'line',
        data: { datasets: sets },
        options: {
          parsing: false,
          scales: { x: linearAxis(t.marginAxis), y: linearAxis(this.t.loss, { min: -1, max: 4 }) },
          plugins: { title: { display: true, text: t.chartTitle } },
        },
      },
      p,
    );
    this.charts = [this.chart];
  }

  request(): SceneRequest {
    return { scene: 'margin', input: { range: this.state.range } };
  }

  protected draw(d: MarginData): void {
    const n = MARGIN_LOSSES.length;
    d.curves.forEach((c, k) => {
      const id = c.id as MarginLossId;
      const shown = this.state.shown.includes(id);
      const name = this.host.formula(id)?.title ?? id;
      const loss = this.chart.data.datasets[k];
      setData(loss, xy(d.x, c.loss));
      loss.hidden = !shown;
      loss.label = name;
      const grad = this.chart.data.datasets[n + k];
      setData(grad, xy(d.x, c.grad));
      grad.hidden = !shown || !this.state.showGrad || id === 'zero_one';
      grad.label = `${name}: ${this.t.derivative}`;
    });
    this.chart.options.scales!.x!.min = -this.state.range;
    this.chart.options.scales!.x!.max = this.state.range;
    this.chart.options.scales!.y!.min = this.state.showGrad ? -3 : -0.5;
    this.chart.options.scales!.y!.max = 4;
    this.chart.update('none');
  }

  protected override focus(f: Focus): string[] {
    const id = MARGIN_LOSSES.find((x) => x === f.loss);
    if (!id) return [];
    if (!this.state.shown.includes(id))
      this.state.shown = MARGIN_LOSSES.filter((x) => x === id || this.state.shown.includes(x));
    this.boxes[id]?.set(true);
    this.renderFormulas();
    return [];
  }

  table(): TableData {
    const d = this.data;
    const shown = d ? d.curves.filter((c) => this.state.shown.includes(c.id as MarginLossId)) : [];
    return {
      caption: this.t.margin.title,
      head: [this.t.margin.marginAxis, ...shown.flatMap((c) => [c.id, `${c.id}′`])],
      rows: d ? d.x.map((x, i) => [x, ...shown.flatMap((c) => [c.loss[i], c.grad[i]])]) : [],
    };
  }
}
