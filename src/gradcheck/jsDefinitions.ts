/**
 * Definitions-only loading for JS/TS: which top-level statements of a user's module a check runs.
 * The JS counterpart of python/lp_definitions.py, by the same rule.
 *
 * A check needs the module's definitions (imports, functions, classes, constants), never what a
 * script does at its top level (train, fetch, delete files, call `main()`). So the source is parsed
 * (Lezer) and every top-level statement that is not a definition is blanked out: its characters
 * become spaces, newlines stay, so line and column numbers in stack traces still point at the
 * user's lines. A blanked statement starts with `;`, so the statements around it cannot join.
 *
 * - kept: imports and `require` bindings, function and class declarations (and their `export`),
 *   variable declarations whose initialisers are safe values, assignments of safe values to
 *   members of defined objects (`module.exports = ...`, `exports.x = ...`, `cost.mse = function`,
 *   `Fn.prototype.f = ...`), `Object.assign` / `Object.defineProperty` / `util.inherits` and the
 *   TS/Babel helpers of compiled code, bare `require('x')`, `'use strict'`, TS type-only
 *   declarations (interface, type, enum, declare); `if` (with a safe condition), `try` and blocks,
 *   filtered the same way inside; a function run at once (IIFE) whose body only defines.
 * - safe values: literals, functions, arrows, classes (with safe `extends`, static initialisers
 *   and decorators), object and array literals of safe values, names already defined and their
 *   members, `new` of built-ins (`new Map()`), calls of pure built-ins (`Math.*`, `Object.freeze`,
 *   `Symbol`, `Array.from`, ...) and of the frameworks' functions (`tf.scalar`, `tf.tensor1d`,
 *   `tf.variable`, `tf.train.adam`, `path.join`; not `tf.loadLayersModel`, `model.fit`,
 *   `tf.setBackend`): tensor constants are harmless, and the runner gives tfjs a backend before
 *   the module runs. A function passed to a call may run at once: only an arrow whose body is a
 *   safe value is accepted there (`tf.tidy(() => tf.scalar(2))`).
 * - left out, and listed with their line, the first line of their text, why, and the names they
 *   would bind: everything else (bare calls, loops, `await`, calls of the module's own functions,
 *   `new` of its own classes, file reads, the `if (require.main === module)` block, ...). A name
 *   that a left-out statement assigns is no longer taken as defined, so what reads it is left out too.
 *
 * Pure: no node or vscode imports; the parser comes from ../syntax/parsers.
 */
import type { SyntaxNode } from '@lezer/common';
import { M, msg, type Message } from './messages';
import { scriptParser } from '../syntax/parsers';

/** A top-level statement the check does not run. `line` is 1-based; `binds` the names (or dotted targets) it would define. */
export type LeftOut = { line: number; text: string; why: Message; binds: string[] };

/** The text to run (same length and lines as the source) and what was left out of it. */
export type Definitions = { code: string; leftOut: LeftOut[] };

/** The typed arrays: globals, namespaces of pure functions (`Float64Array.from`) and constructors alike. */
const TYPED_ARRAYS = [
  'Float64Array',
  'Float32Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
];

/** The global functions that only turn numbers and strings into others: globals, and pure to call. */
const COMPUTING_FUNCTIONS = [
  'parseInt',
  'parseFloat',
  'isNaN',
  'isFinite',
  'encodeURIComponent',
  'decodeURIComponent',
  'encodeURI',
  'decodeURI',
];

/** Built-in globals of Node and the browser that a module may read at load. */
const GLOBALS = new Set([
  'undefined',
  'NaN',
  'Infinity',
  'globalThis',
  'global',
  'Math',
  'JSON',
  'Object',
  'Array',
  'Number',
  'String',
  'Boolean',
  'Symbol',
  'BigInt',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'Promise',
  'Reflect',
  'Proxy',
  'Date',
  'RegExp',
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
  'Function',
  'Intl',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  ...TYPED_ARRAYS,
  'BigInt64Array',
  'BigUint64Array',
  'Atomics',
  ...COMPUTING_FUNCTIONS,
  'console',
  'process',
  'Buffer',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'structuredClone',
  'performance',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'arguments',
]);

/** Built-ins whose call only computes a value. */
const PURE_FUNCTIONS = new Set([
  'Symbol',
  'BigInt',
  'Number',
  'String',
  'Boolean',
  'Array',
  'Object',
  'RegExp',
  'Error',
  'TypeError',
  'RangeError',
  'Date',
  ...COMPUTING_FUNCTIONS,
  'structuredClone',
]);

/** Built-in namespaces whose functions only compute (or define: Object.assign, Object.defineProperty). */
const PURE_NAMESPACES = new Set([
  'Math',
  'JSON',
  'Object',
  'Array',
  'Number',
  'String',
  'Symbol',
  'BigInt',
  'Reflect',
  'Intl',
  'Date',
  ...TYPED_ARRAYS,
  'Buffer',
  'path',
]);

/** Built-ins `new` may build at load. */
const PURE_CONSTRUCTORS = new Set([
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'Array',
  'Object',
  'Number',
  'String',
  'Boolean',
  'Date',
  'RegExp',
  'Proxy',
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  ...TYPED_ARRAYS,
  'BigInt64Array',
  'BigUint64Array',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
]);

/** Packages whose functions build values (arrays, tensors, layers, optimizers, paths) when called at load. */
const PURE_MODULES = /^(?:@tensorflow\/|mathjs$|ml-matrix$|ndarray|numjs$|@stdlib\/|(?:node:)?(?:path|util|url)$)/;

/** Names that read, write, download, train or change global state, whatever they are called on. */
const UNSAFE_CALLS = new Set([
  'load',
  'loadLayersModel',
  'loadGraphModel',
  'loadModel',
  'save',
  'fit',
  'fitDataset',
  'train',
  'minimize',
  'predict',
  'evaluate',
  'execute',
  'executeAsync',
  'csv',
  'fetch',
  'readFile',
  'readFileSync',
  'writeFile',
  'writeFileSync',
  'rm',
  'rmSync',
  'unlink',
  'unlinkSync',
  'mkdir',
  'mkdirSync',
  'spawn',
  'exec',
  'execSync',
  'execFile',
  'execFileSync',
  'fork',
  'exit',
  'setBackend',
  'ready',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'listen',
  'sleep',
  'dispose',
  'disposeVariables',
  'nextFrame',
  'toPixels',
  'fromPixels',
  'enableProdMode',
  'enableDebugMode',
  'setPlatform',
  'registerBackend',
  'removeBackend',
  'profile',
  'time',
  'print',
  'seedrandom',
  'apply',
  'construct',
  'call',
  'then',
  'catch',
  'finally',
  'data',
  'dataSync',
  'array',
  'arraySync',
  'download',
  'open',
  'connect',
]);

/** Calls that define (attach members, set up inheritance) when their arguments are safe: kept as bare statements. */
const DEFINING_CALLS = new Set([
  'Object.assign',
  'Object.defineProperty',
  'Object.defineProperties',
  'Object.setPrototypeOf',
  'Object.freeze',
  'Object.seal',
  'Object.preventExtensions',
  'Reflect.defineProperty',
  'Reflect.setPrototypeOf',
  'util.inherits',
  'inherits',
  'tf.serialization.registerClass',
  'serialization.registerClass',
  'registerClass',
]);

/** Helpers of compiled TypeScript and Babel output (when the module defines them): they only define. */
const HELPERS = new Set([
  '__extends',
  '__assign',
  '__rest',
  '__decorate',
  '__param',
  '__metadata',
  '__exportStar',
  '__createBinding',
  '__setModuleDefault',
  '__importStar',
  '__importDefault',
  '__spreadArray',
  '__read',
  '__values',
  '__makeTemplateObject',
  '_createClass',
  '_inherits',
  '_inheritsLoose',
  '_defineProperty',
  '_interopRequireDefault',
  '_interopRequireWildcard',
  '_possibleConstructorReturn',
  '_getPrototypeOf',
  '_setPrototypeOf',
  '_typeof',
  '_objectSpread',
  '_objectSpread2',
  '_extends',
  '_toConsumableArray',
  '_slicedToArray',
  '_createSuper',
  '_classPrivateFieldInitSpec',
  '_export',
  '_exportStar',
]);

/** Calls that keep a function argument for later rather than running it. */
const STORES_FUNCTIONS =
  /(?:^|\.)(?:grad|grads|valueAndGrad|valueAndGrads|customGrad|bind|inherits|promisify|deprecate|defineProperty|defineProperties|assign|freeze|registerClass|Symbol)$/;

/** Statement kinds that only run code. */
const RUNS: Record<string, string> = {
  ForStatement: 'for',
  WhileStatement: 'while',
  DoStatement: 'do',
  SwitchStatement: 'switch',
  WithStatement: 'with',
  LabeledStatement: 'label',
  ThrowStatement: 'throw',
  ReturnStatement: 'return',
  BreakStatement: 'break',
  ContinueStatement: 'continue',
  DebuggerStatement: 'debugger',
};

const TYPE_ONLY = new Set([
  'InterfaceDeclaration',
  'TypeAliasDeclaration',
  'AmbientDeclaration',
  'AmbientFunctionDeclaration',
  'GlobalDeclaration',
]);

/** A scope and the scopes around it, innermost first. */
function* outward(scope: Scope): Generator<Scope> {
  for (let s: Scope | null = scope; s; s = s.parent) yield s;
}

/** Names readable at a point: declared (may be assigned) and defined (hold their value). */
class Scope {
  private readonly declared = new Set<string>();
  private readonly defined = new Set<string>();
  /** Names a left-out statement assigns, with that statement's line. */
  private readonly lost = new Map<string, number>();
  /** `block`: an `if`/`try`/bare block, whose `var`s and functions belong to the enclosing function (or module). */
  constructor(
    readonly parent: Scope | null = null,
    readonly block = false,
  ) {}

  /** Where `var` declarations go. */
  functionScope(): Scope {
    return this.block && this.parent ? this.parent.functionScope() : this;
  }

  define(name: string): void {
    this.declared.add(name);
    this.defined.add(name);
    this.lost.delete(name);
  }
  declare(name: string): void {
    this.declared.add(name);
  }
  /** The value of `name` is not set by the check: a statement that would set it was left out. */
  lose(name: string, line: number): void {
    for (const s of outward(this)) {
      if (s.declared.has(name) || !s.parent) {
        s.defined.delete(name);
        s.lost.set(name, line);
        return;
      }
    }
  }
  isDefined(name: string): boolean {
    for (const s of outward(this)) {
      if (s.defined.has(name)) return true;
      if (s.declared.has(name) || s.lost.has(name)) return false;
    }
    return GLOBALS.has(name);
  }
  /** Declared by the module itself (so not the built-in of that name). */
  isOwn(name: string): boolean {
    for (const s of outward(this)) if (s.declared.has(name) || s.lost.has(name)) return true;
    return false;
  }
  lostAt(name: string): number | undefined {
    for (const s of outward(this)) {
      if (s.defined.has(name)) return undefined;
      const line = s.lost.get(name);
      if (line !== undefined) return line;
    }
    return undefined;
  }
}

/** What one pass over statements decided: ranges to blank, and what they were. */
class Selection {
  readonly blanks: [number, number][] = [];
  readonly leftOut: LeftOut[] = [];
}

/** The child nodes, comments left out (the parser puts them anywhere). */
const children = (node: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling)
    if (c.name !== 'LineComment' && c.name !== 'BlockComment') out.push(c);
  return out;
};

const firstOf = (node: SyntaxNode): SyntaxNode | null => children(node)[0] ?? null;
const lastOf = (node: SyntaxNode): SyntaxNode | null => children(node).at(-1) ?? null;

function hasError(node: SyntaxNode): boolean {
  if (node.type.isError) return true;
  for (let c = node.firstChild; c; c = c.nextSibling) if (hasError(c)) return true; // (comments cannot be errors)
  return false;
}

/** Is this child a type (TS), never evaluated? */
const isType = (n: SyntaxNode): boolean =>
  /Type|^(?:IndexSignature|FunctionSignature|NewSignature|CallSignature)$/.test(n.name);

/** Punctuation, keywords and operators: lowercase or symbol node names, and operator kinds. */
const isToken = (n: SyntaxNode): boolean =>
  !/^[A-Z]/.test(n.name) ||
  /^(?:ArithOp|LogicOp|BitOp|CompareOp|UpdateOp|Equals|Arrow|Spread|Star|Optional|Privacy|Label|InterpolationStart|InterpolationEnd)$/.test(
    n.name,
  );

const unwrap = (n: SyntaxNode | null): SyntaxNode | null => {
  while (n && n.name === 'ParenthesizedExpression') {
    const inner = children(n).filter((c) => !isToken(c) && !isType(c));
    if (inner.length !== 1) return n;
    n = inner[0];
  }
  return n;
};

class Selector {
  /** Local name -> the module it was imported or required from. */
  private readonly modules = new Map<string, string>();
  private readonly lineStarts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  private code(n: SyntaxNode, max = 60): string {
    const t = this.text.slice(n.from, n.to).replace(/\s+/g, ' ').trim();
    return t.length <= max ? t : t.slice(0, max - 3) + '...';
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private firstLine(n: SyntaxNode): string {
    const end = this.text.indexOf('\n', n.from);
    const line = this.text.slice(n.from, end < 0 || end > n.to ? n.to : end).trim();
    return line.length <= 80 ? line : line.slice(0, 77) + '...';
  }

  /** `a.b.c` as ['a', 'b', 'c'] (`this` included), or null for anything computed. */
  private dotted(node: SyntaxNode | null): string[] | null {
    node = unwrap(node);
    if (!node) return null;
    if (node.name === 'VariableName') return [this.code(node, 1e9)];
    if (node.name === 'this') return ['this'];
    // `new Map<string, number>()`: the type arguments are not part of the name.
    if (node.name === 'InstantiationExpression') return this.dotted(firstOf(node));
    if (node.name === 'MemberExpression') {
      const parts = children(node);
      const prop = parts[parts.length - 1];
      if (prop.name !== 'PropertyName') return null;
      const head = this.dotted(parts[0]);
      return head ? [...head, this.code(prop, 1e9)] : null;
    }
    return null;
  }

  // ---------- expressions ----------

  /** Why evaluating `node` at load is not safe for a check, or null. */
  problem(node: SyntaxNode, scope: Scope): Message | null {
    switch (node.name) {
      case 'Number':
      case 'String':
      case 'BooleanLiteral':
      case 'RegExp':
      case 'null':
      case 'this':
      case 'super':
      case 'ImportMeta':
      case 'FunctionExpression':
      case 'ArrowFunction':
        return null;
      case 'VariableName':
        return this.read(this.code(node, 1e9), scope);
      case 'TemplateString':
        return this.all(
          children(node)
            .filter((c) => c.name === 'Interpolation')
            .flatMap((c) => children(c)),
          scope,
        );
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
      case 'SequenceExpression':
      case 'ConditionalExpression':
      case 'PrefixCast':
      case 'InstantiationExpression':
        return this.all(children(node), scope);
      case 'BinaryExpression': {
        // `x as T`, `x satisfies T`: the type is not evaluated.
        const parts = children(node);
        const cut = parts.findIndex((c) => c.name === 'as' || c.name === 'satisfies');
        return this.all(cut >= 0 ? parts.slice(0, cut) : parts, scope);
      }
      case 'UnaryExpression': {
        const [op, operand] = [firstOf(node)!, lastOf(node)!];
        if (op.name === 'delete') return msg(M.jsWhyDoesMore, this.code(node));
        // `typeof window` reads nothing that must exist.
        if (op.name === 'typeof' && unwrap(operand)?.name === 'VariableName') return null;
        return this.problem(operand, scope);
      }
      case 'PostfixExpression':
        // `x!` (TypeScript) is x; `x++` changes x.
        return this.code(lastOf(node)!) === '!'
          ? this.problem(firstOf(node)!, scope)
          : msg(M.jsWhyDoesMore, this.code(node));
      case 'MemberExpression': {
        const parts = children(node);
        const computed = parts.findIndex((c) => c.name === '[');
        return this.all([parts[0], ...(computed > 0 ? parts.slice(computed + 1) : [])], scope);
      }
      case 'ObjectExpression':
        return this.objectProblem(node, scope);
      case 'ClassExpression':
        return this.classProblem(node, scope);
      case 'NewExpression':
        return this.newProblem(node, scope);
      case 'CallExpression':
        return this.callProblem(node, scope);
      case 'TaggedTemplateExpression': {
        const tag = this.dotted(firstOf(node));
        if (tag && tag.join('.') === 'String.raw' && !scope.isOwn('String')) return this.problem(lastOf(node)!, scope);
        return msg(M.jsWhyCalls, tag ? tag.join('.') : this.code(firstOf(node)!));
      }
      case 'AwaitExpression':
        return msg(M.jsWhyAwaits);
      default:
        return msg(M.jsWhyDoesMore, this.code(node));
    }
  }

  private read(name: string, scope: Scope): Message | null {
    if (scope.isDefined(name)) return null;
    const line = scope.lostAt(name);
    return line !== undefined ? msg(M.jsWhyReadsLeftOut, name, line) : msg(M.jsWhyReads, name);
  }

  /** The first problem among the expression children (tokens and types skipped). */
  private all(nodes: SyntaxNode[], scope: Scope): Message | null {
    for (const c of nodes) {
      if (isToken(c) || isType(c) || c.name === 'TypeArgList' || c.type.isError) continue;
      const p = this.problem(c, scope);
      if (p) return p;
    }
    return null;
  }

  private objectProblem(node: SyntaxNode, scope: Scope): Message | null {
    for (const prop of children(node).filter((c) => c.name === 'Property')) {
      const parts = children(prop);
      // A method or accessor: its body runs when called.
      if (parts.some((c) => c.name === 'ParamList')) {
        const key = parts.findIndex((c) => c.name === '[');
        const p = key >= 0 ? this.problem(parts[key + 1], scope) : null;
        if (p) return p;
        continue;
      }
      if (parts.length === 1 && parts[0].name === 'PropertyDefinition') {
        // `{ h }` reads h.
        const p = this.read(this.code(parts[0], 1e9), scope);
        if (p) return p;
        continue;
      }
      const p = this.all(
        parts.filter((c) => c.name !== 'PropertyDefinition'),
        scope,
      );
      if (p) return p;
    }
    return null;
  }

  /** A class: decorators, `extends`, computed keys, static initialisers and static blocks run at definition. */
  classProblem(node: SyntaxNode, scope: Scope): Message | null {
    const inner = new Scope(scope);
    const name = children(node).find((c) => c.name === 'VariableDefinition');
    if (name) inner.define(this.code(name, 1e9));
    for (const part of children(node)) {
      if (part.name === 'Decorator') {
        const p = this.all(children(part), scope);
        if (p) return p;
      } else if (
        !isToken(part) &&
        !isType(part) &&
        part.name !== 'VariableDefinition' &&
        part.name !== 'ClassBody' &&
        part.name !== 'TypeParamList'
      ) {
        const p = this.problem(part, scope); // extends X
        if (p) return p;
      }
    }
    const body = children(node).find((c) => c.name === 'ClassBody');
    for (const member of body ? children(body) : []) {
      const parts = children(member);
      const isStatic = parts.some((c) => c.name === 'static');
      for (const d of parts.filter((c) => c.name === 'Decorator')) {
        const p = this.all(children(d), inner);
        if (p) return p;
      }
      const key = parts.findIndex((c) => c.name === '[');
      if (key >= 0) {
        const p = this.problem(parts[key + 1], inner);
        if (p) return p;
      }
      if (member.name === 'PropertyDeclaration' && isStatic) {
        const eq = parts.findIndex((c) => c.name === 'Equals');
        if (eq >= 0) {
          const p = this.all(parts.slice(eq + 1), inner);
          if (p) return p;
        }
      } else if (member.name === 'StaticBlock') {
        const block = parts.find((c) => c.name === 'Block');
        const p = block ? this.onlyDefines(children(block), new Scope(inner)) : null;
        if (p) return p;
      }
    }
    return null;
  }

  private newProblem(node: SyntaxNode, scope: Scope): Message | null {
    const callee =
      children(node).find((c) => !isToken(c) && !isType(c) && c.name !== 'ArgList' && c.name !== 'TypeArgList') ?? null;
    const name = this.dotted(callee);
    const args = children(node).find((c) => c.name === 'ArgList');
    const shown = name ? name.join('.') : this.code(callee ?? node);
    if (!name) return msg(M.jsWhyCalls, `new ${shown}`);
    const builtIn =
      name.length === 1
        ? PURE_CONSTRUCTORS.has(name[0]) && !scope.isOwn(name[0])
        : name[0] === 'Intl' && !scope.isOwn('Intl');
    const framework =
      name.length > 1 && this.fromPureModule(name[0], scope) && !UNSAFE_CALLS.has(name[name.length - 1]);
    if (!builtIn && !framework) return msg(M.jsWhyCalls, `new ${shown}`);
    return (callee && this.problem(callee, scope)) ?? (args ? this.argsProblem(args, scope, shown) : null);
  }

  private fromPureModule(root: string, scope: Scope): boolean {
    const origin = this.modules.get(root);
    return origin !== undefined && PURE_MODULES.test(origin) && scope.isDefined(root);
  }

  /** The arguments of a call: safe values; a function argument may run at once unless the callee keeps it. */
  private argsProblem(args: SyntaxNode, scope: Scope, callee: string): Message | null {
    for (const a of children(args)) {
      if (isToken(a) || isType(a)) continue;
      const fn = unwrap(a);
      if (fn && (fn.name === 'ArrowFunction' || fn.name === 'FunctionExpression') && !STORES_FUNCTIONS.test(callee)) {
        const body = lastOf(fn);
        if (fn.name === 'ArrowFunction' && body && body.name !== 'Block') {
          const p = this.problem(body, this.paramsScope(fn, scope));
          if (p) return p;
          continue;
        }
        return msg(M.jsWhyRunsFunction, callee);
      }
      const p = this.problem(a, scope);
      if (p) return p;
    }
    return null;
  }

  private paramsScope(fn: SyntaxNode, scope: Scope): Scope {
    const inner = new Scope(scope);
    const params = children(fn).find((c) => c.name === 'ParamList');
    if (params) for (const d of this.definitions(params)) inner.define(d);
    inner.define('arguments');
    return inner;
  }

  private callProblem(node: SyntaxNode, scope: Scope): Message | null {
    const parts = children(node);
    const calleeNode = parts[0];
    const args = parts.find((c) => c.name === 'ArgList');
    const fn = unwrap(calleeNode);
    // A function run at once (IIFE), also as `(function () {}).call(this)`.
    let iife: SyntaxNode | null = fn && (fn.name === 'FunctionExpression' || fn.name === 'ArrowFunction') ? fn : null;
    if (!iife && fn?.name === 'MemberExpression') {
      const obj = unwrap(firstOf(fn));
      const prop = this.code(lastOf(fn)!, 1e9);
      if (
        obj &&
        (obj.name === 'FunctionExpression' || obj.name === 'ArrowFunction') &&
        (prop === 'call' || prop === 'apply')
      )
        iife = obj;
    }
    if (iife) {
      const p = args ? this.argsProblem(args, scope, 'Symbol') : null; // arguments only: none of them is called here
      if (p) return p;
      const body = lastOf(iife);
      const inner = this.paramsScope(iife, scope);
      inner.define('this');
      if (body && body.name === 'Block') return this.onlyDefines(children(body), inner);
      return body ? this.problem(body, inner) : null;
    }
    const name = this.dotted(calleeNode);
    if (!name) return msg(M.jsWhyCalls, this.code(calleeNode));
    const shown = name.join('.');
    const last = name[name.length - 1];
    const root = name[0];
    if (root === 'require' && name.length === 1 && !scope.isOwn('require')) {
      const arg = args ? children(args).filter((c) => !isToken(c)) : [];
      return arg.length === 1 && arg[0].name === 'String' ? null : msg(M.jsWhyCalls, this.code(node));
    }
    if (name.length > 1 && root !== 'this') {
      const p = this.read(root, scope);
      if (p) return p;
    }
    if (UNSAFE_CALLS.has(last)) return msg(M.jsWhyCalls, shown);
    const ok =
      (name.length === 1 && PURE_FUNCTIONS.has(root) && !scope.isOwn(root)) ||
      (name.length === 1 && HELPERS.has(root) && scope.isDefined(root)) ||
      (name.length === 1 && this.fromPureModule(root, scope)) ||
      (name.length > 1 && PURE_NAMESPACES.has(root) && !scope.isOwn(root)) ||
      (name.length > 1 && this.fromPureModule(root, scope)) ||
      // `f.bind(null, 2)` builds a function and calls nothing.
      (name.length > 1 && last === 'bind') ||
      (DEFINING_CALLS.has(shown) && (!scope.isOwn(root) || this.fromPureModule(root, scope)));
    if (!ok) return msg(M.jsWhyCalls, shown);
    return this.problem(calleeNode, scope) ?? (args ? this.argsProblem(args, scope, shown) : null);
  }

  /** Null when every statement is a definition (a function run at once, a static block), else the first reason. */
  private onlyDefines(statements: SyntaxNode[], scope: Scope): Message | null {
    const trial = new Selection();
    this.hoist(statements, scope);
    for (const s of statements) {
      if (s.name === '{' || s.name === '}') continue;
      if (s.name === 'ReturnStatement') {
        const value = children(s).filter((c) => !isToken(c));
        const p = value.length ? this.problem(value[0], scope) : null;
        if (p) return msg(M.jsWhyRunsCode, this.lineOf(s.from), p);
        continue;
      }
      this.statement(s, scope, trial);
      if (trial.leftOut.length) return msg(M.jsWhyRunsCode, trial.leftOut[0].line, trial.leftOut[0].why);
    }
    return null;
  }

  // ---------- statements ----------

  /** Function declarations (hoisted) and imports are defined from the start of their scope. */
  hoist(statements: SyntaxNode[], scope: Scope): void {
    for (const s of statements) {
      const decl =
        s.name === 'ExportDeclaration'
          ? children(s).find((c) => c.name === 'FunctionDeclaration')
          : s.name === 'FunctionDeclaration'
            ? s
            : null;
      const name = decl && children(decl).find((c) => c.name === 'VariableDefinition');
      if (name) {
        scope.define(this.code(name, 1e9));
        scope.functionScope().define(this.code(name, 1e9));
      }
      const declaration =
        s.name === 'ExportDeclaration' ? children(s).find((c) => c.name === 'VariableDeclaration') : s;
      if (declaration?.name === 'VariableDeclaration' && children(declaration).some((c) => c.name === 'var'))
        for (const d of this.definitions(declaration)) scope.functionScope().declare(d);
    }
  }

  /** Names defined by patterns and declarators directly in `node` (not inside functions or classes). */
  private definitions(node: SyntaxNode): string[] {
    const out: string[] = [];
    const walk = (n: SyntaxNode): void => {
      for (const c of children(n)) {
        if (c.name === 'VariableDefinition') out.push(this.code(c, 1e9));
        else if (
          c.name === 'ObjectPattern' ||
          c.name === 'ArrayPattern' ||
          c.name === 'PatternProperty' ||
          c.name === 'ImportGroup'
        )
          walk(c);
      }
    };
    walk(node);
    return out;
  }

  /** What a statement would define: declared names, assignment targets (dotted), function and class names. */
  binds(node: SyntaxNode): string[] {
    const out = new Set<string>();
    // Inside a block or a loop head, `let` and `const` bind for that block only; `var` binds for the module.
    const walk = (n: SyntaxNode, nested: boolean): void => {
      const scoped = n.name === 'VariableDeclaration' || n.name === 'ForInSpec' || n.name === 'ForOfSpec';
      if (
        scoped &&
        (nested || n.name !== 'VariableDeclaration') &&
        children(n).some((c) => c.name === 'let' || c.name === 'const')
      ) {
        for (const c of children(n))
          if (c.name !== 'VariableDefinition' && c.name !== 'ObjectPattern' && c.name !== 'ArrayPattern')
            walk(c, nested);
        return;
      }
      switch (n.name) {
        case 'FunctionExpression':
        case 'ArrowFunction':
        case 'ClassBody':
        case 'ParamList':
        case 'ObjectExpression':
          return;
        case 'FunctionDeclaration':
        case 'ClassDeclaration':
        case 'ClassExpression': {
          const name = children(n).find((c) => c.name === 'VariableDefinition');
          if (name && n.name !== 'ClassExpression') out.add(this.code(name, 1e9));
          return;
        }
        case 'VariableDefinition':
          out.add(this.code(n, 1e9));
          return;
        case 'AssignmentExpression':
        case 'PostfixExpression':
        case 'UnaryExpression': {
          const target = n.name === 'UnaryExpression' ? lastOf(n) : firstOf(n);
          const name = this.dotted(target);
          if (name && (n.name === 'AssignmentExpression' || this.isIncrement(n))) {
            const dotted = name.join('.');
            out.add(dotted);
            if (name.length === 2 && (name[0] === 'exports' || name[0] === 'this')) out.add(name[1]);
            if (name.length === 3 && name[0] === 'module' && name[1] === 'exports') out.add(name[2]);
            if (dotted === 'module.exports' || (name.length === 2 && name[0] === 'exports')) {
              const value = unwrap(lastOf(n));
              if (value?.name === 'ObjectExpression')
                for (const p of children(value)) {
                  const key = p.name === 'Property' ? children(p).find((c) => c.name === 'PropertyDefinition') : null;
                  if (key) out.add(this.code(key, 1e9));
                }
            }
          }
          if (n.name === 'AssignmentExpression') walk(lastOf(n)!, nested);
          return;
        }
      }
      const inner =
        nested || n.name === 'Block' || n.name === 'ForSpec' || n.name === 'ForInSpec' || n.name === 'ForOfSpec';
      for (const c of children(n)) walk(c, inner);
    };
    walk(node, false);
    if (node.name === 'ExportDeclaration' && children(node).some((c) => c.name === 'default')) out.add('default');
    return [...out];
  }

  private leaveOut(node: SyntaxNode, why: Message, scope: Scope, out: Selection): void {
    const binds = this.binds(node);
    const line = this.lineOf(node.from);
    for (const b of binds) if (!b.includes('.')) scope.lose(b, line);
    out.blanks.push([node.from, node.to]);
    out.leftOut.push({ line, text: this.firstLine(node), why, binds });
  }

  statements(nodes: SyntaxNode[], scope: Scope, out: Selection): void {
    this.hoist(nodes, scope);
    for (const s of nodes) this.statement(s, scope, out);
  }

  statement(node: SyntaxNode, scope: Scope, out: Selection): void {
    if (
      node.name === '{' ||
      node.name === '}' ||
      node.name === ';' ||
      node.name === 'Hashbang' ||
      node.name.endsWith('Comment')
    )
      return;
    if (node.type.isError || (hasError(node) && node.name !== 'ImportDeclaration'))
      return this.leaveOut(node, msg(M.jsWhyUnparsed), scope, out);
    const why = this.decide(node, scope, out);
    if (why) this.leaveOut(node, why, scope, out);
  }

  /** Null when the statement is kept (and its names defined), else why it is left out. Blocks are filtered inside. */
  private decide(node: SyntaxNode, scope: Scope, out: Selection): Message | null {
    switch (node.name) {
      case 'ImportDeclaration': {
        const source = children(node).find((c) => c.name === 'String');
        for (const d of this.definitions(node)) {
          scope.define(d);
          if (source) this.modules.set(d, this.code(source, 1e9).slice(1, -1));
        }
        return null;
      }
      case 'FunctionDeclaration':
      case 'EnumDeclaration':
      case 'NamespaceDeclaration':
        if (node.name === 'NamespaceDeclaration') {
          const block = children(node).find((c) => c.name === 'Block');
          if (block) this.statements(children(block), new Scope(scope), out);
        }
        if (node.name === 'EnumDeclaration') {
          const body = children(node).find((c) => c.name === 'EnumBody');
          const p = body
            ? this.all(
                children(body).filter((c) => c.name !== 'PropertyName'),
                scope,
              )
            : null;
          if (p) return p;
        }
        for (const c of children(node))
          if (c.name === 'VariableDefinition' || c.name === 'TypeDefinition') scope.define(this.code(c, 1e9));
        return null;
      case 'ClassDeclaration': {
        const p = this.classProblem(node, scope);
        if (p) return p;
        const name = children(node).find((c) => c.name === 'VariableDefinition');
        if (name) scope.define(this.code(name, 1e9));
        return null;
      }
      case 'VariableDeclaration':
        return this.declarationProblem(node, scope);
      case 'ExportDeclaration':
        return this.exportProblem(node, scope, out);
      case 'ExpressionStatement':
        return this.expressionStatement(node, scope);
      case 'IfStatement':
        return this.ifStatement(node, scope, out);
      case 'TryStatement':
        for (const part of children(node)) {
          if (part.name === 'Block') this.statements(children(part), new Scope(scope, true), out);
          else if (part.name === 'CatchClause' || part.name === 'FinallyClause') {
            const inner = new Scope(scope, true);
            for (const d of this.definitions(part)) inner.define(d);
            const block = children(part).find((c) => c.name === 'Block');
            if (block) this.statements(children(block), inner, out);
          }
        }
        return null;
      case 'Block':
        this.statements(children(node), new Scope(scope, true), out);
        return null;
      default:
        if (TYPE_ONLY.has(node.name)) return null;
        if (node.name === 'ForStatement' && children(node).some((c) => c.name === 'await')) return msg(M.jsWhyAwaits);
        return msg(M.jsWhyStatement, RUNS[node.name] ?? node.name);
    }
  }

  private declarationProblem(node: SyntaxNode, scope: Scope): Message | null {
    const parts = children(node);
    const names: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.name === 'VariableDefinition') names.push(this.code(p, 1e9));
      else if (p.name === 'ObjectPattern' || p.name === 'ArrayPattern') {
        names.push(...this.definitions(p));
        const why = this.patternProblem(p, scope);
        if (why) return why;
      } else if (p.name === 'Equals') {
        const value = parts[i + 1];
        if (!value) continue;
        const why = this.problem(value, scope);
        if (why) return why;
        this.recordRequire(value, parts[i - 1]);
        i++;
      }
    }
    const into = parts.some((c) => c.name === 'var') ? scope.functionScope() : scope;
    for (const n of names) into.define(n);
    return null;
  }

  /** Defaults and computed keys in a destructuring pattern are evaluated. */
  private patternProblem(p: SyntaxNode, scope: Scope): Message | null {
    for (const c of children(p)) {
      if (c.name === 'ObjectPattern' || c.name === 'ArrayPattern' || c.name === 'PatternProperty') {
        const why = this.patternProblem(c, scope);
        if (why) return why;
      } else if (
        !isToken(c) &&
        !isType(c) &&
        c.name !== 'VariableDefinition' &&
        c.name !== 'PropertyName' &&
        c.name !== 'PropertyDefinition'
      ) {
        const why = this.problem(c, scope);
        if (why) return why;
      }
    }
    return null;
  }

  /** `const tf = require('@tensorflow/tfjs')`, `const { join } = require('path')`, `__importStar(require('x'))`. */
  private recordRequire(value: SyntaxNode, target: SyntaxNode): void {
    let v = unwrap(value);
    for (let depth = 0; v && depth < 3; depth++) {
      if (v.name === 'MemberExpression') {
        v = unwrap(firstOf(v));
        continue;
      }
      if (v.name !== 'CallExpression') return;
      const name = this.dotted(firstOf(v));
      const args = children(v).find((c) => c.name === 'ArgList');
      const first = args ? children(args).find((c) => !isToken(c)) : undefined;
      if (name?.join('.') === 'require' && first?.name === 'String') {
        const spec = this.code(first, 1e9).slice(1, -1);
        for (const d of target.name === 'VariableDefinition' ? [this.code(target, 1e9)] : this.definitions(target))
          this.modules.set(d, spec);
        return;
      }
      v = first ? unwrap(first) : null; // a helper around require
    }
  }

  private exportProblem(node: SyntaxNode, scope: Scope, out: Selection): Message | null {
    const parts = children(node);
    const inner = parts.find((c) => /Declaration$/.test(c.name));
    if (inner) return this.decide(inner, scope, out);
    if (parts.some((c) => c.name === 'from')) return null; // a re-export: an import
    const group = parts.find((c) => c.name === 'ExportGroup');
    if (group) {
      // `export { a, b as c }` reads a and b where it stands (sucrase assigns exports there).
      for (const c of children(group)) {
        if (c.name !== 'VariableName' || c.prevSibling?.name === 'as') continue;
        const p = this.problem(c, scope);
        if (p) return p;
      }
      return null;
    }
    // export default <expr>, export = <expr>
    const value = parts.filter((c) => !isToken(c) && !isType(c));
    return this.all(value, scope);
  }

  private expressionStatement(node: SyntaxNode, scope: Scope): Message | null {
    const expr = children(node).find((c) => !isToken(c));
    if (!expr) return null;
    return this.effect(expr, scope);
  }

  /** A statement's expression: a definition (assignment, defining call, IIFE that defines), or a plain value. */
  private effect(expr: SyntaxNode, scope: Scope): Message | null {
    const e = unwrap(expr) ?? expr;
    if (e.name === 'SequenceExpression') {
      for (const c of children(e)) {
        if (isToken(c)) continue;
        const p = this.effect(c, scope);
        if (p) return p;
      }
      return null;
    }
    if (e.name === 'AssignmentExpression') return this.assignment(e, scope);
    if (this.isIncrement(e)) {
      const target = this.dotted(e.name === 'PostfixExpression' ? firstOf(e) : lastOf(e));
      return target ? this.targetProblem(target, scope, true) : msg(M.jsWhyDoesMore, this.code(e));
    }
    if (e.name === 'CallExpression') {
      const name = this.dotted(firstOf(e));
      const shown = name?.join('.') ?? '';
      const defining =
        name &&
        (DEFINING_CALLS.has(shown) ||
          (name.length === 1 && HELPERS.has(shown) && scope.isDefined(shown)) ||
          (shown === 'require' && !scope.isOwn('require')));
      // A bare call of anything else does nothing a check needs, or something it must not do.
      const fn = unwrap(firstOf(e));
      const iife = fn && /^(?:FunctionExpression|ArrowFunction|MemberExpression)$/.test(fn.name) && !name;
      if (!defining && !iife) return msg(M.jsWhyCalls, name ? shown : this.code(firstOf(e)!));
      return this.problem(e, scope);
    }
    if (e.name === 'UnaryExpression' && /^[!~+-]|^void$/.test(this.code(firstOf(e)!))) {
      // `!function () { ... }()`
      const operand = unwrap(lastOf(e));
      if (operand?.name === 'CallExpression') return this.effect(operand, scope);
    }
    return this.problem(e, scope);
  }

  /** `x++`, `--x`. */
  private isIncrement(n: SyntaxNode): boolean {
    if (n.name === 'PostfixExpression') return /^(\+\+|--)$/.test(this.code(lastOf(n)!));
    return n.name === 'UnaryExpression' && /^(\+\+|--)$/.test(this.code(firstOf(n)!));
  }

  /** `target = value`, `target op= value`, chained `a = b = value`. */
  private assignment(node: SyntaxNode, scope: Scope): Message | null {
    const parts = children(node);
    const targetNode = parts[0];
    const op = parts[1];
    const value = parts[parts.length - 1];
    const target = this.dotted(targetNode);
    if (!target) return msg(M.jsWhyDoesMore, this.code(node));
    const compound = op.name !== 'Equals';
    const v = unwrap(value);
    const p = v?.name === 'AssignmentExpression' ? this.assignment(v, scope) : this.problem(value, scope);
    if (p) return p;
    const t = this.targetProblem(target, scope, compound);
    if (t) return t;
    if (target.length === 1) scope.define(target[0]);
    return null;
  }

  /** An assignment target: a declared name, or a member of a defined object (`module.exports`, `cost.mse`, `F.prototype.f`). */
  private targetProblem(target: string[], scope: Scope, compound: boolean): Message | null {
    if (target.length === 1) {
      // A name the module declares (`let model; model = ...`), or `exports = module.exports = X`.
      const name = target[0];
      if (!scope.isOwn(name) && name !== 'exports') return msg(M.jsWhyAssigns, name);
      return compound ? this.read(name, scope) : null;
    }
    return target[0] === 'this' ? null : this.read(target[0], scope);
  }

  /** `require.main === module`, `import.meta.main`, `process.argv[1] === ...`: the script's own entry. */
  private isMainGuard(condition: SyntaxNode): boolean {
    const t = this.text.slice(condition.from, condition.to);
    return /\brequire\.main\b|\bimport\.meta\.main\b|\bprocess\.argv\b|\bmodule\.parent\b/.test(t);
  }

  private ifStatement(node: SyntaxNode, scope: Scope, out: Selection): Message | null {
    const parts = children(node);
    const condition = parts.find((c) => c.name === 'ParenthesizedExpression')!;
    if (this.isMainGuard(condition)) return msg(M.jsWhyMain, this.code(condition).replace(/^\((.*)\)$/, '$1'));
    const p = this.problem(condition, scope);
    if (p) return p;
    for (const branch of parts) {
      if (branch === condition || isToken(branch)) continue;
      if (branch.name === 'Block') this.statements(children(branch), new Scope(scope, true), out);
      else this.statement(branch, scope, out);
    }
    return null;
  }
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * The module's definitions: `source` with every other top-level statement blanked (same length,
 * same lines and columns), and what was left out, in source order.
 */
export function definitionsOnly(source: string, language: 'typescript' | 'javascript', jsx = false): Definitions {
  const tree = scriptParser(language, jsx).parse(source);
  const selector = new Selector(source);
  const selection = new Selection();
  selector.statements(children(tree.topNode), new Scope(), selection);
  if (!selection.blanks.length) return { code: source, leftOut: [] };
  const chars = source.split('');
  for (const [from, to] of selection.blanks) {
    for (let i = from; i < to; i++) if (!LINE_BREAK.test(chars[i])) chars[i] = ' ';
    // A statement before it that did not end with `;` must not run into the next one.
    if (!LINE_BREAK.test(chars[from])) chars[from] = ';';
  }
  const leftOut = selection.leftOut.sort((a, b) => a.line - b.line);
  return { code: chars.join(''), leftOut };
}

/** The left-out statement that would have defined `name` (a name or a dotted target such as `cost.mse`), if any. */
export function leftOutBinding(leftOut: readonly LeftOut[], name: string): LeftOut | undefined {
  const exact = leftOut.find((l) => l.binds.includes(name));
  if (exact) return exact;
  const parts = name.split('.');
  // `cost.mse` when `cost` itself was left out; `exports.mse` / `module.exports.mse` for `mse`.
  for (let n = parts.length - 1; n >= 1; n--) {
    const prefix = parts.slice(0, n).join('.');
    const found = leftOut.find((l) => l.binds.includes(prefix));
    if (found) return found;
  }
  // `p.sum is not a function` after `Array.prototype.sum = ...` was left out.
  const last = parts[parts.length - 1];
  return parts.length > 1
    ? leftOut.find((l) => l.binds.some((b) => b.includes('.prototype.') && b.endsWith(`.${last}`)))
    : undefined;
}

/** Language and JSX dialect of a file, by its extension. */
export function scriptDialect(file: string): { language: 'typescript' | 'javascript'; jsx: boolean } {
  return { language: /\.(?:ts|mts|cts|tsx)$/i.test(file) ? 'typescript' : 'javascript', jsx: /x$/i.test(file) };
}
