/**
 * The functions a formula may call, one entry each: its arity, its value, its partial derivatives
 * (for the automatic derivative), its symbolic derivative (for the typeset one and the NumPy
 * gradient), where its derivative jumps, and how NumPy, PyTorch, TF.js and TeX write it. A name
 * not in this table is an error in the formula; adding a function is adding an entry here.
 *
 * Where a function has a kink the derivative takes one side, the same in every place: d|u| is
 * sign(u) (0 at 0, as PyTorch's), relu′ is [u > 0], and max/min follow their first argument on a
 * tie. Pure.
 */
import { sigmoid, softplus } from '../numerics';
import { add, call, div, ind, mul, num, sub, pow } from './build';
import type { Expr } from './expr';
import type { FunctionName } from './vocabulary';

/** How a derivative is built: `args` the arguments, `d` their derivatives in a (num 0 where constant). */
type Derive = (args: Expr[], d: Expr[]) => Expr;
/** Code for the call, given its arguments' code and which of them are constants (a Python number, not a tensor). */
type Spell = (args: string[], constant: boolean[]) => string;

export interface FunctionSpec {
  readonly arity: 1 | 2;
  value(u: number, v: number): number;
  /** ∂f/∂(argument k) at (u, v), with `value` = f(u, v). */
  partial(k: number, u: number, v: number, value: number): number;
  derive: Derive;
  /**
   * Where the derivative may jump: 'arg' where the argument crosses 0, 'difference' where the two
   * arguments cross each other.
   */
  readonly kink?: 'arg' | 'difference';
  readonly numpy: Spell;
  readonly pytorch: Spell;
  readonly tfjs: Spell;
  /**
   * TeX, given the arguments' TeX. Every function has its own: mathjs's FunctionNode typesets its
   * arguments twice, which doubles the work at each level of nesting (20 nested calls: seconds).
   */
  readonly tex: (args: string[]) => string;
  /** NumPy needs a helper function defined for it (its name and definition). */
  readonly numpyHelper?: string;
}

/** `\\name\\left(u\\right)`: how TeX writes a named function. */
const named =
  (name: string) =>
  (u: string): string =>
    `\\${name}\\left(${u}\\right)`;
/** For names TeX has no command for. */
const operator =
  (name: string) =>
  (u: string): string =>
    `\\operatorname{${name}}\\left(${u}\\right)`;

/** A name as a call (`np.exp` → `np.exp(u)`), or a spelling of its own. */
type Code = string | Spell;
const spell = (c: Code): Spell => (typeof c === 'string' ? ([u]) => `${c}(${u})` : c);

/** A function of one argument: value, derivative (given the value too), symbolic derivative, code. */
function one(
  f: (u: number) => number,
  d: (u: number, value: number) => number,
  derive: (u: Expr, du: Expr) => Expr,
  code: { numpy: Code; pytorch: Code; tfjs: Code },
  tex: (u: string) => string,
  extra: Pick<FunctionSpec, 'kink' | 'numpyHelper'> = {},
): FunctionSpec {
  return {
    arity: 1,
    value: (u) => f(u),
    partial: (_k, u, _v, value) => d(u, value),
    derive: ([u], [du]) => derive(u, du),
    numpy: spell(code.numpy),
    pytorch: spell(code.pytorch),
    tfjs: spell(code.tfjs),
    tex: ([u]) => tex(u),
    ...extra,
  };
}

const signOf = (u: number): number => (u > 0 ? 1 : u < 0 ? -1 : u === 0 ? 0 : NaN);

export const FUNCTIONS: { readonly [F in FunctionName]: FunctionSpec } = {
  abs: one(
    Math.abs,
    signOf,
    (u, du) => mul(call('sign', [u]), du),
    { numpy: 'np.abs', pytorch: 'torch.abs', tfjs: 'tf.abs' },
    (u) => `\\left|${u}\\right|`,
    { kink: 'arg' },
  ),
  sign: one(
    signOf,
    () => 0,
    () => num(0),
    { numpy: 'np.sign', pytorch: 'torch.sign', tfjs: 'tf.sign' },
    operator('sign'),
    { kink: 'arg' },
  ),
  sqrt: one(
    Math.sqrt,
    (_u, s) => 1 / (2 * s),
    (u, du) => div(du, mul(num(2), call('sqrt', [u]))),
    { numpy: 'np.sqrt', pytorch: 'torch.sqrt', tfjs: 'tf.sqrt' },
    (u) => `\\sqrt{${u}}`,
  ),
  exp: one(
    Math.exp,
    (_u, v) => v,
    (u, du) => mul(call('exp', [u]), du),
    { numpy: 'np.exp', pytorch: 'torch.exp', tfjs: 'tf.exp' },
    named('exp'),
  ),
  log: one(
    Math.log,
    (u) => 1 / u,
    (u, du) => div(du, u),
    { numpy: 'np.log', pytorch: 'torch.log', tfjs: 'tf.log' },
    named('ln'),
  ),
  log1p: one(
    Math.log1p,
    (u) => 1 / (1 + u),
    (u, du) => div(du, add(num(1), u)),
    { numpy: 'np.log1p', pytorch: 'torch.log1p', tfjs: 'tf.log1p' },
    (u) => `\\ln\\left(1+${u}\\right)`,
  ),
  tanh: one(
    Math.tanh,
    (_u, t) => 1 - t * t,
    (u, du) => mul(sub(num(1), pow(call('tanh', [u]), num(2))), du),
    { numpy: 'np.tanh', pytorch: 'torch.tanh', tfjs: 'tf.tanh' },
    named('tanh'),
  ),
  cosh: one(
    Math.cosh,
    Math.sinh,
    (u, du) => mul(call('sinh', [u]), du),
    { numpy: 'np.cosh', pytorch: 'torch.cosh', tfjs: 'tf.cosh' },
    named('cosh'),
  ),
  sinh: one(
    Math.sinh,
    Math.cosh,
    (u, du) => mul(call('cosh', [u]), du),
    { numpy: 'np.sinh', pytorch: 'torch.sinh', tfjs: 'tf.sinh' },
    named('sinh'),
  ),
  sigmoid: one(
    sigmoid,
    (_u, s) => s * (1 - s),
    (u, du) => mul(mul(call('sigmoid', [u]), sub(num(1), call('sigmoid', [u]))), du),
    { numpy: '_sigmoid', pytorch: 'torch.sigmoid', tfjs: 'tf.sigmoid' },
    named('sigma'),
    // exp(−log(1 + e^(−x))): no overflow either way.
    { numpyHelper: 'def _sigmoid(x):\n    return np.exp(-np.logaddexp(0, -x))' },
  ),
  softplus: one(
    softplus,
    (u) => sigmoid(u),
    (u, du) => mul(call('sigmoid', [u]), du),
    { numpy: ([u]) => `np.logaddexp(0, ${u})`, pytorch: 'torch.nn.functional.softplus', tfjs: 'tf.softplus' },
    operator('softplus'),
  ),
  relu: one(
    (u) => Math.max(u, 0),
    (u) => (u > 0 ? 1 : 0),
    (u, du) => mul(ind('>', u, num(0)), du),
    { numpy: ([u]) => `np.maximum(${u}, 0)`, pytorch: 'torch.relu', tfjs: 'tf.relu' },
    operator('ReLU'),
    { kink: 'arg' },
  ),
  max: {
    arity: 2,
    value: (u, v) => Math.max(u, v),
    partial: (k, u, v) => (u >= v === (k === 0) ? 1 : 0),
    derive: ([u, v], [du, dv]) => add(mul(ind('>=', u, v), du), mul(ind('<', u, v), dv)),
    kink: 'difference',
    numpy: ([u, v]) => `np.maximum(${u}, ${v})`,
    // clamp takes a number where maximum wants two tensors.
    pytorch: ([u, v], c) =>
      c[1] ? `torch.clamp(${u}, min=${v})` : c[0] ? `torch.clamp(${v}, min=${u})` : `torch.maximum(${u}, ${v})`,
    tfjs: ([u, v]) => `tf.maximum(${u}, ${v})`,
    tex: ([u, v]) => `\\max\\left(${u},${v}\\right)`,
  },
  min: {
    arity: 2,
    value: (u, v) => Math.min(u, v),
    partial: (k, u, v) => (u <= v === (k === 0) ? 1 : 0),
    derive: ([u, v], [du, dv]) => add(mul(ind('<=', u, v), du), mul(ind('>', u, v), dv)),
    kink: 'difference',
    numpy: ([u, v]) => `np.minimum(${u}, ${v})`,
    pytorch: ([u, v], c) =>
      c[1] ? `torch.clamp(${u}, max=${v})` : c[0] ? `torch.clamp(${v}, max=${u})` : `torch.minimum(${u}, ${v})`,
    tfjs: ([u, v]) => `tf.minimum(${u}, ${v})`,
    tex: ([u, v]) => `\\min\\left(${u},${v}\\right)`,
  },
};

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

export function functionSpec(name: FunctionName): FunctionSpec {
  return FUNCTIONS[name];
}
