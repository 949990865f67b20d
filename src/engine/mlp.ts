import { ACTIVATIONS, type ActivationId } from './activations';
import { createRandom } from './random';
import { fail } from './tensor';

/**
 * A small multilayer perceptron in float64, with its backward pass written out: what the
 * playground's network scene trains. Layer l maps h_{l−1} (h_0 = x) to
 *
 *   z_l = W_l h_{l−1} + b_l,   h_l = f(z_l)   (hidden layers; f is tanh, ReLU or sigmoid)
 *
 * and the last layer is linear: the network's output is z_L. Backpropagation, for a batch with
 * upstream gradient G_L = ∂L/∂z_L (one row per sample):
 *
 *   ∂L/∂W_l = G_lᵀ h_{l−1},   ∂L/∂b_l = Σ_rows G_l,   G_{l−1} = (G_l W_l) ⊙ f′(z_{l−1})
 *
 * All parameters live in one Float64Array (layer by layer: W_l row-major, out × in, then b_l), so a
 * gradient, a snapshot and an SGD step are each one array. Loops are plain and allocate nothing
 * per step: a workspace holds every layer's z and h for the largest batch.
 */
export type MlpSpec = {
  inputs: number;
  /** Units per hidden layer, e.g. [8, 8]. */
  hidden: readonly number[];
  outputs: number;
  activation: ActivationId;
};

export type Mlp = {
  /** [inputs, ...hidden, outputs]. */
  readonly sizes: readonly number[];
  readonly activation: ActivationId;
  /** W_1, b_1, W_2, b_2, …: layer l's weights start at weightAt[l − 1], its biases right after. */
  readonly params: Float64Array;
  readonly weightAt: readonly number[];
};

const MAX_LAYER_WIDTH = 64;
const MAX_HIDDEN_LAYERS = 8;

function checkSpec(s: MlpSpec): void {
  const width = (v: unknown, what: string): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_LAYER_WIDTH)
      fail(`mlp: ${what} must be an integer in [1, ${MAX_LAYER_WIDTH}], got ${String(v)}`);
  };
  width(s.inputs, 'inputs');
  width(s.outputs, 'outputs');
  if (!Array.isArray(s.hidden) || s.hidden.length > MAX_HIDDEN_LAYERS)
    fail(`mlp: hidden must list at most ${MAX_HIDDEN_LAYERS} layer widths`);
  s.hidden.forEach((h, i) => width(h, `hidden[${i}]`));
  if (!Object.hasOwn(ACTIVATIONS, s.activation))
    fail(
      `mlp: unknown activation ${JSON.stringify(s.activation)} (activations: ${Object.keys(ACTIVATIONS).join(', ')})`,
    );
}

/** The network's shape with all parameters zero. */
export function emptyMlp(spec: MlpSpec): Mlp {
  checkSpec(spec);
  const sizes = [spec.inputs, ...spec.hidden, spec.outputs];
  const weightAt: number[] = [];
  let at = 0;
  for (let l = 1; l < sizes.length; l++) {
    weightAt.push(at);
    at += sizes[l] * sizes[l - 1] + sizes[l];
  }
  return { sizes, activation: spec.activation, params: new Float64Array(at), weightAt };
}

export type InitOptions = {
  seed: number;
  /** Multiplies every initial weight (1: the standard scale). */ scale?: number;
};

/**
 * Seeded initial weights, biases zero: Glorot (Xavier) uniform, U(±√(6/(in + out))), for tanh and
 * sigmoid layers, He uniform, U(±√(6/in)), into ReLU layers (Glorot & Bengio 2010; He et al.
 * 2015), the output layer by Glorot. The same seed gives the same weights, bit for bit.
 */
export function initMlp(spec: MlpSpec, o: InitOptions): Mlp {
  const net = emptyMlp(spec);
  const scale = o.scale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale)))
    fail(`mlp: the initial weight scale must be a positive number, got ${scale}`);
  const rand = createRandom(o.seed);
  const { sizes, params, weightAt } = net;
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const fanOut = sizes[l];
    const intoRelu = spec.activation === 'relu' && l < sizes.length - 1;
    const limit = scale * Math.sqrt(6 / (intoRelu ? fanIn : fanIn + fanOut));
    const w0 = weightAt[l - 1];
    for (let k = 0; k < fanIn * fanOut; k++) params[w0 + k] = rand.uniform(-limit, limit);
  }
  return net;
}

/** Every layer's pre-activations z and outputs h for up to `capacity` samples, and the backward pass's buffers. */
export class MlpWorkspace {
  readonly z: Float64Array[];
  readonly h: Float64Array[];
  readonly g: Float64Array[];
  constructor(
    readonly sizes: readonly number[],
    readonly capacity: number,
  ) {
    // Index l = 1..L (index 0 unused: h_0 is the input itself).
    this.z = sizes.map((s) => new Float64Array(s * capacity));
    this.h = sizes.map((s) => new Float64Array(s * capacity));
    this.g = sizes.map((s) => new Float64Array(s * capacity));
  }
}

function fits(net: Mlp, ws: MlpWorkspace, n: number, x: Float64Array): void {
  if (ws.sizes.length !== net.sizes.length || ws.sizes.some((s, i) => s !== net.sizes[i]))
    fail('mlp: the workspace was made for another network shape');
  if (!Number.isInteger(n) || n < 0 || n > ws.capacity)
    fail(`mlp: a batch of ${n} rows does not fit a workspace of ${ws.capacity}`);
  if (x.length < n * net.sizes[0])
    fail(`mlp: the input has ${x.length} numbers, fewer than ${n} rows of ${net.sizes[0]}`);
}

/**
 * The forward pass over the rows `rows` of x (row indices into x, which holds rows of
 * sizes[0] numbers), or over its first n rows when `rows` is null. Returns the output z_L
 * (n × outputs, row-major) inside the workspace: valid until its next use.
 */
export function forward(
  net: Mlp,
  x: Float64Array,
  n: number,
  ws: MlpWorkspace,
  rows: ArrayLike<number> | null = null,
): Float64Array {
  fits(net, ws, n, x);
  const { sizes, params, weightAt } = net;
  const L = sizes.length - 1;
  const f = ACTIVATIONS[net.activation].value;
  const nIn = sizes[0];
  for (let l = 1; l <= L; l++) {
    const nOut = sizes[l];
    const prevN = sizes[l - 1];
    const prev = l === 1 ? x : ws.h[l - 1];
    const z = ws.z[l];
    const h = ws.h[l];
    const w0 = weightAt[l - 1];
    const b0 = w0 + nOut * prevN;
    const hidden = l < L;
    for (let r = 0; r < n; r++) {
      const inAt = l === 1 ? (rows === null ? r : rows[r]) * nIn : r * prevN;
      for (let j = 0; j < nOut; j++) {
        let s = params[b0 + j];
        const wj = w0 + j * prevN;
        for (let k = 0; k < prevN; k++) s += params[wj + k] * prev[inAt + k];
        z[r * nOut + j] = s;
        h[r * nOut + j] = hidden ? f(s) : s;
      }
    }
  }
  return ws.z[L];
}

/**
 * The gradient of the loss with respect to every parameter, into `grad` (same layout as params,
 * overwritten), from dOut = ∂L/∂z_L for the rows of the last `forward` (n × outputs). The input
 * rows must be those of that forward pass.
 */
export function backward(
  net: Mlp,
  x: Float64Array,
  n: number,
  ws: MlpWorkspace,
  dOut: Float64Array,
  grad: Float64Array,
  rows: ArrayLike<number> | null = null,
): void {
  fits(net, ws, n, x);
  const { sizes, params, weightAt } = net;
  if (grad.length !== params.length)
    fail(`mlp: the gradient has ${grad.length} numbers but the network ${params.length}`);
  const L = sizes.length - 1;
  if (dOut.length < n * sizes[L]) fail(`mlp: dOut has ${dOut.length} numbers, fewer than ${n} rows of ${sizes[L]}`);
  const df = ACTIVATIONS[net.activation].derivative;
  const nIn = sizes[0];
  grad.fill(0);
  ws.g[L].set(dOut.subarray(0, n * sizes[L]));
  for (let l = L; l >= 1; l--) {
    const nOut = sizes[l];
    const prevN = sizes[l - 1];
    const g = ws.g[l];
    const prev = l === 1 ? x : ws.h[l - 1];
    const w0 = weightAt[l - 1];
    const b0 = w0 + nOut * prevN;
    for (let r = 0; r < n; r++) {
      const inAt = l === 1 ? (rows === null ? r : rows[r]) * nIn : r * prevN;
      for (let j = 0; j < nOut; j++) {
        const gj = g[r * nOut + j];
        if (gj === 0) continue;
        grad[b0 + j] += gj;
        const wj = w0 + j * prevN;
        for (let k = 0; k < prevN; k++) grad[wj + k] += gj * prev[inAt + k];
      }
    }
    if (l === 1) break;
    // G_{l−1} = (G_l W_l) ⊙ f′(z_{l−1})
    const gPrev = ws.g[l - 1];
    const zPrev = ws.z[l - 1];
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < prevN; k++) {
        let s = 0;
        for (let j = 0; j < nOut; j++) s += g[r * nOut + j] * params[w0 + j * prevN + k];
        gPrev[r * prevN + k] = s * df(zPrev[r * prevN + k]);
      }
    }
  }
}

/** One step of gradient descent, θ ← θ − η·∇θ, in place. */
export function sgdStep(net: Mlp, grad: Float64Array, eta: number): void {
  const p = net.params;
  if (grad.length !== p.length) fail(`mlp: the gradient has ${grad.length} numbers but the network ${p.length}`);
  for (let i = 0; i < p.length; i++) p[i] -= eta * grad[i];
}

/** The outputs for the first n rows of x, in a new array: for tests and one-off use. */
export function predict(net: Mlp, x: Float64Array, n: number): Float64Array {
  const ws = new MlpWorkspace(net.sizes, Math.max(1, n));
  return forward(net, x, n, ws).slice(0, n * net.sizes[net.sizes.length - 1]);
}
