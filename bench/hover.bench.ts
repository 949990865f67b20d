/**
 * Formula hovers (design budget: ≤ 10 ms on a 10,000-line file). What the provider does per
 * hover without VS Code: scan the file's import bindings (once per document version), then
 * resolve the name under the cursor and build the markdown. Reported, never asserted.
 */
import { scanBindings } from '../src/hover/imports';
import { frameworkLossAt } from '../src/hover/resolveSymbol';
import { markdownOf } from '../test/support/hover';
import type { BenchGroup } from './harness';

const HEADER_PY = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom keras import losses\nimport optax as ox\n';
const HEADER_TS = "import * as tf from '@tensorflow/tfjs';\nconst { losses } = tf;\n";

function bigFile(header: string, line: (i: number) => string): string {
  const lines = [header];
  for (let i = 0; lines.length < 10_000; i++) lines.push(line(i));
  return lines.join('\n');
}

const PY = bigFile(HEADER_PY, (i) => (i % 50 === 0 ? `def step_${i}(x, y, logits, labels):` : i % 7 === 0 ? `    loss_${i} = F.cross_entropy(logits, labels, label_smoothing=0.1) + nn.SmoothL1Loss(beta=0.5)(x, y)` : `    x = x * ${i} + y  # plain code`));
const TS = bigFile(HEADER_TS, (i) => (i % 7 === 0 ? `  const l${i} = tf.losses.huberLoss(labels, preds) ;` : `  const v${i} = compute(v${i - 1}, ${i});`));

function hoverOnce(text: string, language: 'python' | 'script', needle: string, scan: boolean, cached: ReturnType<typeof scanBindings>): unknown {
  const bindings = scan ? scanBindings(text, language) : cached;
  // The hovered line: near the end of the file, as a person scrolled down would hover.
  const at = text.lastIndexOf(needle);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const found = frameworkLossAt(line, at - lineStart + needle.length - 1, bindings, text.slice(lineEnd + 1, lineEnd + 2000));
  if (!found) throw new Error(`no hover for ${needle}`);
  return markdownOf(found, 'en', { loss: 'data:,', grad: 'data:,' });
}

const group: BenchGroup = {
  name: 'hover',
  title: 'Formula hovers on a 10,000-line file',
  notes: ['first hover: scans the import bindings (a new document version); next hovers: the bindings are cached per version.'],
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
  },
};

export default group;
