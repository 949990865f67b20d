/**
 * node:worker_threads inside a Web Worker (dist/web/playground-worker.js and gradcheck-worker.js):
 * the `parentPort` that src/playground/worker.ts talks through is the worker's own global scope,
 * and no thread of its own can start (so the JS runner's parent watch, which a browser does not
 * need, falls back as it does without worker threads: terminate() is what ends a Web Worker).
 */
type WorkerScope = {
  postMessage(message: unknown, transfer?: unknown[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};
const scope = globalThis as unknown as WorkerScope;

export const parentPort = {
  postMessage(message: unknown, transfer?: unknown[]): void {
    scope.postMessage(message, transfer);
  },
  on(event: 'message', listener: (message: never) => void): void {
    if (event === 'message') scope.addEventListener('message', (e) => (listener as (m: unknown) => void)(e.data));
  },
};

export class Worker {
  constructor() {
    throw new Error('a Web Worker starts no worker threads');
  }
  unref(): void {}
}
