/*
 * Built-in costs in the two shapes cazala/synaptic (MIT) wrote them: members assigned one by one
 * to a `cost` object (`cost.CROSS_ENTROPY = function (target, output)`), and the table hung on the
 * trainer (`Trainer.cost = { ... }`, src/trainer.js). The formulas are synaptic's (a summed
 * cross-entropy with a 1e-15 push away from log(0), a mean squared error); rewritten for this
 * corpus, not copied. No derivatives: every check is `skipped`.
 */
var cost = {};

cost.CROSS_ENTROPY = function (target, output) {
  var crossentropy = 0;
  for (var i in output) crossentropy -= target[i] * Math.log(output[i] + 1e-15) + (1 - target[i]) * Math.log(1 + 1e-15 - output[i]);
  return crossentropy;
};

cost.MSE = function (target, output) {
  var mse = 0;
  for (var i in output) mse += Math.pow(target[i] - output[i], 2);
  return mse / output.length;
};

function Trainer(network, options) {
  options = options || {};
  this.network = network;
  this.rate = options.rate || 0.2;
  this.cost = options.cost || null;
}

Trainer.prototype.test = function (set, options) {
  var error = 0;
  var costOf = (options && options.cost) || this.cost || Trainer.cost.MSE;
  for (var i = 0; i < set.length; i++) error += costOf(set[i].output, this.network.activate(set[i].input));
  return error / set.length;
};

Trainer.cost = {
  CROSS_ENTROPY: function (target, output) {
    return cost.CROSS_ENTROPY(target, output);
  },
  MSE: function (target, output) {
    return cost.MSE(target, output);
  },
};

module.exports = { cost: cost, Trainer: Trainer };
