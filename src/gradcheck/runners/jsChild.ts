/**
 * The JS/TS runner: a forked Node process (bundled to dist/gradcheck-js-child.js) that loads the
 * user's module and computes loss values and gradients. Requests and replies travel over the IPC
 * channel only; whatever the user's code prints goes to stdout/stderr, which the host merely logs.
 * The host owns the time and memory limits: it kills this process and starts another.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { transform } from 'sucrase';
import { centralDifference, differences } from '../../engine/differences';
import { definitionsOnly, leftOutBinding, scriptDialect, type LeftOut } from '../jsDefinitions';
import { clip, list, localizable, M, msg, type Arg, type Message } from '../messages';
import type {
  CheckReply,
  CheckRequest,
  GradientSource,
  PhaseNote,
  RunnerError,
  RunnerReply,
  RunnerRequest,
  SeriesReply,
  SeriesRequest,
  WireArg,
  WireArray,
  WireTarget,
  WireText,
} from './protocol';

type Fn = (...args: unknown[]) => unknown;

/** A problem in the user's code: its message goes back as English text and as template + arguments. */
class UserError extends Error {
  readonly info: RunnerError;
  constructor(
    kind: RunnerError['kind'],
    readonly text: Message,
    traceback?: string,
  ) {
    const info = { kind, ...localizable(text), ...(traceback ? { traceback } : {}) };
    super(info.message);
    this.info = info;
  }
}

const TS = /\.(ts|mts|cts|tsx)$/i;

function compile(code: string, file: string): string {
  const transforms: ('typescript' | 'imports' | 'jsx')[] = TS.test(file) ? ['typescript', 'imports'] : ['imports'];
  if (/x$/i.test(file)) transforms.push('jsx');
  // sucrase keeps line numbers, so stack traces point at the user's lines.
  return transform(code, { transforms, filePath: file, production: true }).code;
}

let hooked = false;
/** Lets the user's module `import` its TypeScript siblings. */
function hookTypeScript(): void {
  if (hooked) return;
  hooked = true;
  const extensions = (
    Module as unknown as {
      _extensions: Record<string, (m: { _compile(c: string, f: string): void }, f: string) => void>;
    }
  )._extensions;
  for (const ext of ['.ts', '.mts', '.cts', '.tsx']) {
    extensions[ext] = (m, file) => m._compile(compile(readFileSync(file, 'utf8'), file), file);
  }
}

/** Fresh loads each time, so an edit (of this file or a file it imports) is seen. */
function forgetUserModules(): void {
  for (const key of Object.keys(require.cache))
    if (!key.includes(`${path.sep}node_modules${path.sep}`) && key !== __filename) delete require.cache[key];
}

const ACCESSOR = '__lossPlaygroundAccess__';
const RESERVED = new Set([
  'default',
  'this',
  'super',
  'new',
  'class',
  'function',
  'typeof',
  'void',
  'delete',
  'in',
  'of',
  'instanceof',
  'import',
  'export',
]);

/** The module loaded last: its source and the top-level statements its definitions-only load left out. */
let loaded: { file: string; source: string; leftOut: LeftOut[] } = { file: '', source: '', leftOut: [] };

/** A use of a relative module that could not be loaded (see stubModule). */
class StubUsed extends Error {
  constructor(readonly text: Message) {
    super(localizable(text).message);
  }
}

const RELATIVE = /^\.{1,2}(?:[\\/]|$)/;

/**
 * What a relative module that could not be loaded (`./data` of a tfjs example, absent) is bound to:
 * reading its members works (they are stubs too), and any real use (a call, `new`, arithmetic,
 * iteration) throws one clear error. It looks like an ES module, so sucrase's interop keeps it as it is.
 */
function stubModule(specifier: string, reason: Arg, path: string[] = []): unknown {
  const used = (): never => {
    throw new StubUsed(msg(M.jsModuleStub, specifier, reason, path.length ? path.join('.') : specifier));
  };
  return new Proxy(function stub() {}, {
    get(_target, key) {
      if (key === '__esModule') return path.length === 0 ? true : undefined;
      if (
        key === Symbol.toPrimitive ||
        key === Symbol.iterator ||
        key === Symbol.asyncIterator ||
        key === 'toString' ||
        key === 'valueOf'
      )
        return used;
      if (typeof key === 'symbol' || key === 'then' || key === 'toJSON' || key === 'prototype' || key === 'constructor')
        return undefined;
      return stubModule(specifier, reason, [...path, key]);
    },
    has: () => false,
    set: () => true,
    apply: used,
    construct: used,
  });
}

/**
 * Loads the module definitions-only (../jsDefinitions.ts: a script's own top-level statements are
 * blanked out, never run) with an accessor appended, so top-level functions that are not exported
 * are reachable.
 */
function load(file: string, text: string | undefined, names: string[]): (name: string) => unknown {
  hookTypeScript();
  forgetUserModules();
  const source = text ?? readFileSync(file, 'utf8');
  loaded = { file, source, leftOut: [] };
  // `default` (export default) is reached through the exports below, never as a name.
  const safe = names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && !RESERVED.has(n));
  const cases = safe
    .map((n) => `case ${JSON.stringify(n)}: return typeof ${n} === 'undefined' ? undefined : ${n};`)
    .join(' ');
  let code: string;
  try {
    code = compile(source, file);
  } catch (e) {
    const m = /^(?:Error transforming [^:]*: )?(.*?)\s*\((\d+):(\d+)\)$/.exec((e as Error).message);
    // sucrase's own wording stays as it is; the position around it is ours.
    const text = m ? msg(M.atLineColumn, m[1], m[2], Number(m[3]) + 1) : (e as Error).message;
    throw new UserError('load', msg(M.jsSyntaxError, path.basename(file), text));
  }
  const { language, jsx } = scriptDialect(file);
  const definitions = definitionsOnly(source, language, jsx);
  loaded.leftOut = definitions.leftOut;
  if (definitions.leftOut.length) {
    try {
      code = compile(definitions.code, file);
    } catch (e) {
      throw new UserError('load', msg(M.jsDefinitionsBroken, path.basename(file), (e as Error).message));
    }
  }
  // Tensor constants at the top level need a backend: the project's tfjs gets one first (the CPU
  // backend for tfjs-core alone), as the check would.
  if (/['"]@tensorflow\/tfjs/.test(source)) {
    try {
      userTfjs(file, source, false);
    } catch {
      // the check says what is missing when it needs tfjs
    }
  }
  code += `\n;module.exports[${JSON.stringify(ACCESSOR)}] = function (n) { switch (n) { ${cases} } };\n`;
  const m = new Module(file, module) as Module & { _compile(code: string, file: string): void; paths: string[] };
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  // A relative module that cannot be loaded (absent, or throwing) fails only the check that uses it;
  // a missing package still fails the load, with Node's own message.
  // Taken now: a user module that replaces Module.prototype.require later does not become ours.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the module as `this` below
  const requireReal = Module.prototype.require;
  m.require = function (this: Module, id: string): unknown {
    try {
      return requireReal.call(this, id) as unknown;
    } catch (e) {
      if (!RELATIVE.test(id)) throw e;
      const reason =
        e instanceof Error && (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND'
          ? e.message.split('\n')[0]
          : errorText(e);
      return stubModule(id, reason);
    }
  } as typeof m.require;
  try {
    m._compile(code, file);
  } catch (e) {
    throw new UserError('load', explained(msg(M.jsLoadThrew, path.basename(file), errorText(e)), e), userStack(e));
  }
  const exports = m.exports as Record<string, unknown>;
  const access = exports[ACCESSOR] as (n: string) => unknown;
  return (name) =>
    access(name) ??
    exports[name] ??
    (name === 'default' ? undefined : (exports.default as Record<string, unknown> | undefined)?.[name]);
}

function errorText(e: unknown): Arg {
  if (e instanceof StubUsed) return e.text;
  return e instanceof Error ? `${e.name}: ${e.message}` : msg(M.jsThrownValue, typeof e, String(e));
}

/**
 * The names an error says are missing: `X is not defined`, `X is not a function`, or for
 * `Cannot read properties of undefined (reading 'p')` the names read before `.p` on the user's line.
 */
function missingNames(e: unknown): string[] {
  if (!(e instanceof Error)) return [];
  const notDefined = /^(\S+) is not defined$/.exec(e.message);
  if (e instanceof ReferenceError && notDefined) return [notDefined[1]];
  if (!(e instanceof TypeError)) return [];
  const notFunction = /^(.+?) is not a (?:function|constructor)$/.exec(e.message);
  if (notFunction) {
    // sucrase writes imported calls as `(0, _mod.name)`.
    const name = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\)?$/.exec(notFunction[1]);
    return name ? [name[1]] : [];
  }
  const reading = /^Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '([^']*)'\)/.exec(e.message);
  if (!reading || !e.stack || !loaded.file) return [];
  const frame = e.stack
    .split('\n')
    .map((l) => l.lastIndexOf(`${loaded.file}:`))
    .findIndex((i) => i >= 0);
  if (frame < 0) return [];
  const at = e.stack.split('\n')[frame];
  const line = Number(/:(\d+):\d+\)?$/.exec(at)?.[1]);
  const text = loaded.source.split('\n')[line - 1] ?? '';
  const prop = reading[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const chains = new RegExp(
    `([A-Za-z_$][\\w$]*(?:\\s*\\??\\.\\s*[A-Za-z_$][\\w$]*)*)\\s*(?:\\??\\.\\s*${prop}\\b|(?:\\?\\.)?\\[\\s*['"]?${prop}['"]?\\s*\\])`,
    'g',
  );
  return [...text.matchAll(chains)].map((m) => m[1].replace(/\s|\?/g, ''));
}

/**
 * `text`, and when the error is about a name that a left-out top-level statement defines (the
 * check loads definitions only), which statement that is and why it was not run.
 */
function explained(text: Message, e: unknown): Message {
  for (const name of missingNames(e)) {
    const left = leftOutBinding(loaded.leftOut, name);
    if (left) return msg(M.jsLeftOut, text, name, left.line, left.text, left.why);
  }
  return text;
}

/** Why a name the check needs is missing from the module, when a left-out statement defines it. */
function notFound(text: Message, name: string): Message {
  const left =
    leftOutBinding(loaded.leftOut, name) ??
    leftOutBinding(loaded.leftOut, `exports.${name}`) ??
    leftOutBinding(loaded.leftOut, `module.exports.${name}`);
  return left ? msg(M.jsLeftOut, text, name, left.line, left.text, left.why) : text;
}

/** The stack without our own frames. */
function userStack(e: unknown): string | undefined {
  if (!(e instanceof Error) || !e.stack) return undefined;
  return e.stack
    .split('\n')
    .filter((l) => !l.includes(__filename) && !l.includes('(node:') && !l.includes('gradcheck-js-child'))
    .join('\n');
}

/**
 * What a check needs besides the module: the user's tfjs, when arguments are tensors or the
 * module uses tfjs (every call then runs in tf.tidy, so thousands of calls leave no tensors
 * behind), and what the calls showed: float32 arithmetic, a per-element loss that was summed.
 */
class Context {
  float32 = false;
  /** How many values a per-element loss returned (null until one did). */
  summed: number | null = null;
  constructor(readonly tf: Tfjs | null) {}

  /** Runs user code; inside tf.tidy when there is a tfjs. */
  run<T>(f: () => T): T {
    if (!this.tf) return f();
    let out: T | undefined;
    this.tf.tidy(() => {
      out = f();
    });
    return out as T;
  }
}

/** The parts of tfjs the runner uses, duck-typed: the user's own copy, whatever its version. */
type Tfjs = {
  tensor(values: ArrayLike<number>, shape: number[], dtype: 'float32' | 'int32'): unknown;
  scalar(value: number): unknown;
  tidy(f: () => void): unknown;
  grad(f: (x: unknown) => unknown): (x: unknown) => unknown;
  sum(x: unknown): unknown;
  reshape(x: unknown, shape: number[]): unknown;
};

type TensorLike = { dataSync(): ArrayLike<number>; shape: number[]; size: number; dtype: string };

function isTensor(v: unknown): v is TensorLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as TensorLike).dataSync === 'function' &&
    Array.isArray((v as TensorLike).shape)
  );
}

const TFJS_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-core',
];

/**
 * The user's tfjs, resolved from their file (the extension ships none): the packages the module
 * names first, then the usual ones. Null when none is installed where the file is, or when it has
 * no backend and the check does not need one (`required`: tensor arguments or tf.grad).
 */
function userTfjs(file: string, source: string, required: boolean): Tfjs | null {
  const requireFromFile = Module.createRequire(file);
  const named = [...source.matchAll(/['"](@tensorflow\/tfjs(?:-core|-node|-node-gpu)?)['"]/g)].map((m) => m[1]);
  for (const name of new Set([...named, ...TFJS_PACKAGES])) {
    let tf: Partial<Tfjs>;
    try {
      tf = requireFromFile(name) as Partial<Tfjs>;
    } catch {
      continue;
    }
    if (typeof tf.tensor === 'function' && typeof tf.tidy === 'function') {
      // tfjs-core alone has no backend: the CPU one, when the project has it.
      if (!hasBackend(tf as Tfjs)) {
        try {
          requireFromFile('@tensorflow/tfjs-backend-cpu');
        } catch {
          // said below
        }
        if (!hasBackend(tf as Tfjs)) {
          if (!required) return null;
          throw new UserError('load', msg(M.jsTfjsNoBackend, name, path.dirname(file)));
        }
      }
      return tf as Tfjs;
    }
  }
  return null;
}

/**
 * tfjs-core alone registers no gradients (@tensorflow/tfjs and tfjs-node do): tf.grad needs them,
 * from the tfjs-core the project resolves.
 */
function registerGradients(file: string): void {
  try {
    Module.createRequire(file)('@tensorflow/tfjs-core/dist/register_all_gradients');
  } catch {
    // an older or bundled tfjs: tf.grad says what is missing
  }
}

/** A backend initializes on the first op (getBackend() stays undefined until then): try one. */
function hasBackend(tf: Tfjs): boolean {
  try {
    tf.tidy(() => {
      tf.scalar(0);
    });
    return true;
  } catch {
    return false; // "No backend found in registry."
  }
}

/** The loss, resolved once per check: a function, a method bound to an instance, or a member bound to its object. */
type Resolved = { fn: Fn; holder: Record<string, unknown> | null; label: string };

/** `a.b.c` from the module's top level. */
function resolvePath(get: (n: string) => unknown, dotted: string): unknown {
  const [root, ...rest] = dotted.split('.');
  let value = get(root);
  for (const key of rest) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function resolveTarget(get: (n: string) => unknown, target: WireTarget, ctx: Context): Resolved {
  if (target.className) {
    const instance = construct(get, target.className, target.init ?? [], ctx);
    const method = instance[target.name];
    if (typeof method !== 'function')
      throw new UserError('not-found', msg(M.jsNoMethod, target.className, target.name));
    return { fn: (method as Fn).bind(instance), holder: instance, label: `${target.className}.${target.name}` };
  }
  if (target.kind === 'member') {
    const objectName = target.objectName ?? '';
    const holder = objectName ? resolvePath(get, objectName) : undefined;
    if (holder === null || (typeof holder !== 'object' && typeof holder !== 'function'))
      throw new UserError('not-found', notFound(msg(M.jsNoObject, objectName || '?', describe(holder)), objectName));
    const member = (holder as Record<string, unknown>)[target.name];
    if (typeof member !== 'function')
      throw new UserError(
        'not-found',
        notFound(msg(M.jsNoMember, objectName, target.name, describe(member)), `${objectName}.${target.name}`),
      );
    return {
      fn: (member as Fn).bind(holder),
      holder: holder as Record<string, unknown>,
      label: `${objectName}.${target.name}`,
    };
  }
  const fn = get(target.name);
  if (typeof fn !== 'function')
    throw new UserError(
      'not-found',
      fn === undefined
        ? notFound(msg(M.jsNotFunctionNothing, target.name), target.name)
        : msg(M.jsNotFunction, target.name, typeof fn),
    );
  return { fn: fn as Fn, holder: null, label: target.name };
}

/** An instance of the class holding a method, built with the planner's constructor arguments (positional, in order). */
function construct(
  get: (n: string) => unknown,
  className: string,
  init: WireArg[],
  ctx: Context,
): Record<string, unknown> {
  const Cls = get(className);
  if (typeof Cls !== 'function')
    throw new UserError('not-found', notFound(msg(M.classNotDefined, className), className));
  const args = init.map((a) => toJs(a, ctx));
  try {
    return Reflect.construct(Cls, args) as Record<string, unknown>;
  } catch (e) {
    const text = init.length
      ? msg(M.jsConstructorArgsThrew, className, init.map((a) => a.name).join(', '), errorText(e))
      : msg(M.jsConstructorThrew, className, errorText(e));
    throw new UserError('exception', explained(text, e), userStack(e));
  }
}

/**
 * The paired gradient `name`: a member of the loss's own object or instance (`{ fn, derivative }`,
 * `loss` + `grad` methods), a dotted path (`MSE.derivative` for `const MSE = ...`), or a function
 * of the module.
 */
function resolveGradient(get: (n: string) => unknown, t: Resolved, name: string): Fn {
  const own = t.holder?.[name];
  if (typeof own === 'function') return (own as Fn).bind(t.holder);
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const holder = resolvePath(get, name.slice(0, dot));
    const member =
      holder !== null && (typeof holder === 'object' || typeof holder === 'function')
        ? (holder as Record<string, unknown>)[name.slice(dot + 1)]
        : undefined;
    if (typeof member === 'function') return (member as Fn).bind(holder);
    throw new UserError('not-found', msg(M.jsNoMember, name.slice(0, dot), name.slice(dot + 1), describe(member)));
  }
  const fn = get(name);
  if (typeof fn !== 'function')
    throw new UserError(
      'not-found',
      fn === undefined ? notFound(msg(M.jsNotFunctionNothing, name), name) : msg(M.jsNotFunction, name, typeof fn),
    );
  return fn as Fn;
}

/** An argument as the function receives it (the planner's `form`); `flat` replaces the data of the differentiated one. */
function toJs(arg: WireArg, ctx: Context, flat?: ArrayLike<number>): unknown {
  const v = arg.value;
  if (arg.form === 'tensor') {
    const tf = ctx.tf!; // check() and series() resolve it when any argument is a tensor
    if (typeof v !== 'object') return typeof v === 'number' ? tf.scalar(v) : v;
    // tfjs has no float64 or int64: float32 values and int32 class labels.
    if (v.dtype === 'int64') return tf.tensor(Int32Array.from(flat ?? v.data), v.shape, 'int32');
    ctx.float32 = true;
    return tf.tensor(Float32Array.from(flat ?? v.data), v.shape, 'float32');
  }
  if (typeof v !== 'object') return v;
  const data = flat ?? v.data;
  if (arg.form === 'number' || v.shape.length === 0) return data[0];
  if (arg.form === 'Float64Array') return Float64Array.from(data);
  return nest(data, v.shape, 0, 0);
}

function nest(data: ArrayLike<number>, shape: number[], axis: number, offset: number): unknown[] {
  const n = shape[axis];
  const out = new Array<unknown>(n);
  if (axis === shape.length - 1) {
    for (let i = 0; i < n; i++) out[i] = data[offset + i];
    return out;
  }
  let stride = 1;
  for (let d = axis + 1; d < shape.length; d++) stride *= shape[d];
  for (let i = 0; i < n; i++) out[i] = nest(data, shape, axis + 1, offset + i * stride);
  return out;
}

/** Numbers, typed arrays, tensors and (nested) arrays of them, row-major into `out`. */
function flatten(value: unknown, out: number[]): boolean {
  if (typeof value === 'number') out.push(value);
  else if (isTensor(value)) {
    const data = value.dataSync();
    for (let i = 0; i < data.length; i++) out.push(Number(data[i]));
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const view = value as unknown as ArrayLike<number>;
    for (let i = 0; i < view.length; i++) out.push(Number(view[i]));
  } else if (Array.isArray(value)) {
    for (const x of value) if (!flatten(x, out)) return false;
  } else return false;
  return true;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !isTensor(v);
const isScalarLike = (v: unknown): boolean => typeof v === 'number' || (isTensor(v) && v.size === 1);
const LOSS_KEYS = ['loss', 'cost', 'value', 'error', 'l', 'f'];

/** `[loss, grad]` or `{ loss, grad }`: the loss and what holds the gradient; null for anything else. */
function splitReturned(result: unknown): { loss: unknown; grad: unknown } | null {
  if (Array.isArray(result) && result.length >= 2 && isScalarLike(result[0]) && !isScalarLike(result[1]))
    return { loss: result[0], grad: result[1] };
  if (isPlainObject(result)) {
    const key = LOSS_KEYS.find((k) => k in result && isScalarLike(result[k]));
    if (key) return { loss: result[key], grad: result };
  }
  return null;
}

/**
 * The gradient of `wrt` in what a loss returned beside its value: an array or tensor itself, or
 * the member of an object named for it (`dpred`, `dPred`, `d_pred`, `pred`), `grad`, `gradient`, `dx`.
 */
function pickGradient(holder: unknown, wrt: string): unknown {
  if (!isPlainObject(holder)) return holder;
  const cap = wrt.charAt(0).toUpperCase() + wrt.slice(1);
  for (const key of [
    `d${wrt}`,
    `d${cap}`,
    `d_${wrt}`,
    `${wrt}Grad`,
    `grad${cap}`,
    wrt,
    'grad',
    'gradient',
    'dx',
    'delta',
    'derivative',
    'grads',
    'gradients',
  ]) {
    if (key in holder && holder[key] !== undefined)
      return key === 'grads' || key === 'gradients' ? pickGradient(holder[key], wrt) : holder[key];
  }
  return holder;
}

/**
 * The loss as a number: a number; a tfjs tensor or array of one element; the first item of
 * `[loss, grad]` or the loss of `{ loss, grad }`; a per-element array or tensor is summed (the
 * context notes it). float32 tensors and Float32Arrays mark the check as float32.
 */
function lossValue(result: unknown, label: string, ctx: Context): number {
  if (typeof result === 'number') return result;
  const returned = splitReturned(result);
  if (returned) return lossValue(returned.loss, label, ctx);
  if (isTensor(result) || result instanceof Float32Array)
    ctx.float32 ||= result instanceof Float32Array || result.dtype === 'float32';
  const flat: number[] = [];
  if (
    (isTensor(result) || Array.isArray(result) || ArrayBuffer.isView(result)) &&
    flatten(result, flat) &&
    flat.length > 0
  ) {
    if (flat.length === 1) return flat[0];
    ctx.summed ??= flat.length;
    let sum = 0;
    for (const x of flat) sum += x;
    return sum;
  }
  throw new UserError('return-type', msg(M.jsReturnType, label, describe(result)));
}

function describe(value: unknown): Arg {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return msg(M.jsAnArray, value.length);
  if (ArrayBuffer.isView(value)) return msg(M.jsAnInstance, value.constructor.name);
  if (typeof value === 'object' && value.constructor && value.constructor !== Object)
    return msg(M.jsAnInstance, value.constructor.name || 'object');
  if (typeof value === 'object') return msg(M.jsAnObject);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a primitive or a function here: its own String is what to show
  return msg(M.jsAValue, typeof value, String(value).slice(0, 40));
}

type Caller = { call(flat: Float64Array): number; args: WireArg[]; x0: Float64Array; shape: number[] };

function caller(t: Resolved, args: WireArg[], wrt: string, ctx: Context): Caller {
  const w = args.find((a) => a.name === wrt);
  if (!w || typeof w.value !== 'object') throw new UserError('exception', msg(M.noArrayInput, wrt));
  const shape = w.value.shape;
  return {
    args,
    shape,
    // A tensor holds float32: differences start from the point it really holds.
    x0: w.form === 'tensor' ? Float64Array.from(Float32Array.from(w.value.data)) : Float64Array.from(w.value.data),
    call(flat) {
      return ctx.run(() => {
        // Fresh arguments every call: a function that mutates its inputs cannot skew the next call.
        const values = args.map((a) => (a.name === wrt ? toJs(a, ctx, flat) : toJs(a, ctx)));
        let result: unknown;
        try {
          result = t.fn(...values);
        } catch (e) {
          throw new UserError('exception', explained(msg(M.jsThrew, t.label, errorText(e)), e), userStack(e));
        }
        return lossValue(result, t.label, ctx);
      });
    },
  };
}

type Gradient = { grad: Float64Array | null; label: string | null };

/**
 * The analytic gradient at `args`: a paired function (or member, or method), what the loss returns
 * beside its value (`[loss, grad]`, `{ loss, grad }`), or tf.grad of a tfjs loss.
 */
function gradientOf(
  get: (n: string) => unknown,
  t: Resolved,
  source: GradientSource,
  args: WireArg[],
  wrt: string,
  n: number,
  ctx: Context,
): Gradient {
  if (source.kind === 'none' || source.kind === 'jax') return { grad: null, label: null };
  const w = args.find((a) => a.name === wrt)!;
  return ctx.run((): Gradient => {
    const values = args.map((a) => toJs(a, ctx));
    if (source.kind === 'returned') {
      let result: unknown;
      try {
        result = t.fn(...values);
      } catch (e) {
        throw new UserError('exception', explained(msg(M.jsThrew, t.label, errorText(e)), e), userStack(e));
      }
      const parts = splitReturned(result);
      if (!parts) throw new UserError('gradient', msg(M.jsReturnedNoGradient, t.label, describe(result)));
      return { grad: gradientNumbers(pickGradient(parts.grad, wrt), t.label, n), label: `returned:${t.label}` };
    }
    if (source.kind === 'autograd') {
      const tf = ctx.tf;
      const at = values[args.indexOf(w)];
      if (!tf || !isTensor(at))
        throw new UserError('gradient', msg(M.jsAutogradNeedsTensor, t.label, wrt, describe(at)));
      const g = tf.grad((x: unknown) => {
        const out = t.fn(...values.map((v) => (v === at ? x : v)));
        if (!isTensor(out)) throw new UserError('gradient', msg(M.jsAutogradNeedsTensor, t.label, wrt, describe(out)));
        return out.size === 1 ? tf.reshape(out, []) : tf.sum(out);
      });
      let value: unknown;
      try {
        value = g(at);
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError('gradient', explained(msg(M.jsGradientThrew, 'tf.grad', errorText(e)), e), userStack(e));
      }
      return { grad: gradientNumbers(value, 'tf.grad', n), label: 'tf.grad' };
    }
    const g = resolveGradient(get, t, source.name);
    // A stateful pair (`forward` keeps its inputs, `backward()` reads them): the loss runs first.
    if (t.holder && g.length === 0) {
      try {
        t.fn(...values);
      } catch (e) {
        throw new UserError('exception', explained(msg(M.jsThrew, t.label, errorText(e)), e), userStack(e));
      }
    }
    // backward(pred, target, grads): a gradient written into a buffer passed after the loss's arguments.
    const out =
      g.length > values.length && w.form !== 'tensor'
        ? w.form === 'Float64Array' || (w.value as WireArray).shape.length <= 1
          ? new Float64Array(n)
          : nest(new Float64Array(n), (w.value as WireArray).shape, 0, 0)
        : null;
    let value: unknown;
    try {
      value = g(...values, ...(out ? [out] : []));
    } catch (e) {
      throw new UserError('gradient', explained(msg(M.jsGradientThrew, source.name, errorText(e)), e), userStack(e));
    }
    if (value === undefined && out) value = out;
    const flat: number[] = [];
    if (!flatten(value, flat) || flat.length !== n) {
      // A tuple whose first item is the gradient is accepted, and so is { grad }.
      const first = Array.isArray(value)
        ? (value[0] as unknown)
        : isPlainObject(value)
          ? pickGradient(value, wrt)
          : undefined;
      const inner: number[] = [];
      if (
        first !== undefined &&
        first !== value &&
        typeof first !== 'number' &&
        flatten(first, inner) &&
        inner.length === n
      )
        return { grad: Float64Array.from(inner), label: `paired:${source.name}` };
    }
    return { grad: gradientNumbers(value, source.name, n), label: `paired:${source.name}` };
  });
}

/** A gradient as n flat numbers, or a clear error. */
function gradientNumbers(value: unknown, name: string, n: number): Float64Array {
  const flat: number[] = [];
  const ok = flatten(value, flat);
  if (!ok || flat.length !== n)
    throw new UserError(
      'gradient',
      msg(M.jsGradientSize, name, ok ? msg(M.numbersCount, flat.length) : describe(value), n),
    );
  return Float64Array.from(flat);
}

/** Loads the module and resolves the loss, with the user's tfjs when the request or the module needs it. */
function prepare(
  req: CheckRequest | SeriesRequest,
  argLists: WireArg[][],
): { get: (n: string) => unknown; t: Resolved; ctx: Context } {
  const { target, gradient } = req;
  const roots = [
    target.className,
    target.objectName,
    target.name,
    gradient.kind === 'paired' ? gradient.name : undefined,
  ]
    .filter((n): n is string => !!n)
    .map((n) => n.split('.')[0]);
  const get = load(req.file, req.text, roots);
  const source = req.text ?? readFileSync(req.file, 'utf8');
  const tensors = [...argLists, target.init ?? []].some((args) => args.some((a) => a.form === 'tensor'));
  const required = tensors || gradient.kind === 'autograd';
  const tf = required || /['"]@tensorflow\/tfjs/.test(source) ? userTfjs(req.file, source, required) : null;
  if (tensors && !tf) throw new UserError('load', msg(M.jsNeedsTfjs, target.name, path.dirname(req.file)));
  if (tf && gradient.kind === 'autograd') registerGradients(req.file);
  const ctx = new Context(tf);
  return { get, t: resolveTarget(get, target, ctx), ctx };
}

function check(req: CheckRequest): CheckReply {
  const { get, t, ctx } = prepare(
    req,
    req.recipes.flatMap((r) => r.trials),
  );
  const label = t.label;
  const rejected: Rejected[] = [];
  for (const recipe of req.recipes) {
    ctx.summed = null;
    const first = caller(t, recipe.trials[0], req.wrt, ctx);
    let f0: number;
    try {
      f0 = first.call(first.x0);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      rejected.push({
        recipe: recipe.name,
        reason: e.message,
        text: e.text,
        kind: e.info.kind,
        traceback: e.info.traceback,
      });
      continue;
    }
    if (!Number.isFinite(f0)) {
      const text = msg(M.returnedValue, label, String(f0));
      rejected.push({ recipe: recipe.name, reason: localizable(text).message, text, kind: 'not-finite' });
      continue;
    }
    // float32 arithmetic (tfjs tensors, Float32Array): a 1e-6 step would be lost in rounding.
    const o = ctx.float32 ? { ...req, step: Math.max(req.step, 1e-3) } : req;
    let gradient: string | null = null;
    const trials = recipe.trials.map((args) => {
      const c = caller(t, args, req.wrt, ctx);
      const { grad, label: source } = gradientOf(get, t, req.gradient, args, req.wrt, c.x0.length, ctx);
      gradient = source;
      return differences((x) => c.call(x), c.x0, c.shape, grad, o);
    });
    const probes = req.probes
      .filter((p) => p.recipe === recipe.name)
      .map((p) => {
        try {
          const c = caller(t, p.args, req.wrt, ctx);
          return c.call(c.x0);
        } catch {
          return null;
        }
      });
    const notes: WireText[] = [];
    if (ctx.summed !== null) notes.push(localizable(msg(M.jsLossSummed, label, ctx.summed)));
    if (ctx.float32) notes.push(localizable(msg(M.pyStepWidened, 'float32')));
    return {
      ok: true,
      recipe: recipe.name,
      rejected: rejected.map(({ recipe, reason }) => ({ recipe, reason })),
      trials,
      probes,
      dtype: ctx.float32 ? 'float32' : 'float64',
      gradient,
      notes,
    };
  }
  throw noRecipe(rejected, req.example ?? `/** @gradcheck ${req.wrt}=randn(8) */`);
}

/** A recipe whose first call failed; `reason` (English) tells equal reasons apart. */
type Rejected = {
  recipe: string;
  reason: string;
  text: Message;
  kind: RunnerError['kind'];
  traceback?: string | undefined;
};

/** One clear error when no recipe worked: the first (most likely) recipe's reason leads. Mirrors no_recipe in driver.py. */
function noRecipe(rejected: Rejected[], example: string): UserError {
  const first = rejected[0];
  const unique = new Set(rejected.map((r) => r.reason));
  const others = rejected
    .filter((r, i) => i > 0 && r.reason !== first.reason)
    .map((r) => msg(M.recipeReason, r.recipe, r.text));
  const text =
    unique.size === 1
      ? rejected.length > 1
        ? msg(M.sameWithAll, first.text, rejected.length)
        : first.text
      : msg(M.otherRecipes, first.text, first.recipe, clip(list(others, M.listSeparator), 400), example);
  return new UserError(first.kind, text, rejected.find((r) => r.traceback)?.traceback);
}

function series(req: SeriesRequest): SeriesReply {
  const { get, t, ctx } = prepare(req, [req.args]);
  const c = caller(t, req.args, req.wrt, ctx);
  let gradient: string | null = null;
  const loss: number[] = [];
  const numeric: number[] = [];
  const analytic: number[] = [];
  const x = Float64Array.from(c.x0);
  const w = req.args.find((a) => a.name === req.wrt)!;
  for (const xi of req.xs) {
    x[req.index] = xi;
    loss.push(c.call(x));
    // float32 arithmetic: as in check(), a 1e-6 step would be lost in rounding.
    const step = ctx.float32 ? Math.max(req.step, 1e-3) : req.step;
    numeric.push(centralDifference((v) => c.call(v), x, req.index, step));
    if (req.gradient.kind !== 'none' && req.gradient.kind !== 'jax') {
      const args = req.args.map((a) =>
        a === w ? { ...a, value: { ...(w.value as WireArray), data: Array.from(x) } } : a,
      );
      const g = gradientOf(get, t, req.gradient, args, req.wrt, x.length, ctx);
      analytic.push(g.grad![req.index]);
      gradient = g.label;
    }
  }
  return { ok: true, loss, numeric, analytic: gradient ? analytic : null, gradient };
}

function handle(req: RunnerRequest): RunnerReply {
  try {
    switch (req.op) {
      case 'load':
        load(req.file, req.text, []);
        // What definitions-only loading left out, as the Python driver reports it.
        return {
          id: req.id,
          ok: true,
          loaded: true,
          leftOut: loaded.leftOut.map((l) => ({ line: l.line, text: l.text, why: localizable(l.why).message })),
        };
      case 'check':
        return { id: req.id, ...check(req) };
      case 'series':
        return { id: req.id, ...series(req) };
    }
  } catch (e) {
    if (e instanceof UserError) return { id: req.id, ok: false, error: e.info };
    return {
      id: req.id,
      ok: false,
      error: new UserError('exception', msg(M.jsInternal, errorText(e)), e instanceof Error ? e.stack : undefined).info,
    };
  }
}

if (require.main === module || process.send) {
  // console.error joins console.log on stdout: two pipes reach the host in whatever order it reads
  // them, and the printed output it shows should read in the order the code printed it.
  process.stderr.write = process.stdout.write.bind(process.stdout);
  process.on('message', (req: RunnerRequest) => {
    process.send?.({ id: req.id, phase: 'call' } satisfies PhaseNote);
    process.send?.(handle(req));
  });
  // An unhandled rejection from user code started at import must not leave a half-dead runner.
  process.on('unhandledRejection', () => undefined);
  // The host went away: nothing will ask us again.
  process.on('disconnect', () => process.exit(0));
  watchParent();
  process.send?.({ ready: true });
}

/**
 * Ends this runner when its parent goes, even while the user's code spins on the main thread
 * (where 'disconnect' would never be handled): a worker thread watches the parent pid and kills
 * the process. Python's runner gets the same from the kernel (PR_SET_PDEATHSIG).
 */
function watchParent(): void {
  const parent = process.ppid;
  const code = `const { workerData } = require('node:worker_threads');
setInterval(() => { if (process.ppid !== workerData.parent) process.kill(workerData.self, 'SIGKILL'); }, 500);`;
  try {
    new Worker(code, { eval: true, workerData: { parent, self: process.pid } }).unref();
  } catch {
    // no worker threads: the 'disconnect' handler is what remains
  }
}
