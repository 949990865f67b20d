/**
 * Finds the losses of a TypeScript or JavaScript module with Lezer's JavaScript parser (the `ts`
 * dialect for TypeScript; JSX is enabled for .jsx/.tsx): function declarations, `const f = (...) =>`
 * and `function` expressions, `exports.f = ...`, methods of top-level classes (static ones are
 * members of the class), and the members of cost objects as people write them: `cost.MSE =
 * function`, `const cost = { mse(a, b) {}, ce: (a, b) => ... }`, `module.exports = { ... }`,
 * `Trainer.cost = { ... }`, objects per loss `{ fn, derivative }` / `{ cost(), derivative() }`,
 * `X.prototype.fn = function` and a function's own `f.derivative = ...`.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { jsdocAnnotation, parseAnnotation } from './annotation';
import {
  findGradientMember,
  findPairedGradient,
  isGradientName,
  isPrivateName,
  isTestName,
  readsAsLoss,
  wordParts,
} from './names';
import type { Steps } from '../syntax/slices';
import { children, errorsIn, LineIndex, textOf } from '../syntax/nodes';
import { collectUses } from './paramUses';
import type { Annotation, DiscoveredLoss, Discovery, Framework, LossKind, LossReason, Param } from './types';

const IDENTIFIERS = new Set(['VariableName']);
const FUNCTION_NODES = new Set(['ArrowFunction', 'FunctionExpression']);
/** Nodes that start a function of their own: their `return`s are not the outer function's. */
const NESTED_SCOPES = new Set([
  'ArrowFunction',
  'FunctionExpression',
  'FunctionDeclaration',
  'ClassDeclaration',
  'ClassExpression',
  'MethodDeclaration',
]);

/**
 * The member of a per-loss object (or method of a loss class) that computes the loss: `{ fn,
 * derivative }`, `{ cost(), derivative() }`, `forward` + `backward`. Only `loss` and `cost` say so
 * anywhere; the others only in an object or class whose name reads as a loss (a layer's `forward`
 * and an activation's `{ fn, derivative }` are not losses).
 */
const LOSS_ROLES = new Set([
  'fn',
  'func',
  'f',
  'cost',
  'loss',
  'forward',
  'calculate',
  'calc',
  'compute',
  'evaluate',
  'value',
  'error',
  'call',
]);
const STRONG_LOSS_ROLES = new Set(['loss', 'cost']);
/** Gradient words, for `lossAndGrad()` that returns both. */
const GRADIENT_WORDS = new Set([
  'grad',
  'grads',
  'gradient',
  'gradients',
  'backward',
  'derivative',
  'deriv',
  'prime',
  'and',
  'with',
]);
/** Keys of a returned `{ loss, grad }` object. */
const LOSS_KEYS = new Set(['loss', 'cost', 'value', 'error', 'l', 'f']);
const GRAD_KEYS = new Set(['grad', 'gradient', 'grads', 'gradients', 'dx', 'delta', 'deriv', 'derivative']);
/** Words that make an object or class a cost container (`cost`, `Costs`, `lossFunctions`, `LossFunctionCollection`). */
const CONTAINER_WORDS = new Set([
  'loss',
  'losses',
  'cost',
  'costs',
  'criterion',
  'criteria',
  'objective',
  'objectives',
]);
const RESERVED = new Set([
  'default',
  'this',
  'super',
  'new',
  'class',
  'function',
  'typeof',
  'void',
  'delete',
  'in',
  'of',
  'instanceof',
]);

type Def = {
  name: string;
  nameNode: SyntaxNode;
  /** The node with the ParamList and body. */
  fn: SyntaxNode;
  /** Where a JSDoc comment sits before (the statement with `export`, the property, the method). */
  stmt: SyntaxNode;
  /** What the lens range covers. */
  rangeNode: SyntaxNode;
  kind: LossKind;
  className?: string;
  /** For a member: the path of the object holding it (`cost`, `module.exports`, `costs.mse`, `Cost`). */
  objectName?: string;
  /** Siblings that pair by name share a scope: the module, a class's instance methods, one object. */
  scope: string;
};

const isIdentifier = (s: string): boolean => /^[A-Za-z_$][\w$]*$/.test(s) && !RESERVED.has(s);
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

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

/** `x as const`, `x satisfies T`, `(x)`: the expression inside. */
function unwrap(node: SyntaxNode | null | undefined, text: string): SyntaxNode | null {
  let n = node ?? null;
  for (let i = 0; n && i < 4; i++) {
    if (n.name === 'ParenthesizedExpression') n = children(n).find((c) => c.name !== '(' && c.name !== ')') ?? null;
    else if (
      n.name === 'BinaryExpression' &&
      n.firstChild &&
      /^(as|satisfies)$/.test(textOf(text, n.firstChild.nextSibling))
    )
      n = n.firstChild;
    else break;
  }
  return n;
}

/** The body of a function node: its Block, or an arrow's expression. Null for a declaration without one (`abstract`, overloads). */
function bodyOf(fn: SyntaxNode): SyntaxNode | null {
  const block = children(fn).find((c) => c.name === 'Block');
  if (block) return block;
  if (fn.name !== 'ArrowFunction') return null;
  const arrow = children(fn).find((c) => c.name === 'Arrow');
  return arrow?.nextSibling ?? null;
}

/** Collects the definitions of a module's top-level statements. */
class Collector {
  readonly defs: Def[] = [];
  /** Constructor parameters per class (`constructor(...)`, or an ES5 constructor function's). */
  readonly inits = new Map<string, Param[]>();
  readonly topFunctions = new Map<string, SyntaxNode>();

  constructor(private readonly text: string) {}

  statement(stmt: SyntaxNode): void {
    const text = this.text;
    const node =
      stmt.name === 'ExportDeclaration'
        ? children(stmt).find((c) => c.name !== 'export' && c.name !== 'default')
        : stmt;
    if (!node) return;
    const isDefault = stmt.name === 'ExportDeclaration' && children(stmt).some((c) => c.name === 'default');
    switch (node.name) {
      case 'FunctionDeclaration': {
        const nameNode = children(node).find((c) => c.name === 'VariableDefinition');
        if (!nameNode) return;
        const name = textOf(text, nameNode);
        this.topFunctions.set(name, node);
        this.defs.push({
          name,
          nameNode,
          fn: node,
          stmt,
          rangeNode: stmt.name === 'ExportDeclaration' ? stmt : node,
          kind: 'function',
          scope: '',
        });
        return;
      }
      case 'VariableDeclaration': {
        const parts = children(node);
        for (let i = 0; i < parts.length; i++) {
          if (parts[i].name !== 'VariableDefinition') continue;
          // const name[: Type] = <value>
          let j = i + 1;
          while (j < parts.length && parts[j].name !== 'Equals' && parts[j].name !== ',') j++;
          const value = parts[j]?.name === 'Equals' ? unwrap(parts[j + 1], text) : null;
          if (!value) continue;
          const name = textOf(text, parts[i]);
          if (FUNCTION_NODES.has(value.name)) {
            this.topFunctions.set(name, value);
            this.defs.push({ name, nameNode: parts[i], fn: value, stmt, rangeNode: stmt, kind: 'function', scope: '' });
          } else if (value.name === 'ObjectExpression') this.object(name, value, 0);
          else if (value.name === 'ClassExpression') this.classBody(name, value);
        }
        return;
      }
      case 'ExpressionStatement': {
        const assign = node.firstChild;
        if (assign?.name !== 'AssignmentExpression') return;
        const target = assign.firstChild;
        const value = unwrap(assign.lastChild, text);
        if (target?.name !== 'MemberExpression' || !value) return;
        const path = memberPath(target, text);
        if (!path) return;
        const dot = path.lastIndexOf('.');
        const objectName = path.slice(0, dot);
        const name = path.slice(dot + 1);
        const nameNode = target.lastChild!;
        if (FUNCTION_NODES.has(value.name)) {
          // exports.mse = function: a function of the module, reached as an export.
          if (/^(module\.)?exports$/.test(objectName))
            this.defs.push({ name, nameNode, fn: value, stmt, rangeNode: stmt, kind: 'function', scope: '' });
          else if (objectName.endsWith('.prototype') && !objectName.slice(0, -10).includes('.')) {
            const className = objectName.slice(0, -10);
            this.defs.push({
              name,
              nameNode,
              fn: value,
              stmt,
              rangeNode: stmt,
              kind: 'method',
              className,
              scope: `class:${className}`,
            });
          } else
            this.defs.push({
              name,
              nameNode,
              fn: value,
              stmt,
              rangeNode: stmt,
              kind: 'member',
              objectName,
              scope: `object:${objectName}`,
            });
        } else if (value.name === 'ObjectExpression') this.object(path, value, 0);
        return;
      }
      case 'ObjectExpression':
        if (isDefault) this.object('default', node, 0);
        return;
      case 'ClassDeclaration': {
        const nameNode = children(node).find((c) => c.name === 'VariableDefinition');
        if (nameNode) this.classBody(textOf(text, nameNode), node);
        return;
      }
      default:
        return;
    }
  }

  /** The function members of an object literal, and of the objects nested in it (one per loss). */
  private object(path: string, obj: SyntaxNode, depth: number): void {
    const text = this.text;
    for (const prop of children(obj)) {
      if (prop.name !== 'Property') continue;
      const parts = children(prop);
      const key = parts[0];
      if (!key || (key.name !== 'PropertyDefinition' && key.name !== 'String')) continue; // computed keys, getters, spreads
      const name = key.name === 'String' ? textOf(text, key).slice(1, -1) : textOf(text, key);
      const isMethod = parts.some((c) => c.name === 'ParamList');
      const value = isMethod
        ? prop
        : unwrap(
            parts.find((_, i) => i > 0 && parts[i - 1].name === ':'),
            text,
          );
      if (!value) continue;
      if (isMethod || FUNCTION_NODES.has(value.name)) {
        this.defs.push({
          name,
          nameNode: key,
          fn: value,
          stmt: prop,
          rangeNode: prop,
          kind: 'member',
          objectName: path,
          scope: `object:${path}`,
        });
      } else if (value.name === 'ObjectExpression' && depth < 2 && isIdentifier(name))
        this.object(`${path}.${name}`, value, depth + 1);
    }
  }

  private classBody(className: string, node: SyntaxNode): void {
    const text = this.text;
    const body = children(node).find((c) => c.name === 'ClassBody');
    if (!body) return;
    for (const m of children(body)) {
      if (m.name !== 'MethodDeclaration' && m.name !== 'PropertyDeclaration') continue;
      const nameNode = children(m).find(
        (c) => c.name === 'PropertyDefinition' || c.name === 'PrivatePropertyDefinition',
      );
      if (!nameNode) continue;
      const modifiers = children(m)
        .filter((c) => c.from < nameNode.from)
        .map((c) => textOf(text, c));
      const name = textOf(text, nameNode);
      if (m.name === 'MethodDeclaration' && name === 'constructor') {
        this.inits.set(className, paramsOf(text, m));
        continue;
      }
      if (modifiers.some((x) => x === 'get' || x === 'set' || x === 'private' || x === 'abstract' || x === 'declare'))
        continue;
      let fn: SyntaxNode = m;
      if (m.name === 'PropertyDeclaration') {
        // loss = (a, b) => ...: a class field holding a function.
        const parts = children(m);
        const eq = parts.findIndex((c) => c.name === 'Equals');
        const value = eq >= 0 ? unwrap(parts[eq + 1], text) : null;
        if (!value || !FUNCTION_NODES.has(value.name)) continue;
        fn = value;
      }
      // A static method is a function held by the class object: a member, called with `this` = the class.
      if (modifiers.includes('static'))
        this.defs.push({
          name,
          nameNode,
          fn,
          stmt: m,
          rangeNode: m,
          kind: 'member',
          objectName: className,
          scope: `object:${className}`,
        });
      else
        this.defs.push({
          name,
          nameNode,
          fn,
          stmt: m,
          rangeNode: m,
          kind: 'method',
          className,
          scope: `class:${className}`,
        });
    }
  }
}

/** `a.b.c` for a MemberExpression of plain names (no calls, no computed parts except string keys), else null. */
function memberPath(node: SyntaxNode, text: string): string | null {
  if (node.name === 'VariableName') return textOf(text, node);
  if (node.name !== 'MemberExpression') return null;
  const parts = children(node);
  const head = parts[0] ? memberPath(parts[0], text) : null;
  const last = parts[parts.length - 1];
  if (!head) return null;
  if (parts[1]?.name === '.' && last.name === 'PropertyName') return `${head}.${textOf(text, last)}`;
  return null;
}

/** The JSDoc block right before `stmt` (only whitespace between), if any. */
function jsdocBefore(stmt: SyntaxNode, text: string): SyntaxNode | null {
  const prev = stmt.prevSibling;
  if (!prev || prev.name !== 'BlockComment' || !text.startsWith('/**', prev.from)) return null;
  return text.slice(prev.to, stmt.from).trim() === '' ? prev : null;
}

/** A JSDoc comment's text without `/**`, `*\/` and the leading `*` of each line. */
function docText(comment: string): string {
  return comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** Does a name (`cost`, `Trainer.cost`, `lossFunctions`, `MSE`) make its object a container of losses? */
function isLossContainer(path: string): boolean {
  return path.split('.').some((segment) => {
    const words = wordParts(segment);
    if (words.some((w) => CONTAINER_WORDS.has(w))) return true;
    // `ErrorFunctions` is a cost table; `ErrorHandlers` is not.
    if (words.some((w) => w === 'error' || w === 'errors'))
      return words.some((w) => w === 'function' || w === 'functions' || w === 'fns');
    return readsAsLoss(segment);
  });
}

/**
 * The function returns its own gradient: every `return` gives an array of two or more items
 * (`[loss, grad]`) or an object with a loss key and a gradient key (`{ loss, grad }`, `{ loss, dx }`),
 * or its return type is a tuple (`: [number, number[]]`).
 */
function returnsOwnGradient(text: string, fn: SyntaxNode, params: Param[]): boolean {
  const returnType = children(fn).find((c) => c.name === 'TypeAnnotation');
  const tuple = returnType?.lastChild;
  if (
    tuple?.name === 'TupleType' &&
    children(tuple).filter((c) => c.name !== '[' && c.name !== ']' && c.name !== ',').length >= 2
  )
    return true;
  const body = bodyOf(fn);
  if (!body) return false;
  const gradKeys = new Set([
    ...GRAD_KEYS,
    ...params.flatMap((p) => [
      `d${p.name}`,
      `d${capitalize(p.name)}`,
      `d_${p.name}`,
      `${p.name}Grad`,
      `grad${capitalize(p.name)}`,
    ]),
  ]);
  const shaped = (expr: SyntaxNode | null): boolean => {
    const e = unwrap(expr, text);
    if (!e) return false;
    if (e.name === 'ArrayExpression')
      return children(e).filter((c) => c.name !== '[' && c.name !== ']' && c.name !== ',').length >= 2;
    if (e.name !== 'ObjectExpression') return false;
    const keys = children(e)
      .filter((c) => c.name === 'Property')
      .map((p) => textOf(text, p.firstChild).replace(/^['"]|['"]$/g, ''));
    return keys.some((k) => LOSS_KEYS.has(k)) && keys.some((k) => gradKeys.has(k));
  };
  if (body.name !== 'Block') return shaped(body);
  const returns: SyntaxNode[] = [];
  const visit = (n: SyntaxNode): void => {
    for (const c of children(n)) {
      if (c.name === 'ReturnStatement') returns.push(c);
      else if (!NESTED_SCOPES.has(c.name)) visit(c);
    }
  };
  visit(body);
  return (
    returns.length > 0 &&
    returns.every((r) => shaped(children(r).find((c) => c.name !== 'return' && c.name !== ';') ?? null))
  );
}

/** `throw new Error('not implemented')` as the whole body: an abstract base method. */
function onlyThrows(body: SyntaxNode): boolean {
  if (body.name !== 'Block') return false;
  const statements = children(body).filter((c) => c.name !== '{' && c.name !== '}' && !c.name.endsWith('Comment'));
  return statements.length === 1 && statements[0].name === 'ThrowStatement';
}

/** The module's tfjs aliases (`tf` of `import * as tf from '@tensorflow/tfjs'`), and whether it imports tfjs at all. */
function tfjsImports(text: string): { imported: boolean; aliases: Set<string> } {
  const aliases = new Set<string>();
  const pkg = `['"]@tensorflow/tfjs[\\w-]*['"]`;
  for (const m of text.matchAll(new RegExp(`import\\s+(?:\\*\\s+as\\s+)?([\\w$]+)\\s+from\\s+${pkg}`, 'g')))
    aliases.add(m[1]);
  for (const m of text.matchAll(new RegExp(`(?:const|let|var)\\s+([\\w$]+)\\s*=\\s*require\\(\\s*${pkg}\\s*\\)`, 'g')))
    aliases.add(m[1]);
  for (const m of text.matchAll(new RegExp(`import\\s*(?:type\\s*)?\\{([^}]*)\\}\\s*from\\s+${pkg}`, 'g'))) {
    for (const part of m[1].split(',')) {
      const local = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (local) aliases.add(local);
    }
  }
  return { imported: new RegExp(pkg).test(text), aliases };
}

/**
 * Discovers the losses in TypeScript or JavaScript text, from its tree. Side-effect free; in steps
 * (see ../syntax/slices): it yields between statements and definitions, and every so many nodes
 * of a long body.
 */
export function* discoverScriptSteps(
  text: string,
  language: 'typescript' | 'javascript',
  tree: Tree,
): Steps<Discovery> {
  const lines = new LineIndex(text);
  const collector = new Collector(text);
  const top = children(tree.topNode);
  yield;
  for (const stmt of top) {
    collector.statement(stmt);
    yield;
  }
  const defs = collector.defs;
  const scopes = new Map<string, Set<string>>();
  for (const d of defs) (scopes.get(d.scope) ?? scopes.set(d.scope, new Set()).get(d.scope)!).add(d.name);
  yield;
  const tfjs = tfjsImports(text);
  yield;

  const byScope = new Map(defs.map((d) => [`${d.scope}\n${d.name}`, d]));
  const byPath = new Map(defs.filter((d) => d.kind === 'member').map((d) => [`${d.objectName}.${d.name}`, d]));
  // Pairing first: a function that is another's gradient is never itself a loss.
  const paired = new Map<Def, string>();
  const gradients = new Set<Def>();
  for (const def of defs) {
    yield;
    const siblings = scopes.get(def.scope)!;
    const objectPath =
      def.kind === 'member' ? `${def.objectName}.${def.name}` : def.kind === 'function' ? def.name : null;
    let name = findPairedGradient(def.name, language, siblings);
    // { fn, derivative } / { cost(), derivative() }, and `loss` + `grad` methods of a class.
    const container = def.kind === 'member' ? def.objectName! : def.kind === 'method' ? def.className! : '';
    if (
      !name &&
      (STRONG_LOSS_ROLES.has(def.name) || (LOSS_ROLES.has(def.name) && container !== '' && isLossContainer(container)))
    ) {
      name = findGradientMember(siblings);
    }
    // MSE.derivative = ... beside const MSE = (...) => ...: the function's own member.
    if (!name && objectPath) {
      const own = scopes.get(`object:${objectPath}`);
      const member = own && findGradientMember(own);
      if (member) name = `${objectPath}.${member}`;
    }
    if (!name) continue;
    paired.set(def, name);
    const gradient = name.includes('.') ? byPath.get(name) : byScope.get(`${def.scope}\n${name}`);
    if (gradient) gradients.add(gradient);
  }

  yield;
  // function LogLoss(eps) { ... } with LogLoss.prototype.fn = ...: a constructor, not a loss.
  const constructors = new Set(
    defs.filter((d) => d.kind === 'method' && !collector.inits.has(d.className!)).map((d) => d.className!),
  );
  const losses: DiscoveredLoss[] = [];
  for (const def of defs) {
    yield;
    if (
      (def.kind === 'function' && constructors.has(def.name)) ||
      gradients.has(def) ||
      isPrivateName(def.name) ||
      isTestName(def.name) ||
      def.name === 'constructor'
    )
      continue;
    const params = paramsOf(text, def.fn);
    // `mseLossAndGrad()`, `lossWithGrad()` return both: a gradient word in the name, yet it is the loss.
    const words = wordParts(def.name);
    const bothNamed =
      isGradientName(def.name) &&
      (words.includes('and') || words.includes('with')) &&
      readsAsLoss(words.filter((w) => !GRADIENT_WORDS.has(w)).join('_'));
    if (isGradientName(def.name) && !(bothNamed && returnsOwnGradient(text, def.fn, params))) continue;
    const doc = jsdocBefore(def.stmt, text);
    const comment = doc ? textOf(text, doc) : '';
    const pairedName = paired.get(def);
    const nameReads = readsAsLoss(def.name) || bothNamed;
    const container = def.kind === 'member' ? def.objectName! : def.kind === 'method' ? def.className! : '';
    // In a cost object every function of a prediction and a target is a loss (`cost.BINARY`, `cost.MAPE`);
    // in a loss-named class, its loss-computing method (`CrossEntropy.calculate`, `MSELoss.forward`).
    const byContainer =
      container !== '' &&
      isLossContainer(container) &&
      (def.kind === 'member' ? params.length >= 2 || LOSS_ROLES.has(def.name) : LOSS_ROLES.has(def.name));
    if (!/@grad/.test(comment) && !pairedName && !nameReads && !byContainer) continue;
    let annotation: Annotation | undefined;
    if (doc) {
      const pieces = jsdocAnnotation(comment, doc.from, (o) => lines.positionAt(o));
      if (pieces.length) annotation = parseAnnotation(pieces, params);
    }
    // `compareLosses()`, `plotLosses()`: a name that reads as a loss but nothing to differentiate.
    if (params.length === 0 && !annotation) continue;
    const body = bodyOf(def.fn);
    // An abstract or overload declaration, or a base method that only throws: nothing to check.
    if (!body || (onlyThrows(body) && !annotation)) continue;
    const reason: LossReason = annotation ? 'annotation' : nameReads || byContainer ? 'name' : 'paired';
    const hints = new Set<string>();
    const paramUses = yield* collectUses(text, body, new Set(params.map((p) => p.name)), IDENTIFIERS, hints);
    // In a module that imports tfjs, tensor method chains on the arguments (`prediction.sub(labels).square().mean()`) are tfjs too: arrays have no such methods.
    const chains =
      tfjs.imported &&
      /\.(sub|square|mean|mul|div|neg|sigmoid|softmax|logSoftmax|matMul|relu|squaredDifference|dataSync)\(/.test(
        text.slice(body.from, body.to),
      );
    const usesTf =
      [...tfjs.aliases].some((a) => hints.has(a.toLowerCase())) ||
      hints.has('tf') ||
      chains ||
      (tfjs.imported && params.some((p) => /Tensor|Scalar/.test(p.type ?? '')));
    const frameworks: Framework[] = usesTf ? ['tensorflow'] : [];
    const init = def.kind === 'method' ? initOf(collector, def.className!, text) : undefined;
    const returnsGradient = !pairedName && returnsOwnGradient(text, def.fn, params);
    const pairedGradient = annotation?.grad ?? pairedName;
    const docString = comment ? docText(comment) : '';
    losses.push({
      name: def.name,
      ...(def.className ? { className: def.className } : {}),
      ...(def.objectName !== undefined ? { objectName: def.objectName } : {}),
      kind: def.kind,
      language,
      reason,
      range: lines.range(def.rangeNode.from, def.rangeNode.to),
      nameRange: lines.range(def.nameNode.from, def.nameNode.to),
      line: lines.positionAt(def.nameNode.from).line + 1,
      params,
      ...(pairedGradient ? { pairedGradient } : {}),
      ...(annotation ? { annotation } : {}),
      frameworks,
      ...(init ? { init } : {}),
      ...(returnsGradient ? { returnsGradient } : {}),
      ...(docString ? { doc: docString } : {}),
      bodyHints: [...hints],
      paramUses,
    });
  }
  return { language, losses, imports: tfjs.imported ? ['tensorflow'] : [], hasSyntaxErrors: yield* errorsIn(tree) };
}

/** The constructor parameters of a class (an ES5 constructor function's for `X.prototype.m`), if it declares any. */
function initOf(c: Collector, className: string, text: string): Param[] | undefined {
  const init =
    c.inits.get(className) ??
    (c.topFunctions.has(className) ? paramsOf(text, c.topFunctions.get(className)!) : undefined);
  return init && init.length ? init : undefined;
}
