/**
 * Scene 9: the same scores read two ways. Multi-label: each score through its own sigmoid, BCE per
 * label (bce_with_logits, mean over labels). Multi-class: one softmax over all, CE on one class.
 */
import { evaluate, type Tensor } from '../../engine';
import type { MultilabelData, MultilabelInput } from '../../protocol';
import { softmaxOf, vec } from '../curves';
import { arr, field, int, record } from '../validate';
import { computed } from './define';

export function multilabel(i: MultilabelInput): MultilabelData {
  const labels = i.labels.map((b) => (b ? 1 : 0));
  const per = evaluate({ loss: 'bce_with_logits', input: vec(i.scores), target: vec(labels), reduction: 'none' });
  const bce = evaluate({ loss: 'bce_with_logits', input: vec(i.scores), target: vec(labels), reduction: 'mean' });
  const ce = evaluate({ loss: 'cross_entropy', input: vec(i.scores), target: i.target });
  return {
    sigmoid: i.scores.map((s) => 1 / (1 + Math.exp(-s))),
    bcePerLabel: Array.from((per.loss as Tensor).data),
    bce: bce.loss as number,
    bceGrad: Array.from(bce.grad.data),
    softmax: softmaxOf(i.scores),
    ce: ce.loss as number,
    ceGrad: Array.from(ce.grad.data),
  };
}

const inputs = { scores: field.nums(2, 6, -50, 50), labels: field.bools(2, 6), target: field.int(0, 5) };
/** One label per score, and the true class is one of them. */
const perScore = (v: Partial<MultilabelInput>, where: string): void => {
  if (!v.scores) return;
  if (v.labels) arr(v.labels, `${where}.labels`, v.scores.length, v.scores.length);
  if (v.target !== undefined) int(v.target, `${where}.target`, 0, v.scores.length - 1);
};

export const scene = computed({
  id: 'multilabel',
  input: record(inputs, perScore),
  view: record(inputs, perScore),
  example: { scores: [2, -1], labels: [true, false], target: 0 },
  answer: multilabel,
});
