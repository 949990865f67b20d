/**
 * The JS/TS runner: a forked Node process (bundled to dist/gradcheck-js-child.js) that loads the
 * user's module and computes loss values and gradients. Requests and replies travel over the IPC
 * channel only; whatever the user's code prints goes to stdout/stderr, which the host merely logs.
 * The host owns the time and memory limits: it kills this process and starts another.
 */
import Module from 'node:module';
import * as path from 'node:path';
import { transform } from 'sucrase';
import { centralDifference, differences } from '../../engine/differences';
import { clip, list, localizable, M, msg, type Arg, type Message } from '../messages';
import type { CheckReply, CheckRequest, GradientSource, RunnerError, RunnerRequest, SeriesReply, SeriesRequest, WireArg, WireArray, WireTarget } from './protocol';

type Fn = (...args: unknown[]) => unknown;

/** A problem in the user's code: its message goes back as English text and as template + arguments. */
class UserError extends Error {
  readonly info: RunnerError;
  constructor(kind: RunnerError['kind'], readonly text: Message, traceback?: string) {
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
  const extensions = (Module as unknown as { _extensions: Record<string, (m: { _compile(c: string, f: string): void }, f: string) => void> })._extensions;
  for (const ext of ['.ts', '.mts', '.cts', '.tsx']) {
    extensions[ext] = (m, file) => m._compile(compile(require('node:fs').readFileSync(file, 'utf8'), file), file);
  }
}

/** Fresh loads each time, so an edit (of this file or a file it imports) is seen. */
function forgetUserModules(): void {
  for (const key of Object.keys(require.cache)) if (!key.includes(`${path.sep}node_modules${path.sep}`) && key !== __filename) delete require.cache[key];
}

const ACCESSOR = '__lossPlaygroundAccess__';

/** Loads the module with an accessor appended, so top-level functions that are not exported are reachable. */
function load(file: string, text: string | undefined, names: string[]): (name: string) => unknown {
  hookTypeScript();
  forgetUserModules();
  const source = text ?? require('node:fs').readFileSync(file, 'utf8');
  const safe = names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const cases = safe.map((n) => `case ${JSON.stringify(n)}: return typeof ${n} === 'undefined' ? undefined : ${n};`).join(' ');
  let code: string;
  try {
    code = compile(source, file);
  } catch (e) {
    const m = /^(?:Error transforming [^:]*: )?(.*?)\s*\((\d+):(\d+)\)$/.exec((e as Error).message);
    // sucrase's own wording stays as it is; the position around it is ours.
    const text = m ? msg(M.atLineColumn, m[1], m[2], Number(m[3]) + 1) : (e as Error).message;
    throw new UserError('load', msg(M.jsSyntaxError, path.basename(file), text));
  }
  code += `\n;module.exports[${JSON.stringify(ACCESSOR)}] = function (n) { switch (n) { ${cases} } };\n`;
  const m = new Module(file, module) as Module & { _compile(code: string, file: string): void; paths: string[] };
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  try {
    m._compile(code, file);
  } catch (e) {
    throw new UserError('load', msg(M.jsLoadThrew, path.basename(file), errorText(e)), userStack(e));
  }
  const exports = m.exports as Record<string, unknown>;
  const access = exports[ACCESSOR] as (n: string) => unknown;
  return (name) => access(name) ?? exports[name] ?? (name === 'default' ? undefined : (exports.default as Record<string, unknown> | undefined)?.[name]);
}

function errorText(e: unknown): Arg {
  return e instanceof Error ? `${e.name}: ${e.message}` : msg(M.jsThrownValue, typeof e, String(e));
}

/** The stack without our own frames. */
function userStack(e: unknown): string | undefined {
  if (!(e instanceof Error) || !e.stack) return undefined;
  return e.stack
    .split('\n')
    .filter((l) => !l.includes(__filename) && !l.includes('(node:') && !l.includes('gradcheck-js-child'))
    .join('\n');
}

function resolveCallable(get: (n: string) => unknown, target: WireTarget, name = target.name): Fn {
  if (target.className) {
    const Cls = get(target.className) as (new () => Record<string, unknown>) | undefined;
    if (typeof Cls !== 'function') throw new UserError('not-found', msg(M.classNotDefined, target.className));
    let instance: Record<string, unknown>;
    try {
      instance = new Cls();
    } catch (e) {
      throw new UserError('exception', msg(M.jsConstructorThrew, target.className, errorText(e)), userStack(e));
    }
    const method = instance[name];
    if (typeof method !== 'function') throw new UserError('not-found', msg(M.jsNoMethod, target.className, name));
    return (method as Fn).bind(instance);
  }
  const fn = get(name);
  if (typeof fn !== 'function') throw new UserError('not-found', fn === undefined ? msg(M.jsNotFunctionNothing, name) : msg(M.jsNotFunction, name, typeof fn));
  return fn as Fn;
}

function toJs(arg: WireArg, flat?: Float64Array): unknown {
  const v = arg.value;
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

function flatten(value: unknown, out: number[]): boolean {
  if (typeof value === 'number') out.push(value);
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const view = value as unknown as ArrayLike<number>;
    for (let i = 0; i < view.length; i++) out.push(Number(view[i]));
  }
  else if (Array.isArray(value)) {
    for (const x of value) if (!flatten(x, out)) return false;
  } else return false;
  return true;
}

function describe(value: unknown): Arg {
  if (value === null) return 'null';
  if (Array.isArray(value)) return msg(M.jsAnArray, value.length);
  if (ArrayBuffer.isView(value)) return msg(M.jsAnInstance, value.constructor.name);
  return typeof value === 'object' ? msg(M.jsAnObject) : msg(M.jsAValue, typeof value, String(value).slice(0, 40));
}

type Caller = { call(flat: Float64Array): number; args: WireArg[]; x0: Float64Array; shape: number[] };

function caller(fn: Fn, name: string, args: WireArg[], wrt: string): Caller {
  const w = args.find((a) => a.name === wrt);
  if (!w || typeof w.value !== 'object') throw new UserError('exception', msg(M.noArrayInput, wrt));
  const shape = w.value.shape;
  return {
    args,
    shape,
    x0: Float64Array.from(w.value.data),
    call(flat) {
      // Fresh arguments every call: a function that mutates its inputs cannot skew the next call.
      const values = args.map((a) => (a.name === wrt ? toJs(a, flat) : toJs(a)));
      let result: unknown;
      try {
        result = fn(...values);
      } catch (e) {
        throw new UserError('exception', msg(M.jsThrew, name, errorText(e)), userStack(e));
      }
      if (typeof result !== 'number') throw new UserError('return-type', msg(M.jsReturnType, name, describe(result)));
      return result;
    },
  };
}

function gradientOf(get: (n: string) => unknown, target: WireTarget, source: GradientSource, args: WireArg[], n: number): { grad: Float64Array | null; label: string | null } {
  if (source.kind !== 'paired') return { grad: null, label: null };
  const g = resolveCallable(get, target, source.name);
  let value: unknown;
  try {
    value = g(...args.map((a) => toJs(a)));
  } catch (e) {
    throw new UserError('gradient', msg(M.jsGradientThrew, source.name, errorText(e)), userStack(e));
  }
  const flat: number[] = [];
  const ok = flatten(value, flat);
  if (!ok || flat.length !== n) {
    // A tuple whose first item is the gradient is accepted.
    const first = Array.isArray(value) ? value[0] : undefined;
    const inner: number[] = [];
    if (first !== undefined && typeof first !== 'number' && flatten(first, inner) && inner.length === n) return { grad: Float64Array.from(inner), label: `paired:${source.name}` };
    throw new UserError('gradient', msg(M.jsGradientSize, source.name, ok ? msg(M.numbersCount, flat.length) : describe(value), n));
  }
  return { grad: Float64Array.from(flat), label: `paired:${source.name}` };
}

function check(req: CheckRequest): CheckReply {
  const names = [req.target.className ?? req.target.name, ...(req.gradient.kind === 'paired' ? [req.gradient.name] : [])];
  const get = load(req.file, req.text, names);
  const fn = resolveCallable(get, req.target);
  const label = req.target.className ? `${req.target.className}.${req.target.name}` : req.target.name;
  const rejected: Rejected[] = [];
  for (const recipe of req.recipes) {
    const first = caller(fn, label, recipe.trials[0], req.wrt);
    let f0: number;
    try {
      f0 = first.call(first.x0);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      rejected.push({ recipe: recipe.name, reason: e.message, text: e.text, kind: e.info.kind, traceback: e.info.traceback });
      continue;
    }
    if (!Number.isFinite(f0)) {
      const text = msg(M.returnedValue, label, String(f0));
      rejected.push({ recipe: recipe.name, reason: localizable(text).message, text, kind: 'not-finite' });
      continue;
    }
    const trials = recipe.trials.map((args) => {
      const c = caller(fn, label, args, req.wrt);
      const { grad } = gradientOf(get, req.target, req.gradient, args, c.x0.length);
      return differences((x) => c.call(x), c.x0, c.shape, grad, req);
    });
    const probes = req.probes
      .filter((p) => p.recipe === recipe.name)
      .map((p) => {
        try {
          const c = caller(fn, label, p.args, req.wrt);
          return c.call(c.x0);
        } catch {
          return null;
        }
      });
    return { ok: true, recipe: recipe.name, rejected: rejected.map(({ recipe, reason }) => ({ recipe, reason })), trials, probes, dtype: 'float64', gradient: req.gradient.kind === 'paired' ? `paired:${req.gradient.name}` : null, notes: [] };
  }
  throw noRecipe(rejected, `/** @gradcheck ${req.wrt}=randn(8) */`);
}

/** A recipe whose first call failed; `reason` (English) tells equal reasons apart. */
type Rejected = { recipe: string; reason: string; text: Message; kind: RunnerError['kind']; traceback?: string | undefined };

/** One clear error when no recipe worked: the first (most likely) recipe's reason leads. Mirrors no_recipe in driver.py. */
function noRecipe(rejected: Rejected[], example: string): UserError {
  const first = rejected[0];
  const unique = new Set(rejected.map((r) => r.reason));
  const others = rejected.filter((r, i) => i > 0 && r.reason !== first.reason).map((r) => msg(M.recipeReason, r.recipe, r.text));
  const text =
    unique.size === 1
      ? rejected.length > 1
        ? msg(M.sameWithAll, first.text, rejected.length)
        : first.text
      : msg(M.otherRecipes, first.text, first.recipe, clip(list(others, M.listSeparator), 400), example);
  return new UserError(first.kind, text, rejected.find((r) => r.traceback)?.traceback);
}

function series(req: SeriesRequest): SeriesReply {
  const get = load(req.file, req.text, [req.target.className ?? req.target.name, ...(req.gradient.kind === 'paired' ? [req.gradient.name] : [])]);
  const fn = resolveCallable(get, req.target);
  const c = caller(fn, req.target.name, req.args, req.wrt);
  const loss: number[] = [];
  const numeric: number[] = [];
  const analytic: number[] = [];
  const x = Float64Array.from(c.x0);
  const w = req.args.find((a) => a.name === req.wrt)!;
  for (const xi of req.xs) {
    x[req.index] = xi;
    loss.push(c.call(x));
    numeric.push(centralDifference((v) => c.call(v), x, req.index, req.step));
    if (req.gradient.kind === 'paired') {
      const args = req.args.map((a) => (a === w ? { ...a, value: { ...(w.value as WireArray), data: Array.from(x) } } : a));
      analytic.push(gradientOf(get, req.target, req.gradient, args, x.length).grad![req.index]);
    }
  }
  return { ok: true, loss, numeric, analytic: req.gradient.kind === 'paired' ? analytic : null, gradient: req.gradient.kind === 'paired' ? `paired:${req.gradient.name}` : null };
}

function handle(req: RunnerRequest): unknown {
  try {
    switch (req.op) {
      case 'load':
        load(req.file, req.text, []);
        return { id: req.id, ok: true, loaded: true };
      case 'check':
        return { id: req.id, ...check(req) };
      case 'series':
        return { id: req.id, ...series(req) };
    }
  } catch (e) {
    if (e instanceof UserError) return { id: req.id, ok: false, error: e.info };
    return { id: req.id, ok: false, error: new UserError('exception', msg(M.jsInternal, errorText(e)), e instanceof Error ? e.stack : undefined).info };
  }
}

if (require.main === module || process.send) {
  // console.error joins console.log on stdout: two pipes reach the host in whatever order it reads
  // them, and the printed output it shows should read in the order the code printed it.
  process.stderr.write = process.stdout.write.bind(process.stdout) as typeof process.stderr.write;
  process.on('message', (req: RunnerRequest) => {
    process.send?.({ id: req.id, phase: 'call' });
    process.send?.(handle(req));
  });
  // An unhandled rejection from user code started at import must not leave a half-dead runner.
  process.on('unhandledRejection', () => undefined);
  // The host went away: nothing will ask us again.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true });
}
