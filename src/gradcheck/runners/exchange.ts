/**
 * One request's life on a runner, the same on both platforms: ./processHost.ts (a process, on
 * Node) and ./workerHost.ts (a Web Worker, in the browser bundle, so nothing here imports a Node
 * module). Requests go one at a time; loading has its own limit until the runner says it calls the
 * user's code (phase `call`), then the check's limit runs; a cancel ends it; it ends once, however
 * it ends. Around it each host does its own part: how a request is sent, what else may end it (a
 * process's exit, its memory), and what a failure leaves to kill.
 */
import type { Failure, Outcome, RequestLimits } from './host';

/** Requests one at a time: each starts when the one before it has ended, however that ended. */
export class RequestQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** How a request ended: the runner's reply or why there is none, its last phase, when it began calling the user's code. */
export type Ended = {
  reply: Record<string, unknown> | null;
  failure: Failure | null;
  phase: string | null;
  calledAt: number | null;
};

/** What a host does around one request. */
export type Exchange = {
  /** Sends the request; a throw ends it as the runner's exit. */
  send(): void;
  /** Passes the runner's messages about this request (notes, then the reply) to `hear`. */
  listen(hear: (m: Record<string, unknown>) => void): void;
  /** Watches what else may end the request, by calling `end`; returns how to stop watching. */
  watch?(end: (failure: Failure) => void): () => void;
  /** The failure a message reports instead of a reply (the Python child's exit), else null. */
  failureIn?(m: Record<string, unknown>): Failure | null;
  /** Once, as the request ends: stop listening, and end what a failure left running. */
  ended(failure: Failure | null): void;
};

/** Ended without a reply: nothing was sent, or nothing came. */
export function endedWith(failure: Failure): Ended {
  return { reply: null, failure, phase: null, calledAt: null };
}

/** Sends one request and waits for its reply, or for the limit, the cancel or the failure that ends it. Never rejects. */
export function exchange(
  limits: RequestLimits,
  onNote: ((note: Record<string, unknown>) => void) | undefined,
  x: Exchange,
): Promise<Ended> {
  // Cancelled while the runner started: an abort listener added now would never fire.
  if (limits.signal?.aborted) return Promise.resolve(endedWith({ kind: 'cancelled' }));
  return new Promise<Ended>((resolve) => {
    let settled = false;
    let phase: string | null = null;
    let calledAt: number | null = null;
    const loading = limits.loadTimeoutMs !== undefined;
    const expire = (during: 'load' | 'check', ms: number) => () =>
      finish(null, { kind: 'timeout', seconds: ms / 1000, during });
    let timer = loading
      ? setTimeout(expire('load', limits.loadTimeoutMs!), limits.loadTimeoutMs)
      : setTimeout(expire('check', limits.timeoutMs), limits.timeoutMs);
    const onAbort = (): void => finish(null, { kind: 'cancelled' });
    let unwatch = (): void => undefined;
    function finish(reply: Record<string, unknown> | null, failure: Failure | null): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unwatch();
      limits.signal?.removeEventListener('abort', onAbort);
      x.ended(failure);
      resolve({ reply, failure, phase, calledAt });
    }
    limits.signal?.addEventListener('abort', onAbort);
    if (x.watch) unwatch = x.watch((failure) => finish(null, failure));
    x.listen((m) => {
      if (typeof m.phase === 'string') {
        if (m.phase === 'call') calledAt ??= Date.now();
        if (loading && m.phase === 'call' && phase !== 'call') {
          // Loaded: the check's own limit starts now.
          clearTimeout(timer);
          timer = setTimeout(expire('check', limits.timeoutMs), limits.timeoutMs);
        }
        phase = m.phase;
        onNote?.(m);
        return;
      }
      const failure = x.failureIn?.(m) ?? null;
      finish(failure ? null : m, failure);
    });
    try {
      x.send();
    } catch {
      finish(null, { kind: 'exit', code: null, signal: null });
    }
  });
}

/** The Outcome the checker reads: what ended the request, what the user's code printed, and how long loading and all of it took. */
export function outcomeOf(started: number, e: Ended, output: string): Outcome {
  const now = Date.now();
  return {
    reply: e.reply,
    failure: e.failure,
    output,
    phase: e.phase,
    durationMs: now - started,
    loadMs: (e.calledAt ?? now) - started,
  };
}
