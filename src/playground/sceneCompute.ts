/**
 * The host's side of the scenes' compute: requests go to a worker thread running ./jobs (built as
 * dist/playground-worker.js), and its answers, already JSON bytes, go to the page as they come.
 * So the host's thread only hands messages on: no compute, no serializing of big arrays.
 *
 * Every request the page waits for gets an answer: a result, or an error when the compute threw
 * or the worker died. A request superseded by a newer one for its scene is dropped unanswered
 * (its page no longer waits for it). When no worker can start (no worker_threads, a missing
 * bundle), the same runner works on this thread instead, a slice at a time. No vscode here.
 */
import { Worker } from 'node:worker_threads';
import type { HostMessage, SceneRequest } from '../protocol';
import { JobRunner, type JobReply, type JobRequest } from './jobs';

export type SceneComputeOptions = {
  /** The worker's script (dist/playground-worker.js); undefined: compute on this thread. */
  workerScript: string | undefined;
  /** Sends a message to the page. */
  post: (m: HostMessage) => void;
  warn: (line: string) => void;
};

/** The worker's heap limit: far above any scene (a 401² surface holds a few MB), far below harm. */
const WORKER_HEAP_MB = 512;

export class SceneCompute {
  private worker: Worker | undefined;
  /** The worker has answered at least once, so it starts fine: if it dies now, that was a job. */
  private workerProven = false;
  /** No worker to be had: the host's own thread computes, in slices. */
  private workerBroken: boolean;
  private inline: JobRunner | undefined;
  private readonly pending = new Map<number, JobRequest>();
  private nextJob = 1;
  private disposed = false;

  constructor(private readonly options: SceneComputeOptions) {
    this.workerBroken = options.workerScript === undefined;
  }

  /** Starts the worker ahead of the first request, so its start-up is not on a chart's path. */
  warm(): void {
    if (!this.disposed) this.ensureWorker();
  }

  compute(seq: number, request: SceneRequest): void {
    this.dispatch({ type: 'compute', job: this.nextJob++, seq, request });
  }

  prefetch(seq: number, requests: SceneRequest[]): void {
    this.dispatch({ type: 'prefetch', job: this.nextJob++, seq, requests });
  }

  /** Requests in hand, not yet answered in full (for tests and the bench). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Where the compute runs now, for the log and tests. */
  get where(): 'worker' | 'host' {
    return this.worker ? 'worker' : 'host';
  }

  private dispatch(m: JobRequest): void {
    if (this.disposed) return;
    this.pending.set(m.job, m);
    const worker = this.ensureWorker();
    if (worker) worker.postMessage(m);
    else this.runner().accept(m);
  }

  private runner(): JobRunner {
    return (this.inline ??= new JobRunner(
      (r) => this.onReply(r),
      (f) => setImmediate(f),
    ));
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.workerBroken || !this.options.workerScript) return this.worker;
    try {
      const w = new Worker(this.options.workerScript, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      // Never what keeps a process (a test run, the CLI) alive.
      w.unref();
      w.on('message', (r: JobReply) => {
        this.workerProven = true;
        this.onReply(r);
      });
      w.on('error', (e: Error) => this.onWorkerGone(w, `the compute worker failed: ${e.message}`));
      w.on('exit', (code: number) => this.onWorkerGone(w, `the compute worker stopped (exit code ${code})`));
      this.worker = w;
    } catch (e) {
      this.workerBroken = true;
      this.options.warn(
        `could not start the compute worker (${e instanceof Error ? e.message : String(e)}); computing on the host's thread, in slices`,
      );
    }
    return this.worker;
  }

  private onReply(r: JobReply): void {
    const job = this.pending.get(r.job);
    if (!job) return; // superseded, or answered already when a worker died
    if (r.done) this.pending.delete(r.job);
    if (r.error) this.options.warn(`${job.type === 'compute' ? job.request.scene : 'prefetch'}: ${r.error}`);
    if (r.bytes && !this.disposed) this.options.post({ type: 'packed', bytes: r.bytes });
  }

  /**
   * A worker that never answered could not start: its jobs go to this thread, and so does all
   * that follows. One that died at work (out of memory, say) fails its jobs with an error the
   * page shows, and the next request starts a fresh one.
   */
  private onWorkerGone(w: Worker, why: string): void {
    if (w !== this.worker || this.disposed) return;
    this.worker = undefined;
    const jobs = [...this.pending.values()];
    if (!this.workerProven) {
      this.workerBroken = true;
      this.options.warn(`${why}; computing on the host's thread, in slices`);
      for (const m of jobs) this.runner().accept(m);
      return;
    }
    this.workerProven = false;
    this.options.warn(why);
    this.pending.clear();
    for (const m of jobs) {
      if (m.type === 'compute')
        this.options.post({ type: 'computeError', seq: m.seq, scene: m.request.scene, message: why });
      else this.options.post({ type: 'prefetched', seq: m.seq, results: m.requests.map(() => null) });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pending.clear();
    this.inline?.clear();
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}
