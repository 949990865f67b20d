// Losses in plain JavaScript (CommonJS). The same pairing rules as TypeScript: `hingeLoss` pairs
// with `hingeLossGrad`, and `logCoshLoss` with `gradLogCoshLoss`.
'use strict';

/**
 * Hinge loss for scores f and labels y in {-1, +1}: mean(max(0, 1 - y f)).
 * Zero once a sample is on the right side with margin 1, so well-classified points stop
 * pulling on the model: the idea behind support vector machines.
 * @param {number[]} scores
 * @param {number[]} labels
 */
function hingeLoss(scores, labels) {
  return mean(scores.map((f, i) => Math.max(0, 1 - labels[i] * f)));
}

/** -y / n inside the margin, 0 outside. (At exactly 1 - y f = 0 there is no derivative.) */
function hingeLossGrad(scores, labels) {
  return scores.map((f, i) => (1 - labels[i] * f > 0 ? -labels[i] / scores.length : 0));
}

/**
 * mean(log(cosh(a - y))): quadratic near zero, linear far away, smooth everywhere.
 * Math.cosh(800) is Infinity, so use log(cosh(r)) = |r| + log1p(exp(-2|r|)) - log(2).
 * @param {number[]} pred
 * @param {number[]} target
 */
function logCoshLoss(pred, target) {
  return mean(pred.map((a, i) => {
    const r = Math.abs(a - target[i]);
    return r + Math.log1p(Math.exp(-2 * r)) - Math.LN2;
  }));
}

/** d/da log(cosh(a - y)) = tanh(a - y), divided by n for the mean. */
function gradLogCoshLoss(pred, target) {
  return pred.map((a, i) => Math.tanh(a - target[i]) / pred.length);
}

/**
 * Pseudo-Huber loss, mean(delta^2 (sqrt(1 + (r / delta)^2) - 1)): a smooth Huber.
 * It has no gradient function, and plain JavaScript has no autograd, so the lens can only say
 * so. Write `pseudoHuberLossGrad` beside it to have it checked.
 */
function pseudoHuberLoss(pred, target, delta = 1) {
  return mean(pred.map((a, i) => delta ** 2 * (Math.sqrt(1 + ((a - target[i]) / delta) ** 2) - 1)));
}

/** A helper, not a loss: no lens. */
function mean(xs) {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

module.exports = { hingeLoss, hingeLossGrad, logCoshLoss, gradLogCoshLoss, pseudoHuberLoss };
