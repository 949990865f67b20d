/** What the lint can tell about a value by reading the code that made it. Pure. */
import type { Activation } from './knowledge';
import type { Span } from './types';

/** Where an activation (or a one-hot) was applied, for the message and for a fix that removes it. */
export type Origin = {
  /** The call that applied it: `F.softmax(out, dim=1)`. */
  call: Span;
  /** Its first argument, when it has one: what the value was before. */
  inner?: Span & { text: string; isName: boolean };
  /** The function's last name (`softmax` in `F.softmax`), for a fix that renames it. */
  ident?: Span;
  /** The scope the call is in, and where its statement ends. */
  scopeId: number;
  statementEnd: number;
};

export type Kind =
  | { k: 'probs'; act: 'softmax' | 'sigmoid'; at: Span; origin?: Origin; via?: Via }
  | { k: 'logprobs'; act: 'log_softmax' | 'log_sigmoid' | 'log'; at: Span; origin?: Origin; via?: Via }
  /** Raw scores: the output of a layer with no activation, of such a model, or a value named so. */
  | { k: 'logits'; why: 'layer' | 'model' | 'name'; at: Span; width?: number; via?: Via }
  | { k: 'onehot'; dtype: 'int' | 'float'; at: Span; origin?: Origin; via?: Via }
  | { k: 'smoothed'; at: Span; via?: Via }
  /** A label tensor padded or masked with a constant. */
  | { k: 'padded'; value: number; at: Span; via?: Via };

/** How the value reached its use: through a name (`probs`), and whether through more than one assignment. */
type Via = { token: Span; chained: boolean; scopeId: number };

export function activationKind(act: Activation, at: Span, origin?: Origin): Kind {
  return act === 'softmax' || act === 'sigmoid'
    ? { k: 'probs', act, at, ...(origin ? { origin } : {}) }
    : { k: 'logprobs', act, at, ...(origin ? { origin } : {}) };
}

/** Kinds agree when they are the same sort of value (origins may differ). */
function sameKind(a: Kind, b: Kind): boolean {
  if (a.k !== b.k) return false;
  if (a.k === 'probs' && b.k === 'probs') return a.act === b.act;
  if (a.k === 'onehot' && b.k === 'onehot') return a.dtype === b.dtype;
  if (a.k === 'padded' && b.k === 'padded') return a.value === b.value;
  return true;
}

/** What every possible value agrees on, or undefined when they differ or any is unknown. */
export function combine(kinds: readonly (Kind | undefined)[]): Kind | undefined {
  if (kinds.length === 0) return undefined;
  const first = kinds[0];
  if (!first) return undefined;
  for (const k of kinds) if (!k || !sameKind(first, k)) return undefined;
  return first;
}
