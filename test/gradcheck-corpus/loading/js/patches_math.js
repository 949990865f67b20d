// A loss that patches the runtime while it is checked: another file's checks must not see it.
function sabotageLoss(p, y) {
  Math.exp = () => 42;
  Array.prototype.sum = function () { return 0; };
  return p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0);
}

function sabotageLossGrad(p, y) {
  return p.map((v, i) => 2 * (v - y[i]));
}

module.exports = { sabotageLoss, sabotageLossGrad };
