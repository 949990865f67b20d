/**
 * Activations and their derivatives. Expected values are closed forms evaluated here
 * (σ′(z) = e^(−z)/(1 + e^(−z))², tanh′ = 4/(e^z + e^(−z))², softmax = eᶻ/Σeᶻ in extended form)
 * and central differences, not the module's own formulas.
 */
import { strict as assert } from 'node:assert';
import {
  ACTIVATIONS,
  applyActivation,
  activationDerivative,
  relu,
  reluDerivative,
  sigmoid,
  sigmoidDerivative,
  softmax,
  softmaxBackward,
  softmaxJacobian,
  tanhDerivative,
  type ActivationId,
} from '../../src/engine';

const close = (a: number, b: number, rel: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b) + 1e-300, `${what}: ${a} vs ${b}`);
const central = (f: (z: number) => number, z: number, h = 1e-6): number => (f(z + h) - f(z - h)) / (2 * h);

describe('engine: activations', () => {
  it('sigmoid and σ′ in the middle and in both tails', () => {
    assert.equal(sigmoid(0), 0.5);
    assert.equal(sigmoidDerivative(0), 0.25);
    assert.equal(sigmoid(-800), 0);
    assert.equal(sigmoid(800), 1);
    for (const z of [-30, -3, -0.5, 0.7, 4, 40]) {
      close(sigmoidDerivative(z), Math.exp(-z) / (1 + Math.exp(-z)) ** 2, 1e-13, `σ′(${z})`);
    }
    // where 1 − σ(z) has rounded to 0, σ′ must not
    close(sigmoidDerivative(40), Math.exp(-40), 1e-12, 'σ′(40)');
    assert.equal(sigmoid(40) * (1 - sigmoid(40)), 0, 'the naive form loses it');
  });

  it('tanh′ = 1/cosh² stays accurate where 1 − tanh² is 0', () => {
    for (const z of [-5, -0.3, 0, 0.8, 3])
      close(tanhDerivative(z), 4 / (Math.exp(z) + Math.exp(-z)) ** 2, 1e-13, `tanh′(${z})`);
    close(tanhDerivative(20), 4 / (Math.exp(20) + Math.exp(-20)) ** 2, 1e-13, 'tanh′(20)');
    assert.equal(1 - Math.tanh(20) ** 2, 0);
    assert.equal(tanhDerivative(1000), 0);
  });

  it('ReLU and its derivative, 0 at 0 as in PyTorch', () => {
    assert.deepEqual([-2, 0, 3].map(relu), [0, 0, 3]);
    assert.deepEqual([-2, 0, 3].map(reluDerivative), [0, 0, 1]);
  });

  it('every derivative agrees with central differences away from kinks', () => {
    for (const id of Object.keys(ACTIVATIONS) as ActivationId[]) {
      const { value, derivative } = ACTIVATIONS[id];
      for (const z of [-2.3, -0.4, 0.6, 1.9]) close(derivative(z), central(value, z), 1e-8, `${id}′(${z})`);
    }
  });

  it('arrays: applyActivation and activationDerivative, into a new array or in place', () => {
    const x = Float64Array.of(-1, 0, 2);
    assert.deepEqual(applyActivation('relu', x), Float64Array.of(0, 0, 2));
    assert.deepEqual(activationDerivative('sigmoid', x), x.map(sigmoidDerivative));
    const inPlace = Float64Array.from(x);
    applyActivation('tanh', inPlace, inPlace);
    assert.deepEqual(inPlace, x.map(Math.tanh));
    assert.throws(() => applyActivation('relu', x, new Float64Array(2)), /out has 2 elements but the input has 3/);
    assert.throws(() => applyActivation('gelu' as ActivationId, x), /unknown activation 'gelu'/);
  });

  describe('softmax', () => {
    it('rows sum to 1 and match eᶻ/Σeᶻ', () => {
      const z = Float64Array.of(1, 2, 3, -1, 0, 1);
      const s = softmax(z, 3);
      for (let r = 0; r < 2; r++) {
        const e = [0, 1, 2].map((j) => Math.exp(z[3 * r + j]));
        const sum = e.reduce((a, b) => a + b, 0);
        e.forEach((v, j) => close(s[3 * r + j], v / sum, 1e-15, `row ${r}, ${j}`));
      }
      assert.deepEqual(softmax(Float64Array.of(1, 2, 3)), softmax(z, 3).subarray(0, 3), 'default: one row');
    });

    it('is stable for logits of ±1e4', () => {
      const s = softmax(Float64Array.of(1e4, -1e4, 1e4 - Math.LN2));
      close(s[0], 2 / 3, 1e-12, 'p0');
      assert.equal(s[1], 0);
      close(s[2], 1 / 3, 1e-12, 'p2');
    });

    it('backward is Jᵀg, and matches differences of g·softmax(z)', () => {
      const z = Float64Array.of(0.3, -1.2, 2.0, 0.5);
      const g = Float64Array.of(1.5, -0.7, 0.2, 3.0);
      const s = softmax(z);
      const back = softmaxBackward(s, g);
      const J = softmaxJacobian(s);
      for (let j = 0; j < 4; j++) {
        let jt = 0;
        for (let i = 0; i < 4; i++) jt += J[i * 4 + j] * g[i];
        close(back[j], jt, 1e-13, `Jᵀg[${j}]`);
        const f = (t: number): number => {
          const zz = Float64Array.from(z);
          zz[j] = t;
          return softmax(zz).reduce((a, v, i) => a + v * g[i], 0);
        };
        close(back[j], central(f, z[j]), 1e-8, `d(g·s)/dz[${j}]`);
      }
    });

    it('rejects a row length that does not divide the input', () => {
      assert.throws(
        () => softmax(new Float64Array(5), 2),
        /row length must be a positive integer that divides 5, got 2/,
      );
      assert.throws(
        () => softmaxBackward(new Float64Array(4), new Float64Array(3)),
        /gradient has 3 elements but softmax has 4/,
      );
    });
  });
});
