import type { ActivationId } from './activations';
import type { Dataset2d } from './datasets2d';
import { backward, forward, initMlp, MlpWorkspace, sgdStep, type Mlp, type MlpSpec } from './mlp';
import { NetworkLoss, type NetworkLossId, type OutputUnit } from './networkLoss';
import { createRandom } from './random';
import { fail } from './tensor';

/**
 * Training a small network on a 2-D data set by minibatch stochastic gradient descent, under one
 * loss or two side by side. Pure and seeded: the data set, the initial weights (one seed) and the
 * order of the minibatches in each epoch (a generator seeded from that seed and the epoch number)
 * fix every number, so epoch k of a configuration is the same wherever and however often it is
 * computed, and training can resume from a snapshot of the weights alone.
 *
 * Two losses share everything but the loss: the same initial weights (the output layer has one
 * unit for every loss, see ./networkLoss), the same minibatches in the same order, the same
 * learning rate. After each epoch both are measured on the whole data set: the mean loss, and the
 * accuracy (classification) or R² = 1 − SSE/SST (regression).
 */
export type NetworkSpec = {
  data: Dataset2d;
  hidden: readonly number[];
  activation: ActivationId;
  /** The output unit for the regression losses on a classification set: z, or σ(z). */
  output: OutputUnit;
  /** Multiplies the initial weights (1: Glorot/He as they are). */
  initScale: number;
  initSeed: number;
  /** One loss, or two trained side by side from the same start. */
  losses: readonly NetworkLossId[];
  /** Learning rate η. */
  eta: number;
  /** Minibatch size; at least the data set's size means full-batch gradient descent. */
  batch: number;
};

/** Epochs a seed can order: the minibatch order of epoch e comes from seed·2²¹ + e + 1. */
export const MAX_TRAINING_EPOCHS = 2 ** 21 - 2;
const MAX_SEED = 2 ** 31;

/** The state to resume from: which epoch, how many steps so far, every run's weights. */
export type NetworkSnapshot = { epoch: number; steps: number; params: Float64Array[]; diverged: (number | null)[] };

/** One loss's network and its measurements after every epoch. */
export class NetworkRun {
  /** Mean loss over the whole data set after 0, 1, 2, … epochs. */
  readonly losses: number[] = [];
  /** Accuracy (classification) or R² (regression) after 0, 1, 2, … epochs. */
  readonly metrics: number[] = [];
  /** The epoch in which the weights stopped being finite (the learning rate was too large); then the run stops. */
  diverged: number | null = null;
  readonly grad: Float64Array;
  constructor(
    readonly net: Mlp,
    readonly loss: NetworkLoss,
  ) {
    this.grad = new Float64Array(net.params.length);
  }
}

export class NetworkTraining {
  readonly runs: NetworkRun[];
  readonly batch: number;
  epoch = 0;
  /** SGD steps taken so far (per run: the runs step together). */
  steps = 0;
  private readonly batchWs: MlpWorkspace;
  private readonly fullWs: MlpWorkspace;
  private readonly order: Int32Array;
  private readonly rowsBuf: Int32Array;
  private readonly yBatch: Float64Array;
  private readonly dz: Float64Array;
  private gridOf: { resolution: number; extent: number; xs: Float64Array; ws: MlpWorkspace } | undefined;

  constructor(readonly spec: NetworkSpec) {
    const { data } = spec;
    if (!spec.losses.length || spec.losses.length > 2)
      fail(`network: train with one loss or two, got ${spec.losses.length}`);
    if (!(spec.eta > 0 && Number.isFinite(spec.eta)))
      fail(`network: the learning rate must be a positive number, got ${spec.eta}`);
    if (!Number.isInteger(spec.batch) || spec.batch < 1)
      fail(`network: the batch size must be a positive integer, got ${spec.batch}`);
    if (!Number.isInteger(spec.initSeed) || spec.initSeed < 0 || spec.initSeed >= MAX_SEED)
      fail(`network: the seed must be an integer in [0, 2^31), got ${spec.initSeed}`);
    const shape: MlpSpec = { inputs: 2, hidden: spec.hidden, outputs: 1, activation: spec.activation };
    const start = initMlp(shape, { seed: spec.initSeed, scale: spec.initScale });
    this.runs = spec.losses.map(
      (id) => new NetworkRun({ ...start, params: start.params.slice() }, new NetworkLoss(id, data.task, spec.output)),
    );
    this.batch = Math.min(spec.batch, data.n);
    this.batchWs = new MlpWorkspace(start.sizes, this.batch);
    this.fullWs = new MlpWorkspace(start.sizes, data.n);
    this.order = new Int32Array(data.n);
    this.rowsBuf = new Int32Array(this.batch);
    this.yBatch = new Float64Array(this.batch);
    this.dz = new Float64Array(data.n);
    this.measure();
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.spec.data.n / this.batch);
  }

  /** One pass over the data set in shuffled minibatches, then each run measured on all of it. */
  trainEpoch(): void {
    if (this.epoch >= MAX_TRAINING_EPOCHS) fail(`network: at most ${MAX_TRAINING_EPOCHS} epochs`);
    const { x, y, n } = this.spec.data;
    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    // Fisher–Yates with this epoch's own generator: epoch e's order needs nothing of epoch e − 1.
    const rand = createRandom(this.spec.initSeed * (MAX_TRAINING_EPOCHS + 2) + this.epoch + 1);
    for (let i = n - 1; i > 0; i--) {
      const j = rand.int(0, i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (let start = 0; start < n; start += this.batch) {
      const m = Math.min(this.batch, n - start);
      const rows = this.rowsBuf;
      for (let r = 0; r < m; r++) {
        rows[r] = order[start + r];
        this.yBatch[r] = y[rows[r]];
      }
      for (const run of this.runs) if (run.diverged === null) this.step(run, x, rows, m);
      this.steps++;
    }
    this.epoch++;
    this.measure();
  }

  private step(run: NetworkRun, x: Float64Array, rows: Int32Array, m: number): void {
    const z = forward(run.net, x, m, this.batchWs, rows);
    // Weights grown past float64 (too large a learning rate): no loss of them means anything.
    if (!allFinite(z, m)) return void (run.diverged = this.epoch + 1);
    run.loss.lossAndGrad(z, this.yBatch, m, this.dz);
    backward(run.net, x, m, this.batchWs, this.dz, run.grad, rows);
    sgdStep(run.net, run.grad, this.spec.eta);
    if (!allFinite(run.net.params, run.net.params.length)) run.diverged = this.epoch + 1;
  }

  /** Every run's loss and metric on the whole data set, appended to its curves. */
  private measure(): void {
    const { x, y, n, task } = this.spec.data;
    for (const run of this.runs) {
      if (run.diverged !== null) {
        run.losses.push(NaN);
        run.metrics.push(NaN);
        continue;
      }
      const z = forward(run.net, x, n, this.fullWs);
      if (!allFinite(z, n)) {
        run.diverged = this.epoch;
        run.losses.push(NaN);
        run.metrics.push(NaN);
        continue;
      }
      const loss = run.loss.lossAndGrad(z, y, n, this.dz);
      run.losses.push(Number.isFinite(loss) ? loss : NaN);
      run.metrics.push(task === 'classification' ? accuracy(run.loss, z, y, n) : rSquared(z, y, n));
    }
  }

  snapshot(): NetworkSnapshot {
    return {
      epoch: this.epoch,
      steps: this.steps,
      params: this.runs.map((r) => r.net.params.slice()),
      diverged: this.runs.map((r) => r.diverged),
    };
  }

  /** Back to a snapshot of this training (an earlier epoch): weights restored, curves cut there. */
  restore(s: NetworkSnapshot): void {
    if (s.params.length !== this.runs.length || s.epoch > this.epoch)
      fail('network: the snapshot is not of this training, or is ahead of it');
    this.epoch = s.epoch;
    this.steps = s.steps;
    this.runs.forEach((run, k) => {
      run.net.params.set(s.params[k]);
      run.diverged = s.diverged[k];
      run.losses.length = s.epoch + 1;
      run.metrics.length = s.epoch + 1;
    });
  }

  /**
   * Each run's prediction over a resolution × resolution grid of [−extent, extent]², row r at
   * x₂ = −extent + 2·extent·r/(resolution − 1) (row 0 at the bottom), column c likewise in x₁:
   * for classification the shade in [0, 1] of ./networkLoss (0.5 at the decision boundary), for
   * regression the output z.
   */
  grid(resolution: number, extent: number): Float64Array[] {
    if (!Number.isInteger(resolution) || resolution < 2 || resolution > 1000)
      fail(`network: the grid resolution must be an integer in [2, 1000], got ${resolution}`);
    const cells = resolution * resolution;
    // A play asks for the same grid many times a second: its points and buffers are kept.
    if (this.gridOf?.resolution !== resolution || this.gridOf.extent !== extent) {
      const xs = new Float64Array(2 * cells);
      for (let r = 0; r < resolution; r++) {
        for (let c = 0; c < resolution; c++) {
          xs[2 * (r * resolution + c)] = -extent + (2 * extent * c) / (resolution - 1);
          xs[2 * (r * resolution + c) + 1] = -extent + (2 * extent * r) / (resolution - 1);
        }
      }
      this.gridOf = { resolution, extent, xs, ws: new MlpWorkspace(this.runs[0].net.sizes, cells) };
    }
    const { xs, ws } = this.gridOf;
    return this.runs.map((run) => {
      if (run.diverged !== null) return new Float64Array(cells).fill(NaN);
      const z = forward(run.net, xs, cells, ws);
      const out = new Float64Array(cells);
      for (let i = 0; i < cells; i++) out[i] = this.spec.data.task === 'classification' ? run.loss.shadeOf(z[i]) : z[i];
      return out;
    });
  }
}

function allFinite(v: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** The share of points whose predicted class is their label. */
export function accuracy(loss: NetworkLoss, z: Float64Array, y: Float64Array, n: number): number {
  let right = 0;
  for (let i = 0; i < n; i++) if (loss.classOf(z[i]) === y[i]) right++;
  return right / n;
}

/** R² = 1 − Σ(zᵢ − yᵢ)² / Σ(yᵢ − ȳ)²: 1 for a perfect fit, 0 for predicting the mean, below 0 for worse. */
export function rSquared(z: Float64Array, y: Float64Array, n: number): number {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    sse += (z[i] - y[i]) ** 2;
    sst += (y[i] - mean) ** 2;
  }
  if (sst === 0) return sse === 0 ? 1 : 0;
  const r2 = 1 - sse / sst;
  return Number.isFinite(r2) ? r2 : NaN;
}
