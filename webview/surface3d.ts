/**
 * The surface scene's 3-D view: the loss over (w, b) as a surface to turn (three.js, WebGL 2), the
 * gradient-descent path on it and its minimum marked, coloured from the theme as the heat
 * map is. A chunk of its own that the surface scene imports only when the 3-D view opens
 * (scripts/build.mjs keeps three.js's shaders to the one this view uses).
 *
 * Turned by dragging, or by the keyboard when it has focus (./orbit); its numbers are also a table
 * (the surface at 11 × 11 points). Without WebGL 2 (no GPU and no software rendering) it says so
 * where it would be, and the heat map beside it still shows the surface.
 */
import { PerspectiveCamera } from 'three/src/cameras/PerspectiveCamera.js';
import { DoubleSide, LinearSRGBColorSpace } from 'three/src/constants.js';
import { BufferAttribute } from 'three/src/core/BufferAttribute.js';
import { BufferGeometry } from 'three/src/core/BufferGeometry.js';
import { LineBasicMaterial } from 'three/src/materials/LineBasicMaterial.js';
import { MeshBasicMaterial } from 'three/src/materials/MeshBasicMaterial.js';
import { Color } from 'three/src/math/Color.js';
import { ColorManagement } from 'three/src/math/ColorManagement.js';
import { Vector2 } from 'three/src/math/Vector2.js';
import { Vector3 } from 'three/src/math/Vector3.js';
import { LineSegments } from 'three/src/objects/LineSegments.js';
import { Mesh } from 'three/src/objects/Mesh.js';
import { WebGLRenderer } from 'three/src/renderers/WebGLRenderer.js';
import { Scene } from 'three/src/scenes/Scene.js';
import type { LineFit, SurfaceData } from '../src/protocol';
import type { fmt } from './charts';
import type { Strings } from './i18n';
import { eye, orbitByDrag, orbitByKey, ORBIT_HOME, standOff, type Orbit } from './orbit';
import {
  HEIGHT,
  boxEdges,
  gridLines,
  octahedron,
  onSurface,
  pathSegments,
  ribbon,
  sampleTable,
  surfaceMesh,
  type Grid,
  type SurfaceMesh,
} from './surfaceMesh';
import type { Palette, rgb } from './theme';
import type { button, el, nextId, renderTable, TableData } from './ui';

// Theme colours are meant as they are: no conversion from sRGB on the way in or out.
ColorManagement.enabled = false;

type Texts = Strings['surface']['view3d'];
/** The point the camera turns around: the box's middle, a little low, which leaves room for the labels at the near corner. */
const TARGET: [number, number, number] = [0, HEIGHT * 0.35, 0];

/** What the view draws, each one object whose geometry is replaced as data comes. */
type Parts = {
  surface: Mesh<BufferGeometry, MeshBasicMaterial>;
  grid: Lines;
  box: Lines;
  path: Marker;
  start: Marker;
  minimum: Marker;
};
type Lines = LineSegments<BufferGeometry, LineBasicMaterial>;
type Marker = Mesh<BufferGeometry, MeshBasicMaterial>;
/** The words on the picture: the axes, their ends, the minimum. */
type LabelKey = 'w' | 'b' | 'j' | 'w0' | 'w1' | 'b0' | 'b1' | 'min' | 'start';

/**
 * The page's helpers, handed over by the scene rather than imported: esbuild puts a module in a
 * chunk by the set of entry points that reach it, so an import of them here would split the
 * page's shared chunks (more files before the first chart) for the sake of this one.
 */
type PageKit = {
  el: typeof el;
  button: typeof button;
  nextId: typeof nextId;
  renderTable: typeof renderTable;
  fmt: typeof fmt;
  rgb: typeof rgb;
};

type Surface3dOptions = {
  kit: PageKit;
  /** When the scene asked for this view's code (performance.now()), for the first-draw time. */
  requestedAt: number;
  /** The first picture with data is on the screen: ms since `requestedAt`. */
  firstDraw(ms: number): void;
};

export class Surface3dView {
  private canvas: HTMLCanvasElement;
  private readonly message: HTMLElement;
  private readonly status: HTMLElement;
  private readonly labels: Record<LabelKey, HTMLElement>;
  private readonly tableEl: HTMLElement;
  private tableShown = false;
  private renderer: WebGLRenderer | undefined;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(35, 1, 0.1, 80);
  private parts: Parts | undefined;
  private orbit: Orbit = ORBIT_HOME;
  private grid: Grid | undefined;
  private mesh: SurfaceMesh | undefined;
  private meshKey = '';
  private palette: Palette;
  /** Where the path starts on the surface, for its label; undefined off the grid. */
  private startAt: number[] | undefined;
  /** The minimum marked, and J there. */
  private least: { at: readonly number[]; j: number } | undefined;
  private drawnOnce = false;
  private frame = 0;
  private readonly resize: ResizeObserver;

  constructor(
    private readonly root: HTMLElement,
    private readonly t: Texts,
    palette: Palette,
    private readonly options: Surface3dOptions,
  ) {
    this.palette = palette;
    const { el, button, nextId, renderTable } = options.kit;
    const hintId = nextId('hint3d');
    this.canvas = el('canvas', {
      tabindex: '0',
      role: 'application',
      'aria-label': t.label,
      'aria-describedby': hintId,
      'data-role': 'surface-3d',
    });
    this.message = el('p', { class: 'message-3d', role: 'alert', hidden: '' });
    const label = (text: string, cls = ''): HTMLElement => el('span', { class: `label-3d ${cls}`, text });
    this.labels = {
      w: label('w', 'axis'),
      b: label('b', 'axis'),
      j: label(t.axisJ, 'axis'),
      w0: label(''),
      w1: label(''),
      b0: label(''),
      b1: label(''),
      min: label(t.minimum, 'min'),
      start: label(t.start, 'start'),
    };
    const box = el(
      'div',
      { class: 'chart chart-3d' },
      this.canvas,
      el('div', { class: 'labels-3d', 'aria-hidden': 'true' }, ...Object.values(this.labels)),
      this.message,
    );
    this.status = el('p', { class: 'hint', role: 'status', 'data-role': 'surface-3d-orientation' });
    this.tableEl = el('div', { class: 'table', id: nextId('table3d'), hidden: '' });
    const toggle = button(t.showTable, () => {
      this.tableShown = !this.tableShown;
      this.tableEl.hidden = !this.tableShown;
      toggle.textContent = this.tableShown ? t.hideTable : t.showTable;
      toggle.setAttribute('aria-expanded', String(this.tableShown));
      if (this.tableShown) renderTable(this.tableEl, this.table(), 20);
    });
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', this.tableEl.id);
    root.replaceChildren(
      box,
      el('p', { class: 'hint', id: hintId, text: t.hint }),
      this.status,
      el('div', { class: 'toolbar' }, toggle),
      this.tableEl,
    );
    this.resize = new ResizeObserver(() => this.render());
    this.start(box);
  }

  /** WebGL 2 and three.js's renderer on the canvas, or the reason there is none, said in the view. */
  private start(box: HTMLElement): void {
    const gl = this.context();
    if (!gl) return this.fail(this.t.noWebgl);
    try {
      this.renderer = new WebGLRenderer({ canvas: this.canvas, context: gl });
    } catch (e) {
      return this.fail(this.t.failed(e instanceof Error ? e.message : String(e)));
    }
    this.renderer.outputColorSpace = LinearSRGBColorSpace;
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      this.message.textContent = this.t.lost;
      this.message.hidden = false;
    });
    this.canvas.addEventListener('webglcontextrestored', () => {
      this.message.hidden = true;
      this.render();
    });
    this.parts = this.buildParts();
    this.listen();
    this.resize.observe(box);
    this.say();
  }

  /**
   * A WebGL 2 context for the canvas, antialiased unless the browser draws on the CPU (SwiftShader
   * or llvmpipe: no GPU, or it is turned off), where antialiasing made every picture about three
   * times slower (bench/surface3d.bench.ts). A canvas keeps its first context's attributes, so then
   * a fresh canvas takes its place. The drawing buffer is kept, so the picture can be read back.
   */
  private context(): WebGL2RenderingContext | null {
    const attributes = { alpha: false, preserveDrawingBuffer: true };
    const gl = this.canvas.getContext('webgl2', { ...attributes, antialias: true });
    if (!gl || !drawsOnCpu(gl)) return gl;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    const fresh = this.canvas.cloneNode() as HTMLCanvasElement;
    this.canvas.replaceWith(fresh);
    this.canvas = fresh;
    return fresh.getContext('webgl2', { ...attributes, antialias: false });
  }

  private fail(message: string): void {
    this.canvas.remove();
    for (const l of Object.values(this.labels)) l.hidden = true;
    this.message.textContent = message;
    this.message.hidden = false;
  }

  private buildParts(): Parts {
    const geometry = (): BufferGeometry => new BufferGeometry();
    const line = (opacity: number): LineBasicMaterial => new LineBasicMaterial({ transparent: opacity < 1, opacity });
    // The surface is pushed back a little in depth so the lines drawn on it win.
    const surface = new Mesh(
      geometry(),
      new MeshBasicMaterial({
        vertexColors: true,
        side: DoubleSide,
        polygonOffset: true,
        polygonOffsetFactor: 1,
        polygonOffsetUnits: 1,
      }),
    );
    const parts: Parts = {
      surface,
      grid: new LineSegments(geometry(), line(0.45)),
      box: new LineSegments(geometry(), line(0.8)),
      path: new Mesh(geometry(), new MeshBasicMaterial({ side: DoubleSide })),
      start: new Mesh(geometry(), new MeshBasicMaterial({ side: DoubleSide })),
      minimum: new Mesh(geometry(), new MeshBasicMaterial({ side: DoubleSide })),
    };
    parts.box.geometry.setAttribute('position', new BufferAttribute(boxEdges(), 3));
    this.scene.add(...Object.values(parts));
    return parts;
  }

  /** Drag to turn; arrow keys, + and − and Home when focused. */
  private listen(): void {
    let last: { x: number; y: number } | undefined;
    this.canvas.addEventListener('pointerdown', (e) => {
      last = { x: e.clientX, y: e.clientY };
      this.canvas.setPointerCapture(e.pointerId);
      this.canvas.focus();
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!last) return;
      this.orbit = orbitByDrag(this.orbit, e.clientX - last.x, e.clientY - last.y);
      last = { x: e.clientX, y: e.clientY };
      this.later();
    });
    const end = (): void => {
      if (last) this.say();
      last = undefined;
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const next = orbitByKey(this.orbit, e.key);
      if (!next) return;
      e.preventDefault();
      this.orbit = next;
      this.render();
      this.say();
    });
  }

  /** The orientation in words (a live region: a screen reader hears where the keys took the view). */
  private say(): void {
    const o = this.orbit;
    const { fmt } = this.options.kit;
    this.status.textContent = this.t.orientation(fmt(o.azimuth, 3), fmt(o.elevation, 3), fmt(o.distance, 3));
  }

  /** One render per frame while dragging. */
  private later(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /**
   * Draws the scene's answer: the surface (rebuilt only when it is a new one or the theme
   * changed), the path from its start, and the minimum: `optimum`, where the host found J least
   * (the heat map's star), else the grid's least value.
   */
  show(d: SurfaceData, palette: Palette, optimum?: LineFit | null): void {
    this.palette = palette;
    this.grid = d;
    if (!this.parts) return;
    const p = this.palette;
    const key = `${d.surfaceKey}|${d.stage}|${p.bg}|${p.fg}|${p.blue}|${p.green}|${p.yellow}|${p.orange}|${p.red}|${p.purple}|${p.grid}`;
    if (key !== this.meshKey) {
      const stops = [p.blue, p.green, p.yellow, p.orange, p.red].map(this.options.kit.rgb);
      this.mesh = surfaceMesh(d, stops);
      this.meshKey = key;
      this.paintSurface();
    }
    const parts = this.parts;
    const mesh = this.mesh;
    set(parts.path.geometry, mesh ? ribbon(pathSegments(d, mesh.range, d.path), 0.01) : new Float32Array());
    const start = mesh && d.path.length ? onSurface(d, mesh.range, d.path[0][0], d.path[0][1]) : undefined;
    this.startAt = start;
    set(parts.start.geometry, start ? octahedron(start, 0.035) : new Float32Array());
    const best = mesh && optimum ? onSurface(d, mesh.range, optimum.w, optimum.b) : undefined;
    this.least = mesh && (best && optimum ? { at: best, j: optimum.loss } : { at: mesh.min.at, j: mesh.min.j });
    set(parts.minimum.geometry, this.least ? octahedron(this.least.at, 0.045) : new Float32Array());
    this.colour(parts.path.material, p.fg);
    this.colour(parts.start.material, p.fg);
    this.render();
    if (this.tableShown) this.options.kit.renderTable(this.tableEl, this.table(), 20);
  }

  private paintSurface(): void {
    const parts = this.parts!;
    const mesh = this.mesh;
    const g = parts.surface.geometry;
    g.setAttribute('position', new BufferAttribute(mesh?.positions ?? new Float32Array(), 3));
    g.setAttribute('color', new BufferAttribute(mesh?.colors ?? new Float32Array(), 3));
    g.setIndex(new BufferAttribute(mesh?.indices ?? new Uint32Array(), 1));
    set(parts.grid.geometry, mesh && this.grid ? gridLines(this.grid, mesh) : new Float32Array());
    const p = this.palette;
    this.colour(parts.grid.material, p.bg);
    this.colour(parts.box.material, p.muted);
    this.colour(parts.minimum.material, p.green);
    this.renderer?.setClearColor(new Color().setRGB(...this.rgb01(p.bg)), 1);
  }

  /** Renders now, at the canvas's size; labels follow the projected axes. */
  private render(): void {
    const r = this.renderer;
    if (!r) return;
    const { clientWidth: w, clientHeight: h } = this.canvas.parentElement!;
    // Hidden (another tab): nothing to draw into; the resize when it shows again draws.
    if (!w || !h) return;
    const size = r.getSize(new Vector2());
    if (size.x !== w || size.y !== h) r.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.camera.position.set(...eye({ ...this.orbit, distance: standOff(this.orbit.distance, w / h) }, TARGET));
    this.camera.lookAt(...TARGET);
    try {
      r.render(this.scene, this.camera);
    } catch (e) {
      // A shader that does not compile, a part of three.js left out of the page: said, not thrown into the scene.
      this.renderer = undefined;
      r.dispose();
      return this.fail(this.t.failed(e instanceof Error ? e.message : String(e)));
    }
    this.placeLabels(w, h);
    if (!this.drawnOnce && this.mesh) {
      // Waits for the GPU (one pixel read back), so the time is the picture's, not the commands'.
      const gl = r.getContext();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      this.drawnOnce = true;
      this.options.firstDraw(performance.now() - this.options.requestedAt);
    }
  }

  private placeLabels(w: number, h: number): void {
    const g = this.grid;
    const mesh = this.mesh;
    for (const l of Object.values(this.labels)) l.hidden = !mesh;
    if (!g || !mesh) return;
    const { fmt } = this.options.kit;
    const [w0, w1] = [g.w[0], g.w[g.w.length - 1]];
    const [b0, b1] = [g.b[0], g.b[g.b.length - 1]];
    this.labels.w0.textContent = `w = ${fmt(w0, 3)}`;
    this.labels.w1.textContent = `w = ${fmt(w1, 3)}`;
    this.labels.b0.textContent = `b = ${fmt(b0, 3)}`;
    this.labels.b1.textContent = `b = ${fmt(b1, 3)}`;
    this.labels.j.textContent = `${this.t.axisJ} ≤ ${fmt(mesh.range.hi, 3)}`;
    const least = this.least ?? mesh.min;
    this.labels.min.textContent = `${this.t.minimum} ${fmt(least.j, 3)}`;
    const at: Record<LabelKey, readonly number[]> = {
      // Each axis's ends a little in from the corners, so the two at the corner they share do not overlap.
      w: [0, 0, 1.14],
      b: [1.14, 0, 0],
      j: [-1, HEIGHT + 0.08, -1],
      w0: [-0.8, 0, 1.14],
      w1: [0.8, 0, 1.14],
      b0: [1.14, 0, 0.8],
      b1: [1.14, 0, -0.8],
      min: [least.at[0], least.at[1] + 0.09, least.at[2]],
      start: this.startAt ? [this.startAt[0], this.startAt[1] + 0.09, this.startAt[2]] : [0, 0, 0],
    };
    const v = new Vector3();
    for (const [k, p] of Object.entries(at) as [LabelKey, number[]][]) {
      v.set(p[0], p[1], p[2]).project(this.camera);
      const label = this.labels[k];
      label.hidden = v.z > 1 || (k === 'start' && !this.startAt);
      label.style.transform = `translate(${((v.x + 1) / 2) * w}px, ${((1 - v.y) / 2) * h}px) translate(-50%, -50%)`;
    }
  }

  /** The surface at 11 × 11 points of its grid, and where its least value is. */
  table(): TableData {
    const g = this.grid;
    const mesh = this.mesh;
    if (!g || !mesh) return { caption: this.t.label, head: [], rows: [] };
    const { fmt } = this.options.kit;
    const s = sampleTable(g);
    const caption = this.t.tableCaption(String(s.w.length), fmt(mesh.min.j), fmt(mesh.min.w), fmt(mesh.min.b));
    return {
      caption,
      head: [this.t.corner, ...s.w.map((w) => fmt(w, 3))],
      rows: s.rows.map((row, k) => [fmt(s.b[k], 3), ...row]),
    };
  }

  private rgb01(css: string): [number, number, number] {
    return this.options.kit.rgb(css).map((c) => c / 255) as [number, number, number];
  }

  private colour(m: LineBasicMaterial | MeshBasicMaterial, css: string): void {
    m.color.setRGB(...this.rgb01(css));
  }

  /** Frees the WebGL context and everything on it (the scene's controls are built again). */
  dispose(): void {
    this.resize.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.parts) {
      for (const o of Object.values(this.parts)) {
        o.geometry.dispose();
        o.material.dispose();
      }
    }
    this.renderer?.dispose();
    this.renderer?.forceContextLoss();
    this.root.replaceChildren();
  }
}

function set(g: BufferGeometry, positions: Float32Array): void {
  g.setAttribute('position', new BufferAttribute(positions, 3));
  g.computeBoundingSphere();
}

/** The renderer's name says it is software (Chromium's SwiftShader, Mesa's llvmpipe). */
function drawsOnCpu(gl: WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return /swiftshader|llvmpipe|softpipe|software/i.test(
    String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
  );
}
