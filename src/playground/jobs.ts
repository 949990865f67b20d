/**
 * The scenes' compute as a queue of jobs, run one small unit at a time: one scene request, one
 * slice of a surface, one item of a prefetch. Whoever runs it (the compute worker, or the host
 * itself when no worker can start) yields to its event loop between units, so a newer request is
 * read in time to stop an older one. Answers leave as UTF-8 JSON bytes, ready for the page:
 * the host passes them on without parsing or serializing anything. Pure: no vscode, no worker.
 */
import type { ComputedSceneId, HostMessage, SceneId, SceneRequest, SceneResult } from '../protocol';
import { COMPUTED, computeScene, isRest, type Compute, type Rest } from './scenes';

/** Host → runner. `job` numbers are the host's, in the order it sent them; `seq` is the page's. */
export type JobRequest =
  | { type: 'compute'; job: number; seq: number; request: SceneRequest }
  | { type: 'prefetch'; job: number; seq: number; requests: SceneRequest[] };

/**
 * Runner → host. `bytes`: a HostMessage for the page. `done`: the job is over (answered, or
 * dropped because a newer request for its scene superseded it). `error`: for the host's log.
 */
export type JobReply = { job: number; done: boolean; bytes?: Uint8Array; error?: string };

/**
 * A stage of a compute: what the page draws now, and whether more follows. Null: a slice with
 * nothing to send. A Rest: the compute is ahead of its pace and waits before its next slice.
 */
type Stage<K extends ComputedSceneId = ComputedSceneId> = { result: SceneResult<K>; final: boolean } | Rest | null;

/** `wakeAt`: a resting compute's next slice waits until then (performance.now()). */
type ComputeJob = { job: number; seq: number; scene: SceneId; stages: Iterator<Stage>; wakeAt?: number };
type PrefetchJob = { job: number; seq: number; requests: SceneRequest[]; results: (SceneResult | null)[] };

const encoder = new TextEncoder();

/** A message for the page as UTF-8 JSON (NaN becomes null, as postMessage's JSON would make it). */
function pack(m: HostMessage): Uint8Array {
  return encoder.encode(JSON.stringify(m));
}

/** What a request computes, stage by stage (a staged scene's several answers, each slice of its work). */
function* stagesOf<K extends ComputedSceneId>(request: SceneRequest<K>, compute: Compute<K>): Generator<Stage<K>> {
  for (const s of compute(request.input))
    yield s === null || isRest(s) ? s : { result: { scene: request.scene, data: s.data }, final: s.final };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class JobRunner {
  /** Computes run before prefetches: the page waits for those; prefetches are a bet on its next step. */
  private readonly computes: ComputeJob[] = [];
  private readonly prefetches: PrefetchJob[] = [];
  private scheduled = false;
  /** The timer that wakes the runner when every job rests: when it fires, and which one counts. */
  private timerAt: number | undefined;
  private timerToken = 0;

  /**
   * `send` carries replies to the host (a worker transfers `bytes`); `later` runs a function once
   * the event loop has had its turn (setImmediate), so messages that arrived meanwhile are read;
   * `after` runs one after a delay (setTimeout), when every job rests.
   */
  constructor(
    private readonly send: (reply: JobReply) => void,
    private readonly later: (f: () => void) => void,
    private readonly after: (f: () => void, ms: number) => void = afterTimeout,
  ) {}

  accept(m: JobRequest): void {
    if (m.type === 'compute') {
      // The newest request for a scene is the only one its page still waits for.
      for (let k = this.computes.length - 1; k >= 0; k--) {
        const old = this.computes[k];
        if (old.scene !== m.request.scene) continue;
        this.computes.splice(k, 1);
        old.stages.return?.(undefined);
        this.send({ job: old.job, done: true });
      }
      this.computes.push({ job: m.job, seq: m.seq, scene: m.request.scene, stages: this.stages(m.request) });
    } else {
      this.prefetches.push({ job: m.job, seq: m.seq, requests: m.requests, results: [] });
    }
    this.schedule();
  }

  private stages<K extends ComputedSceneId>(request: SceneRequest<K>): Iterator<Stage<K>> {
    return stagesOf(request, COMPUTED[request.scene].compute);
  }

  /** Drops every job, unanswered: whoever asked is gone. */
  clear(): void {
    for (const c of this.computes.splice(0)) c.stages.return?.(undefined);
    this.prefetches.splice(0);
  }

  /** Jobs not yet done, for tests. */
  get pending(): number {
    return this.computes.length + this.prefetches.length;
  }

  private schedule(): void {
    if (this.scheduled || !this.pending) return;
    const now = performance.now();
    const wait = this.prefetches.length ? 0 : Math.min(...this.computes.map((c) => (c.wakeAt ?? now) - now));
    if (wait > 0) {
      // Every job rests: sleep until the first may go on (a newer request wakes the runner sooner).
      const at = now + wait;
      if (this.timerAt !== undefined && this.timerAt <= at) return;
      this.timerAt = at;
      const token = ++this.timerToken;
      this.after(() => {
        if (token !== this.timerToken) return;
        this.timerAt = undefined;
        this.schedule();
      }, wait);
      return;
    }
    this.scheduled = true;
    this.later(() => {
      this.scheduled = false;
      this.step();
      this.schedule();
    });
  }

  /** One unit of the first job in line that is not resting. */
  private step(): void {
    const now = performance.now();
    const c = this.computes.find((j) => !(j.wakeAt !== undefined && j.wakeAt > now));
    if (c) return this.stepCompute(c);
    const p = this.prefetches[0];
    if (p) this.stepPrefetch(p);
  }

  private stepCompute(c: ComputeJob): void {
    const finish = (reply: Omit<JobReply, 'job' | 'done'>): void => {
      this.computes.splice(this.computes.indexOf(c), 1);
      c.stages.return?.(undefined);
      this.send({ job: c.job, done: true, ...reply });
    };
    c.wakeAt = undefined;
    let next: IteratorResult<Stage>;
    try {
      next = c.stages.next();
    } catch (e) {
      return finish({
        bytes: pack({ type: 'computeError', seq: c.seq, scene: c.scene, message: message(e) }),
        error: message(e),
      });
    }
    if (next.done)
      return finish({
        bytes: pack({ type: 'computeError', seq: c.seq, scene: c.scene, message: 'no result' }),
        error: 'no result',
      });
    const stage = next.value;
    if (!stage) return;
    if (isRest(stage)) {
      c.wakeAt = performance.now() + Math.max(0, stage.rest);
      return;
    }
    const bytes = pack({ type: 'result', seq: c.seq, result: stage.result, final: stage.final });
    if (stage.final) finish({ bytes });
    else this.send({ job: c.job, done: false, bytes });
  }

  private stepPrefetch(p: PrefetchJob): void {
    const r = p.requests[p.results.length];
    if (r) {
      try {
        p.results.push(computeScene(r));
      } catch {
        // The page asks for it normally if the slider gets there, and that answer carries the error.
        p.results.push(null);
      }
    }
    if (p.results.length < p.requests.length) return;
    this.prefetches.shift();
    this.send({ job: p.job, done: true, bytes: pack({ type: 'prefetched', seq: p.seq, results: p.results }) });
  }
}

/** setTimeout that never keeps a process (a test run, the CLI) alive by itself. */
function afterTimeout(f: () => void, ms: number): void {
  const t = setTimeout(f, ms) as unknown as { unref?: () => void };
  t.unref?.();
}
