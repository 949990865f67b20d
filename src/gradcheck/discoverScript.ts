/**
 * Finds the losses of a TypeScript or JavaScript module with Lezer's JavaScript parser (the `ts`
 * dialect for TypeScript; JSX is enabled for .jsx/.tsx): function declarations, `const f = (...) =>`
 * and `function` expressions, `exports.f = ...`, and methods of top-level classes.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { jsdocAnnotation, parseAnnotation } from './annotation';
import { scriptParser } from './parsers';
import { findPairedGradient, isGradientName, isPrivateName, isTestName, readsAsLoss } from './names';
import { children, collectUses, hasErrors, LineIndex, textOf } from './syntax';
import type { Annotation, DiscoveredLoss, Discovery, Param } from './types';


const IDENTIFIERS = new Set(['VariableName']);
const FUNCTION_NODES = new Set(['ArrowFunction', 'FunctionExpression']);

type Def = {
  name: string;
  nameNode: SyntaxNode;
  /** The node with the ParamList and body. */
  fn: SyntaxNode;
  /** The statement (with `export`), where a JSDoc comment sits before. */
  stmt: SyntaxNode;
  className?: string;
};

function paramsOf(text: string, fn: SyntaxNode): Param[] {
  const list = children(fn).find((c) => c.name === 'ParamList');
  if (!list) return [];
  const params: Param[] = [];
  let spread = false;
  let afterEquals = false;
  for (const c of children(list)) {
    if (c.name === 'Spread') spread = true;
    else if (c.name === 'VariableDefinition' || c.name === 'ObjectPattern' || c.name === 'ArrayPattern') {
      params.push({ name: textOf(text, c), kind: spread ? 'rest' : 'positional' });
      spread = false;
    } else if (c.name === 'Equals') afterEquals = true;
    else if (c.name === ',') afterEquals = false;
    else if (params.length) {
      const last = params[params.length - 1];
      if (c.name === 'TypeAnnotation') last.type = textOf(text, c).replace(/^:\s*/, '');
      else if (c.name === 'Optional') last.default = 'undefined';
      else if (afterEquals && c.name !== ')' && c.name !== '(') last.default = textOf(text, c);
    }
  }
  return params;
}

/** The declarations of one top-level statement (unwrapping `export` and `export default`). */
function definitionsOf(stmt: SyntaxNode, text: string): Def[] {
  const node = stmt.name === 'ExportDeclaration' ? children(stmt).find((c) => c.name !== 'export' && c.name !== 'default') : stmt;
  if (!node) return [];
  const named = (nameNode: SyntaxNode | undefined, fn: SyntaxNode): Def[] => (nameNode ? [{ name: textOf(text, nameNode), nameNode, fn, stmt }] : []);
  switch (node.name) {
    case 'FunctionDeclaration':
      return named(children(node).find((c) => c.name === 'VariableDefinition'), node);
    case 'VariableDeclaration': {
      const defs: Def[] = [];
      const parts = children(node);
      for (let i = 0; i < parts.length; i++) {
        if (parts[i].name !== 'VariableDefinition') continue;
        // const name[: Type] = <function>
        let j = i + 1;
        while (j < parts.length && parts[j].name !== 'Equals' && parts[j].name !== ',') j++;
        const value = parts[j]?.name === 'Equals' ? parts[j + 1] : undefined;
        if (value && FUNCTION_NODES.has(value.name)) defs.push(...named(parts[i], value));
      }
      return defs;
    }
    case 'ExpressionStatement': {
      // exports.name = function / arrow; module.exports.name = ...
      const assign = node.firstChild;
      if (assign?.name !== 'AssignmentExpression') return [];
      const target = assign.firstChild;
      const value = assign.lastChild;
      if (target?.name !== 'MemberExpression' || !value || !FUNCTION_NODES.has(value.name)) return [];
      const targetText = textOf(text, target);
      if (!/^(module\.)?exports\.[\w$]+$/.test(targetText)) return [];
      return named(target.lastChild ?? undefined, value);
    }
    case 'ClassDeclaration': {
      const className = textOf(text, children(node).find((c) => c.name === 'VariableDefinition'));
      const body = children(node).find((c) => c.name === 'ClassBody');
      if (!body) return [];
      const defs: Def[] = [];
      for (const m of children(body)) {
        if (m.name !== 'MethodDeclaration') continue;
        const nameNode = children(m).find((c) => c.name === 'PropertyDefinition' || c.name === 'PrivatePropertyDefinition');
        if (!nameNode) continue;
        const modifiers = children(m).filter((c) => c.from < nameNode.from).map((c) => textOf(text, c));
        if (modifiers.includes('get') || modifiers.includes('set') || modifiers.includes('private')) continue;
        defs.push({ name: textOf(text, nameNode), nameNode, fn: m, stmt: m, className });
      }
      return defs;
    }
    default:
      return [];
  }
}

/** The JSDoc block right before `stmt` (only whitespace between), if any. */
function jsdocBefore(stmt: SyntaxNode, text: string): SyntaxNode | null {
  const prev = stmt.prevSibling;
  if (!prev || prev.name !== 'BlockComment' || !text.startsWith('/**', prev.from)) return null;
  return text.slice(prev.to, stmt.from).trim() === '' ? prev : null;
}

/** Discovers the losses in TypeScript or JavaScript text. Synchronous and side-effect free. */
export function discoverScript(text: string, language: 'typescript' | 'javascript', jsx = false, tree?: Tree): Discovery {
  tree ??= scriptParser(language, jsx).parse(text);
  const lines = new LineIndex(text);
  const defs: Def[] = [];
  for (const stmt of children(tree.topNode)) defs.push(...definitionsOf(stmt, text));
  const topNames = new Set(defs.filter((d) => !d.className).map((d) => d.name));
  const methodNames = new Map<string, Set<string>>();
  for (const d of defs) if (d.className) (methodNames.get(d.className) ?? methodNames.set(d.className, new Set()).get(d.className)!).add(d.name);

  const losses: DiscoveredLoss[] = [];
  for (const def of defs) {
    if (isPrivateName(def.name) || isGradientName(def.name) || isTestName(def.name) || def.name === 'constructor') continue;
    const doc = jsdocBefore(def.stmt, text);
    const siblings = def.className ? methodNames.get(def.className)! : topNames;
    const pairedByName = findPairedGradient(def.name, language, siblings);
    const docText = doc ? textOf(text, doc) : '';
    if (!/@grad/.test(docText) && !pairedByName && !readsAsLoss(def.name)) continue; // the cheap tests first
    const params = paramsOf(text, def.fn);
    let annotation: Annotation | undefined;
    if (doc) {
      const pieces = jsdocAnnotation(docText, doc.from, (o) => lines.positionAt(o));
      if (pieces.length) annotation = parseAnnotation(pieces, params);
    }
    // `compareLosses()`, `plotLosses()`: a name that reads as a loss but nothing to differentiate.
    if (params.length === 0 && !annotation) continue;
    const paired = annotation?.grad ?? pairedByName;
    const reason = annotation ? 'annotation' : readsAsLoss(def.name) ? 'name' : 'paired';
    const body = children(def.fn).find((c) => c.name === 'Block') ?? def.fn.lastChild ?? def.fn;
    const hints = new Set<string>();
    const paramUses = collectUses(text, body, new Set(params.map((p) => p.name)), IDENTIFIERS, hints);
    const rangeNode = def.className ? def.fn : def.stmt.name === 'ExportDeclaration' ? def.stmt : def.fn.name === 'FunctionDeclaration' ? def.fn : def.stmt;
    losses.push({
      name: def.name,
      ...(def.className ? { className: def.className } : {}),
      kind: def.className ? 'method' : 'function',
      language,
      reason,
      range: lines.range(rangeNode.from, rangeNode.to),
      nameRange: lines.range(def.nameNode.from, def.nameNode.to),
      line: lines.positionAt(def.nameNode.from).line + 1,
      params,
      ...(paired ? { pairedGradient: paired } : {}),
      ...(annotation ? { annotation } : {}),
      frameworks: hints.has('tf') ? ['tensorflow'] : [],
      bodyHints: [...hints],
      paramUses,
    });
  }
  return { language, losses, imports: [], hasSyntaxErrors: hasErrors(tree) };
}
