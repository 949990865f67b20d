/** Scene 10: a grad-checked user loss. The page draws the series the lens sends; the host computes nothing. */
import { record } from '../validate';
import type { PageOnlyScene } from './define';

export const scene: PageOnlyScene<'yourLoss'> = {
  id: 'yourLoss',
  view: record({}),
  nothingToCompute: 'scene yourLoss draws what the grad-check sends; it has nothing to compute',
};
