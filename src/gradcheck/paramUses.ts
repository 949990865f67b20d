/**
 * How a loss's body uses each parameter (DiscoveredLoss.paramUses: `.shape`, indexing, the call it
 * flows into), which input synthesis reads; one walk for the Python and the JS/TS discoverers.
 */
import type { SyntaxNode } from '@lezer/common';
import { NODES_PER_YIELD, type Steps } from '../syntax/slices';
import { children, textOf } from '../syntax/nodes';

/** Does the assignment at `op` take its value apart: `a, b = x`, `(a, b) = x`, JS `const [a, b] = x`, `{ a } = x`? */
function destructures(op: SyntaxNode): boolean {
  const target = op.prevSibling;
  if (!target) return false;
  if (target.name === 'TupleExpression' || target.name === 'ArrayPattern' || target.name === 'ObjectPattern')
    return true;
  // Python's bare `a, b = x` (JS's `let a = 1, b = x` declares two names instead).
  return op.name === 'AssignOp' && target.prevSibling?.name === ',';
}

/** Records, for each name in `params` used in `body`, how it is used (see DiscoveredLoss.paramUses). */
export function* collectUses(
  text: string,
  body: SyntaxNode,
  params: ReadonlySet<string>,
  identifierTypes: ReadonlySet<string>,
  hints: Set<string>,
): Steps<Record<string, string[]>> {
  const uses: Record<string, Set<string>> = {};
  const cursor = body.cursor();
  let visited = 0;
  do {
    if (++visited % NODES_PER_YIELD === 0) yield;
    const name = cursor.name;
    if (name === 'PropertyName' || name === 'PropertyDefinition') hints.add(textOf(text, cursor.node).toLowerCase());
    if (!identifierTypes.has(name)) continue;
    const id = textOf(text, cursor.node);
    hints.add(id.toLowerCase());
    if (!params.has(id)) continue;
    const set = (uses[id] ??= new Set());
    const node = cursor.node;
    const parent = node.parent;
    if (parent && parent.name === 'MemberExpression') {
      if (parent.firstChild && parent.firstChild.from === node.from) {
        const next = node.nextSibling;
        if (next && next.name === '.' && next.nextSibling) set.add(textOf(text, next.nextSibling));
        // batch['image'], outputs["pred_logits"]: a dict, not an array.
        if (next && next.name === '[' && next.nextSibling?.name === 'String') set.add('[key]');
      }
    }
    // Bracketed tags cannot clash with property names: '[key]' ('k' in x), '[unpack]' (a, b = x), '[spread]' (f(**x)).
    const prev = node.prevSibling;
    if (parent && prev) {
      if (parent.name === 'BinaryExpression' && prev.name === 'in' && prev.prevSibling?.name === 'String')
        set.add('[key]');
      else if (prev.name === '**' && parent.name === 'ArgList') set.add('[spread]');
      // for x, y in data: a sequence of pairs.
      else if (
        prev.name === 'in' &&
        parent.name === 'ForStatement' &&
        (prev.prevSibling?.name === 'TupleExpression' || prev.prevSibling?.prevSibling?.name === ',')
      )
        set.add('[unpack]');
      else if ((prev.name === 'AssignOp' || prev.name === 'Equals') && !node.nextSibling && destructures(prev))
        set.add('[unpack]');
    }
    // Used inside a subscript, even through calls: p[np.arange(n), y], row[labels[n]], x[y.long()].
    for (let c: SyntaxNode = node, p = node.parent, depth = 0; p && depth < 5; c = p, p = p.parent, depth++) {
      if (
        p.name === 'MemberExpression' &&
        p.firstChild &&
        p.firstChild.from !== c.from &&
        children(p).some((k) => k.name === '[')
      ) {
        set.add('index');
        break;
      }
      if (p.name === 'Body' || p.name === 'Block' || p.name.endsWith('Statement')) break;
    }
    // The nearest call this value flows into as an argument: log(p), softmax(z), cross_entropy(z, y).
    let n: SyntaxNode | null = node;
    while (
      n &&
      n.parent &&
      (n.parent.name === 'MemberExpression' ||
        n.parent.name === 'ParenthesizedExpression' ||
        n.parent.name === 'UnaryExpression') &&
      n.parent.firstChild?.from === n.from
    )
      n = n.parent;
    if (n && n.parent && n.parent.name === 'ArgList' && n.parent.parent?.name === 'CallExpression') {
      const callee = n.parent.parent.firstChild;
      const calleeText = textOf(text, callee);
      const last = calleeText.split('.').pop() ?? '';
      if (last) set.add(`arg:${last.toLowerCase()}`);
    }
  } while (cursor.next() && cursor.from < body.to);
  return Object.fromEntries(Object.entries(uses).map(([k, v]) => [k, [...v]]));
}
