/**
 * Scene 11: a small network that trains, live. The host trains it (in the worker) and streams
 * where it stands; the page draws the decision map and the data, the loss and accuracy curves, and
 * runs the transport: play asks for the network at the last epoch with the chosen pace and draws
 * each picture as it comes, pause asks for the epoch it shows (the host has it at once), step for
 * one more, reset for epoch 0. A configuration and an epoch name one network, so a link or a
 * reload shows the same one.
 */
import type { ChartDataset, Plugin } from 'chart.js';
import { contours } from 'd3-contour';
import {
  NETWORK_ACTIVATIONS,
  NETWORK_CLASSIFICATION_LOSSES,
  NETWORK_DATASETS,
  NETWORK_EXTENT,
  NETWORK_LOSS_FEEDS,
  NETWORK_MAX_EPOCHS,
  NETWORK_OUTPUTS,
  NETWORK_REGRESSION_LOSSES,
  NETWORK_REGRESSION_SETS,
  type Focus,
  type NetworkData,
  type NetworkDatasetId,
  type NetworkLossId,
  type NetworkRunData,
  type NetworkTask,
  type NetworkView,
  type SceneRequest,
} from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, type AnyChart } from '../charts';
import { paint, Scene, type ColourKey } from '../scene';
import { rgb, withAlpha } from '../theme';
import { button, checkbox, el, select, type TableData } from '../ui';
import { NETWORK_PRESET } from './networkPreset';

type State = NetworkView;
type Knob = { [K in keyof State]: State[K] extends number ? K : never }[keyof State];

/** The learning rates, batch sizes and speeds the selects offer (a link may name others: they are added). */
const ETAS = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
/** 1,000, the most points a data set has, is always the whole set: full-batch gradient descent. */
const BATCHES = [1, 5, 10, 25, 50, 100, 1000];
const PACES = [5, 20, 100, 500, 0];
/** Grid cells per axis of the map: finer when it stands still, coarser while it plays (a picture every ~50 ms). */
const RESOLUTION = 48;
const PLAY_RESOLUTION = 32;

/** Ticks at −1, −0.5, 0, 0.5, 1 only: the axes' ends (±NETWORK_EXTENT) would crowd the labels beside ±1. */
const halves = (axis: { ticks: { value: number }[] }): void => {
  axis.ticks = [-1, -0.5, 0, 0.5, 1].map((value) => ({ value }));
};

const taskOf = (d: NetworkDatasetId): NetworkTask =>
  (NETWORK_REGRESSION_SETS as readonly string[]).includes(d) ? 'regression' : 'classification';
const lossesFor = (task: NetworkTask): readonly NetworkLossId[] =>
  task === 'regression' ? NETWORK_REGRESSION_LOSSES : NETWORK_CLASSIFICATION_LOSSES;

/** What the map draws under the points: its image, where it goes, and the decision boundary. */
type Layer = { image: HTMLCanvasElement | null; rings: [number, number][][]; lineColour: string };

export class NetworkScene extends Scene<State, NetworkData> {
  readonly id = 'network';
  override readonly staged = true;
  /** Playing: the request asks for the last epoch at the chosen pace, and the state follows the pictures. */
  private playing = false;
  private maps: AnyChart[] = [];
  private layers: Layer[] = [];
  private mapBoxes: HTMLElement[] = [];
  private mapRow!: HTMLElement;
  /** The curves exist (the maps are made after them, beside them). */
  private chartsBuilt = false;
  private lossChart!: AnyChart;
  private metricChart!: AnyChart;
  private playButton!: HTMLElement;
  private epochEl!: HTMLElement;
  private resultEl!: HTMLElement;
  private readsEl!: HTMLElement;
  private lossesEl!: HTMLElement;
  private lossSelect!: ReturnType<typeof select>;
  private lossBSelect!: ReturnType<typeof select>;
  private outputRow!: HTMLElement;
  private lossBRow!: HTMLElement;
  private unitRows: HTMLElement[] = [];

  defaults(): State {
    return {
      dataset: 'circles',
      n: 200,
      noise: 0.1,
      dataSeed: 1,
      hidden: [4, 4],
      activation: 'tanh',
      output: 'sigmoid',
      initScale: 1,
      initSeed: 1,
      loss: 'bce',
      compare: false,
      lossB: 'mse',
      eta: 0.03,
      batch: 10,
      epochs: 0,
      pace: 20,
    };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.network.title, lines: this.t.network.lines };
  }

  private get task(): NetworkTask {
    return taskOf(this.state.dataset);
  }

  private shownLosses(): NetworkLossId[] {
    return this.state.compare ? [this.state.loss, this.state.lossB] : [this.state.loss];
  }

  formulas(): (string | { tex: string; label?: string })[] {
    const layers = this.state.hidden.length;
    const squashed = this.shownLosses().some((id) => ['sigmoid', 'probability'].includes(this.feedOf(id)));
    const model = `h_0 = x,\\quad h_l = f(W_l h_{l-1} + b_l)\\ (l = 1, \\dots, ${layers}),\\quad z = W_{${layers + 1}} h_{${layers}} + b_{${layers + 1}}${squashed ? ',\\quad a = \\sigma(z)' : ''}`;
    return [{ tex: model }, ...new Set(this.shownLosses())];
  }

  /** Losses that fit the data set's task: a link or a change of data set may leave one that does not. */
  private fitLosses(): void {
    const fits = lossesFor(this.task);
    if (!fits.includes(this.state.loss)) this.state.loss = this.task === 'regression' ? 'mse' : 'bce';
    if (!fits.includes(this.state.lossB))
      this.state.lossB = this.state.loss !== 'mse' ? 'mse' : this.task === 'regression' ? 'l1' : 'bce';
  }

  private lossOptions(): { value: string; label: string }[] {
    return lossesFor(this.task).map((id) => ({ value: id, label: this.host.formula(id)?.title ?? id }));
  }

  /** A select over numbers, with the current value among them even when a link set another. */
  private numberSelect(label: string, values: number[], k: Knob, text: (v: number) => string): HTMLElement {
    const all = [...new Set([...values, this.state[k]])].sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b));
    const s = select(
      label,
      all.map((v) => ({ value: String(v), label: text(v) })),
      String(this.state[k]),
      (v, at) => {
        this.state[k] = Number(v);
        this.changed(at);
      },
    );
    return s.root;
  }

  protected build(): void {
    const t = this.t.network;
    this.fitLosses();
    const knob = (k: Knob, label: string, min: number, max: number, step: number, digits = 3): HTMLElement => {
      return this.stateSlider({ label, min, max, step, value: this.state[k], digits }, (state, v) => (state[k] = v))
        .root;
    };
    const dataset = select(
      t.dataset,
      NETWORK_DATASETS.map((id) => ({ value: id, label: t.datasets[id] })),
      this.state.dataset,
      (v, at) => {
        this.state.dataset = v as NetworkDatasetId;
        this.fitLosses();
        this.lossSelect.options(this.lossOptions(), this.state.loss);
        this.lossBSelect.options(this.lossOptions(), this.state.lossB);
        this.controlsChanged(at);
      },
    );
    this.lossSelect = select(t.loss, this.lossOptions(), this.state.loss, (v, at) => {
      this.state.loss = v as NetworkLossId;
      this.controlsChanged(at);
    });
    this.lossBSelect = select(t.lossB, this.lossOptions(), this.state.lossB, (v, at) => {
      this.state.lossB = v as NetworkLossId;
      this.controlsChanged(at);
    });
    this.lossBRow = this.lossBSelect.root;
    const compare = checkbox(t.compare, this.state.compare, (v, at) => {
      this.state.compare = v;
      this.controlsChanged(at);
    });
    const units = [0, 1, 2].map((k) =>
      this.stateSlider(
        { label: t.units(String(k + 1)), min: 1, max: 8, step: 1, value: this.state.hidden[k] ?? 4, digits: 1 },
        (state, v) => {
          if (k < state.hidden.length) state.hidden = state.hidden.map((u, j) => (j === k ? v : u));
        },
      ),
    );
    this.unitRows = units.map((u) => u.root);
    const layers = this.stateSlider(
      { label: t.layers, min: 1, max: 3, step: 1, value: this.state.hidden.length, digits: 1 },
      (state, v) => {
        // A layer added back has the units its slider shows.
        state.hidden = [0, 1, 2].slice(0, v).map((k) => state.hidden[k] ?? Number(units[k].input.value));
        if (state === this.state) {
          this.showUnits();
          this.renderFormulas();
        }
      },
    );
    const activation = select(
      t.activation,
      NETWORK_ACTIVATIONS.map((a) => ({ value: a, label: a === 'relu' ? 'ReLU' : a })),
      this.state.activation,
      (v, at) => {
        this.state.activation = v as State['activation'];
        this.changed(at);
      },
    );
    const output = select(
      t.output,
      NETWORK_OUTPUTS.map((o) => ({ value: o, label: t.outputs[o] })),
      this.state.output,
      (v, at) => {
        this.state.output = v as State['output'];
        this.controlsChanged(at);
      },
    );
    this.outputRow = output.root;
    this.playButton = button(t.play, () => (this.playing ? this.pause() : this.play()), false);
    this.playButton.dataset.role = 'play';
    const step = button(t.step, () => this.step());
    step.dataset.role = 'step';
    const reset = button(t.reset, () => this.reset());
    reset.dataset.role = 'reset';
    const preset = button(t.preset, () => this.preset());
    preset.dataset.preset = 'mse-vs-ce';
    this.epochEl = el('p', { class: 'hint', 'data-role': 'network-epoch' });
    // Read out when the training stops (a pause, a step, the end), not twenty times a second.
    this.resultEl = el('p', { class: 'result', 'data-role': 'network-result', 'aria-live': 'polite' });
    this.readsEl = el('p', { class: 'hint', 'data-role': 'network-reads' });
    this.lossesEl = el('p', { class: 'hint' });
    this.controls.append(
      el('div', { class: 'control-row' }, this.playButton, step, reset, preset),
      el(
        'div',
        { class: 'control-row' },
        dataset.root,
        knob('noise', t.noise, 0, 1, 0.05),
        knob('n', t.n, 10, 1000, 10, 4),
        knob('dataSeed', t.dataSeed, 0, 99, 1, 2),
      ),
      el(
        'div',
        { class: 'control-row' },
        layers.root,
        ...this.unitRows,
        activation.root,
        this.outputRow,
        knob('initScale', t.initScale, 0.1, 10, 0.1),
        knob('initSeed', t.initSeed, 0, 99, 1, 2),
      ),
      el(
        'div',
        { class: 'control-row' },
        this.lossSelect.root,
        compare.root,
        this.lossBRow,
        this.numberSelect(t.eta, ETAS, 'eta', (v) => fmt(v)),
        this.numberSelect(t.batch, BATCHES, 'batch', (v) => (v >= 1000 ? t.fullBatch : String(v))),
        this.numberSelect(t.pace, PACES, 'pace', (v) => (v === 0 ? t.fastest : t.perSecond(fmt(v)))),
      ),
      this.epochEl,
      this.resultEl,
    );
    this.showUnits();
    this.buildCharts();
    this.showLossControls();
    // What the losses read, which go with which task, and the preset's lesson: under the pictures,
    // so the transport, the controls and the maps come first on a short panel.
    this.chartsEl.after(
      el(
        'div',
        { class: 'notes' },
        el('p', { class: 'hint', 'data-role': 'network-lesson', text: t.presetHint }),
        this.readsEl,
        this.lossesEl,
      ),
    );
  }

  private showUnits(): void {
    this.unitRows.forEach((row, k) => (row.hidden = k >= this.state.hidden.length));
  }

  /** The second loss's select, the output unit (only the regression losses on a classification set read it), and what each loss reads. */
  private showLossControls(): void {
    const t = this.t.network;
    this.lossBRow.hidden = !this.state.compare;
    const losses = this.shownLosses();
    this.outputRow.hidden = this.task === 'regression' || !losses.some((id) => NETWORK_LOSS_FEEDS[id] === 'output');
    const title = (id: NetworkLossId): string => this.host.formula(id)?.title ?? id;
    this.readsEl.textContent = [...new Set(losses)].map((id) => t.reads(title(id), t.feeds[this.feedOf(id)])).join(' ');
    this.lossesEl.textContent = t.lossesFor(
      NETWORK_CLASSIFICATION_LOSSES.map(title).join(', '),
      NETWORK_REGRESSION_LOSSES.map(title).join(', '),
    );
    this.syncMaps();
  }

  private feedOf(id: NetworkLossId): keyof typeof this.t.network.feeds {
    const feed = NETWORK_LOSS_FEEDS[id];
    if (feed !== 'output') return feed;
    return this.task === 'regression' ? 'regression' : this.state.output;
  }

  /** A change that shows or hides controls, or changes the formulas: then as any other. */
  private controlsChanged(at: number): void {
    this.showLossControls();
    this.renderFormulas();
    this.changed(at);
  }

  /** One map per loss shown: the second made when a second loss is switched on, and gone when it is off (no hidden canvas). */
  private syncMaps(): void {
    if (!this.chartsBuilt) return;
    const want = this.shownLosses().length;
    while (this.maps.length > want) {
      this.maps.pop()!.destroy();
      this.layers.pop();
      this.mapBoxes.pop()!.remove();
    }
    while (this.maps.length < want) this.addMap();
    this.charts = [...this.maps, this.lossChart, this.metricChart];
  }

  private addMap(): void {
    const t = this.t.network;
    const p = this.palette;
    const k = this.maps.length;
    const layer: Layer = { image: null, rings: [], lineColour: p.fg };
    const canvas = el('canvas', {
      role: 'img',
      'aria-label': t.mapAlt(this.host.formula(this.shownLosses()[k])?.title ?? ''),
    });
    const box = el('div', { class: 'chart map' }, canvas);
    this.mapRow.append(box);
    const chart = makeChart(
      canvas,
      {
        type: 'scatter',
        data: {
          datasets: [
            // Shapes as well as colours tell the classes apart (a high-contrast theme's blue and orange can be close).
            paint(
              { label: t.class0, data: [], pointRadius: 3, borderWidth: 1, pointStyle: 'circle' },
              { key: 'blue' },
              p,
            ),
            paint(
              { label: t.class1, data: [], pointRadius: 3.5, borderWidth: 1, pointStyle: 'triangle' },
              { key: 'orange' },
              p,
            ),
          ],
        },
        options: {
          parsing: false,
          scales: {
            x: linearAxis('x₁', {
              min: -NETWORK_EXTENT,
              max: NETWORK_EXTENT,
              afterBuildTicks: halves,
              ticks: { autoSkip: false },
            }),
            y: linearAxis('x₂', {
              min: -NETWORK_EXTENT,
              max: NETWORK_EXTENT,
              afterBuildTicks: halves,
              ticks: { autoSkip: false },
            }),
          },
          plugins: { title: { display: true, text: '' }, tooltip: { mode: 'nearest', intersect: true } },
        },
        plugins: [this.mapLayer(layer)],
      },
      p,
    );
    // The legend shows each class's shape too.
    const legend = chart.options.plugins!.legend!;
    legend.labels = { ...legend.labels, usePointStyle: true };
    chart.update('none');
    this.maps.push(chart);
    this.layers.push(layer);
    this.mapBoxes.push(box);
    if (this.data) this.receive(this.data);
  }

  private buildCharts(): void {
    const t = this.t.network;
    const p = this.palette;
    this.maps = [];
    this.layers = [];
    this.mapBoxes = [];
    // Two rows: the maps (square), then the curves side by side.
    this.mapRow = el('div', { class: 'chart-row maps' });
    const curveRow = el('div', { class: 'chart-row' });
    this.chartsEl.append(this.mapRow, curveRow);
    const curveBox = (label: string): HTMLCanvasElement => {
      const c = el('canvas', { role: 'img', 'aria-label': label });
      curveRow.append(el('div', { class: 'chart' }, c));
      return c;
    };
    const curves = (y2: boolean): ChartDataset<'line'>[] =>
      [0, 1].map((k) =>
        paint(
          // One point (epoch 0) is no line: it shows as a dot.
          {
            label: '',
            data: [],
            borderWidth: 2,
            pointRadius: (c: { dataset: { data: unknown[] } }) => (c.dataset.data.length === 1 ? 3 : 0),
            yAxisID: y2 && k === 1 ? 'y2' : 'y',
          },
          { key: k === 0 ? 'purple' : 'green', ...(k === 1 ? { dash: [6, 4] } : {}) },
          p,
        ),
      );
    // Two losses have two scales (MSE of a probability is at most 1, cross-entropy is unbounded): an axis each.
    this.lossChart = makeChart(
      curveBox(t.lossAlt),
      {
        type: 'line',
        data: { datasets: curves(true) },
        options: {
          parsing: false,
          scales: {
            x: linearAxis(t.epoch, { min: 0 }),
            y: linearAxis(t.lossAxis, { min: 0, position: 'left' }),
            y2: linearAxis('', { min: 0, position: 'right', grid: { drawOnChartArea: false } }),
          },
          plugins: { title: { display: true, text: t.lossTitle } },
        },
      },
      p,
    );
    this.metricChart = makeChart(
      curveBox(t.metricAlt),
      {
        type: 'line',
        data: { datasets: curves(false) },
        options: {
          parsing: false,
          scales: { x: linearAxis(t.epoch, { min: 0 }), y: linearAxis(t.accuracy, { min: 0, max: 1 }) },
          plugins: { title: { display: true, text: t.accuracyTitle } },
        },
      },
      p,
    );
    this.chartsBuilt = true;
    this.syncMaps();
  }

  /** Draws the map's image, half a cell past the axes on every side so cell centres sit on grid points, and the boundary. */
  private mapLayer(layer: Layer): Plugin {
    return {
      id: 'lpNetworkMap',
      beforeDatasetsDraw: (chart) => {
        const img = layer.image;
        const d = this.data;
        if (!img || !d) return;
        const { ctx, chartArea: a, scales } = chart;
        const half = d.extent / (d.resolution - 1);
        ctx.save();
        ctx.beginPath();
        ctx.rect(a.left, a.top, a.width, a.height);
        ctx.clip();
        const x0 = scales.x.getPixelForValue(-d.extent - half);
        const x1 = scales.x.getPixelForValue(d.extent + half);
        const y0 = scales.y.getPixelForValue(d.extent + half);
        const y1 = scales.y.getPixelForValue(-d.extent - half);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(img, x0, y0, x1 - x0, y1 - y0);
        ctx.strokeStyle = layer.lineColour;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        for (const ring of layer.rings) {
          ring.forEach(([x, y], k) => {
            const px = scales.x.getPixelForValue(x);
            const py = scales.y.getPixelForValue(y);
            if (k === 0) ctx.moveTo(px, py);
            else ctx.lineTo(px, py);
          });
        }
        ctx.stroke();
        ctx.restore();
      },
    };
  }

  /** The run's map as an image in the theme's colours (class 0 blue, class 1 orange, the boundary where they meet), and its 0.5 contour. */
  private paintMap(run: NetworkRunData, d: NetworkData, layer: Layer): void {
    const G = d.resolution;
    const bg = rgb(this.palette.bg);
    const lo = rgb(this.palette.blue);
    const hi = rgb(this.palette.orange);
    const img = document.createElement('canvas');
    img.width = G;
    img.height = G;
    const ctx = img.getContext('2d')!;
    const pixels = ctx.createImageData(G, G);
    const values = new Array<number>(G * G);
    for (let r = 0; r < G; r++) {
      for (let c = 0; c < G; c++) {
        const v = run.map[r * G + c];
        values[r * G + c] = v ?? 0.5;
        const o = ((G - 1 - r) * G + c) * 4; // row 0 is the lowest x₂: at the bottom
        const s = v === null ? 0 : 2 * v - 1;
        const towards = s > 0 ? hi : lo;
        // Up to 60% of the class colour over the background: the points stay readable on top.
        const a = 0.6 * Math.min(1, Math.abs(s));
        for (let ch = 0; ch < 3; ch++) pixels.data[o + ch] = (1 - a) * bg[ch] + a * towards[ch];
        pixels.data[o + 3] = 255;
      }
    }
    ctx.putImageData(pixels, 0, 0);
    const rings: [number, number][][] = [];
    if (d.task === 'classification' && run.diverged === null) {
      const step = (2 * d.extent) / (G - 1);
      // d3-contour puts grid value (c, r) at the centre of the pixel [c, c+1]×[r, r+1].
      for (const poly of contours().size([G, G]).thresholds([0.5])(values)[0].coordinates)
        for (const ring of poly)
          rings.push(ring.map(([x, y]) => [-d.extent + (x - 0.5) * step, -d.extent + (y - 0.5) * step]));
    }
    layer.image = img;
    layer.rings = rings;
    layer.lineColour = withAlpha(this.palette.fg, 0.8);
  }

  request(): SceneRequest {
    this.fitLosses();
    const { compare, lossB, epochs, pace, ...rest } = this.state;
    return {
      scene: 'network',
      input: {
        ...rest,
        ...(compare ? { lossB } : {}),
        epochs: this.playing ? NETWORK_MAX_EPOCHS : epochs,
        pace: this.playing ? pace : 0,
        resolution: this.playing ? PLAY_RESOLUTION : RESOLUTION,
      },
    };
  }

  private play(): void {
    if (this.state.epochs >= NETWORK_MAX_EPOCHS) this.state.epochs = 0;
    this.playing = true;
    this.showPlaying();
    this.changed();
  }

  /** Stops where the picture is: the host kept that epoch's weights, so the answer comes at once. */
  private pause(): void {
    this.playing = false;
    if (this.data) this.state.epochs = this.data.epoch;
    this.showPlaying();
    this.changed();
  }

  private step(): void {
    const at = this.playing && this.data ? this.data.epoch : this.state.epochs;
    this.playing = false;
    this.state.epochs = Math.min(NETWORK_MAX_EPOCHS, at + 1);
    this.showPlaying();
    this.changed();
  }

  private reset(): void {
    this.playing = false;
    this.state.epochs = 0;
    this.showPlaying();
    this.changed();
  }

  /** The preset's controls, from epoch 0, playing. */
  private preset(): void {
    this.playing = false;
    this.applyView({ ...NETWORK_PRESET, epochs: 0 });
    this.play();
  }

  private showPlaying(): void {
    if (!this.mounted) return;
    this.playButton.textContent = this.playing ? this.t.network.pause : this.t.network.play;
    this.playButton.setAttribute('aria-pressed', String(this.playing));
  }

  protected draw(d: NetworkData): void {
    const t = this.t.network;
    if (this.playing) {
      this.state.epochs = d.epoch;
      this.host.saved();
      if (d.epoch >= NETWORK_MAX_EPOCHS) {
        this.playing = false;
        this.showPlaying();
      }
    }
    const metricName = d.metric === 'accuracy' ? t.accuracy : t.r2;
    const metricText = (v: number | null | undefined): string =>
      v === null || v === undefined ? '—' : d.metric === 'accuracy' ? `${fmt(100 * v, 3)}%` : fmt(v, 3);
    const title = (id: NetworkLossId): string => this.host.formula(id)?.title ?? id;
    d.runs.forEach((run, k) => {
      const chart = this.maps[k];
      const layer = this.layers[k];
      // An answer for two losses while one is shown (the second just switched off): its map is gone.
      if (!chart) return;
      this.paintMap(run, d, layer);
      this.plotPoints(chart, d);
      const metric = run.metrics.at(-1);
      chart.options.plugins!.title!.text =
        run.diverged !== null
          ? [title(run.loss), t.diverged(String(run.diverged))]
          : t.mapTitle(title(run.loss), `${metricName} ${metricText(metric)}`);
      chart.canvas.setAttribute('aria-label', t.mapAlt(title(run.loss)));
      chart.update('none');
    });
    const xy = (ys: (number | null)[]) => ys.map((y, j) => ({ x: d.curveEpochs[j], y }));
    for (const [chart, pick] of [
      [this.lossChart, (r: NetworkRunData) => r.losses],
      [this.metricChart, (r: NetworkRunData) => r.metrics],
    ] as const) {
      chart.data.datasets.forEach((ds, k) => {
        const run = d.runs[k];
        ds.hidden = !run;
        ds.label = run ? title(run.loss) : '';
        setData(ds, run ? xy(pick(run)) : []);
      });
      chart.options.scales!.x!.max = Math.max(10, d.epoch);
    }
    const lossAxes = this.lossChart.options.scales as Record<string, { display?: boolean; title?: { text?: string } }>;
    lossAxes.y2.display = d.runs.length > 1;
    lossAxes.y.title!.text = d.runs.length > 1 ? title(d.runs[0].loss) : t.lossAxis;
    lossAxes.y2.title!.text = d.runs.length > 1 ? title(d.runs[1].loss) : '';
    this.metricChart.options.plugins!.title!.text = d.metric === 'accuracy' ? t.accuracyTitle : t.r2Title;
    const y = this.metricChart.options.scales!.y as { min?: number; max?: number; title?: { text?: string } };
    y.min = d.metric === 'accuracy' ? 0 : -1;
    y.max = 1;
    if (y.title) y.title.text = metricName;
    this.lossChart.update('none');
    this.metricChart.update('none');
    this.epochEl.textContent = `${t.status(String(d.epoch), String(d.target), String(d.steps), String(d.stepsPerEpoch))}${d.stepsPerSecond > 0 ? ` · ${t.speed(fmt(d.stepsPerSecond, 3))}` : ''}`;
    this.epochEl.dataset.epoch = String(d.epoch);
    // Only where a training stops (a pause, a step, the end of a play or of a recomputation): the line is read out.
    if (d.epoch === d.target) {
      const runs = d.runs.map((r) =>
        r.diverged !== null
          ? `${title(r.loss)}: ${t.diverged(String(r.diverged))}`
          : t.summary(title(r.loss), `${metricName} ${metricText(r.metrics.at(-1))}`, fmt(r.losses.at(-1) ?? NaN, 3)),
      );
      this.resultEl.textContent = t.result(String(d.epoch), runs.join(t.and));
      this.resultEl.dataset.metrics = d.runs.map((r) => (r.metrics.at(-1) ?? NaN).toFixed(2)).join(',');
    }
  }

  /** The data on a map: two classes in their colours, or targets on the map's own scale. */
  private plotPoints(chart: AnyChart, d: NetworkData): void {
    const [c0, c1] = chart.data.datasets;
    const p = this.palette;
    const edge = withAlpha(p.fg, 0.7);
    if (d.task === 'classification') {
      setData(
        c0,
        d.points.filter((q) => q.label === 0).map((q) => ({ x: q.x, y: q.y })),
      );
      setData(
        c1,
        d.points.filter((q) => q.label === 1).map((q) => ({ x: q.x, y: q.y })),
      );
      for (const [ds, key] of [
        [c0, 'blue'],
        [c1, 'orange'],
      ] as [typeof c0, ColourKey][]) {
        paint(ds, { key }, p);
        (ds as unknown as Record<string, unknown>).pointBorderColor = edge;
        ds.hidden = false;
      }
      c0.label = this.t.network.class0;
      return;
    }
    // Regression: each point coloured by its target on the map's scale, so a good fit hides it.
    const [lo, hi] = d.range;
    const blue = rgb(p.blue);
    const orange = rgb(p.orange);
    const bg = rgb(p.bg);
    const colour = (v: number): string => {
      const s = Math.max(-1, Math.min(1, (2 * (v - lo)) / (hi - lo) - 1));
      const towards = s > 0 ? orange : blue;
      const a = Math.abs(s);
      const ch = (k: number) => Math.round((1 - a) * bg[k] + a * towards[k]);
      return `rgb(${ch(0)}, ${ch(1)}, ${ch(2)})`;
    };
    setData(
      c0,
      d.points.map((q) => ({ x: q.x, y: q.y })),
    );
    const r = c0 as unknown as Record<string, unknown>;
    r.pointBackgroundColor = d.points.map((q) => colour(q.label));
    r.pointBorderColor = edge;
    c0.label = this.t.network.points;
    c1.hidden = true;
    setData(c1, []);
  }

  override retheme(): void {
    super.retheme();
    if (this.data) this.receive(this.data);
  }

  override applyView(view: object): void {
    this.playing = false;
    super.applyView(view);
  }

  override destroy(): void {
    super.destroy();
    this.chartsBuilt = false;
    this.maps = [];
    this.layers = [];
    this.mapBoxes = [];
  }

  /** `lossPlayground.open` with a loss: shown, when it trains a network on this data set. */
  protected override focus(f: Focus): string[] {
    const id = f.loss as NetworkLossId | undefined;
    if (id && lossesFor(this.task).includes(id)) {
      this.state.loss = id;
      this.lossSelect.set(id);
      this.showLossControls();
      this.renderFormulas();
    }
    return [];
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.network;
    const title = (id: NetworkLossId): string => this.host.formula(id)?.title ?? id;
    const metric = d?.metric === 'r2' ? t.r2 : t.accuracy;
    const runs = d?.runs ?? [];
    return {
      caption: t.tableCaption,
      head: [t.epoch, ...runs.flatMap((r) => [`${title(r.loss)}: ${t.loss}`, `${title(r.loss)}: ${metric}`])],
      rows: d
        ? d.curveEpochs.map((e, j) => [e, ...runs.flatMap((r) => [r.losses[j] ?? NaN, r.metrics[j] ?? NaN])])
        : [],
    };
  }
}
