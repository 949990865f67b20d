/**
 * Grad-check, click to verdict (design budgets): a JS/TS loss with 1,000 inputs ≤ 300 ms; a NumPy
 * loss with 1,000 inputs ≤ 1.5 s cold (new Python process) and ≤ 200 ms warm. In the same run,
 * the checker on a PyTorch loss against torch.autograd.gradcheck on the same loss and size (one
 * point; the checker's default is 3 trial points, so both are shown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { GradChecker } from '../src/gradcheck/checker';
import { nodeRunners } from '../src/gradcheck/runners/node';
import { discoverLosses } from '../src/gradcheck/discover';
import type { DiscoveredLoss } from '../src/gradcheck/types';
import type { BenchGroup, Budget, Task } from './harness';

const DIR = path.join(__dirname, '..', 'test', 'gradcheck-corpus', 'bench');
const SHAPES = path.join(__dirname, '..', 'test', 'gradcheck-corpus', 'real-shapes');
const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

/** The files of the real-code corpus (the committed stand-ins), as the CLI would be given them. */
function corpusFiles(): string[] {
  const expected = JSON.parse(readFileSync(path.join(SHAPES, 'expected.json'), 'utf8')) as {
    losses: { file: string }[];
  };
  return [...new Set(expected.losses.map((l) => path.join(SHAPES, l.file)))];
}

/** `loss-playground gradcheck --json FILE...` in a new process, to its exit. */
function cli(files: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'gradcheck', '--json', '--python', PYTHON, ...files], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}
const PYTHON = process.env.LOSS_PLAYGROUND_PYTHON ?? '/usr/bin/python3';

function lossIn(file: string): { file: string; loss: DiscoveredLoss } {
  const full = path.join(DIR, file);
  return { file: full, loss: discoverLosses(readFileSync(full, 'utf8'), full).losses[0] };
}

async function verdict(
  checker: GradChecker,
  target: { file: string; loss: DiscoveredLoss },
  trials?: number,
): Promise<string> {
  const r = await checker.checkLoss(target.file, target.loss, { python: PYTHON, ...(trials ? { trials } : {}) });
  if (r.verdict !== 'pass') throw new Error(`${target.loss.name}: expected pass, got ${r.verdict}: ${r.message}`);
  return r.verdict;
}

/** A loss checked by a warm checker (processes reused) and by a cold one (started for the call). */
function warmAndCold(name: string, file: string, budgets: Budget[]): Task {
  const target = lossIn(file);
  const warm = new GradChecker(nodeRunners);
  const cold = async (): Promise<string> => {
    const c = new GradChecker(nodeRunners);
    try {
      return await verdict(c, target);
    } finally {
      c.dispose();
    }
  };
  return {
    name,
    variants: [
      { name: 'warm', run: () => verdict(warm, target) },
      { name: 'cold', run: cold },
    ],
    budgets,
    verify: () => verdict(warm, target).then(() => undefined),
    dispose: () => warm.dispose(),
  };
}

/** torch.autograd.gradcheck in a persistent process: one line in, one verdict line out. */
class TorchBaseline {
  private readonly child: ChildProcess;
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  readonly ready: Promise<void>;
  constructor() {
    this.child = spawn(PYTHON, [path.join(__dirname, 'gradcheck_torch_baseline.py')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.lines = createInterface({ input: this.child.stdout! });
    this.lines.on('line', (l) => this.waiting.shift()?.(l));
    this.ready = new Promise((resolve) => this.waiting.push(() => resolve()));
  }
  run(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin!.write('go\n');
    });
  }
  dispose(): void {
    this.child.kill();
  }
}

const group: BenchGroup = {
  name: 'gradcheck',
  title: 'Grad-check: click to verdict',
  notes: [
    'JS/TS: the persistent child (warm), and a new GradChecker per click (cold: process start + sucrase).',
    'NumPy: a new Python driver per click (cold) and the persistent one (warm); 3 trial points × 2,000 loss calls.',
    `PyTorch: the checker (1 and 3 trial points) vs torch.autograd.gradcheck on the same loss, 1,000 float64 inputs (${PYTHON}).`,
    'Isolation: every check runs in a child forked from a runner that has imported the frameworks; the tiny loss shows what that costs per check (a fork, loading the module, the reply).',
    'Real-code corpus: the CLI over test/gradcheck-corpus/real-shapes (a new process each time, torch imported once per run); the note gives the share of checker time spent loading modules and frameworks.',
  ],
  warmup: 2,
  reps: 10,
  minReps: 5,
  maxSeconds: 20,
  *tasks() {
    yield () =>
      warmAndCold('JS/TS loss, 1,000 inputs', 'mse1000.ts', [
        { kind: 'time', subject: 'warm', stat: 'median', maxMs: 300 },
      ]);
    yield () => warmAndCold('isolation: the smallest NumPy check (fork + load + reply)', 'tiny.py', []);
    yield (): Task => {
      const files = corpusFiles();
      return {
        name: `real-code corpus, ${files.length} files`,
        variants: [{ name: 'CLI', run: () => cli(files), minReps: 3 }],
        verify: async () => {
          const checker = new GradChecker(nodeRunners);
          try {
            let load = 0;
            let total = 0;
            let losses = 0;
            for (const f of files) {
              for (const r of await checker.checkFile(f, { python: PYTHON })) {
                losses++;
                load += r.loadMs ?? 0;
                total += r.durationMs;
              }
            }
            return `${losses} losses checked in-process in ${total} ms, ${((100 * load) / Math.max(1, total)).toFixed(0)}% of it loading (modules and frameworks)`;
          } finally {
            checker.dispose();
          }
        },
      };
    };
    yield () =>
      warmAndCold('NumPy loss, 1,000 inputs', 'numpy1000.py', [
        { kind: 'time', subject: 'warm', stat: 'median', maxMs: 200 },
        { kind: 'time', subject: 'cold', stat: 'median', maxMs: 1500 },
      ]);
    yield async (): Promise<Task> => {
      const target = lossIn('torch1000.py');
      const warm = new GradChecker(nodeRunners);
      const torch = new TorchBaseline();
      await torch.ready;
      return {
        name: 'PyTorch loss, 1,000 inputs',
        variants: [
          { name: 'checker, 1 point', run: () => verdict(warm, target, 1) },
          { name: 'checker, 3 points', run: () => verdict(warm, target) },
          { name: 'torch.autograd.gradcheck', run: () => torch.run() },
        ],
        ratios: [
          ['checker, 1 point', 'torch.autograd.gradcheck'],
          ['checker, 3 points', 'torch.autograd.gradcheck'],
        ],
        verify: async () => {
          await verdict(warm, target);
          const t = await torch.run();
          if (t !== 'ok') throw new Error(`torch.autograd.gradcheck said ${t}`);
        },
        dispose: () => {
          warm.dispose();
          torch.dispose();
        },
      };
    };
  },
};

export default group;
