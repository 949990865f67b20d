/**
 * Gradient-descent paths and line fits. Independent references: the least-squares line from the
 * normal equations (solved here), the MSE gradient 2/n·Σ(w·x + b − y)·(x, 1) written out by hand,
 * the exact L1 regression optimum (a line through two data points: the LP's vertices, enumerated),
 * and the defining property of quantile regression (a fraction q of the points lies below the line).
 */
import { strict as assert } from 'node:assert';
import { descentPath, evaluate, fitLine, LossError, type DescentOptions, type LineProblemSpec } from '../../src/engine';
import { Random } from '../../src/engine/random';

const rng = new Random(77);
const n = 60;
const xs = Array.from({ length: n }, () => rng.uniform(-1, 4));
const ys = xs.map((x) => 0.8 * x + 1.5 + rng.normal(0, 0.4));
// the same data with 10 % gross outliers, all above the line
const yOut = ys.map((y, i) => (i % 10 === 3 ? y + 12 : y));
const mse: LineProblemSpec = { model: 'linear', loss: 'mse', xs, ys };

function leastSquares(x: number[], y: number[]): { w: number; b: number } {
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  x.forEach((v, i) => {
    sx += v;
    sy += y[i];
    sxx += v * v;
    sxy += v * y[i];
  });
  const m = x.length;
  const det = sxx * m - sx * sx;
  return { w: (sxy * m - sx * sy) / det, b: (sxx * sy - sx * sxy) / det };
}

const meanLoss = (loss: string, w: number, b: number, y: number[], params?: Record<string, number>): number =>
  evaluate({ loss, input: xs.map((x) => w * x + b), target: y, params }).loss as number;

describe('engine: gradient descent', () => {
  describe('descentPath', () => {
    it('on MSE converges to the least-squares line, the loss never rising', () => {
      const p = descentPath(mse, { w0: -2, b0: 3, learningRate: 0.05, steps: 5000, tolerance: 1e-13 });
      const ls = leastSquares(xs, ys);
      assert.equal(p.status, 'converged');
      assert.ok(Math.abs(p.w[p.steps] - ls.w) < 1e-9, `w ${p.w[p.steps]} vs ${ls.w}`);
      assert.ok(Math.abs(p.b[p.steps] - ls.b) < 1e-9, `b ${p.b[p.steps]} vs ${ls.b}`);
      for (let k = 1; k <= p.steps; k++) assert.ok(p.loss[k] <= p.loss[k - 1] + 1e-15, `step ${k}`);
      assert.equal(p.w.length, p.steps + 1);
    });

    it('each step is (w, b) − η·∇L with ∇L = 2/n·Σ(w·x + b − y)·(x, 1)', () => {
      const eta = 0.03;
      const p = descentPath(mse, { w0: 0.5, b0: -1, learningRate: eta, steps: 5 });
      assert.equal(p.status, 'completed');
      assert.equal(p.w.length, 6);
      let [w, b] = [0.5, -1];
      for (let k = 0; k <= 5; k++) {
        assert.ok(Math.abs(p.w[k] - w) < 1e-13 && Math.abs(p.b[k] - b) < 1e-13, `point ${k}`);
        assert.ok(Math.abs(p.loss[k] - meanLoss('mse', w, b, ys)) < 1e-13, `loss ${k}`);
        let gw = 0;
        let gb = 0;
        xs.forEach((x, i) => {
          const e = w * x + b - ys[i];
          gw += (2 / n) * e * x;
          gb += (2 / n) * e;
        });
        [w, b] = [w - eta * gw, b - eta * gb];
      }
    });

    it('stops and says so when the learning rate makes it diverge, with no NaN in the path', () => {
      const p = descentPath(mse, { w0: 0, b0: 0, learningRate: 2, steps: 10000 });
      assert.equal(p.status, 'diverged');
      assert.ok(p.steps < 10000);
      assert.match(p.message!, /learning rate 2 is too large/);
      assert.ok([...p.w, ...p.b, ...p.loss].every(Number.isFinite));
      assert.ok(p.loss[p.steps] > 1e12 * p.loss[0]);
    });

    it('follows the catalog gradient of other losses too (logistic regression under bce_with_logits)', () => {
      const labels = xs.map((x) => (x + rng.normal(0, 1) > 1.5 ? 1 : 0));
      const spec: LineProblemSpec = { model: 'logistic', loss: 'bce_with_logits', xs, ys: labels };
      const p = descentPath(spec, { w0: 0, b0: 0, learningRate: 0.5, steps: 300 });
      assert.equal(p.status, 'completed');
      assert.ok(p.loss[300] < p.loss[0] - 0.1);
      for (let k = 1; k <= 300; k++) assert.ok(p.loss[k] <= p.loss[k - 1] + 1e-12);
    });

    it('bad options throw errors that name the field', () => {
      const ok: DescentOptions = { w0: 0, b0: 0, learningRate: 0.1, steps: 10 };
      const bad: Array<[Partial<DescentOptions>, RegExp]> = [
        [{ learningRate: 0 }, /learningRate must be > 0, got 0/],
        [{ learningRate: NaN }, /learningRate must be a finite number/],
        [{ steps: 1.5 }, /steps must be an integer in \[0, 1000000\], got 1.5/],
        [{ w0: Infinity }, /w0 must be a finite number/],
        [{ tolerance: -1 }, /tolerance must be ≥ 0/],
      ];
      for (const [patch, message] of bad) {
        assert.throws(
          () => descentPath(mse, { ...ok, ...patch }),
          (e: Error) => e instanceof LossError && message.test(e.message),
          JSON.stringify(patch),
        );
      }
      assert.throws(() => descentPath({ ...mse, loss: 'nll' }, ok), /loss "nll" does not fit the linear model/);
    });
  });

  describe('fitLine (the outliers scene)', () => {
    it('MSE: the least-squares line', () => {
      const f = fitLine(mse);
      const ls = leastSquares(xs, ys);
      assert.equal(f.status, 'converged');
      assert.ok(Math.abs(f.w - ls.w) < 1e-8 && Math.abs(f.b - ls.b) < 1e-8, `${f.w}, ${f.b} vs ${ls.w}, ${ls.b}`);
      // far from the origin, where GD on raw x is badly conditioned
      const shifted = xs.map((x) => x + 1000);
      const g = fitLine({ ...mse, xs: shifted });
      const lsShifted = leastSquares(shifted, ys);
      assert.ok(
        Math.abs(g.w - lsShifted.w) < 1e-8 && Math.abs(g.b - lsShifted.b) < 1e-5,
        `${g.w}, ${g.b} vs ${lsShifted.w}, ${lsShifted.b}`,
      );
    });

    it('L1: the exact least-absolute-deviations optimum, found among the lines through two points', () => {
      let best = Infinity;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const w = (yOut[j] - yOut[i]) / (xs[j] - xs[i]);
          best = Math.min(best, meanLoss('l1', w, yOut[i] - w * xs[i], yOut));
        }
      const f = fitLine({ model: 'linear', loss: 'l1', xs, ys: yOut });
      assert.ok(f.loss - best <= 1e-9 * best, `fit ${f.loss} vs optimum ${best}`);
      assert.ok(f.loss >= best - 1e-12);
    });

    it('with outliers, L1 and smooth L1 stay near the true slope while L2 is pulled away', () => {
      const fit = (loss: string): ReturnType<typeof fitLine> => fitLine({ model: 'linear', loss, xs, ys: yOut });
      const l2 = fit('mse');
      const l1 = fit('l1');
      const sl1 = fit('smooth_l1');
      const ls = leastSquares(xs, yOut);
      assert.ok(Math.abs(l2.w - ls.w) < 1e-8 && Math.abs(l2.b - ls.b) < 1e-8);
      // how far a fitted line is from the true one (0.8x + 1.5), on average over the data
      const off = (f: { w: number; b: number }): number =>
        xs.reduce((s, x) => s + Math.abs(f.w * x + f.b - (0.8 * x + 1.5)), 0) / n;
      // the outliers add +12 to 10 % of the points: L2 moves by about 1.2, the robust fits hardly
      assert.ok(off(l2) > 0.8, `L2 is off by ${off(l2)}`);
      assert.ok(off(l1) < 0.3, `L1 is off by ${off(l1)}`);
      assert.ok(off(sl1) < 0.3, `smooth L1 is off by ${off(sl1)}`);
      // smooth L1 is differentiable: at its fit the gradient vanishes
      const g = evaluate({ loss: 'smooth_l1', input: xs.map((x) => sl1.w * x + sl1.b), target: yOut }).grad.data;
      const gw = g.reduce((s, v, i) => s + v * xs[i], 0);
      const gb = g.reduce((s, v) => s + v, 0);
      assert.ok(Math.hypot(gw, gb) < 1e-7, `|∇| = ${Math.hypot(gw, gb)}`);
    });

    it('quantile q = 0.9: about 90 % of the points lie below the line', () => {
      const f = fitLine({ model: 'linear', loss: 'quantile', params: { q: 0.9 }, xs, ys });
      const below = ys.filter((y, i) => y < f.w * xs[i] + f.b - 1e-9).length;
      const above = ys.filter((y, i) => y > f.w * xs[i] + f.b + 1e-9).length;
      // at a quantile-regression optimum, #below ≤ qn ≤ n − #above (Koenker and Bassett, 1978)
      assert.ok(below <= 0.9 * n && 0.9 * n <= n - above, `below ${below}, above ${above}`);
    });

    it('logistic regression: a stationary point of bce_with_logits', () => {
      const labels = xs.map((x, i) => (x + Math.sin(7 * i) > 1.5 ? 1 : 0));
      const f = fitLine({ model: 'logistic', loss: 'bce_with_logits', xs, ys: labels });
      const g = evaluate({ loss: 'bce_with_logits', input: xs.map((x) => f.w * x + f.b), target: labels }).grad.data;
      assert.ok(
        Math.hypot(
          g.reduce((s, v, i) => s + v * xs[i], 0),
          g.reduce((s, v) => s + v, 0),
        ) < 1e-7,
      );
    });
  });
});
