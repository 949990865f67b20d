/**
 * `npm run bench [-- --json] [-- --quick] [-- --filter TEXT] [-- --compare OLD.json]`: runs every
 * group in bench/*.bench.ts and prints a table per group. With --json the results go to stdout as
 * JSON (the tables to stderr), so a later run can be compared with --compare. Timings are
 * reported against the design's budgets, never asserted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatGroup, runGroup, type BenchGroup, type GroupResult, type RunOptions } from './harness';

export type BenchReport = {
  meta: {
    date: string;
    node: string;
    v8: string;
    platform: string;
    arch: string;
    cpus: number;
    cpu: string;
    loadavg: number[];
    quick: boolean;
    gc: boolean;
  };
  groups: GroupResult[];
};

const HELP = `Usage: npm run bench -- [--json] [--quick] [--filter TEXT] [--compare OLD.json]
  --json            results as JSON on stdout (tables go to stderr)
  --quick           fewer repetitions: a smoke run, not a measurement
  --gc              a full garbage collection before each timed call
  --filter TEXT     only groups or tasks whose name contains TEXT
  --compare FILE    show each median against the same one in an earlier --json output
`;

function loadGroups(): BenchGroup[] {
  return readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .map((f) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bench files found in the folder, by name
      const mod = require(path.join(__dirname, f)) as { default?: BenchGroup };
      if (!mod.default) throw new Error(`bench/${f} has no default export (a BenchGroup)`);
      return mod.default;
    });
}

/** Lines "group / task / variant: before → now (change)" for medians present in both runs. */
function comparison(before: BenchReport, now: BenchReport): string {
  const lines = [`## compared with the run of ${before.meta.date} (${before.meta.cpu}, node ${before.meta.node})`];
  for (const g of now.groups) {
    for (const t of g.tasks) {
      const old = before.groups.find((x) => x.name === g.name)?.tasks.find((x) => x.name === t.name);
      if (!old) continue;
      for (const [v, s] of Object.entries(t.variants)) {
        const o = old.variants[v];
        if (!o) continue;
        const change = (s.median / o.median - 1) * 100;
        lines.push(
          `  ${g.name} / ${t.name} / ${v}: ${o.median.toFixed(2)} → ${s.median.toFixed(2)} ms (${change >= 0 ? '+' : ''}${change.toFixed(0)}%)`,
        );
      }
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      gc: { type: 'boolean' },
      filter: { type: 'string' },
      compare: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const options: RunOptions = {
    quick: values.quick ?? false,
    gc: values.gc ?? false,
    ...(values.filter ? { filter: values.filter } : {}),
  };
  // With --json, stdout carries only the JSON document.
  const say = (text: string): void => void (values.json ? process.stderr : process.stdout).write(text + '\n');
  const before = values.compare ? (JSON.parse(readFileSync(values.compare, 'utf8')) as BenchReport) : undefined;

  const cpus = os.cpus();
  const report: BenchReport = {
    meta: {
      date: new Date().toISOString(),
      node: process.versions.node,
      v8: process.versions.v8,
      platform: os.platform(),
      arch: os.arch(),
      cpus: cpus.length,
      cpu: cpus[0]?.model ?? 'unknown',
      loadavg: os.loadavg(),
      quick: options.quick,
      gc: options.gc,
    },
    groups: [],
  };
  const load = report.meta.loadavg.map((x) => x.toFixed(1)).join(' ');
  const mode = `${options.gc ? ', full GC before each call' : ''}${options.quick ? ' (--quick: not a measurement)' : ''}`;
  say(
    `# loss-playground bench: node ${report.meta.node}, ${report.meta.cpus} × ${report.meta.cpu}, load average ${load}${mode}`,
  );
  if (report.meta.loadavg[0] > report.meta.cpus)
    say('# the machine is busy (load average above the core count): expect noisy timings');
  const t0 = Date.now();
  for (const group of loadGroups()) {
    const result = await runGroup(group, options, (line) => process.stderr.write(line + '\n'));
    if (result.tasks.length === 0) continue;
    report.groups.push(result);
    say('\n' + formatGroup(result));
  }
  if (before) say('\n' + comparison(before, report));
  say(`\n(${((Date.now() - t0) / 1000).toFixed(0)} s; budgets are reported, not enforced)`);
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
