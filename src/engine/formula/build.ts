/**
 * Constructors for formula trees that tidy as they build: 0 and 1 drop out, numbers fold, signs
 * move outward. The symbolic derivative (./derivative) is written with them, so `d/da (y·a)` comes
 * out as `y`, not `0·a + y·1`. Multiplying by an exact 0 gives 0 whatever the other factor is, as
 * the chain rule's zero terms do in the automatic derivative (./evaluate). Pure.
 */
import type { BinaryOp, Comparison, Expr } from './expr';
import type { FunctionName } from './vocabulary';

export const num = (value: number): Expr => ({ kind: 'num', value: Object.is(value, -0) ? 0 : value });

const isNum = (x: Expr): x is Extract<Expr, { kind: 'num' }> => x.kind === 'num';
/** The number v exactly. */
const is = (x: Expr, v: number): boolean => x.kind === 'num' && x.value === v;
const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'bin', op, left, right });
/** Two numbers folded into one, unless that overflows (10^1000 stays written as it is). */
const fold = (v: number, op: BinaryOp, l: Expr, r: Expr): Expr => (Number.isFinite(v) ? num(v) : bin(op, l, r));

/** A product whose first factor is a number (2·u·v): its sign can go on that number. */
const leadsWithNumber = (x: Expr): boolean => isNum(x) || (x.kind === 'bin' && x.op === '*' && leadsWithNumber(x.left));
/** A negative number, or a product that starts with one (−2·u). */
const negativeLead = (x: Expr): boolean =>
  isNum(x) ? x.value < 0 : x.kind === 'bin' && x.op === '*' && negativeLead(x.left);

export function neg(x: Expr): Expr {
  if (isNum(x)) return num(-x.value);
  if (x.kind === 'neg') return x.arg;
  // −(2·u) is written −2·u.
  if (x.kind === 'bin' && x.op === '*' && leadsWithNumber(x.left)) return bin('*', neg(x.left), x.right);
  return { kind: 'neg', arg: x };
}

export function add(l: Expr, r: Expr): Expr {
  if (is(l, 0)) return r;
  if (is(r, 0)) return l;
  if (isNum(l) && isNum(r)) return fold(l.value + r.value, '+', l, r);
  if (negativeLead(r)) return sub(l, neg(r));
  if (r.kind === 'neg') return sub(l, r.arg);
  if (l.kind === 'neg') return sub(r, l.arg);
  return bin('+', l, r);
}

export function sub(l: Expr, r: Expr): Expr {
  if (is(r, 0)) return l;
  if (is(l, 0)) return neg(r);
  if (isNum(l) && isNum(r)) return fold(l.value - r.value, '-', l, r);
  if (negativeLead(r)) return add(l, neg(r));
  if (r.kind === 'neg') return add(l, r.arg);
  return bin('-', l, r);
}

export function mul(l: Expr, r: Expr): Expr {
  if (is(l, 0) || is(r, 0)) return num(0);
  if (is(l, 1)) return r;
  if (is(r, 1)) return l;
  if (is(l, -1)) return neg(r);
  if (is(r, -1)) return neg(l);
  if (isNum(l) && isNum(r)) return fold(l.value * r.value, '*', l, r);
  if (l.kind === 'neg') return neg(mul(l.arg, r));
  if (r.kind === 'neg') return neg(mul(l, r.arg));
  // A number goes first: 2·u, not u·2; and 2·(3·u) is 6·u.
  if (isNum(r)) return mul(r, l);
  if (isNum(l) && r.kind === 'bin' && r.op === '*' && isNum(r.left) && Number.isFinite(l.value * r.left.value))
    return mul(num(l.value * r.left.value), r.right);
  return bin('*', l, r);
}

export function div(l: Expr, r: Expr): Expr {
  if (is(l, 0)) return num(0);
  if (is(r, 1)) return l;
  if (isNum(l) && isNum(r)) return fold(l.value / r.value, '/', l, r);
  if (l.kind === 'neg') return neg(div(l.arg, r));
  if (r.kind === 'neg') return neg(div(l, r.arg));
  // (c·u)/(d·v) is (c/d)·u/v: the 2s of d√u = u′/(2√u) with u′ = 2e cancel.
  if (
    l.kind === 'bin' &&
    l.op === '*' &&
    isNum(l.left) &&
    r.kind === 'bin' &&
    r.op === '*' &&
    isNum(r.left) &&
    Number.isFinite(l.left.value / r.left.value)
  ) {
    return mul(num(l.left.value / r.left.value), div(l.right, r.right));
  }
  return bin('/', l, r);
}

export function pow(l: Expr, r: Expr): Expr {
  if (is(r, 1)) return l;
  if (is(r, 0)) return num(1);
  if (isNum(l) && isNum(r)) return fold(l.value ** r.value, '^', l, r);
  return bin('^', l, r);
}

export const call = (fn: FunctionName, args: Expr[]): Expr => ({ kind: 'call', fn, args });

const FLIPPED: Record<Comparison, Comparison> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/** [u > v]; a number goes on the right: [1 − y·a > 0], not [0 < 1 − y·a]. */
export function ind(op: Comparison, left: Expr, right: Expr): Expr {
  if (isNum(left) && !isNum(right)) return { kind: 'ind', op: FLIPPED[op], left: right, right: left };
  return { kind: 'ind', op, left, right };
}
