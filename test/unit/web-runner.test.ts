// Grad-check in a browser (vscode.dev): the real worker bundle (scripts/webBundles.mjs) in a
// browser-like worker (./webBundles.ts: no process, require or Buffer in its scope), driven by
// WorkerHost through the GradChecker, as src/extensionWeb.ts wires it. The same losses give the
// same verdicts as the Node child; the time limit ends an endless loop and a fresh worker serves
// the next check; Python says where it runs. WorkerHost's protocol is also tested on a stand-in.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { discoverLosses } from '../../src/gradcheck/discover';
import { english, M, render, type Translate } from '../../src/gradcheck/messages';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { webRunners } from '../../src/gradcheck/runners/web';
import { WorkerHost, type WorkerLike } from '../../src/gradcheck/runners/workerHost';
import type { CheckResult } from '../../src/gradcheck/types';
import { CORPUS } from './gradcheck-helpers';
import { buildGradcheckWorker, ROOT, threadWorker } from './webBundles';

const bundle = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<
  string,
  string
>;
const zh: Translate = (message, ...args) => {
  assert.ok(Object.hasOwn(bundle, message), `no zh-cn translation of ${JSON.stringify(message)}`);
  return english(bundle[message], ...args);
};

const summary = (results: CheckResult[]): string[] => results.map((r) => `${r.function}: ${r.verdict}`);

/** The editor's text of a file: in a browser a check always runs the text it is given (there is no file system to read). */
const text = (file: string): string => readFileSync(file, 'utf8');

describe('grad-check in a browser: the worker bundle behind WorkerHost', function () {
  this.timeout(120_000);
  let worker: { script: string; dispose(): void };
  let web: GradChecker;
  let dir: string;

  before(async () => {
    worker = await buildGradcheckWorker();
    web = new GradChecker(webRunners(async () => threadWorker(worker.script)));
    dir = mkdtempSync(path.join(tmpdir(), 'loss-playground-web-runner-'));
  });
  after(() => {
    web?.dispose();
    worker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('gives the Node child’s verdicts and numbers for the example JS and TS losses (sucrase runs in the worker)', async () => {
    const node = new GradChecker(nodeRunners);
    try {
      for (const file of [path.join(ROOT, 'examples', 'javascript', 'losses.js'), path.join(CORPUS, 'losses.ts')]) {
        const inBrowser = await web.checkFile(file, { text: text(file) });
        const onNode = await node.checkFile(file, { text: text(file) });
        assert.ok(inBrowser.length >= 3, `${file}: ${summary(inBrowser).join(', ')}`);
        assert.deepEqual(summary(inBrowser), summary(onNode), file);
        assert.ok(inBrowser.some((r) => r.verdict === 'pass'));
        for (const [i, r] of inBrowser.entries()) {
          assert.equal(r.maxRelError, onNode[i].maxRelError, `${r.function}: the same numbers`);
          assert.equal(r.message, onNode[i].message, `${r.function}: the same message`);
        }
      }
    } finally {
      node.dispose();
    }
  });

  it('ends an endless loop at the time limit, and a fresh worker passes the next check of the file', async () => {
    const file = write(
      'spins.ts',
      `${readFileSync(path.join(CORPUS, 'hostile', 'hang.ts'), 'utf8')}\n${readFileSync(path.join(CORPUS, 'losses.ts'), 'utf8')}`,
    );
    const [hang] = await web.checkFile(file, { function: 'hangLoss', timeoutMs: 1000, text: text(file) });
    assert.equal(hang.verdict, 'error');
    assert.match(hang.message, /did not finish within 1 s while checking hangLoss/);
    const [pass] = await web.checkFile(file, { function: 'mseLoss', text: text(file) });
    assert.equal(pass.verdict, 'pass', pass.message);
  });

  it('gives each file a fresh worker: a file that patches Math.exp cannot fail another file’s loss', async () => {
    const JS = path.join(CORPUS, 'loading', 'js');
    const [sabotage] = await web.checkFile(path.join(JS, 'patches_math.js'), {
      text: text(path.join(JS, 'patches_math.js')),
    });
    assert.equal(sabotage.verdict, 'pass', sabotage.message);
    const [logistic] = await web.checkFile(path.join(JS, 'uses_exp.js'), { text: text(path.join(JS, 'uses_exp.js')) });
    assert.equal(logistic.verdict, 'pass', logistic.message);
  });

  it('is cancelled mid-check: the worker is terminated at once', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 300);
    const hangFile = path.join(CORPUS, 'hostile', 'hang.ts');
    const [r] = await web.checkFile(hangFile, { timeoutMs: 20_000, signal: abort.signal, text: text(hangFile) });
    assert.equal(r.verdict, 'skipped');
    assert.equal(r.message, 'cancelled');
    assert.ok(Date.now() - started < 5000);
  });

  it('keeps what the loss printed, as the Node child does', async () => {
    const file = write(
      'chatty.js',
      'function chattyLoss(p, y) { console.log("chatty", p.length); return p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0); }\nfunction chattyLossGrad(p, y) { return p.map((v, i) => 2 * (v - y[i])); }\nmodule.exports = { chattyLoss, chattyLossGrad };\n',
    );
    const [r] = await web.checkFile(file, { text: text(file) });
    assert.equal(r.verdict, 'pass', r.message);
    assert.match(r.output ?? '', /^chatty \d+$/m);
  });

  it('runs the file alone: an unused relative import is a stub, a package it needs is a clear error', async () => {
    const alone = write(
      'alone.ts',
      "import { load } from './data';\nexport function maeLoss(p: number[], y: number[]): number { return p.reduce((s, v, i) => s + Math.abs(v - y[i]), 0) / p.length; }\nexport function maeLossGrad(p: number[], y: number[]): number[] { return p.map((v, i) => Math.sign(v - y[i]) / p.length); }\nvoid load;\n",
    );
    const [ok] = await web.checkFile(alone, { text: text(alone) });
    assert.equal(ok.verdict, 'pass', ok.message);
    const tfjs = write(
      'tfjs.ts',
      "import * as tf from '@tensorflow/tfjs';\nexport function tfLoss(p: tf.Tensor, y: tf.Tensor): tf.Tensor { return tf.losses.meanSquaredError(y, p); }\n",
    );
    const [needs] = await web.checkFile(tfjs, { text: text(tfjs) });
    assert.equal(needs.verdict, 'error');
    assert.match(needs.message, /Cannot find module '@tensorflow\/tfjs': in the browser a check runs the file alone/);
  });

  it('skips a Python check: it needs a desktop or remote window (English and Chinese), and starts nothing', async () => {
    const file = path.join(ROOT, 'examples', 'python', 'numpy_losses.py');
    const [en] = await web.checkFile(file, { function: 'mse', text: text(file) });
    assert.equal(en.verdict, 'skipped');
    assert.equal(en.message, M.pythonNeedsDesktop);
    const [cn] = await web.checkFile(file, { function: 'mse', text: text(file), t: zh });
    assert.match(cn.message, /^需要桌面或远程窗口：Python 只在那里运行/);
    // "Plot in Playground" says the same.
    const [mse] = discoverLosses(text(file), 'python', file).losses.filter((l) => l.name === 'mse');
    await assert.rejects(web.sampleSeries(file, mse, { text: text(file) }), { message: M.pythonNeedsDesktop });
    assert.equal(web.starts.python, 0);
  });
});

/** A worker stand-in whose answers the test writes. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  readonly sent: Array<Record<string, unknown>> = [];
  terminated = false;
  constructor(private readonly answer: (m: Record<string, unknown>, w: FakeWorker) => void) {}
  postMessage(message: string): void {
    assert.equal(typeof message, 'string', 'requests travel as JSON text');
    const m = JSON.parse(message) as Record<string, unknown>;
    this.sent.push(m);
    this.answer(m, this);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(m: unknown): void {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
}

describe('WorkerHost: the browser runner’s protocol', () => {
  const limits = { timeoutMs: 2000, memoryLimitBytes: 0 };

  it('waits for ready, matches the reply to its request, and collects printed output', async () => {
    const w = new FakeWorker((m, self) => {
      self.emit({ id: m.id, phase: 'call' });
      self.emit({ output: 'hello\n' });
      self.emit({ id: Number(m.id) + 100, ok: false }); // not this request's
      self.emit({ id: m.id, ok: true, value: Number.NaN });
    });
    const host = new WorkerHost(async () => {
      setTimeout(() => w.emit({ ready: true }), 10);
      return w;
    });
    const notes: unknown[] = [];
    const outcome = await host.request({ op: 'check' }, limits, (n) => notes.push(n.phase));
    assert.deepEqual(
      outcome.reply,
      { id: 1, ok: true, value: null },
      'JSON on the wire, as over Node IPC: NaN arrives as null',
    );
    assert.equal(outcome.failure, null);
    assert.equal(outcome.output, 'hello\n');
    assert.deepEqual(notes, ['call']);
    assert.equal(host.starts, 1);
    host.dispose();
    assert.ok(w.terminated);
  });

  it('a worker that fails before it is ready is a start failure with its message; the next request tries again', async () => {
    let n = 0;
    const host = new WorkerHost(async () => {
      const w = new FakeWorker(() => undefined);
      n++;
      setTimeout(
        () => (n === 1 ? w.onerror?.({ message: 'SyntaxError: Unexpected token' }) : w.emit({ ready: true })),
        5,
      );
      return w;
    });
    const first = await host.request({ op: 'load' }, limits);
    assert.deepEqual(first.failure, { kind: 'start', reason: 'SyntaxError: Unexpected token' });
    const second = await host.request({ op: 'load' }, { ...limits, timeoutMs: 50 });
    assert.equal(second.failure?.kind, 'timeout', 'a started worker that never answers meets the time limit');
    assert.equal(host.starts, 2);
  });

  it('a worker that never says ready fails to start within its limit', async () => {
    const host = new WorkerHost(async () => new FakeWorker(() => undefined), 50);
    const outcome = await host.request({ op: 'load' }, limits);
    assert.equal(outcome.failure?.kind, 'start');
    assert.match(outcome.failure?.kind === 'start' ? render(outcome.failure.reason) : '', /no answer within 0.05 s/);
  });

  it('the load limit holds until the runner starts calling, then the check limit', async () => {
    const w = new FakeWorker((m, self) => setTimeout(() => self.emit({ id: m.id, phase: 'call' }), 30));
    const host = new WorkerHost(async () => {
      setTimeout(() => w.emit({ ready: true }), 1);
      return w;
    });
    const outcome = await host.request({ op: 'check' }, { timeoutMs: 60, loadTimeoutMs: 1000, memoryLimitBytes: 0 });
    assert.deepEqual(outcome.failure, { kind: 'timeout', seconds: 0.06, during: 'check' });
    assert.ok(w.terminated, 'the worker is ended with the request');
    assert.ok(
      outcome.loadMs >= 20 && outcome.loadMs < outcome.durationMs,
      `load ${outcome.loadMs} ms of ${outcome.durationMs} ms`,
    );
  });

  it('a check cancelled while its worker starts is cancelled at once, and nothing is sent', async () => {
    const w = new FakeWorker((m, self) => self.emit({ id: m.id, ok: true }));
    const cancel = new AbortController();
    const host = new WorkerHost(async () => {
      setTimeout(() => {
        cancel.abort();
        w.emit({ ready: true });
      }, 5);
      return w;
    });
    const started = Date.now();
    const outcome = await host.request(
      { op: 'check' },
      { timeoutMs: 5000, memoryLimitBytes: 0, signal: cancel.signal },
    );
    assert.deepEqual(outcome.failure, { kind: 'cancelled' });
    assert.deepEqual(w.sent, []);
    assert.ok(Date.now() - started < 2000, 'not at the time limit');
  });
});
