/**
 * "Explain this framework loss": from a name as code writes it (`F.cross_entropy`,
 * `nn.HuberLoss(delta=2.0)`, `tf.losses.huberLoss`) or a catalog id (`huber`) to the formula and its
 * gradient (TeX), the parameters with their defaults, the default reduction and where frameworks
 * disagree. The knowledge is the hover's (src/hover/frameworkLosses, resolved by
 * src/hover/resolveSymbol under the usual import aliases) and the engine catalog's; nothing runs.
 * Plain text for a model, in English. Pure, no `vscode`.
 */
import { listLosses, type LossInfo } from '../engine';
import {
  FRAMEWORK_LOSSES,
  FRAMEWORK_NAMES,
  KERAS_STRING_LOSSES,
  stringLoss,
  type FrameworkLoss,
} from '../hover/frameworkLosses';
import { frameworkLossAt, type FoundLoss } from '../hover/resolveSymbol';
import { scanBindings, type Bindings } from '../syntax/bindings';

/** The import aliases people write, as a file would bind them (Python, then TF.js). */
const PYTHON_IMPORTS = [
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'import torchvision',
  'import tensorflow as tf',
  'import keras',
  'import tf_keras',
  'from keras import losses',
  'import optax',
].join('\n');
const TFJS_IMPORTS = "import * as tf from '@tensorflow/tfjs';\nimport * as tfjs from '@tensorflow/tfjs';\n";

let aliases: Bindings[] | undefined;
function bindings(): Bindings[] {
  return (aliases ??= [scanBindings(PYTHON_IMPORTS, 'python'), scanBindings(TFJS_IMPORTS, 'script')]);
}

let catalog: Map<string, LossInfo> | undefined;
function catalogInfo(id: string): LossInfo | undefined {
  catalog ??= new Map(listLosses().map((l) => [l.id, l]));
  return catalog.get(id);
}

export type Explained =
  | { kind: 'framework'; found: FoundLoss; info: LossInfo; alsoNamed: FrameworkLoss[] }
  | { kind: 'catalog'; info: LossInfo }
  | { kind: 'unknown'; name: string; suggestions: string[] };

/** How a table entry reads in code: `torch.nn.functional.huber_loss`, `tf.losses.huberLoss`, `keras "mse"`. */
function displayName(loss: FrameworkLoss): string {
  if (loss.kind === 'string') return `${loss.symbol.replace(/:.*/, '')} ${loss.symbol.replace(/^\w+:/, '')}`;
  return loss.symbol.replace(/^tfjs\./, 'tf.');
}

function lastSegment(symbol: string): string {
  return (
    symbol
      .replace(/^\w+:"(.*)"$/, '$1')
      .split('.')
      .pop() ?? symbol
  );
}

function found(loss: FrameworkLoss): FoundLoss {
  return { loss, catalogId: loss.catalogId, params: { ...loss.playground }, given: {}, start: 0, end: 0 };
}

export function explainLoss(name: string): Explained {
  const text = name.trim();
  const head = text.replace(/\(.*$/s, '').trim();
  // A catalog id, as the playground and `loss-playground list` spell it.
  const id = head.toLowerCase().replace(/-/g, '_');
  if (!head.includes('.')) {
    const info = catalogInfo(id);
    if (info) return { kind: 'catalog', info };
  }
  // A dotted name under the usual aliases, with the call's literal keyword arguments.
  const at = head.lastIndexOf('.') + 1;
  for (const b of bindings()) {
    const f = frameworkLossAt(text, at, b);
    const info = f && catalogInfo(f.catalogId);
    if (f && info) return { kind: 'framework', found: f, info, alsoNamed: [] };
  }
  // A bare or unusually qualified name: every table entry whose last segment it is.
  const last = lastSegment(head);
  let matches = [...FRAMEWORK_LOSSES.values()].filter((l) => lastSegment(l.symbol) === last);
  if (!matches.length)
    matches = [...FRAMEWORK_LOSSES.values()].filter((l) => lastSegment(l.symbol).toLowerCase() === last.toLowerCase());
  if (!matches.length && KERAS_STRING_LOSSES[last]) matches = [stringLoss(last, 'keras')!];
  const [first, ...rest] = matches;
  const info = first && catalogInfo(first.catalogId);
  if (first && info) return { kind: 'framework', found: found(first), info, alsoNamed: rest };
  return { kind: 'unknown', name: text, suggestions: suggestions(last) };
}

/** Names near `word`: those containing it or contained in it, then by edit distance. */
function suggestions(word: string, max = 8): string[] {
  const w = word.toLowerCase().replace(/[-_\s]/g, '');
  if (!w) return [];
  const names = [...listLosses().map((l) => l.id), ...[...FRAMEWORK_LOSSES.values()].map(displayName)];
  const key = (n: string): string => lastSegment(n).toLowerCase().replace(/[-_]/g, '');
  const scored = names
    .map((n) => {
      const k = key(n);
      const score = k === w ? 0 : k.includes(w) || w.includes(k) ? 1 : 1 + distance(k, w);
      return { n, score };
    })
    .filter((s) => s.score <= Math.max(2, Math.floor(w.length / 3)))
    .sort((a, b) => a.score - b.score || a.n.localeCompare(b.n));
  return [...new Set(scored.map((s) => s.n))].slice(0, max);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function formulaLines(info: LossInfo): string[] {
  return ['Formula (TeX):', `  ${info.tex.loss}`, 'Gradient with respect to the input (TeX):', `  ${info.tex.grad}`];
}

function catalogParamLine(p: LossInfo['params'][number]): string {
  const range =
    'min' in p || 'max' in p
      ? ` (range ${'min' in p && p.min !== undefined ? `${'minExclusive' in p && p.minExclusive ? '>' : '≥'} ${p.min}` : ''}${'min' in p && p.min !== undefined && 'max' in p && p.max !== undefined ? ', ' : ''}${'max' in p && p.max !== undefined ? `≤ ${p.max}` : ''})`
      : '';
  const choices = p.kind === 'choice' ? ` (one of ${p.choices.join(', ')})` : '';
  return `- ${p.name} = ${p.default === null ? 'none' : String(p.default)}${range}${choices}: ${p.description.en}`;
}

/** Other table entries that compute the same catalog loss, by framework. */
function elsewhere(catalogId: string, except?: FrameworkLoss): string[] {
  const by = new Map<string, string[]>();
  for (const l of FRAMEWORK_LOSSES.values()) {
    if (l.catalogId !== catalogId || l === except) continue;
    const k = FRAMEWORK_NAMES[l.framework];
    by.set(k, [...(by.get(k) ?? []), displayName(l)]);
  }
  return [...by].map(([fw, names]) => `- ${fw}: ${names.join(', ')}`);
}

function frameworkText(e: Extract<Explained, { kind: 'framework' }>): string {
  const { found: f, info } = e;
  const l = f.loss;
  const out = [
    `${displayName(l)}: ${FRAMEWORK_NAMES[l.framework]} ${l.kind === 'string' ? 'loss name' : l.kind}, computes ${info.title.en} (catalog id '${info.id}').`,
  ];
  if (f.catalogId !== l.catalogId)
    out.push(
      `With these arguments it computes ${info.title.en} rather than ${catalogInfo(l.catalogId)?.title.en ?? l.catalogId}.`,
    );
  else if (l.switch)
    out.push(
      `With ${l.switch.param}=True it computes ${catalogInfo(l.switch.catalogId)?.title.en ?? l.switch.catalogId} (catalog id '${l.switch.catalogId}') instead.`,
    );
  if (l.args) out.push(`Call: ${l.args}`);
  out.push(`Input: ${info.input.en}. Target: ${info.target.en}.`, '', ...formulaLines(info), '');
  if (l.params.length) {
    out.push(`Parameters and defaults (${FRAMEWORK_NAMES[l.framework]}):`);
    for (const p of l.params)
      out.push(`- ${p.name} = ${p.default}${f.given[p.name] !== undefined ? ` (this call: ${f.given[p.name]})` : ''}`);
  } else out.push(`Parameters: none beyond the inputs.`);
  const playground = Object.entries(f.params).map(([k, v]) => `${k}=${v}`);
  if (playground.length) out.push(`In the playground's catalog terms: ${playground.join(', ')}.`);
  out.push(`Default reduction: ${l.reduction.en}`);
  if (l.differences.length) out.push('', 'Where frameworks differ:', ...l.differences.map((d) => `- ${d.en}`));
  out.push('', `Notes: ${info.notes.en}`);
  const other = elsewhere(f.catalogId, l);
  if (other.length) out.push('', `The same loss (${info.id}) elsewhere:`, ...other);
  if (e.alsoNamed.length)
    out.push(
      '',
      `Also named so: ${e.alsoNamed.map((a) => `${displayName(a)} (${FRAMEWORK_NAMES[a.framework]}, ${a.catalogId})`).join('; ')}.`,
    );
  return out.join('\n');
}

function catalogText(info: LossInfo): string {
  const out = [
    `${info.id}: ${info.title.en} (Loss Playground catalog, family ${info.family}).`,
    `Input: ${info.input.en}. Target: ${info.target.en}.`,
    '',
    ...formulaLines(info),
    '',
  ];
  if (info.params.length)
    out.push(
      'Parameters and defaults (catalog, PyTorch semantics where PyTorch has the loss):',
      ...info.params.map(catalogParamLine),
    );
  else out.push('Parameters: none beyond the inputs.');
  out.push(
    `Reductions: ${info.reductions.map((r, i) => (i === 0 ? `${r} (default)` : r)).join(', ')}.`,
    '',
    `Notes: ${info.notes.en}`,
  );
  const frameworks = elsewhere(info.id);
  if (frameworks.length) out.push('', 'In the frameworks:', ...frameworks);
  // Where they disagree: every difference the framework entries of this loss record, once.
  const seen = new Set<string>();
  const diffs: string[] = [];
  for (const l of FRAMEWORK_LOSSES.values()) {
    if (l.catalogId !== info.id) continue;
    for (const d of l.differences) {
      if (seen.has(d.en)) continue;
      seen.add(d.en);
      diffs.push(`- ${d.en}`);
    }
  }
  if (diffs.length) out.push('', 'Where frameworks differ:', ...diffs);
  return out.join('\n');
}

export function explainText(e: Explained): string {
  switch (e.kind) {
    case 'framework':
      return frameworkText(e);
    case 'catalog':
      return catalogText(e.info);
    case 'unknown':
      return `No loss named '${e.name}' is known to Loss Playground (PyTorch, torchvision, Keras, Optax and TF.js losses, and the catalog ids ${listLosses()
        .map((l) => l.id)
        .join(', ')}).${e.suggestions.length ? ` Did you mean: ${e.suggestions.join(', ')}?` : ''}`;
  }
}
