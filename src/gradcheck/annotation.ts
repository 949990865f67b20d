/**
 * The annotation language of the design:
 *   # gradcheck: logits=randn(6,4) targets=onehot(6,4) wrt=logits grad=my_grad gamma=2.0
 *   /** @gradcheck p=rand(10) y=binary(10)   @grad focalGradient *\/
 * Parsed by a small tokenizer (it is our language, not the user's), with an error per bad token
 * that points at its columns, so a diagnostic can underline it.
 */
import { localizable, M, msg, type Message } from './messages';
import { CATALOG } from '../engine/catalog';
import type { Annotation, ArgSpec, GeneratorName, Param, Range } from './types';

/** Generators and how many dimensions each takes (null: any number >= 1). */
const GENERATORS: Record<GeneratorName, { min: number; max: number; help: Message }> = {
  randn: { min: 1, max: 8, help: msg(M.helpRandn) },
  rand: { min: 1, max: 8, help: msg(M.helpRand) },
  probs: { min: 1, max: 8, help: msg(M.helpProbs) },
  onehot: { min: 2, max: 2, help: msg(M.helpOnehot) },
  labels: { min: 2, max: 2, help: msg(M.helpLabels) },
  binary: { min: 1, max: 8, help: msg(M.helpBinary) },
  signs: { min: 1, max: 8, help: msg(M.helpSigns) },
};

/** Keys that configure the check rather than name an argument. */
const CONTROL_KEYS = new Set(['wrt', 'grad', 'seed', 'ref']);
/** The catalog losses `ref=` may name. */
const CATALOG_IDS = new Set(CATALOG.map((d) => d.id));

/** One piece of annotation text and where it starts in the document. */
export type AnnotationSource = { text: string; line: number; character: number };

type Token = { text: string; start: number };

/** Splits at whitespace that is not inside parentheses, brackets or quotes. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let quote = '';
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text[i] : ' ';
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    const space = /\s/.test(c) && depth <= 0;
    if (space && start >= 0) {
      tokens.push({ text: text.slice(start, i), start });
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return tokens;
}

/** The argument's spec, or what is wrong with it. */
function parseValue(text: string): ArgSpec | Message {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return { kind: 'number', value: Number(text) };
  if (/^(true|True)$/.test(text)) return { kind: 'boolean', value: true };
  if (/^(false|False)$/.test(text)) return { kind: 'boolean', value: false };
  const quoted = /^(["'])(.*)\1$/.exec(text);
  if (quoted) return { kind: 'string', value: quoted[2] };
  const call = /^([A-Za-z_]\w*)\s*\((.*)\)$/.exec(text);
  if (!call) return msg(M.cannotRead, text);
  const name = call[1] as GeneratorName;
  const gen = GENERATORS[name];
  if (!Object.prototype.hasOwnProperty.call(GENERATORS, name)) {
    return msg(M.unknownGenerator, call[1], Object.keys(GENERATORS).join(', '));
  }
  const parts = call[2].split(',').map((s) => s.trim());
  const dims = parts.map(Number);
  if (parts.some((p) => p === '') || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    return msg(M.dimensionsPositive, name, call[2], gen.help);
  }
  if (dims.length < gen.min || dims.length > gen.max) {
    // "dimensions" is plural in both: a generator that takes an exact count takes 2.
    return gen.min === gen.max
      ? msg(M.dimensionCount, name, gen.min, dims.length, gen.help)
      : msg(M.dimensionRange, name, gen.min, gen.max, dims.length, gen.help);
  }
  if (name === 'labels' || name === 'onehot') {
    if (dims[1] < 2) return msg(M.needsTwoClasses, name, dims.join(', '));
  }
  return { kind: 'generator', generator: name, dims };
}

/**
 * Parses annotation pieces (the text after `gradcheck:` on each line, or the `@gradcheck` and
 * `@grad` tag contents). `params` are the function's, to catch a misspelled argument name.
 */
export function parseAnnotation(
  pieces: { source: AnnotationSource; tag: 'gradcheck' | 'grad' }[],
  params: Param[],
): Annotation {
  const first = pieces[0].source;
  const last = pieces[pieces.length - 1].source;
  const annotation: Annotation = {
    skip: false,
    args: {},
    errors: [],
    range: {
      start: { line: first.line, character: first.character },
      end: { line: last.line, character: last.character + last.text.length },
    },
  };
  const names = new Set(params.map((p) => p.name));
  const acceptsAny = params.some((p) => p.kind === 'kwargs');
  for (const { source, tag } of pieces) {
    const rangeOf = (t: Token): Range => ({
      start: { line: source.line, character: source.character + t.start },
      end: { line: source.line, character: source.character + t.start + t.text.length },
    });
    const err = (t: Token, text: Message): void =>
      void annotation.errors.push({ ...localizable(text), range: rangeOf(t) });
    const tokens = tokenize(source.text);
    // `ref=` first: it decides whether a key that is no argument is the reference's parameter.
    for (const t of tokens) {
      const m = /^ref=(.*)$/.exec(t.text);
      if (!m) continue;
      const id = m[1].trim();
      if (id !== 'none' && !CATALOG_IDS.has(id)) err(t, msg(M.unknownReference, id, [...CATALOG_IDS].join(', ')));
      else annotation.ref = id;
    }
    if (tag === 'grad') {
      if (tokens.length !== 1 || !/^[A-Za-z_$][\w$]*$/.test(tokens[0].text)) {
        if (tokens.length === 0) err({ text: '', start: 0 }, msg(M.gradNeedsName));
        else err(tokens[0], msg(M.gradOneName, source.text.trim()));
      } else annotation.grad = tokens[0].text;
      continue;
    }
    for (const t of tokens) {
      if (t.text === 'skip') {
        annotation.skip = true;
        continue;
      }
      const eq = t.text.indexOf('=');
      if (eq <= 0) {
        err(t, msg(M.expectedNameValue, t.text));
        continue;
      }
      const key = t.text.slice(0, eq).trim();
      const value = t.text.slice(eq + 1).trim();
      if (value === '') {
        err(t, msg(M.needsValue, key));
        continue;
      }
      if (key === 'wrt' || key === 'grad') {
        if (!/^[A-Za-z_$][\w$.]*$/.test(value)) err(t, msg(M.takesName, key, value));
        else if (key === 'wrt' && !names.has(value))
          err(t, names.size ? msg(M.wrtNoArgument, value, [...names].join(', ')) : msg(M.wrtNoArgumentNone, value));
        else if (key === 'wrt') annotation.wrt = value;
        else annotation.grad = value;
        continue;
      }
      if (key === 'seed') {
        const seed = Number(value);
        if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) err(t, msg(M.seedRange, value));
        else annotation.seed = seed;
        continue;
      }
      if (CONTROL_KEYS.has(key)) continue;
      // `ref=focal alpha=0.5`: a number for the reference (and for the argument, if there is one).
      const refValue =
        annotation.ref && annotation.ref !== 'none'
          ? value === 'true' || value === 'false'
            ? value === 'true'
            : Number(value)
          : undefined;
      if (refValue !== undefined && (typeof refValue === 'boolean' || Number.isFinite(refValue)))
        (annotation.refParams ??= {})[key] = refValue;
      if (!names.has(key) && !acceptsAny) {
        if (refValue !== undefined) continue;
        err(t, names.size ? msg(M.noArgument, key, [...names].join(', ')) : msg(M.noArgumentNone, key));
        continue;
      }
      const spec = parseValue(value);
      if ('kind' in spec) annotation.args[key] = spec;
      else err(t, spec);
    }
  }
  if (annotation.wrt && annotation.args[annotation.wrt] && annotation.args[annotation.wrt].kind !== 'generator') {
    annotation.errors.push({ ...localizable(msg(M.wrtConstant, annotation.wrt)), range: annotation.range });
  }
  const wrtSpec = annotation.wrt ? annotation.args[annotation.wrt] : undefined;
  if (wrtSpec?.kind === 'generator' && ['labels', 'onehot', 'binary', 'signs'].includes(wrtSpec.generator)) {
    annotation.errors.push({
      ...localizable(msg(M.wrtDiscrete, annotation.wrt!, wrtSpec.generator)),
      range: annotation.range,
    });
  }
  return annotation;
}

/** Python: consecutive `# gradcheck: ...` comment lines right above `defLine` (0-based). */
export function pythonAnnotationAbove(
  lines: { get(line: number): string },
  defLine: number,
): AnnotationSource[] | null {
  const found: AnnotationSource[] = [];
  for (let l = defLine - 1; l >= 0; l--) {
    const line = lines.get(l);
    const m = /^(\s*#\s*gradcheck\b\s*:?)(.*)$/i.exec(line);
    if (!m) {
      if (/^\s*#/.test(line)) continue; // another comment between: keep looking up the comment block
      break;
    }
    found.unshift({ text: m[2], line: l, character: m[1].length });
  }
  return found.length ? found : null;
}

/**
 * JS/TS: `@gradcheck ...` and `@grad name` tags of a JSDoc block comment that starts at `offset`
 * in `text`. Each tag runs to the next tag or the end of its line.
 */
export function jsdocAnnotation(
  comment: string,
  offset: number,
  positionAt: (offset: number) => { line: number; character: number },
): { source: AnnotationSource; tag: 'gradcheck' | 'grad' }[] {
  const pieces: { source: AnnotationSource; tag: 'gradcheck' | 'grad' }[] = [];
  const tag = /@(gradcheck|grad)\b([^@\n*]*)/g;
  for (let m = tag.exec(comment); m; m = tag.exec(comment)) {
    const start = offset + m.index + m[1].length + 1;
    const pos = positionAt(start);
    pieces.push({
      source: { text: m[2].replace(/\s+$/, ''), line: pos.line, character: pos.character },
      tag: m[1] as 'gradcheck' | 'grad',
    });
  }
  return pieces;
}
