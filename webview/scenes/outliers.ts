/** Scene 6: lines fitted with L1, L2 and Smooth L1 to data with outliers. */
import type { ChartDataset } from 'chart.js';
import type { OutlierFitId, OutliersData, OutliersView, SceneRequest } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, type AnyChart } from '../charts';
import { paint, Scene, type ColourKey } from '../scene';
import { el, type TableData } from '../ui';

type State = OutliersView;

const FIT_COLOURS: Record<OutlierFitId, ColourKey> = { l1: 'red', mse: 'blue', smooth_l1: 'green' };

export class OutliersScene extends Scene<State, OutliersData> {
  readonly id = 'outliers';
  private chart!: AnyChart;
  private fitsEl!: HTMLElement;

  defaults(): State {
    return { seed: 3, n: 30, outliers: 3, offset: 12, beta: 1 };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.outliers.title, lines: this.t.outliers.lines };
  }

  formulas(): string[] {
    return ['l1', 'mse', 'smooth_l1'];
  }

  protected build(): void {
    const t = this.t.outliers;
    const knob = (k: keyof State, label: string, min: number, max: number, step: number, digits = 3): HTMLElement =>
      this.stateSlider({ label, min, max, step, value: this.state[k], digits }, (state, v) => (state[k] = v)).root;
    this.fitsEl = el('ul', { class: 'result-list', 'data-role': 'outlier-fits' });
    this.controls.append(
      el(
        'div',
        { class: 'control-row' },
        knob('outliers', t.outliers, 0, 10, 1, 2),
        knob('offset', t.offset, -30, 30, 0.5),
        knob('beta', t.beta, 0, 5, 0.05),
        knob('n', t.n, 5, 100, 1, 3),
        knob('seed', t.seed, 0, 99, 1, 2),
      ),
      this.fitsEl,
    );
    const p = this.palette;
    const fit = (id: OutlierFitId): ChartDataset<'scatter'> =>
      paint(
        { label: this.host.formula(id)?.title ?? id, data: [], showLine: true, pointRadius: 0, borderWidth: 2 },
        { key: FIT_COLOURS[id] },
        p,
      );
    this.chart = makeChart(
      this.canvas(t.alt, true),
      {
        type: 'scatter',
        data: {
          datasets: [
            paint({ label: t.inliers, data: [], pointRadius: 3.5 }, { key: 'fg', fill: 0.7 }, p),
            paint({ label: t.outlierPts, data: [], pointRadius: 5, pointStyle: 'triangle' }, { key: 'orange' }, p),
            fit('l1'),
            fit('mse'),
            fit('smooth_l1'),
          ],
        },
        options: {
          parsing: false,
          scales: { x: linearAxis('x', { min: 0, max: 10 }), y: linearAxis('y') },
          plugins: { title: { display: true, text: t.title } },
        },
      },
      p,
    );
    this.charts = [this.chart];
  }

  request(): SceneRequest {
    return { scene: 'outliers', input: { ...this.state } };
  }

  protected draw(d: OutliersData): void {
    const [inl, out, ...fits] = this.chart.data.datasets;
    setData(
      inl,
      d.points.filter((p) => !p.outlier).map(({ x, y }) => ({ x, y })),
    );
    setData(
      out,
      d.points.filter((p) => p.outlier).map(({ x, y }) => ({ x, y })),
    );
    const t = this.t.outliers;
    const items: HTMLElement[] = [];
    d.fits.forEach((f, k) => {
      setData(fits[k], [
        { x: 0, y: f.b },
        { x: 10, y: 10 * f.w + f.b },
      ]);
      const name = this.host.formula(f.id)?.title ?? f.id;
      const intercept = `${f.b < 0 ? '−' : '+'} ${fmt(Math.abs(f.b), 3)}`;
      items.push(el('li', { 'data-fit': f.id, text: t.fitLine(name, fmt(f.w, 3), intercept, fmt(f.loss, 4)) }));
    });
    this.fitsEl.replaceChildren(...items);
    this.chart.update('none');
  }

  table(): TableData {
    const d = this.data;
    return {
      caption: this.t.outliers.title,
      head: ['x', 'y', this.t.outliers.outlierPts],
      rows: d ? d.points.map((p) => [p.x, p.y, p.outlier ? 'yes' : 'no']) : [],
    };
  }
}
