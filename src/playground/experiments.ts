/**
 * The playground's small experiments: the saturated neuron, line fits with outliers, and loss
 * surfaces over (w, b) with a gradient-descent path. The numbers all come from the engine
 * (simulateNeuron, fitLine, descentPath, the surface functions, evaluate, its seeded Random);
 * what is here is each scene's data set and the slicing of the work. Pure.
 */
import {
  computeCoarseSurface,
  computeSurfaceRows,
  createRandom,
  descentPath as engineDescentPath,
  evaluate,
  fitLine as engineFitLine,
  prepareSurface,
  simulateNeuron,
  type LineProblemSpec,
  type Tensor,
} from '../engine';
import type { LineFit, NeuronData, NeuronInput, OutliersData, OutliersInput, Point, SurfaceData, SurfaceInput } from '../protocol';

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

/** The engine's line fit (gradient descent in standardised coordinates with a line search). */
export function fitLine(pts: readonly Point[], kind: 'mse' | 'l1' | 'smooth_l1', beta = 1): { w: number; b: number } {
  const spec: LineProblemSpec = { model: 'linear', loss: kind, xs: pts.map((p) => p.x), ys: pts.map((p) => p.y), ...(kind === 'smooth_l1' ? { params: { beta } } : {}) };
  const { w, b } = engineFitLine(spec);
  return { w, b };
}

/** A line y = 0.8x + 1 with Gaussian noise on x in [0, 10]; the last `outliers` points lifted by `offset`. */
export function outlierData(i: OutliersInput): (Point & { outlier: boolean })[] {
  const rand = createRandom(i.seed);
  const pts = Array.from({ length: i.n }, (_, k) => {
    const x = (10 * (k + 0.5)) / i.n;
    return { x, y: 0.8 * x + 1 + rand.normal(0, 0.4), outlier: false };
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
  const rand = createRandom(i.seed);
  return Array.from({ length: i.n }, () => {
    const x = rand.uniform(-2, 2);
    const y = 1.5 * x + 0.5 + rand.normal(0, i.noise);
    return { x, y: i.loss === 'logistic_regression' ? (y > 0 ? 1 : 0) : y };
  });
}

/** The surface scene's loss as the engine's one-feature line problem. */
function problem(i: SurfaceInput, pts: readonly Point[]): LineProblemSpec {
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  switch (i.loss) {
    case 'mse':
    case 'l1':
      return { model: 'linear', loss: i.loss, xs, ys };
    case 'huber':
      return { model: 'linear', loss: 'huber', params: { delta: i.delta }, xs, ys };
    case 'logistic_regression':
      return { model: 'logistic', loss: 'bce_with_logits', xs, ys };
  }
}

/** Gradient descent from `start` with the engine; the fit is where the path ends. */
export function descentPath(spec: LineProblemSpec, start: [number, number], eta: number, steps: number): { path: [number, number][]; fit: LineFit } {
  const d = engineDescentPath(spec, { w0: start[0], b0: start[1], learningRate: eta, steps });
  const k = d.w.length - 1;
  return { path: d.w.map((w, j) => [w, d.b[j]]), fit: { w: d.w[k], b: d.b[k], loss: d.loss[k] } };
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
  const spec = problem(i, pts);
  const { path, fit } = descentPath(spec, i.start, i.eta, i.steps);
  const surfaceKey = JSON.stringify([i.loss, i.loss === 'huber' ? i.delta : 0, i.seed, i.n, i.noise, i.resolution]);
  const cached = cache?.get(surfaceKey);
  const base = { points: pts, path, fit, surfaceKey };
  if (cached) {
    // Only the start, rate or steps changed: the surface is the one we have.
    yield { ...base, ...cached, rowsDone: cached.b.length, stage: 'fine', millis: performance.now() - t0 };
    return;
  }
  const axis = (r: [number, number]) => ({ min: r[0], max: r[1], steps: i.resolution });
  const prepared = prepareSurface({ ...spec, w: axis(SURFACE_W), b: axis(SURFACE_B) });
  // The engine picks the coarse stride that fits the first-picture budget for this loss and n;
  // a stride of 1 means the whole grid was cheap enough to be the first picture.
  const coarse = computeCoarseSurface(prepared);
  const coarseGrid = { w: Array.from(coarse.wValues), b: Array.from(coarse.bValues), z: Array.from(coarse.values) };
  if (coarse.stride === 1) {
    cache?.set(surfaceKey, coarseGrid);
    yield { ...base, ...coarseGrid, rowsDone: prepared.rows, stage: 'fine', millis: performance.now() - t0 };
    return;
  }
  yield { ...base, ...coarseGrid, rowsDone: coarse.bValues.length, stage: 'coarse', millis: performance.now() - t0 };
  const z = new Float64Array(prepared.rows * prepared.cols).fill(NaN);
  for (let r = 0; r < prepared.rows; ) {
    const sliceEnd = performance.now() + SLICE_MS;
    do {
      computeSurfaceRows(prepared, r, r + 1, z);
      r++;
    } while (r < prepared.rows && performance.now() < sliceEnd);
    if (r < prepared.rows) {
      yield null;
      continue;
    }
    const full = { w: Array.from(prepared.wValues), b: Array.from(prepared.bValues), z: Array.from(z) };
    cache?.set(surfaceKey, full);
    yield { ...base, ...full, rowsDone: r, stage: 'fine', millis: performance.now() - t0 };
  }
}
