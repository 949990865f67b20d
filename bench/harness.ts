/**
 * A tiny benchmark harness. A group (bench/*.bench.ts, default export) gives tasks; a task runs
 * its variants round-robin (engine, baseline, engine, baseline, ...) so that drift, GC and heat
 * fall on every variant alike, and reports median and p95 per variant, ratios between variants
 * and its budgets. Nothing here asserts a timing: budgets are reported, never enforced.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type Variant = {
  name: string;
  /** Fewer samples that suffice for a slow baseline (default: the group's minReps). */
  minReps?: number;
} & (
  | {
      /** One timed call; a returned promise is awaited inside the timing. */
      run: () => unknown;
    }
  | {
      /** One sample that measures itself, in ms (say, the longest task it saw on the thread), instead of being timed. */
      measure: () => Promise<number>;
    }
);

/** A ratio of medians (`subject / baseline ≤ max`) or a time limit on one variant's statistic. */
export type Budget =
  | { kind: 'ratio'; subject: string; baseline: string; max: number }
  | { kind: 'time'; subject: string; stat: 'median' | 'p95'; maxMs: number };

export type Task = {
  name: string;
  variants: Variant[];
  /** Ratios of medians to print, as [subject, baseline]. */
  ratios?: [string, string][];
  budgets?: Budget[];
  /**
   * Runs once, first, when the task is measured (not when a filter leaves it out): starts what the
   * variants need that is too costly to start for nothing (a workbench in a browser).
   */
  setup?: () => Promise<void>;
  /** Runs once before timing: checks the variants compute the same thing; may return notes for the report. */
  verify?: () => string | void | Promise<string | void>;
  /** Frees what the task holds (big arrays, tensors, a browser) once it has been measured. */
  dispose?: () => void | Promise<void>;
};

export type RunOptions = { quick: boolean; gc: boolean; filter?: string };

export type BenchGroup = {
  name: string;
  title: string;
  /** Lines printed under the title: what is compared and any caveat (precision, backend). */
  notes?: string[];
  /** Tasks are built lazily, one at a time, so a group never holds every task's data at once. */
  tasks(options: RunOptions): Iterable<() => Task | Promise<Task>>;
  /** Warm-up calls and timed calls per variant; a variant stops early once it has `minReps` and its share of `maxSeconds`. */
  warmup?: number;
  reps?: number;
  minReps?: number;
  maxSeconds?: number;
};

type Stats = { median: number; p95: number; min: number; mean: number; reps: number };

type BudgetResult = { label: string; value: number; max: number; ok: boolean };

type TaskResult = {
  name: string;
  variants: Record<string, Stats>;
  ratios: Record<string, number>;
  budgets: BudgetResult[];
  note?: string;
};

export type GroupResult = { name: string; title: string; notes: string[]; tasks: TaskResult[] };

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0], mean, reps: samples.length };
}

/**
 * `--gc`: a full collection before each timed call, so no call pays for another's garbage. Off by
 * default: real callers meet natural GCs, and a forced full GC also drops V8's optimized code for
 * closures created per call, which is worth seeing but is not the everyday case.
 */
function fullGc(): () => void {
  const gc = globalThis.gc;
  if (gc) return () => gc();
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function timeOnce(v: Variant, gc: (() => void) | null): Promise<number> {
  gc?.();
  if ('measure' in v) return v.measure();
  const t0 = performance.now();
  const r = v.run();
  if (r instanceof Promise) await r;
  return performance.now() - t0;
}

/**
 * Round-robin over the variants, starting each round one variant later so none always runs
 * right after another. A variant stops at `reps` samples, or once it has `minReps` and has used
 * its share of `maxSeconds`, so a slow baseline cannot stretch the run.
 */
async function measureTask(group: BenchGroup, task: Task, options: RunOptions): Promise<TaskResult> {
  const warmup = options.quick ? 2 : (group.warmup ?? 5);
  const reps = options.quick ? 5 : (group.reps ?? 30);
  const minReps = options.quick ? 3 : Math.min(reps, group.minReps ?? 10);
  const shareMs = ((options.quick ? 3 : (group.maxSeconds ?? 15)) * 1000) / task.variants.length;
  const gc = options.gc ? fullGc() : null;
  await task.setup?.();
  const note = task.verify ? ((await task.verify()) ?? undefined) : undefined;
  for (const v of task.variants) {
    let spent = 0;
    for (let i = 0; i < warmup && spent < shareMs / 4; i++) spent += await timeOnce(v, gc);
  }
  const samples = new Map<string, number[]>(task.variants.map((v) => [v.name, []]));
  const spent = new Map<string, number>(task.variants.map((v) => [v.name, 0]));
  const done = (v: Variant): boolean => {
    const n = samples.get(v.name)!.length;
    const least = options.quick ? minReps : Math.min(minReps, v.minReps ?? minReps);
    return n >= reps || (n >= least && spent.get(v.name)! > shareMs);
  };
  for (let round = 0; !task.variants.every(done); round++) {
    for (let k = 0; k < task.variants.length; k++) {
      const v = task.variants[(round + k) % task.variants.length];
      if (done(v)) continue;
      const t = await timeOnce(v, gc);
      samples.get(v.name)!.push(t);
      spent.set(v.name, spent.get(v.name)! + t);
    }
  }
  const variants = Object.fromEntries([...samples].map(([name, s]) => [name, stats(s)]));
  const median = (name: string): number => {
    const s = variants[name];
    if (!s) throw new Error(`${group.name}/${task.name}: no variant '${name}'`);
    return s.median;
  };
  const ratios: Record<string, number> = {};
  for (const [a, b] of task.ratios ?? []) if (variants[a] && variants[b]) ratios[`${a}/${b}`] = median(a) / median(b);
  const budgets = (task.budgets ?? []).flatMap((b): BudgetResult[] => {
    if (b.kind === 'ratio') {
      if (!variants[b.subject] || !variants[b.baseline]) return [];
      const value = median(b.subject) / median(b.baseline);
      return [{ label: `${b.subject}/${b.baseline} ≤ ${b.max}×`, value, max: b.max, ok: value <= b.max }];
    }
    const s = variants[b.subject];
    if (!s) return [];
    return [
      { label: `${b.subject} ${b.stat} ≤ ${b.maxMs} ms`, value: s[b.stat], max: b.maxMs, ok: s[b.stat] <= b.maxMs },
    ];
  });
  await task.dispose?.();
  return { name: task.name, variants, ratios, budgets, ...(note ? { note } : {}) };
}

export async function runGroup(
  group: BenchGroup,
  options: RunOptions,
  progress: (line: string) => void,
): Promise<GroupResult> {
  const tasks: TaskResult[] = [];
  const filter = options.filter?.toLowerCase();
  const groupMatches = filter === undefined || group.name.toLowerCase().includes(filter);
  for (const make of group.tasks(options)) {
    const task = await make();
    if (!groupMatches && !task.name.toLowerCase().includes(filter)) {
      await task.dispose?.();
      continue;
    }
    progress(`  ${group.name}: ${task.name} ...`);
    tasks.push(await measureTask(group, task, options));
  }
  return { name: group.name, title: group.title, notes: group.notes ?? [], tasks };
}

// ---- the printed table ----

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const times = (x: number): string => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One row per task: median / p95 of each variant, the ratios and the budgets. */
export function formatGroup(g: GroupResult): string {
  const variantNames = [...new Set(g.tasks.flatMap((t) => Object.keys(t.variants)))];
  const ratioNames = [...new Set(g.tasks.flatMap((t) => Object.keys(t.ratios)))];
  const header = ['task', ...variantNames.map((v) => `${v} med / p95 ms`), ...ratioNames, 'budget'];
  const rows = g.tasks.map((t) => [
    t.name,
    ...variantNames.map((v) => (t.variants[v] ? `${ms(t.variants[v].median)} / ${ms(t.variants[v].p95)}` : '-')),
    ...ratioNames.map((r) => (t.ratios[r] === undefined ? '-' : times(t.ratios[r]))),
    t.budgets.map((b) => `${b.ok ? 'ok' : 'OVER'} (${b.label})`).join(', ') || '-',
  ]);
  const notes = g.tasks.filter((t) => t.note).map((t) => `  ${t.name}: ${t.note}`);
  return [
    `## ${g.title}`,
    ...g.notes.map((n) => `   ${n}`),
    '',
    table([header, ...rows]),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
