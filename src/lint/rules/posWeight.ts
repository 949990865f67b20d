/**
 * pos-weight: `BCEWithLogitsLoss(pos_weight=...)` / `binary_cross_entropy_with_logits` given a
 * Python or NumPy number (PyTorch raises a TypeError: it must be a tensor), or a tensor whose
 * length is not the number of outputs of the model's last layer (one weight per class).
 */
import type { SyntaxNode } from '@lezer/common';
import { children, textOf } from '../../syntax/nodes';
import type { Program, Scope } from '../program';
import { keyword, type LossUse } from '../uses';
import type { LintDiagnostic } from '../types';
import { code, diagnostic, L, type Rule, type RuleContext } from './shared';

const NUMBER_CALLS = new Set(['float', 'int', 'numpy.float64', 'numpy.float32', 'numpy.float_', 'math.sqrt']);

/** Is `node` a plain number for sure: a literal, float(...), arithmetic of those, a name only ever assigned one. */
function numberish(program: Program, node: SyntaxNode | null | undefined, scope: Scope, depth = 0): boolean {
  if (!node || depth > 6) return false;
  if (typeof program.literal(node) === 'number') return true;
  if (node.name === 'CallExpression') {
    const callee = node.firstChild;
    const t = callee ? textOf(program.text, callee) : '';
    return NUMBER_CALLS.has(t) || NUMBER_CALLS.has(program.pathOf(callee) ?? '');
  }
  if (node.name === 'BinaryExpression') {
    const [l, , r] = [node.firstChild, null, node.lastChild];
    return numberish(program, l, scope, depth + 1) && numberish(program, r, scope, depth + 1);
  }
  if (node.name === 'ParenthesizedExpression')
    return numberish(program, node.firstChild?.nextSibling, scope, depth + 1);
  if (node.name === 'VariableName') {
    const { values, complete } = program.valuesOf(node, scope);
    return complete && values.every((v) => numberish(program, v.node, v.scope, depth + 1));
  }
  return false;
}

/** The length of a literal 1-D tensor: torch.tensor([a, b, c]), torch.ones(3), torch.full((3,), w). */
function tensorLength(program: Program, node: SyntaxNode | null | undefined): number | undefined {
  if (!node || node.name !== 'CallExpression') return undefined;
  const path = program.pathOf(node.firstChild) ?? '';
  const args = program.callArgs(node);
  const first = args?.positional[0];
  if (!first) return undefined;
  if (['torch.tensor', 'torch.Tensor', 'torch.FloatTensor', 'torch.as_tensor'].includes(path)) {
    if (first.name !== 'ArrayExpression') return undefined;
    let n = 0;
    for (let c = first.firstChild; c; c = c.nextSibling) if (c.name !== '[' && c.name !== ']' && c.name !== ',') n++;
    return n;
  }
  if (['torch.ones', 'torch.zeros', 'torch.full', 'torch.empty'].includes(path)) {
    let size: SyntaxNode | undefined = first;
    if (
      first.name === 'TupleExpression' ||
      first.name === 'ArrayExpression' ||
      first.name === 'ParenthesizedExpression'
    ) {
      const items = children(first).filter((c) => !['(', ')', '[', ']', ','].includes(c.name));
      if (items.length !== 1) return undefined;
      size = items[0];
    }
    const lit = program.literal(size);
    return typeof lit === 'number' && Number.isInteger(lit) ? lit : undefined;
  }
  return undefined;
}

function check(use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  const { spec } = use;
  if (spec.framework !== 'pytorch' || spec.need !== 'logits-binary' || spec.family !== 'bce') return [];
  if (spec.form === 'class' ? use.role === 'compile' : use.role !== 'call') return [];
  const { program } = ctx;
  const kw =
    spec.form === 'class' && use.role === 'construction'
      ? use.construction?.args?.keywords.get('pos_weight')
      : use.role === 'call' && spec.form === 'function'
        ? keyword(use, 'pos_weight')
        : undefined;
  const scope = spec.form === 'class' ? (use.construction?.scope ?? use.scope) : use.scope;
  if (kw && numberish(program, kw.value, scope)) {
    return [
      diagnostic(
        'pos-weight',
        'error',
        use,
        L(
          `pos_weight on {lossLine} is a plain number, but ${code(use.name)} needs a tensor (e.g. torch.tensor([w])): PyTorch raises a TypeError.`,
          `{lossLine}的 pos_weight 是普通数字，但 ${code(use.name)} 需要张量（如 torch.tensor([w])）：PyTorch 会抛出 TypeError。`,
        ),
        'probability',
        { span: kw.span },
      ),
    ];
  }
  // The length against the model's last layer: at a call, where both are known.
  if (use.role !== 'call' || use.input?.k !== 'logits' || use.input.width === undefined) return [];
  const pw = keyword(use, 'pos_weight');
  let value = pw?.value;
  if (value?.name === 'VariableName') {
    const { values } = program.valuesOf(value, use.construction?.scope ?? use.scope);
    value = values.length === 1 ? values[0].node : undefined;
  }
  const len = tensorLength(program, value);
  const width = use.input.width;
  if (len === undefined || len === 1 || len === width) return [];
  return [
    diagnostic(
      'pos-weight',
      'warning',
      use,
      L(
        `pos_weight for ${code(use.name)} on {lossLine} has ${len} entries, but the last layer on {otherLine} outputs ${width}: it needs one weight per class (the last dimension), or broadcasting fails or weights the wrong axis.`,
        `{lossLine}的 ${code(use.name)} 的 pos_weight 有 ${len} 个元素，但{otherLine}的最后一层输出 ${width} 个：每个类别（最后一维）需要一个权重，否则广播失败或加权到错误的轴。`,
      ),
      'probability',
      { related: { span: use.input.at, label: L(`last layer with ${width} outputs`, `输出 ${width} 个值的最后一层`) } },
    ),
  ];
}

export const posWeight: Rule = {
  id: 'pos-weight',
  title: L('pos_weight that is a number, or of the wrong length', 'pos_weight 是数字或长度不对'),
  check,
};
