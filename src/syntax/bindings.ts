/**
 * The names a file binds to framework modules and objects: `import torch.nn.functional as F`,
 * `from keras import losses`, `import * as tf from '@tensorflow/tfjs'`, `const { losses } = tf`,
 * `ce = F.cross_entropy`. A line scan finds the few statements that can bind such names, and
 * Lezer (the grammars grad-check discovery uses) parses just those: parsing a whole 10,000-line
 * file takes ~80 ms, the scan a millisecond or two. Both come in steps too (bindingSteps), for the
 * extension host's thread, where a 50,000-line file's scan is tens of ms. Pure, no `vscode`.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { ChunkedParser } from './chunkedParse';
import { pythonParser, scriptParser } from './parsers';
import { runToEnd, type Steps } from './slices';
import { children, textOf } from './nodes';

export type SyntaxLanguage = 'python' | 'script';

export type Bindings = {
  language: SyntaxLanguage;
  /** Local name -> the dotted path it stands for (`F` -> `torch.nn.functional`). */
  names: Map<string, string>;
  /** Modules imported with `from m import *`. */
  stars: string[];
};

/** npm packages whose exports are TF.js's `tf` namespace. */
const TFJS_MODULE = /^@tensorflow\/tfjs(-core|-node|-node-gpu|-layers)?$/;

/** Leading whitespace skipped; the offset of the first other character. */
function indentEnd(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** A line that starts another import: never the continuation of an unclosed one. */
const NEXT_IMPORT = /^\s*(?:import|from|export)\s/;

// A statement that may span lines: Python parentheses or a trailing backslash, JS braces. One left
// open (while it is being typed) stops before the next import and is closed, so that in the
// snippet it does not swallow the statements after it.
function statementFrom(
  text: string,
  start: number,
  open: string,
  close: string,
  maxLines = 50,
): { snippet: string; end: number } {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  let snippet = text.slice(start, end);
  let depth = count(snippet, open) - count(snippet, close);
  for (let lines = 1; (depth > 0 || snippet.endsWith('\\')) && end < text.length && lines < maxLines; lines++) {
    const next = text.indexOf('\n', end + 1);
    const lineEnd = next < 0 ? text.length : next;
    const line = text.slice(end + 1, lineEnd);
    if (NEXT_IMPORT.test(line)) break;
    snippet += '\n' + line;
    depth += count(line, open) - count(line, close);
    end = lineEnd;
  }
  if (snippet.endsWith('\\')) snippet = snippet.slice(0, -1);
  return { snippet: depth > 0 ? snippet + close.repeat(depth) : snippet, end };
}

/** Statements read between yields. */
const STATEMENTS_PER_YIELD = 256;

const PY_ALIAS = /^[A-Za-z_]\w*\s*=\s*[A-Za-z_][\w.]*\s*(#.*)?$/;
const JS_ALIAS = /^(?:export\s+)?(?:const|let|var)\s/;

/** The statements of `text` that can bind framework names, each on its own line(s), in order. */
export function bindingStatements(text: string, language: SyntaxLanguage): string[] {
  return runToEnd(statementSteps(text, language));
}

/** Lines looked at between yields: about a millisecond. */
const LINES_PER_YIELD = 1024;

function* statementSteps(text: string, language: SyntaxLanguage): Steps<string[]> {
  const out: string[] = [];
  for (let lineStart = 0, n = 1; lineStart < text.length; n++) {
    if (n % LINES_PER_YIELD === 0) yield;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const s = indentEnd(text, lineStart, lineEnd);
    const c = text.charCodeAt(s);
    // Only lines starting with i, f, c, l, v, e, or a name can bind anything; test cheaply first.
    if (language === 'python') {
      if ((c === 105 && text.startsWith('import ', s)) || (c === 102 && text.startsWith('from ', s))) {
        const st = statementFrom(text, s, '(', ')');
        out.push(st.snippet);
        lineEnd = st.end;
      } else if (c !== 35 && text.indexOf('=', s) < lineEnd && PY_ALIAS.test(text.slice(s, lineEnd).trimEnd())) {
        out.push(text.slice(s, lineEnd));
      }
    } else if (c === 105 && text.startsWith('import', s)) {
      const st = statementFrom(text, s, '{', '}');
      out.push(st.snippet);
      lineEnd = st.end;
    } else if (
      (c === 99 || c === 108 || c === 118 || c === 101) &&
      JS_ALIAS.test(text.slice(s, Math.min(lineEnd, s + 16)))
    ) {
      const line = text.slice(s, lineEnd);
      // Only aliases of names or members, and require(): `const { losses } = tf`, `const L = tf.losses`.
      if (/=\s*(require\s*\(|[A-Za-z_$][\w$.]*\s*;?\s*$)/.test(line) || (line.includes('{') && !line.includes('}'))) {
        const st = statementFrom(text, s, '{', '}', 20);
        out.push(st.snippet);
        lineEnd = st.end;
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** Scans `text` for the names it binds to framework modules and objects (after `prior`'s, when given). */
export function scanBindings(text: string, language: SyntaxLanguage, prior?: Bindings): Bindings {
  return runToEnd(bindingSteps(text, language, prior));
}

/** Each statement found starts a line of the snippet: a chunk may start at any of them (./chunkedParse). */
const SNIPPET_STARTS = /[A-Za-z_$@]/;

/**
 * The statements of a text that can bind names, parsed: the costly part of a scan, which depends
 * on that text alone. A notebook keeps one per cell and reads them in cell order (bindFrom), so an
 * edit in one cell parses that cell again and only re-reads the cells after it.
 */
export type BindingSyntax = { language: SyntaxLanguage; snippet: string; tree: Tree | null };

export function* bindingSyntaxSteps(text: string, language: SyntaxLanguage): Steps<BindingSyntax> {
  const statements = yield* statementSteps(text, language);
  if (statements.length === 0) return { language, snippet: '', tree: null };
  const snippet = statements.join('\n');
  // Alias lines count too, so the snippet of a long file can be long: it is parsed in chunks.
  const tree = yield* new ChunkedParser(
    language === 'python' ? pythonParser() : scriptParser('typescript', false),
    SNIPPET_STARTS,
  ).parse(snippet);
  return { language, snippet, tree };
}

/** No names bound yet. */
export function emptyBindings(language: SyntaxLanguage): Bindings {
  return { language, names: new Map(), stars: [] };
}

/**
 * The bindings after reading `syntax`'s statements in order, starting from `prior`'s (which is
 * not changed): an alias (`ce = F.cross_entropy`) resolves through the names bound before it,
 * in the same text or in the texts `prior` was read from (a notebook's earlier cells).
 */
export function* bindFrom(syntax: BindingSyntax, prior?: Bindings): Steps<Bindings> {
  const b: Bindings = prior
    ? { language: prior.language, names: new Map(prior.names), stars: [...prior.stars] }
    : emptyBindings(syntax.language);
  const { snippet, tree } = syntax;
  if (!tree) return b;
  let i = 0;
  if (syntax.language === 'python') {
    for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
      if (++i % STATEMENTS_PER_YIELD === 0) yield;
      if (n.name === 'ImportStatement') pythonImport(snippet, n, b);
      else if (n.name === 'AssignStatement') pythonAlias(snippet, n, b);
    }
  } else {
    for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
      if (++i % STATEMENTS_PER_YIELD === 0) yield;
      if (n.name === 'ImportDeclaration') scriptImport(snippet, n, b);
      else if (n.name === 'VariableDeclaration') scriptDeclaration(snippet, n, b);
      else if (n.name === 'ExportDeclaration') {
        const d = children(n).find((c) => c.name === 'VariableDeclaration');
        if (d) scriptDeclaration(snippet, d, b);
      }
    }
  }
  return b;
}

/** scanBindings in steps (./slices), for the hover provider on the extension host's thread. */
export function* bindingSteps(text: string, language: SyntaxLanguage, prior?: Bindings): Steps<Bindings> {
  return yield* bindFrom(yield* bindingSyntaxSteps(text, language), prior ?? emptyBindings(language));
}

/** `a.b.c` as written, from a run of VariableName and `.` nodes. */
function dotted(text: string, nodes: SyntaxNode[]): string {
  return nodes.map((n) => textOf(text, n)).join('');
}

function pythonImport(text: string, stmt: SyntaxNode, b: Bindings): void {
  const parts = children(stmt).filter((c) => c.name !== '(' && c.name !== ')');
  if (parts[0]?.name === 'from') {
    const at = parts.findIndex((c) => c.name === 'import');
    if (at < 0) return;
    const moduleNodes = parts.slice(1, at);
    if (moduleNodes.length === 0 || moduleNodes[0].name === '.') return; // relative: the user's own package
    const module = dotted(text, moduleNodes);
    const rest = parts.slice(at + 1);
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      if (c.name === '*') b.stars.push(module);
      if (c.name !== 'VariableName') continue;
      const name = textOf(text, c);
      if (rest[i + 1]?.name === 'as' && rest[i + 2]?.name === 'VariableName') {
        b.names.set(textOf(text, rest[i + 2]), `${module}.${name}`);
        i += 2;
      } else b.names.set(name, `${module}.${name}`);
    }
    return;
  }
  // import a.b.c as d, e.f
  let run: SyntaxNode[] = [];
  const flush = (alias?: string): void => {
    if (run.length === 0) return;
    const path = dotted(text, run);
    if (alias) b.names.set(alias, path);
    else {
      // `import torch.nn` binds `torch`
      const root = path.split('.')[0];
      if (!b.names.has(root)) b.names.set(root, root);
    }
    run = [];
  };
  const parts2 = parts.slice(1);
  for (let i = 0; i < parts2.length; i++) {
    const c = parts2[i];
    if (c.name === 'VariableName' || c.name === '.') run.push(c);
    else if (c.name === 'as' && parts2[i + 1]?.name === 'VariableName') {
      flush(textOf(text, parts2[i + 1]));
      i++;
    } else if (c.name === ',') flush();
  }
  flush();
}

function pythonAlias(text: string, stmt: SyntaxNode, b: Bindings): void {
  const parts = children(stmt);
  if (parts.length !== 3 || parts[0].name !== 'VariableName' || parts[1].name !== 'AssignOp') return;
  const target = resolvePath(textOf(text, parts[2]).split('.'), b);
  if (target) b.names.set(textOf(text, parts[0]), target);
}

function stringValue(text: string, n: SyntaxNode | undefined): string | undefined {
  return n && n.name === 'String' ? textOf(text, n).slice(1, -1) : undefined;
}

/** The path a module specifier stands for: `tfjs` for TF.js's packages, else the specifier. */
function scriptModule(spec: string): string {
  return TFJS_MODULE.test(spec) ? 'tfjs' : spec;
}

function scriptImport(text: string, decl: SyntaxNode, b: Bindings): void {
  const parts = children(decl);
  const spec = stringValue(
    text,
    parts.find((c) => c.name === 'String'),
  );
  if (spec === undefined) return;
  const module = scriptModule(spec);
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i];
    if (c.name === 'VariableDefinition') b.names.set(textOf(text, c), module); // default or `* as tf`
    if (c.name !== 'ImportGroup') continue;
    const g = children(c);
    for (let j = 0; j < g.length; j++) {
      const k = g[j];
      if (k.name !== 'VariableName' && k.name !== 'VariableDefinition') continue;
      const name = textOf(text, k);
      if (g[j + 1]?.name === 'as' && g[j + 2]) {
        b.names.set(textOf(text, g[j + 2]), `${module}.${name}`);
        j += 2;
      } else b.names.set(name, `${module}.${name}`);
    }
  }
}

/** The path an initialiser stands for: a bound name or member of one, or `require('m')`. */
function scriptValue(text: string, n: SyntaxNode | undefined, b: Bindings): string | undefined {
  if (!n) return undefined;
  if (n.name === 'VariableName' || n.name === 'MemberExpression') {
    const t = textOf(text, n);
    return /^[\w$.]+$/.test(t) ? resolvePath(t.split('.'), b) : undefined;
  }
  if (n.name === 'CallExpression') {
    const callee = n.firstChild;
    const args = n.lastChild;
    if (callee && textOf(text, callee) === 'require' && args) {
      const spec = stringValue(
        text,
        children(args).find((c) => c.name === 'String'),
      );
      return spec === undefined ? undefined : scriptModule(spec);
    }
  }
  return undefined;
}

function scriptDeclaration(text: string, decl: SyntaxNode, b: Bindings): void {
  const parts = children(decl);
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i];
    if (c.name !== 'VariableDefinition' && c.name !== 'ObjectPattern') continue;
    if (parts[i + 1]?.name !== 'Equals') continue;
    const value = scriptValue(text, parts[i + 2], b);
    if (!value) continue;
    if (c.name === 'VariableDefinition') b.names.set(textOf(text, c), value);
    else {
      for (const prop of children(c)) {
        if (prop.name !== 'PatternProperty') continue;
        const ps = children(prop);
        const key = ps.find((x) => x.name === 'PropertyName') ?? ps.find((x) => x.name === 'VariableDefinition');
        const local = [...ps].reverse().find((x) => x.name === 'VariableDefinition');
        if (key && local) b.names.set(textOf(text, local), `${value}.${textOf(text, key)}`);
      }
    }
  }
}

/**
 * The full path of `parts` (`['F', 'cross_entropy']`) under the bindings, or undefined when its
 * first name is not bound. A name not bound but imported by `from m import *` resolves under m.
 */
export function resolvePath(parts: readonly string[], b: Bindings): string | undefined {
  const head = b.names.get(parts[0]);
  if (head !== undefined) return [head, ...parts.slice(1)].join('.');
  return undefined;
}

/** Where the same module is known under several paths: the one the table uses last. */
const CANONICAL_PREFIXES: readonly [string, string][] = [
  ['tensorflow.python.keras.losses.', 'keras.losses.'],
  ['tensorflow.keras.losses.', 'keras.losses.'],
  ['tensorflow.losses.', 'keras.losses.'],
  ['tf_keras.losses.', 'keras.losses.'],
  ['keras.src.losses.losses.', 'keras.losses.'],
  ['keras.src.losses.', 'keras.losses.'],
  ['keras.api.losses.', 'keras.losses.'],
  ['torch.nn.modules.loss.', 'torch.nn.'],
  ['torch.nn.modules.', 'torch.nn.'],
  ['torchvision.ops.focal_loss.', 'torchvision.ops.'],
  ['optax.losses.', 'optax.'],
  ['optax._src.loss.', 'optax.'],
];

export function canonicalSymbol(path: string): string {
  for (const [from, to] of CANONICAL_PREFIXES) if (path.startsWith(from)) return to + path.slice(from.length);
  return path;
}
