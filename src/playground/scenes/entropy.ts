/**
 * Scene 8: entropy, KL and cross-entropy in nats. KL comes from the engine's kl_div (log q as
 * input, p as target, summed); cross-entropy from cross_entropy with probability targets on
 * logits log q; entropy directly as −Σ p log p, so H(p, q) = H(p) + KL(p‖q) is a check on the
 * engine rather than how one of them is made. log q is floored at ENTROPY_LOG_FLOOR.
 */
import { evaluate } from '../../engine';
import type { EntropyData, EntropyInput, EntropyView } from '../../protocol';
import { vec } from '../curves';
import { bad, field, record, type Field } from '../validate';
import { computed } from './define';

/**
 * The floor of log q, as the engine's categorical_crossentropy and PyTorch's BCE floor their logs:
 * a zero in q (the sliders stop at 0.01, the protocol allows 0) then gives a finite KL and a finite
 * cross-entropy that still add up, not an infinite KL beside a finite cross-entropy.
 */
const ENTROPY_LOG_FLOOR = -100;

export function entropyScene(i: EntropyInput): EntropyData {
  const logq = i.q.map((v) => Math.max(Math.log(v), ENTROPY_LOG_FLOOR));
  const kl = evaluate({ loss: 'kl_div', input: vec(logq), target: vec(i.p), reduction: 'sum' }).loss as number;
  const crossEntropy = evaluate({ loss: 'cross_entropy', input: vec(logq), target: vec(i.p) }).loss as number;
  // 0·log 0 = 0, the convention kl_div and cross_entropy follow.
  const plog = (p: number, log: number): number => (p === 0 ? 0 : p * log);
  const terms = {
    entropy: i.p.map((p) => -plog(p, Math.log(p))),
    crossEntropy: i.p.map((p, k) => -plog(p, logq[k])),
    kl: i.p.map((p, k) => plog(p, Math.log(p)) - plog(p, logq[k])),
  };
  const entropy = terms.entropy.reduce((a, b) => a + b, 0);
  return { p: i.p, q: i.q, entropy, crossEntropy, kl, terms };
}

const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);

/** A probability vector: non-negative and summing to 1 within 1e-6. */
function distribution(): Field<number[]> {
  const items = field.nums(2, 6, 0, 1);
  const sums = (p: number[], where: string): number[] =>
    Math.abs(sum(p) - 1) > 1e-6 ? bad(`${where} must sum to 1, got ${sum(p)}`) : p;
  return {
    ...items,
    check: (v, where) => sums(items.check(v, where), where),
    read: (text, where) => sums(items.read(text, where), where),
  };
}

/** Both distributions are over the same classes. */
const sameClasses = (v: Partial<EntropyView>, where: string): void => {
  if (v.p && v.q && v.p.length !== v.q.length)
    bad(`${where}.q must have ${v.p.length} items like the other distribution, got ${v.q.length}`);
};

export const scene = computed({
  id: 'entropy',
  input: record({ p: distribution(), q: distribution() }, sameClasses),
  // The page keeps weights and normalises them; all zero would be no distribution at all.
  view: record({ p: field.nums(2, 6, 0, 1), q: field.nums(2, 6, 0, 1) }, (v, where) => {
    sameClasses(v, where);
    for (const k of ['p', 'q'] as const) if (v[k] && !(sum(v[k]) > 0)) bad(`${where}.${k} must have a positive weight`);
  }),
  example: { p: [0.5, 0.5], q: [0.25, 0.75] },
  answer: entropyScene,
});
