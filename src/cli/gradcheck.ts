import { GRADCHECK_SETTINGS } from '../engine/gradcheckDefaults';
import { formatNumber } from '../gradcheck/report';
import { CliFailure, EXIT, parseFlags, UsageError, type ExitCode, type Io } from './io';

/** `gradcheck`'s command line, validated. */
export type GradcheckOptions = {
  files: string[];
  json: boolean;
  /** Check only the function with this name. */
  function?: string;
  /** The Python interpreter for .py files (the checker's default when absent). */
  python?: string;
  /** Time limit per check of one function, in seconds. */
  timeoutSeconds: number;
  /** Time limit on loading a file and its frameworks, in seconds; the checker's default when absent. */
  loadTimeoutSeconds?: number;
  /** Seed of the input synthesis; the checker's default when absent. */
  seed?: number;
  /** `--reference strict`: a loss whose value disagrees with the catalog loss it reads as fails the run. */
  referenceStrict?: boolean;
};

type Verdict = 'pass' | 'fail' | 'error' | 'skipped';

/** One checked function: the record `--json` prints, as the design's CLI contract names it. */
export type GradcheckResult = {
  file: string;
  function: string | null;
  line: number | null;
  language: string;
  verdict: Verdict;
  /** Where the analytic gradient came from: `paired:mse_grad`, `torch.autograd`, `jax.grad`, ... */
  gradient: string | null;
  maxRelError: number | null;
  worst: { index: number[]; analytic: number; numeric: number } | null;
  message: string;
  /** Present when the loss reads as a catalog loss: its value compared with the engine's. */
  reference?: {
    id: string;
    params: Record<string, number | boolean>;
    convention: string;
    agrees: boolean;
    message: string;
  };
};

/**
 * What the grad-check feature plugs in: checks every loss in the files. A file that cannot be
 * loaded yields one `error` result; throwing a CliFailure aborts the whole run with exit code 1.
 */
export type Checker = (options: GradcheckOptions) => Promise<GradcheckResult[]>;

const DEFAULT_TIMEOUT_SECONDS = GRADCHECK_SETTINGS.timeoutSeconds.default;

export const GRADCHECK_USAGE = `Usage: loss-playground gradcheck [--json] [--function NAME] [--python PATH] [--timeout SECONDS] [--load-timeout SECONDS] [--seed N] [--reference strict] FILE...

Checks the analytic gradient of every loss function in the files (Python, TypeScript, JavaScript)
against central finite differences.

  --json               print {"results": [...]} on stdout instead of a report
  --function NAME      check only the function NAME
  --python PATH        the Python interpreter for .py files
  --timeout SECONDS    time limit per check of a function (default ${DEFAULT_TIMEOUT_SECONDS})
  --load-timeout SECONDS
                       time limit on loading a file and its frameworks, before a check's own limit
                       starts (default ${GRADCHECK_SETTINGS.loadTimeoutSeconds.default}: importing torch alone takes seconds)
  --seed N             seed of the random inputs (an integer in [0, 2^32))
  --reference strict   a loss whose value differs from the catalog loss it reads as (its name, its
                       docstring or # gradcheck: ref=ID) fails the run; by default it is reported only

Exit status: 0 all pass, 1 any fail or error (or, with --reference strict, a value that differs from
its reference), 2 usage error, 3 no loss found in any file.
`;

const FLAGS = {
  json: { type: 'boolean' },
  function: { type: 'string' },
  python: { type: 'string' },
  timeout: { type: 'string' },
  'load-timeout': { type: 'string' },
  reference: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses and validates the arguments after `gradcheck`; null means --help was asked for. */
export function parseGradcheckArgs(args: string[]): GradcheckOptions | null {
  const { values, positionals } = parseFlags(args, FLAGS, true);
  if (values.help) return null;
  if (positionals.length === 0) throw new UsageError('gradcheck needs at least one FILE');
  const options: GradcheckOptions = {
    files: positionals,
    json: values.json ?? false,
    timeoutSeconds: values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : timeoutOf('--timeout', values.timeout),
  };
  if (values.reference !== undefined) {
    if (values.reference !== 'strict') throw new UsageError(`--reference takes 'strict', got '${values.reference}'`);
    options.referenceStrict = true;
  }
  if (values['load-timeout'] !== undefined)
    options.loadTimeoutSeconds = timeoutOf('--load-timeout', values['load-timeout']);
  if (values.function !== undefined) options.function = nonEmpty('--function', values.function);
  if (values.python !== undefined) options.python = nonEmpty('--python', values.python);
  if (values.seed !== undefined) options.seed = seedOf(values.seed);
  return options;
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} needs a non-empty value`);
  return value;
}

/** The longest limit a timer can hold (setTimeout's 2^31 − 1 ms), in seconds. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function timeoutOf(flag: string, text: string): number {
  const t = Number(text);
  if (text.trim() === '' || !Number.isFinite(t) || t <= 0)
    throw new UsageError(`${flag} must be a positive number of seconds, got '${text}'`);
  if (t > MAX_TIMEOUT_SECONDS)
    throw new UsageError(`${flag} must be at most ${MAX_TIMEOUT_SECONDS} seconds (about 24 days), got '${text}'`);
  return t;
}

function seedOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n >= 2 ** 32)
    throw new UsageError(`--seed must be an integer in [0, 2^32), got '${text}'`);
  return n;
}

/** Runs the checker, prints its results as JSON or a report, and returns the contract's exit code. */
export async function runGradcheck(options: GradcheckOptions, check: Checker, io: Io): Promise<ExitCode> {
  let results: GradcheckResult[];
  try {
    results = await check(options);
  } catch (e) {
    if (e instanceof CliFailure) {
      io.err(`loss-playground gradcheck: ${e.message}\n`);
      return EXIT.failure;
    }
    throw e;
  }
  io.out(options.json ? JSON.stringify({ results: results.map(contractFields) }) + '\n' : report(results));
  if (results.length === 0) {
    io.err(
      `loss-playground gradcheck: no loss function found in ${options.files.length === 1 ? options.files[0] : `any of the ${options.files.length} files`} (exit status 3)\n`,
    );
    return EXIT.noLoss;
  }
  const referenceFails = options.referenceStrict === true && results.some((r) => r.reference?.agrees === false);
  return referenceFails || results.some((r) => r.verdict === 'fail' || r.verdict === 'error') ? EXIT.failure : EXIT.ok;
}

/** Exactly the contract's fields: a checker may carry more (recipe, inputs, timings) for the log and the lens. */
function contractFields(r: GradcheckResult): GradcheckResult {
  const { file, function: fn, line, language, verdict, gradient, maxRelError, worst, message, reference } = r;
  return {
    file,
    function: fn,
    line,
    language,
    verdict,
    gradient,
    maxRelError,
    worst: worst && { index: worst.index, analytic: worst.analytic, numeric: worst.numeric },
    message,
    ...(reference
      ? {
          reference: {
            id: reference.id,
            params: reference.params,
            convention: reference.convention,
            agrees: reference.agrees,
            message: reference.message,
          },
        }
      : {}),
  };
}

const MARK: Record<Verdict, string> = { pass: '✓', fail: '✗', error: '!', skipped: '-' };

/** One line per function, then a count of each verdict. */
function report(results: GradcheckResult[]): string {
  const lines = results.map((r) => {
    const where = `${r.file}${r.line === null ? '' : `:${r.line}`}${r.function === null ? '' : ` ${r.function}`}`;
    return `${MARK[r.verdict]} ${r.verdict.padEnd(7)} ${printable(where)}: ${printable(detail(r))}`;
  });
  const count = (v: Verdict): number => results.filter((r) => r.verdict === v).length;
  lines.push(
    `gradcheck: ${count('pass')} pass, ${count('fail')} fail, ${count('error')} error, ${count('skipped')} skipped`,
  );
  return lines.join('\n') + '\n';
}

function detail(r: GradcheckResult): string {
  const parts: string[] = [];
  if (r.verdict === 'fail' && r.worst) {
    parts.push(
      `mismatch at [${r.worst.index.join(', ')}]: analytic ${fmt(r.worst.analytic)} vs numeric ${fmt(r.worst.numeric)}`,
    );
  }
  if (r.maxRelError !== null) parts.push(`max rel err ${fmt(r.maxRelError)}`);
  if (r.gradient) parts.push(`gradient from ${r.gradient}`);
  if (r.message) parts.push(r.message);
  return parts.join('; ');
}

const fmt = (x: number): string => formatNumber(x, { expDigits: 2, asciiMinus: true });

// The C0 and C1 control characters, but tab and line feed.
// eslint-disable-next-line no-control-regex -- control characters are what it is for
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * User text (an exception's message, a file name) without terminal control characters: escape
 * sequences in it could otherwise redraw the terminal, e.g. paint a fake green "✓ pass" line.
 * `--json` keeps the text as it is (JSON escapes them itself).
 */
function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
