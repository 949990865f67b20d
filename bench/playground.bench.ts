/**
 * The playground's host-side work (design budgets): a loss surface of 201×201 cells over 1,000
 * samples shows its first picture within 50 ms and is whole within 300 ms, for every loss the
 * surface scene offers; and what one slider step costs the host for the curve scenes. The
 * browser's share (drawing, and the round trip through VS Code) is measured in the e2e run.
 *
 * And what the extension host's own thread goes through while the page's heaviest requests are
 * answered (no single task over 50 ms): the panel's compute (src/playground/sceneCompute.ts, with
 * its worker dist/playground-worker.js), with each message it posts serialized as VS Code's
 * webview.postMessage does on that thread (JSON.stringify with a replacer that sends typed
 * arrays as buffers). The longest task is the most CPU time the thread spent between two ticks of
 * a 1 ms timer, from sending the request until its final answer is posted: CPU time of this
 * thread alone (Linux's /proc/thread-self/schedstat), so a busy machine's other processes, and the
 * worker thread itself, do not count. Elsewhere it falls back to the event loop's largest delay.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SceneCompute } from '../src/playground/sceneCompute';
import { computeScene } from '../src/playground/scenes';
import { surfaceStages } from '../src/playground/scenes/surface';
import { SURFACE_LOSSES, type HostMessage, type SceneRequest, type SurfaceInput } from '../src/protocol';
import type { BenchGroup, Task } from './harness';

/** The formula scene's formula on the surface: |e|^1.5 costs two powers per sample and cell. */
const FORMULA = { f: 'abs(e)^1.5', labels: 'real' } as const;

/** As the page asks: 201×201, or 101×101 for a formula (webview/scenes/surface.ts). */
const surface = (loss: SurfaceInput['loss']): SurfaceInput => ({
  loss,
  delta: 1,
  seed: 1,
  n: 1000,
  noise: 1,
  start: [-1.5, 3.5],
  eta: 0.1,
  steps: 60,
  penalty: 'none',
  lambda: 0,
  ...(loss === 'formula' ? { ...FORMULA, resolution: 101 } : { resolution: 201 }),
});

function surfaceTask(loss: SurfaceInput['loss']): Task {
  const input = surface(loss);
  let seed = 1;
  // A learner's formula has no fast method (it runs through its own evaluator at every sample and
  // cell): the full grid's budget is the catalog losses'; its first picture still has to be quick.
  const full = loss === 'formula' ? [] : [{ kind: 'time' as const, subject: 'full', stat: 'p95' as const, maxMs: 300 }];
  return {
    name: `surface ${loss}, ${input.resolution}×${input.resolution} over 1,000 samples`,
    variants: [
      { name: 'first picture', run: () => surfaceStages(input).next() },
      {
        name: 'full',
        run: () => {
          for (const _ of surfaceStages(input));
        },
      },
      {
        // The regularisation path (82 fits) is computed once per data set, after the full grid.
        name: 'full, new data, with the regularisation path',
        run: () => {
          for (const _ of surfaceStages({ ...input, seed: ++seed }));
        },
      },
    ],
    budgets: [{ kind: 'time', subject: 'first picture', stat: 'p95', maxMs: 50 }, ...full],
  };
}

const STEPS: SceneRequest[] = [
  { scene: 'regression', input: { range: 3, beta: 1, delta: 1.5, q: 0.5 } },
  { scene: 'probability', input: { steps: 399 } },
  { scene: 'neuron', input: { w: 2, b: 2, eta: 0.15, epochs: 300 } },
  { scene: 'softmax', input: { logits: [-1.6, -0.7, -1.2], target: 2 } },
  // A keystroke in the formula's field: parse, curves, kinks, catalog losses, TeX and code.
  { scene: 'formula', input: { f: 'max(0, 1 - y*a)^2 + log(cosh(e))', y: 1, range: 4 } },
];

/** VS Code's serializeWebviewMessage, the part that runs on the extension host's thread. */
function vscodeSerialize(m: HostMessage): void {
  JSON.stringify(m, (_k, v: unknown) =>
    v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? { $$vscode_array_buffer_reference$$: true } : v,
  );
}

const WORKER = join(__dirname, '..', 'dist', 'playground-worker.js');

/** A panel's compute (on the worker, or on the host's thread as when no worker can start), its answers serialized as VS Code would. */
function panelCompute(where: 'worker' | 'host'): SceneCompute {
  return new SceneCompute({
    workerScript: where === 'worker' ? WORKER : undefined,
    post: vscodeSerialize,
    warn: (l) => process.stderr.write(`  ${l}\n`),
  });
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const SCHEDSTAT = '/proc/thread-self/schedstat';
/** This thread's CPU time in ns (the first field of schedstat), where Linux tells it. */
const threadCpuNs = existsSync(SCHEDSTAT)
  ? (): number => Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0])
  : undefined;

/** Watches this thread from now; `stop()` gives its longest task so far, in ms. */
function longestTask(): { stop(): number } {
  const cpu = threadCpuNs;
  if (!cpu) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    return { stop: () => (h.disable(), h.max / 1e6) };
  }
  let last = cpu();
  let longest = 0;
  const sample = (): void => {
    const now = cpu();
    longest = Math.max(longest, now - last);
    last = now;
  };
  const timer = setInterval(sample, 1);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return longest / 1e6;
    },
  };
}

/** The longest task on this thread while `send` was answered (ms), and how long that took. */
async function hostWhile(c: SceneCompute, send: () => void): Promise<{ longest: number; total: number }> {
  await tick(3);
  const probe = longestTask();
  const t0 = performance.now();
  send();
  while (c.busy) await tick(1);
  const total = performance.now() - t0;
  return { longest: probe.stop(), total };
}

/** Rows on the extension host's thread: the longest task, on the worker and on the host's thread alone. */
function hostTask(name: string, send: (c: SceneCompute, k: number) => void): () => Promise<Task> {
  return async () => {
    const worker = panelCompute('worker');
    const host = panelCompute('host');
    // The worker's start-up (its bundle loading) is not part of any request.
    worker.warm();
    await hostWhile(worker, () => worker.compute(0, { scene: 'margin', input: { range: 1 } }));
    let k = 0;
    const variant = (label: string, c: SceneCompute) => ({
      name: label,
      measure: async () => (await hostWhile(c, () => send(c, ++k))).longest,
    });
    return {
      name,
      variants: [
        variant('worker: longest host task', worker),
        variant('no worker: longest host task', host),
        { name: 'worker: until answered', run: () => hostWhile(worker, () => send(worker, ++k)) },
      ],
      budgets: [{ kind: 'time', subject: 'worker: longest host task', stat: 'p95', maxMs: 50 }],
      dispose: () => {
        worker.dispose();
        host.dispose();
      },
    };
  };
}

/** A surface at the protocol's limits: 401×401, 1,000 samples, 2,000 descent steps; a new data set each time. */
const surfaceAtLimits = (loss: SurfaceInput['loss'], seed: number): SceneRequest => ({
  scene: 'surface',
  input: {
    loss,
    delta: 0.01,
    seed,
    n: 1000,
    noise: 10,
    start: [-100, 100],
    eta: 10,
    steps: 2000,
    resolution: 401,
    penalty: 'l1',
    lambda: 10,
  },
});
/** What a slider's 16 next steps ask for, at the protocol's limits. */
const outliers16 = (k: number): SceneRequest[] =>
  Array.from({ length: 16 }, (_, j) => ({
    scene: 'outliers',
    input: { seed: 16 * k + j, n: 500, outliers: 50, offset: 100, beta: 0.01 },
  }));
const neurons16 = (k: number): SceneRequest[] =>
  Array.from({ length: 16 }, (_, j) => ({
    scene: 'neuron',
    input: { w: 2, b: 2, eta: 0.15 + 0.001 * (16 * k + j), epochs: 5000 },
  }));

const group: BenchGroup = {
  name: 'playground',
  title: 'Playground: host-side work per picture',
  notes: [
    'first picture: the coarse grid the page draws at once; full: every slice of the fine grid (yielding between slices is not timed).',
    `host thread rows: the longest single task on the extension host’s thread while the request is answered (${threadCpuNs ? 'CPU time of that thread' : 'the event loop’s largest delay'}), with VS Code’s serialization of what is posted; "no worker" is the fallback that computes on the host’s thread in slices.`,
  ],
  *tasks() {
    for (const loss of SURFACE_LOSSES) yield () => surfaceTask(loss);
    yield () => ({
      name: 'one slider step (host compute)',
      variants: STEPS.map((req) => ({ name: req.scene, run: () => computeScene(req) })),
    });
    // The formula's surface at these limits keeps the worker busy for many seconds, while the
    // host's thread only passes its messages on as for the others: it is timed above instead.
    for (const loss of SURFACE_LOSSES.filter((l) => l !== 'formula'))
      yield hostTask(`host thread: surface ${loss} at protocol limits (401², 1,000 samples, 2,000 steps)`, (c, k) =>
        c.compute(k, surfaceAtLimits(loss, k)),
      );
    yield hostTask('host thread: 16 prefetched outlier requests (500 points, 50 outliers)', (c, k) =>
      c.prefetch(k, outliers16(k)),
    );
    yield hostTask('host thread: 16 prefetched neuron requests (5,000 epochs)', (c, k) => c.prefetch(k, neurons16(k)));
  },
};

export default group;
