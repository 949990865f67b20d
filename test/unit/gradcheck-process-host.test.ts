// The runner host with fake processes, to order events as a loaded machine may: a killed runner's
// exit arriving after the next request started on its replacement.
import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { ProcessHost, type Spawned } from '../../src/gradcheck/runners/processHost';
import { LineSplitter, MAX_CHANNEL_LINE_BYTES } from '../../src/gradcheck/runners/spawn';
import { CORPUS, findPython, requirePython } from './gradcheck-helpers';

/** A process that says it is ready and answers only when told to; no pid, so a kill only marks it. */
class FakeRunner {
  readonly child = Object.assign(new EventEmitter(), {
    exitCode: null,
    signalCode: null,
    pid: undefined,
  }) as unknown as ChildProcess;
  private listener: (m: Record<string, unknown>) => void = () => undefined;
  readonly sent: Array<Record<string, unknown>> = [];

  spawned(): Spawned {
    setImmediate(() => this.listener({ ready: true }));
    return {
      child: this.child,
      transport: {
        send: (m) => void this.sent.push(m as Record<string, unknown>),
        onMessage: (l) => void (this.listener = l),
      },
    };
  }

  reply(m: Record<string, unknown>): void {
    this.listener({ id: this.sent[this.sent.length - 1].id, ...m });
  }

  exit(signal: string): void {
    this.child.emit('exit', null, signal);
  }
}

describe('gradcheck runner host', () => {
  it("a killed runner's late exit does not end the next request on its replacement", async () => {
    const runners = [new FakeRunner(), new FakeRunner()];
    let started = 0;
    const host = new ProcessHost(() => runners[started++].spawned());
    const hung = await host.request({ op: 'check' }, { timeoutMs: 50, memoryLimitBytes: 2 ** 40 });
    assert.equal(hung.failure?.kind, 'timeout');
    const next = host.request({ op: 'check' }, { timeoutMs: 5_000, memoryLimitBytes: 2 ** 40 });
    while (runners[1].sent.length === 0) await new Promise((r) => setTimeout(r, 5));
    runners[0].exit('SIGKILL');
    runners[1].reply({ ok: true, loaded: true });
    const outcome = await next;
    assert.equal(outcome.failure, null, JSON.stringify(outcome.failure));
    assert.deepEqual(outcome.reply, { id: runners[1].sent[0].id, ok: true, loaded: true });
    assert.equal(host.starts, 2);
    host.dispose();
  });

  it('a request that waited its turn while the host was disposed starts no process and is cancelled', async () => {
    const runner = new FakeRunner();
    const host = new ProcessHost(() => runner.spawned());
    const limits = { timeoutMs: 5_000, memoryLimitBytes: 2 ** 40 };
    const first = host.request({ op: 'check' }, limits);
    const queued = host.request({ op: 'check' }, limits);
    while (runner.sent.length === 0) await new Promise((r) => setTimeout(r, 5));
    // The file's host replaced (PerFileHost) while `queued` waited behind `first`.
    host.dispose();
    runner.exit('SIGKILL');
    assert.equal((await first).failure?.kind, 'exit');
    assert.equal((await queued).failure?.kind, 'cancelled');
    await host.warm();
    assert.equal(host.starts, 1, 'no runner started after dispose');
  });
});

describe('gradcheck runner channel (Python)', () => {
  it('splits lines across chunks, decodes characters split between them, and drops a line over the limit as it passes it', () => {
    const lines: string[] = [];
    let overlong = 0;
    const splitter = new LineSplitter(
      12,
      (l) => lines.push(l),
      () => overlong++,
    );
    const e = Buffer.from('é');
    for (const chunk of [
      Buffer.from('{"a"'),
      Buffer.from(':1}\n{"b":"'),
      e.subarray(0, 1),
      Buffer.concat([e.subarray(1), Buffer.from('"}\n')]),
    ])
      splitter.push(chunk);
    assert.deepEqual(lines, ['{"a":1}', '{"b":"é"}']);
    // Thirteen bytes and no line end yet: dropped now, not when (if ever) the line ends.
    splitter.push(Buffer.from('x'.repeat(13)));
    assert.equal(overlong, 1);
    splitter.push(Buffer.alloc(1 << 20, 'x'));
    assert.equal(overlong, 1, 'one report per line');
    splitter.push(Buffer.from('xx\n{"c":2}\n'));
    assert.deepEqual(lines, ['{"a":1}', '{"b":"é"}', '{"c":2}']);
  });

  it('a line of the full limit is kept; one byte more is not', () => {
    const lines: string[] = [];
    let overlong = 0;
    const splitter = new LineSplitter(
      MAX_CHANNEL_LINE_BYTES,
      (l) => lines.push(l),
      () => overlong++,
    );
    splitter.push(Buffer.alloc(MAX_CHANNEL_LINE_BYTES, 'a'));
    splitter.push(Buffer.from('\n'));
    splitter.push(Buffer.alloc(MAX_CHANNEL_LINE_BYTES + 1, 'b'));
    assert.deepEqual([lines.length, lines[0].length, overlong], [1, MAX_CHANNEL_LINE_BYTES, 1]);
  });

  describe('with a real driver', function () {
    this.timeout(90_000);
    const found = findPython();
    let python = '';
    const checker = new GradChecker(nodeRunners);
    before(function () {
      python = requirePython(this, found).python;
    });
    after(() => checker.dispose());

    it('fails the check in flight when its process writes 32 MB without a line end to the channel, and the next check works', async () => {
      const started = Date.now();
      const [r] = await checker.checkFile(path.join(CORPUS, 'hostile', 'channel_garbage.py'), {
        python,
        timeoutMs: 20_000,
      });
      assert.equal(r.verdict, 'error');
      assert.match(
        r.message,
        /^wrote more than 16 MiB without a line end to its result channel while checking garbage_loss: not a reply/,
      );
      assert.ok(Date.now() - started < 20_000, 'ended by the overflow, not by the time limit');
      const starts = checker.starts.python;
      const [good] = await checker.checkFile(path.join(CORPUS, 'numpy_losses.py'), { python, function: 'mse' });
      assert.equal(good.verdict, 'pass', good.message);
      assert.equal(checker.starts.python, starts + 1, 'a fresh runner after the overflow');
    });
  });
});
