/** Scene 7: softmax of the logits, cross-entropy against the true class, gradient a − y. */
import { evaluate } from '../../engine';
import type { SoftmaxData, SoftmaxInput } from '../../protocol';
import { softmaxOf, vec } from '../curves';
import { field, int, record } from '../validate';
import { computed } from './define';

export function softmaxScene(i: SoftmaxInput): SoftmaxData {
  const r = evaluate({ loss: 'cross_entropy', input: vec(i.logits), target: i.target, reduction: 'mean' });
  return { probs: softmaxOf(i.logits), loss: r.loss as number, grad: Array.from(r.grad.data), target: i.target };
}

const inputs = { logits: field.nums(2, 6, -50, 50), target: field.int(0, 5) };
/** The true class is one of the logits'. */
const classIn = (v: Partial<SoftmaxInput>, where: string): void => {
  if (v.logits && v.target !== undefined) int(v.target, `${where}.target`, 0, v.logits.length - 1);
};

export const scene = computed({
  id: 'softmax',
  input: record(inputs, classIn),
  view: record(inputs, classIn),
  example: { logits: [-1.6, -0.7, -1.2], target: 2 },
  answer: softmaxScene,
});
