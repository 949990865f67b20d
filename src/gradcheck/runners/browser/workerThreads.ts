/**
 * node:worker_threads for the browser extension bundle: its `Worker`, over a Web Worker, for the
 * playground's compute (src/playground/sceneCompute.ts, unchanged). The script is a URI string
 * (the browser build of the worker, dist/web/playground-worker.js); the extension's files come
 * from another origin than the extension host's, so it is fetched (the extension host's fetch
 * reads vscode-remote URIs too) and started from a blob: URL of this origin. Messages posted
 * before it has started wait for it. A Web Worker has no heap limit to set and never exits by
 * itself: an error it did not catch is reported as 'error', and terminate() as 'exit'.
 */
type Listener = (value: never) => void;
type WebWorker = {
  postMessage(message: unknown, transfer?: unknown[]): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?(): void }) => void) | null;
};
type Scope = {
  Worker: new (url: string, options?: { name?: string }) => WebWorker;
  Blob: new (parts: unknown[], options: { type: string }) => unknown;
  URL: { createObjectURL(blob: unknown): string };
  fetch(url: string): Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
};
const scope = globalThis as unknown as Scope;

/** One blob: URL per script, made on the first start. */
const urls = new Map<string, Promise<string>>();

function blobUrl(script: string): Promise<string> {
  let url = urls.get(script);
  if (!url) {
    url = scope.fetch(script).then(async (r) => {
      if (!r.ok) throw new Error(`could not read ${script} (HTTP ${r.status})`);
      return scope.URL.createObjectURL(new scope.Blob([await r.text()], { type: 'text/javascript' }));
    });
    url.catch(() => urls.delete(script));
    urls.set(script, url);
  }
  return url;
}

export class Worker {
  private worker: WebWorker | undefined;
  private readonly queue: Array<[unknown, unknown[] | undefined]> = [];
  private readonly listeners: Record<string, Listener[]> = {};
  private ended = false;

  constructor(script: string) {
    blobUrl(script).then(
      (url) => {
        if (this.ended) return;
        const w = new scope.Worker(url, { name: 'Loss Playground compute' });
        w.onmessage = (e) => this.emit('message', e.data);
        w.onerror = (e) => {
          e.preventDefault?.();
          this.emit('error', new Error(e.message ?? 'an error in the compute worker'));
        };
        this.worker = w;
        for (const [m, transfer] of this.queue.splice(0)) w.postMessage(m, transfer);
      },
      (e: Error) => this.emit('error', e),
    );
  }

  on(event: 'message' | 'error' | 'exit', listener: Listener): this {
    (this.listeners[event] ??= []).push(listener);
    return this;
  }

  postMessage(message: unknown, transfer?: unknown[]): void {
    if (this.ended) return;
    if (this.worker) this.worker.postMessage(message, transfer);
    else this.queue.push([message, transfer]);
  }

  /** Nothing keeps a browser's page alive: a no-op, as the host asks for it. */
  unref(): void {}

  terminate(): Promise<number> {
    if (!this.ended) {
      this.ended = true;
      this.worker?.terminate();
      this.emit('exit', 1);
    }
    return Promise.resolve(1);
  }

  private emit(event: string, value: unknown): void {
    for (const l of this.listeners[event] ?? []) (l as (v: unknown) => void)(value);
  }
}

/** Only a worker's own side has a parent port (see ./workerPort.ts). */
export const parentPort = null;
