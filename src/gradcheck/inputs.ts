/**
 * Input synthesis: from the annotation, else from parameter names, type hints, defaults and body
 * use, a list of recipes to try in order (the runner takes the first that gives a finite scalar).
 * Every value comes from one seeded generator, so a report's seed reproduces its inputs.
 */
import { M, msg, render, type Message } from './messages';
import { wordParts } from './names';
import { Rng } from './rng';
import type { ArgSpec, DiscoveredLoss, GeneratorName, InputSummary, Param } from './types';
import type { WireArg, WireArray, WireRecipe } from './runners/protocol';

/** Trial points: the scale of real-valued inputs at each, so region-specific bugs show. */
export const TRIAL_SCALES = [1, 3, 0.3];

const VECTOR = 8;
const ROWS = 6;
const CLASSES = 4;

const PRED_NAMES = new Set([
  'pred', 'preds', 'prediction', 'predictions', 'predicted', 'ypred', 'yhat', 'output', 'outputs', 'out', 'input', 'inputs',
  'x', 'logits', 'logit', 'scores', 'score', 'z', 'f', 'a', 'h', 'probs', 'prob', 'p', 'yprob', 'phat', 'logprobs', 'logp',
  'activation', 'activations', 'estimate', 'estimates', 'mu', 'q', 'u', 'r', 'residual', 'residuals', 'diff', 'yp', 's',
]);
const TARGET_NAMES = new Set([
  'target', 'targets', 'y', 'ytrue', 'labels', 'label', 't', 'gt', 'truth', 'true', 'actual', 'ygt', 'mask', 'masks',
  'classes', 'cls', 'classidx', 'onehot', 'yonehot', 'expected', 'ref', 'reference', 'yt', 'ys', 'targ',
]);

/** Hyperparameters that have no default get a typical value. */
const HYPER_VALUES: Record<string, number> = {
  delta: 1, gamma: 2, alpha: 0.25, beta: 1, margin: 1, eps: 1e-7, epsilon: 1e-7, smooth: 1, smoothing: 0.1,
  temperature: 1, tau: 1, quantile: 0.3, lambda: 0.1, lam: 0.1, reg: 0.1, c: 1, k: 1, weight: 1, scale: 1,
};

const squash = (name: string): string => name.toLowerCase().replace(/_/g, '');

type Gen = { generator: GeneratorName | 'logprobs'; dims: number[] };

/** One candidate set of generators for the prediction and the target. */
type RecipeShape = { name: string; pred: Gen; target: Gen | null };

type Rank = 0 | 1 | 2 | null;

/** The rank a type hint implies: number -> 0, number[] / Float64Array -> 1, number[][] -> 2. */
function rankOf(type: string | undefined): Rank {
  if (!type) return null;
  const t = type.replace(/\s/g, '');
  if (/^(number|float|int)$/.test(t)) return 0;
  if (/\[\]\[\]$/.test(t) || /^(number\[\])\[\]$/.test(t) || /Array<(number\[\]|Array<number>)>/.test(t)) return 2;
  if (/(\[\]|Float64Array|Float32Array|ArrayLike<number>|Array<number>)$/.test(t)) return 1;
  return null;
}

/** How a JS/TS function receives an array, from its type hint. */
function jsForm(type: string | undefined): WireArg['form'] {
  if (!type) return 'nested';
  if (/Float(64|32)Array/.test(type)) return 'Float64Array';
  if (/^\s*number\s*$/.test(type)) return 'number';
  return 'nested';
}

function recipeShapes(loss: DiscoveredLoss, pred: Param, target: Param | null): RecipeShape[] {
  const words = new Set([...wordParts(loss.name), ...(loss.className ? wordParts(loss.className) : [])]);
  const predName = squash(pred.name);
  const targetName = target ? squash(target.name) : '';
  const predUses = loss.paramUses[pred.name] ?? [];
  const targetUses = target ? (loss.paramUses[target.name] ?? []) : [];
  const hints = new Set(loss.bodyHints);
  const predRank = rankOf(pred.type);
  const targetRank = target ? rankOf(target.type) : null;
  const vec = predRank === 0 ? [] : predRank === 2 ? [ROWS, CLASSES] : [VECTOR];
  const mat = [ROWS, CLASSES];
  const all: Record<string, RecipeShape> = {
    real: { name: 'real', pred: { generator: 'randn', dims: vec }, target: { generator: 'randn', dims: vec } },
    'probabilities+binary': { name: 'probabilities+binary', pred: { generator: 'rand', dims: vec }, target: { generator: 'binary', dims: vec } },
    'logits+binary': { name: 'logits+binary', pred: { generator: 'randn', dims: vec }, target: { generator: 'binary', dims: vec } },
    'logits+labels': { name: 'logits+labels', pred: { generator: 'randn', dims: mat }, target: { generator: 'labels', dims: mat } },
    'log-probabilities+labels': { name: 'log-probabilities+labels', pred: { generator: 'logprobs', dims: mat }, target: { generator: 'labels', dims: mat } },
    'logits+onehot': { name: 'logits+onehot', pred: { generator: 'randn', dims: mat }, target: { generator: 'onehot', dims: mat } },
    'probabilities+onehot': { name: 'probabilities+onehot', pred: { generator: 'probs', dims: mat }, target: { generator: 'onehot', dims: mat } },
    'scores+signs': { name: 'scores+signs', pred: { generator: 'randn', dims: vec }, target: { generator: 'signs', dims: vec } },
  };
  const order: string[] = [];
  const prefer = (...names: string[]): void => void order.push(...names);
  const has = (...ws: string[]): boolean => ws.some((w) => words.has(w));
  const isProb = ['p', 'prob', 'probs', 'yprob', 'phat', 'probabilities'].includes(predName) || predUses.includes('arg:log') || predUses.includes('arg:log2');
  const isLogits = predName.startsWith('logit') || hints.has('sigmoid') || hints.has('softmax') || hints.has('log_softmax') || hints.has('logsumexp') || hints.has('with_logits') || hints.has('binary_cross_entropy_with_logits');
  const labelsTarget = ['labels', 'label', 'classes', 'cls', 'classidx'].includes(targetName) || targetUses.includes('index') || targetUses.includes('long') || targetUses.includes('arg:cross_entropy') || targetUses.includes('arg:nll_loss');
  const isLogProb = predName.startsWith('logp') || predName.startsWith('logprob') || (has('nll') && !predName.startsWith('logit'));
  if (has('hinge', 'margin', 'svm', 'exponential')) prefer('scores+signs');
  if (has('dice', 'jaccard', 'tversky', 'iou')) prefer('probabilities+binary');
  if (has('bce', 'binary')) prefer(isLogits && !isProb ? 'logits+binary' : 'probabilities+binary');
  // A softmax over classes (by name or in the body) means rows that sum to 1: never binary targets.
  const multiclass = has('softmax', 'categorical', 'multiclass') || hints.has('softmax') || hints.has('log_softmax') || hints.has('logsumexp');
  const onehotTarget = targetName.includes('onehot');
  if (has('ce', 'cross', 'entropy', 'crossentropy', 'nll', 'xent', 'softmax', 'categorical', 'multiclass', 'kl', 'divergence')) {
    if (labelsTarget && isLogProb) prefer('log-probabilities+labels');
    if (labelsTarget) prefer('logits+labels');
    if (onehotTarget) prefer(isProb ? 'probabilities+onehot' : 'logits+onehot');
    if (isProb || has('categorical')) prefer('probabilities+onehot');
    const binaryShaped = targetRank !== 2 && !labelsTarget && !onehotTarget && !multiclass && (isProb || isLogits) && rankOf(pred.type) !== 2;
    if (has('bce', 'binary') || binaryShaped) prefer(isLogits && !isProb ? 'logits+binary' : 'probabilities+binary');
    prefer('logits+labels', 'logits+onehot', 'probabilities+onehot', 'log-probabilities+labels');
  }
  if (has('bce', 'binary', 'focal', 'logistic', 'sigmoid')) prefer(isProb ? 'probabilities+binary' : 'logits+binary', isProb ? 'logits+binary' : 'probabilities+binary');
  if (isProb) prefer('probabilities+binary', 'probabilities+onehot');
  if (isLogits) prefer(labelsTarget ? 'logits+labels' : 'logits+binary');
  if (labelsTarget) prefer('logits+labels');
  prefer('real', 'probabilities+binary', 'logits+binary', 'logits+labels', 'logits+onehot', 'probabilities+onehot', 'scores+signs', 'log-probabilities+labels');
  let shapes = [...new Set(order)].map((n) => all[n]);
  // A type hint of rank 0/1/2 rules out recipes of another rank.
  const rankFits = (g: Gen, r: Rank): boolean => r === null || g.dims.length === r || (g.generator === 'labels' && r === 1);
  shapes = shapes.filter((s) => rankFits(s.pred, predRank) && (!s.target || rankFits(s.target.generator === 'labels' ? { ...s.target, dims: [ROWS] } : s.target, targetRank)));
  if (!target) shapes = shapes.map((s) => ({ ...s, target: null })).filter((s, i, a) => a.findIndex((t) => t.pred.generator === s.pred.generator) === i);
  return shapes;
}

/** Draws one array. `scale` multiplies real-valued (randn) generators only. */
export function draw(gen: Gen, rng: Rng, scale: number): WireArray {
  const dims = gen.dims;
  const size = dims.reduce((a, b) => a * b, 1);
  const data: number[] = new Array<number>(size);
  switch (gen.generator) {
    case 'randn':
      for (let i = 0; i < size; i++) data[i] = scale * rng.normal();
      return { dtype: 'float64', shape: dims, data };
    case 'rand':
      // Away from 0 and 1, so logs and central differences stay finite.
      for (let i = 0; i < size; i++) data[i] = rng.uniform(0.02, 0.98);
      return { dtype: 'float64', shape: dims, data };
    case 'binary':
      for (let i = 0; i < size; i++) data[i] = rng.next() < 0.5 ? 0 : 1;
      return { dtype: 'float64', shape: dims, data };
    case 'signs':
      for (let i = 0; i < size; i++) data[i] = rng.next() < 0.5 ? -1 : 1;
      return { dtype: 'float64', shape: dims, data };
    case 'labels': {
      const [n, c] = dims;
      const labels: number[] = [];
      for (let i = 0; i < n; i++) labels.push(rng.int(c));
      return { dtype: 'int64', shape: [n], data: labels };
    }
    case 'onehot': {
      const [n, c] = dims;
      for (let i = 0; i < size; i++) data[i] = 0;
      for (let i = 0; i < n; i++) data[i * c + rng.int(c)] = 1;
      return { dtype: 'float64', shape: dims, data };
    }
    case 'probs':
    case 'logprobs': {
      const last = dims.length ? dims[dims.length - 1] : 1;
      for (let row = 0; row < size / last; row++) {
        let sum = 0;
        for (let j = 0; j < last; j++) sum += data[row * last + j] = Math.exp(rng.normal());
        for (let j = 0; j < last; j++) {
          const p = data[row * last + j] / sum;
          data[row * last + j] = gen.generator === 'logprobs' ? Math.log(p) : p;
        }
      }
      return { dtype: 'float64', shape: dims, data };
    }
  }
}

function constantFromDefault(text: string | undefined): WireArg['value'] | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && text.trim() !== '' ? n : undefined;
}

export type InputPlan = {
  wrt: string;
  recipes: WireRecipe[];
  /** Summaries of each recipe's first trial, by recipe name. */
  summaries: Record<string, InputSummary[]>;
  /** Regression-shaped recipes, where pred = target should minimise the loss. */
  regression: Record<string, { pred: string; target: string }>;
};

/** An argument that cannot be made; `text` renders it in the user's language, `message` is English. */
export class InputError extends Error {
  constructor(readonly text: Message) {
    super(render(text));
  }
}

/**
 * The recipes for one loss. Throws InputError when an argument cannot be inferred (the message
 * says how to annotate it).
 */
export function planInputs(loss: DiscoveredLoss, seed: number, trials = TRIAL_SCALES.length): InputPlan {
  const annotation = loss.annotation;
  const callable = loss.params.filter((p) => p.kind === 'positional' || p.kind === 'keyword');
  const required = callable.filter((p) => p.default === undefined);
  const given: Record<string, ArgSpec> = annotation?.args ?? {};
  const isPythonKeyword = (p: Param): boolean => loss.language === 'python' && p.kind === 'keyword';

  // Which parameters are the prediction and the target.
  const unresolved = required.filter((p) => !(p.name in given) && !(squash(p.name) in HYPER_VALUES));
  const keras = callable.length >= 2 && ['ytrue', 'target', 'targets', 'labels'].includes(squash(callable[0].name)) && ['ypred', 'pred', 'preds', 'predictions', 'output', 'logits'].includes(squash(callable[1].name));
  let pred: Param | undefined;
  if (annotation?.wrt) pred = callable.find((p) => p.name === annotation.wrt);
  else if (keras) pred = callable[1];
  else {
    const generated = callable.filter((p) => given[p.name]?.kind === 'generator' && ['randn', 'rand', 'probs'].includes((given[p.name] as { generator: string }).generator));
    pred = generated[0] ?? unresolved.find((p) => PRED_NAMES.has(squash(p.name)) && !TARGET_NAMES.has(squash(p.name))) ?? unresolved[0] ?? generated[0];
  }
  if (!pred) throw new InputError(msg(M.cannotTellWrt, annotationExample(loss, callable[0]?.name ?? 'x')));
  const target = keras ? callable[0] : unresolved.find((p) => p !== pred && (TARGET_NAMES.has(squash(p.name)) || true)) ?? null;
  for (const p of unresolved) {
    if (p === pred || p === target) continue;
    throw new InputError(msg(M.cannotInfer, p.name, annotationExample(loss, `${p.name}=randn(8)`)));
  }
  const annotatedPred = given[pred.name];
  const shapes: RecipeShape[] =
    annotatedPred || (target && given[target.name])
      ? [{ name: 'annotation', pred: specGen(annotatedPred) ?? { generator: 'randn', dims: [VECTOR] }, target: target ? (specGen(given[target.name]) ?? { generator: 'randn', dims: [VECTOR] }) : null }]
      : recipeShapes(loss, pred, target);
  const rng = new Rng(seed);
  const recipes: WireRecipe[] = [];
  const summaries: Record<string, InputSummary[]> = {};
  const regression: InputPlan['regression'] = {};
  for (const shape of shapes) {
    const recipeTrials: WireArg[][] = [];
    for (let t = 0; t < trials; t++) {
      const scale = TRIAL_SCALES[t % TRIAL_SCALES.length];
      const args: WireArg[] = [];
      for (const p of callable) {
        const keyword = isPythonKeyword(p);
        const form = jsForm(p.type);
        if (p === pred) args.push({ name: p.name, value: draw(shape.pred, rng, scale), keyword, form });
        else if (p === target && shape.target) args.push({ name: p.name, value: draw(shape.target, rng, scale), keyword, form });
        else if (given[p.name]) {
          const spec = given[p.name];
          args.push({ name: p.name, value: spec.kind === 'generator' ? draw(spec, rng, scale) : spec.value, keyword: keyword || p.default !== undefined, form });
        } else if (p.default === undefined && squash(p.name) in HYPER_VALUES) args.push({ name: p.name, value: HYPER_VALUES[squash(p.name)], keyword, form: 'number' });
        else if (p.default !== undefined) continue; // the function's own default
        else args.push({ name: p.name, value: constantFromDefault(p.default) ?? 0, keyword, form });
      }
      // JS passes positionally: an omitted optional argument before a given one must be undefined, so stop at the first gap.
      recipeTrials.push(loss.language === 'python' ? args : positionalPrefix(args, callable));
    }
    recipes.push({ name: shape.name, trials: recipeTrials });
    summaries[shape.name] = recipeTrials[0].map((a) => summarize(a, shape, pred!, target));
    if (shape.target && shape.pred.generator === 'randn' && shape.target.generator === 'randn' && target) regression[shape.name] = { pred: pred.name, target: target.name };
  }
  return { wrt: pred.name, recipes, summaries, regression };
}

function positionalPrefix(args: WireArg[], params: Param[]): WireArg[] {
  const out: WireArg[] = [];
  for (const p of params) {
    const a = args.find((x) => x.name === p.name);
    if (!a) break;
    out.push(a);
  }
  return out;
}

function specGen(spec: ArgSpec | undefined): Gen | null {
  return spec?.kind === 'generator' ? { generator: spec.generator, dims: spec.dims } : null;
}

function summarize(a: WireArg, shape: RecipeShape, pred: Param, target: Param | null): InputSummary {
  const v = a.value;
  if (typeof v !== 'object') return { name: a.name, generator: 'constant', shape: [], dtype: typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'boolean', values: v };
  const gen = a.name === pred.name ? shape.pred : a.name === target?.name ? shape.target : null;
  const generator = gen ? `${gen.generator}(${gen.dims.join(',')})` : 'annotation';
  return { name: a.name, generator, shape: v.shape, dtype: v.dtype, ...(v.data.length <= 32 ? { values: v.data.map((x) => Number(x.toPrecision(6))) } : {}) };
}

function annotationExample(loss: DiscoveredLoss, body: string): string {
  return loss.language === 'python' ? `# gradcheck: ${body}` : `/** @gradcheck ${body} */`;
}
