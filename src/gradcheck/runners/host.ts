/**
 * Where user code runs, as the checker sees it: one host per runner (a process on the desktop, a
 * Web Worker in the browser), each answering one request at a time under its limits. The entry
 * point chooses the `Runners` (./node.ts for Node, ./web.ts for vscode.dev); the checker and
 * everything above it only know this interface, so the browser bundle carries no Node module.
 */
import type { Message } from '../messages';
import type { SourceLanguage } from '../../syntax/sourceLanguage';
import type { Outcome, RequestLimits } from './processHost';

export type { Failure, Outcome, RequestLimits } from './processHost';

/** A runner that answers requests: never rejects; a limit, a crash or a cancel is an Outcome's failure. */
export interface RunnerHost {
  request(message: Record<string, unknown>, limits: RequestLimits, onNote?: (note: Record<string, unknown>) => void): Promise<Outcome>;
  /** Starts the runner ahead of the first request. */
  warm(): Promise<void>;
  /** How many times a runner was started (a killed one is replaced on the next request). */
  readonly starts: number;
  dispose(): void;
}

/** The runners of one platform. The checker keeps the hosts it makes and disposes of them. */
export interface Runners {
  /** The JS/TS runner; `memoryLimitBytes` where the platform can enforce it. */
  js(memoryLimitBytes: number): RunnerHost;
  /** The Python runner for an interpreter. Called only when `unavailable('python')` is null. */
  python(interpreter: string): RunnerHost;
  /** Why checks of a language cannot run here (Python in a browser), as a message; null when they can. */
  unavailable(language: SourceLanguage): Message | null;
}
