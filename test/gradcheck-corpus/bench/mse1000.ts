// The benchmark's JS/TS loss: 1,000 inputs.

/**
 * @gradcheck pred=randn(1000) target=randn(1000)
 */
export function mseLoss(pred: number[], target: number[]): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i] - target[i]) ** 2;
  return s / pred.length;
}

export function mseLossGrad(pred: number[], target: number[]): number[] {
  return pred.map((p, i) => (2 * (p - target[i])) / pred.length);
}
