/**
 * The playground's wire protocol: every message from the page is checked before the host acts on
 * it. Valid messages pass unchanged; each kind of malformed one is rejected with a reason that
 * names the field. Expected outcomes come from the ranges each scene's module documents (src/playground/scenes/).
 */
import { strict as assert } from 'node:assert';
import { parseOpenArgs, parseWebviewMessage } from '../../src/playground/messages';
import { MAX_PREFETCH, sceneFromName, SCENES, type SceneRequest } from '../../src/protocol';
import { focusFor } from '../../src/playground/focus';

const VALID: SceneRequest[] = [
  { scene: 'regression', input: { range: 3, beta: 1, delta: 1, q: 0.5 } },
  { scene: 'margin', input: { range: 3 } },
  { scene: 'probability', input: { steps: 399 } },
  { scene: 'neuron', input: { w: 0.6, b: 0.9, eta: 0.15, epochs: 300 } },
  {
    scene: 'surface',
    input: {
      loss: 'huber',
      delta: 1,
      seed: 1,
      n: 200,
      noise: 1,
      start: [-1.5, 3.5],
      eta: 0.1,
      steps: 60,
      resolution: 201,
      penalty: 'l2',
      lambda: 0.1,
    },
  },
  { scene: 'outliers', input: { seed: 3, n: 30, outliers: 3, offset: 12, beta: 1 } },
  { scene: 'softmax', input: { logits: [-1.6, -0.7, -1.2], target: 2 } },
  { scene: 'entropy', input: { p: [0.5, 0.5], q: [0.25, 0.75] } },
  { scene: 'multilabel', input: { scores: [2, -1], labels: [true, false], target: 0 } },
];

function rejected(m: unknown, reason: RegExp): void {
  const r = parseWebviewMessage(m);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(m)}`);
  if (!r.ok) assert.match(r.error, reason);
}

describe('playground protocol: messages from the page', () => {
  it('accepts ready, metric and a compute request for every scene that computes', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, value: { type: 'ready' } });
    assert.equal(parseWebviewMessage({ type: 'metric', name: 'firstChart', millis: 123.4 }).ok, true);
    for (const request of VALID) {
      const r = parseWebviewMessage({ type: 'compute', seq: 7, request });
      assert.ok(r.ok, `${request.scene}: ${r.ok ? '' : r.error}`);
      assert.deepEqual(r.ok && r.value, { type: 'compute', seq: 7, request });
    }
  });

  it('accepts a prefetch of a slider’s next steps, and rejects surfaces, empty or oversized ones', () => {
    const steps = VALID.filter((r) => r.scene !== 'surface');
    const r = parseWebviewMessage({ type: 'prefetch', seq: 3, requests: steps });
    assert.deepEqual(r.ok && r.value, { type: 'prefetch', seq: 3, requests: steps });
    const surface = VALID.find((r) => r.scene === 'surface');
    rejected(
      { type: 'prefetch', seq: 3, requests: [steps[0], surface] },
      /prefetch.requests cannot hold surface requests: they are answered in stages/,
    );
    rejected({ type: 'prefetch', seq: 3, requests: [] }, /prefetch.requests must have 1 to 16 items, got 0/);
    rejected(
      { type: 'prefetch', seq: 3, requests: Array(MAX_PREFETCH + 1).fill(steps[0]) },
      /must have 1 to 16 items, got 17/,
    );
    rejected({ type: 'prefetch', seq: 3, requests: [{ scene: 'margin', input: { range: 1e9 } }] }, /range/);
  });

  it('accepts PNG data URLs and CSV text for export', () => {
    assert.equal(
      parseWebviewMessage({
        type: 'export',
        format: 'png',
        scene: 'margin',
        data: 'data:image/png;base64,iVBORw0KGgo=',
      }).ok,
      true,
    );
    assert.equal(parseWebviewMessage({ type: 'export', format: 'csv', scene: 'margin', data: 'x,y\n1,2\n' }).ok, true);
  });

  it('rejects what is not a message', () => {
    rejected(null, /message must be an object/);
    rejected('ready', /message must be an object/);
    rejected([{ type: 'ready' }], /message must be an object/);
    rejected({}, /message.type must be one of/);
    rejected({ type: 'format-disk' }, /message.type must be one of ready, compute, prefetch, export, metric/);
  });

  it('rejects unknown fields, so a typo cannot pass for a default', () => {
    rejected({ type: 'ready', extra: 1 }, /unknown field 'extra'/);
    rejected(
      { type: 'compute', seq: 1, request: { scene: 'margin', input: { range: 3, rnage: 2 } } },
      /unknown field 'rnage'/,
    );
  });

  it('rejects numbers that are not finite, out of range or not integers', () => {
    const margin = (range: unknown) => ({ type: 'compute', seq: 1, request: { scene: 'margin', input: { range } } });
    rejected(margin(Number.NaN), /margin.range must be a finite number/);
    rejected(margin(Infinity), /finite number/);
    rejected(margin('3'), /finite number, got "3"/);
    rejected(margin(1000), /margin.range must be in \[0.5, 20\], got 1000/);
    rejected({ type: 'compute', seq: 1.5, request: VALID[1] }, /compute.seq must be an integer/);
    rejected({ type: 'compute', seq: -1, request: VALID[1] }, /compute.seq must be in/);
    rejected(
      { type: 'compute', seq: 1, request: { scene: 'neuron', input: { w: 0.6, b: 0.9, eta: 0.15, epochs: 300.5 } } },
      /neuron.epochs must be an integer/,
    );
    rejected(
      { type: 'compute', seq: 1, request: { scene: 'neuron', input: { w: 0.6, b: 0.9, eta: 0.15, epochs: 1e9 } } },
      /neuron.epochs must be in \[1, 5000\]/,
    );
  });

  it('rejects arrays of the wrong length and indices out of range', () => {
    const softmax = (logits: unknown, target: unknown) => ({
      type: 'compute',
      seq: 1,
      request: { scene: 'softmax', input: { logits, target } },
    });
    rejected(softmax([1], 0), /softmax.logits must have 2 to 6 items, got 1/);
    rejected(softmax([1, 2, 3, 4, 5, 6, 7], 0), /2 to 6 items, got 7/);
    rejected(softmax([1, 'x'], 0), /softmax.logits\[1\] must be a finite number/);
    rejected(softmax([1, 2], 2), /softmax.target must be in \[0, 1\], got 2/);
    rejected(
      {
        type: 'compute',
        seq: 1,
        request: { scene: 'multilabel', input: { scores: [1, 2], labels: [true], target: 0 } },
      },
      /multilabel.labels must have 2 to 6 items, got 1/,
    );
    rejected(
      {
        type: 'compute',
        seq: 1,
        request: { scene: 'multilabel', input: { scores: [1, 2], labels: [true, false, true], target: 0 } },
      },
      /multilabel.labels must have 2 to 2 items, got 3/,
    );
    rejected(
      {
        type: 'compute',
        seq: 1,
        request: { scene: 'multilabel', input: { scores: [1, 2], labels: [true, false], target: 2 } },
      },
      /multilabel.target must be in \[0, 1\], got 2/,
    );
    rejected(
      {
        type: 'compute',
        seq: 1,
        request: { scene: 'multilabel', input: { scores: [1, 2], labels: [true, 1], target: 0 } },
      },
      /labels\[1\] must be true or false/,
    );
  });

  it('rejects distributions that do not sum to 1 or differ in length', () => {
    const entropy = (p: unknown, q: unknown) => ({
      type: 'compute',
      seq: 1,
      request: { scene: 'entropy', input: { p, q } },
    });
    rejected(entropy([0.5, 0.6], [0.5, 0.5]), /entropy.p must sum to 1, got 1.1/);
    rejected(entropy([0.5, 0.5], [0.2, 0.3, 0.5]), /entropy.q must have 2 items like the other distribution, got 3/);
    rejected(entropy([1.5, -0.5], [0.5, 0.5]), /entropy.p\[0\] must be in \[0, 1\]/);
  });

  it('rejects unknown scenes and enum values, and scene 10 (it computes nothing)', () => {
    rejected(
      { type: 'compute', seq: 1, request: { scene: 'nope', input: {} } },
      /request.scene must be one of regression, margin/,
    );
    rejected(
      {
        type: 'compute',
        seq: 1,
        request: { scene: 'surface', input: { ...(VALID[4].input as object), loss: 'hinge' } },
      },
      /surface.loss must be one of mse, l1, huber, logistic_regression/,
    );
    rejected({ type: 'compute', seq: 1, request: { scene: 'yourLoss', input: {} } }, /nothing to compute/);
  });

  it('rejects exports that are not what they claim', () => {
    rejected(
      { type: 'export', format: 'png', scene: 'margin', data: 'data:text/html;base64,PGgxPg==' },
      /data:image\/png;base64 URL/,
    );
    rejected(
      { type: 'export', format: 'png', scene: 'margin', data: 'data:image/png;base64,<script>' },
      /data:image\/png;base64 URL/,
    );
    rejected({ type: 'export', format: 'svg', scene: 'margin', data: '' }, /export.format must be one of png, csv/);
    rejected(
      { type: 'export', format: 'csv', scene: 'margin', data: 'x'.repeat(4_000_001) },
      /longer than 4000000 characters/,
    );
  });
});

/** Throws a value that itself throws when looked at: what hostile code can throw. */
function throwProxy(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error thrown on purpose
  throw new Proxy(
    {},
    {
      getPrototypeOf: () => {
        throw new Error('x');
      },
    },
  );
}

describe('playground protocol: the open command argument', () => {
  it('accepts nothing, a loss with params, a scene by id or number, and a grad-check series', () => {
    assert.deepEqual(parseOpenArgs(undefined), { ok: true, value: {} });
    assert.deepEqual(parseOpenArgs({ loss: 'huber', params: { delta: 2 } }), {
      ok: true,
      value: { loss: 'huber', params: { delta: 2 } },
    });
    const series = {
      title: 'focal',
      coordinate: 'logits[0, 1]',
      x: [0, 1],
      loss: [0.5, null],
      analytic: null,
      numeric: [0.1, 0.2],
      gradient: 'torch.autograd',
    };
    const r = parseOpenArgs({ scene: 'yourLoss', series });
    assert.ok(r.ok);
    assert.deepEqual(r.ok && r.value.series, series);
  });

  it('accepts a series with the catalog loss it reads as, and checks that curve like the others', () => {
    const series = {
      title: 'bce',
      coordinate: 'pred[0]',
      x: [0, 1],
      loss: [0.5, null],
      analytic: null,
      numeric: [0.1, 0.2],
      reference: {
        label: 'bce(), mean',
        agrees: false,
        message: '= −1 × PyTorch bce() (mean): the sign is flipped',
        loss: [-0.5, null],
      },
    };
    const r = parseOpenArgs({ scene: 'yourLoss', series });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.ok && r.value.series, series);
    const short = parseOpenArgs({ series: { ...series, reference: { ...series.reference, loss: [1] } } });
    assert.ok(
      !short.ok && /series.reference.loss must have 2 to 2 items, got 1/.test(short.error),
      short.ok ? '' : short.error,
    );
    const agrees = parseOpenArgs({ series: { ...series, reference: { ...series.reference, agrees: 'yes' } } });
    assert.ok(
      !agrees.ok && /series.reference.agrees must be true or false/.test(agrees.error),
      agrees.ok ? '' : agrees.error,
    );
    const extra = parseOpenArgs({ series: { ...series, reference: { ...series.reference, colour: 'red' } } });
    assert.ok(!extra.ok && /colour/.test(extra.error), extra.ok ? '' : extra.error);
  });

  it('rejects a series whose arrays differ in length, and arguments of the wrong type', () => {
    const bad = parseOpenArgs({
      series: { title: 't', coordinate: 'x[0]', x: [0, 1, 2], loss: [0, 1], analytic: null, numeric: [0, 1, 2] },
    });
    assert.ok(!bad.ok && /series.loss must have 3 to 3 items, got 2/.test(bad.error));
    assert.ok(!parseOpenArgs('huber').ok);
    assert.ok(!parseOpenArgs({ params: { delta: 'big' } }).ok);
    assert.ok(!parseOpenArgs({ los: 'huber' }).ok);
  });

  it('never throws: deep, cyclic, BigInt, Proxy and throwing-getter values are rejected with a reason', () => {
    const deep = (n: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < n; i++) v = [v];
      return v;
    };
    const cyclic: Record<string, unknown> = { loss: 'huber' };
    cyclic.params = cyclic;
    const cyclicField: Record<string, unknown> = {};
    cyclicField.self = cyclicField;
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const cases: [string, unknown, RegExp][] = [
      [
        'a 5,000-deep rejected field',
        { loss: deep(5000) },
        /^loss must be a string, got an object that cannot be shown$/,
      ],
      ['a 5,000-deep series field', { series: { title: deep(5000) } }, /series/],
      ['a cyclic argument', cyclic, /params/],
      [
        'a cyclic rejected field',
        { scene: cyclicField },
        /^scene must be a string, got an object that cannot be shown$/,
      ],
      ['a BigInt', { params: { delta: 10n } }, /^params.delta must be a finite number, got 10n$/],
      [
        'a Proxy whose keys throw',
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('no keys for you');
            },
          },
        ),
        /could not be read: Error: no keys for you/,
      ],
      ['a revoked Proxy', revoked, /could not be read: TypeError/],
      [
        'a throwing getter',
        {
          get loss(): string {
            throw new RangeError('getter');
          },
        },
        /could not be read: RangeError: getter/,
      ],
      [
        'a getter that throws a Proxy',
        {
          get loss(): string {
            return throwProxy();
          },
        },
        /could not be read/,
      ],
    ];
    for (const [what, arg, reason] of cases) {
      let r: ReturnType<typeof parseOpenArgs> | undefined;
      assert.doesNotThrow(() => (r = parseOpenArgs(arg)), what);
      assert.equal(r!.ok, false, what);
      if (!r!.ok) assert.match(r!.error, reason, what);
    }
    // The page's messages go through the same checks.
    for (const m of [
      { type: 'compute', seq: deep(5000), request: {} },
      { type: 'metric', name: 'firstChart', millis: 5n },
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap');
          },
        },
      ),
    ]) {
      let r: ReturnType<typeof parseWebviewMessage> | undefined;
      assert.doesNotThrow(() => (r = parseWebviewMessage(m)));
      assert.equal(r!.ok, false);
    }
  });

  it('names scenes by id or by their number in the issue (1–10, then the new ones in order)', () => {
    assert.equal(sceneFromName('softmax'), 'softmax');
    assert.equal(sceneFromName('7'), 'softmax');
    assert.equal(sceneFromName('10'), 'yourLoss');
    assert.equal(sceneFromName('11'), 'network');
    assert.equal(sceneFromName('12'), 'formula');
    assert.equal(sceneFromName('13'), undefined);
    assert.equal(sceneFromName('0'), undefined);
    assert.equal(SCENES.length, 12);
  });

  it('opens the scene that draws a loss: its family decides, an explicit scene wins', () => {
    assert.deepEqual(focusFor({ loss: 'huber', params: { delta: 2 } }).focus, {
      scene: 'regression',
      loss: 'huber',
      params: { delta: 2 },
    });
    assert.equal(focusFor({ loss: 'hinge' }).focus?.scene, 'margin');
    assert.equal(focusFor({ loss: 'bce_with_logits' }).focus?.scene, 'probability');
    assert.equal(focusFor({ loss: 'cross_entropy' }).focus?.scene, 'softmax');
    assert.equal(focusFor({ loss: 'kl_div' }).focus?.scene, 'entropy');
    assert.equal(focusFor({ loss: 'mse', scene: 'surface' }).focus?.scene, 'surface');
    assert.match(focusFor({ loss: 'nope' }).problem ?? '', /unknown loss 'nope'/);
    assert.match(focusFor({ scene: 'nope' }).problem ?? '', /unknown scene 'nope'/);
    assert.deepEqual(focusFor({}), {});
  });
});
