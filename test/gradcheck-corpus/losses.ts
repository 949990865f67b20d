// TypeScript losses with paired gradients (see expected.json).

export function mseLoss(pred: number[], target: number[]): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i] - target[i]) ** 2;
  return s / pred.length;
}

export function mseLossGrad(pred: number[], target: number[]): number[] {
  return pred.map((p, i) => (2 * (p - target[i])) / pred.length);
}

/** Gradient has the wrong sign where the residual is negative. */
export const l1Loss = (pred: Float64Array, target: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += Math.abs(pred[i] - target[i]);
  return s / pred.length;
};

export const l1LossGrad = (pred: Float64Array, target: Float64Array): Float64Array =>
  pred.map((p, i) => 1 / pred.length + 0 * (p - target[i]));

/**
 * Sigmoid focal loss on probabilities.
 * @gradcheck p=rand(10) y=binary(10) gamma=2
 * @grad focalGradient
 */
export function focal(p: number[], y: number[], gamma = 2): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pt = y[i] === 1 ? p[i] : 1 - p[i];
    s += -((1 - pt) ** gamma) * Math.log(pt);
  }
  return s / p.length;
}

export function focalGradient(p: number[], y: number[], gamma = 2): number[] {
  return p.map((pi, i) => {
    const pt = y[i] === 1 ? pi : 1 - pi;
    const dpt = y[i] === 1 ? 1 : -1;
    const d = gamma * (1 - pt) ** (gamma - 1) * Math.log(pt) - (1 - pt) ** gamma / pt;
    return (d * dpt) / p.length;
  });
}

export function crossEntropyLoss(logits: number[][], labels: number[]): number {
  let s = 0;
  for (let n = 0; n < logits.length; n++) {
    const row = logits[n];
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((a, z) => a + Math.exp(z - m), 0));
    s += lse - row[labels[n]];
  }
  return s / logits.length;
}

export function crossEntropyLossGrad(logits: number[][], labels: number[]): number[][] {
  return logits.map((row, n) => {
    const m = Math.max(...row);
    const e = row.map((z) => Math.exp(z - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v, c) => (v / sum - (c === labels[n] ? 1 : 0)) / logits.length);
  });
}

/** No paired gradient: skipped, numeric gradient only. */
export function logCoshLoss(pred: number[], target: number[]): number {
  return pred.reduce((a, p, i) => a + Math.log(Math.cosh(p - target[i])), 0) / pred.length;
}

// Non-losses: each throws, so running one would show.
export function relu(x: number[]): number[] {
  throw new Error('relu must not run');
}
function _privateLoss(x: number[]): number {
  throw new Error('private helpers must not run');
}
export function testMseLoss(): void {
  throw new Error('tests must not run');
}
