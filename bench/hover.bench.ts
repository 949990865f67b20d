/**
 * Formula hovers (design budget: ≤ 10 ms on a 10,000-line file). What the provider does per
 * hover without VS Code: scan the file's import bindings (once per document version), then
 * resolve the name under the cursor and build the markdown. Reported, never asserted.
 */
import { scanBindings } from '../src/hover/imports';
import { BindingChain, type Source } from '../src/hover/bindingChain';
import { frameworkLossAt } from '../src/hover/resolveSymbol';
import { runToEnd } from '../src/syntax/slices';
import { markdownOf } from '../test/support/hover';
import type { BenchGroup } from './harness';

const HEADER_PY =
  'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom keras import losses\nimport optax as ox\n';
const HEADER_TS = "import * as tf from '@tensorflow/tfjs';\nconst { losses } = tf;\n";

function bigFile(header: string, line: (i: number) => string): string {
  const lines = [header];
  for (let i = 0; lines.length < 10_000; i++) lines.push(line(i));
  return lines.join('\n');
}

const PY = bigFile(HEADER_PY, (i) =>
  i % 50 === 0
    ? `def step_${i}(x, y, logits, labels):`
    : i % 7 === 0
      ? `    loss_${i} = F.cross_entropy(logits, labels, label_smoothing=0.1) + nn.SmoothL1Loss(beta=0.5)(x, y)`
      : `    x = x * ${i} + y  # plain code`,
);
const TS = bigFile(HEADER_TS, (i) =>
  i % 7 === 0 ? `  const l${i} = tf.losses.huberLoss(labels, preds) ;` : `  const v${i} = compute(v${i - 1}, ${i});`,
);

function hoverOnce(
  text: string,
  language: 'python' | 'script',
  needle: string,
  scan: boolean,
  cached: ReturnType<typeof scanBindings>,
): unknown {
  const bindings = scan ? scanBindings(text, language) : cached;
  // The hovered line: near the end of the file, as a person scrolled down would hover.
  const at = text.lastIndexOf(needle);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const found = frameworkLossAt(
    line,
    at - lineStart + needle.length - 1,
    bindings,
    text.slice(lineEnd + 1, lineEnd + 2000),
  );
  if (!found) throw new Error(`no hover for ${needle}`);
  return markdownOf(found, 'en', { loss: 'data:,', grad: 'data:,' });
}

/**
 * A notebook of 200 cells of about 20 lines (imports in the first, a criterion built in the
 * second), hovered in its last cell: the hover reads every cell above (./src/hover/bindingChain).
 */
const CELLS = Array.from({ length: 200 }, (_, k) =>
  k === 0
    ? HEADER_PY
    : k === 1
      ? 'criterion = nn.CrossEntropyLoss(label_smoothing=0.1)\n'
      : Array.from({ length: 20 }, (_, i) =>
          i % 7 === 0
            ? `loss_${k}_${i} = F.cross_entropy(logits, labels) + criterion(out, y)`
            : `x = x * ${i} + y  # plain code`,
        ).join('\n'),
);

function notebookSources(versions: number[]): Source[] {
  return CELLS.map((text, k) => ({
    key: `cell${k}`,
    version: versions[k],
    language: 'python' as const,
    cell: k + 1,
    text: () => text,
  }));
}

/** The hover over `criterion` in the last cell, with the chain's layers (it reads the cells above). */
async function notebookHover(chain: BindingChain, versions: number[]): Promise<unknown> {
  const layers = await chain.layers(notebookSources(versions));
  const line = 'loss = criterion(out, y)';
  const found = frameworkLossAt(
    line,
    line.indexOf('criterion') + 2,
    layers[layers.length - 1].bindings,
    '',
    () => layers.map((l) => () => l.instances()),
    0,
  );
  if (!found?.heldBy) throw new Error('no hover for criterion');
  return markdownOf(found, 'en', { loss: 'data:,', grad: 'data:,' });
}

const group: BenchGroup = {
  name: 'hover',
  title: 'Formula hovers on a 10,000-line file',
  notes: [
    'first hover: scans the import bindings (a new document version); next hovers: the bindings are cached per version.',
    'notebook: 200 cells, hovered in the last; cold: every cell parsed; first cell edited: its parse, then every cell below re-read from its kept parse; next hover: all kept.',
  ],
  *tasks() {
    const pyBindings = scanBindings(PY, 'python');
    const tsBindings = scanBindings(TS, 'script');
    yield () => ({
      name: 'Python, F.cross_entropy',
      variants: [
        { name: 'first hover', run: () => hoverOnce(PY, 'python', 'F.cross_entropy', true, pyBindings) },
        { name: 'next hover', run: () => hoverOnce(PY, 'python', 'F.cross_entropy', false, pyBindings) },
      ],
      budgets: [{ kind: 'time', subject: 'first hover', stat: 'p95', maxMs: 10 }],
    });
    yield () => ({
      name: 'TypeScript, tf.losses.huberLoss',
      variants: [
        { name: 'first hover', run: () => hoverOnce(TS, 'script', 'tf.losses.huberLoss', true, tsBindings) },
        { name: 'next hover', run: () => hoverOnce(TS, 'script', 'tf.losses.huberLoss', false, tsBindings) },
      ],
      budgets: [{ kind: 'time', subject: 'first hover', stat: 'p95', maxMs: 10 }],
    });
    yield () => {
      const run = <T>(steps: Generator<void, T, void>): Promise<T> => Promise.resolve(runToEnd(steps));
      const warm = new BindingChain(run);
      const edited = new BindingChain(run);
      const versions = CELLS.map(() => 1);
      const editedVersions = CELLS.map(() => 1);
      return {
        name: `Python notebook, ${CELLS.length} cells, criterion of cell 2 hovered in the last`,
        variants: [
          { name: 'cold', run: () => notebookHover(new BindingChain(run), versions) },
          { name: 'first cell edited', run: () => (editedVersions[0]++, notebookHover(edited, editedVersions)) },
          { name: 'next hover', run: () => notebookHover(warm, versions) },
        ],
        budgets: [{ kind: 'time', subject: 'first cell edited', stat: 'p95', maxMs: 10 }],
      };
    };
  },
};

export default group;
