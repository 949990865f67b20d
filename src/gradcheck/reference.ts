/**
 * Comparing a user's loss VALUE with the engine's reference (the issue "Catch the losses a gradient
 * check cannot"): a loss whose gradient matches its own formula can still be the wrong formula
 * (the cross-entropy without its minus sign passes every gradient check). When a loss reads as a
 * catalog loss (its name, its docstring, or `# gradcheck: ref=huber delta=1.0`), its values at the
 * check's trial points are compared with the catalog loss under the conventions people use
 * legitimately (mean or sum, per-element, the ½ of l2_loss, logits or probabilities, argument
 * order), and the report says which one matched, or how it differs.
 */
import { evaluate, type Tensor } from '../engine';
import { wordParts } from './names';
import { formatNumber } from './report';
import { M, msg, type Message } from './messages';
import type { WireArg, WireArray } from './runners/protocol';
import type { DiscoveredLoss } from './types';

export type ReferenceSpec = { id: string; params: Record<string, number | boolean> };

/** Errors e = prediction − target at which a regression loss is probed (every element at the same e). */
export const REFERENCE_ERRORS = [-3, -1.5, -0.75, -0.25, 0.25, 0.75, 1.5, 3];
const REGRESSION_IDS = new Set(['mse', 'l1', 'huber', 'smooth_l1', 'log_cosh', 'quantile']);

/** The contract's `reference` record, with the message still to be rendered. */
export type Reference = ReferenceSpec & { convention: string; agrees: boolean; text: Message };

type Inputs = { pred: WireArray; target: WireArray; userParams: Record<string, number> };

/** A way to compute the reference from the user's inputs: its name and its value. */
type Convention = { name: string; value: (i: Inputs) => number };

const FRAMEWORK: Record<string, string> = { categorical_crossentropy: 'Keras' };

/** Catalog parameters by the names users give them. */
const PARAM_ALIASES: Record<string, string[]> = {
  delta: ['delta', 'huber_delta'],
  beta: ['beta'],
  q: ['q', 'quantile', 'tau'],
  alpha: ['alpha'],
  gamma: ['gamma'],
  smooth: ['smooth'],
  label_smoothing: ['label_smoothing', 'smooth_factor', 'lb_smooth', 'smoothing'],
};

/** Which catalog loss a user's loss reads as, from its name (and class name), or its docstring. */
export function referenceOf(loss: DiscoveredLoss): ReferenceSpec | null {
  const annotated = loss.annotation?.ref;
  if (annotated === 'none') return null;
  if (annotated) return { id: annotated, params: loss.annotation?.refParams ?? {} };
  // An autograd.Function is an operation inside a loss; its output is checked through random weights, not as the loss.
  if (loss.base === 'autograd.Function') return null;
  const words = [
    ...wordParts(loss.name),
    ...(loss.className ? wordParts(loss.className) : []),
    ...(loss.objectName ? wordParts(loss.objectName) : []),
  ];
  const has = (...w: string[]): boolean => w.every((x) => words.includes(x));
  // `l2_loss`, `L1Loss`: word parts split at digits, so these are read from the name itself.
  const raw = [loss.name, loss.className ?? '', loss.objectName ?? ''].join(' ').toLowerCase();
  const norm = (n: 1 | 2): boolean => new RegExp(`(^|[^a-z0-9])l${n}(?![0-9])`).test(raw);
  const any = (...w: string[]): boolean => w.some((x) => words.includes(x));
  // Model-parameter losses (W, X, y) and losses of several tensors are not a catalog loss's call.
  if (
    any(
      'svm',
      'triplet',
      'contrastive',
      'center',
      'dice',
      'tversky',
      'jaccard',
      'lovasz',
      'vae',
      'kld',
      'supcon',
      'regularization',
      'regularized',
    )
  )
    return null;
  if (any('huber')) return { id: 'huber', params: {} };
  if (any('smooth') && norm(1)) return { id: 'smooth_l1', params: {} };
  if (any('logcosh') || has('log', 'cosh')) return { id: 'log_cosh', params: {} };
  if (any('quantile', 'pinball')) return { id: 'quantile', params: {} };
  if (any('focal')) return { id: 'focal', params: {} };
  if (has('squared', 'hinge')) return { id: 'squared_hinge', params: {} };
  if (any('hinge')) return { id: 'hinge', params: {} };
  if (
    norm(2) ||
    any('mse') ||
    has('mean', 'squared') ||
    has('squared', 'error') ||
    has('square', 'loss') ||
    has('squared', 'loss')
  )
    return { id: 'mse', params: {} };
  if (norm(1) || any('mae') || has('absolute', 'error') || has('mean', 'absolute')) return { id: 'l1', params: {} };
  if (any('bce') || has('binary', 'cross') || has('binary', 'crossentropy') || has('log', 'loss') || any('logloss'))
    return { id: 'bce', params: {} };
  if (any('nll')) return any('smoothed', 'smooth') ? null : { id: 'nll', params: {} };
  if (any('kl', 'kld') || has('kl', 'div')) return { id: 'kl_div', params: {} };
  if (any('ce', 'xent', 'crossentropy') || has('cross', 'entropy') || has('softmax', 'loss'))
    return { id: 'cross_entropy', params: {} };
  return null;
}

const tensor = (a: WireArray): Tensor => ({ shape: a.shape, data: Float64Array.from(a.data) });

const value = (
  id: string,
  input: Tensor,
  target: Tensor,
  params: Record<string, number | boolean>,
  reduction: 'mean' | 'sum' | 'batchmean',
): number => {
  const r = evaluate({ loss: id, input, target, params, reduction });
  return r.loss as number;
};

const logit = (p: Tensor): Tensor => ({ shape: p.shape, data: p.data.map((x) => Math.log(x / (1 - x))) });
const logOf = (p: Tensor): Tensor => ({ shape: p.shape, data: p.data.map((x) => Math.log(x)) });

/** The conventions to try for a catalog loss, given what kind of inputs the recipe drew. */
function conventions(
  spec: ReferenceSpec,
  recipe: string,
  params: (i: Inputs) => Record<string, number | boolean>,
): Convention[] {
  const id = spec.id;
  const out: Convention[] = [];
  const add = (name: string, f: (i: Inputs) => number): void => void out.push({ name, value: f });
  const reductions: ('mean' | 'sum')[] = ['mean', 'sum'];
  // Losses of a prediction and a target of the same shape.
  const elementwise = (catalog: string, transform: (t: Tensor) => Tensor = (t) => t, label = ''): void => {
    for (const r of reductions) {
      add(`${r}${label}`, (i) => value(catalog, transform(tensor(i.pred)), tensor(i.target), params(i), r));
      if (catalog === 'mse')
        add(`½ × ${r}${label}`, (i) => 0.5 * value(catalog, transform(tensor(i.pred)), tensor(i.target), params(i), r));
    }
  };
  switch (id) {
    case 'bce':
    case 'bce_with_logits':
      if (recipe.startsWith('probabilities')) elementwise('bce');
      else elementwise('bce_with_logits', undefined, ', on logits');
      break;
    case 'focal':
      if (recipe.startsWith('probabilities')) elementwise('focal', logit, ', on probabilities');
      else elementwise('focal');
      break;
    case 'cross_entropy':
    case 'nll':
    case 'categorical_crossentropy':
      if (recipe.startsWith('log-probabilities'))
        for (const r of reductions) add(r, (i) => value('nll', tensor(i.pred), tensor(i.target), params(i), r));
      else if (recipe === 'probabilities+onehot') {
        for (const r of reductions)
          add(`${r}, on probabilities`, (i) =>
            value('categorical_crossentropy', tensor(i.pred), tensor(i.target), params(i), r),
          );
        // A "cross-entropy" written per element, −[y·log p + (1 − y)·log(1 − p)], is a binary one.
        elementwise('bce', undefined, ', binary per element');
      } else if (recipe.startsWith('logits')) {
        for (const r of reductions)
          add(r, (i) => value('cross_entropy', tensor(i.pred), tensor(i.target), params(i), r));
      } else if (recipe === 'probabilities+binary') elementwise('bce');
      else if (recipe === 'distributions')
        for (const r of reductions)
          add(`H(target, prediction), ${r}`, (i) =>
            value('categorical_crossentropy', tensor(i.pred), tensor(i.target), params(i), r),
          );
      break;
    case 'kl_div':
      if (recipe === 'distributions') {
        // kl_divergence(p, q) = Σ p·log(p/q): the catalog's kl_div(input = log q, target = p).
        add('KL(prediction ‖ target), sum', (i) =>
          value('kl_div', logOf(tensor(i.target)), tensor(i.pred), params(i), 'sum'),
        );
        add('KL(target ‖ prediction), sum', (i) =>
          value('kl_div', logOf(tensor(i.pred)), tensor(i.target), params(i), 'sum'),
        );
        add('KL(prediction ‖ target), batchmean', (i) =>
          value('kl_div', logOf(tensor(i.target)), tensor(i.pred), params(i), 'batchmean'),
        );
        add('KL(target ‖ prediction), batchmean', (i) =>
          value('kl_div', logOf(tensor(i.pred)), tensor(i.target), params(i), 'batchmean'),
        );
      }
      break;
    default:
      elementwise(id);
  }
  return out;
}

/** Scalar, or the one-element sum of the user's value; null when it is not comparable. */
const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

const short = (x: number): string => formatNumber(x, { digits: 4, expDigits: 2 });

/**
 * Compares the user's values at the trial points with the reference. `trials` are the argument
 * lists of the recipe the check used, `values` the user's loss at each (its f0). Null when the loss
 * does not read as a catalog loss, or its inputs do not fit one.
 */
export function compareWithReference(
  loss: DiscoveredLoss,
  recipe: string,
  roles: { pred: string; target: string | null },
  trials: WireArg[][],
  values: (number | null)[],
  float32: boolean,
  atErrors: { e: number; value: number | null }[] = [],
  init: WireArg[] = [],
): Reference | null {
  const spec = referenceOf(loss);
  if (!spec || !roles.target) return null;
  const inputs: Inputs[] = [];
  for (const args of trials) {
    const pred = args.find((a) => a.name === roles.pred)?.value;
    const target = args.find((a) => a.name === roles.target)?.value;
    if (!pred || !target || typeof pred !== 'object' || typeof target !== 'object') return null;
    const userParams: Record<string, number> = {};
    for (const a of [...args, ...init]) if (typeof a.value === 'number') userParams[a.name] = a.value;
    for (const p of [...loss.params, ...(loss.init ?? [])]) {
      const d = Number(p.default);
      if (p.default !== undefined && Number.isFinite(d) && !(p.name in userParams)) userParams[p.name] = d;
      // A focal loss's alpha=None weighs nothing: the catalog's alpha < 0.
      if (p.default === 'None' && p.name === 'alpha' && !(p.name in userParams)) userParams.alpha = -1;
    }
    inputs.push({ pred, target, userParams });
  }
  const params = (i: Inputs): Record<string, number | boolean> => {
    const out: Record<string, number | boolean> = {};
    for (const [catalogName, aliases] of Object.entries(PARAM_ALIASES)) {
      const user = aliases.find((a) => a in i.userParams);
      if (user !== undefined) out[catalogName] = i.userParams[user];
    }
    // Only the parameters the catalog loss has, and the annotation's over the code's.
    const known = KNOWN_PARAMS[spec.id] ?? [];
    return { ...Object.fromEntries(Object.entries(out).filter(([k]) => known.includes(k))), ...spec.params };
  };
  // Relative: a log of p + 1e-7 (Keras' clip, deep-learning-from-scratch's delta) is the same loss.
  const tol = float32 ? 1e-4 : 1e-5;
  type Scored = { c: Convention; refs: number[]; score: number; ratio: number | null };
  const scored: Scored[] = [];
  for (const c of conventions(spec, recipe, params)) {
    let refs: number[];
    try {
      refs = inputs.map((i) => c.value(i));
    } catch {
      continue; // the engine refused these inputs for this convention (a shape that does not fit)
    }
    const pairs = refs
      .map((r, t) => [values[t], r] as const)
      .filter((p): p is readonly [number, number] => finite(p[0]) && finite(p[1]));
    if (!pairs.length) continue;
    const score = Math.max(...pairs.map(([u, r]) => Math.abs(u - r) / Math.max(1, Math.abs(r))));
    // A constant ratio yours / reference across the trial points: a flipped sign, a factor of two.
    const ratios = pairs.filter(([, r]) => r !== 0).map(([u, r]) => u / r);
    const k = ratios[0];
    const ratio =
      ratios.length >= 2 && ratios.every((x) => Math.abs(x - k) <= 1e-6 * Math.max(1, Math.abs(k))) ? k : null;
    scored.push({ c, refs, score, ratio });
  }
  if (!scored.length) return null;
  const best = scored.reduce((a, b) => (b.score < a.score ? b : a));
  const used = params(inputs[0]);
  const shown = Object.entries(used)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  const framework = FRAMEWORK[spec.id] ?? 'PyTorch';
  const call = `${spec.id}(${shown})`;
  const base = { id: spec.id, params: used, convention: best.c.name };
  if (best.score <= tol) return { ...base, agrees: true, text: msg(M.referenceAgrees, framework, call, best.c.name) };
  // Of the conventions the user's values are a constant multiple of, the factor nearest to ±1.
  const multiples = scored
    .filter((s) => s.ratio !== null)
    .sort((a, b) => Math.abs(Math.log(Math.abs(a.ratio!))) - Math.abs(Math.log(Math.abs(b.ratio!))));
  if (multiples.length) {
    const m = multiples[0];
    const factor = Number(m.ratio!.toPrecision(4));
    const named = { ...base, convention: m.c.name };
    return {
      ...named,
      agrees: false,
      text:
        factor === -1
          ? msg(M.referenceSignFlipped, framework, call, m.c.name)
          : msg(M.referenceFactor, short(factor), framework, call, m.c.name),
    };
  }
  // A regression loss probed at equal errors: where it differs (the other branch of a Huber, say).
  if (REGRESSION_IDS.has(spec.id) && atErrors.length && best.c.name.startsWith('mean')) {
    const at = atErrors.flatMap(({ e, value: u }) => {
      if (!finite(u)) return [];
      const r = value(
        spec.id,
        { shape: [1], data: Float64Array.of(e) },
        { shape: [1], data: Float64Array.of(0) },
        params(inputs[0]),
        'mean',
      );
      return [{ e, u, r, differs: Math.abs(u - r) > tol * Math.max(1, Math.abs(r)) }];
    });
    const differing = at.filter((x) => x.differs);
    if (differing.length && differing.length < at.length) {
      const worst = differing.reduce((a, b) => (Math.abs(b.e) > Math.abs(a.e) ? b : a));
      const where = differing.map((x) => short(x.e)).join(', ');
      return {
        ...base,
        agrees: false,
        text: msg(M.referenceDiffersAt, framework, call, where, short(worst.e), short(worst.u), short(worst.r)),
      };
    }
  }
  const t = best.refs.findIndex(
    (r, i) => finite(values[i]) && Math.abs(values[i] - r) / Math.max(1, Math.abs(r)) > tol,
  );
  return {
    ...base,
    agrees: false,
    text: msg(M.referenceDiffers, framework, call, best.c.name, t + 1, short(values[t] ?? NaN), short(best.refs[t])),
  };
}

/**
 * The reference loss along one coordinate of the prediction, under the convention the check found
 * (for the playground's "Your loss" plot, drawn beside the user's curve). Null when the convention
 * cannot be recomputed here; NaN where the engine refuses a point (a probability pushed past 1).
 */
export function referenceCurve(
  reference: { id: string; params: Record<string, number | boolean>; convention: string },
  recipe: string,
  roles: { pred: string; target: string | null },
  args: WireArg[],
  index: number,
  xs: number[],
): number[] | null {
  const c = conventions({ id: reference.id, params: reference.params }, recipe, () => reference.params).find(
    (x) => x.name === reference.convention,
  );
  const pred = args.find((a) => a.name === roles.pred)?.value;
  const target = args.find((a) => a.name === roles.target)?.value;
  if (!c || !pred || !target || typeof pred !== 'object' || typeof target !== 'object') return null;
  return xs.map((x) => {
    const data = pred.data.slice();
    data[index] = x;
    try {
      return c.value({ pred: { ...pred, data }, target, userParams: {} });
    } catch {
      return NaN;
    }
  });
}

/** The parameters each catalog loss takes, as a user's argument of the same name would set them. */
const KNOWN_PARAMS: Record<string, string[]> = {
  huber: ['delta'],
  smooth_l1: ['beta'],
  quantile: ['q'],
  focal: ['alpha', 'gamma'],
  dice: ['smooth'],
  cross_entropy: ['label_smoothing'],
};
