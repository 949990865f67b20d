/*
 * Losses that return their gradient beside their value, as JavaScript ports of CS231n's
 * `softmax_loss(x, y)` (which returns `loss, dx`) do. Written for this corpus in that shape.
 *
 * softmaxLoss(x, y) returns { loss, dx } with dx = (softmax(x) − onehot(y))/N: pass.
 * mseLossAndGrad(pred, target) returns [mean (p − t)², 2(p − t)]: the gradient misses the 1/n of
 * the mean, so analytic = n·numeric (n = 8 for a vector of 8): fail.
 */
function softmaxLoss(x, y) {
  const N = x.length;
  let loss = 0;
  const dx = [];
  for (let n = 0; n < N; n++) {
    const row = x[n];
    const m = Math.max(...row);
    const e = row.map((z) => Math.exp(z - m));
    const s = e.reduce((a, b) => a + b, 0);
    const p = e.map((v) => v / s);
    loss -= Math.log(p[y[n]]);
    dx.push(p.map((pc, c) => (pc - (c === y[n] ? 1 : 0)) / N));
  }
  return { loss: loss / N, dx };
}

function mseLossAndGrad(pred, target) {
  let loss = 0;
  const grad = pred.map((p, i) => {
    const d = p - target[i];
    loss += d * d;
    return 2 * d;
  });
  return [loss / pred.length, grad];
}

module.exports = { softmaxLoss, mseLossAndGrad };
