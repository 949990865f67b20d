import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const CORPUS = path.join(__dirname, '..', 'gradcheck-corpus');

/**
 * An interpreter with NumPy (and whether it has torch). Debian's /usr/bin/python3 first: the first
 * python3 on PATH may be a pyenv one without NumPy. Null when none is found; under CI=true that is a
 * failure of the test run, not a skip.
 */
export function findPython(): { python: string; torch: boolean } | null {
  for (const python of [process.env.LOSS_PLAYGROUND_PYTHON, '/usr/bin/python3', 'python3', 'python'].filter(
    (p): p is string => !!p,
  )) {
    try {
      const out = execFileSync(
        python,
        ['-c', 'import numpy\ntry:\n    import torch; print("torch")\nexcept Exception:\n    print("numpy")'],
        { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      return { python, torch: out.trim().endsWith('torch') };
    } catch {
      // next candidate
    }
  }
  return null;
}

/** Call in a describe body: skips (locally) or fails (CI=true) when Python with NumPy is missing. */
export function requirePython(
  ctx: Mocha.Context,
  found: ReturnType<typeof findPython>,
  needTorch = false,
): { python: string; torch: boolean } {
  const missing = !found
    ? 'no Python interpreter with NumPy (tried /usr/bin/python3, python3, python)'
    : needTorch && !found.torch
      ? `${found.python} has no torch`
      : null;
  if (missing) {
    if (process.env.CI === 'true') throw new Error(`${missing}: CI must install python3-numpy and python3-torch`);
    ctx.skip();
  }
  return found!;
}

/** Live processes (zombies left out) whose command line contains `marker`, from /proc. */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.includes(marker) && state !== 'Z') pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * processesWith after giving a killed process up to `ms` to end: one sent SIGKILL still runs until
 * the scheduler lets it exit, which on a busy machine takes tens of milliseconds. A process nobody
 * killed is still there after it (the test escapees sleep for minutes).
 */
export async function survivorsWith(marker: string, ms = 5000): Promise<number[]> {
  const until = Date.now() + ms;
  let alive = processesWith(marker);
  while (alive.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
    alive = processesWith(marker);
  }
  return alive;
}
