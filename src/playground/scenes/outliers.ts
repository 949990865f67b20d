/** Scene 6: the same points fitted by a line under L1, L2 (MSE) and Smooth L1, with adjustable outliers. Pure. */
import { createRandom, evaluate, fitLine as engineFitLine, type LineProblemSpec } from '../../engine';
import { OUTLIER_FITS, type OutliersData, type OutliersInput, type Point } from '../../protocol';
import { vec } from '../curves';
import { field, record } from '../validate';
import { computed } from './define';

/** Mean loss of the line w·x + b over the points, from the engine. */
function lineLoss(id: string, pts: readonly Point[], w: number, b: number, params?: Record<string, number>): number {
  return evaluate({ loss: id, input: vec(pts.map((p) => w * p.x + b)), target: vec(pts.map((p) => p.y)), params })
    .loss as number;
}

/** The engine's line fit (gradient descent in standardised coordinates with a line search). */
export function fitLine(pts: readonly Point[], kind: 'mse' | 'l1' | 'smooth_l1', beta = 1): { w: number; b: number } {
  const spec: LineProblemSpec = {
    model: 'linear',
    loss: kind,
    xs: pts.map((p) => p.x),
    ys: pts.map((p) => p.y),
    ...(kind === 'smooth_l1' ? { params: { beta } } : {}),
  };
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
  const fits = OUTLIER_FITS.map((id) => {
    const { w, b } = fitLine(points, id, beta);
    return { id, w, b, loss: lineLoss(id, points, w, b, id === 'smooth_l1' ? { beta } : undefined) };
  });
  return { points, fits };
}

const inputs = {
  seed: field.int(0, 2 ** 31 - 1),
  n: field.int(3, 500),
  outliers: field.int(0, 50),
  offset: field.num(-100, 100),
  beta: field.num(0, 10),
};

export const scene = computed({
  id: 'outliers',
  input: record(inputs),
  view: record(inputs),
  example: { seed: 3, n: 30, outliers: 3, offset: 12, beta: 1 },
  answer: outliersScene,
});
