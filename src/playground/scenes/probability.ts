/**
 * Scene 3: BCE against the predicted probability, and the gradients with respect to the logit
 * z = logit(a): BCE gives σ(z) − y; MSE through the same sigmoid gives 2(σ(z) − y)·σ′(z), the σ′
 * factor that vanishes when the neuron saturates.
 */
import type { ProbabilityData, ProbabilityInput } from '../../protocol';
import { curve, linspace } from '../curves';
import { field, record } from '../validate';
import { computed } from './define';

export function probability(i: ProbabilityInput): ProbabilityData {
  // Open interval: p = 0 and 1 are where BCE is infinite (clamped at 100 by the −100 log clamp).
  const p = linspace(0, 1, i.steps + 2).slice(1, -1);
  const z = p.map((a) => Math.log(a / (1 - a)));
  const ones = p.map(() => 1);
  const zeros = p.map(() => 0);
  const bce1 = curve('bce', p, ones);
  const bce0 = curve('bce', p, zeros);
  const zbce1 = curve('bce_with_logits', z, ones);
  const zbce0 = curve('bce_with_logits', z, zeros);
  const sigmaPrime = p.map((a) => a * (1 - a));
  // MSE on σ(z): d/dz (σ − y)² = 2(σ − y)·σ′; the engine's mse gives 2(σ − y), we apply the chain rule.
  const mse1 = curve('mse', p, ones).grad.map((g, k) => g * sigmaPrime[k]);
  const mse0 = curve('mse', p, zeros).grad.map((g, k) => g * sigmaPrime[k]);
  return {
    p,
    bce: { y1: bce1.loss, y0: bce0.loss },
    dBceDp: { y1: bce1.grad, y0: bce0.grad },
    dBceDz: { y1: zbce1.grad, y0: zbce0.grad },
    dMseDz: { y1: mse1, y0: mse0 },
    sigmaPrime,
  };
}

export const scene = computed({
  id: 'probability',
  input: record({ steps: field.int(10, 2000) }),
  // The page asks for one resolution; what it keeps is which label's curves it shows.
  view: record({ label: field.oneOf(['1', '0'] as const) }),
  example: { steps: 399 },
  answer: probability,
});
