/**
 * A file read the way the hovers read it, one step further: its scopes (module, classes,
 * functions), what each name is assigned where, and from that what a value fed to a loss *is*:
 * the output of a softmax, of a layer with no activation, a one-hot tensor. One walk over the
 * Lezer tree collects; `kindOf` then answers lazily, memoised. Python and JS/TS share the logic
 * through a small dialect table of node names. Pure, no `vscode`; nothing is run.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { resolvePath, type Bindings } from '../syntax/bindings';
import { children, textOf } from '../syntax/nodes';
import { pythonParser, scriptParser } from '../syntax/parsers';
import { activationKind, combine, type Kind, type Origin } from './kinds';
import {
  ACTIVATION_FUNCTIONS,
  ACTIVATION_METHODS,
  ACTIVATION_MODULES,
  ACTIVATION_NAMES,
  EYE_FUNCTIONS,
  FLOAT_CASTS,
  FUNCTIONAL_MODELS,
  INT_CASTS,
  KERAS_ACTIVATION_LAYERS,
  KIND_PRESERVING_METHODS,
  LINEAR_LAYERS,
  LOG_FUNCTIONS,
  LOSS_NAMES,
  normalizePath,
  ONE_HOT_FUNCTIONS,
  PAD_FUNCTIONS,
  SEQUENTIAL_CONTAINERS,
  SMOOTHING_FUNCTIONS,
  TRANSPARENT_LAYERS,
} from './knowledge';
import type { Steps } from '../syntax/slices';
import type { Span } from './types';

export type Dialect = 'python' | 'script';

export type Scope = {
  id: number;
  kind: 'module' | 'function' | 'class';
  node: SyntaxNode;
  name: string;
  parent: Scope | null;
  /** For a method, its class. */
  cls: Scope | null;
  params: Set<string>;
  /** Positional parameters in order, up to a `*` (for arguments at call sites). */
  paramList: string[];
  /** Name (or `self.x`) -> its assignments in source order. */
  assigns: Map<string, Assign[]>;
  returns: SyntaxNode[];
  /** `receiver.method(args)` statements, by receiver text: `model.add(...)`. */
  methodCalls: Map<string, SyntaxNode[]>;
  /** Classes: methods by name, base class texts, `self.x` assignments from every method. */
  methods: Map<string, Scope>;
  bases: string[];
  attrs: Map<string, Assign[]>;
  /** `labels[mask] = value` statements, by the subscripted name. */
  masks: Map<string, { value: SyntaxNode; stmt: SyntaxNode }[]>;
};

export type Assign = {
  name: string;
  value: SyntaxNode | null;
  from: number;
  to: number;
  stmt: SyntaxNode;
  scope: Scope;
};

/** A model's name and where it holds that model: its `.add()` calls between `from` and `until` count. */
type Bound = { name: string; scope: Scope; from: number; until: number };

export type KwArg = { name: string; value: SyntaxNode; span: Span };
export type CallArgs = { list: SyntaxNode; positional: SyntaxNode[]; keywords: Map<string, KwArg> };

/** What differs between the dialects beyond the node roles (ROLE_NAMES, at the end): a block's node, the receiver's name. */
const N = {
  python: { block: 'Body', self: 'self' },
  script: { block: 'Block', self: 'this' },
} as const;

const MAX_DEPTH = 24;

/** Tree nodes the walk visits between pauses: well under a millisecond. */
const NODES_PER_STEP = 1024;

/** Calls that only return their receiver changed in place or moved: `model.to(device)`, `net.eval()`. */
const MODEL_PASSTHROUGH = new Set(['to', 'cuda', 'cpu', 'eval', 'train', 'float', 'double', 'half', 'requires_grad_']);

export class Program {
  private scopeCount = 0;
  readonly module: Scope;
  readonly calls: { node: SyntaxNode; scope: Scope }[] = [];
  readonly comments: SyntaxNode[] = [];
  /** Classes and functions defined at any level, by name (the last definition wins). */
  readonly classes = new Map<string, Scope>();
  readonly functions = new Map<string, Scope>();
  /** Every definition of each function name, in order (a script or notebook may define one twice). */
  private readonly definitions = new Map<string, Scope[]>();
  /** Names (and `self.x`) ever assigned something that may be a loss: what a loss object can be called by. */
  readonly lossBound = new Set<string>();
  private readonly memo = new Map<number | string, Kind | null>();
  private readonly active = new Set<number | string>();
  private readonly paths = new Map<string, string | undefined>();
  private soleModel: { cls: Scope } | null | undefined;
  private readonly names;

  /** Call `collect()` (to its end) before asking anything. */
  constructor(
    readonly text: string,
    readonly tree: Tree,
    readonly dialect: Dialect,
    readonly bindings: Bindings,
  ) {
    this.names = N[dialect];
    this.module = this.newScope('module', tree.topNode, '', null, null);
  }

  // -------------------------------------------------------------------------------------------
  // Collection

  private newScope(
    kind: Scope['kind'],
    node: SyntaxNode,
    name: string,
    parent: Scope | null,
    cls: Scope | null,
  ): Scope {
    const s: Scope = {
      id: this.scopeCount++,
      kind,
      node,
      name,
      parent,
      cls,
      params: new Set(),
      paramList: [],
      assigns: new Map(),
      returns: [],
      methodCalls: new Map(),
      methods: new Map(),
      bases: [],
      attrs: new Map(),
      masks: new Map(),
    };
    return s;
  }

  /** Reads the tree: scopes, assignments, calls, comments. Pauses every NODES_PER_STEP nodes. */
  *collect(): Steps<void> {
    const stack: Scope[] = [this.module];
    const ends: number[] = [Infinity];
    const cursor = this.tree.cursor();
    const roles = rolesOf(this.dialect);
    for (let visited = 1; ; visited++) {
      if (visited % NODES_PER_STEP === 0) yield;
      const role = roles[cursor.type.id] as Role;
      if (role !== Role.Other) {
        const from = cursor.from;
        while (from >= ends[ends.length - 1]) {
          stack.pop();
          ends.pop();
        }
        const scope = stack[stack.length - 1];
        switch (role) {
          case Role.Function:
          case Role.Class: {
            const node = cursor.node;
            stack.push(role === Role.Function ? this.functionScope(node, scope) : this.classScope(node, scope));
            ends.push(node.to);
            break;
          }
          case Role.Assign:
            this.assignment(cursor.node, scope);
            break;
          case Role.Binding:
            this.bindingStatement(cursor.node, scope);
            break;
          case Role.Return: {
            const value = cursor.node.firstChild?.nextSibling;
            if (value && value.name !== ';') scope.returns.push(value);
            break;
          }
          case Role.Call: {
            const node = cursor.node;
            this.calls.push({ node, scope });
            this.methodCall(node, scope);
            break;
          }
          case Role.Comment:
            this.comments.push(cursor.node);
            break;
        }
        // Nothing to find inside a comment or a literal.
        if (role === Role.Leaf || role === Role.Comment) {
          while (!cursor.nextSibling()) if (!cursor.parent()) return;
          continue;
        }
      }
      if (cursor.firstChild()) continue;
      while (!cursor.nextSibling()) if (!cursor.parent()) return;
    }
  }

  private functionScope(node: SyntaxNode, parent: Scope): Scope {
    const nameNode =
      node.getChild('VariableName') ?? node.getChild('VariableDefinition') ?? node.getChild('PropertyDefinition');
    let name = nameNode ? textOf(this.text, nameNode) : '';
    // `const f = (x) => ...`: the arrow takes the name it is given.
    if (!name && node.parent?.name === 'VariableDeclaration') {
      const def = node.prevSibling?.prevSibling;
      if (def?.name === 'VariableDefinition') name = textOf(this.text, def);
    }
    const cls = parent.kind === 'class' ? parent : null;
    const s = this.newScope('function', node, name, parent, cls);
    const params = node.getChild('ParamList');
    if (params) {
      let positional = true;
      for (const p of children(params)) {
        if (p.name === '*' || p.name === '**' || p.name === 'Spread') positional = false;
        // A default's value (`y=z`) is not a parameter.
        if (
          (p.name === 'VariableName' || p.name === 'VariableDefinition') &&
          p.prevSibling?.name !== 'AssignOp' &&
          p.prevSibling?.name !== 'Equals'
        ) {
          const name = textOf(this.text, p);
          s.params.add(name);
          if (positional) s.paramList.push(name);
        }
      }
    }
    // A single-parameter arrow without parentheses, and an expression body: an implicit return.
    if (node.name === 'ArrowFunction') {
      const first = node.firstChild;
      if (first?.name === 'VariableDefinition') s.params.add(textOf(this.text, first));
      const body = node.lastChild;
      if (body && body.name !== 'Block') s.returns.push(body);
    }
    if (cls && name) cls.methods.set(name, s);
    if (name && parent.kind !== 'class') {
      this.functions.set(name, s);
      let l = this.definitions.get(name);
      if (!l) this.definitions.set(name, (l = []));
      l.push(s);
    }
    return s;
  }

  private classScope(node: SyntaxNode, parent: Scope): Scope {
    const nameNode = node.getChild('VariableName') ?? node.getChild('VariableDefinition');
    const name = nameNode ? textOf(this.text, nameNode) : '';
    const s = this.newScope('class', node, name, parent, null);
    const args = node.getChild('ArgList');
    if (args)
      for (const a of children(args))
        if (a.name === 'VariableName' || a.name === 'MemberExpression') s.bases.push(textOf(this.text, a));
    // JS: class A extends B
    const ext = node.getChild('extends');
    if (ext?.nextSibling) s.bases.push(textOf(this.text, ext.nextSibling));
    if (name) this.classes.set(name, s);
    return s;
  }

  /** The statement an expression belongs to: its end bounds when a value is available. */
  private statementOf(node: SyntaxNode): SyntaxNode {
    let n = node;
    while (
      n.parent &&
      !n.name.endsWith('Statement') &&
      n.name !== 'VariableDeclaration' &&
      n.parent.name !== this.names.block &&
      n.parent.name !== 'Script'
    )
      n = n.parent;
    return n;
  }

  private record(scope: Scope, name: string, value: SyntaxNode | null, stmt: SyntaxNode): void {
    const a: Assign = { name, value, from: stmt.from, to: stmt.to, stmt, scope };
    if (value && this.mayBeLoss(value)) this.lossBound.add(name);
    let list = scope.assigns.get(name);
    if (!list) scope.assigns.set(name, (list = []));
    list.push(a);
    const self = `${this.names.self}.`;
    if (name.startsWith(self)) {
      const owner = scope.cls ?? (scope.kind === 'class' ? scope : null);
      if (owner) {
        const attr = name.slice(self.length);
        let l = owner.attrs.get(attr);
        if (!l) owner.attrs.set(attr, (l = []));
        l.push(a);
      }
    }
    // Class body: `x = ...` is an attribute too.
    if (scope.kind === 'class' && !name.includes('.')) {
      let l = scope.attrs.get(name);
      if (!l) scope.attrs.set(name, (l = []));
      l.push(a);
    }
  }

  /** Could this value be a loss: a call or name ending in a loss's name, or another name that may be one. */
  private mayBeLoss(value: SyntaxNode): boolean {
    const n = value.name === 'CallExpression' ? value.firstChild : value;
    if (!n || (n.name !== 'VariableName' && n.name !== 'MemberExpression')) return false;
    if (LOSS_NAMES.has(this.lastIdentifier(n.to))) return true;
    return this.lossBound.size > 0 && n.to - n.from < 80 && this.lossBound.has(textOf(this.text, n));
  }

  /** The identifier that ends at `end` in the text (`cross_entropy` in `F.cross_entropy`), read without a tree. */
  lastIdentifier(end: number): string {
    let i = end;
    while (i > 0) {
      const c = this.text.charCodeAt(i - 1);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36) i--;
      else break;
    }
    return this.text.slice(i, end);
  }

  /** The name an assignment target stands for: `x`, `self.x`; null for anything else. */
  private targetName(t: SyntaxNode): string | null {
    if (t.name === 'VariableName' || t.name === 'VariableDefinition') return textOf(this.text, t);
    if (t.name === 'MemberExpression') {
      const s = textOf(this.text, t);
      if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(s)) return s;
    }
    return null;
  }

  private assignment(node: SyntaxNode, scope: Scope): void {
    // The common case first, without taking the statement apart: `name = value`.
    const first = node.firstChild;
    const op = first?.nextSibling;
    if (
      first &&
      op &&
      first.name === 'VariableName' &&
      op.name === 'AssignOp' &&
      op.nextSibling &&
      !op.nextSibling.nextSibling
    ) {
      this.record(scope, textOf(this.text, first), op.nextSibling, node);
      return;
    }
    const parts = children(node);
    const stmt = this.statementOf(node);
    if (node.name === 'VariableDeclaration') {
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (p.name !== 'VariableDefinition' && p.name !== 'ObjectPattern' && p.name !== 'ArrayPattern') continue;
        let j = i + 1;
        if (parts[j]?.name === 'TypeAnnotation') j++;
        const value = parts[j]?.name === 'Equals' ? (parts[j + 1] ?? null) : null;
        if (p.name === 'VariableDefinition') this.record(scope, textOf(this.text, p), value, stmt);
        else for (const d of this.patternNames(p)) this.record(scope, d, null, stmt);
      }
      return;
    }
    const ops = parts.filter((p) => p.name === 'AssignOp' || p.name === 'Equals' || p.name === 'UpdateOp');
    if (ops.length === 0) return;
    const update = ops.some((o) => o.name === 'UpdateOp');
    const value = update ? null : parts[parts.length - 1];
    const lastOp = ops[ops.length - 1];
    const targets = parts.filter(
      (p) =>
        p.to <= lastOp.from &&
        p.name !== 'AssignOp' &&
        p.name !== 'Equals' &&
        p.name !== 'UpdateOp' &&
        p.name !== ',' &&
        p.name !== 'TypeDef',
    );
    // `a, b = x` or `a = b = x`: a tuple target learns nothing from the value.
    const tuple =
      parts.some((p) => p.name === ',' && p.to <= lastOp.from) ||
      targets.some((t) => t.name === 'TupleExpression' || t.name === 'ArrayPattern' || t.name === 'ObjectPattern');
    for (const t of targets) {
      if (
        t.name === 'TupleExpression' ||
        t.name === 'ArrayPattern' ||
        t.name === 'ObjectPattern' ||
        t.name === 'ParenthesizedExpression'
      ) {
        for (const d of this.patternNames(t)) this.record(scope, d, null, stmt);
        continue;
      }
      if (
        t.name === 'MemberExpression' &&
        t.lastChild?.name === ']' &&
        t.firstChild?.name === 'VariableName' &&
        value
      ) {
        const base = textOf(this.text, t.firstChild);
        let l = scope.masks.get(base);
        if (!l) scope.masks.set(base, (l = []));
        l.push({ value, stmt });
        continue;
      }
      const name = this.targetName(t);
      if (name) this.record(scope, name, tuple ? null : value, stmt);
    }
  }

  private patternNames(node: SyntaxNode): string[] {
    const out: string[] = [];
    const c = node.cursor();
    do {
      if (c.name === 'VariableName' || c.name === 'VariableDefinition') out.push(textOf(this.text, c.node));
    } while (c.next() && c.from < node.to);
    return out;
  }

  /** `for x in ...`, `with ... as x`: names bound to something the lint cannot know. */
  private bindingStatement(node: SyntaxNode, scope: Scope): void {
    const parts = children(node);
    const kw = node.name === 'ForStatement' ? 'in' : 'as';
    if (node.name === 'ForStatement') {
      const at = parts.findIndex((p) => p.name === 'in');
      for (const p of parts.slice(1, at < 0 ? 1 : at))
        for (const n of this.patternNames(p)) this.record(scope, n, null, node);
    } else {
      for (let i = 0; i < parts.length; i++)
        if (parts[i].name === kw && parts[i + 1])
          for (const n of this.patternNames(parts[i + 1])) this.record(scope, n, null, node);
    }
  }

  private methodCall(node: SyntaxNode, scope: Scope): void {
    const callee = node.firstChild;
    if (!callee || callee.name !== 'MemberExpression') return;
    // The method's name read from the text first: most calls are none of these.
    const method = this.lastIdentifier(callee.to);
    if (method !== 'add' && method !== 'compile' && method !== 'masked_fill_' && method !== 'fill_') return;
    const receiver = textOf(this.text, callee.firstChild);
    const key = `${receiver}.${method}`;
    let list = scope.methodCalls.get(key);
    if (!list) scope.methodCalls.set(key, (list = []));
    list.push(node);
  }

  // -------------------------------------------------------------------------------------------
  // Reading calls and literals

  callArgs(call: SyntaxNode): CallArgs | undefined {
    const list = call.lastChild;
    if (!list || list.name !== 'ArgList') return undefined;
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, KwArg>();
    const parts = children(list);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.name === '(' || p.name === ')' || p.name === ',') continue;
      if (p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
        keywords.set(textOf(this.text, p), {
          name: textOf(this.text, p),
          value: parts[i + 2],
          span: { from: p.from, to: parts[i + 2].to },
        });
        i += 2;
        continue;
      }
      if (p.name === '*' || p.name === '**') {
        i++;
        continue;
      }
      positional.push(p);
    }
    // JS: an options object as the first argument holds the keywords (`tf.layers.dense({units: 1})`).
    if (this.dialect === 'script' && positional[0]?.name === 'ObjectExpression') {
      for (const prop of children(positional[0])) {
        if (prop.name !== 'Property') continue;
        const key = prop.firstChild;
        const value = prop.lastChild;
        if (!key || !value || key === value) continue;
        const name = textOf(this.text, key).replace(/^['"]|['"]$/g, '');
        keywords.set(name, { name, value, span: { from: prop.from, to: prop.to } });
      }
    }
    return { list, positional, keywords };
  }

  /** The argument at `index` or with one of `keywords`. */
  arg(args: CallArgs, index: number, keywords: readonly string[]): SyntaxNode | undefined {
    for (const k of keywords) {
      const kw = args.keywords.get(k);
      if (kw) return kw.value;
    }
    return args.positional[index];
  }

  /** A literal's value: string, number, boolean or null; undefined when it is not a literal. */
  literal(node: SyntaxNode | undefined): string | number | boolean | null | undefined {
    if (!node) return undefined;
    const t = textOf(this.text, node);
    switch (node.name) {
      case 'String': {
        const m = /^[rRbBuU]*(['"`]{1,3})([\s\S]*)\1$/.exec(t);
        return m ? m[2] : undefined;
      }
      case 'Number':
        return Number(t.replace(/_/g, ''));
      case 'Boolean':
      case 'BooleanLiteral':
        return t === 'True' || t === 'true';
      case 'None':
      case 'null':
        return null;
      case 'UnaryExpression': {
        const inner = node.lastChild;
        const v = this.literal(inner ?? undefined);
        return t.startsWith('-') && typeof v === 'number' ? -v : undefined;
      }
      case 'ParenthesizedExpression':
        return this.literal(node.firstChild?.nextSibling ?? undefined);
      default:
        return undefined;
    }
  }

  /** The full path a dotted expression stands for through the file's imports, normalised. */
  pathOf(node: SyntaxNode | null | undefined): string | undefined {
    if (!node || (node.name !== 'VariableName' && node.name !== 'MemberExpression')) return undefined;
    const t = textOf(this.text, node);
    if (this.paths.has(t)) return this.paths.get(t);
    let out: string | undefined;
    if (/^[A-Za-z_$][\w$]*(\s*\.\s*[A-Za-z_$][\w$]*)*$/.test(t)) {
      const parts = t.split('.').map((s) => s.trim());
      const p = resolvePath(parts, this.bindings);
      if (p !== undefined) out = normalizePath(p);
      else if (this.bindings.stars.length) out = normalizePath(`${this.bindings.stars[0]}.${parts.join('.')}`);
    }
    this.paths.set(t, out);
    return out;
  }

  /**
   * The path a callee stands for, read in order: a name assigned in the code (`loss_fn =
   * keras.losses.mse`, later `loss_fn = ...` again) is what its reaching assignments say, not the
   * file-wide alias the import scan keeps; an imported name is its import.
   */
  calleePath(node: SyntaxNode | null | undefined, scope: Scope): string | undefined {
    if (node?.name === 'VariableName') {
      const { values } = this.valuesOf(node, scope);
      if (values.length) {
        const paths = values.map((v) =>
          v.node.name === 'VariableName' || v.node.name === 'MemberExpression' ? this.pathOf(v.node) : undefined,
        );
        return paths.every((p) => p !== undefined && p === paths[0]) ? paths[0] : undefined;
      }
    }
    return this.pathOf(node);
  }

  // -------------------------------------------------------------------------------------------
  // Names

  /** The innermost block (if/else/for/with/try body) around `node` within its scope. */
  private blockOf(node: SyntaxNode, scope: Scope): SyntaxNode | null {
    for (let p = node.parent; p && p.from >= scope.node.from; p = p.parent) {
      if (p.name === this.names.block) return p === scope.node.lastChild ? null : p;
      if (p === scope.node) return null;
    }
    return null;
  }

  /**
   * The assignments of `name` that may reach `at` in `scope`: the last one before it, and earlier
   * ones while that one sits in a branch the use is not in (`if`: `x = a` / `else`: `x = b`).
   * `param` is true when the value may also be what the caller passed.
   */
  reaching(name: string, scope: Scope, at: number): { assigns: Assign[]; param: boolean; paramOf?: Scope } {
    const list = scope.assigns.get(name);
    const before = list ? list.filter((a) => a.to <= at) : [];
    const out: Assign[] = [];
    for (let i = before.length - 1; i >= 0; i--) {
      const a = before[i];
      out.push(a);
      const block = this.blockOf(a.stmt, scope);
      if (!block || (block.from <= at && at <= block.to)) return { assigns: out, param: false };
    }
    if (scope.params.has(name)) return { assigns: out, param: true, paramOf: scope };
    if (out.length) return { assigns: out, param: false };
    // Not assigned here: an enclosing function's, then the module's (any time before the call).
    if (scope.kind === 'function' && !name.startsWith(`${this.names.self}.`)) {
      for (let p = scope.parent; p; p = p.parent) {
        if (p.kind === 'class') continue;
        const l = p.assigns.get(name);
        if (l?.length) return p.kind === 'module' ? { assigns: l, param: false } : this.reaching(name, p, Infinity);
        if (p.params.has(name)) return { assigns: [], param: true, paramOf: p };
      }
    }
    return { assigns: [], param: false };
  }

  /** The values an attribute `self.x` of a class is given anywhere (its methods, its body, its in-file bases). */
  attrAssigns(cls: Scope, attr: string, seen = new Set<Scope>()): Assign[] {
    if (seen.has(cls)) return [];
    seen.add(cls);
    const own = cls.attrs.get(attr);
    if (own?.length) return own;
    for (const b of cls.bases) {
      const base = this.classes.get(b);
      if (base) {
        const l = this.attrAssigns(base, attr, seen);
        if (l.length) return l;
      }
    }
    return [];
  }

  /** The class whose method `scope` is (also for nested functions in a method). */
  classOf(scope: Scope): Scope | null {
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.cls) return s.cls;
      if (s.kind === 'class') return s;
    }
    return null;
  }

  /**
   * What a name or `self.x` at `node` holds: the value expressions that may reach it, each with
   * the scope to read it in. Empty when unknown (a parameter, a loop variable, nothing assigned).
   */
  valuesOf(
    node: SyntaxNode,
    scope: Scope,
  ): { values: { node: SyntaxNode; scope: Scope; assign: Assign }[]; param: boolean; complete: boolean } {
    const t = textOf(this.text, node);
    const self = `${this.names.self}.`;
    let assigns: Assign[];
    let param = false;
    if (node.name === 'MemberExpression' && t.startsWith(self) && /^[\w$]+\.[\w$]+$/.test(t)) {
      const cls = this.classOf(scope);
      assigns = cls ? this.attrAssigns(cls, t.slice(self.length)) : [];
      if (!assigns.length) assigns = this.reaching(t, scope, node.from).assigns;
    } else if (node.name === 'VariableName') {
      const r = this.reaching(t, scope, node.from);
      assigns = r.assigns;
      param = r.param;
      // A parameter never reassigned: what every call site in the file passes (`train(model, criterion)`).
      if (param && !assigns.length && r.paramOf) {
        const passed = this.argumentsOf(r.paramOf, t);
        if (passed) return { values: passed, param: false, complete: true };
      }
    } else return { values: [], param: false, complete: false };
    const values = assigns.filter((a) => a.value).map((a) => ({ node: a.value!, scope: a.scope, assign: a }));
    return { values, param, complete: values.length === assigns.length && assigns.length > 0 && !param };
  }

  private callSites: Map<string, { node: SyntaxNode; scope: Scope }[]> | undefined;
  /** What each function parameter receives at its call sites, once worked out. */
  private readonly passed = new Map<string, { node: SyntaxNode; scope: Scope; assign: Assign }[] | undefined>();

  /** Where the module-level statement holding `node` starts. */
  private topLevelStart(node: SyntaxNode): number {
    if (!this.topStarts) {
      this.topStarts = [];
      for (let c = this.tree.topNode.firstChild; c; c = c.nextSibling) this.topStarts.push(c.from);
    }
    // The last top-level statement starting at or before the node.
    let lo = 0;
    let hi = this.topStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.topStarts[mid] <= node.from) lo = mid;
      else hi = mid - 1;
    }
    return this.topStarts[lo] ?? 0;
  }

  private topStarts: number[] | undefined;

  /**
   * The values a function's parameter receives at the file's call sites (`f(x)`, and `self.f(x)`
   * for a method), each read in its caller's scope; undefined unless every call passes it.
   */
  private argumentsOf(
    fn: Scope,
    param: string,
    depth = 0,
  ): { node: SyntaxNode; scope: Scope; assign: Assign }[] | undefined {
    const key = `args:${fn.id}:${param}`;
    if (this.passed.has(key)) return this.passed.get(key);
    if (this.active.has(key) || depth > 4 || !fn.name) return undefined;
    const method = !!fn.cls;
    let index = fn.paramList.indexOf(param);
    if (method) index -= 1;
    if (!this.callSites) {
      this.callSites = new Map();
      for (const c of this.calls) {
        const callee = c.node.firstChild;
        if (!callee) continue;
        const name =
          callee.name === 'VariableName'
            ? textOf(this.text, callee)
            : callee.name === 'MemberExpression' &&
                callee.firstChild?.name === (this.dialect === 'python' ? 'VariableName' : 'this') &&
                textOf(this.text, callee.firstChild) === this.names.self
              ? `${this.names.self}.${textOf(this.text, callee.lastChild)}`
              : '';
        if (!name) continue;
        let l = this.callSites.get(name);
        if (!l) this.callSites.set(name, (l = []));
        l.push(c);
      }
    }
    // A call reaches the definition in effect when its top-level statement runs: the last one before it.
    const defs = method ? [fn] : (this.definitions.get(fn.name) ?? [fn]);
    const inEffect = (at: number): Scope | undefined => {
      let found: Scope | undefined;
      for (const d of defs) {
        if (d.node.from >= at) break;
        found = d;
      }
      return found;
    };
    const sites = (this.callSites.get(method ? `${this.names.self}.${fn.name}` : fn.name) ?? []).filter(
      (c) => method || defs.length === 1 || inEffect(this.topLevelStart(c.node)) === fn,
    );
    if (!sites.length || sites.length > 8) {
      this.passed.set(key, undefined);
      return undefined;
    }
    this.active.add(key);
    try {
      const out: { node: SyntaxNode; scope: Scope; assign: Assign }[] = [];
      for (const site of sites) {
        const args = this.callArgs(site.node);
        const arg = args
          ? (args.keywords.get(param)?.value ?? (index >= 0 ? args.positional[index] : undefined))
          : undefined;
        if (!arg || !args || args.positional.some((a) => a.name === 'Spread')) {
          this.passed.set(key, undefined);
          return undefined;
        }
        if (arg.name === 'VariableName') {
          const inner = this.valuesOf(arg, site.scope);
          if (!inner.complete) {
            this.passed.set(key, undefined);
            return undefined;
          }
          out.push(...inner.values);
        } else {
          const stmt = this.statementOf(site.node);
          out.push({
            node: arg,
            scope: site.scope,
            assign: { name: '', value: arg, from: stmt.from, to: stmt.from, stmt, scope: site.scope },
          });
        }
      }
      this.passed.set(key, out);
      return out;
    } finally {
      this.active.delete(key);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Kinds

  /** What `node` (an expression in `scope`) is, when the code says; undefined when it does not. */
  kindOf(node: SyntaxNode | null | undefined, scope: Scope, depth = 0): Kind | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    // A node is its start, end and type: nested member expressions share a start and a type. As
    // one number while that is exact (files under 4 MB; the grammars have < 512 node types).
    const key =
      this.text.length < 4_000_000
        ? (node.from * 4_000_000 + node.to) * 512 + node.type.id
        : `${node.from}:${node.to}:${node.type.id}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (this.active.has(key)) return undefined;
    this.active.add(key);
    let k: Kind | undefined;
    try {
      k = this.computeKind(node, scope, depth + 1);
    } finally {
      this.active.delete(key);
    }
    this.memo.set(key, k ?? null);
    return k;
  }

  private span(n: SyntaxNode): Span {
    return { from: n.from, to: n.to };
  }

  private computeKind(node: SyntaxNode, scope: Scope, depth: number): Kind | undefined {
    switch (node.name) {
      case 'ParenthesizedExpression':
      case 'AwaitExpression': {
        const inner = node.name === 'AwaitExpression' ? node.lastChild : node.firstChild?.nextSibling;
        return this.kindOf(inner, scope, depth);
      }
      case 'ConditionalExpression': {
        const parts = children(node).filter(
          (c) => c.name !== 'if' && c.name !== 'else' && c.name !== '?' && c.name !== ':' && c.name !== 'LogicOp',
        );
        return parts.length === 3
          ? combine([this.kindOf(parts[0], scope, depth), this.kindOf(parts[2], scope, depth)])
          : undefined;
      }
      case 'BinaryExpression':
        return this.binaryKind(node, scope, depth);
      case 'CallExpression':
        return this.callKind(node, scope, depth);
      case 'MemberExpression':
        return this.memberKind(node, scope, depth);
      case 'VariableName':
        return this.nameKind(node, scope, depth);
      default:
        return undefined;
    }
  }

  private binaryKind(node: SyntaxNode, scope: Scope, depth: number): Kind | undefined {
    const [left, op, right] = children(node);
    if (!left || !op || !right) return undefined;
    const o = textOf(this.text, op);
    const l = this.kindOf(left, scope, depth);
    // logits / T (temperature), logits * scale: still scores.
    if ((o === '/' || o === '*') && l?.k === 'logits') return { ...l, via: undefined };
    // p + eps, p - eps: still a probability, for log(p + eps).
    if ((o === '+' || o === '-') && l?.k === 'probs' && this.literal(right) !== undefined) return l;
    return undefined;
  }

  private origin(call: SyntaxNode, scope: Scope, identNode?: SyntaxNode | null): Origin {
    const args = this.callArgs(call);
    const first = args?.positional[0];
    const stmt = this.statementOf(call);
    return {
      call: this.span(call),
      ...(first
        ? {
            inner: {
              from: first.from,
              to: first.to,
              text: textOf(this.text, first),
              isName: first.name === 'VariableName',
            },
          }
        : {}),
      ...(identNode ? { ident: this.span(identNode) } : {}),
      scopeId: scope.id,
      statementEnd: stmt.to,
    };
  }

  private callKind(call: SyntaxNode, scope: Scope, depth: number): Kind | undefined {
    const callee = call.firstChild;
    if (!callee) return undefined;
    const path = this.calleePath(callee, scope);
    if (path !== undefined) {
      const fromPath = this.pathCallKind(path, call, callee, scope, depth);
      if (fromPath !== undefined) return fromPath;
    }
    if (callee.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName' && path === undefined) {
      const method = textOf(this.text, callee.lastChild);
      const obj = callee.firstChild;
      const act = ACTIVATION_METHODS.get(method);
      if (act) return activationKind(act, this.span(call), this.methodOrigin(call, obj, scope, callee.lastChild));
      if (method === 'log') {
        const inner = this.kindOf(obj, scope, depth);
        return inner?.k === 'probs' ? { k: 'logprobs', act: 'log', at: this.span(call) } : undefined;
      }
      if (
        KIND_PRESERVING_METHODS.has(method) ||
        FLOAT_CASTS.has(method) ||
        INT_CASTS.has(method) ||
        method === 'data'
      ) {
        const inner = this.kindOf(obj, scope, depth);
        if (!inner) return undefined;
        if (inner.k === 'onehot') {
          // .float(), .to(torch.float32), .type(torch.FloatTensor): now floats; .long(), .to(torch.int64): integers.
          const cast = method === 'to' || method === 'type' ? textOf(this.text, call.lastChild) : method;
          if (FLOAT_CASTS.has(method) || /float|double|half|bfloat/i.test(cast)) return { ...inner, dtype: 'float' };
          if (INT_CASTS.has(method) || /long|int\d*|uint/i.test(cast)) return { ...inner, dtype: 'int' };
        }
        return inner;
      }
      // labels.masked_fill(mask, -100): a constant put into a label tensor.
      if (method === 'masked_fill') {
        const v = this.literal(this.callArgs(call)?.positional[1]);
        return typeof v === 'number' ? { k: 'padded', value: v, at: this.span(call) } : undefined;
      }
      // tfjs layers: layer.apply(x)
      if (method === 'apply' && this.dialect === 'script' && obj) return this.outputOf(obj, scope, depth, call.from);
    }
    // A module, layer, model or function called: what it ends with.
    return this.outputOf(callee, scope, depth, call.from);
  }

  /** `x.softmax(1)`: the origin is the method call, the value before it is `x`. */
  private methodOrigin(call: SyntaxNode, obj: SyntaxNode | null, scope: Scope, ident: SyntaxNode | null): Origin {
    const stmt = this.statementOf(call);
    return {
      call: this.span(call),
      ...(obj
        ? { inner: { from: obj.from, to: obj.to, text: textOf(this.text, obj), isName: obj.name === 'VariableName' } }
        : {}),
      ...(ident ? { ident: this.span(ident) } : {}),
      scopeId: scope.id,
      statementEnd: stmt.to,
    };
  }

  private pathCallKind(
    path: string,
    call: SyntaxNode,
    callee: SyntaxNode,
    scope: Scope,
    depth: number,
  ): Kind | undefined {
    const act = ACTIVATION_FUNCTIONS.get(path);
    if (act)
      return activationKind(
        act,
        this.span(call),
        this.origin(call, scope, callee.name === 'MemberExpression' ? callee.lastChild : callee),
      );
    const args = this.callArgs(call);
    if (LOG_FUNCTIONS.has(path)) {
      const inner = this.kindOf(args?.positional[0], scope, depth);
      return inner?.k === 'probs' ? { k: 'logprobs', act: 'log', at: this.span(call) } : undefined;
    }
    const hot = ONE_HOT_FUNCTIONS.get(path);
    if (hot) return { k: 'onehot', dtype: hot, at: this.span(call), origin: this.origin(call, scope) };
    if (SMOOTHING_FUNCTIONS.has(path)) return { k: 'smoothed', at: this.span(call) };
    const pad = PAD_FUNCTIONS.get(path);
    if (pad && args) {
      const v = this.literal(this.arg(args, pad.index, [pad.keyword]));
      const value =
        v === undefined ? (args.keywords.has(pad.keyword) || args.positional[pad.index] ? undefined : 0) : v;
      return typeof value === 'number' ? { k: 'padded', value, at: this.span(call) } : undefined;
    }
    // TensorFlow 1's functional layer: tf.layers.dense(inputs, units, activation=None)
    if (path === 'tensorflow.layers.dense' && args) return this.layerActivation(args, 2, call);
    return undefined;
  }

  /** The kind of what a layer with an `activation` argument outputs; logits without one. */
  private layerActivation(args: CallArgs, index: number, at: SyntaxNode, width?: number): Kind | undefined {
    const a = this.arg(args, index, ['activation']);
    const w = width !== undefined ? { width } : {};
    if (!a) return { k: 'logits', why: 'layer', at: this.span(at), ...w };
    const lit = this.literal(a);
    if (lit === null) return { k: 'logits', why: 'layer', at: this.span(at), ...w };
    let name: string | undefined;
    if (typeof lit === 'string') name = lit;
    else {
      const p = this.pathOf(a);
      const fn = p ? ACTIVATION_FUNCTIONS.get(p) : undefined;
      if (fn) name = fn;
      else if (p === 'keras.activations.linear' || p === 'tensorflow.identity') name = 'linear';
    }
    const act = name ? ACTIVATION_NAMES.get(name) : undefined;
    if (!act) return undefined;
    if (act === 'linear') return { k: 'logits', why: 'layer', at: this.span(at), ...w };
    return activationKind(act, this.span(at));
  }

  /** What a callable value outputs when called: a construction, an instance, a model, a function. */
  outputOf(callee: SyntaxNode, scope: Scope, depth: number, at: number): Kind | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (callee.name === 'CallExpression') return this.constructionOutput(callee, scope, depth + 1, undefined);
    if (callee.name === 'ParenthesizedExpression')
      return this.outputOf(callee.firstChild?.nextSibling ?? callee, scope, depth + 1, at);
    if (callee.name === 'MemberExpression' && callee.lastChild?.name === ']') {
      // self.layers[-1](x): an element of a container is unknown.
      return undefined;
    }
    const name = textOf(this.text, callee);
    if (
      callee.name === 'VariableName' ||
      (callee.name === 'MemberExpression' && name.startsWith(`${this.names.self}.`))
    ) {
      const { values } = this.valuesOf(callee, scope);
      if (values.length) {
        const kinds = values.map((v) => this.valueOutput(v.node, v.scope, depth + 1, v.assign, at));
        const k = combine(kinds);
        if (k) return k;
        if (kinds.some((x) => x === undefined)) return undefined;
      }
      // A function or class defined in the file, called by name.
      if (callee.name === 'VariableName') {
        const fn = this.functions.get(name);
        if (fn && !values.length) return this.returnKind(fn, depth + 1);
        const cls = this.classes.get(name);
        if (cls && !values.length) return undefined; // Cls(x) builds an instance
        if (!values.length) return this.soleModelOutput(name, depth + 1);
      } else if (!values.length) return this.soleModelOutput(name, depth + 1);
    }
    return undefined;
  }

  /** What calling the value of `value` (what a name was assigned) outputs. */
  private valueOutput(value: SyntaxNode, scope: Scope, depth: number, assign: Assign, at: number): Kind | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (value.name === 'CallExpression') {
      // model = Net().to(device)
      let v = value;
      for (;;) {
        const c = v.firstChild;
        if (
          c?.name === 'MemberExpression' &&
          c.lastChild?.name === 'PropertyName' &&
          MODEL_PASSTHROUGH.has(textOf(this.text, c.lastChild)) &&
          c.firstChild?.name === 'CallExpression'
        )
          v = c.firstChild;
        else break;
      }
      const calleeNode = v.firstChild;
      // model = build_model(): what the function returns is the model.
      if (
        calleeNode?.name === 'VariableName' &&
        this.functions.has(textOf(this.text, calleeNode)) &&
        !this.classes.has(textOf(this.text, calleeNode))
      ) {
        const fn = this.functions.get(textOf(this.text, calleeNode))!;
        return combine(fn.returns.map((r) => this.returnedModelOutput(r, fn, depth + 1)));
      }
      return this.constructionOutput(v, scope, depth + 1, this.boundAt(assign, at));
    }
    if (value.name === 'VariableName' || value.name === 'MemberExpression')
      return this.outputOf(value, scope, depth + 1, value.from);
    return undefined;
  }

  /**
   * Where a model bound by `assign` is that model, for the `.add()` calls that build it: from the
   * assignment to the name's next assignment, and (in the same scope) before its use at `at`
   * (`model = Sequential()` is reused for one model after another in notebooks).
   */
  private boundAt(assign: Assign, at: number): Bound {
    const next = (assign.scope.assigns.get(assign.name) ?? []).find((a) => a.from >= assign.to);
    const until = Math.min(next ? next.from : Infinity, at >= assign.to ? at : Infinity);
    return { name: assign.name, scope: assign.scope, from: assign.to, until };
  }

  /** A function that returns a model (`return model`): that model's output. */
  private returnedModelOutput(ret: SyntaxNode, fn: Scope, depth: number): Kind | undefined {
    if (ret.name === 'VariableName') {
      const { values } = this.valuesOf(ret, fn);
      return combine(values.map((v) => this.valueOutput(v.node, v.scope, depth + 1, v.assign, ret.from)));
    }
    if (ret.name === 'CallExpression') return this.constructionOutput(ret, fn, depth + 1, undefined);
    return undefined;
  }

  /**
   * What a constructed module outputs: `nn.Linear(..)`, `layers.Dense(10, activation=...)`,
   * `nn.Sequential(...)` (its last layer, or the last `.add()` on the name it is bound to),
   * `keras.Model(inputs, outputs)`, an in-file model class.
   */
  constructionOutput(construct: SyntaxNode, scope: Scope, depth: number, bound: Bound | undefined): Kind | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const callee = construct.firstChild;
    if (!callee) return undefined;
    const args = this.callArgs(construct);
    const path = this.pathOf(callee);
    if (path !== undefined) {
      const act = ACTIVATION_MODULES.get(path);
      if (act) return activationKind(act, this.span(construct));
      if (KERAS_ACTIVATION_LAYERS.has(path) && args) {
        const name = this.literal(this.arg(args, 0, ['activation']));
        const a = typeof name === 'string' ? ACTIVATION_NAMES.get(name) : undefined;
        if (a === 'linear') return { k: 'logits', why: 'layer', at: this.span(construct) };
        return a ? activationKind(a, this.span(construct)) : undefined;
      }
      if (LINEAR_LAYERS.has(path) && args) {
        // nn.Linear(in, out) has no activation; Dense(units, activation); tfjs dense({units, activation})
        if (path.startsWith('torch.') || path === 'haiku.Linear') {
          const w = this.literal(this.arg(args, path === 'haiku.Linear' ? 0 : 1, ['out_features', 'output_size']));
          return {
            k: 'logits',
            why: 'layer',
            at: this.span(construct),
            ...(typeof w === 'number' ? { width: w } : {}),
          };
        }
        const w = this.literal(this.arg(args, 0, ['units', 'features']));
        return this.layerActivation(args, 1, construct, typeof w === 'number' ? w : undefined);
      }
      if (SEQUENTIAL_CONTAINERS.has(path)) return this.sequentialOutput(args, scope, depth, bound);
      if (FUNCTIONAL_MODELS.has(path) && args) return this.kindOf(this.arg(args, 1, ['outputs']), scope, depth);
      return undefined;
    }
    // An in-file class: its forward() / call() decides.
    if (callee.name === 'VariableName') {
      const cls = this.classes.get(textOf(this.text, callee));
      if (cls) return this.classOutput(cls, depth + 1);
    }
    return undefined;
  }

  private sequentialOutput(
    args: CallArgs | undefined,
    scope: Scope,
    depth: number,
    bound: Bound | undefined,
  ): Kind | undefined {
    let layers: SyntaxNode[] = [];
    if (args) {
      const list = this.arg(args, -1, ['layers']) ?? args.positional[0];
      if (list && (list.name === 'ArrayExpression' || list.name === 'TupleExpression'))
        layers = children(list).filter(
          (c) => c.name !== '[' && c.name !== ']' && c.name !== ',' && c.name !== '(' && c.name !== ')',
        );
      else if (this.dialect === 'python' && args.positional.length && args.positional[0].name !== 'ArrayExpression')
        layers = args.positional; // nn.Sequential(a, b, c)
    }
    if (bound) {
      const adds = (bound.scope.methodCalls.get(`${bound.name}.add`) ?? []).filter(
        (a) => a.from >= bound.from && a.from < bound.until,
      );
      for (const add of adds) {
        const a = this.callArgs(add)?.positional[0];
        if (a) layers.push(a);
      }
    }
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      if (layer.name === 'CallExpression') {
        const p = this.pathOf(layer.firstChild);
        if (p && TRANSPARENT_LAYERS.has(p)) continue;
        return this.constructionOutput(layer, scope, depth + 1, undefined);
      }
      // A layer built earlier and named: self.fc, head
      const { values } = this.valuesOf(layer, scope);
      return combine(
        values.map((v) =>
          v.node.name === 'CallExpression' ? this.constructionOutput(v.node, v.scope, depth + 1, undefined) : undefined,
        ),
      );
    }
    return undefined;
  }

  /** What an in-file model class outputs: its forward (PyTorch), call (Keras) or __call__, or a base's. */
  classOutput(cls: Scope, depth: number): Kind | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const key = `class:${cls.id}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? undefined;
    if (this.active.has(key)) return undefined;
    this.active.add(key);
    let k: Kind | undefined;
    try {
      const method = cls.methods.get('forward') ?? cls.methods.get('call') ?? cls.methods.get('__call__');
      if (method) k = this.returnKind(method, depth + 1);
      else {
        for (const b of cls.bases) {
          const base = this.classes.get(b);
          if (base) {
            k = this.classOutput(base, depth + 1);
            break;
          }
        }
      }
    } finally {
      this.active.delete(key);
    }
    if (k && k.k === 'logits') k = { ...k, why: 'model' };
    this.memo.set(key, k ?? null);
    return k;
  }

  /** What every return of a function agrees on. */
  returnKind(fn: Scope, depth: number): Kind | undefined {
    if (!fn.returns.length) return undefined;
    return combine(fn.returns.map((r) => this.kindOf(r, fn, depth + 1)));
  }

  /**
   * A model called through a parameter (`def train(model, ...)`: `output = model(data)`): when
   * the file defines exactly one model class and builds it, that is the model.
   */
  private soleModelOutput(name: string, depth: number): Kind | undefined {
    const last = name.split('.').pop() ?? name;
    if (!/^(model|net|network|classifier|student)$/i.test(last)) return undefined;
    if (this.soleModel === undefined) {
      const models = [...this.classes.values()].filter(
        (c) => (c.methods.has('forward') || c.methods.has('call')) && !/loss|criterion/i.test(c.name),
      );
      const cls = models.length === 1 ? models[0] : undefined;
      const built =
        !!cls &&
        this.calls.some(
          (c) => c.node.firstChild?.name === 'VariableName' && textOf(this.text, c.node.firstChild) === cls.name,
        );
      this.soleModel = cls && built ? { cls } : null;
    }
    return this.soleModel ? this.classOutput(this.soleModel.cls, depth + 1) : undefined;
  }

  private memberKind(node: SyntaxNode, scope: Scope, depth: number): Kind | undefined {
    const obj = node.firstChild;
    const last = node.lastChild;
    if (!obj || !last) return undefined;
    if (last.name === ']') {
      // torch.eye(C)[y]: a float one-hot
      if (obj.name === 'CallExpression' && EYE_FUNCTIONS.has(this.pathOf(obj.firstChild) ?? ''))
        return { k: 'onehot', dtype: 'float', at: this.span(node) };
      const k = this.kindOf(obj, scope, depth);
      return k && k.k !== 'padded' ? k : k;
    }
    if (last.name !== 'PropertyName') return undefined;
    const prop = textOf(this.text, last);
    if (prop === 'data') return this.kindOf(obj, scope, depth);
    const t = textOf(this.text, node);
    if (t.startsWith(`${this.names.self}.`) && /^[\w$]+\.[\w$]+$/.test(t)) {
      const { values } = this.valuesOf(node, scope);
      if (values.length) {
        const k = combine(values.map((v) => this.kindOf(v.node, v.scope, depth + 1)));
        if (k) return this.through(k, node, scope, values.length === 1 ? values[0] : undefined);
        return undefined;
      }
    }
    // outputs.logits (Hugging Face), self.logits: named what they are.
    if (LOGIT_NAME.test(prop)) return { k: 'logits', why: 'name', at: this.span(node) };
    return undefined;
  }

  private nameKind(node: SyntaxNode, scope: Scope, depth: number): Kind | undefined {
    const { values, param } = this.valuesOf(node, scope);
    const name = textOf(this.text, node);
    if (!values.length) return param || !scope.assigns.has(name) ? this.nameHeuristic(node) : undefined;
    const kinds = values.map((v) => this.kindOf(v.node, v.scope, depth + 1));
    if (param) kinds.push(this.nameHeuristic(node));
    // Nothing known of any value: the name is the only evidence left (`logits = head(h)`).
    if (kinds.every((x) => x === undefined)) return this.nameHeuristic(node);
    // The assignment every path goes through comes last: name its line, not a branch's.
    const k = combine([...kinds].reverse());
    return k ? this.through(k, node, scope, values.length === 1 ? values[0] : undefined) : undefined;
  }

  /** A kind seen through a name: remember the name, and whether its assignment was the activation itself. */
  private through(
    k: Kind,
    token: SyntaxNode,
    scope: Scope,
    single: { node: SyntaxNode; scope: Scope } | undefined,
  ): Kind {
    const direct =
      !!single &&
      !k.via &&
      'origin' in k &&
      !!k.origin &&
      k.origin.call.from === single.node.from &&
      k.origin.call.to === single.node.to &&
      single.scope === scope;
    return { ...k, via: { token: this.span(token), chained: !direct, scopeId: scope.id } };
  }

  private nameHeuristic(node: SyntaxNode): Kind | undefined {
    return LOGIT_NAME.test(textOf(this.text, node)) ? { k: 'logits', why: 'name', at: this.span(node) } : undefined;
  }

  /** Is `name` assigned in `scope` between two offsets (so a fix naming it would read a different value)? */
  assignedBetween(name: string, scope: Scope, from: number, to: number): boolean {
    return (scope.assigns.get(name) ?? []).some((a) => a.from >= from && a.from < to);
  }

  /**
   * The name under an expression's views, casts and subscripts: `labels` in
   * `labels.view(-1).long()`, `y[:, 0]`, `batch.labels`.
   */
  rootOf(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
    let n = node ?? undefined;
    for (let i = 0; n && i < 16; i++) {
      if (n.name === 'VariableName') return n;
      if (n.name === 'CallExpression') {
        const c = n.firstChild;
        if (c?.name !== 'MemberExpression' || c.lastChild?.name !== 'PropertyName') return undefined;
        n = c.firstChild ?? undefined;
      } else if (n.name === 'MemberExpression') {
        if (n.lastChild?.name === 'PropertyName') return n.lastChild;
        n = n.firstChild ?? undefined;
      } else if (n.name === 'ParenthesizedExpression') n = n.firstChild?.nextSibling ?? undefined;
      else return undefined;
    }
    return undefined;
  }

  rootName(node: SyntaxNode | null | undefined): string | undefined {
    const r = this.rootOf(node);
    return r ? textOf(this.text, r) : undefined;
  }
}

/** Names that say raw scores: logits, pred_logits, logit, clsLogits. */
const LOGIT_NAME = /^(?:[A-Za-z0-9]*_)*logits?(?:_[A-Za-z0-9]*)*$|^[a-z][A-Za-z0-9]*Logits?$/;

const enum Role {
  Other,
  Function,
  Class,
  Assign,
  Binding,
  Return,
  Call,
  Comment,
  Leaf,
}

const ROLE_NAMES: Record<Dialect, Record<string, Role>> = {
  python: {
    FunctionDefinition: Role.Function,
    ClassDefinition: Role.Class,
    AssignStatement: Role.Assign,
    UpdateStatement: Role.Assign,
    ForStatement: Role.Binding,
    WithStatement: Role.Binding,
    ReturnStatement: Role.Return,
    CallExpression: Role.Call,
    Comment: Role.Comment,
    String: Role.Leaf,
    FormatString: Role.Leaf,
    Number: Role.Leaf,
  },
  script: {
    FunctionDeclaration: Role.Function,
    FunctionExpression: Role.Function,
    ArrowFunction: Role.Function,
    MethodDeclaration: Role.Function,
    ClassDeclaration: Role.Class,
    ClassExpression: Role.Class,
    VariableDeclaration: Role.Assign,
    AssignmentExpression: Role.Assign,
    ReturnStatement: Role.Return,
    CallExpression: Role.Call,
    LineComment: Role.Comment,
    BlockComment: Role.Comment,
    String: Role.Leaf,
    TemplateString: Role.Leaf,
    Number: Role.Leaf,
  },
};

const roleTables: Partial<Record<Dialect, Uint8Array>> = {};

/** Each node type's role, by type id: one array lookup per node in the walk. */
function rolesOf(dialect: Dialect): Uint8Array {
  let table = roleTables[dialect];
  if (!table) {
    const names = ROLE_NAMES[dialect];
    const types = (dialect === 'python' ? pythonParser() : scriptParser('typescript', false)).nodeSet.types;
    table = new Uint8Array(types.length);
    for (const t of types) table[t.id] = names[t.name] ?? Role.Other;
    roleTables[dialect] = table;
  }
  return table;
}
