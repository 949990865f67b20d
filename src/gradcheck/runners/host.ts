/**
 * Where user code runs, as the checker sees it: one host per runner (a process on the desktop, a
 * Web Worker in the browser), each answering one request at a time under its limits. The entry
 * point chooses the `Runners` (./node.ts for Node, ./web.ts for vscode.dev); the checker and
 * everything above it only know this interface, so the browser bundle carries no Node module.
 */
import type { Arg, Message, Translate } from '../messages';
import type { SourceLanguage } from '../../syntax/sourceLanguage';

/** Why a request produced no reply. */
export type Failure =
  | { kind: 'timeout'; seconds: number; during: 'load' | 'check' }
  | { kind: 'memory'; limitBytes: number; rssBytes: number }
  /** The runner wrote a line longer than its channel's limit: garbage, not a reply. */
  | { kind: 'channel'; limitBytes: number }
  | { kind: 'processes'; limit: number; count: number }
  | { kind: 'exit'; code: number | null; signal: string | null }
  | { kind: 'cancelled' }
  /** `reason`: ours as a message, or the system's own text (`spawn python3 ENOENT`). */
  | { kind: 'start'; reason: Arg };

/** `loadMs`: the time until the runner started calling the user's code (loading the module and its frameworks). */
export type Outcome = {
  reply: Record<string, unknown> | null;
  failure: Failure | null;
  output: string;
  phase: string | null;
  durationMs: number;
  loadMs: number;
};

export type RequestLimits = {
  /** For the check itself, from the runner's `call` phase on (all of it when loadTimeoutMs is unset). */
  timeoutMs: number;
  /** For loading, until the runner's `call` phase: importing torch alone takes seconds. */
  loadTimeoutMs?: number;
  memoryLimitBytes: number;
  /** The most processes the request's tree may have (default GRADCHECK_DEFAULTS.maxProcesses). */
  maxProcesses?: number;
  signal?: AbortSignal;
  /** For the note this host puts into the printed output it reports (default English). */
  t?: Translate;
};

/** A runner that answers requests: never rejects; a limit, a crash or a cancel is an Outcome's failure. */
export interface RunnerHost {
  request(
    message: Record<string, unknown>,
    limits: RequestLimits,
    onNote?: (note: Record<string, unknown>) => void,
  ): Promise<Outcome>;
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
