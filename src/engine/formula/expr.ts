/**
 * A user's formula as a small typed tree: what the checked mathjs tree becomes (./parse), and what
 * the derivative, the evaluator, the code export and the TeX work from. Only these node kinds
 * exist, so nothing but numbers, the three variables, π, + − × ÷ ^, unary minus and the whitelisted
 * functions (./functions) can ever be evaluated or written out. Pure.
 */
/** The target y, the prediction a, and the residual e = a − y (so ∂e/∂a = 1). */
export const VARIABLES = ['e', 'y', 'a'] as const;
export type Variable = (typeof VARIABLES)[number];

/** Named constants; Euler's number is not one (`e` is the residual): write exp(1). */
export const CONSTANTS = { pi: Math.PI } as const;
type ConstantName = keyof typeof CONSTANTS;

import type { FunctionName } from './vocabulary';

export type BinaryOp = '+' | '-' | '*' | '/' | '^';
/** An Iverson bracket's comparison: [u > v] is 1 where it holds, else 0. */
export type Comparison = '>' | '>=' | '<' | '<=';

export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'const'; name: ConstantName }
  | { kind: 'var'; name: Variable }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'call'; fn: FunctionName; args: Expr[] }
  /** Only in derivatives (of max, min, relu): written [u ≥ v]; no formula can type one. */
  | { kind: 'ind'; op: Comparison; left: Expr; right: Expr };

export function children(x: Expr): Expr[] {
  switch (x.kind) {
    case 'num':
    case 'const':
    case 'var':
      return [];
    case 'neg':
      return [x.arg];
    case 'bin':
    case 'ind':
      return [x.left, x.right];
    case 'call':
      return x.args;
  }
}

/** The variables an expression reads. */
export function variablesOf(x: Expr, into = new Set<Variable>()): Set<Variable> {
  if (x.kind === 'var') into.add(x.name);
  for (const c of children(x)) variablesOf(c, into);
  return into;
}

/** Whether an expression changes with a (through a or e): if not, its derivative in a is 0. */
export function dependsOnA(x: Expr): boolean {
  if (x.kind === 'var') return x.name !== 'y';
  return children(x).some(dependsOnA);
}

/**
 * The number of nodes written out in full: a derivative shares subtrees (d(u^v) reuses u and v),
 * so its written size can grow much faster than the nodes built. Counted up to `limit`, then it
 * stops, so an enormous tree costs no more than a small one.
 */
export function writtenSize(x: Expr, limit: number): number {
  let n = 0;
  const visit = (y: Expr): void => {
    if (++n > limit) return;
    for (const c of children(y)) {
      visit(c);
      if (n > limit) return;
    }
  };
  visit(x);
  return n;
}
