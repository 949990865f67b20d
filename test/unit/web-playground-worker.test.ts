// The playground's compute in a browser: src/playground/sceneCompute.ts's worker_threads Worker is
// a Web Worker there (src/gradcheck/runners/browser/workerThreads.ts), running the browser build of
// src/playground/worker.ts (dist/web/playground-worker.js), whose parentPort is the worker's scope.
// Here the browser's fetch, Blob URL and Worker are stood in for by Node's, the worker itself
// running in a thread whose global scope is a browser worker's (./webBundles.ts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolveObjectURL } from 'node:buffer';
import { pathToFileURL } from 'node:url';
import { Worker as BrowserWorker } from '../../src/gradcheck/runners/browser/workerThreads';
import type { JobReply } from '../../src/playground/jobs';
import type { HostMessage } from '../../src/protocol';
import { buildWebWorker, threadWorker } from './webBundles';

type Globals = Record<'fetch' | 'Worker', unknown>;

describe('playground compute in a browser: the Web Worker behind worker_threads’ Worker', function () {
  this.timeout(60_000);
  let built: { script: string; dispose(): void };
  const saved: Partial<Globals> = {};
  const started: string[] = [];

  before(async () => {
    built = await buildWebWorker('playground-worker.js');
    const g = globalThis as unknown as Globals;
    saved.fetch = g.fetch;
    saved.Worker = g.Worker;
    // The extension host's fetch reads the extension's files by URI; here, file: URIs from disk.
    g.fetch = async (url: string) => {
      const file = new URL(url);
      return { ok: true, status: 200, text: async () => readFileSync(file, 'utf8') };
    };
    // The browser's Worker takes the blob: URL; here the thread runs the blob's text.
    g.Worker = function (url: string) {
      started.push(url);
      assert.ok(resolveObjectURL(url), 'a blob: URL of this process');
      return threadWorker(built.script);
    };
  });
  after(() => {
    Object.assign(globalThis, saved);
    built?.dispose();
  });

  it('computes a scene: requests posted before the worker started wait for it, and the reply carries its bytes', async () => {
    const worker = new BrowserWorker(pathToFileURL(built.script).href);
    const replies: JobReply[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (r: JobReply) => {
        replies.push(r);
        if (r.done) resolve();
      });
      worker.on('error', reject);
    });
    worker.postMessage({ type: 'compute', job: 1, seq: 7, request: { scene: 'margin', input: { range: 2 } } });
    await done;
    assert.equal(started.length, 1);
    assert.match(started[0], /^blob:/, 'started from a blob: URL of the extension host’s origin');
    const final = replies
      .filter((r) => r.bytes)
      .map((r) => JSON.parse(new TextDecoder().decode(r.bytes)) as HostMessage)
      .pop();
    assert.ok(final && final.type === 'result', JSON.stringify(final).slice(0, 200));
    assert.equal(final.seq, 7);
    assert.equal(final.result.scene, 'margin');

    let exited = false;
    worker.on('exit', () => (exited = true));
    await worker.terminate();
    assert.ok(exited, "terminate() is reported as 'exit', as SceneCompute expects of a thread");
  });

  it('a script it cannot read is an error event, not a throw', async () => {
    const g = globalThis as unknown as Globals;
    const fetch = g.fetch;
    g.fetch = async () => ({ ok: false, status: 404, text: async () => '' });
    try {
      const worker = new BrowserWorker('vscode-remote://host/missing.js');
      const error = await new Promise<Error>((resolve) => worker.on('error', resolve));
      assert.match(error.message, /could not read vscode-remote:\/\/host\/missing\.js \(HTTP 404\)/);
    } finally {
      g.fetch = fetch;
    }
  });
});
