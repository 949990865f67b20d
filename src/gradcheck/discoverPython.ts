/**
 * Finds the losses of a Python module with Lezer's Python parser: top-level functions, methods of
 * top-level classes, `torch.autograd.Function` subclasses, loss `nn.Module`s (and subclasses of
 * PyTorch's losses), Keras `Loss` subclasses and loss-named callable classes. Base classes defined
 * earlier in the same file are followed. Nothing of the user's runs; nested functions are not
 * reachable from outside and are left alone.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parseAnnotation, pythonAnnotationAbove } from './annotation';
import {
  findGradientMember,
  genericGradientPairs,
  isGradientName,
  isPrivateName,
  isTestName,
  pairedGradientCandidates,
  readsAsLoss,
} from './names';
import type { Steps } from '../syntax/slices';
import { children, errorsIn, LineIndex, textOf } from '../syntax/nodes';
import { collectUses } from './paramUses';
import type { Annotation, ClassBase, DiscoveredLoss, Discovery, Framework, LossReason, Param } from './types';

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
/** Top-level statements looked at between yields in the quick passes over a module. */
const STATEMENTS_PER_YIELD = 256;

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

/**
 * Records the names an import statement binds, each with the dotted path it stands for:
 * `import torch.nn as nn` gives nn -> torch.nn, `from tensorflow.keras.losses import Loss` gives
 * Loss -> tensorflow.keras.losses.Loss. Relative imports name the user's own modules: their paths
 * start with a dot (`from .dice import DiceLoss` gives DiceLoss -> .dice.DiceLoss).
 */
function readImport(text: string, stmt: SyntaxNode, origins: Map<string, string>): void {
  const parts = children(stmt);
  if (parts[0]?.name === 'from') {
    const module: string[] = [];
    let relative = false;
    let i = 1;
    for (; i < parts.length && parts[i].name !== 'import'; i++) {
      if (parts[i].name === 'VariableName') module.push(textOf(text, parts[i]));
      else if ((parts[i].name === '.' || parts[i].name === 'Ellipsis') && module.length === 0) relative = true;
    }
    if (!module.length && !relative) return;
    const prefix = (relative ? '.' : '') + module.join('.');
    for (i++; i < parts.length; i++) {
      if (parts[i].name !== 'VariableName') continue;
      const name = textOf(text, parts[i]);
      const alias = parts[i + 1]?.name === 'as' ? parts[i + 2] : undefined;
      if (alias?.name === 'VariableName') {
        origins.set(textOf(text, alias), `${prefix}.${name}`);
        i += 2;
      } else origins.set(name, `${prefix}.${name}`);
    }
    return;
  }
  // import a.b as c, d.e  (the second binds `d`)
  let dotted: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const c = parts[i];
    if (!c || c.name === ',') {
      if (dotted.length) origins.set(dotted[0], dotted[0]);
      dotted = [];
    } else if (c.name === 'VariableName') dotted.push(textOf(text, c));
    else if (c.name === 'as') {
      const alias = parts[i + 1];
      if (alias?.name === 'VariableName' && dotted.length) origins.set(textOf(text, alias), dotted.join('.'));
      dotted = [];
      i++;
    }
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
    // A name right after `=` is a default (`mode: str = BINARY_MODE`), not a parameter.
    if (c.name === 'VariableName' && c.prevSibling?.name !== 'AssignOp') {
      const p: Param = { name: textOf(text, c), kind: pending === '*' ? 'rest' : pending === '**' ? 'kwargs' : kind };
      if (pending === '*') kind = 'keyword';
      pending = null;
      params.push(p);
      continue;
    }
    const last = params[params.length - 1];
    if (!last) continue;
    if (c.name === 'TypeDef') last.type = textOf(text, c).replace(/^:\s*/, '');
    else if (
      c.name !== 'AssignOp' &&
      c.name !== ',' &&
      c.name !== '(' &&
      c.name !== ')' &&
      c.name !== '/' &&
      c.prevSibling?.name === 'AssignOp'
    )
      last.default = textOf(text, c);
  }
  return params;
}

/** A method's parameters without the instance (`self`, `cls`; `ctx` for autograd.Function). */
function callParams(text: string, def: SyntaxNode, receivers: readonly string[] = ['self', 'cls']): Param[] {
  const params = paramsOf(text, def);
  return params.length && params[0].kind === 'positional' && receivers.includes(params[0].name)
    ? params.slice(1)
    : params;
}

function bodyOf(def: SyntaxNode): SyntaxNode | undefined {
  return children(def).find((c) => c.name === 'Body');
}

/** The statements of a body, without its colon and comments. */
function statementsOf(body: SyntaxNode): SyntaxNode[] {
  return children(body).filter((c) => c.name !== ':' && c.name !== 'Comment');
}

function isDocstring(stmt: SyntaxNode | undefined): stmt is SyntaxNode {
  return (
    stmt?.name === 'ExpressionStatement' && stmt.firstChild?.name === 'String' && stmt.firstChild.nextSibling === null
  );
}

/** A docstring's text without quotes and prefix, dedented like `inspect.cleandoc`. */
function cleanDocstring(raw: string): string {
  const inner = raw.replace(/^[rRuUbB]*("""|'''|"|')/, '').replace(/("""|'''|"|')$/, '');
  const lines = inner.replace(/\r\n?/g, '\n').split('\n');
  const indents = lines
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const out = [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(cut).trimEnd())];
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function docstringOf(text: string, def: SyntaxNode): string | undefined {
  const body = bodyOf(def);
  // The first statement only: asked for a class's docstring once per method, listing a big class's
  // body each time made discovery quadratic in its methods.
  let first = body?.firstChild ?? undefined;
  while (first && (first.name === ':' || first.name === 'Comment')) first = first.nextSibling ?? undefined;
  return isDocstring(first) ? cleanDocstring(textOf(text, first)) || undefined : undefined;
}

/**
 * An abstract method: decorated `@abstractmethod`, or a body that only raises (or returns)
 * NotImplementedError, or holds nothing but a docstring, `pass` or `...`.
 */
function isAbstract(text: string, def: Def): boolean {
  if (
    def.outer !== def.node &&
    /@\s*(?:abc\.)?abstract(?:method|property)\b/.test(text.slice(def.outer.from, def.node.from))
  )
    return true;
  const body = bodyOf(def.node);
  if (!body) return true;
  const stmts = statementsOf(body);
  const rest = isDocstring(stmts[0]) ? stmts.slice(1) : stmts;
  if (rest.length === 0) return true;
  const first = rest[0];
  if (
    (first.name === 'RaiseStatement' || first.name === 'ReturnStatement') &&
    /\bNotImplemented(?:Error)?\b/.test(textOf(text, first))
  )
    return true;
  return rest.every(
    (s) => s.name === 'PassStatement' || (s.name === 'ExpressionStatement' && s.firstChild?.name === 'Ellipsis'),
  );
}

/** A returned value that can be a gradient: `dW`, `grads`, `grad.flatten()`, `{'W': dW}`; not `logits`, `acc`, `None`. */
function gradientLike(text: string, node: SyntaxNode): boolean {
  switch (node.name) {
    case 'VariableName':
      return looksLikeGradient(textOf(text, node));
    case 'MemberExpression': {
      // self.grads, cache.dW; grads[0] is judged by what it subscripts.
      const last = node.lastChild;
      return last?.name === 'PropertyName'
        ? looksLikeGradient(textOf(text, last))
        : node.firstChild
          ? gradientLike(text, node.firstChild)
          : true;
    }
    case 'None':
    case 'Number':
    case 'String':
    case 'Boolean':
      return false;
    default:
      return true; // dicts, lists, calls, arithmetic: what a gradient is computed as
  }
}

const SHORT_GRADIENT =
  /^(?:d[A-Z0-9_]|d[a-z]{1,2}\d*$|d(?:theta|scores|logits|out|outputs|inputs?|preds?|probs|weights|params|bias|loss|cost)|g\d*$|jac$|delta)/;

/** `dW`, `dx`, `dscores`, `grads`, `g`, `jac`: names of gradients (`data`, `dist` are not). */
function looksLikeGradient(name: string): boolean {
  return SHORT_GRADIENT.test(name) || isGradientName(name);
}

/** The items of `return a, b` / `return (a, b)`, or null for a single value. */
function returnedItems(ret: SyntaxNode): SyntaxNode[] | null {
  const parts = children(ret).filter((c) => c.name !== 'return');
  const tuple =
    parts.length === 1 && parts[0].name === 'TupleExpression'
      ? children(parts[0]).filter((c) => c.name !== '(' && c.name !== ')')
      : parts;
  if (!tuple.some((c) => c.name === ',')) return null;
  return tuple.filter((c) => c.name !== ',');
}

/** A branch taken only at test time: `if y is None:`, `if mode == 'test':`. */
const TEST_TIME = /\bNone\b|['"](?:test|eval|inference|predict)['"]/;

const NESTED_SCOPES = new Set(['FunctionDefinition', 'ClassDefinition', 'DecoratedStatement', 'LambdaExpression']);
/** Statements that hold statements (a return can only sit in these). */
const COMPOUND = new Set([
  'Body',
  'IfStatement',
  'ForStatement',
  'WhileStatement',
  'WithStatement',
  'TryStatement',
  'MatchStatement',
  'MatchBody',
  'MatchClause',
]);

/**
 * Does the loss return its own gradient? Every `return` of the body (not of nested functions) gives a
 * tuple of two or more items whose items after the first can be gradients (`return loss, dW`,
 * `return J, grad`, `return (loss, grads)`), at least one does, and the only other returns sit in
 * test-time branches (CS231n's `if y is None: return scores`).
 */
function returnsGradient(text: string, body: SyntaxNode): boolean {
  let tuples = 0;
  let other = false;
  const visit = (node: SyntaxNode, testTime: boolean): void => {
    let condition: SyntaxNode | null = null;
    for (let c = node.firstChild; c && !other; c = c.nextSibling) {
      if (NESTED_SCOPES.has(c.name)) continue;
      if (c.name === 'ReturnStatement') {
        const items = returnedItems(c);
        if (items && items.length >= 2 && items.slice(1).every((i) => gradientLike(text, i))) tuples++;
        else if (!testTime) other = true;
      } else if (node.name === 'IfStatement' && c.name === 'Body') {
        visit(c, testTime || (condition !== null && TEST_TIME.test(textOf(text, condition))));
        condition = null;
      } else if (node.name === 'IfStatement' && (c.name === 'if' || c.name === 'elif' || c.name === 'else')) {
        condition = c.name === 'else' ? null : c.nextSibling;
      } else if (COMPOUND.has(c.name)) visit(c, testTime);
    }
  };
  visit(body, false);
  return tuples > 0 && !other;
}

/**
 * A loss factory: returns a function it defines (Keras's `def focal_loss(gamma=2.0): def loss(y_true,
 * y_pred): ...; return loss`). What it returns is the loss, and that is out of reach.
 */
function isFactory(text: string, body: SyntaxNode): boolean {
  const inner = new Set<string>();
  for (const s of statementsOf(body)) {
    const d = s.name === 'FunctionDefinition' || s.name === 'DecoratedStatement' ? definitionOf(s, text) : null;
    if (d && d.node.name === 'FunctionDefinition') inner.add(d.name);
    else if (inner.size && s.name === 'ReturnStatement') {
      const value = s.lastChild;
      if (value?.name === 'VariableName' && inner.has(textOf(text, value))) return true;
    }
  }
  return false;
}

/** Parameters that hold a model, not an array: `compute_loss(model, inputs)`, `d_loss(discriminator, ...)`. */
const MODEL_PARAMS = new Set([
  'model',
  'models',
  'net',
  'network',
  'module',
  'classifier',
  'encoder',
  'decoder',
  'backbone',
  'discriminator',
  'generator',
  'critic',
]);
/** A first parameter that configures or selects a loss: `build_loss(cfg)`, DETR's `get_loss(self, loss, outputs, ...)`. */
const CONFIG_PARAMS = new Set([
  'cfg',
  'config',
  'conf',
  'args',
  'opt',
  'opts',
  'options',
  'hparams',
  'loss',
  'losses',
  'loss_name',
  'loss_type',
  'name',
]);
/** Flax/JAX pytrees and keys, in a module that imports JAX: `loss_fn(params, batch)`, `train_step(state, batch)`. */
const JAX_PYTREE_PARAMS = new Set([
  'params',
  'variables',
  'state',
  'train_state',
  'rng',
  'rngs',
  'key',
  'prng_key',
  'dropout_rng',
  'opt_state',
  'batch_stats',
]);
/** Batches and structured detection inputs, whatever the framework. */
const STRUCTURED_PARAMS = new Set([
  'batch',
  'minibatch',
  'batch_data',
  'batched_inputs',
  'instances',
  'gt_instances',
  'train_state',
  'rngs',
  'prng_key',
  'dropout_rng',
  'opt_state',
  'batch_stats',
]);
/** Type hints of non-arrays: dicts, models, detection structures, key arrays, tuples. */
const STRUCTURED_TYPE =
  /\b(?:Dict|dict|Mapping|MutableMapping|OrderedDict|FrozenDict|TypedDict|NestedTensor|Instances|TrainState|PyTree|PRNGKey|PRNGKeyArray|KeyArray|PreTrainedModel|Module|Model|ModelOutput|BatchEncoding|DataLoader|Dataset|Trainer|Tuple|tuple)\b/;
const STRUCTURED_SEQUENCE = /\b(?:List|list|Sequence|Iterable)\s*\[.*\b(?:Tensor|Array|ndarray)\b/;
/** Uses that make a value a dict or a tuple: `x['key']`, `'key' in x`, `a, b = x`, `f(**x)`, `x.items()`. */
const STRUCTURED_USES = ['[key]', '[unpack]', '[spread]', 'items', 'keys', 'get'];

/**
 * Takes a model, a pytree, a batch or another structure the checker cannot make: no lens without an
 * annotation. Parameters with defaults are left at them, so only the required ones count.
 */
function takesStructure(params: Param[], uses: Record<string, string[]>, jax: boolean): boolean {
  const first = params[0];
  if (first && first.kind === 'positional' && (MODEL_PARAMS.has(first.name) || CONFIG_PARAMS.has(first.name)))
    return true;
  return params.some((p) => {
    if (p.default !== undefined || p.kind === 'rest' || p.kind === 'kwargs') return false;
    if (STRUCTURED_PARAMS.has(p.name) || (jax && JAX_PYTREE_PARAMS.has(p.name))) return true;
    if (p.type && (STRUCTURED_TYPE.test(p.type) || STRUCTURED_SEQUENCE.test(p.type))) return true;
    return STRUCTURED_USES.some((u) => uses[p.name]?.includes(u));
  });
}

/** What a class is, by its bases: how its instances are called, and what it inherits. */
type ClassKind = 'autograd' | 'keras' | 'torch-loss' | 'module' | 'plain';
type ClassInfo = {
  def: Def;
  kind: ClassKind;
  /** The call a framework loss base provides when the class has none: PyTorch's `(input, target)`, Keras's `(y_true, y_pred)`. */
  inheritedCall?: Param[];
  methods: Map<string, Def>;
  /** Bases defined earlier in the same file. */
  bases: ClassInfo[];
};

const KIND_RANK: Record<ClassKind, number> = { autograd: 4, keras: 3, 'torch-loss': 2, module: 1, plain: 0 };
const TORCH_CALL: Param[] = [
  { name: 'input', kind: 'positional' },
  { name: 'target', kind: 'positional' },
];
const KERAS_CALL: Param[] = [
  { name: 'y_true', kind: 'positional' },
  { name: 'y_pred', kind: 'positional' },
];

/** A method by name, from the class or (depth first, left to right) its in-file bases. */
function lookup(info: ClassInfo, name: string, depth = 0): Def | undefined {
  const own = info.methods.get(name);
  if (own || depth > 20) return own;
  for (const b of info.bases) {
    const found = lookup(b, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function visibleMethods(info: ClassInfo, into = new Set<string>(), depth = 0): Set<string> {
  for (const n of info.methods.keys()) into.add(n);
  if (depth < 20) for (const b of info.bases) visibleMethods(b, into, depth + 1);
  return into;
}

/**
 * Discovers the losses in a Python module's text, from its tree. Side-effect free; in steps (see
 * ../syntax/slices): it yields between definitions and every so many nodes of a long body.
 */
export function* discoverPythonSteps(text: string, tree: Tree): Steps<Discovery> {
  const lines = new LineIndex(text);
  const origins = new Map<string, string>();
  const top = children(tree.topNode);
  yield;
  for (const [i, stmt] of top.entries()) {
    if (stmt.name === 'ImportStatement') readImport(text, stmt, origins);
    if (i % STATEMENTS_PER_YIELD === 0) yield;
  }
  const aliases = new Map<string, Framework>();
  for (const [bound, origin] of origins) {
    const fw = FRAMEWORK_ROOTS[origin.split('.')[0]];
    if (fw) aliases.set(bound, fw);
  }
  const imports = [...new Set(aliases.values())];
  const torchImported = imports.includes('torch');
  const jaxImported = imports.includes('jax');
  const sourceLines = { get: (n: number) => lines.line(n) };
  const annotationPieces = (outer: SyntaxNode) => pythonAnnotationAbove(sourceLines, lines.positionAt(outer.from).line);
  const annotationFor = (pieces: ReturnType<typeof annotationPieces>, params: Param[]): Annotation | undefined =>
    pieces
      ? parseAnnotation(
          pieces.map((source) => ({ source, tag: 'gradcheck' as const })),
          params,
        )
      : undefined;

  const losses: DiscoveredLoss[] = [];
  const topDefs: Def[] = [];
  for (const [i, stmt] of top.entries()) {
    const d = definitionOf(stmt, text);
    if (d) topDefs.push(d);
    if (i % STATEMENTS_PER_YIELD === 0) yield;
  }
  const topFunctions = topDefs.filter((d) => d.node.name === 'FunctionDefinition');
  const topFunctionNames = new Set(topFunctions.map((d) => d.name));
  const topFunctionsByName = new Map(topFunctions.map((d) => [d.name, d]));
  yield;
  const topGeneric = genericGradientPairs(topFunctionNames);
  yield;

  function* usesOf(params: Param[], body: SyntaxNode | undefined, hints: Set<string>): Steps<Record<string, string[]>> {
    return body ? yield* collectUses(text, body, new Set(params.map((p) => p.name)), IDENTIFIERS, hints) : {};
  }

  const describe = (
    def: Def,
    params: Param[],
    hints: Set<string>,
    paramUses: Record<string, string[]>,
    extra: Partial<DiscoveredLoss>,
    reason: LossReason,
    annotation: Annotation | undefined,
    paired: string | undefined,
  ): DiscoveredLoss => {
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

  /**
   * A paired gradient is called with the loss's arguments by name. The weaker pairings (`cost` +
   * `gradient`, a class's `loss` + `grad`, `__call__` + `gradient`) hold only when it can be: it takes
   * each required argument of the loss and needs none the loss lacks (`def gradient(self)` that reads
   * what `__call__` cached does not pair).
   */
  const acceptsLossArgs = (gradient: Def | undefined, params: Param[], method: boolean): boolean => {
    if (!gradient) return false;
    const gp = method ? callParams(text, gradient.node) : paramsOf(text, gradient.node);
    const takes = new Set(gp.map((p) => p.name));
    const anyKeyword = gp.some((p) => p.kind === 'kwargs');
    const given = new Set(params.map((p) => p.name));
    const required = (p: Param): boolean =>
      p.default === undefined && (p.kind === 'positional' || p.kind === 'keyword');
    return (
      params.every((p) => !required(p) || anyKeyword || takes.has(p.name)) &&
      gp.every((p) => !required(p) || given.has(p.name))
    );
  };

  type Scope = { names: ReadonlySet<string>; generic: Map<string, string>; find: (name: string) => Def | undefined };
  type MethodOf = { info: ClassInfo };

  /** A function (top-level or method) that counts as a loss, or null. */
  function* functionLoss(def: Def, scope: Scope, method: MethodOf | null): Steps<DiscoveredLoss | null> {
    if (isPrivateName(def.name) || isTestName(def.name) || isGradientName(def.name, scope.names)) return null;
    // Cheap tests first: most functions of a module are not losses and cost only these.
    const pieces = annotationPieces(def.outer);
    const byConvention = pairedGradientCandidates(def.name, 'python').find((c) => c !== def.name && scope.names.has(c));
    const generic = byConvention ? undefined : scope.generic.get(def.name);
    const nameReads = readsAsLoss(def.name, scope.names);
    if (!pieces && !byConvention && !generic && !nameReads) return null;
    const params = method ? callParams(text, def.node) : paramsOf(text, def.node);
    const annotation = annotationFor(pieces, params);
    // `plot_losses()`, `self.total_loss(self)`: a name that reads as a loss but nothing to differentiate.
    if (params.length === 0 && !annotation) return null;
    if (method && !annotation && isAbstract(text, def)) return null;
    const genericOk = generic !== undefined && acceptsLossArgs(scope.find(generic), params, method !== null);
    if (!annotation && !byConvention && !genericOk && !nameReads) return null;
    const body = bodyOf(def.node);
    if (!annotation && body && isFactory(text, body)) return null;
    const hints = new Set<string>();
    const paramUses = yield* usesOf(params, body, hints);
    if (!annotation && takesStructure(params, paramUses, jaxImported)) return null;
    const paired = annotation?.grad ?? byConvention ?? (genericOk ? generic : undefined);
    const reason: LossReason = annotation ? 'annotation' : nameReads ? 'name' : 'paired';
    const extra: Partial<DiscoveredLoss> = {};
    if (method) {
      extra.kind = 'method';
      extra.className = method.info.def.name;
      const init = lookup(method.info, '__init__');
      extra.init = init ? callParams(text, init.node) : [];
    }
    if (body && returnsGradient(text, body)) extra.returnsGradient = true;
    const doc = docstringOf(text, def.node) ?? (method ? docstringOf(text, method.info.def.node) : undefined);
    if (doc) extra.doc = doc;
    return describe(def, params, hints, paramUses, extra, reason, annotation, paired);
  }

  const topScope: Scope = { names: topFunctionNames, generic: topGeneric, find: (n) => topFunctionsByName.get(n) };
  const classes = new Map<string, ClassInfo>();

  /** Resolves a base through the imports; names of a snippet without imports are read as usual (`nn.` is PyTorch). */
  const resolveBase = (expr: string): string => {
    const dot = expr.indexOf('.');
    const head = dot < 0 ? expr : expr.slice(0, dot);
    const origin = origins.get(head);
    if (origin) return origin + (dot < 0 ? '' : expr.slice(dot));
    if (head === 'nn') return 'torch.' + expr;
    if (head === 'tf') return 'tensorflow' + expr.slice(2);
    return expr;
  };

  const frameworkBase = (expr: string): { kind: ClassKind; call?: Param[] } | null => {
    const full = resolveBase(expr);
    const bare = !full.includes('.');
    if (
      /^torch\.autograd\.(?:function\.)?Function$/.test(full) ||
      (/(?:^|\.)Function$/.test(full) && full.includes('autograd')) ||
      (bare && full === 'Function' && torchImported)
    )
      return { kind: 'autograd' };
    const keras =
      /^(?:tensorflow\.(?:python\.)?)?keras\.(?:src\.)?(?:losses\.(?:\w+\.)?)?([A-Z]\w*)$/.exec(full) ??
      /^tensorflow\.losses\.([A-Z]\w*)$/.exec(full);
    if (keras && (full.includes('.losses.') || keras[1] === 'Loss'))
      return { kind: 'keras', ...(keras[1] === 'Loss' ? {} : { call: KERAS_CALL }) };
    const torchLoss =
      /^torch\.nn\.(?:modules\.(?:loss\.)?)?(\w*Loss)$/.exec(full) ??
      (bare && torchImported ? /^(_Loss|_WeightedLoss)$/.exec(full) : null);
    // `_Loss` and `_WeightedLoss` have no forward of their own; PyTorch's concrete losses take (input, target).
    if (torchLoss) return { kind: 'torch-loss', ...(torchLoss[1].startsWith('_') ? {} : { call: TORCH_CALL }) };
    if (/^torch\.nn\.(?:modules\.(?:module\.)?)?Module$/.test(full) || (bare && full === 'Module' && torchImported))
      return { kind: 'module' };
    return null;
  };

  const classInfo = (def: Def): ClassInfo => {
    const argList = children(def.node).find((c) => c.name === 'ArgList');
    const info: ClassInfo = { def, kind: 'plain', methods: new Map(), bases: [] };
    if (argList) {
      for (const c of children(argList)) {
        // Positional bases only: not `metaclass=ABCMeta`.
        if (c.name !== 'VariableName' && c.name !== 'MemberExpression') continue;
        if (c.nextSibling?.name === 'AssignOp' || c.prevSibling?.name === 'AssignOp') continue;
        const expr = textOf(text, c);
        const local = classes.get(expr);
        // A loss class imported from a sibling module of a torch package (`class TverskyLoss(DiceLoss)`
        // with `from .dice import DiceLoss`): a PyTorch loss, called as PyTorch's are, (input, target).
        const siblingLoss =
          !local && torchImported && resolveBase(expr).startsWith('.') && readsAsLoss(expr.split('.').pop() ?? '');
        const framework = local
          ? null
          : siblingLoss
            ? { kind: 'torch-loss' as const, call: TORCH_CALL }
            : frameworkBase(expr);
        const kind = local ? local.kind : framework?.kind;
        const call = local ? local.inheritedCall : framework?.call;
        if (local) info.bases.push(local);
        if (kind && KIND_RANK[kind] > KIND_RANK[info.kind]) info.kind = kind;
        if (call && !info.inheritedCall) info.inheritedCall = call;
      }
    }
    const body = bodyOf(def.node);
    if (body) {
      for (const s of children(body)) {
        const m = s.name === 'FunctionDefinition' || s.name === 'DecoratedStatement' ? definitionOf(s, text) : null;
        if (m && m.node.name === 'FunctionDefinition') info.methods.set(m.name, m);
      }
    }
    return info;
  };

  /** The class itself as a loss (autograd.Function, nn.Module, PyTorch or Keras loss, callable), or null. */
  function* classLoss(info: ClassInfo, methodLosses: number): Steps<DiscoveredLoss | null> {
    const def = info.def;
    if (isPrivateName(def.name)) return null;
    const framework = info.kind !== 'plain';
    // A subclass of a framework loss is a loss whatever its name; an nn.Module or a callable class needs a loss name.
    const nameReads = readsAsLoss(def.name) || info.kind === 'torch-loss' || info.kind === 'keras';
    const pieces = annotationPieces(def.outer);
    if (info.kind !== 'autograd' && !nameReads && !pieces) return null;
    let call: Def | undefined;
    let base: ClassBase;
    switch (info.kind) {
      case 'autograd':
        call = lookup(info, 'forward');
        base = 'autograd.Function';
        break;
      case 'keras':
        call = lookup(info, 'call');
        base = 'keras.Loss';
        break;
      case 'torch-loss':
      case 'module':
        call = lookup(info, 'forward') ?? lookup(info, '__call__');
        base = 'nn.Module';
        break;
      default:
        // A plain class whose instances are called; one with loss methods of its own is reported by those.
        if (methodLosses > 0) return null;
        call = lookup(info, '__call__');
        base = 'callable';
    }
    const params = call
      ? callParams(text, call.node, info.kind === 'autograd' ? ['self', 'ctx', 'cls'] : ['self', 'cls'])
      : framework
        ? info.inheritedCall?.map((p) => ({ ...p }))
        : undefined;
    if (!params) return null;
    const annotation = annotationFor(pieces, params);
    if (!annotation && call && isAbstract(text, call)) return null;
    const body = call ? bodyOf(call.node) : undefined;
    const hints = new Set<string>();
    const paramUses = yield* usesOf(params, body, hints);
    if (!annotation && info.kind !== 'autograd' && takesStructure(params, paramUses, jaxImported)) return null;
    const reason: LossReason = annotation ? 'annotation' : info.kind === 'autograd' ? 'autograd-function' : 'name';
    const extra: Partial<DiscoveredLoss> = { kind: 'class', base };
    if (info.kind !== 'autograd') {
      const init = lookup(info, '__init__');
      extra.init = init ? callParams(text, init.node) : [];
    }
    if (body && returnsGradient(text, body)) extra.returnsGradient = true;
    const doc = [docstringOf(text, def.node), call && docstringOf(text, call.node)].filter(Boolean).join('\n\n');
    if (doc) extra.doc = doc;
    // An autograd.Function's gradient is its own backward, which torch calls: no paired function.
    const member = base === 'callable' && !annotation?.grad ? findGradientMember(visibleMethods(info)) : undefined;
    const paired =
      annotation?.grad ?? (member && acceptsLossArgs(lookup(info, member), params, true) ? member : undefined);
    const loss = describe(def, params, hints, paramUses, extra, reason, annotation, paired);
    if (base === 'nn.Module') loss.frameworks = [...new Set<Framework>(['torch', ...loss.frameworks])];
    if (base === 'keras.Loss') loss.frameworks = [...new Set<Framework>(['tensorflow', ...loss.frameworks])];
    return loss;
  }

  /**
   * A loss layer as "Deep Learning from Scratch" writes them: `forward(self, x, t)` caches what
   * `backward(self, dout=1)` needs, which returns the gradient with respect to x.
   */
  function* statefulLoss(info: ClassInfo): Steps<DiscoveredLoss | null> {
    if (!readsAsLoss(info.def.name)) return null;
    const forward = lookup(info, 'forward');
    const backward = lookup(info, 'backward');
    if (!forward || !backward || isAbstract(text, forward)) return null;
    const params = callParams(text, forward.node);
    if (
      params.length === 0 ||
      callParams(text, backward.node).some((p) => p.default === undefined && p.kind === 'positional')
    )
      return null;
    const body = bodyOf(forward.node);
    const hints = new Set<string>();
    const paramUses = yield* usesOf(params, body, hints);
    const init = lookup(info, '__init__');
    const extra: Partial<DiscoveredLoss> = {
      kind: 'method',
      className: info.def.name,
      init: init ? callParams(text, init.node) : [],
      statefulGradient: true,
    };
    return describe(forward, params, hints, paramUses, extra, 'name', undefined, 'backward');
  }

  for (const def of topDefs) {
    yield;
    if (def.node.name === 'FunctionDefinition') {
      const loss = yield* functionLoss(def, topScope, null);
      if (loss) losses.push(loss);
      continue;
    }
    const info = classInfo(def);
    classes.set(def.name, info);
    if (info.kind !== 'plain') {
      const loss = yield* classLoss(info, 0);
      if (loss) {
        losses.push(loss);
        continue;
      }
    }
    // The class's methods: `loss` beside `grad`, CS231n's `loss(self, X, y=None)`, DETR's `loss_labels`.
    const names = visibleMethods(info);
    const scope: Scope = { names, generic: genericGradientPairs(names), find: (n) => lookup(info, n) };
    const skip = info.kind === 'keras' ? 'call' : info.kind !== 'plain' ? 'forward' : null;
    const found: DiscoveredLoss[] = [];
    for (const m of info.methods.values()) {
      yield;
      if (m.name === skip) continue;
      const loss = yield* functionLoss(m, scope, { info });
      if (loss) found.push(loss);
    }
    const callable = info.kind === 'plain' ? yield* classLoss(info, found.length) : null;
    if (callable) losses.push(callable);
    losses.push(...found);
    if (info.kind === 'plain' && !callable && found.length === 0) {
      const layer = yield* statefulLoss(info);
      if (layer) losses.push(layer);
    }
  }
  return { language: 'python', losses, imports, hasSyntaxErrors: yield* errorsIn(tree) };
}
