/**
 * A runner's process tree, read from /proc (Linux): what the memory and process limits count and
 * what a kill ends. Descendants are found by parent links, so a process the user's code started in
 * a session of its own still counts: the Python runner is a child subreaper (lp_isolation.py), so
 * such processes stay below it. Where /proc is missing, each function sees only the root.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid -> live child pids (zombies left out). */
function childrenMap(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return map;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') continue;
    const parent = Number(ppid);
    const list = map.get(parent);
    if (list) list.push(Number(name));
    else map.set(parent, [Number(name)]);
  }
  return map;
}

/** Live processes below `pid`. */
export function descendantsOf(pid: number): number[] {
  const children = childrenMap();
  const out: number[] = [];
  const todo = [...(children.get(pid) ?? [])];
  while (todo.length) {
    const p = todo.pop()!;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Resident memory of a process, from /proc. Null where /proc is not there. */
function residentBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The summed resident memory of these processes (those that have exited count 0). */
export function residentOf(pids: readonly number[]): number | null {
  let total: number | null = null;
  for (const pid of pids) {
    const rss = residentBytes(pid);
    if (rss !== null) total = (total ?? 0) + rss;
  }
  return total;
}

/** SIGKILL each process; ones that have already exited are skipped. */
export function killEach(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
