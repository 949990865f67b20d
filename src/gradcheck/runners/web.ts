/**
 * The runners in a browser (vscode.dev, github.dev): JS/TS in a Web Worker (./workerHost.ts), with
 * the same time limits as on the desktop and no memory limit (a worker's memory cannot be limited);
 * Python cannot run there, so its checks are skipped with a message that says where it runs.
 */
import { M, msg } from '../messages';
import type { Outcome, RunnerHost, Runners } from './host';
import { PerFileHost } from './perFile';
import { WorkerHost, type WorkerLike } from './workerHost';

const pythonNeedsDesktop = msg(M.pythonNeedsDesktop);

/** `startWorker`: a Web Worker running dist/web/gradcheck-worker.js (see src/extensionWeb.ts). */
export function webRunners(startWorker: () => Promise<WorkerLike>): Runners {
  return {
    // A fresh worker per file, as a fresh process on Node: one file's patches of Math or a
    // prototype cannot reach another's checks.
    js: () => new PerFileHost(() => new WorkerHost(startWorker)),
    python: () => unavailableHost,
    unavailable: (language) => (language === 'python' ? pythonNeedsDesktop : null),
  };
}

/** Answers every request with the reason it cannot run here (the checker asks `unavailable` first). */
const unavailableHost: RunnerHost = {
  request: async (): Promise<Outcome> => ({
    reply: null,
    failure: { kind: 'start', reason: pythonNeedsDesktop },
    output: '',
    phase: null,
    durationMs: 0,
    loadMs: 0,
  }),
  warm: async () => undefined,
  starts: 0,
  dispose: () => undefined,
};
