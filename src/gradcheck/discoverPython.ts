/**
 * Finds the losses of a Python module with Lezer's Python parser: top-level functions, methods of
 * top-level classes, `torch.autograd.Function` subclasses and loss-named `nn.Module` subclasses.
 * Nothing of the user's runs; nested functions are not reachable from outside and are left alone.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { pythonParser } from './parsers';
import { parseAnnotation, pythonAnnotationAbove } from './annotation';
import { findPairedGradient, isGradientName, isPrivateName, isTestName, readsAsLoss } from './names';
import { children, collectUses, hasErrors, LineIndex, textOf } from './syntax';
import type { Annotation, DiscoveredLoss, Discovery, Framework, LossReason, Param } from './types';

const FRAMEWORK_ROOTS: Record<string, Framework> = {
  numpy: 'numpy',
  scipy: 'numpy',
  torch: 'torch',
  jax: 'jax',
  jaxlib: 'jax',
  flax: 'jax',
  optax: 'jax',
  tensorflow: 'tensorflow',
  keras: 'tensorflow',
};

const IDENTIFIERS = new Set(['VariableName']);

type Def = { node: SyntaxNode; outer: SyntaxNode; name: string; nameNode: SyntaxNode };

/** A `def` or `class` statement, seen through its decorators. */
function definitionOf(stmt: SyntaxNode, text: string): Def | null {
  let inner: SyntaxNode | null = stmt;
  if (stmt.name === 'DecoratedStatement') {
    inner = stmt.lastChild;
    while (inner && inner.name !== 'FunctionDefinition' && inner.name !== 'ClassDefinition') inner = inner.prevSibling;
  }
  if (!inner || (inner.name !== 'FunctionDefinition' && inner.name !== 'ClassDefinition')) return null;
  // `def name` / `class name`: the name is the keyword's next sibling (async defs put `async` first).
  let nameNode = inner.firstChild;
  while (nameNode && nameNode.name !== 'VariableName') nameNode = nameNode.nextSibling;
  if (!nameNode) return null;
  return { node: inner, outer: stmt, name: textOf(text, nameNode), nameNode };
}

/** Names bound by an import statement, each mapped to the framework of its root package. */
function importedFrameworks(text: string, stmt: SyntaxNode, aliases: Map<string, Framework>): void {
  const parts = children(stmt);
  const isFrom = parts[0]?.name === 'from';
  if (isFrom) {
    const root = parts.find((c) => c.name === 'VariableName');
    const fw = root ? FRAMEWORK_ROOTS[textOf(text, root)] : undefined;
    if (!fw) return;
    const afterImport = parts.slice(parts.findIndex((c) => c.name === 'import') + 1);
    for (let i = 0; i < afterImport.length; i++) {
      const c = afterImport[i];
      if (c.name !== 'VariableName') continue;
      if (afterImport[i + 1]?.name === 'as') continue; // the alias that follows is what gets bound
      aliases.set(textOf(text, c), fw);
    }
    return;
  }
  // import a.b as c, d
  let root: string | null = null;
  let lastWasAs = false;
  for (const c of parts) {
    if (c.name === 'VariableName') {
      const name = textOf(text, c);
      if (lastWasAs && root) aliases.set(name, FRAMEWORK_ROOTS[root]);
      else if (root === null) {
        root = name;
        if (FRAMEWORK_ROOTS[root]) aliases.set(root, FRAMEWORK_ROOTS[root]);
      }
      lastWasAs = false;
    } else if (c.name === 'as') lastWasAs = root !== null && FRAMEWORK_ROOTS[root] !== undefined;
    else if (c.name === ',') root = null;
  }
}

function paramsOf(text: string, def: SyntaxNode): Param[] {
  const list = children(def).find((c) => c.name === 'ParamList');
  if (!list) return [];
  const params: Param[] = [];
  let kind: Param['kind'] = 'positional';
  let pending: '*' | '**' | null = null;
  for (const c of children(list)) {
    if (c.name === '*' || c.name === '**') {
      pending = c.name;
      continue;
    }
    if (c.name === ',' && pending === '*') {
      kind = 'keyword'; // a bare `*`: what follows is keyword-only
      pending = null;
      continue;
    }
    if (c.name === 'VariableName') {
      const p: Param = { name: textOf(text, c), kind: pending === '*' ? 'rest' : pending === '**' ? 'kwargs' : kind };
      if (pending === '*') kind = 'keyword';
      pending = null;
      params.push(p);
      continue;
    }
    const last = params[params.length - 1];
    if (!last) continue;
    if (c.name === 'TypeDef') last.type = textOf(text, c).replace(/^:\s*/, '');
    else if (c.name !== 'AssignOp' && c.name !== ',' && c.name !== '(' && c.name !== ')' && c.name !== '/' && c.prevSibling?.name === 'AssignOp') last.default = textOf(text, c);
  }
  return params;
}

function bodyOf(def: SyntaxNode): SyntaxNode | undefined {
  return children(def).find((c) => c.name === 'Body');
}

/** Discovers the losses in a Python module's text. Synchronous and side-effect free. */
export function discoverPython(text: string, tree: Tree = pythonParser().parse(text)): Discovery {
  const lines = new LineIndex(text);
  const aliases = new Map<string, Framework>();
  const top = children(tree.topNode);
  for (const stmt of top) if (stmt.name === 'ImportStatement') importedFrameworks(text, stmt, aliases);
  const imports = [...new Set(aliases.values())];
  const sourceLines = { get: (n: number) => lines.line(n) };
  const annotationPieces = (outer: SyntaxNode) => pythonAnnotationAbove(sourceLines, lines.positionAt(outer.from).line);
  const annotationFor = (pieces: ReturnType<typeof annotationPieces>, params: Param[]): Annotation | undefined =>
    pieces ? parseAnnotation(pieces.map((source) => ({ source, tag: 'gradcheck' as const })), params) : undefined;

  const losses: DiscoveredLoss[] = [];
  const topDefs = top.map((s) => definitionOf(s, text)).filter((d): d is Def => d !== null);
  const topFunctionNames = new Set(topDefs.filter((d) => d.node.name === 'FunctionDefinition').map((d) => d.name));

  const describe = (def: Def, params: Param[], body: SyntaxNode | undefined, extra: Partial<DiscoveredLoss>, reason: LossReason, annotation: Annotation | undefined, paired: string | undefined): DiscoveredLoss => {
    const hints = new Set<string>();
    const paramUses = body ? collectUses(text, body, new Set(params.map((p) => p.name)), IDENTIFIERS, hints) : {};
    const used = new Set<Framework>();
    for (const h of hints) {
      const fw = aliases.get(h) ?? [...aliases].find(([a]) => a.toLowerCase() === h)?.[1];
      if (fw) used.add(fw);
    }
    for (const p of params) {
      for (const [alias, fw] of aliases) if (p.type && p.type.startsWith(alias + '.')) used.add(fw);
    }
    return {
      name: def.name,
      kind: 'function',
      language: 'python',
      reason,
      range: lines.range(def.node.from, def.node.to),
      nameRange: lines.range(def.nameNode.from, def.nameNode.to),
      line: lines.positionAt(def.nameNode.from).line + 1,
      params,
      ...(paired ? { pairedGradient: paired } : {}),
      ...(annotation ? { annotation } : {}),
      frameworks: used.size ? [...used] : imports,
      bodyHints: [...hints],
      paramUses,
      ...extra,
    };
  };

  /** A function (top-level or method) that counts as a loss, or null. */
  const functionLoss = (def: Def, siblings: ReadonlySet<string>, method: { className: string } | null): DiscoveredLoss | null => {
    if (isPrivateName(def.name) || isGradientName(def.name) || isTestName(def.name)) return null;
    // Cheap tests first: most functions of a module are not losses and cost only these.
    const pieces = annotationPieces(def.outer);
    const pairedByName = pieces ? undefined : findPairedGradient(def.name, 'python', siblings);
    if (!pieces && !pairedByName && !readsAsLoss(def.name)) return null;
    let params = paramsOf(text, def.node);
    if (method && params.length && (params[0].name === 'self' || params[0].name === 'cls')) params = params.slice(1);
    const annotation = annotationFor(pieces, params);
    // `plot_losses()`, `self.total_loss(self)`: a name that reads as a loss but nothing to differentiate.
    if (params.length === 0 && !annotation) return null;
    const paired = annotation?.grad ?? pairedByName ?? (annotation ? findPairedGradient(def.name, 'python', siblings) : undefined);
    const reason: LossReason = annotation ? 'annotation' : readsAsLoss(def.name) ? 'name' : 'paired';
    const extra: Partial<DiscoveredLoss> = method ? { kind: 'method', className: method.className } : {};
    return describe(def, params, bodyOf(def.node), extra, reason, annotation, paired);
  };

  for (const def of topDefs) {
    if (def.node.name === 'FunctionDefinition') {
      const loss = functionLoss(def, topFunctionNames, null);
      if (loss) losses.push(loss);
      continue;
    }
    // A class: which base decides how it is called.
    const argList = children(def.node).find((c) => c.name === 'ArgList');
    const bases = argList ? children(argList).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',').map((c) => textOf(text, c)) : [];
    const torchImported = imports.includes('torch');
    const base = bases.some((b) => /(^|\.)Function$/.test(b) && (b.includes('autograd') || torchImported))
      ? ('autograd.Function' as const)
      : bases.some((b) => /(^|\.)(Module|_Loss|_WeightedLoss)$/.test(b) && (b.includes('nn') || torchImported))
        ? ('nn.Module' as const)
        : undefined;
    const body = bodyOf(def.node);
    const methods = body ? children(body).map((s) => definitionOf(s, text)).filter((d): d is Def => d !== null && d.node.name === 'FunctionDefinition') : [];
    const forward = methods.find((m) => m.name === 'forward');
    if (base && forward && !isPrivateName(def.name)) {
      let params = paramsOf(text, forward.node);
      if (params.length && ['self', 'ctx', 'cls'].includes(params[0].name)) params = params.slice(1);
      const annotation = annotationFor(annotationPieces(def.outer), params);
      const reason: LossReason | null = annotation ? 'annotation' : base === 'autograd.Function' ? 'autograd-function' : readsAsLoss(def.name) ? 'name' : null;
      if (reason) {
        // An autograd.Function's gradient is its own backward, which torch calls: no paired function.
        const loss = describe(def, params, bodyOf(forward.node), { kind: 'class', base }, reason, annotation, annotation?.grad);
        if (base === 'nn.Module') loss.frameworks = [...new Set<Framework>(['torch', ...loss.frameworks])];
        losses.push(loss);
        continue;
      }
    }
    const methodNames = new Set(methods.map((m) => m.name));
    for (const m of methods) {
      if (base && m.name === 'forward') continue;
      const loss = functionLoss(m, methodNames, { className: def.name });
      if (loss) losses.push(loss);
    }
  }
  return { language: 'python', losses, imports, hasSyntaxErrors: hasErrors(tree) };
}
