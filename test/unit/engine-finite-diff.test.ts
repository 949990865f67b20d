/**
 * The finite-difference gradient checker. Correct gradients come from the catalog (whose values
 * are checked against PyTorch elsewhere) and from calculus by hand; wrong ones are made wrong on
 * purpose, so the test knows exactly which elements must fail.
 */
import { strict as assert } from 'node:assert';
import { evaluate, LossError, type Tensor } from '../../src/engine';
import { gradCheck } from '../../src/engine/finiteDiff';
import { Random } from '../../src/engine/random';

const vec = (xs: number[]): Float64Array => Float64Array.from(xs);
const total = (l: number | Tensor): number => (typeof l === 'number' ? l : l.data.reduce((a, b) => a + b, 0));

/** f(x) and its gradient for a catalog loss at a fixed target, as the checker's callers build them. */
function catalogLoss(
  loss: string,
  shape: number[],
  target: Tensor | number | number[],
  params: Record<string, number | number[]> = {},
  reduction?: 'mean' | 'sum' | 'none',
) {
  const req = { loss, target, params, reduction };
  return {
    f: (x: Float64Array): number => total(evaluate({ ...req, input: { shape, data: x } }).loss),
    grad: (x: Float64Array): Float64Array => evaluate({ ...req, input: { shape, data: x } }).grad.data,
  };
}

describe('engine: finite-difference gradient checker', () => {
  const rng = new Random(3);

  describe('correct gradients pass', () => {
    it('a function differentiated by hand: f = Σ sin(xᵢ)·xᵢ₊₁ + exp(x₀/3)', () => {
      const x = rng.fillNormal(new Float64Array(7));
      const f = (v: Float64Array): number => {
        let s = Math.exp(v[0] / 3);
        for (let i = 0; i + 1 < v.length; i++) s += Math.sin(v[i]) * v[i + 1];
        return s;
      };
      const g = new Float64Array(7);
      g[0] = Math.exp(x[0] / 3) / 3;
      for (let i = 0; i + 1 < x.length; i++) {
        g[i] += Math.cos(x[i]) * x[i + 1];
        g[i + 1] += Math.sin(x[i]);
      }
      const r = gradCheck(f, x, g);
      assert.equal(r.verdict, 'pass');
      assert.equal(r.mode, 'elementwise');
      assert.equal(r.checked, 7);
      assert.equal(r.failures, 0);
      assert.deepEqual(r.kinks, []);
      assert.ok(r.maxRelError < 1e-7, `CS231n relative error ${r.maxRelError} should be tiny for a right gradient`);
      assert.deepEqual(r.settings, { eps: 1e-6, atol: 1e-5, rtol: 1e-3 });
    });

    const cases: Array<[string, number[], Tensor | number[], Record<string, number | number[]>]> = [
      ['mse', [6], [0.5, -1, 2, 0, 3, -2], {}],
      ['huber', [6], [0.5, -1, 2, 0, 3, -2], { delta: 0.7 }],
      ['bce_with_logits', [2, 3], { shape: [2, 3], data: vec([1, 0, 0.3, 1, 1, 0]) }, { pos_weight: [2, 1, 0.5] }],
      ['cross_entropy', [3, 4], [0, 3, 1], { label_smoothing: 0.1 }],
      ['focal', [5], [1, 0, 0, 1, 1], { gamma: 2 }],
    ];
    for (const [loss, shape, target, params] of cases) {
      it(`${loss}: the catalog's gradient at a random point`, () => {
        const x = rng.fillNormal(new Float64Array(shape.reduce((a, b) => a * b, 1)));
        const { f, grad } = catalogLoss(loss, shape, target, params);
        const r = gradCheck(f, x, grad(x));
        assert.equal(r.verdict, 'pass', JSON.stringify(r.worst));
        assert.ok(r.maxRelError < 1e-6, `max rel error ${r.maxRelError}`);
      });
    }

    it('near the edge of the domain (bce at p = 1e-9, where p − h < 0) the step shrinks instead of failing', () => {
      const { f, grad } = catalogLoss('bce', [3], [1, 0, 1], {}, 'sum');
      const x = vec([1e-9, 0.5, 1 - 1e-9]);
      const r = gradCheck(f, x, grad(x));
      assert.equal(r.verdict, 'pass', JSON.stringify(r.worst));
      assert.equal(r.nonFinite.length, 0);
    });
  });

  describe('wrong gradients fail, at the right element', () => {
    it('mse without its factor 2 fails everywhere, worst where the residual is largest', () => {
      const y = vec([0.3, -1.2, 2.0, 0.1, -0.4]);
      const x = vec([0.5, 0.9, -1.0, 0.2, 0.8]); // residuals 0.2, 2.1, −3.0, 0.1, 1.2
      const { f } = catalogLoss('mse', [5], { shape: [5], data: y });
      const wrong = x.map((xi, i) => (xi - y[i]) / 5); // should be 2(x − y)/n
      const r = gradCheck(f, x, wrong);
      assert.equal(r.verdict, 'fail');
      assert.equal(r.failures, 5);
      assert.equal(r.worst!.index, 2, 'the largest |residual| is at index 2');
      assert.ok(Math.abs(r.worst!.analytic - -0.6) < 1e-12);
      assert.ok(Math.abs(r.worst!.numeric - -1.2) < 1e-8);
      assert.ok(Math.abs(r.worst!.relError - 0.5) < 1e-6, 'CS231n relative error of a factor-2 mistake is 1/2');
      assert.deepEqual(
        r.failing.map((e) => e.index),
        [0, 1, 2, 3, 4],
      );
    });

    it('huber with the sign wrong for residuals below −δ fails exactly there', () => {
      const delta = 1;
      const n = 12;
      const x = Float64Array.from({ length: n }, (_, i) => -3 + 0.5 * i + 0.013); // residuals from −2.987 to 2.513
      const y = new Float64Array(n);
      const { f } = catalogLoss('huber', [n], { shape: [n], data: y }, { delta });
      const wrong = x.map((e) => (Math.abs(e) < delta ? e : e > 0 ? delta : +delta) / n); // sign lost for e < −δ
      const r = gradCheck(f, x, wrong);
      const expected = [...x.keys()].filter((i) => x[i] <= -delta);
      assert.equal(r.verdict, 'fail');
      assert.deepEqual(
        r.failing.map((e) => e.index),
        expected,
      );
      assert.ok(expected.includes(r.worst!.index));
    });

    it('one wrong element among many correct ones is the one reported', () => {
      const x = rng.fillNormal(new Float64Array(40));
      const target = rng.fillNormal(new Float64Array(40));
      const { f, grad } = catalogLoss('log_cosh', [40], { shape: [40], data: target }, {}, 'sum');
      const g = grad(x);
      g[27] *= 1.01; // 1 % off: beyond rtol = 1e-3
      const r = gradCheck(f, x, g);
      assert.equal(r.verdict, 'fail');
      assert.equal(r.failures, 1);
      assert.equal(r.worst!.index, 27);
    });
  });

  describe('gradients far below unit size (atol scaled to the gradient)', () => {
    // f = 0.5e-6·Σx², ∇f = 1e-6·x by hand. Every entry of the gradient is below torch's fixed
    // atol = 1e-5, so a fixed atol would pass any gradient of this size, 50 % off included.
    const f = (v: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * v[i];
      return 0.5e-6 * s;
    };
    const x = vec([0.3, -1.2, 2, 0.7, -0.4, 1.5]);

    it("the issue's example: an analytic gradient 1.5× too large fails, the right one passes", () => {
      const wrong = x.map((v) => 1.5e-6 * v);
      assert.ok(
        x.every((v, i) => Math.abs(wrong[i] - 1e-6 * v) < 1e-5),
        'within a fixed atol of 1e-5: the case the old rule passed',
      );
      const r = gradCheck(f, x, wrong);
      assert.equal(r.verdict, 'fail');
      assert.equal(r.failures, 6);
      // |1.5n − n| / max(|1.5n|, |n|) = 1/3 for every element.
      assert.ok(Math.abs(r.maxRelError - 1 / 3) < 1e-6, String(r.maxRelError));
      const right = gradCheck(
        f,
        x,
        x.map((v) => 1e-6 * v),
      );
      assert.equal(right.verdict, 'pass', JSON.stringify(right.worst));
      assert.ok(right.maxRelError < 1e-6, String(right.maxRelError));
    });

    it('and in projection mode (5,000 elements)', () => {
      const big = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i + 1));
      assert.equal(
        gradCheck(
          f,
          big,
          big.map((v) => 1.5e-6 * v),
        ).verdict,
        'fail',
      );
      const r = gradCheck(
        f,
        big,
        big.map((v) => 1e-6 * v),
      );
      assert.equal(r.mode, 'projection');
      assert.equal(r.verdict, 'pass', JSON.stringify(r.worst));
    });

    it('a kink of a tiny function is still a kink, and a value outside its slopes still fails', () => {
      // 1e-7·(|x₀| + |x₁|) at x₀ = 0: one-sided slopes ±1e-7, both far inside a fixed atol.
      const g = (v: Float64Array): number => 1e-7 * (Math.abs(v[0]) + Math.abs(v[1]));
      const at = vec([0, 0.5]);
      const ok = gradCheck(g, at, vec([0.3e-7, 1e-7]));
      assert.equal(ok.verdict, 'pass', JSON.stringify(ok.worst));
      assert.deepEqual(
        ok.kinks.map((k) => k.index),
        [0],
      );
      const bad = gradCheck(g, at, vec([3e-7, 1e-7]));
      assert.equal(bad.verdict, 'fail');
      assert.equal(bad.worst!.index, 0);
      assert.deepEqual(bad.kinks, []);
    });
  });

  describe('the worst element and one-sided slopes', () => {
    it('the worst is the one furthest beyond its tolerance, not the largest absolute error', () => {
      // f = Σ xᵢ²/2, ∇f = x. Errors 0.01 at x = 2 and 0.05 at x = 30: tolerances
      // 1e-5 + 1e-3·2 and 1e-5 + 1e-3·30, so ratios ≈ 4.98 and ≈ 1.67.
      const x = vec([0.5, 2, 30]);
      const r = gradCheck((v) => (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / 2, x, vec([0.5, 2.01, 30.05]));
      assert.equal(r.verdict, 'fail');
      assert.deepEqual(
        r.failing.map((e) => e.index),
        [1, 2],
      );
      assert.equal(r.worst!.index, 1);
      assert.ok(Math.abs(r.worst!.relError - 0.01 / 2.01) < 1e-8, String(r.worst!.relError));
      assert.ok(Math.abs(r.maxRelError - 0.01 / 2.01) < 1e-8);
    });

    it('at the edge of the domain only one side is used (x² + x, undefined below 0, at x = 0)', () => {
      const f = (v: Float64Array): number => (v[0] >= 0 ? v[0] * v[0] + v[0] : NaN) + v[1] * v[1];
      const x = vec([0, 1]);
      const r = gradCheck(f, x, vec([1, 2]));
      assert.equal(r.verdict, 'pass', JSON.stringify(r.worst));
      const bad = gradCheck(f, x, vec([2, 2]));
      assert.equal(bad.verdict, 'fail');
      assert.equal(bad.worst!.index, 0);
      assert.equal(bad.worst!.oneSided, true);
      assert.ok(Number.isNaN(bad.worst!.left));
      // ((h² + h) − 0)/h = 1 + h at the first step h = 1e-6: shrinking it would only add rounding.
      assert.ok(Math.abs(bad.worst!.numeric - (1 + 1e-6)) < 1e-9, String(bad.worst!.numeric));
    });
  });

  describe('kinks', () => {
    it('hinge exactly at the margin (y·f = 1) is a kink, not a failure', () => {
      const x = vec([1, -1, 0.3, 2, -0.5]);
      const y = vec([1, -1, 1, -1, -1]); // margins 1, 1, 0.3, −2, 0.5
      const { f, grad } = catalogLoss('hinge', [5], { shape: [5], data: y });
      const r = gradCheck(f, x, grad(x));
      assert.equal(r.verdict, 'pass');
      assert.deepEqual(
        r.kinks.map((k) => k.index),
        [0, 1],
      );
      assert.equal(r.checked, 5);
      // the one-sided slopes on either side of the hinge: −1/n·y and 0
      assert.ok(Math.abs(Math.min(r.kinks[0].left, r.kinks[0].right) - -0.2) < 1e-8);
      assert.ok(Math.abs(Math.max(r.kinks[0].left, r.kinks[0].right)) < 1e-8);
    });

    it('L1 at zero error is a kink; quantile and smooth_l1 with beta 0 too', () => {
      const x = vec([0.5, 2, -1, 0]);
      const t = { shape: [4], data: vec([0.5, 1, -1, 3]) }; // zero error at 0 and 2
      for (const [loss, params] of [
        ['l1', {}],
        ['quantile', { q: 0.8 }],
        ['smooth_l1', { beta: 0 }],
      ] as const) {
        const { f, grad } = catalogLoss(loss, [4], t, params);
        const r = gradCheck(f, x, grad(x));
        assert.equal(r.verdict, 'pass', loss);
        assert.deepEqual(
          r.kinks.map((k) => k.index),
          [0, 2],
          loss,
        );
      }
    });

    it('a value that is no subgradient at a kink still fails', () => {
      const x = vec([0.5, 2]);
      const { f, grad } = catalogLoss('l1', [2], [0.5, 1]);
      const g = grad(x);
      g[0] = 3; // the subgradients of |·|/2 at 0 are [−½, ½]
      const r = gradCheck(f, x, g);
      assert.equal(r.verdict, 'fail');
      assert.equal(r.worst!.index, 0);
      assert.deepEqual(r.kinks, []);
    });

    it('strong curvature is not mistaken for a kink (1e4·x² at x = 0)', () => {
      const r = gradCheck((v) => 1e4 * v[0] * v[0], vec([0]), vec([0]));
      assert.equal(r.verdict, 'pass');
      assert.deepEqual(r.kinks, []);
    });

    it('a kink just beside x (closer than the step) does not spoil the check', () => {
      // |x − 3e-7|: the kink is 0.3 steps away, so the central difference straddles it
      const r = gradCheck((v) => Math.abs(v[0] - 3e-7), vec([0]), vec([-1]));
      assert.equal(r.verdict, 'pass', JSON.stringify(r.worst));
    });
  });

  describe('random projections for large inputs', () => {
    const n = 10000;
    const x = new Random(11).fillNormal(new Float64Array(n));
    const target = new Random(12).fillNormal(new Float64Array(n));
    const { f, grad } = catalogLoss('mse', [n], { shape: [n], data: target }, {}, 'sum');

    it('is chosen above 4096 elements and passes a right gradient', () => {
      const r = gradCheck(f, x, grad(x));
      assert.equal(r.mode, 'projection');
      assert.equal(r.checked, 16, 'the 16 directions the lens and the CLI use too');
      assert.equal(r.verdict, 'pass', JSON.stringify(r.worst));
      assert.deepEqual(r.settings, { eps: 1e-6, atol: 1e-5, rtol: 1e-3, directions: 16, seed: 0 });
    });

    it('catches a missing factor 2 on 10,000 elements', () => {
      const g = grad(x).map((v) => v / 2);
      const r = gradCheck(f, x, g);
      assert.equal(r.mode, 'projection');
      assert.equal(r.verdict, 'fail');
      assert.equal(r.failures, 16);
    });

    it('catches a wrong sign on the negative residuals only', () => {
      const g = grad(x).map((v) => (v < 0 ? -v : v));
      const r = gradCheck(f, x, g, { directions: 3, seed: 5 });
      assert.equal(r.verdict, 'fail');
      assert.ok(r.worst!.relError > 0.1);
    });

    it('can be forced on a small input, and elementwise mode on a large one', () => {
      const small = vec([0.1, 0.2, -0.3]);
      const s = catalogLoss('mse', [3], [0, 0, 0]);
      assert.equal(gradCheck(s.f, small, s.grad(small), { mode: 'projection' }).mode, 'projection');
      const big = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i));
      const r = gradCheck(
        (v) => v.reduce((s, t) => s + t * t, 0),
        big,
        big.map((t) => 2 * t),
        { mode: 'elementwise' },
      );
      assert.equal(r.mode, 'elementwise');
      assert.equal(r.checked, 5000);
      assert.equal(r.verdict, 'pass');
    });
  });

  describe('reports and errors', () => {
    it('lists at most maxListed failing entries but counts them all', () => {
      const x = vec(Array.from({ length: 30 }, (_, i) => i / 10));
      const r = gradCheck((v) => v.reduce((s, t) => s + t * t, 0), x, new Float64Array(30).fill(-1), { maxListed: 3 });
      assert.equal(r.failures, 30);
      assert.equal(r.failing.length, 3);
    });

    it('a NaN in the analytic gradient fails', () => {
      const r = gradCheck((v) => v[0] * v[0], vec([1]), vec([NaN]));
      assert.equal(r.verdict, 'fail');
      assert.equal(r.worst!.absError, Infinity);
    });

    it('where f is undefined on both sides the element is listed, and nothing compared is no pass', () => {
      const f = (v: Float64Array): number => (v[0] === 1 ? 0 : NaN);
      const r = gradCheck(f, vec([1]), vec([0]));
      assert.deepEqual(r.nonFinite, [0]);
      assert.equal(r.checked, 0);
      assert.equal(r.verdict, 'fail');
      assert.equal(r.firstError, undefined);
    });

    it('keeps the first error f threw, so a report can say why entries are missing', () => {
      const f = (v: Float64Array): number => {
        if (v[0] !== 1) throw new Error('only defined at 1');
        return 0;
      };
      const r = gradCheck(f, vec([1]), vec([0]));
      assert.equal(r.firstError, 'only defined at 1');
      assert.throws(
        () =>
          gradCheck(
            () => {
              throw new Error('boom');
            },
            vec([1]),
            vec([0]),
          ),
        /f\(x\) is not a finite number at the given point \(it threw: boom\)/,
      );
    });

    it('bad arguments throw errors that say what is wrong', () => {
      const f = (v: Float64Array): number => v[0];
      assert.throws(
        () => gradCheck(f, vec([1, 2]), vec([1])),
        (e: Error) => e instanceof LossError && /analytic has 1 elements but x has 2/.test(e.message),
      );
      assert.throws(() => gradCheck(() => NaN, vec([1]), vec([1])), /f\(x\) is not a finite number/);
      assert.throws(() => gradCheck(f, vec([NaN]), vec([1])), /x\[0\] is NaN/);
      assert.throws(() => gradCheck(f, vec([1]), vec([1]), { eps: 0 }), /eps must be a finite number > 0/);
      assert.throws(() => gradCheck(f, vec([1]), vec([1]), { rtol: -1 }), /rtol must be/);
      assert.throws(() => gradCheck(f, vec([1]), vec([1]), { mode: 'fast' as 'auto' }), /mode must be/);
      assert.throws(() => gradCheck(f, vec([1]), vec([1]), { directions: 0 }), /directions must be at least 1/);
    });

    it('does not change x', () => {
      const x = vec([0.1, 0.2, 0.3]);
      const copy = Float64Array.from(x);
      gradCheck((v) => v[0] * v[1] * v[2], x, vec([0.06, 0.03, 0.02]));
      assert.deepEqual(x, copy);
    });
  });
});
