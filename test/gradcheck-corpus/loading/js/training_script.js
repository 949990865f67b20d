// A training script with a loss and no `require.main === module` guard: checking the loss must
// not create the output folder, write the checkpoint, fetch the data, delete a file or train.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const EPOCHS = 3;
const SCALE = 0.5 * 2;
const RUNS = path.join(__dirname, 'runs');

function mseLoss(pred, target) {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i] - target[i]) ** 2;
  return (SCALE * s) / pred.length;
}

function mseLossGrad(pred, target) {
  return pred.map((p, i) => (SCALE * 2 * (p - target[i])) / pred.length);
}

fs.mkdirSync(RUNS, { recursive: true });
fs.writeFileSync(path.join(RUNS, 'checkpoint.json'), '{}');
const data = await fetch('https://example.invalid/train.csv');
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  console.log('epoch', epoch);
}
learnCoefficients();
(function cleanUp() {
  fs.rmSync(path.join(__dirname, 'keep-me.txt'), { force: true });
})();
process.exit(3);

module.exports = { mseLoss, mseLossGrad };
