/*
 * A per-output error function with its derivative as a property, in the shape of the compiled
 * dist/libs/errorFunctions.js of Gerqus/neuron: `MSE(expected, predicted) = (expected − predicted)²/2`
 * and `MSE.derivative = expected − predicted`. Rewritten for this corpus, not copied.
 *
 * The derivative with respect to `predicted` is predicted − expected; this one has the opposite
 * sign (backpropagation code that adds the "error" instead of subtracting a gradient): fail, with
 * analytic = −numeric at every element.
 */
'use strict';
Object.defineProperty(exports, '__esModule', { value: true });

const MSE = function (expected, predicted) {
  return Math.pow(expected - predicted, 2) / 2;
};
MSE.derivative = function (expected, predicted) {
  return expected - predicted;
};
MSE.toString = () => 'MSE';

exports.ErrorFunctions = { MSE };
