/**
 * Scene 5: loss surfaces over (w, b) with a gradient-descent path, optionally under a penalty on
 * w (regularisation), its two 1-D slices through where the path ends, and the regularisation path.
 * The numbers come from the engine (its surface functions, descentPath, fitLine,
 * regularisationPath and seeded Random); what is here is the scene's data set, what is cached
 * between requests and the slicing of the work: a coarse first picture, then the fine grid a
 * slice at a time.
 */
import {
  addPenalty,
  computeCoarseSurface,
  computeSurfaceRows,
  createRandom,
  descentPath as engineDescentPath,
  fitLine,
  penaltyValue,
  prepareSurface,
  regularisationPath,
  type LineProblemSpec,
  type Penalty,
} from '../../engine';
import { formulaDefinition, parseFormula } from '../../engine/formula';
import { Lru } from '../../lru';
import {
  FORMULA_LABELS,
  SURFACE_LOSSES,
  SURFACE_PENALTIES,
  SURFACE_VIEWS,
  type LineFit,
  type Point,
  type SurfaceData,
  type SurfaceInput,
  type SurfaceLossId,
} from '../../protocol';
import { field, record } from '../validate';
import type { ComputedScene } from './define';
import { formulaField } from './formula';

/** Axis ranges that hold the data set's optimum and room around it. */
const SURFACE_W: [number, number] = [-2, 5];
const SURFACE_B: [number, number] = [-3, 4];

/** λ up to this: far past where L1 sets every surface loss's weight to 0 on this data. */
const LAMBDA_MAX = 10;
/** The regularisation path's λ grid: 10 per decade from 10⁻³ to LAMBDA_MAX. */
const PATH_LAMBDAS: readonly number[] = Array.from({ length: 41 }, (_, k) => 10 ** (-3 + k / 10));

/** A classifier's loss: the data are 0/1 labels. */
const isClassifier = (loss: SurfaceLossId): boolean => loss === 'logistic_regression' || loss === 'logistic_mse';

/**
 * Linear data y = 1.5x + 0.5 + noise on x in [−2, 2]; for logistic regression, y = 1 where that is
 * > 0, else 0; for a formula, as its `labels` say (0/1 like that, ±1, or y itself).
 */
export function surfaceData(i: Pick<SurfaceInput, 'seed' | 'n' | 'noise' | 'loss' | 'labels'>): Point[] {
  const rand = createRandom(i.seed);
  const labels = isClassifier(i.loss) ? '01' : i.loss === 'formula' ? (i.labels ?? 'real') : 'real';
  return Array.from({ length: i.n }, () => {
    const x = rand.uniform(-2, 2);
    const y = 1.5 * x + 0.5 + rand.normal(0, i.noise);
    return { x, y: labels === '01' ? (y > 0 ? 1 : 0) : labels === 'pm1' ? (y > 0 ? 1 : -1) : y };
  });
}

/** The penalty a request asks for (none when λ is 0). */
function penaltyOf(i: Pick<SurfaceInput, 'penalty' | 'lambda'>): Penalty {
  return i.penalty === 'none' || i.lambda === 0 ? { kind: 'none', lambda: 0 } : { kind: i.penalty, lambda: i.lambda };
}

/** The surface scene's loss as the engine's one-feature line problem. */
function problem(i: Pick<SurfaceInput, 'loss' | 'delta' | 'f'>, pts: readonly Point[]): LineProblemSpec {
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
    case 'logistic_mse':
      return { model: 'sigmoid', loss: 'mse', xs, ys };
    case 'formula':
      if (i.f === undefined) throw new Error("surface: the loss 'formula' needs its formula, f");
      return { model: 'linear', loss: formulaDefinition(parseFormula(i.f)), xs, ys };
  }
}

/** Gradient descent on J from `start` with the engine; the fit is where the path ends. */
function descentPath(
  spec: LineProblemSpec,
  start: [number, number],
  eta: number,
  steps: number,
  penalty?: Penalty,
): { path: [number, number][]; fit: LineFit } {
  const d = engineDescentPath(spec, {
    w0: start[0],
    b0: start[1],
    learningRate: eta,
    steps,
    ...(penalty ? { penalty } : {}),
  });
  const k = d.w.length - 1;
  return { path: d.w.map((w, j) => [w, d.b[j]]), fit: { w: d.w[k], b: d.b[k], loss: d.loss[k] } };
}

/** The last few finished surfaces of L (no penalty), so dragging the start or λ does not recompute the grid. */
export class SurfaceCache extends Lru<string, { w: number[]; b: number[]; z: number[] }> {
  constructor(capacity = 4) {
    super(capacity);
  }
}

/**
 * Whether a classifier's loss has no minimum without a penalty: when a threshold on x separates
 * the labels (or there is one label only), J keeps falling as |w| or |b| grows, for ever.
 */
function separable(pts: readonly Point[]): boolean {
  let max0 = -Infinity,
    min0 = Infinity,
    max1 = -Infinity,
    min1 = Infinity;
  for (const { x, y } of pts) {
    if (y === 1) [max1, min1] = [Math.max(max1, x), Math.min(min1, x)];
    else [max0, min0] = [Math.max(max0, x), Math.min(min0, x)];
  }
  return max0 < min1 || max1 < min0;
}

/** Where J is least, or null when it has none: J still falling as the fit runs out of steps. */
function optimum(spec: LineProblemSpec, pts: readonly Point[], loss: SurfaceLossId, penalty: Penalty): LineFit | null {
  if (penalty.kind === 'none' && isClassifier(loss) && separable(pts)) return null;
  const f = fitLine(spec, { penalty });
  return f.status === 'converged' ? { w: f.w, b: f.b, loss: f.loss } : null;
}

/**
 * J along the w axis at the point's b, and along the b axis at its w: each the one row (or
 * column) of an engine surface whose other axis starts at the point, so the slices cost a row of
 * the grid and agree with it to rounding.
 */
function slices(
  spec: LineProblemSpec,
  penalty: Penalty,
  at: [number, number],
  resolution: number,
): SurfaceData['slices'] {
  const w = { min: SURFACE_W[0], max: SURFACE_W[1], steps: resolution };
  const b = { min: SURFACE_B[0], max: SURFACE_B[1], steps: resolution };
  // A second grid line past the point (which may lie far out, where v + 1 would round to v).
  const through = (v: number) => ({ min: v, max: v + Math.max(1, Math.abs(v)), steps: 2 });
  const rowAtB = prepareSurface({ ...spec, w, b: through(at[1]) });
  const row = new Float64Array(rowAtB.rows * rowAtB.cols);
  computeSurfaceRows(rowAtB, 0, 1, row);
  const colAtW = prepareSurface({ ...spec, w: through(at[0]), b });
  const col = new Float64Array(colAtW.rows * colAtW.cols);
  computeSurfaceRows(colAtW, 0, colAtW.rows, col);
  const ws = Array.from(rowAtB.wValues);
  const rAt = penaltyValue(penalty, at[0]);
  return {
    at,
    w: ws,
    alongW: ws.map((v, j) => row[j] + penaltyValue(penalty, v)),
    b: Array.from(colAtW.bValues),
    alongB: Array.from(colAtW.bValues, (_, k) => col[k * 2] + rAt),
  };
}

/** How long one slice of the work may hold the thread before it yields. */
const SLICE_MS = 8;

type Grid = { w: number[]; b: number[]; z: number[] };

/**
 * The surface in stages, each a SurfaceData to draw, the last one `final`: a coarse grid (first
 * picture: the grid, the path and its fit), then the fine grid a slice of rows at a time, with the
 * optimum and the slices, then, when the data are new, the regularisation path a few λ at a time.
 * What a stage leaves out is still to come. A null marks a slice done with nothing new to draw:
 * the caller yields to its event loop there. The fine grid travels once, whole, so the page keeps
 * the coarse picture until then.
 */
export function* surfaceStages(
  i: SurfaceInput,
  cache?: SurfaceCache,
): Generator<{ data: SurfaceData; final: boolean } | null> {
  const t0 = performance.now();
  const pts = surfaceData(i);
  const spec = problem(i, pts);
  const penalty = penaltyOf(i);
  const { path, fit } = descentPath(spec, i.start, i.eta, i.steps, penalty);
  // Everything that changes the data or L: a formula's text and its labels too.
  const dataKey = JSON.stringify([
    i.loss,
    i.loss === 'huber' ? i.delta : 0,
    i.seed,
    i.n,
    i.noise,
    ...(i.loss === 'formula' ? [i.f, i.labels ?? 'real'] : []),
  ]);
  const gridKey = `${dataKey}|${i.resolution}`;
  const fitKey = `${dataKey}|${penalty.kind}|${penalty.lambda}`;
  let reg = paths.get(dataKey);
  const base = { points: pts, path, fit, surfaceKey: `${gridKey}|${penalty.kind}|${penalty.lambda}` };
  // Not in the first picture: together they cost about as much as a coarse grid.
  let extras: Pick<SurfaceData, 'optimum' | 'slices'> | undefined;
  const more = (): Pick<SurfaceData, 'optimum' | 'slices'> => {
    if (extras) return extras;
    let best = optima.get(fitKey);
    if (best === undefined) optima.set(fitKey, (best = optimum(spec, pts, i.loss, penalty)));
    return (extras = { optimum: best, slices: slices(spec, penalty, [fit.w, fit.b], i.resolution) });
  };
  // The grids hold L; J = L + R(w) is one pass over a grid, so a new λ reuses the grid.
  const withPenalty = (g: Grid): Grid =>
    penalty.kind === 'none' ? g : { ...g, z: Array.from(addPenalty(g.z, g.w, penalty)) };
  const stage = (g: Grid, rowsDone: number, fine: boolean): { data: SurfaceData; final: boolean } => ({
    data: {
      ...base,
      ...withPenalty(g),
      ...(fine ? more() : {}),
      ...(reg ? { regPath: reg } : {}),
      rowsDone,
      stage: fine ? 'fine' : 'coarse',
      millis: performance.now() - t0,
    },
    final: fine && reg !== undefined,
  });

  let grid = cache?.get(gridKey);
  if (grid) {
    // Only the start, rate, steps or penalty changed: the surface of L is the one we have.
    yield stage(grid, grid.b.length, true);
  } else {
    const axis = (r: [number, number]) => ({ min: r[0], max: r[1], steps: i.resolution });
    const prepared = prepareSurface({ ...spec, w: axis(SURFACE_W), b: axis(SURFACE_B) });
    // The engine picks the coarse stride that fits the first-picture budget for this loss and n;
    // a stride of 1 means the whole grid was cheap enough to be the first picture.
    const coarse = computeCoarseSurface(prepared);
    grid = { w: Array.from(coarse.wValues), b: Array.from(coarse.bValues), z: Array.from(coarse.values) };
    if (coarse.stride > 1) {
      yield stage(grid, coarse.bValues.length, false);
      const z = new Float64Array(prepared.rows * prepared.cols).fill(NaN);
      for (let r = 0; r < prepared.rows;) {
        const sliceEnd = performance.now() + SLICE_MS;
        do {
          computeSurfaceRows(prepared, r, r + 1, z);
          r++;
        } while (r < prepared.rows && performance.now() < sliceEnd);
        if (r < prepared.rows) yield null;
      }
      grid = { w: Array.from(prepared.wValues), b: Array.from(prepared.bValues), z: Array.from(z) };
    }
    cache?.set(gridKey, grid);
    yield stage(grid, prepared.rows, true);
  }
  if (reg) return;
  // The path is the costliest part for new data (a fit per λ and penalty): last, in slices.
  const ws = { l2: [] as number[], l1: [] as number[] };
  for (const kind of ['l2', 'l1'] as const) {
    let from: { w0?: number; b0?: number } = {};
    let sliceEnd = performance.now() + SLICE_MS;
    for (const lambda of PATH_LAMBDAS) {
      const [p] = regularisationPath(spec, kind, [lambda], from);
      ws[kind].push(p.w);
      from = { w0: p.w, b0: p.b };
      if (performance.now() > sliceEnd) {
        yield null;
        sliceEnd = performance.now() + SLICE_MS;
      }
    }
  }
  reg = { lambda: [...PATH_LAMBDAS], ...ws };
  paths.set(dataKey, reg);
  yield stage(grid, grid.b.length, true);
}

/** This thread's last surfaces: dragging the start then reuses the grid. */
const surfaces = new SurfaceCache();
/** This thread's last optima (by data and penalty) and regularisation paths (by data): neither depends on the start. */
const optima = new Lru<string, LineFit | null>(16);
const paths = new Lru<string, NonNullable<SurfaceData['regPath']>>(4);

const common = {
  loss: field.oneOf(SURFACE_LOSSES),
  delta: field.num(0.01, 10),
  seed: field.int(0, 2 ** 31 - 1),
  n: field.int(2, 1000),
  noise: field.num(0, 10),
  eta: field.num(1e-4, 10),
  steps: field.int(0, 2000),
  penalty: field.oneOf(SURFACE_PENALTIES),
  lambda: field.num(0, LAMBDA_MAX),
  f: field.optional(formulaField()),
  labels: field.optional(field.oneOf(FORMULA_LABELS)),
};

export const scene: ComputedScene<'surface'> = {
  id: 'surface',
  input: record({ ...common, start: field.pair(-100, 100), resolution: field.int(5, 401) }),
  view: record({
    ...common,
    startW: field.num(-100, 100),
    startB: field.num(-100, 100),
    view: field.oneOf(SURFACE_VIEWS),
  }),
  example: {
    loss: 'logistic_regression',
    delta: 1,
    seed: 1,
    n: 200,
    noise: 1,
    start: [-1.5, 3.5],
    eta: 0.1,
    steps: 60,
    resolution: 201,
    penalty: 'l2',
    lambda: 0.1,
  },
  staged: true,
  compute: (input) => surfaceStages(input, surfaces),
};
