import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes: stdout for results, stderr for people. Injected so commands are testable in-process. */
export type Io = { out: (text: string) => void; err: (text: string) => void };

/** Exit codes of the CLI contract. */
/** `noLoss`: gradcheck found no loss in any file (a CI gate must not pass on nothing, as pytest's "no tests collected"). */
export const EXIT = { ok: 0, failure: 1, usage: 2, noLoss: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A bad command line: the message goes to stderr with the command's usage, and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure to report in one line on stderr, exit code 1 (no stack trace: it is not a bug). */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into one-line UsageErrors. */
export function parseFlags<O extends Options>(args: string[], options: O, positionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new UsageError(message.replace(/\s*\n\s*/g, ' '));
  }
}
