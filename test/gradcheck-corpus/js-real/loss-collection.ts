/*
 * Losses as functions that carry their derivative as a property (`MSE.derivative = ...`), gathered
 * in a class of static references: the shape of small TypeScript nets on GitHub (an interface with
 * a call signature and a `derivative` member). Rewritten for this corpus, not copied.
 *
 * MSE, ½·Σ(p − e)², has derivative p − e: pass.
 * CrossEntropy, −Σ e·log(p + 1e-15), is given the derivative p − e, which is the gradient with
 * respect to the logits of a softmax followed by this loss, not with respect to p (that is −e/p):
 * fail. The classic mix-up of the two.
 */
export type LossFunctionName = 'MSE' | 'CrossEntropy';

export interface LossFunction {
  (predicted: number[], expected: number[]): number;
  derivative(predicted: number[], expected: number[]): number[];
  functionName: LossFunctionName;
}

const MSE: LossFunction = (predicted: number[], expected: number[]): number => {
  let loss = 0;
  for (let i = 0; i < predicted.length; i++) {
    const error = predicted[i] - expected[i];
    loss += 0.5 * error * error;
  }
  return loss;
};
MSE.derivative = (predicted: number[], expected: number[]): number[] => predicted.map((pred, index) => pred - expected[index]);
MSE.functionName = 'MSE';

const CrossEntropy: LossFunction = (predicted: number[], expected: number[]): number => {
  let loss = 0;
  for (let i = 0; i < predicted.length; i++) {
    // a small epsilon keeps log(0) away
    loss -= expected[i] * Math.log(predicted[i] + 1e-15);
  }
  return loss;
};
CrossEntropy.derivative = (predicted: number[], expected: number[]): number[] => predicted.map((pred, index) => pred - expected[index]);
CrossEntropy.functionName = 'CrossEntropy';

export abstract class LossFunctionCollection {
  static MSE: LossFunction = MSE;
  static CrossEntropy: LossFunction = CrossEntropy;

  static get(name: LossFunctionName): LossFunction {
    return name === 'MSE' ? MSE : CrossEntropy;
  }
}
