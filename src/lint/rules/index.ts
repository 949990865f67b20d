/** The lint's rules, in the order their diagnostics are listed: one module each. */
import type { RuleId } from '../types';
import { sigmoidBeforeLogitsLoss, softmaxBeforeLogitsLoss } from './activationBeforeLogitsLoss';
import { crossEntropyTargets } from './crossEntropyTargets';
import { ignoreIndex } from './ignoreIndex';
import { logProbabilityInput } from './logProbabilityInput';
import { klDivReduction } from './klDivReduction';
import { logitsToProbabilityLoss } from './logitsToProbabilityLoss';
import { mseOnProbabilities } from './mseOnProbabilities';
import { posWeight } from './posWeight';
import type { Rule } from './shared';

export type { Rule } from './shared';

export const RULES: Readonly<Record<RuleId, Rule>> = {
  'softmax-before-logits-loss': softmaxBeforeLogitsLoss,
  'sigmoid-before-logits-loss': sigmoidBeforeLogitsLoss,
  'logits-to-probability-loss': logitsToProbabilityLoss,
  'kl-div-reduction': klDivReduction,
  'log-probability-input': logProbabilityInput,
  'mse-on-probabilities': mseOnProbabilities,
  'cross-entropy-targets': crossEntropyTargets,
  'ignore-index': ignoreIndex,
  'pos-weight': posWeight,
};
