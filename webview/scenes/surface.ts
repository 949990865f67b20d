/**
 * Scene 5: the loss over (w, b) as a heat map with contour lines (d3-contour), the gradient-descent
 * path from a draggable start, its minimum, and the fitted line beside it; under a penalty on w
 * (./surfacePenalty), with the two 1-D slices through the current point (./surfaceSlices). In the
 * 3-D view the surface is also drawn in three dimensions beside the heat map, by ../surface3d,
 * whose code (three.js) loads only then.
 */
import type { Plugin } from 'chart.js';
import { contours } from 'd3-contour';
import {
  FORMULA_LABELS,
  SURFACE_LOSSES,
  SURFACE_PENALTIES,
  type Focus,
  type FormulaLabels,
  type SceneRequest,
  type SurfaceData,
  type SurfaceLossId,
  type SurfacePenaltyId,
  type SurfaceView,
} from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, type AnyChart } from '../charts';
import { paint, Scene } from '../scene';
import { rgb, withAlpha } from '../theme';
import { button, checkbox, el, nextId, renderTable, select, type TableData } from '../ui';
import type { Surface3dView } from '../surface3d';
import { objectiveTex, RegPathChart } from './surfacePenalty';
import { SurfaceSlices } from './surfaceSlices';

type State = SurfaceView;
type Knob = { [K in keyof State]-?: State[K] extends number ? K : never }[keyof State];

const W: [number, number] = [-2, 5];
const B: [number, number] = [-3, 4];
/** The λ slider's end; the host allows up to 10 (a link may ask for more, and is told). */
const LAMBDA_SLIDER = 5;

const isClassifier = (loss: SurfaceLossId): boolean => loss === 'logistic_regression' || loss === 'logistic_mse';

/** What the heat-map plugin draws under the datasets: the image and the contour rings. */
type Layer = { image: HTMLCanvasElement | null; rings: [number, number][][]; lineColour: string };

export class SurfaceScene extends Scene<State, SurfaceData> {
  readonly id = 'surface';
  override readonly staged = true;
  private heat!: AnyChart;
  private fit!: AnyChart;
  private layer: Layer = { image: null, rings: [], lineColour: '#888' };
  private startKnobs!: { w: { set(v: number): void }; b: { set(v: number): void } };
  private timingEl!: HTMLElement;
  private deltaRow!: HTMLElement;
  private deltaSlider!: { root: HTMLElement; input: HTMLInputElement; set(v: number): void };
  private paintedKey = '';
  private lossSelect!: { set(v: string): void };
  /** The formula's text field and data labels, shown for the loss `formula` only. */
  private formulaRow!: HTMLElement;
  private lambdaRow!: HTMLElement;
  private notesEl!: HTMLElement;
  private optimumEl!: HTMLElement;
  private slices!: SurfaceSlices;
  private regPath!: RegPathChart;
  /** The last slices and path the host sent: a coarse stage leaves them out, and they stay drawn. */
  private shown: Pick<SurfaceData, 'slices' | 'regPath' | 'optimum'> = {};
  /** Where the 3-D view goes, and the view once its code is here. */
  private box3d!: HTMLElement;
  private view3d: Surface3dView | undefined;

  defaults(): State {
    return {
      loss: 'mse',
      delta: 1,
      seed: 1,
      n: 200,
      noise: 1,
      startW: -1.5,
      startB: 3.5,
      eta: 0.1,
      steps: 60,
      penalty: 'none',
      lambda: 0.1,
      view: '2d',
      f: 'abs(e)^1.5',
      labels: 'real',
    };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.surface.title, lines: this.t.surface.lines };
  }

  formulas(): (string | { tex: string; label?: string })[] {
    const loss = this.state.loss;
    const [j, ...grads] = objectiveTex(loss, this.state.penalty);
    const objective = [{ tex: j, label: this.t.surface.objective }, ...grads.map((g) => ({ tex: g }))];
    // A formula is no catalog loss: its own TeX is the formula scene's.
    if (loss === 'formula') return objective;
    return [...objective, loss === 'logistic_regression' ? 'bce_with_logits' : loss === 'logistic_mse' ? 'mse' : loss];
  }

  /** A link carries the formula only when it is the loss shown. */
  protected override linkView(): object {
    const { f, labels, ...rest } = this.state;
    return this.state.loss === 'formula' ? { ...rest, f, labels } : rest;
  }

  protected build(): void {
    const t = this.t.surface;
    const knob = (k: Knob, label: string, min: number, max: number, step: number, digits = 3) =>
      this.stateSlider({ label, min, max, step, value: this.state[k], digits }, (state, v) => (state[k] = v));
    const lossSel = select(
      t.loss,
      SURFACE_LOSSES.map((id) => ({ value: id, label: t.losses[id] })),
      this.state.loss,
      (v, at) => {
        this.state.loss = v as SurfaceLossId;
        this.deltaRow.hidden = this.state.loss !== 'huber';
        this.formulaRow.hidden = this.state.loss !== 'formula';
        this.renderFormulas();
        this.changed(at);
      },
    );
    this.lossSelect = lossSel;
    const fId = nextId('surface-f');
    const fInput = el('input', {
      type: 'text',
      id: fId,
      class: 'formula-input',
      spellcheck: 'false',
      autocomplete: 'off',
      'data-role': 'surface-formula',
    });
    fInput.value = this.state.f ?? '';
    fInput.addEventListener('input', (e) => {
      this.state.f = fInput.value;
      this.changed(e.timeStamp);
    });
    const labelSel = select(
      t.labels,
      FORMULA_LABELS.map((id) => ({ value: id, label: t.labelNames[id] })),
      this.state.labels ?? 'real',
      (v, at) => {
        this.state.labels = v as FormulaLabels;
        this.changed(at);
      },
    );
    this.formulaRow = el(
      'div',
      { class: 'control-row' },
      el('div', { class: 'control' }, el('label', { for: fId, text: t.formulaF }), fInput),
      labelSel.root,
    );
    this.formulaRow.hidden = this.state.loss !== 'formula';
    const penaltySel = select(
      t.penalty,
      SURFACE_PENALTIES.map((id) => ({ value: id, label: t.penalties[id] })),
      this.state.penalty,
      (v, at) => {
        this.state.penalty = v as SurfacePenaltyId;
        this.lambdaRow.hidden = this.state.penalty === 'none';
        this.renderFormulas();
        this.changed(at);
      },
    );
    penaltySel.root.setAttribute('data-role', 'surface-penalty');
    this.lambdaRow = knob('lambda', t.lambda, 0, LAMBDA_SLIDER, 0.01).root;
    this.lambdaRow.setAttribute('data-role', 'surface-lambda');
    this.lambdaRow.hidden = this.state.penalty === 'none';
    this.notesEl = el('div', { class: 'hint', 'data-role': 'surface-notes', 'aria-live': 'polite' });
    this.optimumEl = el('p', { class: 'result', 'data-role': 'surface-optimum' });
    const sw = knob('startW', t.startW, W[0], W[1], 0.05);
    const sb = knob('startB', t.startB, B[0], B[1], 0.05);
    this.startKnobs = { w: sw, b: sb };
    this.deltaSlider = knob('delta', t.delta, 0.1, 3, 0.05);
    this.deltaRow = this.deltaSlider.root;
    this.deltaRow.hidden = this.state.loss !== 'huber';
    this.timingEl = el('p', { class: 'hint', 'data-role': 'surface-timing' });
    this.controls.append(
      el(
        'div',
        { class: 'control-row' },
        lossSel.root,
        this.deltaRow,
        knob('seed', t.seed, 0, 99, 1, 2).root,
        knob('n', t.n, 10, 1000, 10, 4).root,
        knob('noise', t.noise, 0, 3, 0.05).root,
      ),
      this.formulaRow,
      el(
        'div',
        { class: 'control-row' },
        knob('eta', t.eta, 0.005, 1, 0.005).root,
        knob('steps', t.steps, 0, 300, 1, 3).root,
        sw.root,
        sb.root,
      ),
      el('div', { class: 'control-row' }, penaltySel.root, this.lambdaRow),
      el('p', { class: 'hint', text: t.dragHint }),
      this.optimumEl,
      this.notesEl,
      this.timingEl,
    );
    const p = this.palette;
    const heatLayer: Plugin = {
      id: 'lpHeat',
      beforeDatasetsDraw: (chart) => {
        const { ctx, chartArea: a, scales } = chart;
        const img = this.layer.image;
        if (!img) return;
        ctx.save();
        ctx.beginPath();
        ctx.rect(a.left, a.top, a.width, a.height);
        ctx.clip();
        const x0 = scales.x.getPixelForValue(W[0]);
        const x1 = scales.x.getPixelForValue(W[1]);
        const y0 = scales.y.getPixelForValue(B[1]);
        const y1 = scales.y.getPixelForValue(B[0]);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(img, x0, y0, x1 - x0, y1 - y0);
        ctx.strokeStyle = this.layer.lineColour;
        ctx.lineWidth = 1;
        ctx.beginPath();
        for (const ring of this.layer.rings) {
          ring.forEach(([w, b], k) => {
            const px = scales.x.getPixelForValue(w);
            const py = scales.y.getPixelForValue(b);
            if (k === 0) ctx.moveTo(px, py);
            else ctx.lineTo(px, py);
          });
        }
        ctx.stroke();
        ctx.restore();
      },
    };
    this.heat = makeChart(
      this.canvas(t.heatAlt),
      {
        type: 'scatter',
        data: {
          datasets: [
            paint({ label: t.path, data: [], showLine: true, borderWidth: 2, pointRadius: 1.5 }, { key: 'red' }, p),
            paint(
              { label: t.start, data: [], pointRadius: 7, pointHoverRadius: 9, pointStyle: 'circle' },
              { key: 'fg' },
              p,
            ),
            paint(
              { label: t.optimum, data: [], pointRadius: 9, pointHoverRadius: 11, pointStyle: 'star', borderWidth: 2 },
              { key: 'green' },
              p,
            ),
          ],
        },
        options: {
          parsing: false,
          scales: { x: linearAxis('w', { min: W[0], max: W[1] }), y: linearAxis('b', { min: B[0], max: B[1] }) },
          plugins: { title: { display: true, text: t.title }, tooltip: { mode: 'nearest', intersect: true } },
        },
        plugins: [heatLayer],
      },
      p,
    );
    this.fit = makeChart(
      this.canvas(t.fitAlt),
      {
        type: 'scatter',
        data: {
          datasets: [
            paint({ label: t.data, data: [], pointRadius: 2.5 }, { key: 'blue', fill: 0.6 }, p),
            paint({ label: t.fit, data: [], showLine: true, pointRadius: 0, borderWidth: 2 }, { key: 'red' }, p),
          ],
        },
        options: {
          parsing: false,
          scales: { x: linearAxis('x', { min: -2, max: 2 }), y: linearAxis('y') },
          plugins: { title: { display: true, text: '' } },
        },
      },
      p,
    );
    // The small charts in a grid of their own under the two large ones (inside theirs, a row
    // spanning it would add a third column and narrow the heat map).
    const group = el('div', { class: 'charts chart-group' });
    this.chartsEl.after(group);
    const small = (label: string): HTMLCanvasElement => {
      const c = el('canvas', { role: 'img', 'aria-label': label });
      group.append(el('div', { class: 'chart small' }, c));
      return c;
    };
    this.slices = new SurfaceSlices(small, t, p, W, B);
    this.regPath = new RegPathChart(small(t.pathAlt), t, p);
    this.charts = [this.heat, this.fit, ...this.slices.charts, this.regPath.chart];
    this.enableDrag();
    this.notes(this.shown.optimum);
    this.build3d();
  }

  /** The 3-D view's switch, and its place between the heat map and the fit. */
  private build3d(): void {
    const toggle = checkbox(this.t.surface.view3d.toggle, this.state.view === '3d', (on) => {
      this.state.view = on ? '3d' : '2d';
      this.host.saved();
      this.show3d();
    });
    toggle.root.dataset.role = 'surface-view-3d';
    this.controls.append(el('div', { class: 'control-row' }, toggle.root));
    this.box3d = el('div', { class: 'surface-3d', 'data-role': 'surface-3d-box' });
    this.heat.canvas.parentElement!.after(this.box3d);
    this.show3d();
  }

  /** Shows or hides the 3-D view; its code is fetched the first time it shows. */
  private show3d(): void {
    const on = this.state.view === '3d';
    this.box3d.hidden = !on;
    if (!on) {
      this.view3d?.dispose();
      this.view3d = undefined;
      return;
    }
    if (this.view3d || this.box3d.childElementCount) return;
    const box = this.box3d;
    const t = this.t.surface.view3d;
    box.append(el('p', { class: 'hint', text: t.loading }));
    const requestedAt = performance.now();
    import('../surface3d').then(
      ({ Surface3dView }) => {
        // Switched off, or the controls built again, while the code was on its way.
        if (box !== this.box3d || this.state.view !== '3d') return box.replaceChildren();
        this.host.measured('surface3dLoadMs', performance.now() - requestedAt);
        const kit = { el, button, nextId, renderTable, fmt, rgb };
        this.view3d = new Surface3dView(box, t, this.palette, {
          kit,
          requestedAt,
          firstDraw: (ms) => this.host.measured('surface3dFirstDrawMs', ms),
        });
        if (this.data) this.view3d.show(this.data, this.palette, this.shown.optimum);
      },
      (e: unknown) =>
        box.replaceChildren(
          el('p', { class: 'message-3d', role: 'alert', text: t.failed(e instanceof Error ? e.message : String(e)) }),
        ),
    );
  }

  override destroy(): void {
    this.view3d?.dispose();
    this.view3d = undefined;
    super.destroy();
  }

  /** Drag the start point on the heat map (pointer events; the sliders do the same by keyboard). */
  private enableDrag(): void {
    const canvas = this.heat.canvas;
    let dragging = false;
    const valueAt = (e: PointerEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      const x = this.heat.scales.x.getValueForPixel(e.clientX - r.left) ?? 0;
      const y = this.heat.scales.y.getValueForPixel(e.clientY - r.top) ?? 0;
      return [Math.min(W[1], Math.max(W[0], x)), Math.min(B[1], Math.max(B[0], y))];
    };
    const move = (e: PointerEvent): void => {
      const [w, b] = valueAt(e);
      this.state.startW = Number(w.toFixed(3));
      this.state.startB = Number(b.toFixed(3));
      this.startKnobs.w.set(this.state.startW);
      this.startKnobs.b.set(this.state.startB);
      this.changed(e.timeStamp);
    };
    canvas.addEventListener('pointerdown', (e) => {
      const a = this.heat.chartArea;
      const r = canvas.getBoundingClientRect();
      const x = e.clientX - r.left;
      const y = e.clientY - r.top;
      if (x < a.left || x > a.right || y < a.top || y > a.bottom) return;
      dragging = true;
      canvas.setPointerCapture(e.pointerId);
      move(e);
    });
    canvas.addEventListener('pointermove', (e) => dragging && move(e));
    canvas.addEventListener('pointerup', () => (dragging = false));
    canvas.addEventListener('pointercancel', () => (dragging = false));
  }

  request(): SceneRequest {
    const s = this.state;
    return {
      scene: 'surface',
      input: {
        loss: s.loss,
        delta: s.delta,
        seed: s.seed,
        n: s.n,
        noise: s.noise,
        start: [s.startW, s.startB],
        eta: s.eta,
        steps: s.steps,
        // A formula has no fast method (its evaluator runs at every sample and cell): half the
        // grid's steps, a quarter of the work; the heat map is smoothed as it is drawn.
        resolution: s.loss === 'formula' ? 101 : 201,
        penalty: s.penalty,
        lambda: s.lambda,
        ...(s.loss === 'formula' ? { f: s.f ?? '', labels: s.labels ?? 'real' } : {}),
      },
    };
  }

  /** Heat-map image (log scale) and contour rings from the grid. */
  private paintSurface(d: SurfaceData): void {
    const nw = d.w.length;
    const nb = d.b.length;
    const logz = d.z.map((v) => Math.log(Math.max(v, 1e-12)));
    let lo = Infinity,
      hi = -Infinity;
    for (const v of logz) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const span = hi - lo || 1;
    const stops = [
      rgb(this.palette.blue),
      rgb(this.palette.green),
      rgb(this.palette.yellow),
      rgb(this.palette.orange),
      rgb(this.palette.red),
    ];
    const bg = rgb(this.palette.bg);
    const img = document.createElement('canvas');
    img.width = nw;
    img.height = nb;
    const ctx = img.getContext('2d')!;
    const data = ctx.createImageData(nw, nb);
    for (let r = 0; r < nb; r++) {
      for (let c = 0; c < nw; c++) {
        const v = logz[r * nw + c];
        const o = ((nb - 1 - r) * nw + c) * 4; // row 0 is the lowest b: draw it at the bottom
        const tt = Number.isFinite(v) ? (v - lo) / span : 0;
        const f = tt * (stops.length - 1);
        const k = Math.min(stops.length - 2, Math.floor(f));
        const u = f - k;
        // Blend with the background at 45% so the contours and the path stay readable on top.
        for (let ch = 0; ch < 3; ch++)
          data.data[o + ch] = 0.55 * (stops[k][ch] * (1 - u) + stops[k + 1][ch] * u) + 0.45 * bg[ch];
        data.data[o + 3] = 255;
      }
    }
    ctx.putImageData(data, 0, 0);
    const levels = Array.from({ length: 12 }, (_, k) => lo + (span * (k + 0.5)) / 12);
    const polys = contours().size([nw, nb]).thresholds(levels)(logz);
    const dw = (d.w[nw - 1] - d.w[0]) / (nw - 1);
    const db = (d.b[nb - 1] - d.b[0]) / (nb - 1);
    const rings: [number, number][][] = [];
    // d3-contour puts grid value (c, r) at the centre of the pixel [c, c+1]×[r, r+1].
    for (const mp of polys)
      for (const poly of mp.coordinates)
        for (const ring of poly) rings.push(ring.map(([x, y]) => [d.w[0] + (x - 0.5) * dw, d.b[0] + (y - 0.5) * db]));
    this.layer = { image: img, rings, lineColour: withAlpha(this.palette.fg, 0.55) };
  }

  protected draw(d: SurfaceData): void {
    const t = this.t.surface;
    // Dragging the start changes only the path: repaint the surface only when it is a new one.
    const key = `${d.surfaceKey}|${d.stage}|${this.palette.bg}|${this.palette.blue}`;
    if (key !== this.paintedKey) {
      this.paintSurface(d);
      this.paintedKey = key;
    }
    // A coarse stage leaves out what costs as much as its grid: what was drawn stays until it comes.
    this.shown = {
      slices: d.slices ?? this.shown.slices,
      regPath: d.regPath ?? this.shown.regPath,
      optimum: d.optimum !== undefined ? d.optimum : this.shown.optimum,
    };
    const { slices, regPath, optimum } = this.shown;
    const penalised = this.state.penalty !== 'none' && this.state.lambda > 0;
    const [path, start, best] = this.heat.data.datasets;
    setData(
      path,
      d.path.map(([x, y]) => ({ x, y })),
    );
    setData(start, [{ x: this.state.startW, y: this.state.startB }]);
    setData(best, optimum ? [{ x: optimum.w, y: optimum.b }] : []);
    const penaltyText = penalised ? ` + ${t.penalties[this.state.penalty]}, λ = ${fmt(this.state.lambda, 3)}` : '';
    this.heat.options.plugins!.title!.text = `${t.losses[this.state.loss]}${penaltyText} · ${t.path}: ${d.path.length - 1}`;
    this.heat.update('none');
    if (slices) this.slices.draw(slices, d.fit.loss);
    if (regPath) this.regPath.draw(regPath, penalised && optimum ? { lambda: this.state.lambda, w: optimum.w } : null);
    this.notes(optimum);
    const [pts, line] = this.fit.data.datasets;
    setData(
      pts,
      d.points.map((p) => ({ x: p.x, y: p.y })),
    );
    const f = d.fit;
    const xs = Array.from({ length: 41 }, (_, k) => -2 + k * 0.1);
    const classifier = isClassifier(this.state.loss);
    const yOf = (x: number): number => (classifier ? 1 / (1 + Math.exp(-(f.w * x + f.b))) : f.w * x + f.b);
    setData(
      line,
      xs.map((x) => ({ x, y: yOf(x) })),
    );
    this.fit.options.plugins!.title!.text = t.fitTitle(fmt(f.w, 3), fmt(f.b, 3), fmt(f.loss, 4));
    this.fit.options.scales!.y!.min = classifier ? -0.1 : undefined;
    this.fit.options.scales!.y!.max = classifier ? 1.1 : undefined;
    this.fit.update('none');
    this.timingEl.textContent = t.timing(d.stage === 'coarse' ? t.coarse : t.fine, d.millis.toFixed(1));
    this.view3d?.show(d, this.palette, optimum);
    this.host.measured(d.stage === 'coarse' ? 'surfaceFirstMs' : 'surfaceFullMs', d.millis);
  }

  /** The sentences under the controls: where the minimum is, what the penalty and the loss shown do. */
  private notes(optimum: SurfaceData['optimum']): void {
    const t = this.t.surface;
    // Its numbers as data too, as the other scenes' results have them (for tests and for reading).
    this.optimumEl.textContent = optimum ? t.optimumAt(fmt(optimum.w, 4), fmt(optimum.b, 4), fmt(optimum.loss, 4)) : '';
    this.optimumEl.dataset.w = optimum ? String(optimum.w) : '';
    this.optimumEl.dataset.b = optimum ? String(optimum.b) : '';
    const lines: [string, string][] = [];
    // The host finds no minimum when its fit runs out of steps; the note's reason (classes a
    // threshold separates) is a classifier's, which a formula on labels may be.
    const labelled = isClassifier(this.state.loss) || (this.state.loss === 'formula' && this.state.labels !== 'real');
    if (optimum === null && labelled) lines.push(['no-minimum', t.noMinimum]);
    if (isClassifier(this.state.loss)) lines.push(['convexity', t.convexityNote]);
    if (this.state.penalty !== 'none') lines.push(['bias', t.biasNote]);
    if (this.state.penalty === 'l1') lines.push(['l1', t.l1Note]);
    this.notesEl.replaceChildren(...lines.map(([note, text]) => el('p', { 'data-note': note, text })));
  }

  override retheme(): void {
    super.retheme();
    if (this.data) this.receive(this.data);
  }

  protected override focus(f: Focus): string[] {
    const loss = f.loss === 'bce_with_logits' || f.loss === 'logistic' ? 'logistic_regression' : f.loss;
    if (loss !== 'mse' && loss !== 'l1' && loss !== 'huber' && loss !== 'logistic_regression') return [];
    this.state.loss = loss;
    this.lossSelect.set(loss);
    this.deltaRow.hidden = loss !== 'huber';
    const notes: string[] = [];
    if (loss === 'huber' && typeof f.params?.delta === 'number')
      this.state.delta = this.fromLink('δ', f.params.delta, this.deltaSlider, notes);
    this.renderFormulas();
    return notes;
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.surface;
    const { slices, regPath } = this.shown;
    return {
      caption: `${t.title}: ${t.path}`,
      head: ['step', 'w', 'b'],
      rows: d ? d.path.map(([w, b], k) => [k, w, b]) : [],
      more: [...(slices ? [this.slices.table(slices)] : []), ...(regPath ? [this.regPath.table(regPath)] : [])],
    };
  }
}
