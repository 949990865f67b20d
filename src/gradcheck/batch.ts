/**
 * A batch of files checked in turn by one GradChecker, its runner processes stopped at the end so
 * the process can exit: what `loss-playground gradcheck` runs (src/cli/gradcheck.ts reads the
 * command line and prints; src/cli.ts plugs this in).
 */
import { GRADCHECK_DEFAULTS } from '../engine/gradcheckDefaults';
import { GradChecker } from './checker';
import { nodeRunners } from './runners/node';
import type { CheckResult } from './types';

/** The command line's options, as src/cli/gradcheck.ts validates them. */
export type BatchOptions = {
  files: string[];
  function?: string;
  python?: string;
  timeoutSeconds: number;
  loadTimeoutSeconds?: number;
  seed?: number;
};

/** The checkers of runs in progress, so a signal handler can end their runners. */
const running = new Set<GradChecker>();

/** Ends every runner process (tree) of the runs in progress: for Ctrl-C and SIGTERM. */
export function stopRunners(): void {
  for (const checker of running) checker.dispose();
  running.clear();
}

export async function checkFiles(options: BatchOptions): Promise<CheckResult[]> {
  const checker = new GradChecker(nodeRunners);
  running.add(checker);
  try {
    const results: CheckResult[] = [];
    for (const file of options.files) {
      results.push(
        ...(await checker.checkFile(file, {
          timeoutMs: options.timeoutSeconds * 1000,
          ...(options.loadTimeoutSeconds !== undefined ? { loadTimeoutMs: options.loadTimeoutSeconds * 1000 } : {}),
          python: options.python ?? GRADCHECK_DEFAULTS.python,
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.function !== undefined ? { function: options.function } : {}),
        })),
      );
    }
    return results;
  } finally {
    running.delete(checker);
    checker.dispose();
  }
}
