/**
 * Scene 11: a small network that trains on a 2-D data set under a catalog loss, or two side by side
 * from the same initial weights. The numbers come from the engine (its data sets, MLP and
 * training); what is here is the scene's checks and the streaming of a training: a request names
 * a configuration and an epoch, and is answered in stages as the network trains towards it, every
 * ~50 ms of work (or of the requested pace), the last one final. The trainings this thread has
 * run are kept with snapshots of their weights, so a pause, a step or a longer play resumes where
 * the training is (or from the snapshot just before) instead of starting over: epoch k of a
 * configuration is the same either way.
 */
import {
  makeDataset2d,
  NetworkTraining,
  networkLossesFor,
  taskOf,
  type Dataset2d,
  type NetworkSnapshot,
} from '../../engine';
import {
  NETWORK_ACTIVATIONS,
  NETWORK_DATASETS,
  NETWORK_EXTENT,
  NETWORK_LOSSES,
  NETWORK_MAX_EPOCHS,
  NETWORK_OUTPUTS,
  type NetworkData,
  type NetworkInput,
  type NetworkLossId,
  type NetworkView,
} from '../../protocol';
import { bad, field, record } from '../validate';
import type { ComputedScene, Rest, Stage } from './define';

/** How long one slice of training may hold the thread, and how often a play sends a picture. */
const SLICE_MS = 8;
const EMIT_MS = 50;
/** Curves are sent whole up to this many epochs, then thinned to about this many points. */
const CURVE_POINTS = 500;
/** Snapshots kept per training; beyond, every other older one goes. */
const MAX_SNAPSHOTS = 256;

/** The input without where the training should stand or how fast it goes there: one training. */
function trainingKey(i: NetworkInput): string {
  return JSON.stringify([
    i.dataset,
    i.n,
    i.noise,
    i.dataSeed,
    i.hidden,
    i.activation,
    i.output,
    i.initScale,
    i.initSeed,
    i.loss,
    i.lossB ?? null,
    i.eta,
    i.batch,
  ]);
}

function networkDataset(i: Pick<NetworkInput, 'dataset' | 'n' | 'noise' | 'dataSeed'>): Dataset2d {
  return makeDataset2d({ id: i.dataset, n: i.n, noise: i.noise, seed: i.dataSeed });
}

export function networkTraining(i: NetworkInput): NetworkTraining {
  return new NetworkTraining({
    data: networkDataset(i),
    hidden: i.hidden,
    activation: i.activation,
    output: i.output,
    initScale: i.initScale,
    initSeed: i.initSeed,
    losses: i.lossB ? [i.loss, i.lossB] : [i.loss],
    eta: i.eta,
    batch: i.batch,
  });
}

/** A training and the snapshots it can go back to (epoch 0 always among them), oldest first. */
type Kept = { training: NetworkTraining; snapshots: NetworkSnapshot[]; stepsPerSecond: number };

/** The last few trainings of this thread: a pause, a step or a play resumes one. */
export class TrainingCache {
  private readonly entries = new Map<string, Kept>();
  constructor(private readonly size = 3) {}

  /** The training of this input, at its epoch or before it. */
  resume(i: NetworkInput): Kept {
    const key = trainingKey(i);
    let kept = this.entries.get(key);
    this.entries.delete(key);
    if (!kept) {
      const training = networkTraining(i);
      kept = { training, snapshots: [training.snapshot()], stepsPerSecond: 0 };
    }
    this.entries.set(key, kept);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    if (kept.training.epoch > i.epochs) {
      let k = kept.snapshots.length - 1;
      while (kept.snapshots[k].epoch > i.epochs) k--;
      kept.training.restore(kept.snapshots[k]);
      kept.snapshots.length = k + 1;
    }
    return kept;
  }
}

/** Keeps a snapshot of where the training is; thins the old ones when there are too many. */
function remember(kept: Kept): void {
  const t = kept.training;
  const s = kept.snapshots;
  if (s[s.length - 1].epoch === t.epoch) return;
  s.push(t.snapshot());
  if (s.length > MAX_SNAPSHOTS) kept.snapshots = s.filter((_, k) => k % 2 === 0 || k === s.length - 1);
}

/** The curves' epochs: all of them up to CURVE_POINTS, then evenly spaced, always ending at `epoch`. */
export function curveEpochs(epoch: number): number[] {
  const stride = Math.max(1, Math.ceil(epoch / CURVE_POINTS));
  const out: number[] = [];
  for (let e = 0; e < epoch; e += stride) out.push(e);
  out.push(epoch);
  return out;
}

const round = (v: number, k: number): number | null => (Number.isFinite(v) ? Math.round(v * k) / k : null);

/** What the page draws of a training where it stands now. */
export function networkStage(i: NetworkInput, kept: Kept): NetworkData {
  const t = kept.training;
  const data = t.spec.data;
  let lo = 0;
  let hi = 1;
  if (data.task === 'regression') {
    lo = Math.min(...data.y);
    hi = Math.max(...data.y);
    if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  }
  const epochs = curveEpochs(t.epoch);
  const maps = t.grid(i.resolution, NETWORK_EXTENT);
  return {
    task: data.task,
    dataKey: JSON.stringify([i.dataset, i.n, i.noise, i.dataSeed]),
    points: Array.from({ length: data.n }, (_, k) => ({
      x: round(data.x[2 * k], 1e4)!,
      y: round(data.x[2 * k + 1], 1e4)!,
      label: round(data.y[k], 1e4)!,
    })),
    extent: NETWORK_EXTENT,
    resolution: i.resolution,
    range: [lo, hi],
    metric: data.task === 'classification' ? 'accuracy' : 'r2',
    epoch: t.epoch,
    target: i.epochs,
    steps: t.steps,
    stepsPerEpoch: t.stepsPerEpoch,
    curveEpochs: epochs,
    runs: t.runs.map((run, k) => ({
      loss: run.loss.id,
      map: Array.from(maps[k], (v) => round(data.task === 'classification' ? v : (v - lo) / (hi - lo), 1e3)),
      losses: epochs.map((e) => round(run.losses[e], 1e6)),
      metrics: epochs.map((e) => round(run.metrics[e], 1e6)),
      diverged: run.diverged,
    })),
    stepsPerSecond: kept.stepsPerSecond,
  };
}

/**
 * The training of an input, towards its epoch, in stages: slices of whole epochs of at most
 * SLICE_MS (null between them), a picture every EMIT_MS, a rest when ahead of the pace, and the
 * final picture at the epoch asked for.
 */
export function* networkStages(i: NetworkInput, cache: TrainingCache): Generator<Stage<'network'> | Rest | null> {
  const kept = cache.resume(i);
  const t = kept.training;
  const t0 = performance.now();
  const epoch0 = t.epoch;
  const steps0 = t.steps;
  let lastEmit = -Infinity;
  /** Time spent training (not resting): the speed is the engine's, whatever the pace. */
  let trainMs = 0;
  const measureSpeed = (): void => {
    if (trainMs >= 20) kept.stepsPerSecond = ((t.steps - steps0) * t.runs.length * 1000) / trainMs;
  };
  for (;;) {
    if (t.epoch >= i.epochs) {
      measureSpeed();
      remember(kept);
      yield { data: networkStage(i, kept), final: true };
      return;
    }
    // The time the next epoch may start at this pace.
    const due = i.pace > 0 ? t0 + ((t.epoch - epoch0) * 1000) / i.pace : -Infinity;
    let now = performance.now();
    if (due > now) {
      yield { rest: due - now };
      continue;
    }
    const sliceStart = now;
    do {
      t.trainEpoch();
      now = performance.now();
    } while (
      t.epoch < i.epochs &&
      now < sliceStart + SLICE_MS &&
      (i.pace === 0 || t0 + ((t.epoch - epoch0) * 1000) / i.pace <= now)
    );
    trainMs += now - sliceStart;
    if (t.epoch >= i.epochs) continue;
    if (now - lastEmit >= EMIT_MS) {
      lastEmit = now;
      measureSpeed();
      remember(kept);
      yield { data: networkStage(i, kept), final: false };
    } else {
      yield null;
    }
  }
}

/** This thread's trainings: a pause, a step or a play goes on from them. */
const trainings = new TrainingCache();

/** Checks what no single field can: whole numbers of units, and losses that fit the data set's task. */
function rule(v: Partial<NetworkInput> & { compare?: boolean }, where: string): void {
  v.hidden?.forEach((h, k) => Number.isInteger(h) || bad(`${where}.hidden[${k}] must be an integer, got ${h}`));
  if (v.dataset === undefined) return;
  const task = taskOf(v.dataset);
  const fits = networkLossesFor(task);
  const check = (name: 'loss' | 'lossB', id: NetworkLossId | undefined): void => {
    if (id !== undefined && !fits.includes(id))
      bad(`${where}.${name}: ${id} is not a loss for ${task} (${v.dataset}); for ${task}: ${fits.join(', ')}`);
  };
  check('loss', v.loss);
  // A view keeps its second loss while it is switched off; it must fit only when it is shown.
  if (!('compare' in v) || v.compare) check('lossB', v.lossB);
}

const common = {
  dataset: field.oneOf(NETWORK_DATASETS),
  n: field.int(10, 1000),
  noise: field.num(0, 1),
  dataSeed: field.int(0, 2 ** 31 - 1),
  hidden: field.nums(1, 3, 1, 8),
  activation: field.oneOf(NETWORK_ACTIVATIONS),
  output: field.oneOf(NETWORK_OUTPUTS),
  initScale: field.num(0.1, 10),
  initSeed: field.int(0, 2 ** 31 - 1),
  loss: field.oneOf(NETWORK_LOSSES),
  eta: field.num(1e-5, 10),
  batch: field.int(1, 1000),
  epochs: field.int(0, NETWORK_MAX_EPOCHS),
  pace: field.num(0, 100_000),
};

export const scene: ComputedScene<'network'> = {
  id: 'network',
  input: record<NetworkInput>(
    { ...common, lossB: field.optional(field.oneOf(NETWORK_LOSSES)), resolution: field.int(8, 100) },
    rule,
  ),
  view: record<NetworkView>({ ...common, compare: field.bool(), lossB: field.oneOf(NETWORK_LOSSES) }, rule),
  example: {
    dataset: 'circles',
    n: 100,
    noise: 0.1,
    dataSeed: 1,
    hidden: [4, 4],
    activation: 'tanh',
    output: 'sigmoid',
    initScale: 1,
    initSeed: 1,
    loss: 'mse',
    lossB: 'bce',
    eta: 0.1,
    batch: 10,
    epochs: 20,
    pace: 0,
    resolution: 24,
  },
  staged: true,
  compute: (input) => networkStages(input, trainings),
};
