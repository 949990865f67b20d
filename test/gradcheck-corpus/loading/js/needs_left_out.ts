// Losses that read what the script computes at its top level: the check does not run those
// statements, and must say which one a loss needed.
import { readFileSync } from 'node:fs';

function readScale(): number {
  return Number(readFileSync('scale.txt', 'utf8'));
}

const SCALE = readScale();
let weights: number[];
weights = JSON.parse(readFileSync('weights.json', 'utf8'));

export function scaledMseLoss(pred: number[], target: number[]): number {
  return (SCALE * pred.reduce((s, p, i) => s + (p - target[i]) ** 2, 0)) / pred.length;
}
export function scaledMseLossGrad(pred: number[], target: number[]): number[] {
  return pred.map((p, i) => (SCALE * 2 * (p - target[i])) / pred.length);
}

export function weightedMseLoss(pred: number[], target: number[]): number {
  const n = weights.length;
  return pred.reduce((s, p, i) => s + weights[i % n] * (p - target[i]) ** 2, 0) / pred.length;
}
export function weightedMseLossGrad(pred: number[], target: number[]): number[] {
  return pred.map((p, i) => (2 * weights[i % weights.length] * (p - target[i])) / pred.length);
}
