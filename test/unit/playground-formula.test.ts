/**
 * Scene 12, "Your formula" (src/playground/scenes/formula.ts), and the formula on the surface
 * scene: what the compute answers (the axis, the curves against closed forms, catalog losses at
 * the same (y, a) against evaluate(), the kinks, a mistake and its column); how the formula is
 * checked where it comes in (requests, links, the open command, exports); the surface's formula
 * loss against the catalog's MSE surface; and the page's strings for each mistake against the
 * engine's.
 */
import { strict as assert } from 'node:assert';
import { evaluate, type Tensor } from '../../src/engine';
import { FormulaError, parseFormula, problemMessage, type FormulaProblem } from '../../src/engine/formula';
import { focusFor } from '../../src/playground/focus';
import { focusForLink, linkFor, LINK_PATH } from '../../src/playground/link';
import { parseOpenArgs, parseWebviewMessage } from '../../src/playground/messages';
import { COMPUTED, computeScene, HOST_SCENES } from '../../src/playground/scenes';
import {
  CODE_TARGETS,
  FORMULA_ERROR_CODES,
  FORMULA_OVERLAYS,
  type FormulaData,
  type FormulaInput,
  type SurfaceData,
  type SurfaceInput,
} from '../../src/protocol';
import { strings } from '../../webview/i18n';

const answer = (input: FormulaInput): FormulaData => computeScene({ scene: 'formula', input }).data;
const plot = (input: FormulaInput): Extract<FormulaData, { ok: true }> => {
  const d = answer(input);
  assert.ok(d.ok, JSON.stringify(d));
  return d;
};

describe('formula scene: what the compute answers', () => {
  it('draws a formula of y and a against a, y held: values and derivative as the closed form says', () => {
    const d = plot({ f: 'log(1 + exp(-y*a))', y: -1, range: 4 });
    assert.equal(d.axis, 'a');
    assert.deepEqual(d.variables, ['y', 'a']);
    assert.equal(d.x.length, 301);
    assert.deepEqual([d.x[0], d.x[300]], [-4, 4]);
    d.x.forEach((a, i) => {
      // y = −1: log(1 + e^a), derivative σ(a) (by hand).
      assert.ok(Math.abs(d.loss[i]! - Math.log1p(Math.exp(a))) < 1e-12);
      assert.ok(Math.abs(d.grad[i]! - 1 / (1 + Math.exp(-a))) < 1e-12);
    });
    assert.match(d.tex.loss!, /\\ln/);
    assert.ok(d.tex.grad);
    for (const t of CODE_TARGETS) assert.match(d.code[t], /log\(1 \+ exp\(-y\*a\)\)/, t);
  });

  it('draws a formula of e alone against e, whatever y is', () => {
    const d = plot({ f: 'abs(e)^1.5', y: 2, range: 3 });
    assert.equal(d.axis, 'e');
    d.x.forEach((e, i) => assert.ok(Math.abs(d.loss[i]! - Math.abs(e) ** 1.5) < 1e-12, `at e = ${e}`));
  });

  it('marks the hinge’s kink at a = 1/y with its one-sided derivatives, and draws the catalog losses at the same (y, a)', () => {
    const d = plot({ f: 'max(0, 1 - y*a)', y: 1, range: 3 });
    assert.deepEqual(d.kinks, [{ x: 1, value: 0, left: -1, right: 0 }]);
    assert.deepEqual(d.unfit, []);
    assert.deepEqual(
      d.curves.map((c) => c.id),
      [...FORMULA_OVERLAYS],
    );
    const hinge = d.curves.find((c) => c.id === 'hinge')!;
    assert.deepEqual(hinge.loss, d.loss, 'the catalog hinge is the formula');
    const r = evaluate({ loss: 'huber', input: d.x, target: d.x.map(() => 1), reduction: 'none' });
    assert.deepEqual(d.curves.find((c) => c.id === 'huber')!.loss, Array.from((r.loss as Tensor).data));
  });

  it('leaves out the catalog losses whose targets y cannot be: margin losses off ±1, BCE with logits outside [0, 1]', () => {
    assert.deepEqual(plot({ f: 'e^2', y: 0.5, range: 3 }).unfit, [
      'zero_one',
      'hinge',
      'squared_hinge',
      'logistic',
      'exponential',
    ]);
    assert.deepEqual(plot({ f: 'e^2', y: -1, range: 3 }).unfit, ['bce_with_logits']);
    assert.deepEqual(plot({ f: 'e^2', y: 3, range: 3 }).unfit, [
      'zero_one',
      'hinge',
      'squared_hinge',
      'logistic',
      'exponential',
      'bce_with_logits',
    ]);
  });

  it('answers a mistake with what it is and its column, for the page to show beside the field', () => {
    assert.deepEqual(answer({ f: '1 + a*foo', y: 1, range: 3 }), {
      ok: false,
      error: { code: 'unknownName', column: 7, text: 'foo' },
    });
    assert.deepEqual(answer({ f: 'max(0, 1 - y*a', y: 1, range: 3 }), {
      ok: false,
      error: { code: 'unclosed', column: 4, text: '(' },
    });
    assert.deepEqual(answer({ f: '1 +', y: 1, range: 3 }), {
      ok: false,
      error: { code: 'incomplete', column: 4, text: '' },
    });
  });

  it('gives null, not NaN, where the formula has no value, so the chart leaves a gap', () => {
    const d = plot({ f: 'log(e)', y: 0, range: 2 });
    assert.equal(d.loss[0], null);
    assert.ok(d.loss[300]! > 0);
  });
});

describe('formula scene: where a formula comes in, it is checked', () => {
  it('a request: any text up to 200 characters (what is wrong with it is the answer’s), and nothing longer', () => {
    assert.ok(
      parseWebviewMessage({
        type: 'compute',
        seq: 1,
        request: { scene: 'formula', input: { f: 'foo(', y: 1, range: 3 } },
      }).ok,
    );
    const long = parseWebviewMessage({
      type: 'compute',
      seq: 1,
      request: { scene: 'formula', input: { f: 'a'.repeat(201), y: 1, range: 3 } },
    });
    assert.ok(!long.ok && /formula.f is longer than 200 characters/.test(long.error));
  });

  it('a link: ?scene=formula&f=… opens it, and one whose formula does not check out is turned away naming the column', () => {
    const f = 'max(0, 1 - y*a)^2';
    const link = linkFor('vscode', 'formula', { f, y: 1, range: 4, shown: ['hinge'] });
    assert.ok(link.ok);
    assert.equal(
      link.value,
      'vscode://loss-playground.loss-playground/open?scene=formula&f=max(0,%201%20-%20y*a)%5E2&y=1&range=4&shown=hinge',
    );
    assert.deepEqual(focusForLink(LINK_PATH, `scene=formula&f=${f}`), { focus: { scene: 'formula', view: { f } } });
    assert.match(
      focusForLink(LINK_PATH, 'scene=formula&f=log(1 + foo)').problem!,
      /formula.f: Unknown name `foo` at column 9/,
    );
    assert.match(focusForLink(LINK_PATH, 'scene=formula&f=constructor').problem!, /Unknown name `constructor`/);
    assert.match(
      focusForLink(LINK_PATH, `scene=formula&f=${'a+'.repeat(150)}a`).problem!,
      /formula.f is longer than 200 characters/,
    );
    // A formula the page holds while it is being typed has no link yet.
    const bad = linkFor('vscode', 'formula', { f: 'a & y', y: 1, range: 4, shown: [] });
    assert.ok(!bad.ok && /Unexpected character `&` at column 3/.test(bad.error));
  });

  it('the open command: { scene: "formula", params: { f } } sets the formula, as view does; a bad one is a problem', () => {
    const args = parseOpenArgs({ scene: 'formula', params: { f: 'abs(e)^1.5', y: 0 } });
    assert.ok(args.ok);
    assert.deepEqual(focusFor(args.value), { focus: { scene: 'formula', view: { f: 'abs(e)^1.5', y: 0 } } });
    const bad = parseOpenArgs({ scene: 'formula', params: { f: 'import(1)' } });
    assert.ok(bad.ok);
    assert.match(focusFor(bad.value).problem!, /Unknown name `import`/);
    assert.match(
      focusFor({ scene: 'formula', params: { f: 'e' }, view: { f: 'e' } }).problem!,
      /params.f and view.f both set f/,
    );
    const f141 = `${'a+'.repeat(70)}a`;
    const mid = parseOpenArgs({ scene: 'formula', params: { f: f141 } });
    assert.ok(mid.ok);
    assert.deepEqual(focusFor(mid.value), { focus: { scene: 'formula', view: { f: f141 } } });
    const long = parseOpenArgs({ scene: 'formula', params: { f: `${'a+'.repeat(150)}a` } });
    assert.ok(long.ok, 'the scene’s own field holds a formula to its length');
    assert.match(focusFor(long.value).problem!, /formula.f is longer than 200 characters/);
    // With a loss, params are still that loss's parameters.
    assert.deepEqual(parseOpenArgs({ loss: 'huber', params: { delta: 2 } }), {
      ok: true,
      value: { loss: 'huber', params: { delta: 2 } },
    });
  });

  it('an export of code: one of the three targets, as text of at most 100 KB', () => {
    for (const format of CODE_TARGETS)
      assert.ok(
        parseWebviewMessage({ type: 'export', format, scene: 'formula', data: 'import numpy as np\n' }).ok,
        format,
      );
    assert.ok(!parseWebviewMessage({ type: 'export', format: 'rust', scene: 'formula', data: 'x' }).ok);
    assert.ok(
      !parseWebviewMessage({ type: 'export', format: 'numpy', scene: 'formula', data: 'x'.repeat(100_001) }).ok,
    );
  });
});

describe('formula on the surface scene: the loss of the line a = w·x + b', () => {
  const surface = (input: SurfaceInput): SurfaceData => computeScene({ scene: 'surface', input }).data;
  const base: SurfaceInput = {
    loss: 'mse',
    delta: 1,
    seed: 3,
    n: 60,
    noise: 1,
    start: [-1.5, 3.5],
    eta: 0.1,
    steps: 30,
    resolution: 31,
    penalty: 'none',
    lambda: 0,
  };

  it('(a − y)² over the data’s y gives the catalog MSE’s surface, path and fit', () => {
    const mse = surface(base);
    const mine = surface({ ...base, loss: 'formula', f: '(a - y)^2', labels: 'real' });
    assert.deepEqual(mine.points, mse.points);
    mine.z.forEach((v, i) => assert.ok(Math.abs(v - mse.z[i]) <= 1e-12 * Math.abs(mse.z[i]), `z[${i}]`));
    mine.path.forEach(([w, b], k) =>
      assert.ok(Math.abs(w - mse.path[k][0]) < 1e-12 && Math.abs(b - mse.path[k][1]) < 1e-12, `path[${k}]`),
    );
    assert.notEqual(mine.surfaceKey, mse.surfaceKey);
  });

  it('under a penalty too: (a − y)² with L2 or L1 is MSE with it (surface, path, minimum, regularisation path)', () => {
    for (const penalty of ['l2', 'l1'] as const) {
      const input = { ...base, penalty, lambda: 0.3 };
      const mse = surface(input);
      const mine = surface({ ...input, loss: 'formula', f: '(a - y)^2', labels: 'real' });
      mine.z.forEach((v, i) => assert.ok(Math.abs(v - mse.z[i]) <= 1e-12 * Math.abs(mse.z[i]), `${penalty} z[${i}]`));
      mine.path.forEach(([w, b], k) =>
        assert.ok(Math.abs(w - mse.path[k][0]) < 1e-9 && Math.abs(b - mse.path[k][1]) < 1e-9, `${penalty} path[${k}]`),
      );
      assert.ok(mine.optimum && mse.optimum, penalty);
      assert.ok(
        Math.abs(mine.optimum.w - mse.optimum.w) < 1e-6 && Math.abs(mine.optimum.b - mse.optimum.b) < 1e-6,
        `${penalty} optimum`,
      );
      assert.ok(mine.regPath && mse.regPath, penalty);
      mine.regPath.l1.forEach((w, k) =>
        assert.ok(Math.abs(w - mse.regPath!.l1[k]) < 1e-6, `${penalty} regPath.l1[${k}]`),
      );
      assert.ok(mine.slices && mse.slices);
      mine.slices.alongW.forEach((v, k) =>
        assert.ok(Math.abs(v - mse.slices!.alongW[k]) <= 1e-12 * Math.abs(v), `${penalty} slice w[${k}]`),
      );
    }
  });

  it('a new formula or new labels is a new surface: the thread’s cache never answers one with another’s grid', () => {
    const square = surface({ ...base, loss: 'formula', f: '(a - y)^2', labels: 'real' });
    const abs = surface({ ...base, loss: 'formula', f: 'abs(a - y)', labels: 'real' });
    const l1 = surface({ ...base, loss: 'l1' });
    assert.notEqual(abs.surfaceKey, square.surfaceKey);
    abs.z.forEach((v, i) => assert.ok(Math.abs(v - l1.z[i]) <= 1e-12 * Math.abs(l1.z[i]), `z[${i}]`));
    const pm1 = surface({ ...base, loss: 'formula', f: '(a - y)^2', labels: 'pm1' });
    assert.notEqual(pm1.surfaceKey, square.surfaceKey);
    assert.notDeepEqual(pm1.z, square.z);
  });

  it('labels the data as the formula asks: 0/1 (as logistic regression), ±1, or y as it is', () => {
    const ys = (labels: 'real' | '01' | 'pm1') =>
      surface({ ...base, loss: 'formula', f: 'log(1 + exp(-y*a))', labels }).points.map((p) => p.y);
    const real = ys('real');
    assert.deepEqual(
      ys('01'),
      real.map((y) => (y > 0 ? 1 : 0)),
    );
    assert.deepEqual(
      ys('pm1'),
      real.map((y) => (y > 0 ? 1 : -1)),
    );
    assert.deepEqual(
      surface({ ...base, loss: 'logistic_regression' }).points.map((p) => p.y),
      ys('01'),
    );
  });

  it('needs its formula, and checks it where it comes in', () => {
    assert.throws(() => surface({ ...base, loss: 'formula' }), /needs its formula, f/);
    assert.throws(() => surface({ ...base, loss: 'formula', f: '1 +' }), FormulaError);
    const r = parseWebviewMessage({
      type: 'compute',
      seq: 1,
      request: { scene: 'surface', input: { ...base, loss: 'formula', f: 'a + foo' } },
    });
    assert.ok(!r.ok && /surface.f: Unknown name `foo` at column 5/.test(r.error));
    assert.deepEqual(
      HOST_SCENES.surface.view.checkPartial({ loss: 'formula', f: 'abs(e)', labels: 'pm1' }, 'surface'),
      { loss: 'formula', f: 'abs(e)', labels: 'pm1' },
    );
    assert.equal(COMPUTED.surface.input.fields.f.optional, true, 'a surface request without a formula is as it was');
  });
});

describe('formula: one message, checked against the other place that spells it', () => {
  it('the page says each mistake in English as the engine does, and in Chinese with the same column and piece', () => {
    const texts = [
      '',
      'a'.repeat(201),
      'a & y',
      'foo',
      'y(1)',
      'log',
      'max(a)',
      '2a',
      'a**2',
      '1e999',
      `${'('.repeat(21)}a${')'.repeat(21)}`,
      '(a',
      'a)',
      'a, y',
      '1 +',
      'max(1,)',
    ];
    const seen = new Set<string>();
    for (const text of texts) {
      let p: FormulaProblem | undefined;
      try {
        parseFormula(text);
      } catch (e) {
        p = (e as FormulaError).problem;
      }
      assert.ok(p, text);
      seen.add(p.code);
      const args = [
        String(p.column),
        p.text,
        p.code === 'missingOperator' ? (p.other ?? '') : String(p.n ?? ''),
        String(p.m ?? ''),
      ] as const;
      assert.equal(strings('en').formula.errors[p.code](...args), problemMessage(p), text);
      const zh = strings('zh-cn').formula.errors[p.code](...args);
      if (p.code !== 'empty' && p.code !== 'tooLong') assert.ok(zh.includes(String(p.column)), `${text}: ${zh}`);
      if (p.text && problemMessage(p).includes(p.text)) assert.ok(zh.includes(p.text), `${text}: ${zh}`);
    }
    // Every code but the two that carry others' words (mathjs's syntax message; the last gate's node kind).
    assert.deepEqual([...seen].sort(), FORMULA_ERROR_CODES.filter((c) => c !== 'syntax' && c !== 'notAllowed').sort());
  });
});
