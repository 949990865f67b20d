/**
 * Scene 5: loss surfaces over (w, b) with a gradient-descent path. The numbers come from the
 * engine (its surface functions, descentPath and seeded Random); what is here is the scene's data
 * set and the slicing of the work: a coarse first picture, then the fine grid a slice at a time.
 */
import {
  computeCoarseSurface,
  computeSurfaceRows,
  createRandom,
  descentPath as engineDescentPath,
  prepareSurface,
  type LineProblemSpec,
} from '../../engine';
import { Lru } from '../../lru';
import { SURFACE_LOSSES, type LineFit, type Point, type SurfaceData, type SurfaceInput } from '../../protocol';
import { field, record } from '../validate';
import type { ComputedScene } from './define';

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
export class SurfaceCache extends Lru<string, { w: number[]; b: number[]; z: number[] }> {
  constructor(capacity = 4) {
    super(capacity);
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

/** This thread's last surfaces: dragging the start then reuses the grid. */
const surfaces = new SurfaceCache();

const common = {
  loss: field.oneOf(SURFACE_LOSSES),
  delta: field.num(0.01, 10),
  seed: field.int(0, 2 ** 31 - 1),
  n: field.int(2, 1000),
  noise: field.num(0, 10),
  eta: field.num(1e-4, 10),
  steps: field.int(0, 2000),
};

export const scene: ComputedScene<'surface'> = {
  id: 'surface',
  input: record({ ...common, start: field.pair(-100, 100), resolution: field.int(5, 401) }),
  view: record({ ...common, startW: field.num(-100, 100), startB: field.num(-100, 100) }),
  example: { loss: 'huber', delta: 1, seed: 1, n: 200, noise: 1, start: [-1.5, 3.5], eta: 0.1, steps: 60, resolution: 201 },
  staged: true,
  *compute(input) {
    for (const data of surfaceStages(input, surfaces)) yield data && { data, final: data.stage === 'fine' };
  },
};
