// The fingerprint a grad-check result is kept by: it changes with the loss, its annotation and its
// paired gradient, and not with code elsewhere (src/lens/fingerprint.ts; no VS Code needed).
import * as assert from 'node:assert/strict';
import { discoverLosses } from '../../src/gradcheck';
import { definitionText, fingerprint } from '../../src/lens/fingerprint';

const PY = `import numpy as np

def l1_loss(pred, target):
    return np.mean(np.abs(pred - target))

def l1_loss_grad(
    pred, target
):
    s = np.sign(pred - target)

    return s / pred.size

def helper(x):
    return x
`;

const TS = `export function mseLoss(a: number[], y: number[]): number {
  return a.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / a.length;
}

export function mseLossGrad(a: number[], y: number[]): number[] {
  return a.map((v, i) => (2 * (v - y[i])) / a.length);
}

const helper = (x: number) => x;
`;

function printOf(text: string, language: string): string {
  const loss = discoverLosses(text, language).losses[0];
  return fingerprint(text, loss);
}

describe('lens fingerprints', () => {
  it('finds a Python definition through a wrapped signature and blank lines, up to the next def', () => {
    const text = definitionText(PY, 'l1_loss_grad', true);
    assert.ok(text.startsWith('def l1_loss_grad('));
    assert.ok(text.includes('return s / pred.size'));
    assert.ok(!text.includes('def helper'));
  });

  it('finds a TypeScript function up to its closing brace', () => {
    const text = definitionText(TS, 'mseLossGrad', false);
    assert.ok(text.startsWith('export function mseLossGrad('));
    assert.ok(text.trimEnd().endsWith('}'));
    assert.ok(!text.includes('helper'));
  });

  for (const [language, text, inLoss, inGrad, elsewhere] of [
    ['python', PY, ['np.abs', 'np.square'], ['s / pred.size', 's'], ['return x', 'return 2 * x']],
    ['typescript', TS, ['** 2, 0', '** 3, 0'], ['(2 * (v', '(3 * (v'], ['=> x;', '=> -x;']],
  ] as const) {
    it(`${language}: changes with the loss and its gradient, not with other code`, () => {
      const base = printOf(text, language);
      assert.notEqual(printOf(text.replace(inLoss[0], inLoss[1]), language), base);
      assert.notEqual(printOf(text.replace(inGrad[0], inGrad[1]), language), base);
      assert.equal(printOf(text.replace(elsewhere[0], elsewhere[1]), language), base);
      assert.equal(printOf(`\n\n${text}`, language), base, 'moving the code is not changing it');
    });
  }
});
