/** chart.js, registered once with only what the scenes use, and themed from the palette. */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
  type ScaleOptions,
} from 'chart.js';
import type { Palette } from './theme';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
);
// Redraws are driven by the sliders; animation would only add latency to every frame.
Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;

export type AnyChart = Chart<ChartType, unknown[], unknown>;

/**
 * Numbers for people on the page: 4 significant digits, no exponent for ordinary magnitudes. Not
 * the host's formatNumber (src/gradcheck/report.ts, for check results): a chart's ticks and tables
 * read plainly up to 1e6, and a missing value shows as a dash.
 */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-3 && a < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
  return s.replace('-', '−');
}

/** Axis and legend colours, font and grid from the palette; called at creation and on theme change. */
export function applyTheme(chart: AnyChart, p: Palette): void {
  themeOptions(chart.options, p);
}

/** The palette into a chart's options: on a live chart's, or on a config's before it is drawn. */
function themeOptions(o: AnyChart['options'], p: Palette): void {
  o.color = p.fg;
  o.font = { ...(o.font ?? {}), family: p.font };
  const scales = (o.scales ?? {}) as Record<string, ScaleOptions<'linear'>>;
  for (const s of Object.values(scales)) {
    s.grid = { ...(s.grid ?? {}), color: p.grid };
    s.ticks = { ...(s.ticks ?? {}), color: p.fg };
    if (s.title) s.title = { ...s.title, color: p.fg };
    s.border = { ...(s.border ?? {}), color: p.muted };
  }
  const plugins = (o.plugins ??= {});
  plugins.legend = { ...(plugins.legend ?? {}), labels: { ...(plugins.legend?.labels ?? {}), color: p.fg } };
  if (plugins.title) plugins.title.color = p.fg;
  plugins.tooltip = {
    ...(plugins.tooltip ?? {}),
    backgroundColor: p.bg,
    titleColor: p.fg,
    bodyColor: p.fg,
    borderColor: p.muted,
    borderWidth: 1,
  };
}

export function linearAxis(title: string, extra: Record<string, unknown> = {}): ScaleOptions<'linear'> {
  return { type: 'linear', title: { display: true, text: title }, ...extra };
}

/** Fills a chart's canvas background before drawing, so exported PNGs are not transparent. */
const background: Plugin = {
  id: 'lpBackground',
  beforeDraw(chart, _args, opts: { color?: string }) {
    if (!opts.color) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = opts.color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * A chart with the theme applied, a filled background (so PNG exports are not transparent) and
 * readable tooltips. The config is loosely typed on purpose: chart.js's generic option types do
 * not survive being passed through a helper.
 */
export function makeChart(
  canvas: HTMLCanvasElement,
  config: { type: ChartType; data: unknown; options?: Record<string, unknown>; plugins?: Plugin[] },
  p: Palette,
): AnyChart {
  const options = config.options ?? {};
  const plugins = (options.plugins ?? {}) as Record<string, unknown>;
  const tooltip = (plugins.tooltip ?? {}) as Record<string, unknown>;
  const legend = (plugins.legend ?? {}) as Record<string, unknown>;
  options.plugins = {
    ...plugins,
    // Scenes hide curves with their own checkboxes; the legend lists only what is drawn.
    legend: {
      ...legend,
      labels: {
        filter: (item: { hidden?: boolean }) => !item.hidden,
        ...(config.type === 'line' ? { boxHeight: 3, boxWidth: 26 } : {}),
      },
    },
    tooltip: {
      mode: 'index',
      intersect: false,
      ...tooltip,
      callbacks: {
        label: (c: { dataset: { label?: string }; parsed: { x: number; y: number } }) =>
          `${c.dataset.label ?? ''}: ${fmt(c.parsed.y)}`,
      },
    },
    lpBackground: { color: p.bg },
  };
  // Our x values are sorted and unique: chart.js can skip its own checks on every update.
  if (options.parsing === false) options.normalized = true;
  // Themed before it exists: the constructor draws once, and a second draw to recolour would
  // cost the first chart a few milliseconds per canvas.
  themeOptions(options, p);
  return new Chart(canvas, {
    ...config,
    options,
    plugins: [...(config.plugins ?? []), background],
  } as unknown as ChartConfiguration);
}

/** Replaces a dataset's data in place (no new chart, no new dataset objects): the fast path. */
export function setData(ds: object, data: unknown[]): void {
  (ds as { data: unknown[] }).data = data;
}

/** Sets category labels only when they change: a new labels array makes chart.js re-layout the axis. */
export function setLabels(chart: AnyChart, labels: string[]): void {
  const cur = chart.data.labels as string[] | undefined;
  if (cur && cur.length === labels.length && cur.every((l, i) => l === labels[i])) return;
  chart.data.labels = labels;
}

/** x/y pairs for a line dataset. */
export function xy(x: readonly number[], y: readonly (number | null)[]): { x: number; y: number | null }[] {
  return x.map((v, i) => ({ x: v, y: y[i] ?? null }));
}

/** Several charts composed into one PNG data URL, side by side, on the theme's background. */
export function chartsPng(charts: readonly AnyChart[], bg: string): string {
  const canvases = charts.map((c) => c.canvas);
  const w = canvases.reduce((s, c) => s + c.width, 0);
  const h = Math.max(...canvases.map((c) => c.height));
  const out = document.createElement('canvas');
  out.width = Math.max(1, w);
  out.height = Math.max(1, h);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, out.width, out.height);
  let x = 0;
  for (const c of canvases) {
    ctx.drawImage(c, x, 0);
    x += c.width;
  }
  return out.toDataURL('image/png');
}
