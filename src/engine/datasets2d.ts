import { createRandom, type Random } from './random';
import { fail } from './tensor';

/**
 * Small 2-D data sets for a network to learn, the kind TensorFlow Playground made familiar: four
 * for classification (labels 0 and 1) and three for regression (a real target), all seeded, so a
 * seed and a noise level name one data set exactly. Points lie in about [−1, 1]²; classes take
 * turns (point i has label i mod 2), so every set is balanced.
 *
 * `noise` in [0, 1] is how far the data is from its clean shape: classification points are moved
 * by a normal jitter of standard deviation 0.3·noise (0.15 + 0.35·noise is the spread of the two
 * Gaussians), regression targets get normal noise of standard deviation 0.3·noise. Labels are
 * those of the clean point, so noise makes classes overlap, as real data does.
 */
export const CLASSIFICATION_SETS = ['circles', 'xor', 'gaussians', 'spiral'] as const;
export const REGRESSION_SETS = ['plane', 'saddle', 'bumps'] as const;
type ClassificationSetId = (typeof CLASSIFICATION_SETS)[number];
export type RegressionSetId = (typeof REGRESSION_SETS)[number];
export type Dataset2dId = ClassificationSetId | RegressionSetId;
export type NetworkTask = 'classification' | 'regression';

export type Dataset2dOptions = { id: Dataset2dId; n: number; noise: number; seed: number };

/** `x` holds n rows of (x₁, x₂), row-major; `y` the label (0 or 1) or target of each. */
export type Dataset2d = { id: Dataset2dId; task: NetworkTask; n: number; x: Float64Array; y: Float64Array };

const MAX_POINTS = 10_000;

export function taskOf(id: Dataset2dId): NetworkTask {
  return (REGRESSION_SETS as readonly string[]).includes(id) ? 'regression' : 'classification';
}

export function makeDataset2d(o: Dataset2dOptions): Dataset2d {
  if (
    !(CLASSIFICATION_SETS as readonly string[]).includes(o.id) &&
    !(REGRESSION_SETS as readonly string[]).includes(o.id)
  ) {
    fail(
      `makeDataset2d: unknown data set ${JSON.stringify(o.id)} (data sets: ${[...CLASSIFICATION_SETS, ...REGRESSION_SETS].join(', ')})`,
    );
  }
  if (!Number.isInteger(o.n) || o.n < 2 || o.n > MAX_POINTS)
    fail(`makeDataset2d: n must be an integer in [2, ${MAX_POINTS}], got ${o.n}`);
  if (!(o.noise >= 0 && o.noise <= 1)) fail(`makeDataset2d: noise must be in [0, 1], got ${o.noise}`);
  const rand = createRandom(o.seed);
  const x = new Float64Array(2 * o.n);
  const y = new Float64Array(o.n);
  const task = taskOf(o.id);
  for (let i = 0; i < o.n; i++) {
    const [x1, x2, t] =
      task === 'classification'
        ? classPoint(o.id as ClassificationSetId, i % 2, o.noise, rand)
        : regressionPoint(o.id as RegressionSetId, o.noise, rand);
    x[2 * i] = x1;
    x[2 * i + 1] = x2;
    y[i] = t;
  }
  return { id: o.id, task, n: o.n, x, y };
}

/** One point of class `label` (0 or 1): its clean place, then the jitter. */
function classPoint(id: ClassificationSetId, label: number, noise: number, r: Random): [number, number, number] {
  let x1: number;
  let x2: number;
  switch (id) {
    case 'circles': {
      // Class 1 inside radius 0.45, class 0 on a ring 0.65–0.95: a gap of 0.2 between them.
      const radius = label === 1 ? r.uniform(0, 0.45) : r.uniform(0.65, 0.95);
      const angle = r.uniform(0, 2 * Math.PI);
      [x1, x2] = [radius * Math.cos(angle), radius * Math.sin(angle)];
      break;
    }
    case 'xor': {
      // Quadrants, kept 0.05 from the axes so the clean classes do not touch; class 1 where x₁x₂ > 0.
      const a = r.uniform(0.05, 1) * (r.uniform() < 0.5 ? -1 : 1);
      const b = r.uniform(0.05, 1) * (label === 1 ? Math.sign(a) : -Math.sign(a));
      [x1, x2] = [a, b];
      break;
    }
    case 'gaussians': {
      // Centres (0.45, 0.45) for class 1 and (−0.45, −0.45) for class 0; noise widens them.
      const c = label === 1 ? 0.45 : -0.45;
      const spread = 0.15 + 0.35 * noise;
      return [r.normal(c, spread), r.normal(c, spread), label];
    }
    case 'spiral': {
      // Two arms of 1.75 turns, the second turned by π: r = 0.95·t, θ = 3.5π·t + πk.
      const t = r.uniform(0.05, 1);
      const angle = 3.5 * Math.PI * t + Math.PI * label;
      [x1, x2] = [0.95 * t * Math.cos(angle), 0.95 * t * Math.sin(angle)];
      break;
    }
  }
  const jitter = 0.3 * noise;
  return [x1 + r.normal(0, jitter), x2 + r.normal(0, jitter), label];
}

/** The clean regression functions, each with values in [−1, 1] on the square. */
export function regressionTarget(id: RegressionSetId, x1: number, x2: number): number {
  switch (id) {
    case 'plane':
      return (x1 + x2) / 2;
    case 'saddle':
      // XOR's smooth cousin: positive in the quadrants where class 1 would be.
      return x1 * x2;
    case 'bumps': {
      // A hill at (−0.4, 0.4) and a pit at (0.4, −0.4), TensorFlow Playground's "multi Gaussian" idea.
      const g = (cx: number, cy: number): number => Math.exp(-((x1 - cx) ** 2 + (x2 - cy) ** 2) / 0.18);
      return g(-0.4, 0.4) - g(0.4, -0.4);
    }
  }
}

function regressionPoint(id: RegressionSetId, noise: number, r: Random): [number, number, number] {
  const x1 = r.uniform(-1, 1);
  const x2 = r.uniform(-1, 1);
  return [x1, x2, regressionTarget(id, x1, x2) + r.normal(0, 0.3 * noise)];
}
