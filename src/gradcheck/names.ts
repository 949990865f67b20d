/**
 * The naming rules of the design's "Which functions are losses": word parts, loss words,
 * gradient functions, private helpers and the paired-gradient conventions.
 */
import type { Language } from './types';

/** Split at `_`, digits and camelCase humps: `BCEWithLogitsLoss` -> bce with logits loss. */
export function wordParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[_\d$]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** Generic loss words from the design. */
const LOSS_WORDS = new Set(['loss', 'losses', 'cost', 'objective', 'criterion', 'error', 'errors', 'entropy', 'divergence']);

/** Known loss names and abbreviations (the design's list, and their common spellings). */
const LOSS_NAMES = new Set([
  'mse', 'mae', 'rmse', 'msle', 'sse', 'huber', 'hinge', 'focal', 'dice', 'nll', 'kl', 'kld', 'ce', 'bce',
  'xent', 'crossentropy', 'logcosh', 'quantile', 'pinball', 'tversky', 'triplet', 'contrastive',
  'infonce', 'likelihood', 'logloss',
]);

/**
 * Words that turn a generic word into something else: `handle_error`, `error_message`,
 * `get_cost_center`. They only veto the generic words (error, cost, ...), never `mse_loss`.
 */
const NOT_A_LOSS_CONTEXT = new Set([
  'handle', 'handler', 'raise', 'throw', 'report', 'print', 'show', 'format', 'message', 'msg', 'on',
  'is', 'has', 'check', 'validate', 'make', 'create', 'build', 'parse', 'type', 'code', 'class', 'count',
  'log', 'logger', 'set', 'callback', 'page', 'status', 'center', 'name',
]);

const GRADIENT_WORDS = new Set(['grad', 'grads', 'gradient', 'gradients', 'backward', 'derivative', 'deriv', 'jacobian', 'vjp', 'jvp']);

/** A name that reads as a gradient function (`mse_grad`, `grad_mse`, `focalGradient`, `dLoss`). */
export function isGradientName(name: string): boolean {
  const words = wordParts(name);
  if (words.some((w) => GRADIENT_WORDS.has(w))) return true;
  // dLoss, d_loss, dL_dx: the derivative notation.
  return /^d[A-Z_]/.test(name) && words.length > 1 && readsAsLossWords(words.slice(1));
}

/** `_helper` and `__dunder__`: private, never a lens. */
export function isPrivateName(name: string): boolean {
  return name.startsWith('_') || name.startsWith('#');
}

/** Test functions (`test_mse`, `testFocalLoss`) call losses; they are not losses. */
export function isTestName(name: string): boolean {
  const first = wordParts(name)[0];
  return first === 'test' || first === 'tests';
}

function readsAsLossWords(words: string[]): boolean {
  if (words.some((w) => LOSS_NAMES.has(w))) return true;
  if (!words.some((w) => LOSS_WORDS.has(w))) return false;
  // `loss` itself is unambiguous; the other generic words need a context that is not an error handler.
  if (words.includes('loss') || words.includes('losses')) return true;
  return !words.some((w) => NOT_A_LOSS_CONTEXT.has(w));
}

/** Does the name alone make this a loss? (Gradient, private and test functions never are.) */
export function readsAsLoss(name: string): boolean {
  if (isPrivateName(name) || isGradientName(name) || isTestName(name)) return false;
  return readsAsLossWords(wordParts(name));
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A loss name without its generic suffix: `huber_loss` -> `huber`, `focalLoss` -> `focal`. */
function stem(name: string): string | null {
  const m = /^(.+?)(_loss|_cost|Loss|Cost)$/.exec(name);
  return m ? m[1] : null;
}

/**
 * The names a paired gradient of `name` may have, most specific first: the design's conventions,
 * then the same on the name without a `loss` suffix (`huber_loss` + `huber_grad`).
 */
export function pairedGradientCandidates(name: string, language: Language): string[] {
  const forms = (n: string): string[] =>
    language === 'python'
      ? [`${n}_grad`, `grad_${n}`, `${n}_backward`, `${n}_gradient`, `gradient_${n}`]
      : [`${n}Grad`, `grad${capitalize(n)}`, `${n}_grad`, `${n}Gradient`, `gradient${capitalize(n)}`, `${n}Backward`];
  const s = stem(name);
  return [...forms(name), ...(s ? forms(s) : [])];
}

/** The first candidate that is defined in the document. */
export function findPairedGradient(name: string, language: Language, defined: ReadonlySet<string>): string | undefined {
  return pairedGradientCandidates(name, language).find((c) => c !== name && defined.has(c));
}
