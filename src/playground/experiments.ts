/**
 * The playground's small experiments: the saturated neuron, line fits with outliers, and loss
 * surfaces over (w, b) with a gradient-descent path. Losses and gradients come from the engine's
 * `evaluate`; what is here is the experiment around it (data, grids, optimisers). Pure.
 */
import { evaluate, type Tensor } from '../engine';
import type { LineFit, NeuronData, NeuronInput, NeuronRun, OutliersData, OutliersInput, Point, SurfaceData, SurfaceInput } from '../protocol';
import { linspace } from './compute';

/** mulberry32: a small seeded generator, so the same seed gives the same data set everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller. */
export function normal(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * One sigmoid neuron a = σ(w·x + b), trained by plain gradient descent on one example, as in
 * Nielsen's "Neural Networks and Deep Learning", ch. 3. Quadratic cost C = (a − y)²/2 has
 * ∂C/∂z = (a − y)·σ′(z); cross-entropy has ∂C/∂z = a − y. outputs[0] is before training.
 */
export function simulateNeuron(o: { loss: 'mse' | 'bce'; w: number; b: number; x: number; y: number; eta: number; epochs: number }): NeuronRun {
  let { w, b } = o;
  const outputs: number[] = [];
  const losses: number[] = [];
  for (let e = 0; e <= o.epochs; e++) {
    const a = sigmoid(w * o.x + b);
    outputs.push(a);
    losses.push(o.loss === 'mse' ? ((a - o.y) * (a - o.y)) / 2 : -(o.y * Math.log(a) + (1 - o.y) * Math.log(1 - a)));
    if (e === o.epochs) break;
    const dz = o.loss === 'mse' ? (a - o.y) * a * (1 - a) : a - o.y;
    w -= o.eta * dz * o.x;
    b -= o.eta * dz;
  }
  return { outputs, losses };
}

/** Scene 4: the same neuron under both costs, x = 1, y = 0. */
export function neuronScene(i: NeuronInput): NeuronData {
  const common = { w: i.w, b: i.b, x: 1, y: 0, eta: i.eta, epochs: i.epochs };
  return { mse: simulateNeuron({ loss: 'mse', ...common }), bce: simulateNeuron({ loss: 'bce', ...common }) };
}

// ---------------------------------------------------------------------------------------------
// Line fits

const vec = (d: ArrayLike<number>): Tensor => ({ shape: [d.length], data: Float64Array.from(d) });

/** Mean loss of the line w·x + b over the points, from the engine. */
function lineLoss(id: string, pts: readonly Point[], w: number, b: number, params?: Record<string, number>): number {
  return evaluate({ loss: id, input: vec(pts.map((p) => w * p.x + b)), target: vec(pts.map((p) => p.y)), params }).loss as number;
}

/** Weighted least squares for a line: the step IRLS repeats. */
function weightedLine(pts: readonly Point[], wt: readonly number[]): { w: number; b: number } {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  pts.forEach((p, k) => {
    const c = wt[k];
    sw += c; sx += c * p.x; sy += c * p.y; sxx += c * p.x * p.x; sxy += c * p.x * p.y;
  });
  const den = sw * sxx - sx * sx;
  if (Math.abs(den) < 1e-12) return { w: 0, b: sy / (sw || 1) };
  const w = (sw * sxy - sx * sy) / den;
  return { w, b: (sy - w * sx) / sw };
}

/**
 * Fits a line by iteratively reweighted least squares: weight 1 inside the quadratic zone and
 * β/|r| outside (Huber's weights; smooth L1 with β has the same minimiser), β = 0 giving L1.
 * IRLS, not gradient descent, because L1's constant gradient makes GD crawl near the optimum.
 */
export function fitLine(pts: readonly Point[], kind: 'mse' | 'l1' | 'smooth_l1', beta = 1): { w: number; b: number } {
  const ones = pts.map(() => 1);
  let line = weightedLine(pts, ones);
  if (kind === 'mse') return line;
  const zone = kind === 'l1' ? 0 : beta;
  for (let it = 0; it < 200; it++) {
    const wt = pts.map((p) => {
      const r = Math.abs(line.w * p.x + line.b - p.y);
      if (zone === 0) return 1 / Math.max(r, 1e-9);
      return r <= zone ? 1 : zone / r;
    });
    const next = weightedLine(pts, wt);
    const moved = Math.abs(next.w - line.w) + Math.abs(next.b - line.b);
    line = next;
    if (moved < 1e-12) break;
  }
  return line;
}

/** A line y = 0.8x + 1 with Gaussian noise on x in [0, 10]; the last `outliers` points lifted by `offset`. */
export function outlierData(i: OutliersInput): (Point & { outlier: boolean })[] {
  const rand = rng(i.seed);
  const gauss = normal(rand);
  const pts = Array.from({ length: i.n }, (_, k) => {
    const x = (10 * (k + 0.5)) / i.n;
    return { x, y: 0.8 * x + 1 + 0.4 * gauss(), outlier: false };
  });
  // Outliers at the right end, where they have the most leverage on a least-squares slope.
  for (let k = 0; k < Math.min(i.outliers, i.n - 2); k++) {
    const p = pts[i.n - 1 - 2 * k] ?? pts[i.n - 1 - k];
    p.y += i.offset;
    p.outlier = true;
  }
  return pts;
}

export function outliersScene(i: OutliersInput): OutliersData {
  const points = outlierData(i);
  const beta = i.beta;
  const fits = (['l1', 'mse', 'smooth_l1'] as const).map((id) => {
    const { w, b } = fitLine(points, id, beta);
    return { id, w, b, loss: lineLoss(id, points, w, b, id === 'smooth_l1' ? { beta } : undefined) };
  });
  return { points, fits };
}

// ---------------------------------------------------------------------------------------------
// Loss surfaces over (w, b)

/** Axis ranges that hold the data set's optimum and room around it. */
export const SURFACE_W: [number, number] = [-2, 5];
export const SURFACE_B: [number, number] = [-3, 4];

/** Linear data y = 1.5x + 0.5 + noise on x in [−2, 2]; for logistic regression, y = 1 where that is > 0. */
export function surfaceData(i: Pick<SurfaceInput, 'seed' | 'n' | 'noise' | 'loss'>): Point[] {
  const rand = rng(i.seed);
  const gauss = normal(rand);
  return Array.from({ length: i.n }, () => {
    const x = -2 + 4 * rand();
    const y = 1.5 * x + 0.5 + i.noise * gauss();
    return { x, y: i.loss === 'logistic_regression' ? (y > 0 ? 1 : 0) : y };
  });
}

type Objective = { id: string; params?: Record<string, number> };

function objective(i: SurfaceInput): Objective {
  switch (i.loss) {
    case 'mse':
      return { id: 'mse' };
    case 'l1':
      return { id: 'l1' };
    case 'huber':
      return { id: 'huber', params: { delta: i.delta } };
    case 'logistic_regression':
      return { id: 'bce_with_logits' };
  }
}

/**
 * One row of the surface (b fixed, every w): one engine call over all (w, sample) pairs with
 * reduction 'none', then a mean per w. MSE uses its closed form from the data's moments instead,
 * O(1) per cell: mean((wx + b − y)²) = w²Σx² + 2wbΣx − 2wΣxy + b² − 2bΣy + Σy², all over n.
 */
function surfaceRow(obj: Objective, pts: readonly Point[], ws: readonly number[], b: number, out: Float64Array, offset: number, moments: number[] | null): void {
  const n = pts.length;
  if (moments) {
    const [sx, sy, sxx, sxy, syy] = moments;
    for (let j = 0; j < ws.length; j++) {
      const w = ws[j];
      out[offset + j] = w * w * sxx + 2 * w * b * sx - 2 * w * sxy + b * b - 2 * b * sy + syy;
    }
    return;
  }
  const input = new Float64Array(ws.length * n);
  const target = new Float64Array(ws.length * n);
  for (let j = 0; j < ws.length; j++) {
    for (let k = 0; k < n; k++) {
      input[j * n + k] = ws[j] * pts[k].x + b;
      target[j * n + k] = pts[k].y;
    }
  }
  const per = evaluate({ loss: obj.id, input: { shape: [input.length], data: input }, target: { shape: [target.length], data: target }, params: obj.params, reduction: 'none' }).loss as Tensor;
  for (let j = 0; j < ws.length; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += per.data[j * n + k];
    out[offset + j] = s / n;
  }
}

/** Mean loss and its gradient in (w, b) through the engine: ∂L/∂w = Σ gᵢxᵢ, ∂L/∂b = Σ gᵢ. */
function lossAndGrad(obj: Objective, pts: readonly Point[], w: number, b: number): { loss: number; dw: number; db: number } {
  const r = evaluate({ loss: obj.id, input: vec(pts.map((p) => w * p.x + b)), target: vec(pts.map((p) => p.y)), params: obj.params });
  let dw = 0, db = 0;
  pts.forEach((p, k) => {
    dw += r.grad.data[k] * p.x;
    db += r.grad.data[k];
  });
  return { loss: r.loss as number, dw, db };
}

/** Gradient descent from `start`, stopping early if it leaves the picture far behind. */
export function descentPath(obj: Objective, pts: readonly Point[], start: [number, number], eta: number, steps: number): { path: [number, number][]; fit: LineFit } {
  let [w, b] = start;
  const path: [number, number][] = [[w, b]];
  let cur = lossAndGrad(obj, pts, w, b);
  for (let s = 0; s < steps; s++) {
    w -= eta * cur.dw;
    b -= eta * cur.db;
    if (!Number.isFinite(w) || !Number.isFinite(b) || Math.abs(w) > 1e6 || Math.abs(b) > 1e6) break;
    path.push([w, b]);
    cur = lossAndGrad(obj, pts, w, b);
  }
  return { path, fit: { w, b, loss: cur.loss } };
}

/** The last few finished surfaces, so dragging the start does not recompute the grid. */
export class SurfaceCache {
  private readonly entries = new Map<string, { w: number[]; b: number[]; z: number[] }>();
  constructor(private readonly size = 4) {}
  get(key: string): { w: number[]; b: number[]; z: number[] } | undefined {
    return this.entries.get(key);
  }
  set(key: string, v: { w: number[]; b: number[]; z: number[] }): void {
    this.entries.delete(key);
    this.entries.set(key, v);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}

const COARSE = 31;
/** How long one slice of the fine grid may hold the thread before it yields. */
const SLICE_MS = 8;

/**
 * The surface in stages, each a complete SurfaceData to draw: a coarse grid (first picture), then
 * the fine grid a slice of rows at a time. A null marks a slice done with nothing new to draw:
 * the caller yields to its event loop there. The fine grid travels once, whole, so the page
 * keeps the coarse picture until then.
 */
export function* surfaceStages(i: SurfaceInput, cache?: SurfaceCache): Generator<SurfaceData | null> {
  const t0 = performance.now();
  const pts = surfaceData(i);
  const obj = objective(i);
  const { path, fit } = descentPath(obj, pts, i.start, i.eta, i.steps);
  const surfaceKey = JSON.stringify([i.loss, i.loss === 'huber' ? i.delta : 0, i.seed, i.n, i.noise, i.resolution]);
  const cached = cache?.get(surfaceKey);
  if (cached) {
    // Only the start, rate or steps changed: the surface is the one we have.
    yield { points: pts, path, fit, ...cached, rowsDone: cached.b.length, stage: 'fine', surfaceKey, millis: performance.now() - t0 };
    return;
  }
  const moments =
    obj.id === 'mse'
      ? [pts.reduce((s, p) => s + p.x, 0), pts.reduce((s, p) => s + p.y, 0), pts.reduce((s, p) => s + p.x * p.x, 0), pts.reduce((s, p) => s + p.x * p.y, 0), pts.reduce((s, p) => s + p.y * p.y, 0)].map((v) => v / pts.length)
      : null;
  const grid = (size: number): { w: number[]; b: number[]; z: Float64Array } => ({
    w: linspace(SURFACE_W[0], SURFACE_W[1], size),
    b: linspace(SURFACE_B[0], SURFACE_B[1], size),
    z: new Float64Array(size * size).fill(NaN),
  });
  const base = { points: pts, path, fit, surfaceKey };
  const coarseSize = Math.min(COARSE, i.resolution);
  const coarse = grid(coarseSize);
  coarse.b.forEach((b, r) => surfaceRow(obj, pts, coarse.w, b, coarse.z, r * coarseSize, moments));
  yield { ...base, w: coarse.w, b: coarse.b, z: Array.from(coarse.z), rowsDone: coarseSize, stage: 'coarse', millis: performance.now() - t0 };
  if (coarseSize === i.resolution) return;
  const fine = grid(i.resolution);
  for (let r = 0; r < i.resolution; ) {
    const sliceEnd = performance.now() + SLICE_MS;
    do {
      surfaceRow(obj, pts, fine.w, fine.b[r], fine.z, r * i.resolution, moments);
      r++;
    } while (r < i.resolution && performance.now() < sliceEnd);
    if (r < i.resolution) {
      yield null;
      continue;
    }
    const z = Array.from(fine.z);
    cache?.set(surfaceKey, { w: fine.w, b: fine.b, z });
    yield { ...base, w: fine.w, b: fine.b, z, rowsDone: r, stage: 'fine', millis: performance.now() - t0 };
  }
}
