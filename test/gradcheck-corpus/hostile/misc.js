// Hostile and broken JS losses, each with a paired gradient.
function nanLoss(p, y) {
  return NaN;
}
function nanLossGrad(p, y) {
  return p;
}

function stringLoss(p, y) {
  return 'small';
}
function stringLossGrad(p, y) {
  return p;
}

function throwingLoss(p, y) {
  const ready = false;
  if (!ready) throw new RangeError('the loss is not ready'); // line 18
  return 0;
}
function throwingLossGrad(p, y) {
  return p;
}

function chattyLoss(p, y) {
  console.log('{"id": 1, "ok": true}');
  process.stdout.write('chatter '.repeat(100) + '\n');
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}
function chattyLossGrad(p, y) {
  console.error('computing the gradient');
  return p.map((v, i) => (2 * (v - y[i])) / p.length);
}

function exitingLoss(p, y) {
  process.exit(9);
}
function exitingLossGrad(p, y) {
  return p;
}

module.exports = { nanLoss, nanLossGrad, stringLoss, stringLossGrad, throwingLoss, throwingLossGrad, chattyLoss, chattyLossGrad, exitingLoss, exitingLossGrad };
