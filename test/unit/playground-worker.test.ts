/**
 * The host's side of the playground's compute: every request gets an answer (also one the host
 * turned away at validation, and one whose compute threw, or whose worker died), heavy compute
 * runs on the worker thread and not on the host's, a newer request for a scene supersedes the
 * older one, and what the worker sends equals what the engine computes in this process (as the
 * page receives it: JSON). The worker is built from src/playground/worker.ts with esbuild, as
 * scripts/build.mjs builds dist/playground-worker.js.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { JobRunner, type JobReply } from '../../src/playground/jobs';
import { SceneCompute } from '../../src/playground/sceneCompute';
import { computeScene } from '../../src/playground/scenes';
import { parseWebviewMessage, rejectionAnswer } from '../../src/playground/messages';
import type { HostMessage, SceneRequest, SceneResult, SurfaceInput } from '../../src/protocol';

type Plain = Exclude<HostMessage, { type: 'packed' }>;
const unpack = (m: HostMessage): Plain =>
  m.type === 'packed' ? (JSON.parse(new TextDecoder().decode(m.bytes)) as Plain) : m;
/** What the page receives of a value: postMessage's JSON (NaN → null). */
const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/** A surface minus its timing, which differs run to run. */
const timeless = (r: SceneResult): unknown => (r.scene === 'surface' ? { ...r, data: { ...r.data, millis: 0 } } : r);

const surfaceAtLimits = (
  loss: SurfaceInput['loss'],
  seed = 1,
  start: [number, number] = [-100, 100],
): SceneRequest => ({
  scene: 'surface',
  input: {
    loss,
    delta: 0.01,
    seed,
    n: 1000,
    noise: 10,
    start,
    eta: 10,
    steps: 2000,
    resolution: 401,
    penalty: 'l1',
    lambda: 10,
  },
});

/** Messages a SceneCompute posted, unpacked, and a way to wait for one. */
function collector() {
  const got: Plain[] = [];
  const waiters: { test: (m: Plain) => boolean; resolve: (m: Plain) => void }[] = [];
  const post = (m: HostMessage): void => {
    const u = unpack(m);
    got.push(u);
    for (const w of waiters.splice(0))
      if (w.test(u)) w.resolve(u);
      else waiters.push(w);
  };
  const next = (test: (m: Plain) => boolean, ms = 20_000): Promise<Plain> => {
    const seen = got.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<Plain>((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `no such answer in ${ms} ms; got ${JSON.stringify(got.map((m) => [m.type, 'seq' in m ? m.seq : '']))}`,
            ),
          ),
        ms,
      );
      waiters.push({ test, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  };
  return { got, post, next };
}

const SCHEDSTAT = '/proc/thread-self/schedstat';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const isFinal =
  (seq: number) =>
  (m: Plain): boolean =>
    (m.type === 'result' && m.seq === seq && m.final) || (m.type === 'computeError' && m.seq === seq);

describe('playground: a request the host turns away still gets an answer', () => {
  it('a compute with a parameter out of its range (huber δ = 100 from a hover link) gets a computeError for its seq and scene', () => {
    const raw = {
      type: 'compute',
      seq: 7,
      request: { scene: 'regression', input: { range: 3, beta: 1, delta: 100, q: 0.5 } },
    };
    const parsed = parseWebviewMessage(raw);
    assert.equal(parsed.ok, false);
    const answer = rejectionAnswer(raw, parsed.ok ? '' : parsed.error);
    assert.deepEqual(answer, {
      type: 'computeError',
      seq: 7,
      scene: 'regression',
      message: 'regression.delta must be in [0.01, 10], got 100',
    });
  });

  it('a malformed prefetch gets all nulls, one per request (at most MAX_PREFETCH)', () => {
    const raw = {
      type: 'prefetch',
      seq: 3,
      requests: [{ scene: 'neuron', input: { w: 0, b: 0, eta: 1, epochs: 1e9 } }, { scene: 'neuron' }],
    };
    const parsed = parseWebviewMessage(raw);
    assert.equal(parsed.ok, false);
    assert.deepEqual(rejectionAnswer(raw, 'x'), { type: 'prefetched', seq: 3, results: [null, null] });
  });

  it('nothing when no request can be waiting: no seq, no scene, not a request, not readable', () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    for (const raw of [
      null,
      'ready',
      [],
      { type: 'compute', request: { scene: 'regression' } },
      { type: 'compute', seq: -1, request: { scene: 'regression' } },
      { type: 'compute', seq: 1, request: { scene: 'nope' } },
      { type: 'metric', seq: 1 },
      trap,
    ]) {
      assert.equal(rejectionAnswer(raw, 'x'), undefined, raw === trap ? 'a Proxy that throws' : JSON.stringify(raw));
    }
  });
});

describe('playground: the job runner (one unit of work per turn of the event loop)', () => {
  /** A runner whose turns run when the test says, and the replies it sent, unpacked. */
  function manual() {
    const turns: (() => void)[] = [];
    const replies: (JobReply & { message?: Plain })[] = [];
    const runner = new JobRunner(
      (r) => replies.push({ ...r, ...(r.bytes ? { message: unpack({ type: 'packed', bytes: r.bytes }) } : {}) }),
      (f) => turns.push(f),
    );
    const turn = (): boolean => {
      const f = turns.shift();
      f?.();
      return f !== undefined;
    };
    const drain = (): number => {
      let n = 0;
      while (turn()) n++;
      return n;
    };
    return { runner, replies, turn, drain };
  }

  it('answers a compute that throws in the engine with a computeError for its seq', () => {
    const { runner, replies, drain } = manual();
    // Past the protocol's check (which the host runs first): the engine's own error comes back.
    runner.accept({
      type: 'compute',
      job: 1,
      seq: 4,
      request: { scene: 'softmax', input: { logits: [1, 2], target: 5 } },
    });
    drain();
    assert.equal(replies.length, 1);
    assert.equal(replies[0].done, true);
    assert.match(replies[0].error ?? '', /target is 5/);
    assert.deepEqual(
      { ...replies[0].message, message: '' },
      { type: 'computeError', seq: 4, scene: 'softmax', message: '' },
    );
  });

  it('drops an older compute for the same scene when a newer one arrives, and stops a surface between slices', () => {
    const { runner, replies, turn, drain } = manual();
    runner.accept({ type: 'compute', job: 1, seq: 1, request: surfaceAtLimits('logistic_regression') });
    turn(); // the coarse picture
    const coarse = replies[0]?.message;
    assert.ok(
      coarse?.type === 'result' &&
        coarse.result.scene === 'surface' &&
        coarse.result.data.stage === 'coarse' &&
        !replies[0].done,
    );
    turn(); // one slice of the fine grid
    runner.accept({ type: 'compute', job: 2, seq: 2, request: surfaceAtLimits('logistic_regression', 1, [1, 1]) });
    assert.deepEqual(replies[1], { job: 1, done: true }, 'job 1 is over, unanswered');
    drain();
    const finals = replies.filter(
      (r) => r.message?.type === 'result' && r.message.result.scene === 'surface' && r.message.final,
    );
    assert.deepEqual(
      finals.map((r) => r.job),
      [2],
    );
    assert.equal(runner.pending, 0);
  });

  it('keeps computes of other scenes, and runs computes before prefetches', () => {
    const { runner, replies, drain } = manual();
    runner.accept({
      type: 'prefetch',
      job: 1,
      seq: 1,
      requests: [
        { scene: 'margin', input: { range: 2 } },
        { scene: 'margin', input: { range: 3 } },
      ],
    });
    runner.accept({
      type: 'compute',
      job: 2,
      seq: 2,
      request: { scene: 'regression', input: { range: 3, beta: 1, delta: 1, q: 0.5 } },
    });
    runner.accept({ type: 'compute', job: 3, seq: 3, request: { scene: 'margin', input: { range: 3 } } });
    drain();
    assert.deepEqual(
      replies.map((r) => [r.job, r.message?.type]),
      [
        [2, 'result'],
        [3, 'result'],
        [1, 'prefetched'],
      ],
    );
    const pre = replies[2].message;
    assert.ok(pre?.type === 'prefetched');
    assert.deepEqual(
      pre.results,
      asJson([
        computeScene({ scene: 'margin', input: { range: 2 } }),
        computeScene({ scene: 'margin', input: { range: 3 } }),
      ]),
    );
  });

  it('answers a prefetch item that throws with null in its place', () => {
    const { runner, replies, drain } = manual();
    runner.accept({
      type: 'prefetch',
      job: 1,
      seq: 9,
      requests: [
        { scene: 'softmax', input: { logits: [1, 2], target: 5 } },
        { scene: 'softmax', input: { logits: [1, 2], target: 1 } },
      ],
    });
    drain();
    const m = replies[0].message;
    assert.ok(m?.type === 'prefetched');
    assert.equal(m.results[0], null);
    assert.deepEqual(m.results[1], asJson(computeScene({ scene: 'softmax', input: { logits: [1, 2], target: 1 } })));
  });
});

describe('playground: compute on the worker thread', function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;
  const live: SceneCompute[] = [];
  const make = (
    post: (m: HostMessage) => void,
    workerScript: string | undefined = script,
    warn: (l: string) => void = () => undefined,
  ): SceneCompute => {
    const c = new SceneCompute({ workerScript, post, warn });
    live.push(c);
    return c;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lp-worker-'));
    script = join(dir, 'playground-worker.js');
    buildSync({
      entryPoints: ['src/playground/worker.ts'],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
  });
  afterEach(() => {
    for (const c of live.splice(0)) c.dispose();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('returns before the compute is done, which then costs this thread next to nothing: it runs on the worker', async function () {
    // CPU time of this thread alone (Linux), so neither the worker nor a busy machine counts.
    if (!existsSync(SCHEDSTAT)) this.skip();
    const cpuMs = (): number => Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
    const raw: HostMessage[] = [];
    const c = make((m) => raw.push(m));
    c.warm();
    c.compute(1, { scene: 'margin', input: { range: 1 } });
    while (c.busy) await sleep(5);
    const request = surfaceAtLimits('logistic_regression', 21);
    let t = cpuMs();
    c.compute(2, request);
    assert.equal(raw.length, 1, 'nothing is computed inside compute()');
    assert.equal(c.where, 'worker');
    while (c.busy) await sleep(5);
    const onThisThread = cpuMs() - t;
    // What the same request costs a thread that computes it.
    t = cpuMs();
    computeScene(request);
    const inProcess = cpuMs() - t;
    const answers = raw.slice(1).map(unpack);
    assert.ok(answers.some(isFinal(2)), JSON.stringify(answers.map((m) => m.type)));
    assert.ok(
      onThisThread < inProcess / 4,
      `this thread spent ${onThisThread.toFixed(1)} ms of CPU on a request that costs ${inProcess.toFixed(1)} ms to compute`,
    );
  });

  it('sends what the engine computes in this process, for every scene', async () => {
    const requests: SceneRequest[] = [
      { scene: 'regression', input: { range: 3, beta: 0.5, delta: 1.5, q: 0.3 } },
      { scene: 'margin', input: { range: 4 } },
      { scene: 'probability', input: { steps: 99 } },
      { scene: 'neuron', input: { w: 2, b: 2, eta: 0.15, epochs: 300 } },
      { scene: 'outliers', input: { seed: 3, n: 40, outliers: 4, offset: 8, beta: 1 } },
      { scene: 'softmax', input: { logits: [-1.6, -0.7, -1.2], target: 2 } },
      { scene: 'entropy', input: { p: [0.2, 0.5, 0.3], q: [0.3, 0.3, 0.4] } },
      { scene: 'multilabel', input: { scores: [1, -2, 0.5], labels: [true, false, true], target: 0 } },
      {
        scene: 'surface',
        input: {
          loss: 'huber',
          delta: 1,
          seed: 2,
          n: 300,
          noise: 1,
          start: [-1.5, 3.5],
          eta: 0.1,
          steps: 60,
          resolution: 101,
          penalty: 'l2',
          lambda: 0.5,
        },
      },
      surfaceAtLimits('l1', 5),
    ];
    const { post, next } = collector();
    const c = make(post);
    for (const [k, r] of requests.entries()) {
      // One at a time: a second surface would supersede the first.
      c.compute(k + 1, r);
      const m = await next(isFinal(k + 1));
      assert.ok(m.type === 'result', `${r.scene}: ${JSON.stringify(m).slice(0, 200)}`);
      assert.deepEqual(timeless(m.result), timeless(asJson(computeScene(r))), r.scene);
    }
  });

  it('stops a superseded surface: only the newest request for the scene gets its fine grid', async () => {
    const { got, post, next } = collector();
    const c = make(post);
    c.compute(1, surfaceAtLimits('logistic_regression', 11));
    c.compute(2, surfaceAtLimits('logistic_regression', 12));
    await next(isFinal(2));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(got.filter(isFinal(1)).length, 0);
  });

  it('answers a compute the engine rejects with a computeError', async () => {
    const { post, next } = collector();
    const c = make(post);
    c.compute(5, { scene: 'softmax', input: { logits: [1, 2], target: 5 } });
    const m = await next(isFinal(5));
    assert.equal(m.type, 'computeError');
  });

  it('computes on the host thread, and says so, when the worker cannot start', async () => {
    const warnings: string[] = [];
    const { post, next } = collector();
    const c = make(post, join(dir, 'no-such-worker.js'), (l) => warnings.push(l));
    c.compute(1, { scene: 'margin', input: { range: 2 } });
    c.prefetch(2, [{ scene: 'margin', input: { range: 3 } }]);
    const m = await next(isFinal(1));
    assert.ok(m.type === 'result');
    assert.deepEqual(m.result, asJson(computeScene({ scene: 'margin', input: { range: 2 } })));
    assert.equal((await next((x) => x.type === 'prefetched' && x.seq === 2)).type, 'prefetched');
    assert.equal(c.where, 'host');
    assert.ok(
      warnings.some((w) => /computing on the host's thread/.test(w)),
      warnings.join('\n'),
    );
  });

  it('answers every request in hand with an error when the worker dies at work', async () => {
    // A worker that answers once (so it started fine), then dies with two jobs in hand.
    const dying = join(dir, 'dying-worker.js');
    writeFileSync(
      dying,
      `const { parentPort } = require('node:worker_threads');
       let n = 0;
       parentPort.on('message', (m) => {
         if (++n === 1) parentPort.postMessage({ job: m.job, done: true, bytes: new TextEncoder().encode(JSON.stringify({ type: 'result', seq: m.seq, result: { scene: 'margin', data: { x: [], curves: [] } }, final: true })) });
         if (n === 3) setTimeout(() => process.exit(3), 20);
       });`,
    );
    const warnings: string[] = [];
    const { post, next } = collector();
    const c = make(post, dying, (l) => warnings.push(l));
    c.compute(1, { scene: 'margin', input: { range: 2 } });
    await next(isFinal(1));
    c.compute(2, { scene: 'regression', input: { range: 3, beta: 1, delta: 1, q: 0.5 } });
    c.prefetch(3, [
      { scene: 'margin', input: { range: 3 } },
      { scene: 'margin', input: { range: 4 } },
    ]);
    const err = await next(isFinal(2));
    assert.ok(err.type === 'computeError' && /worker stopped \(exit code 3\)/.test(err.message), JSON.stringify(err));
    assert.deepEqual(await next((m) => m.type === 'prefetched' && m.seq === 3), {
      type: 'prefetched',
      seq: 3,
      results: [null, null],
    });
    // And the next request starts a fresh worker, which answers.
    c.compute(4, { scene: 'margin', input: { range: 2 } });
    assert.equal((await next(isFinal(4))).type, 'result');
  });
});
