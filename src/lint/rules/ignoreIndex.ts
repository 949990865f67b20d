/**
 * ignore-index: labels padded or masked with a constant that the loss does not ignore. PyTorch's
 * `CrossEntropyLoss` / `NLLLoss` skip `ignore_index` (−100 unless set); labels padded with 0 by
 * `pad_sequence`, or masked with −1, are then trained as a class, or fail as an index out of range.
 */
import type { SyntaxNode } from '@lezer/common';
import { keyword, type LossUse } from '../uses';
import type { LintDiagnostic, Span } from '../types';
import { diagnostic, L, lossName, type Rule, type RuleContext } from './shared';

function check(use: LossUse, ctx: RuleContext): LintDiagnostic[] {
  const { spec } = use;
  if (use.role !== 'call' || spec.framework !== 'pytorch' || (spec.family !== 'ce' && spec.family !== 'nll')) return [];
  const { program } = ctx;
  const kw = keyword(use, 'ignore_index');
  const ignore = kw ? program.literal(kw.value) : -100;
  if (typeof ignore !== 'number') return [];
  let found: { value: number; at: Span; how: 'padded' | 'masked' } | undefined;
  if (use.target?.k === 'padded' && use.target.value !== ignore)
    found = { value: use.target.value, at: use.target.at, how: 'padded' };
  const root = program.rootOf(use.targetNode);
  if (!found && root?.name === 'VariableName') {
    const name = program.text.slice(root.from, root.to);
    const masks: { value: SyntaxNode; stmt: SyntaxNode }[] = [...(use.scope.masks.get(name) ?? [])];
    for (const m of use.scope.methodCalls.get(`${name}.masked_fill_`) ?? []) {
      const v = program.callArgs(m)?.positional[1];
      if (v) masks.push({ value: v, stmt: m });
    }
    for (const m of masks) {
      if (m.stmt.from > use.node.from) continue;
      const v = program.literal(m.value);
      // Only a negative constant is certainly meant as "no label" (a positive one may relabel a class).
      if (typeof v === 'number' && v < 0 && v !== ignore)
        found = { value: v, at: { from: m.stmt.from, to: m.stmt.to }, how: 'masked' };
    }
  }
  if (!found) return [];
  const loss = lossName(use);
  const verb = found.how === 'padded' ? L('padded', '填充') : L('masked', '屏蔽');
  const ignoreText = kw ? `ignore_index=${ignore}` : `ignore_index=${ignore} (the default)`;
  const ignoreZh = kw ? `ignore_index=${ignore}` : `ignore_index=${ignore}（默认值）`;
  return [
    diagnostic(
      'ignore-index',
      'warning',
      use,
      L(
        `The labels on {otherLine} are ${verb.en} with ${found.value}, but ${loss} on {lossLine} has ${ignoreText}: those positions are trained as class ${found.value}, or fail as an index out of range; set ignore_index=${found.value} or use ${ignore} there.`,
        `{otherLine}的标签用 ${found.value} ${verb['zh-cn']}，但{lossLine}的 ${loss} 使用 ${ignoreZh}：这些位置会被当作类别 ${found.value} 训练，或因索引越界而报错；请设置 ignore_index=${found.value}，或在那里改用 ${ignore}。`,
      ),
      'softmax',
      {
        related: {
          span: found.at,
          label: L(`labels ${verb.en} with ${found.value} here`, `此处用 ${found.value} ${verb['zh-cn']}标签`),
        },
      },
    ),
  ];
}

export const ignoreIndex: Rule = {
  id: 'ignore-index',
  title: L('labels padded or masked with a value the loss does not ignore', '标签用损失函数不会忽略的值填充或屏蔽'),
  check,
};
