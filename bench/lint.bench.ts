/**
 * Loss lint on a 10,000-line file (design budget: ≤ 50 ms for any task on the extension host's
 * thread). The editor keeps each document's syntax tree and reparses incrementally, so a run
 * after a keystroke is the incremental reparse plus the analysis; the first parse of a document
 * runs in slices that yield (its longest slice is what blocks the thread). Reported, never asserted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, lintSteps, type LintDiagnostic } from '../src/lint';
import { lintCells } from '../src/lint/notebook';
import { scanBindings } from '../src/syntax/bindings';
import { JoinedCells } from '../src/syntax/notebook';
import { IncrementalTree } from '../src/syntax/incremental';
import { runSliced } from '../src/syntax/slices';
import { pythonParser, scriptParser } from '../src/syntax/parsers';
import type { Tree } from '@lezer/common';
import type { BenchGroup } from './harness';

const PY_HEADER = `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
from tensorflow import keras
from tensorflow.keras import layers
`;

/** About 60 lines of training code in the shapes the corpus has: models, criteria, loops, misuse. */
function pyBlock(i: number): string {
  return `

class Net${i}(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 128)
        self.fc2 = nn.Linear(128, n_out)
        self.drop = nn.Dropout(0.2)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = self.drop(x)
        return self.fc2(x)


def train_${i}(model, loader, optimizer, device):
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    kl = nn.KLDivLoss(reduction="batchmean")
    model.train()
    total = 0.0
    for step, (data, target) in enumerate(loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        logits = model(data)
        probs = F.softmax(logits, dim=1)
        loss = criterion(logits, target) + 0.1 * kl(F.log_softmax(logits, dim=1), probs.detach())
        if step % 10 == 0:
            loss = loss + F.cross_entropy(probs, target)  # seeded: softmax before cross_entropy
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / max(1, len(loader))


def evaluate_${i}(model, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for data, target in loader:
            out = model(data)
            pred = out.argmax(dim=1)
            correct += (pred == target).sum().item()
    return correct


def build_keras_${i}(n):
    m = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(n)])
    m.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return m


def collate_${i}(batch):
    xs = pad_sequence([b[0] for b in batch], batch_first=True)
    ys = pad_sequence([b[1] for b in batch], batch_first=True, padding_value=-100)
    return xs, ys
`;
}

const TS_HEADER = `import * as tf from '@tensorflow/tfjs';\n`;

function tsBlock(i: number): string {
  return `
export function model${i}(xs: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Tensor {
  return xs.matMul(w).add(b);
}

export function loss${i}(labels: tf.Tensor, xs: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Scalar {
  const logits = model${i}(xs, w, b);
  const probs = tf.softmax(logits);
  const ce = tf.losses.softmaxCrossEntropy(labels, logits);
  const wrong = tf.losses.softmaxCrossEntropy(labels, probs);
  return ce.add(wrong).mean() as tf.Scalar;
}

export function build${i}(): tf.Sequential {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [8] }), tf.layers.dense({ units: 4, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}
`;
}

function bigFile(header: string, block: (i: number) => string): string {
  let text = header;
  for (let i = 0; text.split('\n').length < 10_000; i++) text += block(i);
  return text;
}

export const PY = bigFile(PY_HEADER, pyBlock);
export const TS = bigFile(TS_HEADER, tsBlock);

/**
 * Training code as people write it: the lint corpus's Python stand-ins one after another (models,
 * loops, loss objects, a loss call every hundred lines or so), to 10,000 lines. The blocks above
 * are the worst case, with a loss call every eight lines.
 */
const CORPUS = join(__dirname, '..', 'test', 'lint-corpus', 'python');
const corpusFiles = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.py'))
  .sort()
  .map((f) => readFileSync(join(CORPUS, f), 'utf8'));
export const PY_CORPUS = bigFile('', (i) => `\n${corpusFiles[i % corpusFiles.length]}`);

/** Types one character in the middle of the file and lints again, reusing the tree: what a keystroke costs. */
function keystroke(
  text: string,
  language: 'python' | 'typescript',
  state: { tree: IncrementalTree; version: number; text: string },
): number {
  // Somewhere in the middle of the file, at the start of a line.
  const at = state.text.indexOf('\n', state.text.length / 2) + 1;
  const insert = state.version % 2 === 0 ? ' ' : '';
  // Alternate inserting and removing a space, so the text stays the same size.
  const next = insert
    ? state.text.slice(0, at) + ' ' + state.text.slice(at)
    : state.text.slice(0, at) + state.text.slice(at + 1);
  state.version++;
  state.tree.edit(
    state.version,
    insert ? [{ offset: at, length: 0, text: ' ' }] : [{ offset: at, length: 1, text: '' }],
  );
  state.text = next;
  const tree = state.tree.parse(next, state.version);
  void text;
  return lint(next, language, { tree }).length;
}

/** The longest slice of a first parse in ~8 ms slices (what the editor does for a newly opened file). */
async function longestSlice(text: string, language: 'python' | 'typescript'): Promise<number> {
  const t = new IncrementalTree(language === 'python' ? pythonParser() : scriptParser('typescript', false));
  let longest = 0;
  await runSliced(t.parseSteps(text, 1), { sliceMs: 8, onSlice: (ms) => (longest = Math.max(longest, ms)) });
  return longest;
}

/** The longest slice of the analysis run as the editor runs it (8 ms slices), given the tree. */
function longestAnalysisSlice(text: string, language: 'python' | 'typescript', tree: Tree): number {
  const steps = lintSteps(text, language, { tree });
  let longest = 0;
  for (let done = false; !done;) {
    const start = performance.now();
    for (;;) {
      if (steps.next().done) {
        done = true;
        break;
      }
      if (performance.now() - start >= 8) break;
    }
    longest = Math.max(longest, performance.now() - start);
  }
  return longest;
}

/** A notebook of the corpus's files cut into cells at their top-level definitions (~10 lines a cell, as notebooks are written). */
function corpusNotebook(): JoinedCells {
  const cells: { index: number; text: string }[] = [];
  for (const f of corpusFiles)
    for (const part of f.split(/\n(?=def |class |[a-z_]+ = )/)) cells.push({ index: cells.length + 1, text: part });
  return new JoinedCells(cells);
}

/** The same answer the slow way: one reading per cell, with the names imported up to it. */
function cellByCell(joined: JoinedCells, tree: Tree): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (let k = 0; k < joined.cells.length; k++) {
    const bindings = scanBindings(joined.text.slice(0, joined.startOffset(k + 1)), 'python');
    out.push(...lint(joined.text, 'python', { tree, bindings }).filter((d) => joined.positionAt(d.span.from) === k));
  }
  return out;
}

const group: BenchGroup = {
  name: 'lint',
  title: 'Loss lint on a 10,000-line file',
  notes: [
    'keystroke: one edit, the incremental reparse (fragments of the last tree) and the whole analysis: what a run costs once a document is open (the editor runs the analysis in 8 ms slices; the longest is in the notes).',
    'analysis: lint() given the tree. cold: a fresh parse and the analysis, in one go (the CLI; the editor slices both).',
    'notebook: its cells as they run (src/lint/notebook.ts): the whole notebook read once, and again only for a flagged cell above an import; cell by cell: the same answer from one reading per cell.',
  ],
  *tasks() {
    for (const [language, text, what] of [
      ['python', PY_CORPUS, 'training code (the corpus)'],
      ['python', PY, 'a loss call every 8 lines'],
      ['typescript', TS, 'a loss call every 6 lines'],
    ] as const) {
      const parser = language === 'python' ? pythonParser() : scriptParser('typescript', false);
      const tree = parser.parse(text);
      const state = { tree: new IncrementalTree(parser), version: 1, text };
      state.tree.parse(text, 1);
      yield () => ({
        name: `${language}, ${text.split('\n').length} lines, ${what}`,
        variants: [
          { name: 'keystroke', run: () => keystroke(text, language, state) },
          { name: 'analysis', run: () => lint(text, language, { tree }) },
          { name: 'cold', run: () => lint(text, language), minReps: 5 },
        ],
        budgets: [
          { kind: 'time', subject: 'keystroke', stat: 'p95', maxMs: 50 },
          { kind: 'time', subject: 'analysis', stat: 'p95', maxMs: 50 },
        ],
        verify: async () => {
          const n = lint(text, language, { tree }).length;
          if (n === 0) throw new Error('the seeded misuse was not found');
          const parse = await longestSlice(text, language);
          const analysis = Math.max(...[1, 2, 3, 4, 5].map(() => longestAnalysisSlice(text, language, tree)));
          return `${n} diagnostics; in the editor's 8 ms slices, the longest slice of a first parse is ${parse.toFixed(1)} ms, of an analysis ${analysis.toFixed(1)} ms`;
        },
      });
    }
    const notebook = corpusNotebook();
    const tree = pythonParser().parse(notebook.text);
    yield () => ({
      name: `notebook, ${notebook.cells.length} cells, ${notebook.text.split('\n').length} lines (the corpus)`,
      variants: [
        { name: 'in cell order', run: () => lintCells(notebook, { tree }) },
        { name: 'cell by cell', run: () => cellByCell(notebook, tree), minReps: 3 },
      ],
      ratios: [['in cell order', 'cell by cell']],
      verify: () => {
        const a = lintCells(notebook, { tree }).map((d) => `${d.rule}@${d.span.from}`);
        const b = cellByCell(notebook, tree).map((d) => `${d.rule}@${d.span.from}`);
        if (a.join() !== b.join()) throw new Error(`cell order ${a.join()} differs from cell by cell ${b.join()}`);
        return `${a.length} diagnostics in ${new Set(lintCells(notebook, { tree }).map((d) => notebook.positionAt(d.span.from))).size} cells, the same both ways`;
      },
    });
  },
};

export default group;
