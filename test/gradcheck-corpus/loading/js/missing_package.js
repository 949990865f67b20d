// A package the project does not have: the load fails, and says which.
const nn = require('lp-no-such-package');

function mseLoss(pred, target) {
  return pred.reduce((s, p, i) => s + (p - target[i]) ** 2, 0) / pred.length;
}
function mseLossGrad(pred, target) {
  return pred.map((p, i) => (2 * (p - target[i])) / pred.length);
}
module.exports = { mseLoss, mseLossGrad };
