// A loss that starts a detached process holding the runner's stdio: it must end with the check,
// and must not keep the CLI from exiting.
const { spawn } = require('node:child_process');

let started = false;

function spawningMseLoss(p, y) {
  if (!started) {
    started = true;
    // Tagged with the test run that asked (the runner inherits its environment), so a test looks
    // only for its own escapee, not another run's on the same machine.
    const tag = `lossplayground-js-escapee ${process.env.LOSS_PLAYGROUND_TEST_RUN ?? ''}`;
    spawn(process.execPath, ['-e', `setTimeout(() => {}, 300000) // ${tag}`], { detached: true, stdio: 'inherit' });
  }
  return p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / p.length;
}

function spawningMseLossGrad(p, y) {
  return p.map((v, i) => (2 * (v - y[i])) / p.length);
}

module.exports = { spawningMseLoss, spawningMseLossGrad };
