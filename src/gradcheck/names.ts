/**
 * The naming rules of the design's "Which functions are losses": word parts, loss words,
 * gradient functions, private helpers and the paired-gradient conventions, for Python and JS/TS.
 * Pure string work: discovery calls these for every function of a file, before anything costlier.
 */
import type { SourceLanguage } from '../syntax/sourceLanguage';

/**
 * Names are read many times over (as a loss, as a gradient, for pairs), and discovery runs on every
 * edit: their word parts are kept, up to a bound.
 */
const partsCache = new Map<string, readonly string[]>();

function parts(name: string): readonly string[] {
  let words = partsCache.get(name);
  if (words) return words;
  words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[_\d$]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
  if (partsCache.size >= 20000) partsCache.clear();
  partsCache.set(name, words);
  return words;
}

/** Split at `_`, digits and camelCase humps: `BCEWithLogitsLoss` -> bce with logits loss. */
export function wordParts(name: string): string[] {
  return parts(name).slice();
}

/** Generic loss words from the design. */
const LOSS_WORDS = new Set([
  'loss',
  'losses',
  'cost',
  'objective',
  'criterion',
  'error',
  'errors',
  'entropy',
  'divergence',
]);

/** Known loss names and abbreviations (the design's list, and their common spellings). */
const LOSS_NAMES = new Set([
  'mse',
  'mae',
  'rmse',
  'msle',
  'sse',
  'huber',
  'hinge',
  'focal',
  'dice',
  'nll',
  'kl',
  'kld',
  'ce',
  'bce',
  'xent',
  'crossentropy',
  'logcosh',
  'quantile',
  'pinball',
  'tversky',
  'triplet',
  'contrastive',
  'infonce',
  'likelihood',
  'logloss',
  'jensen',
  'shannon',
  'jsd',
  'crossentropyloss',
  'mseloss',
  'nllloss',
  'bceloss',
  'celoss',
  'l1loss',
  'l2loss',
  'hingeloss',
  'softmaxloss',
  'svmloss',
]);

/**
 * Words that turn a generic word into something else: `handle_error`, `error_message`,
 * `get_cost_center`. They only veto the generic words (error, cost, ...), never `mse_loss`.
 */
const NOT_A_LOSS_CONTEXT = new Set([
  'handle',
  'handler',
  'raise',
  'throw',
  'report',
  'print',
  'show',
  'format',
  'message',
  'msg',
  'on',
  'is',
  'has',
  'check',
  'validate',
  'make',
  'create',
  'build',
  'parse',
  'type',
  'code',
  'class',
  'count',
  'log',
  'logger',
  'set',
  'callback',
  'page',
  'status',
  'center',
  'name',
]);

/**
 * Words of functions that show or keep losses rather than compute one (`plot_losses`, `print_loss`,
 * `loss_history`): these veto even `loss`.
 */
const NOT_A_LOSS_AT_ALL = new Set([
  'plot',
  'draw',
  'visualize',
  'visualise',
  'show',
  'print',
  'display',
  'save',
  'load',
  'record',
  'track',
  'summary',
  'summarize',
  'history',
  'curve',
  'curves',
]);

/**
 * Words of models and their parts (`SupCEResNet`, `FocalHead`): a loss abbreviation in such a name
 * names what the model is trained with. Only `loss` or `criterion` makes these a loss.
 */
const MODEL_WORDS = new Set([
  'net',
  'nets',
  'network',
  'networks',
  'resnet',
  'unet',
  'model',
  'models',
  'encoder',
  'decoder',
  'backbone',
  'head',
  'layer',
  'layers',
  'block',
  'classifier',
  'generator',
  'discriminator',
  'trainer',
  'dataset',
  'loader',
]);

const GRADIENT_WORDS = new Set([
  'grad',
  'grads',
  'gradient',
  'gradients',
  'backward',
  'derivative',
  'derivatives',
  'deriv',
  'jacobian',
  'vjp',
  'jvp',
]);

/**
 * A trailing version: `FocalLossV1`, `DiceLoss_v2`, `LabelSmoothSoftmaxCEV2` (not `kl_div2`, whose
 * `v` belongs to the word).
 */
const VERSION_SUFFIX = /(?:_[vV]|(?<=[A-Za-z])V)\d+$/;

/** `mse_prime`, `msePrime`: the part before a `prime` suffix, or null. */
function primeStem(name: string): string | null {
  const m = /^(.+?)(?:_prime|(?<=[a-z0-9])Prime)$/.exec(name);
  return m ? m[1] : null;
}

/** `d_mse`, `dMse`, `dLoss`: the part after a derivative `d`, or null. */
function dStem(name: string): string | null {
  const m = /^d(?:_([A-Za-z]\w*)|([A-Z]\w*))$/.exec(name);
  if (!m) return null;
  return m[1] ?? m[2].charAt(0).toLowerCase() + m[2].slice(1);
}

const has = (defined: ReadonlySet<string> | undefined, n: string): boolean =>
  !!defined && (defined.has(n) || defined.has(n.charAt(0).toUpperCase() + n.slice(1)));

/**
 * A name that reads as a gradient function: a gradient word (`mse_grad`, `grad_mse`, `focalGradient`,
 * `cost_derivative`), `dL_dx`, or a derivative `d`/`prime` whose other part is a loss (`dLoss`,
 * `d_mse`, `mse_prime`) or, with `defined` (the names of the same scope), another function there
 * (`tanh_prime` beside `tanh`). `prime` as a word of its own (`prime_numbers_loss`) is not one, and
 * neither is a GAN's `d_loss` beside a `g_loss`.
 */
export function isGradientName(name: string, defined?: ReadonlySet<string>): boolean {
  const words = parts(name);
  if (words.some((w) => GRADIENT_WORDS.has(w))) return true;
  // dL_dx, dJ_dtheta, dloss_dw: the Leibniz notation.
  if (/^d[A-Za-z0-9]*_d[A-Za-z]/.test(name)) return true;
  const p = primeStem(name);
  if (p !== null) return readsAsLossWords(parts(p)) || has(defined, p);
  const d = dStem(name);
  if (d === null) return false;
  // GANs name their discriminator's and generator's losses d_loss and g_loss.
  if (defined && (defined.has(`g_${d}`) || defined.has(`g${d.charAt(0).toUpperCase()}${d.slice(1)}`))) return false;
  return readsAsLossWords(parts(d)) || has(defined, d);
}

/** `_helper` and `__dunder__`: private, never a lens. */
export function isPrivateName(name: string): boolean {
  return name.startsWith('_') || name.startsWith('#');
}

/** Test functions (`test_mse`, `testFocalLoss`) call losses; they are not losses. */
export function isTestName(name: string): boolean {
  const first = parts(name)[0];
  return first === 'test' || first === 'tests';
}

function readsAsLossWords(words: readonly string[]): boolean {
  if (words.some((w) => NOT_A_LOSS_AT_ALL.has(w))) return false;
  if (words.some((w) => MODEL_WORDS.has(w)))
    return words.some((w) => w === 'loss' || w === 'losses' || w === 'criterion');
  if (words.some((w) => LOSS_NAMES.has(w))) return true;
  if (!words.some((w) => LOSS_WORDS.has(w))) return false;
  // `loss` itself is unambiguous; the other generic words need a context that is not an error handler.
  if (words.includes('loss') || words.includes('losses')) return true;
  return !words.some((w) => NOT_A_LOSS_CONTEXT.has(w));
}

/**
 * Does the name alone make this a loss? (Gradient, private and test functions never are; `defined`,
 * the names of its scope, is as for isGradientName.) A version suffix is read past:
 * `LabelSmoothSoftmaxCEV2` reads as `LabelSmoothSoftmaxCE`.
 */
export function readsAsLoss(name: string, defined?: ReadonlySet<string>): boolean {
  if (isPrivateName(name) || isGradientName(name, defined) || isTestName(name)) return false;
  return readsAsLossWords(parts(name.replace(VERSION_SUFFIX, '')));
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A loss name without its generic suffix: `huber_loss` -> `huber`, `focalLoss` -> `focal`. */
function stem(name: string): string | null {
  const m = /^(.+?)(_loss|_cost|Loss|Cost)$/.exec(name);
  return m ? m[1] : null;
}

/** Conventions any function pairs by: `f` + `f_grad` gives `f` a lens. */
function gradForms(n: string, language: SourceLanguage): string[] {
  const camel = [`${n}Grad`, `grad${capitalize(n)}`, `${n}Gradient`, `gradient${capitalize(n)}`, `${n}Backward`];
  return language === 'python'
    ? [`${n}_grad`, `grad_${n}`, `${n}_backward`, `${n}_gradient`, `gradient_${n}`, ...camel]
    : [...camel.slice(0, 2), `${n}_grad`, ...camel.slice(2)];
}

/**
 * Derivative conventions. From-scratch networks name their activations' derivatives this way
 * (`sigmoid_prime`, `tanh_derivative`, `d_relu`), often taking the activation's output rather than
 * its input, so these pair only a function whose name reads as a loss.
 */
function derivativeForms(n: string): string[] {
  return [
    `${n}_prime`,
    `${n}_derivative`,
    `${n}_deriv`,
    `d_${n}`,
    `derivative_${n}`,
    `${n}Prime`,
    `${n}Derivative`,
    `${n}Deriv`,
    `d${capitalize(n)}`,
    `derivative${capitalize(n)}`,
  ];
}

/**
 * The names a paired gradient of `name` may have, most specific first: the design's conventions,
 * then the same on the name without a `loss` suffix (`huber_loss` + `huber_grad`). Both languages
 * know the other's spelling (`mseGradient` in Python, `mse_grad` in JS).
 */
export function pairedGradientCandidates(name: string, language: SourceLanguage): string[] {
  const lossy = readsAsLoss(name);
  const forms = (n: string): string[] =>
    lossy ? [...gradForms(n, language), ...derivativeForms(n)] : gradForms(n, language);
  const s = stem(name);
  return [...new Set([...forms(name), ...(s ? forms(s) : [])])];
}

/** Words that say nothing about which loss: `compute_cost`, `costFunction`, `get_loss`, `cost_fn`. */
const FILLER = new Set([
  'compute',
  'calc',
  'calculate',
  'get',
  'eval',
  'evaluate',
  'function',
  'func',
  'fn',
  'total',
  'my',
  'the',
  'of',
]);
const COST_WORDS = new Set(['cost', 'costs', 'loss', 'losses', 'objective']);
const GENERIC_GRADIENT_WORDS = new Set(['grad', 'grads', 'gradient', 'gradients', 'derivative', 'deriv', 'backward']);

/** What is left of a name without filler, cost and gradient words: `costFunctionReg` -> `reg`. */
const remainder = (words: readonly string[]): string =>
  words.filter((w) => !FILLER.has(w) && !COST_WORDS.has(w) && !GENERIC_GRADIENT_WORDS.has(w)).join('_');

/**
 * Pairs of a generic cost and a generic gradient among the names of one scope, as course ports
 * write them: `cost` + `gradient`, `costFunction` + `gradient`, `compute_cost` + `compute_gradient`,
 * `loss` + `grad` (also methods of one class), `regularized_cost` + `regularized_gradient`. A cost
 * and a gradient pair when they are the only ones with the same remaining words; then, if exactly one
 * cost-like name and one bare gradient (`gradient`, `grad`, `compute_gradient`) are left, those two.
 * Returns loss name -> gradient name.
 */
export function genericGradientPairs(names: Iterable<string>): Map<string, string> {
  const costs = new Map<string, string[]>();
  const grads = new Map<string, string[]>();
  for (const n of names) {
    if (isPrivateName(n) || isTestName(n)) continue;
    const words = parts(n);
    const isGrad = words.some((w) => GENERIC_GRADIENT_WORDS.has(w));
    if (isGrad) {
      const rest = words.filter((w) => !FILLER.has(w) && !GENERIC_GRADIENT_WORDS.has(w));
      // `cost_gradient`, `loss_grad` name their loss: the ordinary conventions pair those.
      if (rest.some((w) => COST_WORDS.has(w))) continue;
      (grads.get(rest.join('_')) ?? grads.set(rest.join('_'), []).get(rest.join('_'))!).push(n);
    } else if (words.some((w) => COST_WORDS.has(w)) && readsAsLoss(n)) {
      const r = remainder(words);
      (costs.get(r) ?? costs.set(r, []).get(r)!).push(n);
    }
  }
  const pairs = new Map<string, string>();
  const leftCosts: string[] = [];
  for (const [r, cs] of costs) {
    const gs = grads.get(r);
    if (cs.length === 1 && gs?.length === 1) {
      pairs.set(cs[0], gs[0]);
      grads.delete(r);
    } else leftCosts.push(...cs);
  }
  const bare = grads.get('');
  if (leftCosts.length === 1 && bare?.length === 1) pairs.set(leftCosts[0], bare[0]);
  return pairs;
}

/** Scopes are built once per discovery and asked once per function: compute their pairs once. */
const genericCache = new WeakMap<ReadonlySet<string>, Map<string, string>>();

/**
 * The paired gradient of `name` among `defined` (the names of its scope: a module's functions, a
 * class's methods or an object's members; keep the set unchanged between calls): the first
 * convention candidate defined there, else the scope's generic cost/gradient pair.
 */
export function findPairedGradient(
  name: string,
  language: SourceLanguage,
  defined: ReadonlySet<string>,
): string | undefined {
  const byConvention = pairedGradientCandidates(name, language).find((c) => c !== name && defined.has(c));
  if (byConvention) return byConvention;
  let generic = genericCache.get(defined);
  if (!generic) genericCache.set(defined, (generic = genericGradientPairs(defined)));
  return generic.get(name);
}

/**
 * Members that hold the gradient of their object's loss: `gradient` beside a loss class's
 * `__call__`, a cost object's `derivative` (`{ fn, derivative }`), most usual first.
 */
const GRADIENT_MEMBER_NAMES = [
  'gradient',
  'grad',
  'derivative',
  'deriv',
  'backward',
  'prime',
  'gradients',
  'grads',
] as const;

/** The gradient member among `members`, if any (see GRADIENT_MEMBER_NAMES). */
export function findGradientMember(members: ReadonlySet<string>): string | undefined {
  return GRADIENT_MEMBER_NAMES.find((m) => members.has(m));
}
