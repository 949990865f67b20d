/** Scene 10: a grad-checked user loss along one coordinate, analytic and numeric gradients overlaid. */
import type { ChartDataset } from 'chart.js';
import type { SceneRequest, UserLossSeries, YourLossView } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, xy, type AnyChart } from '../charts';
import { paint, Scene } from '../scene';
import { el, type TableData } from '../ui';

type State = YourLossView;

/**
 * Shown until a grad-check sends a series: smooth_l1 (β = 1) along one residual, with the classic
 * bug of a gradient whose sign is wrong for negative residuals. Computed here from the formula,
 * because it is an illustration, not a result: the real series come from the host.
 */
function exampleSeries(): UserLossSeries {
  const x = Array.from({ length: 121 }, (_, k) => -3 + k * 0.05);
  const loss = x.map((e) => (Math.abs(e) < 1 ? 0.5 * e * e : Math.abs(e) - 0.5));
  const numeric = x.map((e) => (Math.abs(e) < 1 ? e : Math.sign(e)));
  const analytic = x.map((e) => (Math.abs(e) < 1 ? Math.abs(e) : 1));
  return { title: 'smooth_l1_loss (example)', coordinate: 'pred[0]', x, loss, analytic, numeric };
}

export class YourLossScene extends Scene<State, UserLossSeries> {
  readonly id = 'yourLoss';
  private lossChart!: AnyChart;
  private gradChart!: AnyChart;
  private infoEl!: HTMLElement;
  /** Drawn until a grad-check sends a series (the page hands it to `receive`). */
  private readonly example = exampleSeries();

  defaults(): State {
    return {};
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.yourLoss.title, lines: this.t.yourLoss.lines };
  }

  formulas(): string[] {
    return [];
  }

  protected build(): void {
    const t = this.t.yourLoss;
    this.infoEl = el('p', { class: 'result', 'data-role': 'your-loss-info' });
    this.controls.append(this.infoEl);
    const p = this.palette;
    const line = (label: string, key: 'blue' | 'red' | 'green' | 'orange', dash?: number[]): ChartDataset<'line'> =>
      paint(
        { label, data: [], borderWidth: 2, pointRadius: 0, spanGaps: false },
        { key, ...(dash ? { dash } : {}) },
        p,
      );
    this.lossChart = makeChart(
      this.canvas(t.lossAlt),
      {
        type: 'line',
        data: { datasets: [line(t.loss, 'blue'), line(t.reference(''), 'orange', [6, 4])] },
        options: {
          parsing: false,
          scales: { x: linearAxis('x'), y: linearAxis(t.loss) },
          plugins: { title: { display: true, text: '' } },
        },
      },
      p,
    );
    this.gradChart = makeChart(
      this.canvas(t.gradAlt),
      {
        type: 'line',
        data: { datasets: [line(t.numeric, 'green'), line(t.analytic, 'red', [6, 4])] },
        options: {
          parsing: false,
          scales: { x: linearAxis('x'), y: linearAxis('∂ℓ/∂x') },
          plugins: { title: { display: true, text: '' } },
        },
      },
      p,
    );
    this.charts = [this.lossChart, this.gradChart];
    this.receive(this.data ?? this.example);
  }

  request(): SceneRequest | null {
    return null;
  }

  protected draw(s: UserLossSeries): void {
    const t = this.t.yourLoss;
    setData(this.lossChart.data.datasets[0], xy(s.x, s.loss));
    // The catalog loss it reads as, dashed beside it; hidden (and out of the legend) when there is none.
    const ref = this.lossChart.data.datasets[1];
    setData(ref, s.reference ? xy(s.x, s.reference.loss) : []);
    ref.label = s.reference ? t.reference(s.reference.label) : '';
    ref.hidden = !s.reference;
    setData(this.gradChart.data.datasets[0], xy(s.x, s.numeric));
    setData(this.gradChart.data.datasets[1], s.analytic ? xy(s.x, s.analytic) : []);
    // `line` is 1-based, as the lens and the CLI count lines.
    const where = s.file ? `${s.file}${s.line !== undefined ? `:${s.line}` : ''}` : '';
    const title = t.from(s.title, where);
    this.lossChart.options.plugins!.title!.text = `${title} · ${t.along(s.coordinate)}`;
    for (const c of this.charts) (c.options.scales!.x as { title: { text: string } }).title.text = s.coordinate;
    let gap = 0;
    s.x.forEach((_, k) => {
      const a = s.analytic?.[k] ?? null;
      const n = s.numeric[k];
      if (a !== null && n !== null) gap = Math.max(gap, Math.abs(a - n));
    });
    this.gradChart.options.plugins!.title!.text = t.maxGap(fmt(gap, 3));
    const isExample = s === this.example;
    const verdict = s.reference
      ? s.reference.agrees
        ? t.referenceAgrees(s.reference.label)
        : t.referenceDiffers(s.reference.message)
      : '';
    this.infoEl.textContent = isExample ? t.example : [title, s.gradient ?? '', verdict].filter(Boolean).join(' · ');
    this.lossChart.update('none');
    this.gradChart.update('none');
  }

  table(): TableData {
    const s = this.data;
    const t = this.t.yourLoss;
    const ref = s?.reference;
    const head = [s?.coordinate ?? 'x', t.loss, t.analytic, t.numeric, ...(ref ? [t.reference(ref.label)] : [])];
    const rows = s
      ? s.x.map((x, k) => [
          x,
          s.loss[k] ?? NaN,
          s.analytic?.[k] ?? NaN,
          s.numeric[k] ?? NaN,
          ...(ref ? [ref.loss[k] ?? NaN] : []),
        ])
      : [];
    return { caption: t.title, head, rows };
  }
}
