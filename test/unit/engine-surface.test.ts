/**
 * Loss surfaces. The independent references: `evaluate()` at each (w, b), fed the predictions
 * w·xᵢ + b (brute force, the catalog's own kernel), and for MSE the least-squares solution from
 * the normal equations, solved here by hand.
 */
import { strict as assert } from 'node:assert';
import {
  axisValues,
  computeCoarseSurface,
  computeSurface,
  computeSurfaceRows,
  evaluate,
  LossError,
  prepareSurface,
  surfaceStats,
  type RawParams,
  type SurfaceMethod,
  type SurfaceSpec,
} from '../../src/engine';
import { Random } from '../../src/engine/random';

const rng = new Random(2024);
const n = 150;
const xs = Array.from({ length: n }, () => rng.uniform(-2, 3));
const yReg = xs.map((x) => 1.3 * x - 0.4 + rng.normal(0, 0.6) + (rng.uniform() < 0.08 ? rng.normal(0, 6) : 0));
const yBin = xs.map((x) => (rng.uniform() < 1 / (1 + Math.exp(-(1.5 * x - 0.5))) ? 1 : 0));
const yPm = yBin.map((y) => (y ? 1 : -1));
// A non-square grid, so that a swapped row/column layout cannot pass.
const grid = { w: { min: -3, max: 4, steps: 23 }, b: { min: -2.5, max: 2, steps: 17 } };

type Case = { loss: string; model: 'linear' | 'logistic'; params?: RawParams; ys?: number[]; method: SurfaceMethod };
const CASES: Case[] = [
  { loss: 'mse', model: 'linear', method: 'closed-form' },
  { loss: 'l1', model: 'linear', method: 'sorted' },
  { loss: 'huber', model: 'linear', method: 'sorted' },
  { loss: 'huber', model: 'linear', params: { delta: 0.4 }, method: 'sorted' },
  { loss: 'smooth_l1', model: 'linear', method: 'sorted' },
  { loss: 'smooth_l1', model: 'linear', params: { beta: 2.5 }, method: 'sorted' },
  { loss: 'smooth_l1', model: 'linear', params: { beta: 0 }, method: 'sorted' },
  { loss: 'quantile', model: 'linear', params: { q: 0.2 }, method: 'sorted' },
  { loss: 'log_cosh', model: 'linear', method: 'separable' },
  { loss: 'bce_with_logits', model: 'logistic', method: 'separable' },
  { loss: 'bce_with_logits', model: 'logistic', params: { pos_weight: 2.5, weight: 0.7 }, method: 'separable' },
  {
    loss: 'bce_with_logits',
    model: 'logistic',
    params: { weight: xs.map((_, i) => 0.5 + (i % 7) / 3) },
    method: 'kernel',
  },
  { loss: 'logistic', model: 'logistic', method: 'separable' },
  { loss: 'logistic', model: 'logistic', ys: yPm, method: 'separable' },
  { loss: 'hinge', model: 'logistic', method: 'sorted' },
  { loss: 'squared_hinge', model: 'logistic', ys: yPm, method: 'sorted' },
  { loss: 'zero_one', model: 'logistic', method: 'sorted' },
  { loss: 'exponential', model: 'logistic', method: 'closed-form' },
  { loss: 'focal', model: 'logistic', method: 'separable' },
  { loss: 'focal', model: 'logistic', params: { gamma: 0.5, alpha: -1 }, method: 'separable' },
  { loss: 'focal', model: 'logistic', params: { gamma: 0 }, method: 'separable' },
];

const specOf = (c: Case, extra: Partial<SurfaceSpec> = {}): SurfaceSpec => ({
  model: c.model,
  loss: c.loss,
  params: c.params,
  xs,
  ys: c.ys ?? (c.model === 'linear' ? yReg : yBin),
  ...grid,
  ...extra,
});

/** The loss at (w, b) through evaluate(), with the predictions computed as w·x + b. */
function bruteForce(c: Case, w: number, b: number): number {
  const ys = c.ys ?? (c.model === 'linear' ? yReg : yBin);
  return evaluate({ loss: c.loss, input: xs.map((x) => w * x + b), target: ys, params: c.params }).loss as number;
}

const label = (c: Case): string =>
  `${c.loss}${c.params ? ' ' + JSON.stringify(c.params).slice(0, 40) : ''}${c.ys === yPm ? ' (±1 labels)' : ''}`;

describe('engine: loss surfaces', () => {
  describe('every point equals evaluate() at that (w, b)', () => {
    for (const c of CASES) {
      it(`${label(c)} (${c.method})`, () => {
        const s = computeSurface(specOf(c));
        assert.equal(s.method, c.method);
        assert.equal(s.values.length, 23 * 17);
        for (let row = 0; row < s.rows; row++) {
          for (let col = 0; col < s.cols; col++) {
            const want = bruteForce(c, s.wValues[col], s.bValues[row]);
            const got = s.values[row * s.cols + col];
            assert.ok(
              Math.abs(got - want) <= 1e-9 * Math.abs(want) + 1e-12,
              `${c.loss} at row ${row} (b = ${s.bValues[row]}), col ${col} (w = ${s.wValues[col]}): ${got} vs ${want}`,
            );
          }
        }
      });
    }
  });

  it("method 'kernel' is the catalog's kernel: equal to evaluate() to the last bit", () => {
    for (const c of CASES.filter((k) => ['huber', 'log_cosh', 'zero_one', 'focal'].includes(k.loss))) {
      const s = computeSurface(specOf(c, { method: 'kernel' }));
      assert.equal(s.method, 'kernel');
      for (let k = 0; k < 25; k++) {
        const row = rng.int(0, s.rows);
        const col = rng.int(0, s.cols);
        assert.equal(
          s.values[row * s.cols + col],
          bruteForce(c, s.wValues[col], s.bValues[row]),
          `${c.loss} (${row}, ${col})`,
        );
      }
    }
  });

  it('the closed form for MSE stays accurate with data far from the origin', () => {
    const far = xs.map((x) => x + 1e4);
    const yFar = yReg.map((y) => y + 3e4);
    const spec: SurfaceSpec = {
      model: 'linear',
      loss: 'mse',
      xs: far,
      ys: yFar,
      w: { min: 2.5, max: 3.5, steps: 11 },
      b: { min: -2e4, max: -1e4, steps: 9 },
    };
    const s = computeSurface(spec);
    for (let row = 0; row < s.rows; row++)
      for (let col = 0; col < s.cols; col++) {
        const want = evaluate({ loss: 'mse', input: far.map((x) => s.wValues[col] * x + s.bValues[row]), target: yFar })
          .loss as number;
        const got = s.values[row * s.cols + col];
        assert.ok(Math.abs(got - want) <= 1e-9 * want, `${got} vs ${want}`);
      }
  });

  it('the MSE argmin is the grid point nearest the least-squares line (normal equations)', () => {
    // Normal equations for ŷ = w·x + b: [Σx² Σx; Σx n]·[w; b] = [Σxy; Σy], solved by Cramer's rule.
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    xs.forEach((x, i) => {
      sx += x;
      sy += yReg[i];
      sxx += x * x;
      sxy += x * yReg[i];
    });
    const det = sxx * n - sx * sx;
    const wStar = (sxy * n - sx * sy) / det;
    const bStar = (sxx * sy - sx * sxy) / det;
    const spec: SurfaceSpec = {
      model: 'linear',
      loss: 'mse',
      xs,
      ys: yReg,
      w: { min: -1, max: 3, steps: 201 },
      b: { min: -2, max: 2, steps: 201 },
    };
    const s = computeSurface(spec);
    const nearest = (values: Float64Array, v: number): number =>
      values.reduce((best, t, i) => (Math.abs(t - v) < Math.abs(values[best] - v) ? i : best), 0);
    assert.equal(s.argmin!.col, nearest(s.wValues, wStar), `w* = ${wStar}, argmin w = ${s.argmin!.w}`);
    assert.equal(s.argmin!.row, nearest(s.bValues, bStar), `b* = ${bStar}, argmin b = ${s.argmin!.b}`);
    assert.equal(s.argmin!.loss, s.min);
    assert.equal(s.values[s.argmin!.row * s.cols + s.argmin!.col], s.min);
    assert.ok(s.values.every((v) => v >= s.min && v <= s.max));
  });

  describe('coarse first, then slices: the same values as the full grid', () => {
    for (const c of CASES) {
      it(`${label(c)}`, () => {
        const full = computeSurface(specOf(c));
        const s = prepareSurface(specOf(c));
        const coarse = computeCoarseSurface(s, 4);
        assert.deepEqual([...coarse.rowIndex], [0, 4, 8, 12, 16]);
        assert.deepEqual([...coarse.colIndex], [0, 4, 8, 12, 16, 20, 22], 'the last column is always in');
        coarse.rowIndex.forEach((row, r) =>
          coarse.colIndex.forEach((col, k) =>
            assert.equal(
              coarse.values[r * coarse.colIndex.length + k],
              full.values[row * full.cols + col],
              `coarse (${row}, ${col})`,
            ),
          ),
        );
        assert.equal(coarse.wValues[6], full.wValues[22]);
        // slices of uneven sizes, in an odd order
        const out = new Float64Array(s.rows * s.cols).fill(NaN);
        const cuts = [0, 3, 4, 11, 17];
        for (const k of [2, 0, 3, 1]) computeSurfaceRows(s, cuts[k], cuts[k + 1], out);
        assert.deepEqual(out, full.values);
        const stats = surfaceStats(s, out);
        assert.equal(stats.min, full.min);
        assert.deepEqual(stats.argmin, full.argmin);
      });
    }
  });

  it('a partly computed grid: stats skip the rows not yet filled; coarseStride gives a usable first picture', () => {
    const s = prepareSurface(specOf(CASES[0]));
    const out = new Float64Array(s.rows * s.cols).fill(NaN);
    computeSurfaceRows(s, 5, 9, out);
    const st = surfaceStats(s, out);
    assert.ok(st.argmin!.row >= 5 && st.argmin!.row < 9);
    assert.equal(surfaceStats(s, new Float64Array(s.rows * s.cols).fill(NaN)).argmin, null);
    const big = prepareSurface({
      model: 'linear',
      loss: 'log_cosh',
      xs: Array(1000).fill(0.5),
      ys: Array(1000).fill(1),
      w: { min: -3, max: 3, steps: 201 },
      b: { min: -3, max: 3, steps: 201 },
    });
    const coarse = computeCoarseSurface(big);
    assert.ok(coarse.stride > 1, 'a 201×201 log_cosh surface over 1,000 samples starts coarse');
    assert.ok(coarse.rowIndex.length >= 20, 'but not too coarse to look at');
    assert.equal(
      computeCoarseSurface(prepareSurface(specOf(CASES[0]))).stride,
      1,
      'the closed form needs no coarse pass',
    );
    assert.equal(
      computeCoarseSurface(prepareSurface(specOf(CASES[0], { coarse: 5 }))).stride,
      5,
      'the coarse option sets the stride',
    );
  });

  it('inputs too large for the factored exponentials fall back to the kernel, and still agree', () => {
    const wide = xs.map((x) => x * 400);
    const c: Case = { loss: 'logistic', model: 'logistic', method: 'kernel' };
    const s = prepareSurface({ ...specOf(c), xs: wide });
    assert.equal(s.method, 'kernel');
    const out = new Float64Array(s.rows * s.cols);
    computeSurfaceRows(s, 0, s.rows, out);
    for (const [row, col] of [
      [0, 0],
      [8, 11],
      [16, 22],
    ]) {
      const want = evaluate({
        loss: 'logistic',
        input: wide.map((x) => s.wValues[col] * x + s.bValues[row]),
        target: yBin,
      }).loss as number;
      assert.equal(out[row * s.cols + col], want);
    }
  });

  it('axisValues: evenly spaced, the last exactly max', () => {
    const v = axisValues({ min: -1, max: 0.3, steps: 14 });
    assert.equal(v.length, 14);
    assert.equal(v[0], -1);
    assert.equal(v[13], 0.3);
    for (let i = 1; i < 14; i++) assert.ok(Math.abs(v[i] - v[i - 1] - 0.1) < 1e-15);
  });

  it('bad specs throw errors that name the field', () => {
    const ok = specOf(CASES[0]);
    const bad: Array<[Partial<SurfaceSpec> | Record<string, unknown>, RegExp]> = [
      [{ w: { min: 1, max: 1, steps: 5 } }, /w\.max must be greater than w\.min/],
      [{ b: { min: 0, max: 1, steps: 1 } }, /b\.steps must be an integer in \[2, 4001\], got 1/],
      [{ b: { min: 0, max: NaN, steps: 5 } }, /b\.max must be a finite number/],
      [
        { loss: 'cross_entropy' },
        /loss "cross_entropy" does not fit the linear model \(use mse, l1, huber, smooth_l1, log_cosh, quantile\)/,
      ],
      [{ model: 'logistic', loss: 'mse' }, /does not fit the logistic model/],
      [{ model: 'quadratic' }, /model must be 'linear', 'logistic' or 'sigmoid'/],
      [
        { model: 'logistic', loss: 'hinge', ys: yReg },
        /ys\[0\] is .*, but labels for a classifier \(the logistic or sigmoid model\) must be 0\/1 or ±1/,
      ],
      [{ model: 'logistic', loss: 'hinge', ys: [0, -1, ...yPm.slice(2)] }, /mixes 0 and −1 labels/],
      [{ ys: yReg.slice(1) }, /xs has 150 values but ys has 149/],
      [{ xs: [NaN, ...xs.slice(1)] }, /xs\[0\] is NaN, not a finite number/],
      [{ xs: [], ys: [] }, /xs is empty/],
      [{ loss: 'huber', params: { delta: 0 } }, /huber: delta must be > 0, got 0/],
      [{ reduction: 'none' }, /reduction must be 'mean' or 'sum'/],
      [{ method: 'fast' }, /method must be 'auto' or 'kernel'/],
      [{ coarse: 0 }, /coarse must be 'auto' or a positive integer stride, got 0/],
    ];
    for (const [patch, message] of bad) {
      assert.throws(
        () => prepareSurface({ ...ok, ...patch }),
        (e: Error) => e instanceof LossError && message.test(e.message),
        `${JSON.stringify(patch).slice(0, 60)}: expected ${message}`,
      );
    }
    const s = prepareSurface(ok);
    assert.throws(() => computeSurfaceRows(s, 3, 2, new Float64Array(s.rows * s.cols)), /0 ≤ rowStart ≤ rowEnd ≤ 17/);
    assert.throws(
      () => computeSurfaceRows(s, 0, 2, new Float64Array(5)),
      /out must be a Float64Array of rows × cols = 391 values/,
    );
    assert.throws(() => computeCoarseSurface(s, 0), /stride must be a positive integer/);
  });

  it("reduction 'sum' is n times 'mean'", () => {
    for (const c of [CASES[0], CASES[2], CASES[8], CASES[17]]) {
      const mean = computeSurface(specOf(c));
      const sum = computeSurface(specOf(c, { reduction: 'sum' }));
      sum.values.forEach((v, i) =>
        assert.ok(Math.abs(v - n * mean.values[i]) <= 1e-12 * Math.abs(v), `${c.loss}[${i}]`),
      );
    }
  });
});
