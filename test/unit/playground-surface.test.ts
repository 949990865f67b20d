/**
 * The surface scene's regularisation and its slices (src/playground/scenes/surface.ts): what it
 * computes, against values computed here (the mean loss written out, the ridge closed form, the
 * lasso threshold), and how its new controls, penalty and λ, are checked wherever they come in:
 * the page's requests, links (?scene=surface&penalty=l2&lambda=0.1) and `lossPlayground.open`'s
 * `{ scene: 'surface', params: { penalty: 'l2', lambda: 0.1 } }`.
 */
import { strict as assert } from 'node:assert';
import { focusFor } from '../../src/playground/focus';
import { focusForLink, LINK_PATH } from '../../src/playground/link';
import { parseOpenArgs, parseWebviewMessage } from '../../src/playground/messages';
import { SurfaceCache, surfaceData, surfaceStages } from '../../src/playground/scenes/surface';
import type { SurfaceData, SurfaceInput } from '../../src/protocol';

const input: SurfaceInput = {
  loss: 'mse',
  delta: 1,
  seed: 1,
  n: 200,
  noise: 1,
  start: [-1.5, 3.5],
  eta: 0.1,
  steps: 60,
  resolution: 41,
  penalty: 'none',
  lambda: 0,
};
const stages = (i: SurfaceInput, cache?: SurfaceCache): { data: SurfaceData; final: boolean }[] =>
  [...surfaceStages(i, cache)].flatMap((s) => (s ? [s] : []));
const last = (i: SurfaceInput, cache?: SurfaceCache): SurfaceData => stages(i, cache).at(-1)!.data;

const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
function close(got: number, want: number, what: string, tol = 1e-9): void {
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
}

/** J(w, b) of the scene's data, written out: the mean loss plus the penalty on w. */
function objective(i: SurfaceInput, w: number, b: number): number {
  const pts = surfaceData(i);
  const loss =
    i.loss === 'mse'
      ? mean(pts.map((p) => (w * p.x + b - p.y) ** 2))
      : i.loss === 'logistic_mse'
        ? mean(pts.map((p) => (sigma(w * p.x + b) - p.y) ** 2))
        : i.loss === 'logistic_regression'
          ? mean(pts.map((p) => -(p.y * Math.log(sigma(w * p.x + b)) + (1 - p.y) * Math.log(1 - sigma(w * p.x + b)))))
          : NaN;
  const r = i.penalty === 'l2' ? 0.5 * i.lambda * w * w : i.penalty === 'l1' ? i.lambda * Math.abs(w) : 0;
  return loss + r;
}

describe('playground: the surface scene under a penalty, and its slices', () => {
  it('each cell is the loss plus the penalty on w, for every loss (written out here)', () => {
    for (const loss of ['mse', 'logistic_regression', 'logistic_mse'] as const)
      for (const [penalty, lambda] of [
        ['l2', 0.8],
        ['l1', 0.3],
      ] as const) {
        const i = { ...input, loss, penalty, lambda, resolution: 21 };
        const d = last(i);
        for (const [r, c] of [
          [0, 0],
          [7, 13],
          [20, 20],
          [3, 17],
        ])
          close(d.z[r * d.w.length + c], objective(i, d.w[c], d.b[r]), `${loss} ${penalty} cell (${r}, ${c})`);
      }
  });

  it('a new λ or penalty reuses the grid of the loss: one answer, the penalty added, the surface key new', () => {
    const cache = new SurfaceCache();
    const plain = last(input, cache);
    const again = stages({ ...input, penalty: 'l2', lambda: 2 }, cache);
    assert.equal(again.length, 1);
    assert.ok(again[0].final);
    const d = again[0].data;
    assert.notEqual(d.surfaceKey, plain.surfaceKey, 'the page repaints');
    d.z.forEach((v, k) => close(v, plain.z[k] + 0.5 * 2 * d.w[k % d.w.length] ** 2, `cell ${k}`, 1e-12));
  });

  it('its minimum moves as λ grows: the ridge closed form under L2, exactly w = 0 past the lasso threshold', () => {
    const pts = surfaceData(input);
    const [mx, my] = [mean(pts.map((p) => p.x)), mean(pts.map((p) => p.y))];
    const sxx = pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    const sxy = pts.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
    const n = pts.length;
    let before = Infinity;
    for (const lambda of [0, 0.5, 2, 5]) {
      const d = last({ ...input, penalty: 'l2', lambda });
      // ½λw² on the mean squared error: w = Sxy/(Sxx + nλ/2), b = ȳ − w·x̄.
      // The fit stops where J can no longer fall by more than its rounding: ~1e-8 from the optimum.
      const w = sxy / (sxx + (n * lambda) / 2);
      close(d.optimum!.w, w, `ridge w at λ = ${lambda}`, 1e-6);
      close(d.optimum!.b, my - w * mx, `ridge b at λ = ${lambda}`, 1e-6);
      assert.ok(d.optimum!.w < before);
      before = d.optimum!.w;
    }
    const threshold = (2 * Math.abs(sxy)) / n;
    assert.ok(last({ ...input, penalty: 'l1', lambda: 0.9 * threshold }).optimum!.w > 0);
    assert.equal(last({ ...input, penalty: 'l1', lambda: 1.1 * threshold }).optimum!.w, 0);
  });

  it('the descent path moves with λ, and its end is where the slices cross', () => {
    const i = { ...input, steps: 200, eta: 0.2, resolution: 31 };
    const plain = last(i);
    const ridge = last({ ...i, penalty: 'l2', lambda: 3 });
    assert.ok(ridge.fit.w < plain.fit.w - 0.3, `the path ends at w = ${ridge.fit.w} under L2, ${plain.fit.w} without`);
    for (const d of [plain, ridge]) {
      const s = d.slices!;
      assert.deepEqual(s.at, [d.fit.w, d.fit.b]);
      assert.equal(s.w.length, 31);
      assert.equal(s.b.length, 31);
      const pen = d === ridge ? { ...i, penalty: 'l2' as const, lambda: 3 } : i;
      for (const k of [0, 11, 30]) {
        close(s.alongW[k], objective(pen, s.w[k], s.at[1]), `J(w) at w = ${s.w[k]}`);
        close(s.alongB[k], objective(pen, s.at[0], s.b[k]), `J(b) at b = ${s.b[k]}`);
      }
      // J at the end of the path, read off either slice, is the path's last loss.
      close(objective(pen, ...s.at), d.fit.loss, 'J where the path ends');
    }
  });

  it('the regularisation path comes last, once per data set: L2 shrinks w, L1 puts it on 0', () => {
    const i = { ...input, seed: 77, resolution: 21 };
    const s = stages(i);
    assert.ok(
      s.slice(0, -1).every((x) => !x.final && x.data.regPath === undefined),
      'no path before the last stage',
    );
    const path = s.at(-1)!.data.regPath!;
    assert.ok(s.at(-1)!.final);
    assert.equal(path.lambda.length, 41);
    close(path.lambda[0], 1e-3, 'from λ = 10⁻³');
    close(path.lambda.at(-1)!, 10, 'to λ = 10');
    assert.ok(
      path.l2.every((w, k) => k === 0 || w < path.l2[k - 1]),
      'L2: w shrinks at every step',
    );
    assert.ok(path.l2.at(-1)! > 0, 'and never reaches 0');
    assert.equal(path.l1.at(-1), 0, 'L1: exactly 0');
    // A new start for the same data: the path comes with the first answer.
    const again = stages({ ...i, start: [0, 0] });
    assert.deepEqual(again[0].data.regPath, path);
  });

  it('no minimum for separable classes without a penalty; one with it', () => {
    const sep = { ...input, loss: 'logistic_regression' as const, noise: 0, resolution: 21 };
    assert.equal(last(sep).optimum, null);
    assert.equal(last({ ...sep, loss: 'logistic_mse' }).optimum, null);
    const ridge = last({ ...sep, penalty: 'l2', lambda: 0.1 }).optimum!;
    assert.ok(ridge.w > 0 && Number.isFinite(ridge.w));
  });

  it('logistic regression under the squared error reads the same 0/1 data as under cross-entropy', () => {
    assert.deepEqual(
      surfaceData({ ...input, loss: 'logistic_mse' }),
      surfaceData({ ...input, loss: 'logistic_regression' }),
    );
  });
});

describe('playground: the surface scene’s penalty and λ, wherever they come in', () => {
  const request = (over: Record<string, unknown>) => ({
    type: 'compute',
    seq: 1,
    request: { scene: 'surface', input: { ...input, ...over } },
  });

  it('a request takes penalty none, l2 or l1 and λ in [0, 10]; anything else is turned away with a reason', () => {
    for (const penalty of ['none', 'l2', 'l1']) assert.ok(parseWebviewMessage(request({ penalty })).ok, penalty);
    assert.ok(parseWebviewMessage(request({ lambda: 10 })).ok);
    const reason = (over: Record<string, unknown>): string => {
      const r = parseWebviewMessage(request(over));
      assert.ok(!r.ok, `accepted ${JSON.stringify(over)}`);
      return r.error;
    };
    assert.match(reason({ penalty: 'l3' }), /surface.penalty must be one of none, l2, l1, got "l3"/);
    assert.match(reason({ penalty: 2 }), /surface.penalty must be one of none, l2, l1, got 2/);
    assert.match(reason({ lambda: -0.1 }), /surface.lambda must be in \[0, 10\], got -0.1/);
    assert.match(reason({ lambda: 11 }), /surface.lambda must be in \[0, 10\], got 11/);
    assert.match(reason({ lambda: '0.1' }), /surface.lambda must be a finite number, got "0.1"/);
    assert.match(reason({ lambda: Number.NaN }), /surface.lambda must be a finite number, got null/);
    assert.match(
      reason({ loss: 'logistic_hinge' }),
      /surface.loss must be one of mse, l1, huber, logistic_regression, logistic_mse/,
    );
    const { penalty: _p, ...without } = input;
    const r = parseWebviewMessage({ type: 'compute', seq: 1, request: { scene: 'surface', input: without } });
    assert.ok(!r.ok && /surface.penalty is missing/.test(r.error));
  });

  it('a link sets them: ?scene=surface&penalty=l2&lambda=0.1; a bad value names the control', () => {
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=surface&penalty=l2&lambda=0.1'), {
      focus: { scene: 'surface', view: { penalty: 'l2', lambda: 0.1 } },
    });
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=surface&loss=logistic_mse&penalty=l1'), {
      focus: { scene: 'surface', view: { loss: 'logistic_mse', penalty: 'l1' } },
    });
    assert.match(
      focusForLink(LINK_PATH, 'scene=surface&penalty=ridge').problem ?? '',
      /surface.penalty must be one of none, l2, l1, got "ridge"/,
    );
    assert.match(
      focusForLink(LINK_PATH, 'scene=surface&lambda=lots').problem ?? '',
      /surface.lambda must be a number, got "lots"/,
    );
    assert.match(
      focusForLink(LINK_PATH, 'scene=surface&lambda=12').problem ?? '',
      /surface.lambda must be in \[0, 10\], got 12/,
    );
    assert.match(focusForLink(LINK_PATH, 'scene=surface&lambda=0.1&lambda=0.2').problem ?? '', /lambda is given twice/);
  });

  it('lossPlayground.open takes them as params of the scene (no loss named), or as its view', () => {
    const open = (arg: unknown) => {
      const parsed = parseOpenArgs(arg);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      return focusFor(parsed.value);
    };
    assert.deepEqual(open({ scene: 'surface', params: { penalty: 'l2', lambda: 0.1 } }), {
      focus: { scene: 'surface', view: { penalty: 'l2', lambda: 0.1 } },
    });
    assert.deepEqual(open({ scene: '5', params: { penalty: 'l1' }, view: { lambda: 2 } }), {
      focus: { scene: 'surface', view: { penalty: 'l1', lambda: 2 } },
    });
    assert.deepEqual(open({ scene: 'surface', view: { penalty: 'none' } }), {
      focus: { scene: 'surface', view: { penalty: 'none' } },
    });
    assert.match(
      open({ scene: 'surface', params: { penalty: 'elastic' } }).problem ?? '',
      /surface.penalty must be one of none, l2, l1, got "elastic"/,
    );
    assert.match(
      open({ scene: 'surface', params: { lambda: 100 } }).problem ?? '',
      /surface.lambda must be in \[0, 10\], got 100/,
    );
    assert.match(
      open({ scene: 'surface', params: { alpha: 1 } }).problem ?? '',
      /params.alpha is not a control of the surface scene \(without a loss, params set its controls: loss, delta, .*penalty, lambda/,
    );
    assert.match(
      open({ scene: 'surface', params: { lambda: 1 }, view: { lambda: 2 } }).problem ?? '',
      /params.lambda and view.lambda both set lambda; give it once/,
    );
    // With a loss, params are that loss's parameters, as the hovers pass them: numbers only.
    assert.deepEqual(open({ scene: 'surface', loss: 'huber', params: { delta: 2 } }), {
      focus: { scene: 'surface', loss: 'huber', params: { delta: 2 } },
    });
    const words = parseOpenArgs({ scene: 'surface', loss: 'mse', params: { penalty: 'l2' } });
    assert.ok(!words.ok && /params.penalty must be a finite number, got "l2"/.test(words.error));
  });
});
