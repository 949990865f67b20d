/**
 * Scene 4: the saturated neuron of Nielsen's "Neural Networks and Deep Learning", ch. 3, under both
 * costs: one sigmoid neuron, x = 1, y = 0, from the same w and b. Cross-entropy may have its own
 * learning rate (`etaCe`): the chapter's figures use η = 0.15 for the quadratic cost and 0.005 for
 * cross-entropy.
 */
import { simulateNeuron } from '../../engine';
import type { NeuronData, NeuronInput } from '../../protocol';
import { field, record } from '../validate';
import { computed } from './define';

export function neuronScene(i: NeuronInput): NeuronData {
  const common = { w: i.w, b: i.b, x: 1, y: 0, epochs: i.epochs };
  return {
    mse: simulateNeuron({ loss: 'mse', eta: i.eta, ...common }),
    bce: simulateNeuron({ loss: 'bce', eta: i.etaCe ?? i.eta, ...common }),
  };
}

const eta = field.num(0.001, 10);
const inputs = {
  w: field.num(-10, 10),
  b: field.num(-10, 10),
  eta,
  etaCe: field.optional(eta),
  epochs: field.int(1, 5000),
};

export const scene = computed({
  id: 'neuron',
  input: record(inputs),
  view: record({ ...inputs, etaCe: eta }),
  example: { w: 2, b: 2, eta: 0.15, etaCe: 0.005, epochs: 300 },
  answer: neuronScene,
});
