import { logSigmoid, sigmoid } from './numerics';
import { fail } from './tensor';

/**
 * One sigmoid neuron, one training example, plain gradient descent: the experiment of
 * M. Nielsen, "Neural Networks and Deep Learning", ch. 3 ("The cross-entropy cost function",
 * http://neuralnetworksanddeeplearning.com/chap3.html). It shows why a saturated neuron learns
 * slowly under the quadratic cost and fast under cross-entropy: with a = σ(z), z = w·x + b,
 *
 *   quadratic      C = (a − y)²/2                     ∂C/∂z = (a − y)·σ′(z)
 *   cross-entropy  C = −[y ln a + (1 − y) ln(1 − a)]   ∂C/∂z = a − y
 *
 * and ∂C/∂w = x·∂C/∂z, ∂C/∂b = ∂C/∂z. The σ′(z) factor is what stalls the quadratic cost when
 * the neuron starts out badly wrong (w = b = 2 gives a = 0.98 for y = 0).
 *
 * Published numbers (x = 1, y = 0, η = 0.15, 300 epochs): quadratic from w = 0.6, b = 0.9
 * (a = 0.82) ends near 0.09; from w = b = 2 (a = 0.98) near 0.20; cross-entropy from w = b = 2
 * falls fast. The unit tests check exactly these.
 *
 * Relation to the catalog: 'bce' here is the catalog's `bce_with_logits` on z (the same stable
 * form (1 − y)z − log σ(z), the same gradient σ(z) − y); 'mse' is half the catalog's `mse`
 * (Nielsen's ½ convention, which is what makes 0.09 and 0.20 come out). Both are computed from z
 * inline: a scalar loop of up to 100,000 epochs should not allocate tensors per step.
 */
export type NeuronOptions = {
  /** 'mse': the quadratic cost (a − y)²/2; 'bce': the cross-entropy cost. */
  loss: 'mse' | 'bce';
  w: number;
  b: number;
  x: number;
  /** The target output; in [0, 1] for 'bce'. */
  y: number;
  /** The learning rate η > 0. */
  eta: number;
  /** Gradient steps, an integer in [0, 100000]. */
  epochs: number;
};

/**
 * `outputs[k]` is the neuron's output σ(w·x + b) after k epochs and `losses[k]` the cost at that
 * output, for k = 0 … epochs: both have epochs + 1 entries, and outputs[0] is the output before
 * training.
 */
export type NeuronTrace = { outputs: number[]; losses: number[] };

export const MAX_EPOCHS = 100000;

export function simulateNeuron(o: NeuronOptions): NeuronTrace {
  if (typeof o !== 'object' || o === null)
    fail('simulateNeuron: options must be an object { loss, w, b, x, y, eta, epochs }');
  if (o.loss !== 'mse' && o.loss !== 'bce')
    fail(`simulateNeuron: loss must be 'mse' or 'bce', got ${JSON.stringify(o.loss)}`);
  const w0 = finite('w', o.w);
  const b0 = finite('b', o.b);
  const x = finite('x', o.x);
  const y = finite('y', o.y);
  const eta = finite('eta', o.eta);
  if (!(eta > 0)) fail(`simulateNeuron: eta must be > 0, got ${eta}`);
  if (o.loss === 'bce' && !(y >= 0 && y <= 1))
    fail(`simulateNeuron: y must be in [0, 1] for the cross-entropy cost, got ${y}`);
  const epochs = o.epochs;
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 0 || epochs > MAX_EPOCHS) {
    fail(
      `simulateNeuron: epochs must be an integer in [0, ${MAX_EPOCHS}], got ${typeof epochs === 'number' ? String(epochs) : (JSON.stringify(epochs) ?? typeof epochs)}`,
    );
  }

  const outputs = new Array<number>(epochs + 1);
  const losses = new Array<number>(epochs + 1);
  const quadratic = o.loss === 'mse';
  let w = w0;
  let b = b0;
  for (let k = 0; ; k++) {
    const z = w * x + b;
    // With finite inputs this only trips for absurd magnitudes (|w·x| near 1e308) or a learning
    // rate that pushed w past them; say so rather than return NaN.
    if (!Number.isFinite(z))
      fail(
        `simulateNeuron: w·x + b overflowed at epoch ${k} (w = ${w}, b = ${b}); use smaller inputs or a smaller eta`,
      );
    const a = sigmoid(z);
    outputs[k] = a;
    let dz: number;
    if (quadratic) {
      const e = a - y;
      losses[k] = 0.5 * e * e;
      dz = e * sigmoid(z) * sigmoid(-z); // σ′(z) = σ(z)σ(−z), no cancellation when a ≈ 1
    } else {
      // −[y log σ(z) + (1 − y) log σ(−z)] = (1 − y)z − log σ(z): finite even when a rounds to 0 or 1.
      losses[k] = (1 - y) * z - logSigmoid(z);
      dz = a - y;
    }
    if (k === epochs) break;
    w -= eta * dz * x;
    b -= eta * dz;
  }
  return { outputs, losses };
}

function finite(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail(
      `simulateNeuron: ${name} must be a finite number, got ${typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? typeof v)}`,
    );
  return v;
}
