// Losses in TypeScript, each with its gradient. A gradient pairs with its loss by name:
// `mseLoss` with `mseLossGrad` (or `gradMseLoss`, or `mse_loss_grad`), or by a JSDoc tag.
// Gradients, helpers and anything else get no lens and are never run.

/** Mean squared error, mean((a - y)^2). */
export function mseLoss(pred: number[], target: number[]): number {
  let sum = 0;
  for (let i = 0; i < pred.length; i++) sum += (pred[i] - target[i]) ** 2;
  return sum / pred.length;
}

/** d/da_i = 2 (a_i - y_i) / n */
export function mseLossGrad(pred: number[], target: number[]): number[] {
  return pred.map((a, i) => (2 * (a - target[i])) / pred.length);
}

/**
 * Binary cross-entropy on probabilities, -mean(y log p + (1 - y) log(1 - p)).
 * p is clamped away from 0 and 1 first: log(0) is -Infinity, and one such element would make
 * the whole mean infinite. (PyTorch clamps the log at -100 instead; same idea.)
 */
export function binaryCrossEntropy(p: number[], y: number[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = clamp(p[i], 1e-12, 1 - 1e-12);
    sum += y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
  }
  return -sum / p.length;
}

/** d/dp_i = (p_i - y_i) / (p_i (1 - p_i)) / n: huge when a confident prediction is wrong. */
export function binaryCrossEntropyGrad(p: number[], y: number[]): number[] {
  return p.map((pi, i) => {
    const q = clamp(pi, 1e-12, 1 - 1e-12);
    return (q - y[i]) / (q * (1 - q)) / p.length;
  });
}

/**
 * Sigmoid focal loss on logits, as torchvision's, without the alpha weighting.
 * The gradient's name does not follow the pairing rule, so a tag names it, and another says
 * which inputs to try: logits from a normal distribution and 0/1 targets.
 * @gradcheck logits=randn(8) y=binary(8) gamma=2
 * @grad focalGradient
 */
export function sigmoidFocal(logits: number[], y: number[], gamma = 2): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = sigmoid(logits[i]);
    const pt = y[i] === 1 ? p : 1 - p;
    // -log(p_t) as softplus(-x) or softplus(x): finite even for logits of +-1000.
    const ce = y[i] === 1 ? softplus(-logits[i]) : softplus(logits[i]);
    sum += (1 - pt) ** gamma * ce;
  }
  return sum / logits.length;
}

export function focalGradient(logits: number[], y: number[], gamma = 2): number[] {
  return logits.map((x, i) => {
    const p = sigmoid(x);
    const pt = y[i] === 1 ? p : 1 - p;
    const ce = y[i] === 1 ? softplus(-x) : softplus(x);
    // With s = +1 for y = 1 and -1 for y = 0: dp_t/dx = s p_t (1 - p_t), dce/dx = -s (1 - p_t).
    const s = y[i] === 1 ? 1 : -1;
    const dFocal = -gamma * (1 - pt) ** (gamma - 1) * s * pt * (1 - pt);
    return (dFocal * ce + (1 - pt) ** gamma * -s * (1 - pt)) / logits.length;
  });
}

// Helpers: not losses, so no lens.

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** log(1 + e^x) without overflow: for large x it is x + log1p(e^-x). */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
