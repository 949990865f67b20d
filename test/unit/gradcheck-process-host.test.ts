// The runner host with fake processes, to order events as a loaded machine may: a killed runner's
// exit arriving after the next request started on its replacement.
import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { ProcessHost, type Spawned } from '../../src/gradcheck/runners/processHost';

/** A process that says it is ready and answers only when told to; no pid, so a kill only marks it. */
class FakeRunner {
  readonly child = Object.assign(new EventEmitter(), { exitCode: null, signalCode: null, pid: undefined }) as unknown as ChildProcess;
  private listener: (m: Record<string, unknown>) => void = () => undefined;
  readonly sent: Array<Record<string, unknown>> = [];

  spawned(): Spawned {
    setImmediate(() => this.listener({ ready: true }));
    return { child: this.child, transport: { send: (m) => void this.sent.push(m as Record<string, unknown>), onMessage: (l) => void (this.listener = l) } };
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
});
