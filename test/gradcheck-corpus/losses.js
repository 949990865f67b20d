// CommonJS losses (see expected.json).
'use strict';

function hingeLoss(scores, y) {
  let s = 0;
  for (let i = 0; i < scores.length; i++) s += Math.max(0, 1 - y[i] * scores[i]);
  return s / scores.length;
}

function hingeLossGrad(scores, y) {
  return scores.map((f, i) => (y[i] * f < 1 ? -y[i] : 0) / scores.length);
}

/** Gradient of the sum where the loss is a mean. */
const squaredError = function (pred, target) {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i] - target[i]) ** 2;
  return s / pred.length;
};

const squaredErrorGrad = (pred, target) => pred.map((p, i) => 2 * (p - target[i]));

exports.bceLoss = function (p, y) {
  let s = 0;
  for (let i = 0; i < p.length; i++) s -= y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]);
  return s / p.length;
};

exports.bceLossGrad = (p, y) => p.map((pi, i) => (pi - y[i]) / (pi * (1 - pi)) / p.length);

function sigmoid(x) {
  throw new Error('sigmoid must not run');
}

module.exports = Object.assign(module.exports, { hingeLoss, hingeLossGrad, squaredError, squaredErrorGrad, sigmoid });
