// An example whose sibling modules were not copied along (like a tfjs example without its
// data.js): the losses that do not use them are checked; the one that does says what is missing.
import * as data from './absent_data';
import { render } from './absent_ui';

export function mseLoss(pred, target) {
  return pred.reduce((s, p, i) => s + (p - target[i]) ** 2, 0) / pred.length;
}
export function mseLossGrad(pred, target) {
  return pred.map((p, i) => (2 * (p - target[i])) / pred.length);
}

export function normalizedLoss(pred, target) {
  return pred.reduce((s, p, i) => s + (p - target[i]) ** 2, 0) / data.count;
}
export function normalizedLossGrad(pred, target) {
  return pred.map((p, i) => (2 * (p - target[i])) / data.count);
}

render(data.load());
