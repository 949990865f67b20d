/**
 * The one-neuron experiment. Expected numbers from M. Nielsen, "Neural Networks and Deep
 * Learning", ch. 3 (http://neuralnetworksanddeeplearning.com/chap3.html): x = 1, y = 0,
 * η = 0.15, 300 epochs; quadratic cost from w = 0.6, b = 0.9 (output 0.82) ends near 0.09, from
 * w = b = 2 (output 0.98) near 0.20 after a long plateau; cross-entropy from w = b = 2 learns fast.
 */
import { strict as assert } from 'node:assert';
import { evaluate, LossError, simulateNeuron, type NeuronOptions } from '../../src/engine';

const base: NeuronOptions = { loss: 'mse', w: 0.6, b: 0.9, x: 1, y: 0, eta: 0.15, epochs: 300 };
const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a}, expected ${b} ± ${tol}`);

describe('engine: simulateNeuron (Nielsen, NNDL ch. 3)', () => {
  it('quadratic cost from w = 0.6, b = 0.9: output 0.82 falls to about 0.09', () => {
    const { outputs, losses } = simulateNeuron(base);
    assert.equal(outputs.length, 301);
    assert.equal(losses.length, 301);
    near(outputs[0], 0.82, 0.005, 'initial output');
    near(outputs[300], 0.09, 0.005, 'output after 300 epochs');
  });

  it('quadratic cost from w = b = 2: output 0.98 stays on a plateau, then ends near 0.20', () => {
    const { outputs } = simulateNeuron({ ...base, w: 2, b: 2 });
    near(outputs[0], 0.98, 0.005, 'initial output');
    near(outputs[300], 0.2, 0.005, 'output after 300 epochs');
    // the learning slowdown: half-way through it has hardly moved
    assert.ok(outputs[150] > 0.9, `output after 150 epochs is ${outputs[150]}`);
  });

  it('cross-entropy from w = b = 2 learns fast: below 0.1 within 50 epochs, ahead of the quadratic cost at every epoch', () => {
    const ce = simulateNeuron({ ...base, loss: 'bce', w: 2, b: 2 }).outputs;
    const quad = simulateNeuron({ ...base, w: 2, b: 2 }).outputs;
    assert.equal(ce[0], quad[0]);
    assert.ok(ce[50] < 0.1, `cross-entropy output after 50 epochs is ${ce[50]}`);
    assert.ok(ce[300] < 0.02, `cross-entropy output after 300 epochs is ${ce[300]}`);
    for (let k = 1; k <= 300; k++) assert.ok(ce[k] < quad[k], `epoch ${k}: ${ce[k]} vs ${quad[k]}`);
  });

  it('outputs[k] is σ(w·x + b) after k epochs and losses[k] the cost there; the costs are ½·mse and bce_with_logits', () => {
    const o: NeuronOptions = { loss: 'mse', w: -0.4, b: 0.3, x: 1.5, y: 0.7, eta: 0.5, epochs: 3 };
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    // epochs by hand: ∂C/∂z = (a − y)·a(1 − a) for the quadratic cost
    let { w, b } = o;
    for (let k = 0; k <= 3; k++) {
      const a = sig(w * o.x + b);
      const r = simulateNeuron({ ...o, epochs: k });
      near(r.outputs[k], a, 1e-15, `output after ${k} epochs`);
      const half = (evaluate({ loss: 'mse', input: [a], target: [o.y] }).loss as number) / 2;
      near(r.losses[k], half, 1e-15, `cost after ${k} epochs`);
      const dz = (a - o.y) * a * (1 - a);
      w -= o.eta * dz * o.x;
      b -= o.eta * dz;
    }
    const ce = simulateNeuron({ ...o, loss: 'bce' });
    const z = o.w * o.x + o.b;
    near(
      ce.losses[0],
      evaluate({ loss: 'bce_with_logits', input: [z], target: [o.y] }).loss as number,
      1e-15,
      'cross-entropy at the start',
    );
    near(
      ce.losses[0],
      -(o.y * Math.log(sig(z)) + (1 - o.y) * Math.log(1 - sig(z))),
      1e-14,
      '−[y ln a + (1 − y) ln(1 − a)]',
    );
  });

  it('epochs 0 gives the starting point only; saturated starts stay finite', () => {
    assert.deepEqual(simulateNeuron({ ...base, epochs: 0 }).outputs.length, 1);
    const r = simulateNeuron({ ...base, loss: 'bce', w: 50, b: 50, epochs: 10 });
    assert.ok(r.losses.every(Number.isFinite), 'a = 1 to rounding still has a finite cross-entropy');
    near(r.losses[0], 100, 1e-9, 'cross-entropy at z = 100, y = 0');
  });

  it('bad options throw errors that name the field', () => {
    const bad: Array<[Partial<Record<keyof NeuronOptions, unknown>>, RegExp]> = [
      [{ loss: 'l1' }, /loss must be 'mse' or 'bce', got "l1"/],
      [{ w: NaN }, /w must be a finite number, got NaN/],
      [{ b: Infinity }, /b must be a finite number, got Infinity/],
      [{ x: '1' }, /x must be a finite number, got "1"/],
      [{ y: undefined }, /y must be a finite number/],
      [{ eta: 0 }, /eta must be > 0, got 0/],
      [{ eta: -0.1 }, /eta must be > 0/],
      [{ epochs: 2.5 }, /epochs must be an integer in \[0, 100000\], got 2.5/],
      [{ epochs: -1 }, /epochs must be an integer/],
      [{ epochs: 100001 }, /epochs must be an integer/],
      [{ loss: 'bce', y: 1.5 }, /y must be in \[0, 1\] for the cross-entropy cost, got 1.5/],
    ];
    for (const [patch, message] of bad) {
      assert.throws(
        () => simulateNeuron({ ...base, ...patch } as NeuronOptions),
        (e: Error) => e instanceof LossError && message.test(e.message),
        JSON.stringify(patch),
      );
    }
    assert.throws(() => simulateNeuron(null as unknown as NeuronOptions), /options must be an object/);
  });
});
