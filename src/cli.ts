/**
 * `loss-playground eval | list | gradcheck | lint`: the engine from a shell, no VS Code. The contract
 * (JSON lines, exit codes 0/1/2) is in the design's "CLI" section.
 */
import { version } from '../package.json';
import { listLosses } from './engine';
import { MAX_LINE_BYTES, serveEval } from './cli/eval';
import { GRADCHECK_USAGE, parseGradcheckArgs, runGradcheck, type Checker } from './cli/gradcheck';
import { checkFiles, stopRunners } from './gradcheck/batch';
import { CliFailure, EXIT, parseFlags, UsageError, type ExitCode, type Io } from './cli/io';
import { LINT_USAGE, parseLintArgs, runLint } from './cli/lint';

/** The grad-check feature's checker (src/gradcheck): discovery, runners, verdicts. */
const checker: Checker = checkFiles;

const EVAL_USAGE = `Usage: loss-playground eval < requests.jsonl

Reads JSON lines on stdin, one request each:
  {"id": 1, "loss": "mse", "input": [1, 2], "target": [0, 0], "params": {}, "reduction": "mean"}
and writes one JSON line for each, in order:
  {"id": 1, "loss": 2.5, "grad": [1, 2]}      or      {"id": 1, "error": "line 1: ..."}
id and params are optional; reduction is none | mean | sum | batchmean (default: the loss's own).
With reduction none, loss is an array; grad is the gradient of the sum. Blank lines are skipped,
a bad line gets an error answer and the next line is served. A line may be at most
${MAX_LINE_BYTES / (1024 * 1024)} MiB (${MAX_LINE_BYTES} bytes); a longer one is answered with an error naming the limit
and skipped, and the next line is served. Exit status 0 once stdin has ended.
`;

const LIST_USAGE = `Usage: loss-playground list [--pretty]

Prints the loss catalog as JSON: every id with its title, parameters (defaults and ranges),
reductions, TeX formulas and notes. --pretty indents it.
`;

const USAGE = `loss-playground: loss functions and their gradients, from the Loss Playground engine

Usage:
  loss-playground eval                 JSON-lines requests on stdin -> {id, loss, grad} lines
  loss-playground list [--pretty]      the loss catalog as JSON
  loss-playground gradcheck [--json] [--function NAME] [--python PATH] [--timeout SECONDS] [--load-timeout SECONDS] [--seed N] [--reference strict] FILE...
                                       check the gradients of the losses in your files
  loss-playground lint [--json] FILE...
                                       find framework misuse (softmax before cross-entropy, ...)
  loss-playground COMMAND --help       help on one command
  loss-playground --version

Exit status: 0 success, 1 failure (gradcheck: any fail or error; lint: any finding), 2 usage error, 3 gradcheck found no loss.
`;

type Command = { usage: string; run(args: string[], io: Io): Promise<ExitCode> };

const COMMANDS: Record<string, Command> = {
  eval: {
    usage: EVAL_USAGE,
    async run(args) {
      parseFlags(args, {}, false);
      if (process.stdin.isTTY) process.stderr.write('Reading JSON lines from stdin (Ctrl-D ends).\n');
      await serveEval(process.stdin, process.stdout);
      return EXIT.ok;
    },
  },
  list: {
    usage: LIST_USAGE,
    async run(args, io) {
      const { values } = parseFlags(args, { pretty: { type: 'boolean' } }, false);
      io.out(JSON.stringify(listLosses(), null, values.pretty ? 2 : undefined) + '\n');
      return EXIT.ok;
    },
  },
  gradcheck: {
    usage: GRADCHECK_USAGE,
    async run(args, io) {
      const options = parseGradcheckArgs(args);
      if (options === null) return help(GRADCHECK_USAGE, io);
      return runGradcheck(options, checker, io);
    },
  },
  lint: {
    usage: LINT_USAGE,
    async run(args, io) {
      const options = parseLintArgs(args);
      if (options === null) return help(LINT_USAGE, io);
      return runLint(options, io);
    },
  },
};

/** The arguments before a `--`, after which everything is a file name. */
function optionsPart(args: string[]): string[] {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
}

function help(text: string, io: Io): ExitCode {
  io.out(text);
  return EXIT.ok;
}

/** Runs one command line and returns its exit code; usage errors print the relevant help on stderr. */
export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') return help(USAGE, io);
  if (name === '--version') {
    io.out(`${version}\n`);
    return EXIT.ok;
  }
  const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (name === undefined || !command) {
    const problem =
      name === undefined
        ? 'a command is needed'
        : name.startsWith('-')
          ? `unknown option '${name}'`
          : `unknown command '${name}'`;
    io.err(`loss-playground: ${problem}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (optionsPart(rest).some((a) => a === '--help' || a === '-h')) return help(command.usage, io);
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`loss-playground ${name}: ${e.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    if (e instanceof CliFailure) {
      io.err(`loss-playground ${name}: ${e.message}\n`);
      return EXIT.failure;
    }
    throw e;
  }
}

/** A reader that goes away (`| head`) closes the pipe: stop quietly, it has what it wanted. */
function exitOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
}

if (require.main === module) {
  exitOnClosedPipe(process.stdout);
  exitOnClosedPipe(process.stderr);
  const io: Io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };
  // Ctrl-C or a CI's SIGTERM: end the runners' process trees (their own parent-death signal and
  // the runner-host's kill cover the rest), then go.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      stopRunners();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  main(process.argv.slice(2), io).then(
    (code) => {
      // Exit once the results are written, whatever a user's escaped process still holds open.
      process.stdout.write('', () => process.exit(code));
    },
    (e: unknown) => {
      process.stderr.write(
        `loss-playground: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = EXIT.failure;
    },
  );
}
