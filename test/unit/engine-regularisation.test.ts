/**
 * Penalties on the weight of the one-feature model, and logistic regression under the squared
 * error (the `sigmoid` model). Independent references: the closed forms of ridge and lasso
 * regression with one feature and a free bias (derived in the comments, computed here from the
 * data's centred sums), a gradient computed by hand (the numbers written out, and checked with
 * NumPy), central differences of the objective, the lasso's threshold λ = |∂L/∂w(0, b₀)| with b₀
 * the best bias alone, and the Hessian of the squared error through a sigmoid written out by hand
 * (ℓ″(z) = 2σ′² + 2(σ − y)σ″, σ″ = σ′(1 − 2σ)).
 */
import { strict as assert } from 'node:assert';
import {
  addPenalty,
  computeSurface,
  descentPath,
  evaluate,
  fitLine,
  LossError,
  objectiveAt,
  penaltyProx,
  regularisationPath,
  softThreshold,
  type LineProblemSpec,
  type Penalty,
} from '../../src/engine';
import { Random } from '../../src/engine/random';

const rng = new Random(12);
const n = 120;
const xs = Array.from({ length: n }, () => rng.uniform(-2, 2));
const yReg = xs.map((x) => 1.5 * x + 0.5 + rng.normal(0, 1));
const yBin = yReg.map((y) => (y > 0 ? 1 : 0));
const mse: LineProblemSpec = { model: 'linear', loss: 'mse', xs, ys: yReg };
const ce: LineProblemSpec = { model: 'logistic', loss: 'bce_with_logits', xs, ys: yBin };
const smse: LineProblemSpec = { model: 'sigmoid', loss: 'mse', xs, ys: yBin };

const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
/** Centred sums Sxx = Σ(x − x̄)², Sxy = Σ(x − x̄)(y − ȳ). */
function centred(x: number[], y: number[]): { sxx: number; sxy: number; mx: number; my: number } {
  const [mx, my] = [mean(x), mean(y)];
  let sxx = 0;
  let sxy = 0;
  x.forEach((v, i) => {
    sxx += (v - mx) ** 2;
    sxy += (v - mx) * (y[i] - my);
  });
  return { sxx, sxy, mx, my };
}

function close(got: number, want: number, what: string, tol = 1e-8): void {
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
}

describe('engine: penalties on the weight', () => {
  it('soft-thresholding and the proximal maps: exactly 0 inside the threshold, shifted outside; L2 scales', () => {
    assert.equal(softThreshold(0.3, 0.5), 0);
    assert.equal(softThreshold(-0.5, 0.5), 0);
    assert.equal(softThreshold(2, 0.5), 1.5);
    assert.equal(softThreshold(-2, 0.5), -1.5);
    assert.equal(penaltyProx({ kind: 'l1', lambda: 2 }, 0.9, 0.5), 0); // |0.9| ≤ η·λ = 1
    close(penaltyProx({ kind: 'l2', lambda: 2 }, 0.9, 0.5), 0.9 / 2, 'v/(1 + ηλ)');
    assert.equal(penaltyProx({ kind: 'none', lambda: 2 }, 0.9, 0.5), 0.9);
  });

  it('a grid of L gets ½λw² or λ|w| added per column, the same for every row (no penalty on b)', () => {
    const w = [-2, 0, 3];
    const z = [1, 2, 3, 4, 5, 6];
    assert.deepEqual(Array.from(addPenalty(z, w, { kind: 'l2', lambda: 0.5 })), [2, 2, 5.25, 5, 5, 8.25]);
    assert.deepEqual(Array.from(addPenalty(z, w, { kind: 'l1', lambda: 0.5 })), [2, 2, 4.5, 5, 5, 7.5]);
    assert.throws(
      () => addPenalty([1, 2, 3], w.slice(0, 2), { kind: 'l1', lambda: 1 }),
      /do not fill rows of 2 columns/,
    );
  });

  it('the regularised gradient of logistic regression, by hand: (1/m)Σ(a − y)x + λw, and λ·sign(w) under L1', () => {
    // x = (1, −2, 0.5), y = (1, 0, 1), w = 0.3, b = −0.1: z = (0.2, −0.7, 0.05),
    // a = σ(z) = (0.549834, 0.331812, 0.512497), (a − y)·x = (−0.450166, −0.663624, −0.243751),
    // mean −0.452514; + λw = 0.06 → −0.392514; + λ·sign(w) = 0.2 → −0.252514; ∂J/∂b = mean(a − y) = −0.201952.
    // The same with NumPy: -0.3925139200363615, -0.25251392003636147, -0.20195212612382596.
    const tiny: LineProblemSpec = { model: 'logistic', loss: 'bce_with_logits', xs: [1, -2, 0.5], ys: [1, 0, 1] };
    const [l2] = objectiveAt(tiny, [[0.3, -0.1]], { kind: 'l2', lambda: 0.2 });
    const [l1] = objectiveAt(tiny, [[0.3, -0.1]], { kind: 'l1', lambda: 0.2 });
    close(l2.dw, -0.3925139200363615, '∂J/∂w, L2', 1e-12);
    close(l1.dw, -0.25251392003636147, '∂J/∂w, L1', 1e-12);
    close(l2.db, -0.20195212612382596, '∂J/∂b (no penalty)', 1e-12);
    assert.equal(l1.db, l2.db);
    // J = cross-entropy 0.556595 + ½·0.2·0.3² = 0.565595, or + 0.2·|0.3| = 0.616595 (NumPy).
    close(l2.loss, 0.5655948554267787, 'J, L2', 1e-12);
    close(l1.loss, 0.6165948554267786, 'J, L1', 1e-12);
    // Under the squared error through the sigmoid: (2/m)Σ(a − y)a(1 − a)x + λw (NumPy: -0.1529715907677077).
    const [sq] = objectiveAt({ ...tiny, model: 'sigmoid', loss: 'mse' }, [[0.3, -0.1]], { kind: 'l2', lambda: 0.2 });
    close(sq.dw, -0.1529715907677077, 'sigmoid + MSE ∂J/∂w', 1e-12);
    close(sq.loss, 0.18346919098302006 + 0.009, 'sigmoid + MSE J', 1e-12);
  });

  describe('the regularised gradient agrees with central differences of J (away from w = 0)', () => {
    const specs: [string, LineProblemSpec][] = [
      ['mse', mse],
      ['huber', { model: 'linear', loss: 'huber', xs, ys: yReg }],
      ['cross-entropy', ce],
      ['sigmoid + mse', smse],
    ];
    const penalties: Penalty[] = [
      { kind: 'l2', lambda: 0.7 },
      { kind: 'l1', lambda: 0.7 },
    ];
    for (const [name, spec] of specs)
      for (const pen of penalties)
        it(`${name}, ${pen.kind}`, () => {
          const h = 1e-6;
          for (const [w, b] of [
            [0.8, -0.3],
            [-1.7, 2.1],
            [2.5, 0.4],
          ] as [number, number][]) {
            const [g] = objectiveAt(spec, [[w, b]], pen);
            const [wp, wm, bp, bm] = objectiveAt(
              spec,
              [
                [w + h, b],
                [w - h, b],
                [w, b + h],
                [w, b - h],
              ],
              pen,
            );
            close(g.dw, (wp.loss - wm.loss) / (2 * h), `∂J/∂w at (${w}, ${b})`, 1e-6);
            close(g.db, (bp.loss - bm.loss) / (2 * h), `∂J/∂b at (${w}, ${b})`, 1e-6);
          }
        });
  });

  it('ridge and lasso fits equal the closed forms with one feature and a free bias', () => {
    // J = (1/n)Σ(w·x + b − y)² + R(w). At the optimum b = ȳ − w·x̄, and what remains of J is
    // (Sxx·w² − 2Sxy·w)/n + R(w) + const, so ridge (R = ½λw²) gives w = Sxy/(Sxx + nλ/2) and the
    // lasso (R = λ|w|) gives w = S_{λ/2}(Sxy/n)/(Sxx/n): exactly 0 once λ ≥ 2|Sxy|/n.
    const { sxx, sxy, mx, my } = centred(xs, yReg);
    for (const lambda of [0.05, 0.5, 2, 8]) {
      const ridge = fitLine(mse, { penalty: { kind: 'l2', lambda } });
      const w = sxy / (sxx + (n * lambda) / 2);
      close(ridge.w, w, `ridge w at λ = ${lambda}`);
      close(ridge.b, my - w * mx, `ridge b at λ = ${lambda}`);
      const lasso = fitLine(mse, { penalty: { kind: 'l1', lambda } });
      const wl = softThreshold(sxy / n, lambda / 2) / (sxx / n);
      close(lasso.w, wl, `lasso w at λ = ${lambda}`);
      close(lasso.b, my - wl * mx, `lasso b at λ = ${lambda}`);
      if (wl === 0) assert.equal(lasso.w, 0, `lasso w at λ = ${lambda} is exactly 0`);
    }
  });

  it('the L1 path reaches exactly 0 at the threshold |∂L/∂w(0, b₀)| and stays there; the L2 path only shrinks', () => {
    // Cross-entropy at w = 0 is least where σ(b₀) = ȳ; there ∂L/∂w = (1/m)Σ(ȳ − yᵢ)xᵢ.
    const ybar = mean(yBin);
    const threshold = Math.abs(mean(xs.map((x, i) => (ybar - yBin[i]) * x)));
    const lambdas = [0.1, 0.5, 0.8, 0.95, 1.05, 1.2, 2, 5].map((f) => f * threshold);
    const l1 = regularisationPath(ce, 'l1', lambdas);
    const l2 = regularisationPath(ce, 'l2', lambdas);
    l1.forEach((p, k) => {
      if (p.lambda > threshold) assert.equal(p.w, 0, `L1 w at λ = ${p.lambda} (threshold ${threshold}) is ${p.w}`);
      else assert.ok(p.w > 1e-6, `L1 w at λ = ${p.lambda} is ${p.w}, below the threshold`);
      if (k > 0) assert.ok(p.w <= l1[k - 1].w + 1e-9, 'the L1 weight never grows with λ');
    });
    l2.forEach((p, k) => {
      assert.ok(p.w > 0, `L2 w at λ = ${p.lambda} is ${p.w}`);
      if (k > 0) assert.ok(p.w < l2[k - 1].w, 'the L2 weight shrinks as λ grows');
    });
    // At w = 0 the bias is the log-odds of the labels.
    const zero = l1.at(-1)!;
    close(zero.b, Math.log(ybar / (1 - ybar)), 'b₀ = logit(ȳ)', 1e-7);
    // The same for the squared error through the sigmoid, and for L1 regression (kinks of its own):
    // past a large enough λ, exactly 0.
    for (const spec of [smse, { model: 'linear', loss: 'l1', xs, ys: yReg } as LineProblemSpec]) {
      const [p] = regularisationPath(spec, 'l1', [50]);
      assert.equal(p.w, 0, `${spec.model} ${JSON.stringify(spec.loss)}`);
    }
  });

  it('descent under L1 takes proximal steps: w ← S_ηλ(w − η·∂L/∂w), landing on 0 and staying there', () => {
    // Above the lasso threshold 2|Sxy|/n of this data (4.3): where the fit's w is 0.
    const lambda = (1.4 * 2 * Math.abs(centred(xs, yReg).sxy)) / n;
    const eta = 0.1;
    const p = descentPath(mse, { w0: 1.5, b0: 0.3, learningRate: eta, steps: 200, penalty: { kind: 'l1', lambda } });
    let [w, b] = [1.5, 0.3];
    for (let k = 0; k < 5; k++) {
      let gw = 0;
      let gb = 0;
      xs.forEach((x, i) => {
        const e = w * x + b - yReg[i];
        gw += (2 / n) * e * x;
        gb += (2 / n) * e;
      });
      const v = w - eta * gw;
      [w, b] = [Math.sign(v) * Math.max(Math.abs(v) - eta * lambda, 0), b - eta * gb];
      close(p.w[k + 1], w, `w after step ${k + 1}`, 1e-12);
      close(p.b[k + 1], b, `b after step ${k + 1}`, 1e-12);
    }
    const first = p.w.findIndex((v) => v === 0);
    assert.ok(first > 0, 'w reaches exactly 0');
    assert.ok(
      p.w.slice(first).every((v) => v === 0),
      'and stays there',
    );
    // The path's losses are J: the loss plus λ|w|.
    const mseAt = (k: number): number =>
      evaluate({ loss: 'mse', input: xs.map((x) => p.w[k] * x + p.b[k]), target: yReg }).loss as number;
    close(p.loss[3], mseAt(3) + lambda * Math.abs(p.w[3]), 'J on the path');
  });

  it('descent under L2 is gradient descent on J: w ← w − η(∂L/∂w + λw), b as without a penalty', () => {
    const [lambda, eta] = [0.6, 0.05];
    const p = descentPath(ce, { w0: -1, b0: 2, learningRate: eta, steps: 3, penalty: { kind: 'l2', lambda } });
    let [w, b] = [-1, 2];
    for (let k = 0; k < 3; k++) {
      const a = xs.map((x) => sigma(w * x + b));
      const gw = mean(a.map((ai, i) => (ai - yBin[i]) * xs[i]));
      const gb = mean(a.map((ai, i) => ai - yBin[i]));
      [w, b] = [w - eta * (gw + lambda * w), b - eta * gb];
      close(p.w[k + 1], w, `w after step ${k + 1}`, 1e-12);
      close(p.b[k + 1], b, `b after step ${k + 1}`, 1e-12);
    }
  });

  it('bad penalties and points are errors that say what is wrong', () => {
    assert.throws(
      () => fitLine(mse, { penalty: { kind: 'l3', lambda: 1 } as unknown as Penalty }),
      (e: unknown) => e instanceof LossError && /penalty.kind must be one of none, l2, l1, got "l3"/.test(e.message),
    );
    assert.throws(
      () => descentPath(mse, { w0: 0, b0: 0, learningRate: 0.1, steps: 1, penalty: { kind: 'l2', lambda: -1 } }),
      /penalty.lambda must be a finite number ≥ 0, got -1/,
    );
    assert.throws(() => objectiveAt(mse, [[0, Number.NaN]]), /points\[0\] is \[0, NaN\], not two finite numbers/);
    assert.throws(
      () => regularisationPath(mse, 'l1', [0.1, Infinity]),
      /lambdas\[1\] must be a finite number ≥ 0, got Infinity/,
    );
  });
});

describe('engine: logistic regression under the squared error (the sigmoid model)', () => {
  const grid = { w: { min: -3, max: 4, steps: 29 }, b: { min: -3, max: 3, steps: 19 } };

  it('its surface is the mean of (σ(w·x + b) − y)² at every point (computed here directly)', () => {
    const s = computeSurface({ ...smse, ...grid });
    assert.equal(s.method, 'separable');
    for (let r = 0; r < s.rows; r += 3)
      for (let c = 0; c < s.cols; c += 2) {
        const [w, b] = [s.wValues[c], s.bValues[r]];
        const want = mean(xs.map((x, i) => (sigma(w * x + b) - yBin[i]) ** 2));
        close(s.values[r * s.cols + c], want, `(${w}, ${b})`, 1e-12);
      }
    // And through the catalog kernel: the same numbers.
    const k = computeSurface({ ...smse, ...grid, method: 'kernel' });
    k.values.forEach((v, i) => close(v, s.values[i], `kernel cell ${i}`, 1e-12));
  });

  it('is not convex: its Hessian has a negative eigenvalue on the plateau, and a chord lies below the surface; cross-entropy’s never does', () => {
    /** The Hessian of the mean loss in (w, b), written out: (1/m)Σ ℓ″(zᵢ)·[xᵢ², xᵢ; xᵢ, 1]. */
    const hessianMin = (second: (z: number, y: number) => number, w: number, b: number): number => {
      let [hww, hwb, hbb] = [0, 0, 0];
      xs.forEach((x, i) => {
        const d = second(w * x + b, yBin[i]) / n;
        hww += d * x * x;
        hwb += d * x;
        hbb += d;
      });
      // the smaller eigenvalue of a symmetric 2×2 matrix
      return (hww + hbb) / 2 - Math.sqrt(((hww - hbb) / 2) ** 2 + hwb * hwb);
    };
    const squared = (z: number, y: number): number => {
      const s = sigma(z);
      const d1 = s * (1 - s);
      return 2 * d1 * d1 + 2 * (s - y) * d1 * (1 - 2 * s);
    };
    const crossEntropy = (z: number): number => sigma(z) * (1 - sigma(z));
    const points: [number, number][] = [];
    for (let w = -3; w <= 4; w += 0.5) for (let b = -3; b <= 3; b += 0.5) points.push([w, b]);
    const sq = points.map(([w, b]) => hessianMin(squared, w, b));
    assert.ok(Math.min(...sq) < -1e-3, `the squared error's smallest Hessian eigenvalue: ${Math.min(...sq)}`);
    assert.ok(Math.max(...sq) > 1e-3, 'and positive curvature elsewhere (near the minimum)');
    for (const [w, b] of points) assert.ok(hessianMin(crossEntropy, w, b) >= -1e-12, `cross-entropy at (${w}, ${b})`);
    // The same from the engine's own values: on the line between two points the surface rises
    // above the chord (midpoint convexity fails), under the squared error only.
    const [p, q]: [number, number][] = [
      [-3, -3],
      [0, 0],
    ];
    const mid: [number, number] = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
    const [jp, jq, jm] = objectiveAt(smse, [p, q, mid]).map((r) => r.loss);
    assert.ok(jm > (jp + jq) / 2 + 1e-3, `sigmoid + MSE: J(mid) = ${jm} against the chord's ${(jp + jq) / 2}`);
    const [cp, cq, cm] = objectiveAt(ce, [p, q, mid]).map((r) => r.loss);
    assert.ok(cm <= (cp + cq) / 2, 'cross-entropy stays under its chord');
  });

  it('its plateau stalls gradient descent where cross-entropy, from the same start and rate, moves on', () => {
    const start = { w0: -3, b0: -3, learningRate: 0.5, steps: 100 };
    const sq = descentPath(smse, start);
    const c = descentPath(ce, start);
    const moved = (d: { w: number[]; b: number[] }): number => Math.hypot(d.w.at(-1)! - d.w[0], d.b.at(-1)! - d.b[0]);
    assert.ok(
      moved(sq) < 0.5 * moved(c),
      `moved ${moved(sq)} under the squared error, ${moved(c)} under cross-entropy`,
    );
  });

  it('takes only mse, and labels 0/1 or ±1', () => {
    assert.throws(
      () => computeSurface({ ...smse, loss: 'l1', ...grid }),
      /loss "l1" does not fit the sigmoid model \(use mse\)/,
    );
    assert.throws(
      () => computeSurface({ ...smse, ys: yReg, ...grid }),
      /labels for a classifier \(the logistic or sigmoid model\) must be 0\/1 or ±1/,
    );
  });
});
