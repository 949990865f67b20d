/**
 * A formula as the learner types it (`log(1 + exp(-y*a))`, `abs(e)^1.5`) into a checked tree, or
 * a FormulaError that says what is wrong and at which column. Three gates, each enough on its own
 * to keep anything but arithmetic out:
 * 1. Our scan of the text (./scan), which knows the columns, so it names most mistakes.
 * 2. mathjs's parser (./mathjs), which cannot build anything but numbers, names, operators, calls
 *    and parentheses. Its syntax errors carry their column.
 * 3. The walk from mathjs's tree to ours (./expr), which accepts those node kinds only.
 * Nothing here evaluates anything: `constructor`, `__proto__` or `import` are unknown names.
 */
import type { MathNode } from 'mathjs';
import type { Expr, Variable } from './expr';
import { FUNCTIONS, isFunctionName } from './functions';
import { mathjs, RefusedNode } from './mathjs';
import { fail, isVariable, scanFormula } from './scan';

/** A mathjs syntax error as a problem; mathjs counts its `char` from 1, as we do. */
function syntaxProblem(e: SyntaxError & { char?: number }): never {
  const column = typeof e.char === 'number' && e.char >= 1 ? e.char : 1;
  const what = String(e.message).replace(/\s*\(char \d+\)\s*$/, '');
  if (/^Unexpected end of expression/.test(what)) fail('incomplete', column);
  if (/^Value expected/.test(what)) fail('expected', column);
  return fail('syntax', column, what.slice(0, 80));
}

/** Gate 3: mathjs's tree into ours, node kind by node kind. */
function toExpr(node: MathNode): Expr {
  const n = node as MathNode & {
    value?: unknown;
    name?: string;
    op?: string;
    fn?: unknown;
    args?: MathNode[];
    content?: MathNode;
    implicit?: boolean;
  };
  switch (node.type) {
    case 'ConstantNode':
      if (typeof n.value !== 'number' || !Number.isFinite(n.value))
        return fail('notAllowed', 1, String(n.value).slice(0, 20));
      return { kind: 'num', value: n.value };
    case 'SymbolNode':
      if (isVariable(n.name ?? '')) return { kind: 'var', name: n.name as Variable };
      if (n.name === 'pi') return { kind: 'const', name: 'pi' };
      return fail('unknownName', 1, String(n.name));
    case 'ParenthesisNode':
      return toExpr(n.content!);
    case 'OperatorNode': {
      const args = (n.args ?? []).map(toExpr);
      if (n.implicit) return fail('missingOperator', 1, '', { other: '' });
      const fn = n.fn as string;
      if (args.length === 1 && fn === 'unaryMinus') {
        // A negative number is one number (so (-2)^2 and 2^-1 read as written).
        const [u] = args;
        return u.kind === 'num' ? { kind: 'num', value: -u.value } : { kind: 'neg', arg: u };
      }
      if (args.length === 1 && fn === 'unaryPlus') return args[0];
      const op = ({ add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^' } as const)[fn as 'add'];
      if (args.length !== 2 || !op) return fail('notAllowed', 1, String(n.op));
      return { kind: 'bin', op, left: args[0], right: args[1] };
    }
    case 'FunctionNode': {
      const name = n.name ?? '';
      const fnNode = n.fn as MathNode | undefined;
      if (fnNode?.type !== 'SymbolNode' || !isFunctionName(name)) return fail('notAllowed', 1, name.slice(0, 20));
      const args = (n.args ?? []).map(toExpr);
      if (args.length !== FUNCTIONS[name].arity)
        return fail('arity', 1, name, { n: FUNCTIONS[name].arity, m: args.length });
      return { kind: 'call', fn: name, args };
    }
    default:
      return fail('notAllowed', 1, node.type);
  }
}

/**
 * The text checked and parsed: our tree, and mathjs's (kept to typeset the formula as typed).
 * Throws a FormulaError for anything but a formula; never anything else.
 */
export function parseText(text: string): { expr: Expr; node: MathNode } {
  scanFormula(text);
  let node: MathNode;
  try {
    node = mathjs().parse(text);
  } catch (e) {
    if (e instanceof RefusedNode) return fail('notAllowed', 1, e.message.split(' ')[0]);
    if (e instanceof SyntaxError) return syntaxProblem(e);
    return fail('syntax', 1, e instanceof Error ? e.message.slice(0, 80) : 'the formula could not be read');
  }
  return { expr: toExpr(node), node };
}
