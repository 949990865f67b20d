// Child processes that can never outlive us and never hang.
//
// Every long-lived child (code-server, a build watcher) is spawned `detached`, so it leads its own
// process group and everything it forks (extension hosts, pty host, file watcher) can be stopped
// with one signal to the group. A group is "adopted" here until it is stopped; adopted groups are
// killed when this process exits, on SIGINT/SIGTERM/SIGHUP, and on an uncaught error. When
// LOSS_PLAYGROUND_PIDS_DIR is set (scripts/test.mjs sets it), each adopted group is also recorded
// there as a file named by its id, so the parent can kill it even if we die by SIGKILL.
import { spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const adopted = new Map<number, string>();
const exitTasks = new Set<() => void>();
let handlersInstalled = false;
let shuttingDown = false;

/** True once a signal asked us to stop: children dying now are not news. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

/**
 * Runs `task` (synchronous: nothing asynchronous runs on the way out) when this process exits,
 * after adopted groups are killed. Returns a function that cancels it.
 */
export function atExit(task: () => void): () => void {
  installHandlers();
  exitTasks.add(task);
  return () => exitTasks.delete(task);
}

/**
 * Keeps a process group under watch until `killGroup` stops it. `leaves` are folders the group
 * works in, for scripts/test.mjs to delete if we die before we can (they are recorded with it).
 */
export function adoptGroup(pgid: number, label: string, leaves: string[] = []): void {
  installHandlers();
  adopted.set(pgid, label);
  const dir = process.env.LOSS_PLAYGROUND_PIDS_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, String(pgid)), [label, ...leaves.map((l) => `remove ${l}`)].join('\n') + '\n');
  }
}

function forget(pgid: number): void {
  adopted.delete(pgid);
  const dir = process.env.LOSS_PLAYGROUND_PIDS_DIR;
  if (dir) rmSync(join(dir, String(pgid)), { force: true });
}

/**
 * True while any process of the group is alive. Zombies do not count: they have exited and only
 * wait for their parent (or init, which may be slow here) to collect them.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  return groupMembers(pgid).length > 0;
}

/** Live (not zombie) processes of a group, as `pid command`, from /proc. */
export function groupMembers(pgid: number): string[] {
  const out: string[] = [];
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses: parse after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z' || state === 'X') continue;
      out.push(`${name} ${readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 120)}`);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the whole group, SIGKILL after `graceMs` if anything of it is still alive. */
export async function killGroup(pgid: number, graceMs = 5000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    const hard = Date.now() + 2000;
    while (groupAlive(pgid) && Date.now() < hard) await sleep(50);
  }
  forget(pgid);
}

/** Kills every adopted group at once; used on the way out, where nothing asynchronous may run. */
export function killAllGroupsNow(): void {
  for (const pgid of [...adopted.keys()]) {
    signalGroup(pgid, 'SIGKILL');
    forget(pgid);
  }
}

export async function killAllGroups(graceMs = 3000): Promise<void> {
  await Promise.all([...adopted.keys()].map((pgid) => killGroup(pgid, graceMs)));
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    killAllGroupsNow();
    for (const task of exitTasks) {
      try {
        task();
      } catch {
        // best effort on the way out
      }
    }
  });
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(codes) as Array<[NodeJS.Signals, number]>) {
    process.once(signal, () => {
      shuttingDown = true;
      if (adopted.size) console.error(`\n${signal}: stopping ${[...adopted.values()].join(', ')}`);
      // Give the groups a moment to shut down cleanly, but never wait long on the way out.
      void killAllGroups(1500).finally(() => process.exit(code));
    });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class CommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (whole group) after this long; the returned promise rejects saying so. */
  timeoutMs: number;
  /** Output goes here (appended) instead of being kept in memory only. */
  logFile?: string;
  /** Echo output to our stdout/stderr as it comes. */
  echo?: boolean;
}

/**
 * Runs a command to completion with a time limit. Resolves with its output when it exits 0;
 * rejects with a CommandError carrying the last part of the output otherwise.
 */
export function runCommand(command: string, args: string[], opts: RunOptions): Promise<string> {
  const label = [command, ...args].join(' ');
  const logFd = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
  const spawnOpts: SpawnOptions = {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, spawnOpts);
    let output = '';
    const keep = (chunk: Buffer, stream: NodeJS.WriteStream): void => {
      const text = chunk.toString();
      output = (output + text).slice(-200_000);
      if (logFd !== undefined) writeFileSync(logFd, text);
      if (opts.echo) stream.write(text);
    };
    child.stdout?.on('data', (c: Buffer) => keep(c, process.stdout));
    child.stderr?.on('data', (c: Buffer) => keep(c, process.stderr));
    if (child.pid !== undefined) adoptGroup(child.pid, label);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) void killGroup(child.pid, 3000);
    }, opts.timeoutMs);
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      if (logFd !== undefined) closeSync(logFd);
      // The command itself is done; make sure nothing it started in its group lingers.
      const done = child.pid !== undefined ? killGroup(child.pid, 1000) : Promise.resolve();
      void done.then(() => (err ? reject(err) : resolve(output)));
    };
    child.on('error', (e) => finish(new CommandError(`could not run ${command}: ${e.message}`, output)));
    child.on('exit', (code, signal) => {
      if (timedOut) {
        finish(
          new CommandError(
            `${label} did not finish within ${Math.round(opts.timeoutMs / 1000)} s and was stopped`,
            output,
          ),
        );
      } else if (code !== 0) {
        finish(new CommandError(`${label} failed (${signal ?? `exit code ${code}`})`, output));
      } else {
        finish();
      }
    });
  });
}

/** Last `lines` lines of a text, for error messages. */
export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function tailFile(file: string, lines = 30): string {
  try {
    return tail(readFileSync(file, 'utf8'), lines);
  } catch {
    return '';
  }
}

/** Direct children of this process (by /proc), for adopting processes a library spawned. */
export function childPids(): number[] {
  const out: number[] = [];
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
