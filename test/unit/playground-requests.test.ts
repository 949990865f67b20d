/**
 * The page's request scheduler (webview/requests.ts) against a host that validates as the real
 * one does (parseWebviewMessage, and rejectionAnswer for what it turns away) and computes with the
 * engine: a rejected request ends in an error on its scene, never in a scene left "Computing…".
 */
import { strict as assert } from 'node:assert';
import { COMPUTED, computeScene } from '../../src/playground/scenes';
import { parseWebviewMessage, rejectionAnswer } from '../../src/playground/messages';
import type { ComputedSceneId, HostMessage, SceneId, SceneRequest, WebviewMessage } from '../../src/protocol';
import { Requests } from '../../webview/requests';
import { Lru } from '../../src/lru';

/** A page with its scheduler; `host` answers what was posted (held until `answer()`). */
function pageWithHost() {
  const posted: WebviewMessage[] = [];
  const drawn: { scene: SceneId; data: unknown }[] = [];
  const failed: { scene: SceneId; message: string }[] = [];
  const loading: SceneId[] = [];
  const requests = new Requests({
    post: (m) => posted.push(m),
    draw: (scene, data) => drawn.push({ scene, data }),
    loading: (scene) => loading.push(scene),
    failed: (scene, message) => failed.push({ scene, message }),
    staged: (scene) => COMPUTED[scene as ComputedSceneId]?.staged ?? false,
  });
  const deliver = (m: HostMessage): void => {
    if (m.type === 'result') requests.onResult(m.seq, m.result.scene, m.result.data, m.final);
    else if (m.type === 'computeError') requests.onError(m.seq, m.scene, m.message);
    else if (m.type === 'prefetched') requests.onPrefetched(m.seq, m.results);
  };
  /** The host's handling of everything posted so far: validation first, then the engine. */
  const answer = (): void => {
    for (const raw of posted.splice(0)) {
      const parsed = parseWebviewMessage(JSON.parse(JSON.stringify(raw)));
      if (!parsed.ok) {
        const a = rejectionAnswer(raw, parsed.error);
        if (a) deliver(a);
        continue;
      }
      const m = parsed.value;
      if (m.type === 'compute') deliver({ type: 'result', seq: m.seq, result: computeScene(m.request), final: true });
      else if (m.type === 'prefetch')
        deliver({ type: 'prefetched', seq: m.seq, results: m.requests.map((r) => computeScene(r)) });
    }
  };
  return { requests, posted, drawn, failed, loading, answer, deliver };
}

const regression = (delta: number): SceneRequest => ({
  scene: 'regression',
  input: { range: 3, beta: 1, delta, q: 0.5 },
});

describe('playground page: every request ends in an answer', () => {
  it('a request the host rejects (huber δ = 100 from a hover link) shows its error, and the scene asks again', () => {
    const p = pageWithHost();
    p.requests.compute('regression', regression(100));
    assert.deepEqual(p.loading, ['regression']);
    assert.ok(p.requests.inFlight('regression'));
    p.answer();
    assert.equal(p.requests.inFlight('regression'), false, 'no longer waiting');
    assert.deepEqual(p.failed, [{ scene: 'regression', message: 'regression.delta must be in [0.01, 10], got 100' }]);
    // The next change is sent and drawn as usual.
    p.requests.compute('regression', regression(3));
    p.answer();
    assert.equal(p.drawn.length, 1);
    assert.equal(p.requests.inFlight('regression'), false);
  });

  it('the request that waited behind a rejected one goes out when the error comes', () => {
    const p = pageWithHost();
    p.requests.compute('regression', regression(100));
    p.requests.compute('regression', regression(2));
    assert.equal(p.posted.length, 1, 'one in flight, the newest waiting');
    p.answer(); // the error for the first, which sends the second
    assert.equal(p.failed.length, 1);
    assert.equal(p.posted.length, 1);
    p.answer();
    assert.equal(p.drawn.length, 1);
    assert.deepEqual(p.drawn[0].data, computeScene(regression(2)).data);
  });

  it('a prefetch the host rejects is answered with nulls, and not asked again in a loop', () => {
    const p = pageWithHost();
    p.requests.anticipate('regression', () => [regression(50), regression(60)]);
    assert.equal(p.posted.filter((m) => m.type === 'prefetch').length, 1);
    p.answer();
    assert.equal(p.posted.length, 0, 'the refused steps are not fetched ahead again');
    // Reached for real, a refused step is asked for and its error shown.
    p.requests.compute('regression', regression(50));
    p.answer();
    assert.equal(p.failed.length, 1);
  });

  it('fetched-ahead answers are drawn from the cache without a round trip', () => {
    const p = pageWithHost();
    p.requests.anticipate('regression', () => [regression(1.1), regression(1.2)]);
    p.answer();
    p.requests.compute('regression', regression(1.2));
    assert.equal(p.posted.filter((m) => m.type === 'compute').length, 0);
    assert.deepEqual(p.drawn[0].data, computeScene(regression(1.2)).data);
  });
});

describe('playground page: staged scenes', () => {
  const surface = (w: number): SceneRequest => ({
    scene: 'surface',
    input: {
      loss: 'mse',
      delta: 1,
      seed: 1,
      n: 50,
      noise: 1,
      start: [w, 0],
      eta: 0.1,
      steps: 10,
      resolution: 21,
      penalty: 'none',
      lambda: 0,
    },
  });

  it('a staged scene (the surface, as its host module says) is never fetched ahead, and its answers are not cached', () => {
    const p = pageWithHost();
    p.requests.anticipate('surface', () => [surface(1), surface(2)]);
    assert.equal(p.posted.length, 0, 'no prefetch of surfaces');
    p.requests.compute('surface', surface(1));
    p.answer();
    p.requests.compute('surface', surface(1));
    assert.equal(p.posted.filter((m) => m.type === 'compute').length, 1, 'asked again: not drawn from a cache');
  });
});

describe('playground page: superseded requests', () => {
  const surface = (w: number): SceneRequest => ({
    scene: 'surface',
    input: {
      loss: 'mse',
      delta: 1,
      seed: 1,
      n: 50,
      noise: 1,
      start: [w, 0],
      eta: 0.1,
      steps: 10,
      resolution: 21,
      penalty: 'none',
      lambda: 0,
    },
  });
  const stage = (seq: number, w: number, s: 'coarse' | 'fine'): HostMessage => {
    const r = computeScene(surface(w));
    assert.ok(r.scene === 'surface');
    return { type: 'result', seq, result: { scene: 'surface', data: { ...r.data, stage: s } }, final: s === 'fine' };
  };

  it('without a first picture yet, the newest waits and the ones between are skipped', () => {
    const p = pageWithHost();
    for (const w of [0, 1, 2]) p.requests.compute('surface', surface(w));
    assert.equal(p.posted.length, 1);
    const first = p.posted.splice(0)[0];
    assert.ok(first.type === 'compute');
    p.deliver(stage(first.seq, 0, 'fine'));
    const second = p.posted.splice(0);
    assert.equal(second.length, 1);
    assert.ok(
      second[0].type === 'compute' && second[0].request.scene === 'surface' && second[0].request.input.start[0] === 2,
    );
  });

  it('once a surface has drawn its coarse picture, a newer request replaces it at once, and the old fine grid is ignored', () => {
    const p = pageWithHost();
    p.requests.compute('surface', surface(0));
    const a = p.posted.splice(0)[0];
    assert.ok(a.type === 'compute');
    p.deliver(stage(a.seq, 0, 'coarse'));
    assert.equal(p.drawn.length, 1);
    p.requests.compute('surface', surface(1));
    const b = p.posted.splice(0)[0];
    assert.ok(b?.type === 'compute', 'sent without waiting for the fine grid');
    p.deliver(stage(a.seq, 0, 'fine'));
    assert.equal(p.drawn.length, 1, 'the superseded answer is not drawn');
    p.deliver(stage(b.seq, 1, 'fine'));
    assert.equal(p.drawn.length, 2);
    assert.equal(p.requests.inFlight('surface'), false);
  });
});

describe('the LRU both sides cache in (src/lru.ts)', () => {
  it('drops the entry read or written longest ago, not the one inserted first', () => {
    const c = new Lru<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1); // a is now the newest
    c.set('c', 3);
    assert.deepEqual([c.has('a'), c.has('b'), c.has('c'), c.size], [true, false, true, 2]);
    c.set('a', 10); // a rewritten: the newest again, still one entry
    c.set('d', 4);
    assert.deepEqual([c.get('a'), c.get('c'), c.get('d'), c.size], [10, undefined, 4, 2]);
  });
});
