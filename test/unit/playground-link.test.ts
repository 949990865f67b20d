/**
 * Links to a view of the playground (src/playground/link.ts), as a teacher puts them in slides:
 * vscode://loss-playground.loss-playground/open?scene=neuron&w=2&… They are checked like every
 * message: by the scene's own fields, with the ranges its requests are checked by. Property tests
 * (fast-check): parsing never throws, whatever the text; every view survives a round trip through
 * its link; what is malformed is turned away with a reason, and then opens nothing.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { focusFor } from '../../src/playground/focus';
import { EXTENSION_ID, focusForLink, linkFor, LINK_PATH } from '../../src/playground/link';
import { parseOpenArgs } from '../../src/playground/messages';
import { HOST_SCENES } from '../../src/playground/scenes';
import { SCENES, type SceneId, type SceneViews } from '../../src/protocol';

/** A complete, valid view (the page's controls) of each scene. */
const VIEWS: { [K in SceneId]: SceneViews[K] } = {
  regression: { range: 3, beta: 1, delta: 1.5, q: 0.5, shown: ['mse', 'huber'] },
  margin: { range: 3, shown: ['hinge', 'logistic'], showGrad: true },
  probability: { label: '0' },
  neuron: { w: 2, b: 2, eta: 0.15, etaCe: 0.005, epochs: 300 },
  surface: {
    loss: 'huber',
    delta: 1,
    seed: 1,
    n: 200,
    noise: 1,
    startW: -1.5,
    startB: 3.5,
    eta: 0.1,
    steps: 60,
    penalty: 'l1',
    lambda: 0.25,
    view: '3d',
  },
  outliers: { seed: 3, n: 30, outliers: 3, offset: 12, beta: 1 },
  softmax: { logits: [-1.6, -0.7, -1.2], target: 2 },
  entropy: { p: [0.6, 0.3, 0.1], q: [0.3, 0.4, 0.3] },
  multilabel: { scores: [2, 1.5, -1, -2], labels: [true, true, false, false], target: 0 },
  yourLoss: {},
  network: {
    dataset: 'xor',
    n: 200,
    noise: 0.1,
    dataSeed: 1,
    hidden: [4, 2],
    activation: 'tanh',
    output: 'sigmoid',
    initScale: 8,
    initSeed: 4,
    loss: 'mse',
    eta: 0.1,
    batch: 10,
    epochs: 300,
    pace: 20,
    compare: true,
    lossB: 'bce',
  },
  formula: { f: 'max(0, 1 - y*a)^2 / 2', y: -1, range: 4, shown: ['hinge', 'logistic'] },
};

/** What VS Code hands the handler: the path, and the query percent-decoded. */
function open(link: string): ReturnType<typeof focusForLink> {
  const u = new URL(link);
  return focusForLink(u.pathname, decodeURIComponent(u.search.slice(1)));
}

const problem = (path: string, query: string): string => {
  const r = focusForLink(path, query);
  assert.equal(r.focus, undefined, `opened ${query}`);
  assert.ok(r.problem, `no reason for ${query}`);
  return r.problem;
};

describe('playground links: a view of a scene as a link', () => {
  it('opens a scene by id or number, a loss in the scene that draws it, and any of the scene’s controls', () => {
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=neuron&w=2&b=2&eta=0.15&etaCe=0.005&epochs=300'), {
      focus: { scene: 'neuron', view: VIEWS.neuron },
    });
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=4'), { focus: { scene: 'neuron' } });
    assert.deepEqual(focusForLink(LINK_PATH, 'loss=huber&delta=2'), {
      focus: { scene: 'regression', loss: 'huber', view: { delta: 2 } },
    });
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=regression&shown=mse,l1&range=5'), {
      focus: { scene: 'regression', view: { shown: ['mse', 'l1'], range: 5 } },
    });
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=multilabel&scores=1,-1&labels=1,0&target=1'), {
      focus: { scene: 'multilabel', view: { scores: [1, -1], labels: [true, false], target: 1 } },
    });
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=margin&showGrad=true'), {
      focus: { scene: 'margin', view: { showGrad: true } },
    });
    assert.deepEqual(focusForLink(LINK_PATH, ''), {}, 'no query: the playground as it was');
  });

  it('makes a link of every scene’s complete view that opens exactly that view', () => {
    for (const id of SCENES) {
      const link = linkFor('vscode', id, VIEWS[id]);
      assert.ok(link.ok, `${id}: ${link.ok ? '' : link.error}`);
      assert.ok(link.value.startsWith(`vscode://${EXTENSION_ID}/open?scene=${id}`), link.value);
      const back = open(link.value);
      assert.deepEqual(
        back,
        { focus: { scene: id, ...(Object.keys(VIEWS[id]).length ? { view: VIEWS[id] } : {}) } },
        link.value,
      );
    }
    assert.deepEqual(linkFor('vscode-insiders', 'neuron', VIEWS.neuron), {
      ok: true,
      value:
        'vscode-insiders://loss-playground.loss-playground/open?scene=neuron&w=2&b=2&eta=0.15&etaCe=0.005&epochs=300',
    });
    assert.deepEqual(
      focusForLink(LINK_PATH, 'scene=surface&loss=logistic_regression'),
      { focus: { scene: 'surface', view: { loss: 'logistic_regression' } } },
      'the surface’s own loss control',
    );
  });

  it('turns away a view the page sends that is not its scene’s (a link is made only of a valid one)', () => {
    const r = linkFor('vscode', 'neuron', { ...VIEWS.neuron, eta: 1e6 });
    assert.ok(!r.ok && /neuron.eta must be in \[0.001, 10\], got 1000000/.test(r.error));
    const partial = linkFor('vscode', 'neuron', { w: 2 });
    assert.ok(!partial.ok && /neuron.b is missing/.test(partial.error));
  });

  it('routes by package.json’s publisher.name, and a link activates the extension (onUri)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
      activationEvents: string[];
    };
    assert.equal(EXTENSION_ID, `${pkg.publisher}.${pkg.name}`);
    assert.ok(
      pkg.activationEvents.includes('onUri'),
      'a link from outside VS Code must be able to start the extension',
    );
  });

  it('turns away what it should, with a reason', () => {
    assert.match(problem('/close', 'scene=neuron'), /only \/open opens the playground/);
    assert.match(problem(LINK_PATH, 'scene=nonesuch'), /unknown scene 'nonesuch'/);
    assert.match(problem(LINK_PATH, `scene=${SCENES.length + 1}`), new RegExp(`unknown scene '${SCENES.length + 1}'`));
    assert.match(problem(LINK_PATH, 'loss=nope'), /unknown loss 'nope'/);
    assert.match(problem(LINK_PATH, 'w=2'), /names no scene/);
    assert.match(problem(LINK_PATH, 'scene=neuron&colour=red'), /neuron has no control "colour"/);
    assert.match(problem(LINK_PATH, 'scene=neuron&w=2&w=3'), /neuron.w is given twice/);
    assert.match(problem(LINK_PATH, 'scene=neuron&scene=margin'), /gives scene twice/);
    assert.match(problem(LINK_PATH, 'scene=neuron&eta=100'), /neuron.eta must be in \[0.001, 10\], got 100/);
    assert.match(problem(LINK_PATH, 'scene=neuron&epochs=2.5'), /neuron.epochs must be an integer/);
    for (const bad of ['', 'NaN', 'Infinity', '0x10', '1e', '1,2', '--1', ' 1'])
      assert.match(problem(LINK_PATH, `scene=neuron&w=${bad}`), /neuron.w must be a number/, JSON.stringify(bad));
    assert.match(problem(LINK_PATH, 'scene=regression&shown=mse,hinge'), /regression.shown\[1\] must be one of/);
    assert.match(
      problem(LINK_PATH, 'scene=multilabel&scores=1,2&labels=1'),
      /multilabel.labels must have 2 to 6 items, got 1/,
    );
    assert.match(problem(LINK_PATH, 'scene=multilabel&labels=1,maybe'), /multilabel.labels\[1\] must be true or false/);
    assert.match(problem(LINK_PATH, 'scene=probability&label=2'), /probability.label must be one of 1, 0/);
    assert.match(problem(LINK_PATH, `scene=neuron&w=${'1'.repeat(4000)}`), /longer than 4000 characters/);
    assert.match(problem(LINK_PATH, Array.from({ length: 65 }, (_, k) => `k${k}=1`).join('&')), /more than 64/);
    assert.match(problem(LINK_PATH, 'scene=neuron&<script>=1'), /a parameter named "<script>"/);
  });

  it('never throws, whatever the path and query (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        (path, query) => {
          const r = focusForLink(path, query);
          assert.ok(r.focus !== undefined ? r.problem === undefined : true);
        },
      ),
      { numRuns: 2000 },
    );
    // Queries made of our own keys and values near the valid ones: parsed or turned away, never thrown.
    const keys = fc.constantFrom(
      'scene',
      'loss',
      'w',
      'b',
      'eta',
      'etaCe',
      'epochs',
      'shown',
      'labels',
      'scores',
      'target',
      'p',
      'q',
      'startW',
      'loss',
      'x',
    );
    const values = fc.oneof(
      fc.constantFrom(...SCENES, 'huber', 'mse,l1', '1,0', '', 'true', '4', '10', '-1'),
      fc.double().map(String),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, values), { maxLength: 8 }), (pairs) => {
        const r = focusForLink(LINK_PATH, pairs.map(([k, v]) => `${k}=${v}`).join('&'));
        if (r.focus?.view) {
          // What it accepts, the scene's own check accepts too: nothing gets past by being text.
          const again = HOST_SCENES[r.focus.scene].view.checkPartial(r.focus.view, r.focus.scene);
          assert.deepEqual(again, r.focus.view);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a neuron view anywhere in its ranges survives the round trip; one just outside is turned away (property)', () => {
    const inRange = fc.record({
      w: fc.double({ min: -10, max: 10, noNaN: true }),
      b: fc.double({ min: -10, max: 10, noNaN: true }),
      eta: fc.double({ min: 0.001, max: 10, noNaN: true }),
      etaCe: fc.double({ min: 0.001, max: 10, noNaN: true }),
      epochs: fc.integer({ min: 1, max: 5000 }),
    });
    fc.assert(
      fc.property(inRange, (generated) => {
        const view = { ...generated };
        const link = linkFor('vscode', 'neuron', view);
        assert.ok(link.ok, link.ok ? '' : link.error);
        assert.deepEqual(open(link.value), { focus: { scene: 'neuron', view } });
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        inRange,
        fc.constantFrom('w', 'b', 'eta', 'etaCe', 'epochs'),
        fc.constantFrom(-1, 1),
        (view, k, side) => {
          const out = { ...view, [k]: side < 0 ? -20000 : 20000 };
          const query = Object.entries(out)
            .map(([key, v]) => `${key}=${v}`)
            .join('&');
          assert.match(problem(LINK_PATH, `scene=neuron&${query}`), new RegExp(`neuron\\.${k} must be in`));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('playground links: the open command’s `view` is checked the same way', () => {
  it('opens a scene with some of its controls, by `{ scene, view }`', () => {
    const args = parseOpenArgs({ scene: 'neuron', view: { w: 2, etaCe: 0.005 } });
    assert.ok(args.ok);
    assert.deepEqual(focusFor(args.value), { focus: { scene: 'neuron', view: { w: 2, etaCe: 0.005 } } });
    assert.deepEqual(focusFor({ scene: 'softmax' }), { focus: { scene: 'softmax' } });
  });

  it('opens the surface in 3-D by `{ scene: "surface", params: { view: "3d" } }`, and by `?scene=surface&view=3d`', () => {
    const args = parseOpenArgs({ scene: 'surface', params: { view: '3d' } });
    assert.ok(args.ok);
    assert.deepEqual(focusFor(args.value), { focus: { scene: 'surface', view: { view: '3d' } } });
    assert.deepEqual(focusForLink(LINK_PATH, 'scene=surface&view=3d'), {
      focus: { scene: 'surface', view: { view: '3d' } },
    });
    assert.deepEqual(focusFor({ scene: 'surface', view: { view: '2d', startW: 1 } }), {
      focus: { scene: 'surface', view: { view: '2d', startW: 1 } },
    });
    assert.deepEqual(focusFor({ scene: 'surface', params: { view: '3d', penalty: 'l2' } }), {
      focus: { scene: 'surface', view: { view: '3d', penalty: 'l2' } },
    });
    assert.match(
      focusFor({ scene: 'surface', params: { view: '4d' } }).problem ?? '',
      /surface.view must be one of 2d, 3d, got "4d"/,
    );
    assert.match(problem(LINK_PATH, 'scene=surface&view=4d'), /surface.view must be one of 2d, 3d, got "4d"/);
    assert.match(
      focusFor({ scene: 'surface', params: { view: '3d' }, view: { view: '2d' } }).problem ?? '',
      /params.view and view.view both set view/,
    );
    // With a loss, params are that loss's parameters: a control's word is no number.
    assert.match(
      focusFor({ scene: 'surface', loss: 'huber', params: { view: '3d' } }).problem ?? '',
      /params.view must be a number or true\/false/,
    );
    assert.match(
      focusFor({ scene: 'neuron', params: { view: '3d' } }).problem ?? '',
      /params.view is not a control of the neuron scene/,
    );
  });

  it('turns away controls that are not the scene’s, or out of its range: the playground opens as it was', () => {
    assert.match(
      focusFor({ scene: 'neuron', view: { w: 200 } }).problem ?? '',
      /neuron.w must be in \[-10, 10\], got 200/,
    );
    assert.match(
      focusFor({ scene: 'neuron', view: { colour: 'red' } }).problem ?? '',
      /neuron view has an unknown field 'colour'/,
    );
    assert.match(focusFor({ scene: 'nonesuch', view: {} }).problem ?? '', /unknown scene 'nonesuch'/);
    const proxy = parseOpenArgs({
      scene: 'neuron',
      view: new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('no keys');
          },
        },
      ),
    });
    assert.ok(!proxy.ok && /could not be read/.test(proxy.error));
    assert.ok(!parseOpenArgs({ scene: 'neuron', view: 'w=2' }).ok);
  });
});
