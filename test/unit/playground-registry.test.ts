/**
 * A scene is one unit: a host module (src/playground/scenes/<id>.ts) and a page module
 * (webview/scenes/<id>.ts), each in a typed registry keyed by the scene's id, with the request
 * and result types derived from the protocol's maps. Here: every scene is registered on both
 * sides; each scene's checks turn away what they should, naming the field; the derived types are
 * what they claim (checked by the compiler: `npm run typecheck` includes this file).
 */
import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from '../../src/playground/messages';
import {
  COMPUTED,
  computeScene,
  HOST_SCENES,
  isComputed,
  isRest,
  PAGE_ONLY,
  type ComputedScene,
} from '../../src/playground/scenes';
import {
  SCENES,
  type ComputedSceneId,
  type Focus,
  type NeuronInput,
  type SceneData,
  type SceneId,
  type SceneInputs,
  type SceneRequest,
  type SceneResult,
  type SceneViews,
  type SurfaceData,
  type SurfaceInput,
} from '../../src/protocol';
import { build } from 'esbuild';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { strings } from '../../webview/i18n';

// ---------------------------------------------------------------------------------------------
// Compile-time: the derived types (a wrong one is a type error in `npm run typecheck`)

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const derived: [
  Equal<SceneRequest<'neuron'>, { scene: 'neuron'; input: NeuronInput }>,
  Equal<Extract<SceneRequest, { scene: 'surface' }>['input'], SurfaceInput>,
  Equal<Extract<SceneResult, { scene: 'surface' }>['data'], SurfaceData>,
  Equal<SceneRequest['scene'], ComputedSceneId>,
  Equal<SceneResult['scene'], ComputedSceneId>,
  Equal<keyof SceneInputs, keyof SceneData>,
  Equal<ComputedSceneId, keyof SceneInputs>,
  Equal<keyof SceneViews, SceneId>,
  Equal<Focus['scene'], SceneId>,
] = [true, true, true, true, true, true, true, true, true];

// @ts-expect-error: a request carries its own scene's input, not another's
const _crossed: SceneRequest = { scene: 'neuron', input: { range: 3 } };
// @ts-expect-error: a scene's host module is registered under its own id only
const _misfiled: ComputedScene<'margin'> = COMPUTED.regression;
// @ts-expect-error: a focus's controls are its scene's
const _foreignView: Focus = { scene: 'margin', view: { w: 2 } };
void [_crossed, _misfiled, _foreignView];

// ---------------------------------------------------------------------------------------------

const compute = (request: unknown) => parseWebviewMessage({ type: 'compute', seq: 1, request });
const rejectedWith = (request: unknown): string => {
  const r = compute(request);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(request)}`);
  return r.ok ? '' : r.error;
};

describe('playground scenes: one registry per side, keyed by scene id', () => {
  it('registers every scene on the host, each under its own id; computed and page-only scenes split them', () => {
    assert.equal(derived.length, 9);
    assert.deepEqual(Object.keys(HOST_SCENES).sort(), [...SCENES].sort());
    for (const id of SCENES) assert.equal(HOST_SCENES[id].id, id);
    const computed = Object.keys(COMPUTED);
    const pageOnly = Object.keys(PAGE_ONLY);
    assert.deepEqual([...computed, ...pageOnly].sort(), [...SCENES].sort());
    for (const id of SCENES) assert.equal(isComputed(id), computed.includes(id), id);
  });

  it('registers every scene on the page, each a chunk of its own that loads when its tab opens, and names its tab in both languages', async function () {
    this.timeout(60_000);
    // The page's map (webview/scenes/index.ts) is typed over every SceneId, so a missing scene does
    // not compile (webview/tsconfig.json); here, that the page's code splits into one chunk per
    // scene, built as scripts/build.mjs builds it (scripts/pageBundle.mjs).
    const { pageOptions } = (await import(
      pathToFileURL(path.join(__dirname, '..', '..', 'scripts', 'pageBundle.mjs')).href
    )) as typeof import('../../scripts/pageBundle.mjs');
    const r = await build({
      ...pageOptions,
      entryPoints: ['webview/main.ts'],
      bundle: true,
      outdir: 'out/registry-test',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const chunks = Object.values(r.metafile.outputs)
      .map((o) => /^webview\/scenes\/(\w+)\.ts$/.exec(o.entryPoint ?? '')?.[1])
      .filter((x): x is string => !!x);
    assert.deepEqual(chunks.sort(), [...SCENES].sort());
    const main = Object.values(r.metafile.outputs).find((o) => o.entryPoint === 'webview/main.ts')!;
    assert.deepEqual(
      main.imports.filter((i) => i.kind === 'dynamic-import').length,
      SCENES.length,
      'main imports each scene lazily',
    );
    for (const language of ['en', 'zh-cn'] as const)
      assert.deepEqual(Object.keys(strings(language).tabs).sort(), [...SCENES].sort(), language);
  });

  it('each computed scene’s example passes its own checks, computes, and ends in a final answer', () => {
    for (const id of Object.keys(COMPUTED) as ComputedSceneId[]) {
      const request = { scene: id, input: COMPUTED[id].example };
      const r = compute(request);
      assert.ok(r.ok, `${id}: ${r.ok ? '' : r.error}`);
      assert.deepEqual(r.ok && r.value.type === 'compute' && r.value.request, request);
      // Run in one go, as here, a compute never rests (it has no pace to keep).
      const stages = [...COMPUTED[id].compute(request.input as never)]
        .filter((s) => s !== null)
        .map((s) => (isRest(s) ? assert.fail(`${id} rested`) : s));
      assert.ok(stages.length >= 1 && stages.at(-1)!.final, `${id}: ${stages.length} stages`);
      assert.equal(
        stages.slice(0, -1).some((s) => s.final),
        false,
        `${id}: only the last stage is final`,
      );
      if (!COMPUTED[id].staged) assert.equal(stages.length, 1, `${id} is answered in one piece`);
      assert.equal(computeScene(request as SceneRequest).scene, id);
    }
  });
});

describe('playground scenes: each scene’s checks turn away what they should, naming the field', () => {
  for (const id of Object.keys(COMPUTED) as ComputedSceneId[]) {
    it(`${id}: a field that is missing, of the wrong type, not finite or far out of range; an unknown field`, () => {
      const example = COMPUTED[id].example as Record<string, unknown>;
      const fields = COMPUTED[id].input.fields as Record<string, { optional?: boolean }>;
      assert.match(
        rejectedWith({ scene: id, input: { ...example, colour: 'red' } }),
        new RegExp(`${id} input has an unknown field 'colour'`),
      );
      assert.match(rejectedWith({ scene: id, input: 'all of it' }), new RegExp(`${id} input must be an object`));
      for (const k of Object.keys(fields)) {
        const at = new RegExp(`^${id}\\.${k}\\b`);
        if (!fields[k].optional) {
          const { [k]: _, ...without } = example;
          assert.match(rejectedWith({ scene: id, input: without }), new RegExp(`${id}\\.${k} is missing`));
        }
        // Text (the formula scene's formula) is any string up to its cap; what it says is the compute's to judge.
        const text = typeof example[k] === 'string' && compute({ scene: id, input: { ...example, [k]: 'x' } }).ok;
        if (text)
          assert.match(
            rejectedWith({ scene: id, input: { ...example, [k]: 'x'.repeat(100_000) } }),
            new RegExp(`${id}\\.${k} is longer than`),
          );
        for (const bad of [...(text ? [] : ['x']), null, Number.NaN, Infinity, 1e12, -1e12, { nested: 1 }, [[1]]]) {
          const value =
            Array.isArray(example[k]) && typeof bad === 'number' ? (example[k] as unknown[]).map(() => bad) : bad;
          assert.match(
            rejectedWith({ scene: id, input: { ...example, [k]: value } }),
            at,
            `${id}.${k} = ${JSON.stringify(value)}`,
          );
        }
      }
    });
  }

  it('scene 10 computes nothing, and an unknown scene is no scene', () => {
    assert.match(rejectedWith({ scene: 'yourLoss', input: {} }), /nothing to compute/);
    assert.match(rejectedWith({ scene: 'nonesuch', input: {} }), /request.scene must be one of regression, margin/);
  });

  it('views: an unknown control, a value of the wrong type or out of range, lists that disagree', () => {
    const partial = (id: SceneId, v: unknown): string => {
      try {
        HOST_SCENES[id].view.checkPartial(v, id);
      } catch (e) {
        return (e as Error).message;
      }
      return assert.fail(`accepted ${JSON.stringify(v)} for ${id}`);
    };
    assert.match(partial('neuron', { w: 2, colour: 'red' }), /neuron view has an unknown field 'colour'/);
    assert.match(partial('neuron', { epochs: 1.5 }), /neuron.epochs must be an integer/);
    assert.match(partial('regression', { shown: ['mse', 'hinge'] }), /regression.shown\[1\] must be one of mse, l1/);
    assert.match(partial('regression', { shown: ['mse', 'mse'] }), /regression.shown names an option twice/);
    assert.match(
      partial('multilabel', { scores: [1, 2], labels: [true] }),
      /multilabel.labels must have 2 to 6 items, got 1/,
    );
    assert.match(partial('multilabel', { scores: [1, 2], target: 3 }), /multilabel.target must be in \[0, 1\], got 3/);
    assert.match(partial('entropy', { p: [0, 0] }), /entropy.p must have a positive weight/);
    assert.match(
      partial('entropy', { p: [0.5, 0.5], q: [1, 1, 1] }),
      /entropy.q must have 2 items like the other distribution, got 3/,
    );
    assert.match(partial('yourLoss', { anything: 1 }), /yourLoss view has an unknown field 'anything'/);
  });
});
