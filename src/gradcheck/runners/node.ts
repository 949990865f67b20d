/**
 * The runners on Node (the desktop, a remote window, a Codespace, the CLI): persistent processes
 * with time, memory and process-count limits (./processHost), Python by the interpreter asked for.
 */
import type { Runners } from './host';
import { PerFileHost } from './perFile';
import { ProcessHost } from './processHost';
import { spawnJsRunner, spawnPythonRunner } from './spawn';

export const nodeRunners: Runners = {
  // A fresh process per file (./perFile), so no file's changes to the runtime reach another's checks.
  js: (memoryLimitBytes) => new PerFileHost(() => new ProcessHost(() => spawnJsRunner(memoryLimitBytes))),
  // The Python driver is a zygote: each request runs in a child it forks (see ProcessHost).
  python: (interpreter) => new ProcessHost(() => spawnPythonRunner(interpreter), undefined, true),
  unavailable: () => null,
};
