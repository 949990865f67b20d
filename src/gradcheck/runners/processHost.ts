/**
 * A persistent child process that runs user code, one request at a time, under a time limit and
 * limits on the resident memory and the number of processes of its whole tree, watched from here
 * (a worker's resourceLimits would bound only the JS heap; typed arrays and NumPy buffers live
 * outside it). A killed or crashed process is replaced on the next request, so one hostile check
 * never breaks the next.
 *
 * A `forked` runner (the Python zygote) answers each request in a child it forks for it: the
 * limits then count that child's tree, a limit ends only that tree, and the zygote, with the
 * frameworks it has imported, serves the next request. Loading (importing the user's module and
 * its frameworks) has a limit of its own, `loadTimeoutMs`, until the runner says it has started
 * calling (`phase: 'call'`); the check's own limit runs from there.
 */
import type { ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { GRADCHECK_DEFAULTS } from '../../engine/gradcheckDefaults';
import { english, M, msg, render, type Message, type Translate } from '../messages';
import { endedWith, exchange, outcomeOf, RequestQueue } from './exchange';
import type { Outcome, RequestLimits } from './host';
import { descendantsOf, killEach, residentOf } from './processTree';

export type Transport = {
  send(message: unknown): void;
  onMessage(listener: (message: Record<string, unknown>) => void): void;
  /** A line over the channel's limit arrived (and was dropped): the channel can no longer be trusted. */
  onOverflow?(listener: (limitBytes: number) => void): void;
};

export type Spawned = { child: ChildProcess; transport: Transport };

/** Why a runner did not start, as a message to render in the user's language later. */
class StartError extends Error {
  constructor(readonly text: Message) {
    super(render(text));
  }
}

const OUTPUT_KEEP = 8192;

/**
 * What the user's code printed during one check, kept as its first and last 4 KB: the first
 * prints are often the telling ones, and a chatty loss called hundreds of times by the finite
 * differences would otherwise push them out.
 */
class PrintedOutput {
  private head = '';
  private tail = '';
  private dropped = 0;

  add(text: string): void {
    const room = OUTPUT_KEEP / 2 - this.head.length;
    if (room > 0) {
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    const joined = this.tail + text;
    const cut = Math.max(0, joined.length - OUTPUT_KEEP / 2);
    this.dropped += cut;
    this.tail = joined.slice(cut);
  }

  clear(): void {
    this.head = this.tail = '';
    this.dropped = 0;
  }

  text(t: Translate = english): string {
    return this.dropped ? `${this.head}\n${t(M.outputNotShown, this.dropped)}\n${this.tail}` : this.head + this.tail;
  }

  toString(): string {
    return this.text();
  }
}
const MEMORY_POLL_MS = 50;

export class ProcessHost {
  private spawned: Spawned | null = null;
  private ready: Promise<void> | null = null;
  private readonly queue = new RequestQueue();
  private nextId = 1;
  private readonly printed = new PrintedOutput();
  private listeners = new Map<number, (m: Record<string, unknown>) => void>();
  /** The request waiting on `child`, ended if that process exits. */
  private exitListener: { child: ChildProcess; listener: (code: number | null, signal: string | null) => void } | null =
    null;
  /** The request waiting on `child`, ended if its channel overflows. */
  private overflowListener: { child: ChildProcess; listener: (limitBytes: number) => void } | null = null;
  private disposed = false;
  /** How many processes were started: a test can see that a hostile check led to a restart. */
  starts = 0;

  constructor(
    private readonly spawn: () => Spawned,
    /** How long a fresh process may take to say it is ready. */
    private readonly startTimeoutMs = 20_000,
    /** Each request runs in a child the runner forks for it (see the file's comment). */
    private readonly forked = false,
  ) {}

  /** The processes a request's limits count: a forked runner's children and theirs, else the runner's whole tree. */
  private requestTree(child: ChildProcess): number[] {
    if (!child.pid) return [];
    const below = descendantsOf(child.pid);
    return this.forked && below.length ? below : [child.pid, ...below];
  }

  /** Starts the process ahead of the first request (a warm runner answers faster). */
  warm(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return this.ensure().catch(() => undefined);
  }

  private ensure(): Promise<void> {
    if (this.ready && this.spawned && this.spawned.child.exitCode === null && this.spawned.child.signalCode === null)
      return this.ready;
    this.starts++;
    const spawned = this.spawn();
    this.spawned = spawned;
    const child = spawned.child;
    const keep = (chunk: Buffer): void => this.printed.add(chunk.toString('utf8'));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', () => undefined);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new StartError(msg(M.startTimeout, this.startTimeoutMs / 1000)));
        this.kill(child);
      }, this.startTimeoutMs);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const how = signal ?? msg(M.exitCode, String(code));
        const printed = String(this.printed);
        reject(
          new StartError(
            printed ? msg(M.startExitedOutput, how, printed.trim().slice(-2000)) : msg(M.startExited, how),
          ),
        );
      });
      spawned.transport.onMessage((m) => {
        if (m.ready) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const id = typeof m.id === 'number' ? m.id : -1;
        this.listeners.get(id)?.(m);
      });
      // Between requests nobody waits for an answer, but the channel is still out of step: restart.
      spawned.transport.onOverflow?.((limitBytes) =>
        this.overflowListener?.child === child ? this.overflowListener.listener(limitBytes) : this.kill(child),
      );
    });
    child.on('exit', (code, signal) => {
      if (this.spawned?.child === child) this.spawned = null;
      // Only the process a request waits on may end it: a killed predecessor's exit can arrive after
      // the next request started on a fresh process, and must not fail (and kill) that one.
      if (this.exitListener?.child === child) this.exitListener.listener(code, signal);
    });
    return this.ready;
  }

  /** Ends what a failed request left running: a forked runner's children, else the runner itself. */
  private end(child: ChildProcess): void {
    if (this.forked && child.pid && child.exitCode === null && child.signalCode === null) {
      const below = descendantsOf(child.pid);
      if (below.length) {
        killEach(below);
        return;
      }
    }
    this.kill(child);
  }

  private kill(child: ChildProcess): void {
    // Forget it now: its exit event comes later, and the next request must not reuse a dying process.
    if (this.spawned?.child === child) {
      this.spawned = null;
      this.ready = null;
    }
    if (child.exitCode !== null || child.signalCode !== null) return;
    // The whole tree: the process group, and what left it (a new session) but stayed below.
    const below = child.pid ? descendantsOf(child.pid) : [];
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    killEach(below);
  }

  /** Sends one request and waits for its reply, or for the limit that ends it (./exchange). Never rejects. */
  request(
    message: Record<string, unknown>,
    limits: RequestLimits,
    onNote?: (note: Record<string, unknown>) => void,
  ): Promise<Outcome> {
    return this.queue.run(async (): Promise<Outcome> => {
      const started = Date.now();
      // Disposed while this request waited its turn (its file's host replaced, the extension
      // stopping): a process started now would have no owner left to end it.
      if (limits.signal?.aborted || this.disposed) return outcomeOf(started, endedWith({ kind: 'cancelled' }), '');
      try {
        await this.ensure();
      } catch (e) {
        const reason = e instanceof StartError ? e.text : e instanceof Error ? e.message : String(e);
        return outcomeOf(started, endedWith({ kind: 'start', reason }), this.printed.text(limits.t));
      }
      const spawned = this.spawned!;
      const child = spawned.child;
      const id = this.nextId++;
      this.printed.clear();
      const ended = await exchange(limits, onNote, {
        send: () => spawned.transport.send({ ...message, id }),
        listen: (hear) => this.listeners.set(id, hear),
        // The Python zygote says when the child it forked for the request died.
        failureIn: (m) => {
          const exit = m.childExit as { code: number | null; signal: number | null } | undefined;
          return exit
            ? { kind: 'exit', code: exit.code, signal: exit.signal === null ? null : signalName(exit.signal) }
            : null;
        },
        watch: (end) => {
          const maxProcesses = limits.maxProcesses ?? GRADCHECK_DEFAULTS.maxProcesses;
          const poll = setInterval(() => {
            const tree = this.requestTree(child);
            if (tree.length > maxProcesses) return end({ kind: 'processes', limit: maxProcesses, count: tree.length });
            const rss = residentOf(tree);
            if (rss !== null && rss > limits.memoryLimitBytes)
              end({ kind: 'memory', limitBytes: limits.memoryLimitBytes, rssBytes: rss });
          }, MEMORY_POLL_MS);
          this.exitListener = { child, listener: (code, signal) => end({ kind: 'exit', code, signal }) };
          this.overflowListener = { child, listener: (limitBytes) => end({ kind: 'channel', limitBytes }) };
          return () => {
            clearInterval(poll);
            this.exitListener = null;
            this.overflowListener = null;
          };
        },
        ended: (failure) => {
          this.listeners.delete(id);
          // After an overflow the channel may still carry the rest of that line: a fresh process, not just a fresh child.
          if (failure?.kind === 'channel') this.kill(child);
          else if (failure) this.end(child);
          // A process the user's code started (in a session of its own, say) ends with the check: the
          // JS runner itself starts none. (The Python zygote's child ends its own before replying.)
          else if (!this.forked && child.pid) killEach(descendantsOf(child.pid));
        },
      });
      // Let the last output arrive before it is reported.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return outcomeOf(started, ended, this.printed.text(limits.t));
    });
  }

  /** Stops the process (if any). Later requests start a new one, unless the host is disposed. */
  restart(): void {
    if (this.spawned) this.kill(this.spawned.child);
    this.spawned = null;
  }

  dispose(): void {
    this.disposed = true;
    this.restart();
  }
}

/** A signal number as Node names it (9 -> SIGKILL). */
function signalName(n: number): string {
  const names = Object.entries(osConstants.signals);
  return names.find(([, v]) => v === n)?.[0] ?? `signal ${n}`;
}
