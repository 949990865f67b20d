/**
 * The JS/TS runner in a browser: ./webWorker.ts (./jsChild.ts itself) in a Web Worker, one request
 * at a time, under the same time limits as the process on the desktop: when a limit passes, or the
 * check is cancelled, the worker is terminated (which stops even an endless loop) and a fresh one
 * serves the next request. A Web Worker's memory can be neither limited nor measured, so
 * `memoryLimitBytes` is not enforced here; the browser ends a worker that exhausts its heap.
 *
 * Messages travel as JSON text both ways, as over the Node child's IPC channel, so a reply reads
 * the same on both platforms (a NaN arrives as null). Besides replies, the worker sends
 * `{ ready: true }` once and `{ output }` for what the user's code printed. No DOM types here: the
 * worker is a WorkerLike, which lets Node's tests stand a worker thread in for it.
 */
import { endedWith, exchange, outcomeOf, RequestQueue } from './exchange';
import type { Outcome, RequestLimits, RunnerHost } from './host';

/** What the host uses of a Web Worker. */
export interface WorkerLike {
  postMessage(message: string): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?(): void }) => void) | null;
}

/** The printed output kept per request: the last 8 KB (a chatty loss is called hundreds of times). */
const OUTPUT_KEEP = 8192;

export class WorkerHost implements RunnerHost {
  private worker: WorkerLike | null = null;
  private ready: Promise<WorkerLike> | null = null;
  private readonly queue = new RequestQueue();
  private nextId = 1;
  private printed = '';
  /** The request waiting for its reply. */
  private listener: ((m: Record<string, unknown>) => void) | null = null;
  private disposed = false;
  starts = 0;

  constructor(
    /** Makes a worker running dist/web/gradcheck-worker.js (the entry point knows where that is). */
    private readonly start: () => Promise<WorkerLike>,
    /** How long a fresh worker may take to say it is ready (it parses sucrase and Lezer first). */
    private readonly startTimeoutMs = 20_000,
  ) {}

  warm(): Promise<void> {
    return this.ensure().then(
      () => undefined,
      () => undefined,
    );
  }

  private ensure(): Promise<WorkerLike> {
    if (this.ready) return this.ready;
    if (this.disposed) return Promise.reject(new Error('the runner was disposed'));
    this.starts++;
    const ready = new Promise<WorkerLike>((resolve, reject) => {
      let worker: WorkerLike | null = null;
      const timer = setTimeout(() => {
        reject(new Error(`no answer within ${this.startTimeoutMs / 1000} s`));
        worker?.terminate();
      }, this.startTimeoutMs);
      const fail = (e: unknown): void => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      this.start().then((w) => {
        worker = w;
        w.onmessage = (event) => {
          const m = parse(event.data);
          if (!m) return;
          if (m.ready === true) {
            clearTimeout(timer);
            if (this.disposed) {
              w.terminate();
              return reject(new Error('the runner was disposed'));
            }
            this.worker = w;
            return resolve(w);
          }
          if (typeof m.output === 'string') return this.print(m.output);
          this.listener?.(m);
        };
        w.onerror = (event) => {
          // An error the worker did not catch: before it is ready it could not start; later it is
          // the user's code failing outside a call (a timer's callback), which a process would print.
          event.preventDefault?.();
          const text = event.message || 'an error in the worker';
          if (this.worker !== w) {
            w.terminate();
            return fail(new Error(text));
          }
          this.print(`${text}\n`);
        };
      }, fail);
    });
    this.ready = ready;
    ready.catch(() => {
      if (this.ready === ready) this.ready = null;
    });
    return ready;
  }

  private print(text: string): void {
    this.printed = (this.printed + text).slice(-OUTPUT_KEEP);
  }

  /** Terminates a worker; the next request starts another. */
  private stop(w: WorkerLike): void {
    w.terminate();
    if (this.worker === w) {
      this.worker = null;
      this.ready = null;
    }
  }

  /** Sends one request and waits for its reply, or for the limit that ends it (./exchange). Never rejects. */
  request(
    message: Record<string, unknown>,
    limits: RequestLimits,
    onNote?: (note: Record<string, unknown>) => void,
  ): Promise<Outcome> {
    return this.queue.run(async (): Promise<Outcome> => {
      const started = Date.now();
      this.printed = '';
      if (limits.signal?.aborted) return outcomeOf(started, endedWith({ kind: 'cancelled' }), this.printed);
      let worker: WorkerLike;
      try {
        worker = await this.ensure();
      } catch (e) {
        return outcomeOf(
          started,
          endedWith({ kind: 'start', reason: e instanceof Error ? e.message : String(e) }),
          this.printed,
        );
      }
      const id = this.nextId++;
      const ended = await exchange(limits, onNote, {
        send: () => worker.postMessage(JSON.stringify({ ...message, id })),
        listen: (hear) => (this.listener = (m) => m.id === id && hear(m)),
        // A worker cannot be watched while it runs; terminating it stops even an endless loop.
        ended: (failure) => {
          this.listener = null;
          if (failure) this.stop(worker);
        },
      });
      return outcomeOf(started, ended, this.printed);
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.worker) this.stop(this.worker);
  }
}

/** A message from the worker: JSON text (or an object from a stand-in); null for anything else. */
function parse(data: unknown): Record<string, unknown> | null {
  let m = data;
  if (typeof data === 'string') {
    try {
      m = JSON.parse(data);
    } catch {
      return null;
    }
  }
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Record<string, unknown>) : null;
}
