/**
 * Starting the runner processes. Both are persistent and own a process group (so a kill takes
 * whatever the user's code started). Results travel on a channel of their own: Node's IPC for the
 * JS child, a socket on fd 3 for the Python driver; stdout and stderr only carry the user's prints.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Spawned, Transport } from './processHost';

/** Where the runner scripts are: beside the bundle (dist/), or in src/ when running from source. */
function locate(bundled: string, source: string): { file: string; fromSource: boolean } {
  // In the bundle __dirname is dist/; from source (tsx) it is src/gradcheck/runners.
  const fromSource = __filename.endsWith('.ts');
  if (!fromSource) {
    const file = path.join(__dirname, bundled);
    if (existsSync(file)) return { file, fromSource: false };
  }
  return { file: path.join(__dirname, source), fromSource: true };
}

function jsChildPath(): { file: string; fromSource: boolean } {
  return locate('gradcheck-js-child.js', 'jsChild.ts');
}

function pythonDriverPath(): string {
  return locate(path.join('gradcheck_python', 'driver.py'), path.join('..', 'python', 'driver.py')).file;
}

export function spawnJsRunner(memoryLimitBytes: number): Spawned {
  const { file, fromSource } = jsChildPath();
  const heapMb = Math.max(64, Math.floor(memoryLimitBytes / (1024 * 1024)));
  const child = fork(file, [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
    serialization: 'json',
    // The JS heap limit stops a plain-object bomb early with a clear V8 message; typed arrays
    // live outside the heap, which is why the host also watches resident memory.
    execArgv: [...(fromSource ? ['--import', 'tsx'] : []), `--max-old-space-size=${heapMb}`],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const transport: Transport = {
    send: (m) => void child.send(m as object),
    onMessage: (l) => void child.on('message', (m) => l(m as Record<string, unknown>)),
  };
  return { child, transport };
}

/**
 * The longest line the Python driver's channel carries, 16 MiB: far above any reply (a check's
 * numbers are about 1 MB), and what the host may hold of a line a runner writes without end.
 */
export const MAX_CHANNEL_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Splits a byte stream into lines, scanning each chunk once, so the work is linear in what
 * arrives (searching a growing buffer from its start for each chunk was quadratic: 18 s for a
 * 32 MB line). A line is decoded whole, so a character split between chunks stays intact. A line
 * over `maxBytes` is dropped as it passes the limit, not kept to its end: `onOverlong` hears of it
 * then, once, and its bytes are discarded up to its line end.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private dropping = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      if (!this.dropping && this.size + (end - start) > this.maxBytes) {
        this.dropping = true;
        this.parts = [];
        this.onOverlong();
      }
      if (!this.dropping) this.parts.push(chunk.subarray(start, end));
      this.size += end - start;
      if (nl < 0) return;
      const line = this.dropping ? null : Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.size = 0;
      this.dropping = false;
      if (line !== null) this.onLine(line);
      start = nl + 1;
    }
  }
}

export function spawnPythonRunner(python: string): Spawned {
  const child = spawn(python, ['-u', pythonDriverPath()], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
  });
  const channel = child.stdio[3] as unknown as Readable & Writable;
  const listeners: ((m: Record<string, unknown>) => void)[] = [];
  const overflow: ((limitBytes: number) => void)[] = [];
  const lines = new LineSplitter(
    MAX_CHANNEL_LINE_BYTES,
    (line) => {
      if (!line.trim()) return;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return; // not ours: only the driver writes here
      }
      if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
      for (const l of listeners) l(message as Record<string, unknown>);
    },
    () => {
      for (const l of overflow) l(MAX_CHANNEL_LINE_BYTES);
    },
  );
  channel.on('data', (chunk: Buffer) => lines.push(chunk));
  channel.on('error', () => undefined);
  const transport: Transport = {
    send: (m) => void channel.write(JSON.stringify(m) + '\n'),
    onMessage: (l) => void listeners.push(l),
    onOverflow: (l) => void overflow.push(l),
  };
  return { child, transport };
}
