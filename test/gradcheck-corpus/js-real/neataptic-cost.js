/*
 * The cost table of a neuro-evolution library, in the shape of wagenaartje/neataptic
 * src/methods/cost.js (MIT): one object literal `cost` whose members take (target, output) and
 * return the mean (or sum) over the outputs. Rewritten for this corpus, not copied.
 * None has a derivative: every check is `skipped` (numeric gradient only). BINARY and MAPE do not
 * read as losses by name; they are found because they sit in a cost table.
 */
var cost = {
  // Cross-entropy, with outputs floored at 1e-15 before the logs
  CROSS_ENTROPY: function (target, output) {
    var error = 0;
    for (var i = 0; i < output.length; i++) {
      var o = Math.max(output[i], 1e-15);
      error -= target[i] * Math.log(o) + (1 - target[i]) * Math.log(1 - o);
    }
    return error / output.length;
  },
  // Mean squared error
  MSE: function (target, output) {
    var error = 0;
    for (var i = 0; i < output.length; i++) error += Math.pow(target[i] - output[i], 2);
    return error / output.length;
  },
  // How many outputs round to another half-unit than their target
  BINARY: function (target, output) {
    var misses = 0;
    for (var i = 0; i < output.length; i++) misses += Math.round(target[i] * 2) !== Math.round(output[i] * 2);
    return misses;
  },
  // Mean absolute error
  MAE: function (target, output) {
    var error = 0;
    for (var i = 0; i < output.length; i++) error += Math.abs(target[i] - output[i]);
    return error / output.length;
  },
  // Mean absolute percentage error
  MAPE: function (target, output) {
    var error = 0;
    for (var i = 0; i < output.length; i++) error += Math.abs((output[i] - target[i]) / Math.max(target[i], 1e-15));
    return error / output.length;
  },
  // Hinge loss, for classifiers with ±1 targets
  HINGE: function (target, output) {
    var error = 0;
    for (var i = 0; i < output.length; i++) error += Math.max(0, 1 - target[i] * output[i]);
    return error;
  },
};

module.exports = cost;
