/**
 * From a position in a line to the framework loss under it: the dotted name there (or the string
 * literal in a `compile(loss=...)`), resolved through the file's import bindings (./imports) to a
 * canonical symbol, and looked up in ./frameworkLosses. Pure, no `vscode`.
 */
import { canonicalSymbol, resolvePath, type Bindings } from '../syntax/bindings';

export { canonicalSymbol };
import { FRAMEWORK_LOSSES, stringLoss, type FrameworkLoss, type PlaygroundParams } from './frameworkLosses';
import { instanceInLayers, type LossInstance, type LossInstances } from './instances';

const isIdent = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;

export type SymbolAt =
  | { kind: 'name'; parts: string[]; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number; before: string };

/**
 * The dotted name whose segment covers `ch` (up to and including that segment: hovering `F` in
 * `F.cross_entropy` gives `['F']`), or the string literal around `ch`. Undefined for anything
 * else, and for a member of an expression that is not a name (`f().mse`).
 */
export function symbolAt(line: string, ch: number): SymbolAt | undefined {
  const str = stringAt(line, ch);
  if (str) return str;
  let start = ch;
  let end = ch;
  while (start > 0 && isIdent(line.charCodeAt(start - 1))) start--;
  while (end < line.length && isIdent(line.charCodeAt(end))) end++;
  if (start === end) return undefined;
  const parts = [line.slice(start, end)];
  let s = start;
  while (s > 1 && line.charCodeAt(s - 1) === 46 && isIdent(line.charCodeAt(s - 2))) {
    let a = s - 1;
    while (a > 0 && isIdent(line.charCodeAt(a - 1))) a--;
    parts.unshift(line.slice(a, s - 1));
    s = a;
  }
  if (s > 0 && '.)]'.includes(line[s - 1])) return undefined;
  if (/^\d/.test(parts[0])) return undefined;
  return { kind: 'name', parts, start: s, end };
}

/** The string literal ('...' or "...", on one line) around `ch`, if any. */
function stringAt(line: string, ch: number): SymbolAt | undefined {
  let quote = '';
  let open = -1;
  for (let i = 0; i < line.length && i < ch + 1; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      open = i;
    } else if (c === '#') {
      break;
    }
  }
  if (!quote || open < 0 || ch <= open) return undefined;
  const close = line.indexOf(quote, open + 1);
  if (close < 0 || close < ch) return undefined;
  return {
    kind: 'string',
    value: line.slice(open + 1, close),
    start: open,
    end: close + 1,
    before: line.slice(0, open),
  };
}

/**
 * `loss=`, `loss:`, `losses.get(`, or a list/dict of them, right before a string; or the second
 * positional argument of a Keras compile: `compile('adam', 'binary_crossentropy')`.
 */
const LOSS_CONTEXT =
  /(?:\bloss(?:es)?\s*[=:]\s*(?:[[{(][^\]})]*)?|\blosses\.get\(\s*|\.compile\(\s*(?:'[^']*'|"[^"]*"|[\w.]+(?:\([^()]*\))?)\s*,\s*)$/;

export type FoundLoss = {
  loss: FrameworkLoss;
  /** The catalog id the hover shows: the table's, or its switch's when the call sets it. */
  catalogId: string;
  /** Playground parameters: the framework's defaults, then literal keyword arguments of the call. */
  params: PlaygroundParams;
  /** Literal keyword arguments of the call (or of the loss object's construction), as written (`beta=0.5`, `reduction='sum'`). */
  given: Record<string, string>;
  /** A loss object hovered where it is used: what it holds and where it was built (`cell`: a notebook cell above the hovered one). */
  heldBy?: { name: string; instance: LossInstance; cell?: number };
  start: number;
  end: number;
};

/**
 * The framework loss at `ch` in `line`, if any. `after` is the document text from the end of
 * the line on (for a call's arguments that continue there); the call's literal keyword
 * arguments refine the playground parameters. `instances` gives the loss objects of the file, or
 * of a notebook's cells in order, the hovered cell last, each when it is first looked in (asked
 * only when the name is not a framework loss itself); `lineNumber` is the 0-based line of `line`
 * in its file or cell.
 */
export function frameworkLossAt(
  line: string,
  ch: number,
  bindings: Bindings,
  after = '',
  instances?: () => readonly (() => LossInstances)[],
  lineNumber = 0,
): FoundLoss | undefined {
  const sym = symbolAt(line, ch);
  if (!sym) return undefined;
  if (sym.kind === 'string') {
    if (!LOSS_CONTEXT.test(sym.before)) return undefined;
    const loss = stringLoss(sym.value, bindings.language === 'python' ? 'keras' : 'tfjs');
    return loss
      ? { loss, catalogId: loss.catalogId, params: { ...loss.playground }, given: {}, start: sym.start, end: sym.end }
      : undefined;
  }
  if (/\b(def|class|function)\s+$/.test(line.slice(0, sym.start))) return undefined;
  let loss = lookup(sym.parts, bindings);
  let given: Record<string, string> = {};
  let heldBy: FoundLoss['heldBy'];
  if (loss) given = bindings.language === 'python' ? callKeywords(line.slice(sym.end) + '\n' + after) : {};
  else if (instances) {
    // A loss object (`criterion(out, y)`): its class, and the arguments it was built with.
    const name = sym.parts.join('.');
    const found = instanceInLayers(instances(), name, lineNumber);
    loss = found ? FRAMEWORK_LOSSES.get(found.instance.symbol) : undefined;
    if (!found || !loss) return undefined;
    const { instance, own } = found;
    // Only where it is called or built: a name passed around elsewhere may hold something else.
    if (!/^\s*\(/.test(line.slice(sym.end)) && !(own && instance.line === lineNumber)) return undefined;
    given = callKeywords(instance.args);
    heldBy = { name, instance, ...(own || instance.cell === undefined ? {} : { cell: instance.cell }) };
  }
  if (!loss) return undefined;
  let catalogId = loss.catalogId;
  let params: PlaygroundParams = { ...loss.playground };
  if (loss.switch && given[loss.switch.param] === 'True') {
    catalogId = loss.switch.catalogId;
    params = { ...(loss.switch.playground ?? {}) };
  }
  if (catalogId === loss.catalogId) {
    for (const p of loss.params) {
      const v = given[p.name];
      if (!p.catalog || v === undefined) continue;
      if (v === 'True' || v === 'False') params[p.catalog] = v === 'True';
      else if (v === 'None' && p.catalog === 'alpha') params.alpha = -1;
      else if (Number.isFinite(Number(v))) params[p.catalog] = Number(v);
    }
    if (loss.symbol.endsWith('BinaryFocalCrossentropy') || loss.symbol.endsWith('binary_focal_crossentropy')) {
      // Keras uses α only with apply_class_balancing=True.
      if (given.apply_class_balancing !== 'True') params.alpha = -1;
    }
  }
  return { loss, catalogId, params, given, ...(heldBy ? { heldBy } : {}), start: sym.start, end: sym.end };
}

function lookup(parts: readonly string[], b: Bindings): FrameworkLoss | undefined {
  const path = resolvePath(parts, b);
  if (path !== undefined) return FRAMEWORK_LOSSES.get(canonicalSymbol(path));
  for (const m of b.stars) {
    const e = FRAMEWORK_LOSSES.get(canonicalSymbol(`${m}.${parts.join('.')}`));
    if (e) return e;
  }
  return undefined;
}

/**
 * Literal keyword arguments of the call that starts at the beginning of `text` (`(x, y, beta=0.5)`):
 * numbers, True, False, None and one-line strings (kept with their quotes: `'batchmean'`), at the
 * call's top level. Empty when `text` does not start a call.
 */
export function callKeywords(text: string, limit = 2000): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] !== '(') return out;
  let depth = 0;
  let argStart = i + 1;
  const arg = (s: string): void => {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*(-?[\d.]+(?:e-?\d+)?|True|False|None|'[^'\\\n]*'|"[^"\\\n]*")\s*$/.exec(s);
    if (m) out[m[1]] = m[2];
  };
  for (const end = Math.min(text.length, i + limit); i < end; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        arg(text.slice(argStart, i));
        break;
      }
    } else if (c === ',' && depth === 1) {
      arg(text.slice(argStart, i));
      argStart = i + 1;
    } else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) break;
      i = close;
    }
  }
  return out;
}
