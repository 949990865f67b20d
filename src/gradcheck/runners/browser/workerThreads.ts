/**
 * node:worker_threads for the browser extension bundle: there are no worker threads there, so
 * starting one fails at once and the playground's compute (src/playground/sceneCompute.ts) takes
 * its documented fallback, the extension host's own thread in slices. That thread is a Web Worker
 * of its own in the browser, apart from the page and the workbench.
 */
export class Worker {
  constructor() {
    throw new Error('worker_threads are not available in the browser');
  }
}

export const parentPort = null;
