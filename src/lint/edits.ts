/**
 * The text edits behind the quick fixes, built only where they are safe: they change the loss
 * call, its construction or an activation written inside its argument, never what a name holds
 * for the rest of the code. Pure.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Kind } from './kinds';
import type { CallArgs, KwArg, Program, Scope } from './program';
import type { Span, TextEdit } from './types';

/** The quote the file's call uses already, or a single quote. */
function quoteOf(text: string, args: CallArgs | undefined): string {
  const s = args ? text.slice(args.list.from, args.list.to) : '';
  const m = /['"]/.exec(s);
  return m ? m[0] : "'";
}

/**
 * Sets `name=value` in a Python call: replaces the value when the keyword is there, else appends
 * the keyword before the closing parenthesis.
 */
export function setKeyword(args: CallArgs, name: string, value: string): TextEdit[] {
  const kw = args.keywords.get(name);
  if (kw) return [{ from: kw.value.from, to: kw.value.to, insert: value }];
  const close = args.list.lastChild;
  if (!close || close.name !== ')') return [];
  const items = [...args.positional, ...[...args.keywords.values()].map((k) => k.value)];
  if (items.length === 0) return [{ from: close.from, to: close.from, insert: `${name}=${value}` }];
  const last = items.reduce((a, b) => (b.to > a.to ? b : a));
  // After the last argument (a trailing comma stays where it is).
  return [{ from: last.to, to: last.to, insert: `, ${name}=${value}` }];
}

/** A string literal in the call's quote style. */
export function quoted(text: string, args: CallArgs | undefined, value: string): string {
  const q = quoteOf(text, args);
  return `${q}${value}${q}`;
}

/** Removes a keyword argument and the comma that separates it. */
export function removeKeyword(text: string, args: CallArgs, kw: KwArg): TextEdit[] {
  const parts: SyntaxNode[] = [];
  for (let c = args.list.firstChild; c; c = c.nextSibling) parts.push(c);
  // The comma before it, or after it when it is first.
  const before = parts.filter((p) => p.name === ',' && p.to <= kw.span.from).pop();
  if (before) return [{ from: before.from, to: kw.span.to, insert: '' }];
  const after = parts.find((p) => p.name === ',' && p.from >= kw.span.to);
  if (after) {
    let end = after.to;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    return [{ from: kw.span.from, to: end, insert: '' }];
  }
  return [{ from: kw.span.from, to: kw.span.to, insert: '' }];
}

export function rename(span: Span, name: string): TextEdit[] {
  return [{ from: span.from, to: span.to, insert: name }];
}

/** Expressions that can stand where a call stood without parentheses. */
const ATOMIC = new Set([
  'VariableName',
  'MemberExpression',
  'CallExpression',
  'ParenthesizedExpression',
  'Number',
  'String',
]);

/**
 * Takes an activation (or one-hot) out of a loss argument: `F.softmax(out, 1)` written inside the
 * argument becomes `out`; `probs` (assigned `F.softmax(logits, 1)` just before, in the same
 * function, with `logits` unchanged since) becomes `logits`. Undefined when neither holds.
 */
export function unwrap(program: Program, kind: Kind, useScope: Scope, use: Span): TextEdit[] | undefined {
  const origin = 'origin' in kind ? kind.origin : undefined;
  if (!origin?.inner) return undefined;
  const inner = origin.inner;
  if (!kind.via) {
    if (origin.scopeId !== useScope.id || origin.call.from < use.from || origin.call.to > use.to) return undefined;
    // Inside the loss call's own argument: the call is replaced by what it was applied to.
    const innerNode = program.tree.resolveInner(inner.from, 1);
    let n: SyntaxNode | null = innerNode;
    while (n && n.parent && n.parent.from === inner.from && n.parent.to === inner.to) n = n.parent;
    const atomic = n && ATOMIC.has(n.name);
    const followed = /^\s*[.[]/.test(program.text.slice(origin.call.to, origin.call.to + 3));
    if (!atomic && followed) return [{ from: origin.call.from, to: origin.call.to, insert: `(${inner.text})` }];
    return [{ from: origin.call.from, to: origin.call.to, insert: inner.text }];
  }
  if (kind.via.chained || !inner.isName || kind.via.scopeId !== useScope.id || origin.scopeId !== useScope.id)
    return undefined;
  // `output = F.softmax(output, 1)`: the name no longer holds what the softmax was applied to.
  if (program.text.slice(kind.via.token.from, kind.via.token.to) === inner.text) return undefined;
  if (program.assignedBetween(inner.text, useScope, origin.statementEnd, use.from)) return undefined;
  return [{ from: kind.via.token.from, to: kind.via.token.to, insert: inner.text }];
}

/** Renames the activation where it is written inside the loss argument (`softmax` → `log_softmax`); never through a name. */
export function renameActivation(kind: Kind, useScope: Scope, use: Span, name: string): TextEdit[] | undefined {
  const origin = 'origin' in kind ? kind.origin : undefined;
  if (
    kind.via ||
    !origin?.ident ||
    origin.scopeId !== useScope.id ||
    origin.call.from < use.from ||
    origin.call.to > use.to
  )
    return undefined;
  return rename(origin.ident, name);
}
