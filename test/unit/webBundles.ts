// Builds the browser bundles of scripts/webBundles.mjs for the unit tests (into a temp folder, not
// dist/), and runs the grad-check worker in a Node worker thread whose global scope is a browser
// worker's: a vm context with postMessage, addEventListener and the web platform's globals, and
// none of Node's (no process, require, Buffer, setImmediate). terminate() stops a thread mid-loop,
// as a browser stops a Web Worker.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from '../../src/gradcheck/runners/workerHost';

export const ROOT = path.join(__dirname, '..', '..');

export type WebEntry = { in: string; out: string; opts: esbuild.BuildOptions };
type WebBundles = { webEntries: WebEntry[]; browserStandIns: string[] };

export async function webBundles(): Promise<WebBundles> {
  return (await import(pathToFileURL(path.join(ROOT, 'scripts', 'webBundles.mjs')).href)) as WebBundles;
}

/** One browser bundle built as scripts/build.mjs builds it for the tests (test hooks in), with its metafile. */
export async function buildWebEntry(entry: WebEntry, outfile: string): Promise<esbuild.Metafile> {
  const { testHooksDefine } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'testHooks.mjs')).href)) as {
    testHooksDefine: (production: boolean) => Record<string, string>;
  };
  const define = { ...entry.opts.define, ...testHooksDefine(false) };
  const result = await esbuild.build({
    ...entry.opts,
    define,
    absWorkingDir: ROOT,
    entryPoints: [entry.in],
    outfile,
    bundle: true,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** A browser bundle (`name`: gradcheck-worker.js, playground-worker.js), built into a temp folder; `dispose` removes it. */
export async function buildWebWorker(name: string): Promise<{ script: string; dispose(): void }> {
  const { webEntries } = await webBundles();
  const entry = webEntries.find((e) => e.out === `dist/web/${name}`)!;
  const dir = mkdtempSync(path.join(tmpdir(), 'loss-playground-web-'));
  const script = path.join(dir, name);
  await buildWebEntry(entry, script);
  return { script, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** dist/web/gradcheck-worker.js, built into a temp folder. */
export function buildGradcheckWorker(): Promise<{ script: string; dispose(): void }> {
  return buildWebWorker('gradcheck-worker.js');
}

/** The thread's code: a browser-worker-like global scope in a vm context, running the script. */
const HARNESS = `
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const { readFileSync } = require('node:fs');
const listeners = {};
const scope = {
  postMessage: (m, transfer) => parentPort.postMessage(m, transfer),
  addEventListener: (type, f) => (listeners[type] ??= []).push(f),
  close: () => process.exit(0),
  console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, structuredClone,
  TextEncoder, TextDecoder, URL, atob, btoa, performance, MessageChannel,
};
vm.createContext(scope);
parentPort.on('message', (data) => { for (const f of listeners.message ?? []) f({ data }); });
try {
  vm.runInContext(readFileSync(workerData.script, 'utf8'), scope, { filename: workerData.script });
} catch (e) {
  parentPort.postMessage({ harnessError: String(e && e.stack || e) });
}
`;

/** A browser-like worker running `script`, as src/extensionWeb.ts makes one from dist/web/gradcheck-worker.js. */
export function threadWorker(script: string): WorkerLike {
  const thread = new Worker(HARNESS, { eval: true, workerData: { script } });
  thread.unref();
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (m: unknown, transfer?: unknown[]) => thread.postMessage(m, transfer as ArrayBuffer[] | undefined),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data: unknown) => {
    const harnessError = (data as { harnessError?: string }).harnessError;
    if (harnessError) w.onerror?.({ message: harnessError });
    else w.onmessage?.({ data });
  });
  thread.on('error', (e: Error) => w.onerror?.({ message: e.message }));
  return w;
}
