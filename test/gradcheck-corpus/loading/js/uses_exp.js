// A correct loss that uses Math.exp: it passes unless another file's patch reaches it.
function logisticLoss(z, y) {
  return z.reduce((s, v, i) => s + Math.log(1 + Math.exp(-y[i] * v)), 0) / z.length;
}

function logisticLossGrad(z, y) {
  return z.map((v, i) => (-y[i] * Math.exp(-y[i] * v)) / (1 + Math.exp(-y[i] * v)) / z.length);
}

module.exports = { logisticLoss, logisticLossGrad };
