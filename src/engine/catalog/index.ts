import type { LossDefinition } from '../definition';
import { binaryLosses } from './binary';
import { distributionLosses } from './distribution';
import { marginLosses } from './margin';
import { multiclassLosses } from './multiclass';
import { regressionLosses } from './regression';

/** Every loss the engine knows, in the order the playground and `list` show them. */
export const CATALOG: readonly LossDefinition[] = [
  ...regressionLosses,
  ...binaryLosses,
  ...marginLosses,
  ...multiclassLosses,
  ...distributionLosses,
];

const byId = new Map(CATALOG.map((d) => [d.id, d]));

export function findLoss(id: string): LossDefinition | undefined {
  return byId.get(id);
}
