// Mocha results as JSON lines in a file: how a suite running inside VS Code's extension host (whose
// console is not our stdout) tells the runner outside what happened, test by test.
//
// Inside: `mocha.reporter(eventsReporter(file, Mocha.reporters.Base))` appends one event per line, synchronously,
// so whatever happened before a crash is on disk. Outside: `EventPrinter` turns the lines back into
// mocha's spec output, with the usual counts.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type Mocha from 'mocha';
import type { Runner, Suite, Test } from 'mocha';

export type MochaEvent =
  | { type: 'start'; total: number }
  | { type: 'suite'; title: string; depth: number }
  | { type: 'pass'; title: string; fullTitle: string; depth: number; duration: number; slow: boolean }
  | { type: 'fail'; title: string; fullTitle: string; depth: number; message: string; stack: string }
  | { type: 'pending'; title: string; fullTitle: string; depth: number }
  | { type: 'end'; passed: number; failed: number; pending: number; duration: number };

export interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

function depthOf(s: Suite | undefined): number {
  let d = 0;
  for (let p = s; p && !p.root; p = p.parent) d++;
  return d;
}

/**
 * A mocha reporter class that writes MochaEvents to `file` (truncated first). `Base` is passed in
 * so this module does not load mocha itself (the suite's bundle takes mocha from node_modules).
 */
export function eventsReporter(file: string, Base: typeof Mocha.reporters.Base): Mocha.ReporterConstructor {
  return class EventsReporter extends Base {
    constructor(runner: Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      writeFileSync(file, '');
      const emit = (e: MochaEvent): void => appendFileSync(file, JSON.stringify(e) + '\n');
      const started = Date.now();
      const counts: Counts = { passed: 0, failed: 0, pending: 0 };
      runner.on('start', () => emit({ type: 'start', total: runner.total }));
      runner.on('suite', (s: Suite) => {
        if (!s.root) emit({ type: 'suite', title: s.title, depth: depthOf(s) });
      });
      runner.on('pass', (t: Test) => {
        counts.passed++;
        emit({
          type: 'pass',
          title: t.title,
          fullTitle: t.fullTitle(),
          depth: depthOf(t.parent),
          duration: t.duration ?? 0,
          slow: (t.duration ?? 0) > t.slow(),
        });
      });
      runner.on('fail', (t: Test, err: Error) => {
        counts.failed++;
        emit({
          type: 'fail',
          title: t.title,
          fullTitle: t.fullTitle(),
          depth: depthOf(t.parent),
          message: String(err?.message ?? err),
          stack: String(err?.stack ?? ''),
        });
      });
      runner.on('pending', (t: Test) => {
        counts.pending++;
        emit({ type: 'pending', title: t.title, fullTitle: t.fullTitle(), depth: depthOf(t.parent) });
      });
      runner.once('end', () => emit({ type: 'end', ...counts, duration: Date.now() - started }));
    }
  };
}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
const green = (s: string): string => paint(32, s);
const red = (s: string): string => paint(31, s);
const cyan = (s: string): string => paint(36, s);
const grey = (s: string): string => paint(90, s);

/** Prints MochaEvents the way mocha's spec reporter does, and keeps the counts. */
export class EventPrinter {
  readonly counts: Counts = { passed: 0, failed: 0, pending: 0 };
  private failures: Array<Extract<MochaEvent, { type: 'fail' }>> = [];
  private ended: Extract<MochaEvent, { type: 'end' }> | undefined;
  private readonly started = Date.now();

  constructor(private readonly write: (line: string) => void = (l) => console.log(l)) {}

  get done(): boolean {
    return this.ended !== undefined;
  }

  feed(e: MochaEvent): void {
    const pad = (d: number): string => '  '.repeat(d);
    switch (e.type) {
      case 'start':
        break;
      case 'suite':
        this.write(`${e.depth === 1 ? '\n' : ''}${pad(e.depth)}${e.title}`);
        break;
      case 'pass':
        this.counts.passed++;
        reportProgress('passed', e.fullTitle);
        this.write(`${pad(e.depth + 1)}${green('✔')} ${grey(e.title)}${e.slow ? red(` (${e.duration}ms)`) : ''}`);
        break;
      case 'fail':
        this.counts.failed++;
        reportProgress('failed', e.fullTitle);
        this.failures.push(e);
        this.write(`${pad(e.depth + 1)}${red(`${this.failures.length}) ${e.title}`)}`);
        break;
      case 'pending':
        this.counts.pending++;
        reportProgress('pending', e.fullTitle);
        this.write(`${pad(e.depth + 1)}${cyan(`- ${e.title}`)}`);
        break;
      case 'end':
        this.ended = e;
        break;
    }
  }

  /** Mocha's epilogue: counts, then each failure with its stack. */
  epilogue(durationMs = this.ended?.duration ?? Date.now() - this.started): void {
    const c = this.counts;
    this.write('');
    this.write(`  ${green(`${c.passed} passing`)} ${grey(`(${Math.round(durationMs)}ms)`)}`);
    if (c.pending) this.write(`  ${cyan(`${c.pending} pending`)}`);
    if (c.failed) this.write(`  ${red(`${c.failed} failing`)}`);
    this.failures.forEach((f, i) => {
      this.write('');
      this.write(`  ${i + 1}) ${f.fullTitle}:`);
      this.write(red(`     ${f.message}`));
      const stack = f.stack
        .split('\n')
        .filter((l) => /^\s+at /.test(l))
        .slice(0, 8);
      for (const l of stack) this.write(grey(`  ${l.trim().replace(/^/, '    ')}`));
    });
    this.write('');
  }
}

/** Parses the complete lines of a growing events file; `consumed` is how much of `text` they took. */
function parseEvents(text: string): { events: MochaEvent[]; consumed: number } {
  const end = text.lastIndexOf('\n') + 1;
  const events = text
    .slice(0, end)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as MochaEvent);
  return { events, consumed: end };
}

/** A run that ended without its 'end' event (the host died, the time ran out), with what it had. */
export class RunAborted extends Error {
  constructor(
    message: string,
    readonly counts: Counts,
  ) {
    super(message);
  }
}

/**
 * Tells scripts/test.mjs a test has finished (LOSS_PLAYGROUND_PROGRESS): its watchdog stops a
 * stage only when none has for a long while. One line each, `passed|failed|pending TITLE`.
 */
export function reportProgress(state: keyof Counts, title: string): void {
  const file = process.env.LOSS_PLAYGROUND_PROGRESS;
  if (file) appendFileSync(file, `${state} ${title.replace(/\s+/g, ' ')}\n`);
}

/** Where scripts/test.mjs wants this stage's counts. */
export function writeSummary(counts: Counts): void {
  const file = process.env.LOSS_PLAYGROUND_SUMMARY;
  if (file) writeFileSync(file, JSON.stringify(counts) + '\n');
}

/** Records a suite that could not run at all (a test file that throws on load, say) as one failure. */
export function writeCrash(file: string, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const fail: MochaEvent = {
    type: 'fail',
    title: 'loading the suite',
    fullTitle: 'loading the suite',
    depth: 0,
    message: err.message,
    stack: err.stack ?? '',
  };
  appendFileSync(
    file,
    JSON.stringify(fail) +
      '\n' +
      JSON.stringify({ type: 'end', passed: 0, failed: 1, pending: 0, duration: 0 } satisfies MochaEvent) +
      '\n',
  );
}

/**
 * Follows a growing events file, printing as events arrive, until the suite's 'end' event.
 * `check` is asked between polls and may return a reason to give up (the host died, say); so
 * does `quietMs`, the longest the suite may go without an event (a hang: a slow machine only
 * spaces them out). Throws with that reason.
 */
export async function followEvents(
  file: string,
  printer: EventPrinter,
  check: () => string | undefined,
  quietMs: number,
): Promise<void> {
  let lastEvent = Date.now();
  let consumed = 0;
  while (!printer.done) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text.length < consumed) consumed = 0; // truncated by a new run
      const { events, consumed: n } = parseEvents(text.slice(consumed));
      consumed += n;
      if (events.length) lastEvent = Date.now();
      for (const e of events) printer.feed(e);
      if (printer.done) return;
    }
    const reason =
      check() ??
      (Date.now() - lastEvent > quietMs ? `the suite reported nothing for ${Math.round(quietMs / 1000)} s` : undefined);
    if (reason) {
      printer.epilogue();
      throw new RunAborted(reason, { ...printer.counts });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
