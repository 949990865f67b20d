/**
 * The surface scene's two 1-D slices through the current point (where gradient descent ended):
 * J(w) at its b and J(b) at its w, the point marked, so that "the bowl is flat along b" shows.
 */
import type { SurfaceData } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, type AnyChart } from '../charts';
import type { Strings } from '../i18n';
import { paint } from '../scene';
import type { Palette } from '../theme';
import type { TableData } from '../ui';

type Slices = NonNullable<SurfaceData['slices']>;

export class SurfaceSlices {
  readonly charts: AnyChart[];
  private readonly alongW: AnyChart;
  private readonly alongB: AnyChart;

  /** `canvas(label)` makes a chart's canvas in its box; `w` and `b` are the axes' ranges. */
  constructor(
    canvas: (label: string) => HTMLCanvasElement,
    private readonly t: Strings['surface'],
    p: Palette,
    w: [number, number],
    b: [number, number],
  ) {
    this.alongW = slice(canvas(t.sliceWAlt), 'w', w, t, p);
    this.alongB = slice(canvas(t.sliceBAlt), 'b', b, t, p);
    this.charts = [this.alongW, this.alongB];
  }

  /** `j`: J at the point itself. */
  draw(s: Slices, j: number): void {
    const [w0, b0] = s.at;
    const put = (chart: AnyChart, xs: number[], ys: number[], x: number, title: string): void => {
      const [curve, point] = chart.data.datasets;
      setData(
        curve,
        xs.map((v, i) => ({ x: v, y: ys[i] })),
      );
      // A point beyond the axis (a start dragged far out by a link) is left off rather than pinned to the edge.
      setData(point, x >= xs[0] && x <= xs[xs.length - 1] ? [{ x, y: j }] : []);
      chart.options.plugins!.title!.text = title;
      chart.update('none');
    };
    put(this.alongW, s.w, s.alongW, w0, this.t.sliceW(fmt(b0, 3)));
    put(this.alongB, s.b, s.alongB, b0, this.t.sliceB(fmt(w0, 3)));
  }

  /** Both slices side by side: their grids have the same number of points. */
  table(s: Slices): TableData {
    const [w0, b0] = s.at;
    return {
      caption: this.t.slicesCaption(fmt(w0, 4), fmt(b0, 4)),
      head: ['w', `J(w, ${fmt(b0, 4)})`, 'b', `J(${fmt(w0, 4)}, b)`],
      rows: s.w.map((w, k) => [w, s.alongW[k], s.b[k], s.alongB[k]]),
    };
  }
}

function slice(
  canvas: HTMLCanvasElement,
  axis: 'w' | 'b',
  range: [number, number],
  t: Strings['surface'],
  p: Palette,
): AnyChart {
  return makeChart(
    canvas,
    {
      type: 'scatter',
      data: {
        datasets: [
          paint({ label: 'J', data: [], showLine: true, pointRadius: 0, borderWidth: 2 }, { key: 'blue' }, p),
          paint({ label: t.here, data: [], pointRadius: 6, pointHoverRadius: 8 }, { key: 'red' }, p),
        ],
      },
      options: {
        parsing: false,
        scales: { x: linearAxis(axis, { min: range[0], max: range[1] }), y: linearAxis('J') },
        plugins: { title: { display: true, text: '' }, tooltip: { mode: 'nearest', intersect: false } },
      },
    },
    p,
  );
}
