/**
 * TeX for a formula and its derivative, through mathjs's toTex: the formula from mathjs's own tree
 * (parentheses as typed), the derivative from ours rebuilt as mathjs nodes (parentheses where the
 * operators need them). Function calls (each function's TeX is in ./functions: σ, softplus, ReLU,
 * ln(1 + u) as a textbook writes them) and the derivative's Iverson brackets [u ≥ v] go through one
 * handler. Pure.
 */
import type { MathNode } from 'mathjs';
import type { Comparison, Expr } from './expr';
import { FUNCTIONS, isFunctionName } from './functions';
import { mathjs } from './mathjs';

const BRACKET: Record<Comparison, string> = { '>': '>', '>=': '\\geq', '<': '<', '<=': '\\leq' };
const BRACKET_NAME: Record<Comparison, string> = {
  '>': 'iverson_gt',
  '>=': 'iverson_ge',
  '<': 'iverson_lt',
  '<=': 'iverson_le',
};
const BRACKET_OF = new Map(Object.entries(BRACKET_NAME).map(([op, name]) => [name, op as Comparison]));

type AnyNode = MathNode & { fn?: { name?: string }; args?: MathNode[] };

function handler(node: AnyNode, options: object): string | undefined {
  if (node.type !== 'FunctionNode') return undefined;
  const name = node.fn?.name ?? '';
  const cmp = BRACKET_OF.get(name);
  // Every call is ours to write (a whitelisted function, or a bracket): mathjs's FunctionNode would
  // typeset its arguments twice, doubling the work at each level of nesting.
  if (!cmp && !isFunctionName(name)) return undefined;
  const args = (node.args ?? []).map((a) => a.toTex(options));
  return cmp
    ? `\\left[${args[0]}${BRACKET[cmp]} ${args[1]}\\right]`
    : FUNCTIONS[name as keyof typeof FUNCTIONS].tex(args);
}

/** The formula as typed. */
export function nodeTex(node: MathNode): string {
  return node.toTex({ parenthesis: 'keep', implicit: 'show', handler });
}

/** Twelve significant digits: what folding the derivative's numbers leaves (0.30000000000000004) is not for reading. */
const readable = (v: number): number => Number(v.toPrecision(12));

function toNode(x: Expr): MathNode {
  const m = mathjs();
  switch (x.kind) {
    case 'num':
      // A negative number as a minus sign and a number, so mathjs puts parentheses where they are needed: (−2)^a.
      return x.value < 0
        ? new m.OperatorNode('-', 'unaryMinus', [new m.ConstantNode(readable(-x.value))])
        : new m.ConstantNode(readable(x.value));
    case 'const':
      return new m.SymbolNode(x.name);
    case 'var':
      return new m.SymbolNode(x.name);
    case 'neg':
      return new m.OperatorNode('-', 'unaryMinus', [toNode(x.arg)]);
    case 'bin': {
      const fn = ({ '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '^': 'pow' } as const)[x.op];
      return new m.OperatorNode(x.op, fn, [toNode(x.left), toNode(x.right)]);
    }
    case 'call':
      return new m.FunctionNode(new m.SymbolNode(x.fn), x.args.map(toNode));
    case 'ind':
      return new m.FunctionNode(new m.SymbolNode(BRACKET_NAME[x.op]), [toNode(x.left), toNode(x.right)]);
  }
}

/** Our tree (a derivative) in TeX. */
export function exprTex(x: Expr): string {
  return toNode(x).toTex({ parenthesis: 'auto', implicit: 'show', handler });
}
