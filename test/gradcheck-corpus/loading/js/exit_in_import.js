// What the module imports does run (as in Python): an exit there stops the load.
const helper = require('./exiting_helper.js');

function mseLoss(pred, target) {
  return helper.scale * pred.reduce((s, p, i) => s + (p - target[i]) ** 2, 0);
}
function mseLossGrad(pred, target) {
  return pred.map((p, i) => helper.scale * 2 * (p - target[i]));
}
module.exports = { mseLoss, mseLossGrad };
