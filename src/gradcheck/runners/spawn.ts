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

export function jsChildPath(): { file: string; fromSource: boolean } {
  return locate('gradcheck-js-child.js', 'jsChild.ts');
}

export function pythonDriverPath(): string {
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

export function spawnPythonRunner(python: string): Spawned {
  const child = spawn(python, ['-u', pythonDriverPath()], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
  });
  const channel = child.stdio[3] as unknown as Readable & Writable;
  let buffered = '';
  const listeners: ((m: Record<string, unknown>) => void)[] = [];
  channel.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.trim()) continue;
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // not ours: only the driver writes here
      }
      for (const l of listeners) l(message);
    }
  });
  channel.on('error', () => undefined);
  const transport: Transport = {
    send: (m) => void channel.write(JSON.stringify(m) + '\n'),
    onMessage: (l) => void listeners.push(l),
  };
  return { child, transport };
}
