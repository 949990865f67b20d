/**
 * Loss objects a file builds and calls later: `criterion = nn.CrossEntropyLoss(label_smoothing=0.1)`
 * then `criterion(output, target)`, `self.loss_fct = BCEWithLogitsLoss()` then
 * `self.loss_fct(logits, labels)`. A line scan, as for the import bindings (./imports): only lines
 * that assign a call whose callee resolves to a framework loss class are kept, with the
 * construction's text, so the hover over the object can show the loss it holds and the
 * constructor's arguments. Pure, no `vscode`.
 */
import { canonicalSymbol, resolvePath, type Bindings } from '../syntax/bindings';
import { FRAMEWORK_LOSSES } from './frameworkLosses';

export type LossInstance = {
  /** The loss class's canonical symbol. */
  symbol: string;
  /** The construction as written: `nn.CrossEntropyLoss(label_smoothing=0.1)`. */
  construction: string;
  /** Its arguments, from the opening parenthesis on (for callKeywords). */
  args: string;
  /** 0-based line of the assignment. */
  line: number;
  /** The 1-based notebook cell it is in, when read from a notebook's cells. */
  cell?: number;
};

/** Name (or `self.name`) -> where it is assigned a loss object, in source order. */
export type LossInstances = ReadonlyMap<string, readonly LossInstance[]>;

const ASSIGN = /^\s*((?:self\.)?[A-Za-z_]\w*)\s*(?::\s*[\w.[\], ]+)?=\s*([A-Za-z_][\w.]*)\s*\(/;

/** The text of a call's arguments from `(` at `open`, to its closing parenthesis (or `limit` characters). */
function argsFrom(text: string, open: number, limit = 2000): string {
  let depth = 0;
  for (let i = open, end = Math.min(text.length, open + limit); i < end; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return text.slice(open, i + 1);
    } else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) break;
      i = close;
    }
  }
  return text.slice(open, Math.min(text.length, open + limit));
}

export function scanInstances(text: string, bindings: Bindings): LossInstances {
  return bindings.language === 'python' ? resolveInstances(assignedCalls(text), bindings) : new Map();
}

/**
 * The lines of a text that assign a call (`name = a.b(` ...), found by a line scan that depends on
 * the text alone: a notebook keeps them per cell, and an edit in a cell above, which changes only
 * the bindings, re-resolves them without scanning again.
 */
export type AssignedCalls = { text: string; calls: { name: string; callee: string; open: number; line: number }[] };

export function assignedCalls(text: string): AssignedCalls {
  const calls: AssignedCalls['calls'] = [];
  // The next '=' and '(' in the text, each found once and reused until the scan passes it: a
  // search per line would rescan the same stretch on every line of a file with few of them.
  const next = { '=': -1, '(': -1 };
  const find = (c: '=' | '(', from: number): number => {
    if (next[c] !== Infinity && next[c] < from) {
      const i = text.indexOf(c, from);
      next[c] = i < 0 ? Infinity : i;
    }
    return next[c];
  };
  let line = 0;
  for (let start = 0; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // Cheap test first: an assignment with a call on it.
    const eq = find('=', start);
    if (eq < end && find('(', eq) < end) {
      const m = ASSIGN.exec(text.slice(start, end));
      if (m) calls.push({ name: m[1], callee: m[2], open: start + m[0].length - 1, line });
    }
    start = end + 1;
  }
  return { text, calls };
}

/** The assigned calls whose callee resolves, through `bindings`, to a framework loss class. */
export function resolveInstances({ text, calls }: AssignedCalls, bindings: Bindings): LossInstances {
  const out = new Map<string, LossInstance[]>();
  if (bindings.language !== 'python') return out;
  for (const c of calls) {
    const path = resolvePath(c.callee.split('.'), bindings);
    const symbol = path === undefined ? undefined : canonicalSymbol(path);
    if (!symbol || FRAMEWORK_LOSSES.get(symbol)?.kind !== 'class') continue;
    const args = argsFrom(text, c.open);
    const list = out.get(c.name) ?? [];
    list.push({ symbol, construction: `${c.callee}${args}`.replace(/\s*\n\s*/g, ' '), args, line: c.line });
    out.set(c.name, list);
  }
  return out;
}

/**
 * The loss object `name` holds at `line` of the last of `layers` (a notebook's cells, in order,
 * the hovered one last): the last assignment before it in its own cell; else the last one in the
 * nearest cell above that assigns it; else the first one in its own cell (a function that uses it
 * is defined above the assignment). Each layer's objects are asked for only as far as it looks.
 */
export function instanceInLayers(
  layers: readonly (() => LossInstances)[],
  name: string,
  line: number,
): { instance: LossInstance; own: boolean } | undefined {
  const last = layers[layers.length - 1];
  if (!last) return undefined;
  const own = last().get(name);
  const before = own?.filter((i) => i.line <= line);
  if (before?.length) return { instance: before[before.length - 1], own: true };
  for (let k = layers.length - 2; k >= 0; k--) {
    const list = layers[k]().get(name);
    if (list?.length) return { instance: list[list.length - 1], own: false };
  }
  return own?.[0] ? { instance: own[0], own: true } : undefined;
}
