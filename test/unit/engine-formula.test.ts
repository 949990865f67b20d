/**
 * The formula engine's numbers (src/engine/formula): values and derivatives of typed formulas
 * against closed forms written out here by hand, and against the catalog's own kernels where the
 * catalog has the same loss (logistic, squared hinge, log-cosh, MSE, Huber); the automatic
 * derivative against central differences at random points (fast-check) and against the symbolic
 * derivative evaluated on its own; kinks where the derivative jumps and none where it does not;
 * the formula as a loss of the surface's line model against the catalog's MSE surface and path.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { computeSurface, descentPath, evaluate, type Tensor } from '../../src/engine';
import { derivative, evaluateAt, findKinks, formulaDefinition, parseFormula, Program } from '../../src/engine/formula';

const close = (actual: number, expected: number, rtol = 1e-12, atol = 1e-12, what = ''): void => {
  assert.ok(
    actual === expected || Math.abs(actual - expected) <= atol + rtol * Math.abs(expected),
    `${what}: ${actual} vs ${expected}`,
  );
};
const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

/** A formula, its value ℓ(y, a) and ∂ℓ/∂a in closed form (by hand), and where to try it. */
const CLOSED: {
  f: string;
  loss: (y: number, a: number) => number;
  grad: (y: number, a: number) => number;
  ys: number[];
}[] = [
  {
    f: 'log(1 + exp(-y*a))',
    loss: (y, a) => Math.log(1 + Math.exp(-y * a)),
    grad: (y, a) => -y * sigma(-y * a),
    ys: [1, -1],
  },
  {
    f: 'abs(e)^1.5',
    loss: (y, a) => Math.abs(a - y) ** 1.5,
    grad: (y, a) => 1.5 * Math.sqrt(Math.abs(a - y)) * Math.sign(a - y),
    ys: [0, 0.7],
  },
  {
    f: 'max(0, 1 - y*a)^2',
    loss: (y, a) => Math.max(0, 1 - y * a) ** 2,
    grad: (y, a) => -2 * y * Math.max(0, 1 - y * a),
    ys: [1, -1],
  },
  { f: 'log(cosh(e))', loss: (y, a) => Math.log(Math.cosh(a - y)), grad: (y, a) => Math.tanh(a - y), ys: [0, 2] },
  {
    f: 'sqrt(1 + e^2) - 1',
    loss: (y, a) => Math.sqrt(1 + (a - y) ** 2) - 1,
    grad: (y, a) => (a - y) / Math.sqrt(1 + (a - y) ** 2),
    ys: [0, -1.5],
  },
  {
    f: '-(y*log(sigmoid(a)) + (1 - y)*log(1 - sigmoid(a)))',
    loss: (y, a) => -(y * Math.log(sigma(a)) + (1 - y) * Math.log(1 - sigma(a))),
    grad: (y, a) => sigma(a) - y,
    ys: [0, 1, 0.3],
  },
  {
    f: 'softplus(-y*a) + relu(e)',
    loss: (y, a) => Math.log1p(Math.exp(-y * a)) + Math.max(0, a - y),
    grad: (y, a) => -y * sigma(-y * a) + (a - y > 0 ? 1 : 0),
    ys: [1, -1],
  },
  {
    f: 'exp(-y*a) / 2 + pi*e^2',
    loss: (y, a) => Math.exp(-y * a) / 2 + Math.PI * (a - y) ** 2,
    grad: (y, a) => (-y * Math.exp(-y * a)) / 2 + 2 * Math.PI * (a - y),
    ys: [1, -0.5],
  },
  { f: 'a^a', loss: (_y, a) => a ** a, grad: (_y, a) => a ** a * (Math.log(a) + 1), ys: [0] },
  {
    f: 'min(e, 2*e) + tanh(a)*sinh(y) + log1p(a^2)',
    loss: (y, a) => Math.min(a - y, 2 * (a - y)) + Math.tanh(a) * Math.sinh(y) + Math.log1p(a * a),
    grad: (y, a) => (a - y < 0 ? 2 : 1) + (1 - Math.tanh(a) ** 2) * Math.sinh(y) + (2 * a) / (1 + a * a),
    ys: [0.5],
  },
  {
    f: '2^-a - sign(e)*e',
    loss: (y, a) => 2 ** -a - Math.sign(a - y) * (a - y),
    grad: (y, a) => -Math.LN2 * 2 ** -a - Math.sign(a - y),
    ys: [0.25],
  },
];

/** Points where every closed form above is smooth (away from 1/y, from y, from 0 for a^a). */
const AS = [0.13, 0.41, 1.37, 2.9, -0.77, -2.2];

describe('formula engine: values and the automatic derivative against closed forms', () => {
  for (const c of CLOSED) {
    it(c.f, () => {
      const f = parseFormula(c.f);
      for (const y of c.ys) {
        for (const a of AS) {
          const want = c.loss(y, a);
          if (!Number.isFinite(want)) continue; // a^a at negative a
          const got = evaluateAt(f.program, a, y);
          close(got.value, want, 1e-13, 1e-14, `${c.f} at y=${y}, a=${a}`);
          close(got.deriv, c.grad(y, a), 1e-12, 1e-13, `∂ of ${c.f} at y=${y}, a=${a}`);
        }
      }
    });
  }

  it('evaluates a whole array at once, the same as one point at a time', () => {
    const f = parseFormula('max(0, 1 - y*a)^2 + log(cosh(e))');
    const a = Float64Array.from({ length: 257 }, (_, i) => -4 + i / 32);
    const y = Float64Array.from(a, (_, i) => (i % 2 ? 1 : -1));
    const { value, deriv } = f.program.run(a, y);
    const [v, d] = [Array.from(value), Array.from(deriv)];
    a.forEach((ai, i) => {
      const one = evaluateAt(f.program, ai, y[i]);
      assert.equal(v[i], one.value);
      assert.equal(d[i], one.deriv);
    });
  });

  it('is NaN where the formula is (log of a negative, a negative to a fractional power), never a thrown error', () => {
    assert.ok(Number.isNaN(evaluateAt(parseFormula('log(e)').program, -1, 0).value));
    assert.ok(Number.isNaN(evaluateAt(parseFormula('e^1.5').program, -1, 0).value));
    assert.equal(evaluateAt(parseFormula('exp(a)^1000').program, 5, 0).value, Infinity);
    // y·exp(1000) does not move with a: its derivative is 0, not Inf·0.
    assert.equal(evaluateAt(parseFormula('y*exp(1000) + a').program, 2, 0).deriv, 1);
  });
});

describe('formula engine: against the catalog losses of the same formula', () => {
  const catalog = (
    id: string,
    a: number[],
    y: number[],
    params?: Record<string, number>,
  ): { loss: number[]; grad: number[] } => {
    const r = evaluate({ loss: id, input: a, target: y, reduction: 'none', ...(params ? { params } : {}) });
    return { loss: Array.from((r.loss as Tensor).data), grad: Array.from(r.grad.data) };
  };
  const cases: { id: string; f: string; y: number[]; params?: Record<string, number> }[] = [
    { id: 'logistic', f: 'log(1 + exp(-y*a))', y: [1, -1, 1, -1, 1, -1] },
    { id: 'squared_hinge', f: 'max(0, 1 - y*a)^2', y: [1, -1, 1, -1, 1, -1] },
    { id: 'exponential', f: 'exp(-y*a)', y: [1, -1, 1, -1, 1, -1] },
    { id: 'log_cosh', f: 'log(cosh(e))', y: [0.5, -1, 2, 0, 0.1, 3] },
    { id: 'mse', f: 'e^2', y: [0.5, -1, 2, 0, 0.1, 3] },
    { id: 'huber', f: '0.5*min(abs(e), 1)^2 + max(abs(e) - 1, 0)', y: [0.5, -1, 2, 0, 0.1, 3], params: { delta: 1 } },
    { id: 'bce_with_logits', f: 'softplus(a) - y*a', y: [0, 1, 0.25, 1, 0, 0.5] },
  ];
  for (const c of cases) {
    it(`${c.f} is ${c.id}`, () => {
      const a = [-2.3, -0.61, 0.07, 0.93, 1.6, 3.1];
      const want = catalog(c.id, a, c.y, c.params);
      const got = parseFormula(c.f).program.run(Float64Array.from(a), Float64Array.from(c.y));
      a.forEach((_, i) => {
        close(got.value[i], want.loss[i], 1e-12, 1e-14, `${c.id} loss[${i}]`);
        close(got.deriv[i], want.grad[i], 1e-12, 1e-14, `${c.id} grad[${i}]`);
      });
    });
  }
});

describe('formula engine: the automatic derivative against central differences (fast-check)', () => {
  const FORMULAS = [
    'log(1 + exp(-y*a))',
    'abs(e)^1.5',
    'sqrt(1 + e^2) - 1',
    'sigmoid(a)*(1 - y) + tanh(e)^3',
    'log1p(exp(e)) / (1 + a^2)',
    'cosh(a/3)^y',
    'exp(-e^2/2) * softplus(y - a)',
  ];
  for (const text of FORMULAS) {
    it(text, () => {
      const f = parseFormula(text);
      fc.assert(
        fc.property(
          fc.double({ min: -3, max: 3, noNaN: true }),
          fc.double({ min: -2, max: 2, noNaN: true }),
          (a, y) => {
            // |e| near 0 is abs's kink: the difference quotient straddles it.
            fc.pre(Math.abs(a - y) > 1e-3);
            const h = 1e-6 * Math.max(1, Math.abs(a));
            const numeric = (evaluateAt(f.program, a + h, y).value - evaluateAt(f.program, a - h, y).value) / (2 * h);
            const got = evaluateAt(f.program, a, y).deriv;
            assert.ok(
              Math.abs(got - numeric) <= 1e-6 + 1e-6 * Math.abs(numeric),
              `${text} at a=${a}, y=${y}: automatic ${got}, numeric ${numeric}`,
            );
          },
        ),
        { numRuns: 200, seed: 12 },
      );
    });
  }
});

describe('formula engine: the symbolic derivative', () => {
  it('evaluates to the automatic derivative, at the same side of each kink', () => {
    let compared = 0;
    const texts = [
      'log(1 + exp(-y*a))',
      'max(0, 1 - y*a)^2',
      'abs(e)^1.5',
      'min(e, 2*e)',
      'relu(e - 1)*a',
      'a^a + y^a',
      '(a + 1)/(a^2 + y)',
      'sign(e)*e^2',
      'log(cosh(e)) - sqrt(abs(a))',
    ];
    for (const text of texts) {
      const f = parseFormula(text);
      const symbolic = new Program(derivative(f.expr));
      for (const a of [-2.5, -1, -0.3, 0, 0.4, 1, 1.7, 3]) {
        for (const y of [-1, 0.5, 1]) {
          const auto = evaluateAt(f.program, a, y).deriv;
          const sym = evaluateAt(symbolic, a, y).value;
          // Where there is no derivative at all (√|a| at 0, a^a below 0) the symbolic form reads 0/0
          // or NaN and the automatic one may take its chain-rule zero: nothing to compare there.
          if (!Number.isFinite(auto) || !Number.isFinite(sym)) continue;
          close(sym, auto, 1e-12, 1e-12, `${text} at a=${a}, y=${y}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 180, `only ${compared} points compared`);
  });

  it('reads as a textbook writes it', () => {
    assert.equal(parseFormula('e^2').derivativeTex, '2\\cdot e');
    assert.equal(
      parseFormula('log(cosh(e))').derivativeTex,
      '\\frac{\\sinh\\left( e\\right)}{\\cosh\\left( e\\right)}',
    );
    assert.equal(parseFormula('sqrt(1 + e^2) - 1').derivativeTex, '\\frac{ e}{\\sqrt{1+{ e}^{2}}}');
    assert.equal(
      parseFormula('max(0, 1 - y*a)').derivativeTex,
      '-\\left(\\left[1- y\\cdot a> 0\\right]\\cdot y\\right)',
    );
    assert.equal(
      parseFormula('max(0, 1 - y*a)^2').derivativeTex,
      '-2\\cdot\\max\\left(0,1- y\\cdot a\\right)\\cdot\\left[1- y\\cdot a> 0\\right]\\cdot y',
    );
    assert.equal(
      parseFormula('abs(e)^1.5').derivativeTex,
      '1.5\\cdot{\\left| e\\right|}^{0.5}\\cdot\\operatorname{sign}\\left( e\\right)',
    );
    assert.equal(parseFormula('sigmoid(a)').tex, '\\sigma\\left( a\\right)');
    assert.equal(parseFormula('e^-1').derivativeTex, '-{ e}^{-2}');
  });

  it('is left out when too long to read (the product rule on 60 factors: 60 terms of 59), and the chart still has it', () => {
    const f = parseFormula(Array(60).fill('a').join('*'));
    assert.equal(f.derivative, null);
    assert.equal(f.derivativeTex, null);
    close(evaluateAt(f.program, 1.01, 0).deriv, 60 * 1.01 ** 59, 1e-13, 0, 'a^60');
  });
});

describe('formula engine: kinks', () => {
  const kinks = (text: string, y: number, lo = -3, hi = 3) => {
    const xs = Array.from({ length: 301 }, (_, i) => lo + ((hi - lo) * i) / 300);
    return findKinks(parseFormula(text).program, xs, (x) => x, y);
  };

  it('finds the hinge’s at y·a = 1 with its one-sided derivatives, to the last bit, between samples', () => {
    const k = kinks('max(0, 1 - y*a)', 1);
    assert.equal(k.length, 1);
    close(k[0].x, 1, 0, 1e-15, 'x');
    assert.deepEqual([k[0].value, k[0].left, k[0].right], [0, -1, 0]);
    // y = −1.3: at a = −1/1.3, which no sample hits.
    const off = kinks('max(0, 1 - y*a)', -1.3);
    close(off[0].x, -1 / 1.3, 1e-15, 1e-15, 'x');
    assert.deepEqual([off[0].left, off[0].right], [0, 1.3]);
  });

  it('finds |e|’s, ReLU’s, min’s and sign’s (a jump in the value), each once', () => {
    assert.deepEqual(
      kinks('abs(e)', 0.5).map((k) => [k.x, k.left, k.right]),
      [[0.5, -1, 1]],
    );
    assert.deepEqual(
      kinks('relu(a - 1) + relu(a + 1)', 0).map((k) => [k.x, k.left, k.right]),
      [
        [-1, 0, 1],
        [1, 1, 2],
      ],
    );
    assert.deepEqual(
      kinks('min(e, 2*e)', 0).map((k) => [k.x, k.left, k.right]),
      [[0, 2, 1]],
    );
    assert.deepEqual(
      kinks('sign(e)', 0).map((k) => [k.x, k.value, k.left, k.right]),
      [[0, 0, 0, 0]],
    );
  });

  it('finds none where the derivative is continuous: max(0, u)², |e|^1.5, max(a, a), a smooth formula', () => {
    for (const text of ['max(0, 1 - y*a)^2', 'abs(e)^1.5', 'max(a, a)', 'log(1 + exp(-y*a))', 'relu(a) - relu(a)'])
      assert.deepEqual(kinks(text, 1), [], text);
  });
});

describe('formula engine: a formula as the loss of the surface’s line model', () => {
  const xs = [-1.5, -0.4, 0.2, 0.9, 1.8, 1.1, -0.7];
  const ys = [-1.9, 0.1, 0.6, 2.2, 3.1, 2.0, -0.4];

  it('(a − y)² gives the catalog MSE’s surface and gradient-descent path', () => {
    const mine = formulaDefinition(parseFormula('(a - y)^2'));
    const axes = { w: { min: -2, max: 5, steps: 41 }, b: { min: -3, max: 4, steps: 37 } };
    const want = computeSurface({ model: 'linear', loss: 'mse', xs, ys, ...axes, method: 'kernel' });
    const got = computeSurface({ model: 'linear', loss: mine, xs, ys, ...axes });
    assert.equal(got.method, 'kernel', 'a definition of its own has no fast path');
    got.values.forEach((v, i) => close(v, want.values[i], 1e-12, 1e-12, `surface[${i}]`));
    const path = (loss: string | typeof mine) =>
      descentPath({ model: 'linear', loss, xs, ys }, { w0: -1, b0: 3, learningRate: 0.1, steps: 40 });
    const [p, q] = [path('mse'), path(mine)];
    p.w.forEach((w, k) => {
      close(q.w[k], w, 1e-12, 1e-12, `w[${k}]`);
      close(q.b[k], p.b[k], 1e-12, 1e-12, `b[${k}]`);
    });
  });

  it('takes the linear model only', () => {
    assert.throws(
      () =>
        computeSurface({
          model: 'logistic',
          loss: formulaDefinition(parseFormula('a')),
          xs,
          ys: xs.map(() => 1),
          w: { min: 0, max: 1, steps: 2 },
          b: { min: 0, max: 1, steps: 2 },
        }),
      /a loss of its own \(formula\) takes the linear model/,
    );
  });
});
