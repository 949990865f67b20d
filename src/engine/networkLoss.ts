import { lossDefinition } from './evaluate';
import { sigmoid, sigmoidDerivative } from './activations';
import type { NetworkTask } from './datasets2d';
import type { LossDefinition } from './definition';
import { resolveParams, type ResolvedParams } from './params';
import { fail, type Tensor } from './tensor';

/**
 * How a network with one output z meets the catalog's losses: each loss gets z in the form it
 * takes, with the labels it takes, and its gradient comes back to z by the chain rule. The loss
 * and its gradient are the catalog's own (the same code `evaluate` runs), with its default
 * parameters, so every catalog loss that makes sense for a data set trains the network.
 *
 * What a loss reads (`feed`):
 * - `output`: the network's output as the user set it, z or σ(z) (a sigmoid output unit), against
 *   the labels 0/1 of a classification set or the targets of a regression set. The regression
 *   losses (MSE, L1, Huber, …). With a sigmoid, ∂ℓ/∂z = ∂ℓ/∂a·σ′(z): the factor that stalls MSE.
 * - `probability`: σ(z) against 0/1, always (bce takes probabilities).
 * - `logit`: z as a logit against 0/1 (bce_with_logits, focal): ∂ℓ/∂z with no σ′ factor.
 * - `sign`: z as a score against labels ±1 (hinge, squared hinge, logistic, exponential).
 * - `twoLogits`: the two class logits [0, z] against the class index (cross_entropy,
 *   multi_margin): softmax([0, z]) is (1 − σ(z), σ(z)), so this is the multi-class form of the
 *   same binary problem, and ∂ℓ/∂z is the gradient's second column.
 *
 * Left out: zero_one (its gradient is 0: nothing would train), nll and categorical_crossentropy
 * (cross-entropy written for log-probabilities and probabilities: cross_entropy is the same loss
 * on logits), kl_div, poisson_nll and dice (distributions, counts and masks, not one label per point).
 */
export type NetworkFeed = 'output' | 'probability' | 'logit' | 'sign' | 'twoLogits';
export type OutputUnit = 'linear' | 'sigmoid';

/**
 * How a prediction is shown and scored for classification: the probability-like shade in [0, 1]
 * (0: class 0, 1: class 1, 0.5: the boundary) and so the predicted class.
 * `probability`: σ(z); `value`: z itself against 0/1, clamped; `margin`: (z + 1)/2 clamped, so
 * the margins ±1 of a hinge are the ends of the scale.
 */
export type NetworkShade = 'probability' | 'value' | 'margin';

type Use = { tasks: readonly NetworkTask[]; feed: NetworkFeed; shade: 'output' | NetworkShade };

const BOTH: readonly NetworkTask[] = ['classification', 'regression'];
const CLASSIFICATION: readonly NetworkTask[] = ['classification'];

export const NETWORK_LOSS_USES = {
  mse: { tasks: BOTH, feed: 'output', shade: 'output' },
  l1: { tasks: BOTH, feed: 'output', shade: 'output' },
  smooth_l1: { tasks: BOTH, feed: 'output', shade: 'output' },
  huber: { tasks: BOTH, feed: 'output', shade: 'output' },
  log_cosh: { tasks: BOTH, feed: 'output', shade: 'output' },
  quantile: { tasks: ['regression'], feed: 'output', shade: 'output' },
  bce: { tasks: CLASSIFICATION, feed: 'probability', shade: 'probability' },
  bce_with_logits: { tasks: CLASSIFICATION, feed: 'logit', shade: 'probability' },
  focal: { tasks: CLASSIFICATION, feed: 'logit', shade: 'probability' },
  hinge: { tasks: CLASSIFICATION, feed: 'sign', shade: 'margin' },
  squared_hinge: { tasks: CLASSIFICATION, feed: 'sign', shade: 'margin' },
  logistic: { tasks: CLASSIFICATION, feed: 'sign', shade: 'probability' },
  exponential: { tasks: CLASSIFICATION, feed: 'sign', shade: 'margin' },
  cross_entropy: { tasks: CLASSIFICATION, feed: 'twoLogits', shade: 'probability' },
  multi_margin: { tasks: CLASSIFICATION, feed: 'twoLogits', shade: 'margin' },
} as const satisfies Record<string, Use>;

export type NetworkLossId = keyof typeof NETWORK_LOSS_USES;
export const NETWORK_LOSS_IDS = Object.keys(NETWORK_LOSS_USES) as NetworkLossId[];

export function isNetworkLoss(id: unknown): id is NetworkLossId {
  return typeof id === 'string' && Object.hasOwn(NETWORK_LOSS_USES, id);
}

/** The losses that train a network on this task, in the catalog's order. */
export function networkLossesFor(task: NetworkTask): NetworkLossId[] {
  return NETWORK_LOSS_IDS.filter((id) => (NETWORK_LOSS_USES[id].tasks as readonly NetworkTask[]).includes(task));
}

/** One loss of the network, ready to run on batches: the catalog definition and its default parameters, resolved once. */
export class NetworkLoss {
  readonly def: LossDefinition;
  readonly feed: NetworkFeed;
  /** How a classification prediction is shaded (and so classed). */
  readonly shade: NetworkShade;
  private readonly params: ResolvedParams;
  /** z is read through a sigmoid before the loss. */
  private readonly squashed: boolean;

  constructor(
    readonly id: NetworkLossId,
    readonly task: NetworkTask,
    readonly output: OutputUnit,
  ) {
    if (!isNetworkLoss(id))
      fail(
        `network: ${JSON.stringify(id)} is not a loss a network trains with here (losses: ${NETWORK_LOSS_IDS.join(', ')})`,
      );
    const use = NETWORK_LOSS_USES[id];
    if (!(use.tasks as readonly NetworkTask[]).includes(task)) {
      fail(`network: ${id} is not a ${task} loss (for ${task}: ${networkLossesFor(task).join(', ')})`);
    }
    if (output !== 'linear' && output !== 'sigmoid')
      fail(`network: the output unit must be 'linear' or 'sigmoid', got ${JSON.stringify(output)}`);
    this.def = lossDefinition(id);
    this.feed = use.feed;
    this.params = resolveParams(id, this.def.params, undefined);
    // A regression target can be any number: its output stays linear, whatever the control says.
    this.squashed =
      use.feed === 'probability' || (use.feed === 'output' && task === 'classification' && output === 'sigmoid');
    this.shade = use.shade === 'output' ? (this.squashed ? 'probability' : 'value') : use.shade;
  }

  /**
   * The mean loss over a batch of outputs z (n values) against labels y (0/1 for classification,
   * targets for regression), with ∂loss/∂zᵢ written into dz.
   */
  lossAndGrad(z: Float64Array, y: Float64Array, n: number, dz: Float64Array): number {
    if (z.length < n || y.length < n || dz.length < n)
      fail(`network: a batch of ${n} needs ${n} outputs, labels and gradient slots`);
    const { input, target } = this.tensors(z, y, n);
    const r = this.def.compute(input, target, this.params, 'mean');
    const g = r.grad.data;
    switch (this.feed) {
      case 'twoLogits':
        // Column 0 is a constant logit: only column 1 depends on z.
        for (let i = 0; i < n; i++) dz[i] = g[2 * i + 1];
        break;
      default:
        if (this.squashed) for (let i = 0; i < n; i++) dz[i] = g[i] * sigmoidDerivative(z[i]);
        else for (let i = 0; i < n; i++) dz[i] = g[i];
    }
    return r.loss as number;
  }

  /** The loss's input and target for a batch, in the form this loss takes. */
  private tensors(z: Float64Array, y: Float64Array, n: number): { input: Tensor; target: Tensor } {
    if (this.feed === 'twoLogits') {
      const logits = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) logits[2 * i + 1] = z[i];
      return { input: { shape: [n, 2], data: logits }, target: { shape: [n], data: y.slice(0, n) } };
    }
    const input = new Float64Array(n);
    if (this.squashed) for (let i = 0; i < n; i++) input[i] = sigmoid(z[i]);
    else input.set(z.subarray(0, n));
    const target = this.feed === 'sign' ? Float64Array.from(y.subarray(0, n), (v) => 2 * v - 1) : y.slice(0, n);
    return { input: { shape: [n], data: input }, target: { shape: [n], data: target } };
  }

  /** A classification prediction as a shade in [0, 1]: 0 is class 0, 1 is class 1, above 0.5 is class 1. */
  shadeOf(z: number): number {
    switch (this.shade) {
      case 'probability':
        return sigmoid(z);
      case 'value':
        return Math.min(1, Math.max(0, z));
      case 'margin':
        return Math.min(1, Math.max(0, (z + 1) / 2));
    }
  }

  /** The class a classification output predicts. */
  classOf(z: number): 0 | 1 {
    // The shades are monotone in z with 0.5 at the boundary: z > 0, or z > 0.5 for a value read against 0/1.
    return (this.shade === 'value' ? z > 0.5 : z > 0) ? 1 : 0;
  }
}
