/** Scene 3: BCE against the probability, and the σ′(z) factor that slows MSE through a sigmoid. */
import type { ChartDataset } from 'chart.js';
import type { ProbabilityData, ProbabilityView, SceneRequest } from '../../src/protocol';
import { linearAxis, makeChart, setData, xy, type AnyChart } from '../charts';
import { paint, Scene } from '../scene';
import { el, select, type TableData } from '../ui';

type State = ProbabilityView;

export class ProbabilityScene extends Scene<State, ProbabilityData> {
  readonly id = 'probability';
  private lossChart!: AnyChart;
  private gradChart!: AnyChart;

  defaults(): State {
    return { label: '1' };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.probability.title, lines: this.t.probability.lines };
  }

  formulas(): (string | { tex: string; label?: string })[] {
    return [
      'bce',
      'bce_with_logits',
      {
        label: this.t.probability.mseThroughSigmoid,
        tex: "\\frac{\\partial}{\\partial z}\\,(\\sigma(z) - y)^2 = 2(\\sigma(z) - y)\\,\\underbrace{\\sigma(z)(1-\\sigma(z))}_{\\sigma'(z)}",
      },
    ];
  }

  protected build(): void {
    const t = this.t.probability;
    const sel = select(
      t.trueLabel,
      [
        { value: '1', label: 'y = 1' },
        { value: '0', label: 'y = 0' },
      ],
      this.state.label,
      (v) => {
        this.state.label = v === '0' ? '0' : '1';
        this.host.saved();
        this.redraw();
      },
    );
    this.controls.append(el('div', { class: 'control-row' }, sel.root));
    const p = this.palette;
    const line = (
      label: string,
      key: 'blue' | 'red' | 'green' | 'orange' | 'purple' | 'muted',
      axis = 'y',
      dash?: number[],
    ): ChartDataset<'line'> =>
      paint({ label, data: [], borderWidth: 2, pointRadius: 0, yAxisID: axis }, { key, ...(dash ? { dash } : {}) }, p);
    this.lossChart = makeChart(
      this.canvas(t.lossAlt),
      {
        type: 'line',
        data: {
          datasets: [
            line(t.bceY1, 'blue'),
            line(t.bceY0, 'red'),
            line(t.dBceDpY1, 'blue', 'y2', [6, 4]),
            line(t.dBceDpY0, 'red', 'y2', [6, 4]),
          ],
        },
        options: {
          parsing: false,
          scales: {
            x: linearAxis(t.prob, { min: 0, max: 1 }),
            y: linearAxis(this.t.loss, { min: 0, max: 5, position: 'left' }),
            y2: linearAxis(t.dDp, { min: -20, max: 20, position: 'right', grid: { drawOnChartArea: false } }),
          },
          plugins: { title: { display: true, text: t.lossTitle } },
        },
      },
      p,
    );
    this.gradChart = makeChart(
      this.canvas(t.gradAlt),
      {
        type: 'line',
        data: { datasets: [line(t.bceDz, 'green'), line(t.mseDz, 'orange'), line(t.sigmaPrime, 'muted', 'y', [3, 3])] },
        options: {
          parsing: false,
          scales: { x: linearAxis(t.prob, { min: 0, max: 1 }), y: linearAxis(t.dDz, { min: -1.05, max: 1.05 }) },
          plugins: { title: { display: true, text: t.gradTitle } },
        },
      },
      p,
    );
    this.charts = [this.lossChart, this.gradChart];
  }

  request(): SceneRequest {
    return { scene: 'probability', input: { steps: 399 } };
  }

  protected draw(d: ProbabilityData): void {
    const [b1, b0, g1, g0] = this.lossChart.data.datasets;
    setData(b1, xy(d.p, d.bce.y1));
    setData(b0, xy(d.p, d.bce.y0));
    setData(g1, xy(d.p, d.dBceDp.y1));
    setData(g0, xy(d.p, d.dBceDp.y0));
    const y = this.state.label === '1' ? 'y1' : 'y0';
    const [bz, mz, sp] = this.gradChart.data.datasets;
    setData(bz, xy(d.p, d.dBceDz[y]));
    setData(mz, xy(d.p, d.dMseDz[y]));
    setData(sp, xy(d.p, d.sigmaPrime));
    this.gradChart.options.plugins!.title!.text = `${this.t.probability.gradTitle} (y = ${this.state.label})`;
    this.lossChart.update('none');
    this.gradChart.update('none');
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.probability;
    return {
      caption: t.title,
      head: [
        t.prob,
        t.bceY1,
        t.bceY0,
        t.dBceDpY1,
        t.dBceDpY0,
        `${t.bceDz} y=1`,
        `${t.bceDz} y=0`,
        `${t.mseDz} y=1`,
        `${t.mseDz} y=0`,
        t.sigmaPrime,
      ],
      rows: d
        ? d.p.map((p, i) => [
            p,
            d.bce.y1[i],
            d.bce.y0[i],
            d.dBceDp.y1[i],
            d.dBceDp.y0[i],
            d.dBceDz.y1[i],
            d.dBceDz.y0[i],
            d.dMseDz.y1[i],
            d.dMseDz.y0[i],
            d.sigmaPrime[i],
          ])
        : [],
    };
  }
}
