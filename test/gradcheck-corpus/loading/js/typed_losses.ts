// TypeScript's own declarations stay: interfaces, type aliases, enums (which are values), declare.
export interface Loss {
  (pred: number[], target: number[]): number;
}
export type Grad = (pred: number[], target: number[]) => number[];
export enum Reduction {
  Mean = 'mean',
  Sum = 'sum',
}
declare const DEBUG: boolean | undefined;
const REDUCTION: Reduction = Reduction.Mean;

export abstract class Base {
  abstract forward(pred: number[], target: number[]): number;
}

export function reducedMseLoss(pred: number[], target: number[]): number {
  const s = pred.reduce((acc, p, i) => acc + (p - target[i]) ** 2, 0);
  return REDUCTION === Reduction.Mean ? s / pred.length : s;
}
export const reducedMseLossGrad: Grad = (pred, target) => pred.map((p, i) => (2 * (p - target[i])) / (REDUCTION === Reduction.Mean ? pred.length : 1));

console.log('training with', REDUCTION);
