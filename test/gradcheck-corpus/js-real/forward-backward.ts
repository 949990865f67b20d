/*
 * Loss objects with `forward` and a `backward` that writes the gradient into a buffer it is given,
 * as browser training loops on Float32Arrays do (no allocation per step). The shape of the
 * `LossFunction` objects of small WebGPU/WebGL trainers; rewritten for this corpus, not copied.
 *
 * mse: mean (p − t)², gradient 2(p − t)/n: pass.
 * crossEntropy (binary, on probabilities): mean −[t·log p + (1 − t)·log(1 − p)], gradient
 * (p − t)/(p(1 − p))/n: pass.
 */
export interface LossFunction {
  forward: (predictions: Float32Array, targets: Float32Array) => number;
  backward: (predictions: Float32Array, targets: Float32Array, gradients: Float32Array) => void;
}

export const mse: LossFunction = {
  forward: (predictions: Float32Array, targets: Float32Array) => {
    let sum = 0;
    for (let i = 0; i < predictions.length; i++) {
      const diff = predictions[i] - targets[i];
      sum += diff * diff;
    }
    return sum / predictions.length;
  },
  backward: (predictions: Float32Array, targets: Float32Array, gradients: Float32Array) => {
    const scale = 2 / predictions.length;
    for (let i = 0; i < predictions.length; i++) gradients[i] = scale * (predictions[i] - targets[i]);
  },
};

export const crossEntropy: LossFunction = {
  forward: (predictions: Float32Array, targets: Float32Array) => {
    let sum = 0;
    const eps = 1e-15; // keeps log(0) away
    for (let i = 0; i < predictions.length; i++) {
      const p = Math.max(eps, Math.min(1 - eps, predictions[i]));
      sum -= targets[i] * Math.log(p) + (1 - targets[i]) * Math.log(1 - p);
    }
    return sum / predictions.length;
  },
  backward: (predictions: Float32Array, targets: Float32Array, gradients: Float32Array) => {
    const eps = 1e-15;
    const scale = 1 / predictions.length;
    for (let i = 0; i < predictions.length; i++) {
      const p = Math.max(eps, Math.min(1 - eps, predictions[i]));
      gradients[i] = scale * ((p - targets[i]) / (p * (1 - p)));
    }
  },
};

export const losses = { mse, cross_entropy: crossEntropy } as const;
