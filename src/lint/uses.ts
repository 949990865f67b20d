/**
 * Where losses are used: a framework loss called (`F.cross_entropy(out, y)`), a loss object
 * called (`criterion(out, y)` after `criterion = nn.CrossEntropyLoss()`, `self.loss_fn(...)`,
 * `nn.BCELoss()(p, y)`), built (`nn.KLDivLoss()`), or given to Keras/tfjs `model.compile` with
 * the model it trains. Each use carries what the prediction and target are, when the code says.
 */
import type { SyntaxNode } from '@lezer/common';
import { textOf } from '../syntax/nodes';
import type { Kind } from './kinds';
import { LOSS_NAMES, lossAt, stringLossSpec, type LossSpec, type Need } from './knowledge';
import type { CallArgs, KwArg, Program, Scope } from './program';
import type { Steps } from '../syntax/slices';
import type { Span } from './types';

type Construction = { node: SyntaxNode; args?: CallArgs; scope: Scope; ident?: Span };

export type LossUse = {
  role: 'call' | 'construction' | 'compile';
  spec: LossSpec;
  /** The loss as written where it is used: `F.cross_entropy`, `criterion`, `nn.KLDivLoss`, `'mse'`. */
  name: string;
  /** The call or construction; for compile, its loss argument. */
  node: SyntaxNode;
  scope: Scope;
  /** The loss call's own arguments (`role: 'call'`). */
  args?: CallArgs;
  /** Where the loss object was built, for a loss called through an object. */
  construction?: Construction;
  /** The function's last name (`binary_cross_entropy`), for a fix that renames it. */
  functionIdent?: Span;
  /** The string in `compile(loss='...')`. */
  stringLiteral?: SyntaxNode;
  inputNode?: SyntaxNode;
  targetNode?: SyntaxNode;
  input?: Kind;
  target?: Kind;
  /** Keras/tfjs compile: the metrics' names. */
  metrics: string[];
  /** The loss object may be one of several (built differently in different branches): only the surest rules speak. */
  ambiguous: boolean;
};

/** A keyword argument of the call, or else of the construction. */
export function keyword(use: LossUse, name: string): KwArg | undefined {
  return use.args?.keywords.get(name) ?? use.construction?.args?.keywords.get(name);
}

/** What the loss wants given its keywords: Keras's `from_logits=True` switches it. */
export function effectiveNeed(use: LossUse, program: Program): Need | 'unknown' {
  const { spec } = use;
  if (!spec.fromLogits) return spec.need;
  const kw = keyword(use, 'from_logits');
  if (!kw) return spec.need;
  const v = program.literal(kw.value);
  if (v === true) return spec.fromLogits;
  if (v === false) return spec.need;
  return 'unknown';
}

function lastIdent(callee: SyntaxNode): Span | undefined {
  const n = callee.name === 'MemberExpression' ? callee.lastChild : callee;
  return n && (n.name === 'PropertyName' || n.name === 'VariableName') ? { from: n.from, to: n.to } : undefined;
}

/** The loss class a construction call builds, if any. */
function constructionSpec(program: Program, node: SyntaxNode | null | undefined): LossSpec | undefined {
  if (!node || node.name !== 'CallExpression') return undefined;
  const path = program.pathOf(node.firstChild);
  const spec = path ? lossAt(path) : undefined;
  return spec?.form === 'class' ? spec : undefined;
}

function construction(program: Program, node: SyntaxNode, scope: Scope): Construction {
  const callee = node.firstChild!;
  const ident = lastIdent(callee);
  const args = program.callArgs(node);
  return { node, scope, ...(args ? { args } : {}), ...(ident ? { ident } : {}) };
}

type Found = { spec: LossSpec; construction?: Construction; functionIdent?: Span; stringLiteral?: SyntaxNode };

/**
 * What a value used as a loss may stand for: a framework loss function, or a loss object and where
 * it was built. A name assigned in several branches (`BCEWithLogitsLoss` if one option, `MSELoss`
 * otherwise) may stand for each of them.
 */
function resolveLossValue(program: Program, node: SyntaxNode, scope: Scope, depth = 0): Found[] {
  if (depth > 8) return [];
  const path = program.calleePath(node, scope);
  if (path !== undefined) {
    const spec = lossAt(path);
    if (spec?.form === 'function') {
      const ident = lastIdent(node);
      return [{ spec, ...(ident ? { functionIdent: ident } : {}) }];
    }
    if (spec) return [];
  }
  const cs = constructionSpec(program, node);
  if (cs) return [{ spec: cs, construction: construction(program, node, scope) }];
  // criterion.to(device), criterion.cuda(): the same loss object.
  if (
    node.name === 'CallExpression' &&
    node.firstChild?.name === 'MemberExpression' &&
    node.firstChild.lastChild?.name === 'PropertyName' &&
    ['to', 'cuda', 'cpu'].includes(textOf(program.text, node.firstChild.lastChild))
  ) {
    const obj = node.firstChild.firstChild;
    return obj ? resolveLossValue(program, obj, scope, depth + 1) : [];
  }
  if (node.name === 'VariableName' || node.name === 'MemberExpression') {
    const { values } = program.valuesOf(node, scope);
    const out: Found[] = [];
    for (const v of values) {
      if (v.node.name !== 'VariableName' && v.node.name !== 'MemberExpression' && v.node.name !== 'CallExpression')
        continue;
      // An alias of a function is renamed where it is bound: not a safe fix at the call.
      for (const { functionIdent: _ignored, ...rest } of resolveLossValue(program, v.node, v.scope, depth + 1))
        out.push(rest);
    }
    return out;
  }
  return [];
}

/** Calls looked at between pauses. */
const CALLS_PER_STEP = 32;

export function* findUses(program: Program): Steps<LossUse[]> {
  const uses: LossUse[] = [];
  let looked = 0;
  for (const { node, scope } of program.calls) {
    if (++looked % CALLS_PER_STEP === 0) yield;
    const callee = node.firstChild;
    if (!callee) continue;
    if (
      callee.name === 'MemberExpression' &&
      callee.lastChild?.name === 'PropertyName' &&
      textOf(program.text, callee.lastChild) === 'compile'
    ) {
      const u = compileUse(program, node, callee, scope);
      if (u) uses.push(u);
      continue;
    }
    // Most calls are not losses: only a callee ending in a loss's name, or a name a loss was bound to, can be one.
    const head = callee.name === 'CallExpression' ? callee.firstChild : callee;
    if (!head || (head.name !== 'VariableName' && head.name !== 'MemberExpression')) continue;
    if (
      !LOSS_NAMES.has(program.lastIdentifier(head.to)) &&
      !(
        program.lossBound.size > 0 &&
        callee.to - callee.from < 80 &&
        program.lossBound.has(textOf(program.text, callee))
      )
    )
      continue;
    const direct = constructionSpec(program, node);
    if (direct) {
      uses.push({
        role: 'construction',
        spec: direct,
        name: textOf(program.text, callee),
        node,
        scope,
        construction: construction(program, node, scope),
        metrics: [],
        ambiguous: false,
      });
      continue;
    }
    if (callee.name !== 'VariableName' && callee.name !== 'MemberExpression' && callee.name !== 'CallExpression')
      continue;
    const alternatives = resolveLossValue(program, callee, scope);
    const args = alternatives.length ? program.callArgs(node) : undefined;
    if (!args) continue;
    for (const found of alternatives) {
      const { spec } = found;
      const inputNode = program.arg(args, spec.input.index, spec.input.keywords);
      const targetNode = program.arg(args, spec.target.index, spec.target.keywords);
      const use: LossUse = {
        role: 'call',
        name: textOf(program.text, callee).replace(/\s+/g, ' '),
        node,
        scope,
        args,
        ...found,
        ...(inputNode ? { inputNode } : {}),
        ...(targetNode ? { targetNode } : {}),
        metrics: [],
        ambiguous: alternatives.length > 1,
      };
      const input = program.kindOf(inputNode, scope);
      const target = program.kindOf(targetNode, scope);
      if (input) use.input = input;
      if (target) use.target = target;
      uses.push(use);
    }
  }
  return uses;
}

/** `model.compile(optimizer, loss, metrics=...)` (Keras) or `model.compile({loss, metrics})` (tfjs). */
function compileUse(program: Program, call: SyntaxNode, callee: SyntaxNode, scope: Scope): LossUse | undefined {
  const args = program.callArgs(call);
  if (!args) return undefined;
  const lossNode = args.keywords.get('loss')?.value ?? (program.dialect === 'python' ? args.positional[1] : undefined);
  if (!lossNode) return undefined;
  let found: Found | undefined;
  const lit = program.literal(lossNode);
  if (typeof lit === 'string') {
    const spec = stringLossSpec(lit, program.dialect === 'python' ? 'keras' : 'tfjs');
    found = spec ? { spec, stringLiteral: lossNode } : undefined;
  } else {
    const all = resolveLossValue(program, lossNode, scope);
    found = all.length === 1 ? all[0] : undefined;
  }
  if (!found) return undefined;
  const model = callee.firstChild;
  const input = model ? program.outputOf(model, scope, 0, call.from) : undefined;
  const metricsNode = args.keywords.get('metrics')?.value;
  const metrics: string[] = [];
  if (metricsNode) {
    const m = metricsNode.cursor();
    do {
      if (m.name === 'String') {
        const v = program.literal(m.node);
        if (typeof v === 'string') metrics.push(v);
      }
    } while (m.next() && m.from < metricsNode.to);
  }
  return {
    role: 'compile',
    ...found,
    name: textOf(program.text, lossNode),
    // The loss argument is where the misuse is written, and where a fix goes.
    node: lossNode,
    scope,
    ...(input ? { input } : {}),
    metrics,
    ambiguous: false,
  };
}
