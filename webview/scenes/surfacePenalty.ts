/**
 * Regularisation in the surface scene: the objective J = L + R(w) and its gradient written out for
 * the chosen loss and penalty, and the regularisation path (the fitted w against λ, under L2 and
 * under L1, λ on a log axis).
 */
import type { ChartDataset } from 'chart.js';
import type { SurfaceData, SurfaceLossId, SurfacePenaltyId } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, type AnyChart } from '../charts';
import type { Strings } from '../i18n';
import { paint } from '../scene';
import type { Palette } from '../theme';
import type { TableData } from '../ui';

const SUM = '\\frac{1}{m}\\sum_{i=1}^{m}';
const SUM2 = '\\frac{2}{m}\\sum_{i=1}^{m}';

/** L and the per-sample factor of its gradient (∂L/∂w is Σ of it times xᵢ, ∂L/∂b Σ of it alone). */
const LOSS_TEX: Record<SurfaceLossId, { model: string; loss: string; sum: string; factor: string }> = {
  mse: { model: '\\hat y_i = w x_i + b', loss: `${SUM}(\\hat y_i - y_i)^2`, sum: SUM2, factor: '(\\hat y_i - y_i)' },
  l1: {
    model: '\\hat y_i = w x_i + b',
    loss: `${SUM}\\lvert \\hat y_i - y_i \\rvert`,
    sum: SUM,
    factor: '\\operatorname{sign}(\\hat y_i - y_i)',
  },
  huber: {
    model: '\\hat y_i = w x_i + b',
    loss: `${SUM}\\ell_\\delta(\\hat y_i - y_i)`,
    sum: SUM,
    factor: '\\operatorname{clip}(\\hat y_i - y_i, -\\delta, \\delta)',
  },
  logistic_regression: {
    model: 'a_i = \\sigma(w x_i + b)',
    loss: `-${SUM}\\big[y_i \\log a_i + (1 - y_i) \\log(1 - a_i)\\big]`,
    sum: SUM,
    factor: '(a_i - y_i)',
  },
  logistic_mse: {
    model: 'a_i = \\sigma(w x_i + b)',
    loss: `${SUM}(a_i - y_i)^2`,
    sum: SUM2,
    factor: '(a_i - y_i)\\,a_i (1 - a_i)',
  },
  // The formula scene's ℓ(y, a), of the line's prediction a.
  formula: {
    model: 'a_i = w x_i + b',
    loss: `${SUM}\\ell(y_i, a_i)`,
    sum: SUM,
    factor: '\\frac{\\partial \\ell}{\\partial a}(y_i, a_i)',
  },
};

const PENALTY_TEX: Record<SurfacePenaltyId, { value: string; slope: string }> = {
  none: { value: '', slope: '' },
  l2: { value: ' + \\frac{\\lambda}{2} w^2', slope: ' + \\lambda w' },
  l1: {
    value: ' + \\lambda \\lvert w \\rvert',
    slope: ' + \\lambda \\operatorname{sign}(w),\\quad \\operatorname{sign}(0) \\in [-1, 1]',
  },
};

/** J(w, b), ∂J/∂w and ∂J/∂b in TeX: the penalty on w, none on b. */
export function objectiveTex(loss: SurfaceLossId, penalty: SurfacePenaltyId): string[] {
  const l = LOSS_TEX[loss];
  const r = PENALTY_TEX[penalty];
  return [
    `J(w, b) = ${l.loss}${r.value},\\qquad ${l.model}`,
    `\\frac{\\partial J}{\\partial w} = ${l.sum}${l.factor}\\,x_i${r.slope}`,
    `\\frac{\\partial J}{\\partial b} = ${l.sum}${l.factor}`,
  ];
}

type RegPath = NonNullable<SurfaceData['regPath']>;

/** The regularisation path chart: x is log₁₀ λ on a linear axis (ticks read as λ), so chart.js needs no log scale. */
export class RegPathChart {
  readonly chart: AnyChart;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly t: Strings['surface'],
    p: Palette,
  ) {
    const line = (label: string, key: 'blue' | 'orange', dash?: number[]): ChartDataset<'scatter'> =>
      paint(
        { label, data: [], showLine: true, pointRadius: 1.5, borderWidth: 2 },
        { key, ...(dash ? { dash } : {}) },
        p,
      );
    this.chart = makeChart(
      canvas,
      {
        type: 'scatter',
        data: {
          datasets: [
            line(t.pathL2, 'blue'),
            line(t.pathL1, 'orange', [6, 3]),
            paint({ label: t.pathNow, data: [], pointRadius: 7, pointStyle: 'rectRot' }, { key: 'fg' }, p),
          ],
        },
        options: {
          parsing: false,
          scales: {
            x: linearAxis(t.lambdaAxis, {
              min: -3,
              max: 1,
              ticks: { stepSize: 1, callback: (v: number) => fmt(10 ** v, 3) },
            }),
            y: linearAxis('w'),
          },
          plugins: {
            title: { display: true, text: t.pathTitle },
            tooltip: { mode: 'nearest', intersect: false },
          },
        },
      },
      p,
    );
  }

  /** `now`: the current λ (> 0) and the fitted w there, marked on the path of its penalty. */
  draw(path: RegPath, now: { lambda: number; w: number } | null): void {
    const [l2, l1, mark] = this.chart.data.datasets;
    const at = (ws: number[]) => path.lambda.map((l, k) => ({ x: Math.log10(l), y: ws[k] }));
    setData(l2, at(path.l2));
    setData(l1, at(path.l1));
    setData(mark, now && now.lambda > 0 ? [{ x: Math.log10(now.lambda), y: now.w }] : []);
    this.chart.update('none');
  }

  table(path: RegPath): TableData {
    return {
      caption: this.t.pathCaption,
      head: ['λ', this.t.pathL2, this.t.pathL1],
      rows: path.lambda.map((l, k) => [l, path.l2[k], path.l1[k]]),
    };
  }
}
