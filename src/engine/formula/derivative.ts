/**
 * The symbolic derivative ∂ℓ/∂a of a formula, for people: typeset beside the formula and exported
 * as the NumPy gradient. The plotted numbers come from the automatic derivative (./evaluate),
 * which follows the same rules at the same kinks; a unit test holds the two together. Our own
 * rules rather than mathjs's `derivative`: that one has no rule for max or min, and with the
 * `simplify` it needs would add some 35 KB to every bundle that computes a scene. Pure.
 */
import { add, div, mul, neg, num, pow, sub, call } from './build';
import { dependsOnA, writtenSize, type Expr } from './expr';
import { functionSpec } from './functions';

/** Past this many nodes written out, a derivative is too long to be worth reading (or typesetting). */
const MAX_DERIVATIVE_NODES = 600;

/** ∂x/∂a, with e = a − y (so ∂e/∂a = 1) and y held. */
export function derivative(x: Expr): Expr {
  const memo = new Map<Expr, Expr>();
  const d = (u: Expr): Expr => {
    let out = memo.get(u);
    if (!out) {
      out = rule(u, d);
      memo.set(u, out);
    }
    return out;
  };
  return d(x);
}

function rule(x: Expr, d: (u: Expr) => Expr): Expr {
  switch (x.kind) {
    case 'num':
    case 'const':
    case 'ind':
      return num(0);
    case 'var':
      return num(x.name === 'y' ? 0 : 1);
    case 'neg':
      return neg(d(x.arg));
    case 'call':
      return functionSpec(x.fn).derive(x.args, x.args.map(d));
    case 'bin': {
      const { left: u, right: v } = x;
      const du = d(u);
      const dv = d(v);
      switch (x.op) {
        case '+':
          return add(du, dv);
        case '-':
          return sub(du, dv);
        case '*':
          return add(mul(du, v), mul(u, dv));
        case '/':
          return dependsOnA(v) ? div(sub(mul(du, v), mul(u, dv)), pow(v, num(2))) : div(du, v);
        case '^':
          // An exponent that does not move with a: the power rule. Otherwise d(u^v) = u^v·(v′·ln u + v·u′/u).
          if (!dependsOnA(v)) return mul(mul(v, pow(u, sub(v, num(1)))), du);
          return mul(x, add(mul(dv, call('log', [u])), div(mul(v, du), u)));
      }
    }
  }
}

/** The derivative, or null when it is longer than anyone would read. */
export function readableDerivative(x: Expr): Expr | null {
  const dx = derivative(x);
  return writtenSize(dx, MAX_DERIVATIVE_NODES) > MAX_DERIVATIVE_NODES ? null : dx;
}
