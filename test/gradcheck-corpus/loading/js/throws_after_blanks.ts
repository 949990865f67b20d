// A loss that throws, after top-level statements the check blanks out (several lines each):
// the stack trace must still name the loss's own line.
declare function loadConfig(o: object): object;
declare function train(epoch: number): void;
const config = loadConfig({
  epochs: 10,
  batch: 32,
});
for (let epoch = 0; epoch < 3; epoch++) {
  train(epoch);
}

export function brokenLoss(pred: number[], target: number[]): number {
  if (pred.length > 0) throw new RangeError('broken on purpose'); // line 14
  return 0;
}
export function brokenLossGrad(pred: number[], target: number[]): number[] {
  return pred;
}
