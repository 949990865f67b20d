/**
 * Input synthesis: from the annotation, else from parameter names, type hints, defaults and body
 * use, a list of recipes to try in order (the runner takes the first that gives a finite scalar).
 * Every value comes from one seeded generator, so a report's seed reproduces its inputs.
 */
import { GRADCHECK_DEFAULTS } from '../engine/gradcheckDefaults';
import { Mulberry32 } from '../engine/mulberry32';
import { domainOf, draw, generatorText, shapeOf, type Gen } from './generators';
import { M, msg, render, type Message } from './messages';
import { wordParts } from './names';
import type { ArgSpec, DiscoveredLoss, InputSummary, Param } from './types';
import type { WireArg, WireRecipe } from './runners/protocol';

/** Trial points: the scale of real-valued inputs at each, so region-specific bugs show (taken in turn, beyond three again from the first). */
export const TRIAL_SCALES = [1, 3, 0.3];

const VECTOR = 8;
const ROWS = 6;
const CLASSES = 4;

const PRED_NAMES = new Set([
  'pred',
  'preds',
  'prediction',
  'predictions',
  'predicted',
  'ypred',
  'yhat',
  'output',
  'outputs',
  'out',
  'input',
  'inputs',
  'x',
  'logits',
  'logit',
  'scores',
  'score',
  'z',
  'f',
  'a',
  'h',
  'probs',
  'prob',
  'p',
  'yprob',
  'phat',
  'logprobs',
  'logp',
  'activation',
  'activations',
  'estimate',
  'estimates',
  'mu',
  'q',
  'u',
  'r',
  'residual',
  'residuals',
  'diff',
  'yp',
  's',
]);
const TARGET_NAMES = new Set([
  'target',
  'targets',
  'y',
  'ytrue',
  'labels',
  'label',
  't',
  'gt',
  'truth',
  'true',
  'actual',
  'ygt',
  'mask',
  'masks',
  'classes',
  'cls',
  'classidx',
  'onehot',
  'yonehot',
  'expected',
  'ref',
  'reference',
  'yt',
  'ys',
  'targ',
]);

/** Hyperparameters that have no default get a typical value. */
const HYPER_VALUES: Record<string, number> = {
  lbsmooth: 0.1,
  labelsmoothing: 0.1,
  smoothfactor: 0.1,
  delta: 1,
  gamma: 2,
  alpha: 0.25,
  beta: 1,
  margin: 1,
  eps: 1e-7,
  epsilon: 1e-7,
  smooth: 1,
  smoothing: 0.1,
  temperature: 1,
  tau: 1,
  quantile: 0.3,
  lambda: 0.1,
  lam: 0.1,
  reg: 0.1,
  c: 1,
  k: 1,
  weight: 1,
  scale: 1,
};

const squash = (name: string): string => name.toLowerCase().replace(/_/g, '');

/** A hyperparameter's typical value, by its name or its last word (`lb_smooth`, `lb_ignore`). */
function hyperValue(name: string): number | undefined {
  const whole = squash(name);
  if (whole in HYPER_VALUES) return HYPER_VALUES[whole];
  const words = wordParts(name);
  const last = words[words.length - 1];
  if (last === 'ignore' || whole.endsWith('ignoreindex') || whole === 'ignoreindex') return -100;
  return words.length > 1 && last in HYPER_VALUES ? HYPER_VALUES[last] : undefined;
}

/** One candidate set of generators for the prediction and the target. */
type RecipeShape = { name: string; pred: Gen; target: Gen | null };

type Rank = 0 | 1 | 2 | null;

/** The rank a type hint implies: number -> 0, number[] / Float64Array -> 1, number[][] -> 2. */
function rankOf(type: string | undefined): Rank {
  if (!type) return null;
  const t = type.replace(/\s/g, '');
  if (/^(number|float|int)$/.test(t)) return 0;
  // tfjs: tf.Scalar, tf.Tensor1D, tf.Tensor2D (a plain tf.Tensor says nothing of its rank).
  if (/(^|\.)Scalar$/.test(t)) return 0;
  const tensorRank = /(^|\.)Tensor([12])D$/.exec(t);
  if (tensorRank) return Number(tensorRank[2]) as 1 | 2;
  if (/\[\]\[\]$/.test(t) || /^(number\[\])\[\]$/.test(t) || /Array<(number\[\]|Array<number>)>/.test(t)) return 2;
  if (/(\[\]|Float64Array|Float32Array|ArrayLike<number>|Array<number>)$/.test(t)) return 1;
  return null;
}

/** How a JS/TS function receives an array: from its type hint; tensors when the code uses tfjs. */
function jsForm(type: string | undefined, tfjs = false): WireArg['form'] {
  if (type && /(^|\.)(Tensor(\dD)?|Scalar|TensorLike)\b/.test(type)) return 'tensor';
  if (!type) return tfjs ? 'tensor' : 'nested';
  if (/Float(64|32)Array/.test(type)) return 'Float64Array';
  if (/^\s*number\s*$/.test(type)) return 'number';
  return 'nested';
}

/** Sizes the inputs take: the class count and feature width follow a class loss's constructor. */
type Sizes = { classes: number; features: number | null };

/** Distribution-like names: `kl_divergence(p, q)`, `js_divergence(P, Q)`, `cross_entropy(p_true, p_pred)`. */
const isDistributionName = (name: string): boolean =>
  /^(p|q|ptrue|ppred|pdist|qdist|targetdist|preddist|dist\d?|prob\d?|probs\d?)$/.test(squash(name));

function recipeShapes(loss: DiscoveredLoss, pred: Param, target: Param | null, sizes: Sizes): RecipeShape[] {
  const words = new Set([...wordParts(loss.name), ...(loss.className ? wordParts(loss.className) : [])]);
  const predName = squash(pred.name);
  const targetName = target ? squash(target.name) : '';
  const predUses = loss.paramUses[pred.name] ?? [];
  const targetUses = target ? (loss.paramUses[target.name] ?? []) : [];
  const hints = new Set(loss.bodyHints);
  const predRank = rankOf(pred.type);
  const targetRank = target ? rankOf(target.type) : null;
  const vec = predRank === 0 ? [] : predRank === 2 ? [ROWS, CLASSES] : [VECTOR];
  const mat = [ROWS, sizes.classes];
  const feat = [ROWS, sizes.features ?? FEATURES];
  const all: Record<string, RecipeShape> = {
    // Several distributions per sample, (N, M, C): a Jensen–Shannon divergence over M of them.
    distributions3: {
      name: 'distributions (N, M, C)',
      pred: { generator: 'probs', dims: [2, 2, sizes.classes] },
      target: null,
    },
    // Plain numbers, for code written per element (`Math.pow(expected - predicted, 2)`, `math.log(p)`).
    scalars: { name: 'scalars', pred: { generator: 'randn', dims: [] }, target: { generator: 'randn', dims: [] } },
    distributions: {
      name: 'distributions',
      pred: { generator: 'probs', dims: predRank === 2 ? mat : [VECTOR] },
      target: { generator: 'probs', dims: predRank === 2 ? mat : [VECTOR] },
    },
    'features+labels': {
      name: 'features+labels',
      pred: { generator: 'randn', dims: feat },
      target: { generator: 'labels', dims: mat },
    },
    'pairs+binary': {
      name: 'pairs+binary',
      pred: { generator: 'randn', dims: feat },
      target: { generator: 'binary', dims: [ROWS] },
    },
    // Shapes real code asks for when rank 1 and 2 do not do: (N, views, D) embeddings and (N, C, H, W) maps.
    'views+labels': {
      name: 'views+labels',
      pred: { generator: 'unit', dims: [ROWS, 2, FEATURES] },
      target: { generator: 'labels', dims: [ROWS, 2] },
    },
    'maps+labels': {
      name: 'maps+labels',
      pred: { generator: 'randn', dims: [2, sizes.classes, 3, 3] },
      target: { generator: 'labels', dims: [2, sizes.classes, 3, 3] },
    },
    'maps+masks': {
      name: 'maps+masks',
      pred: { generator: 'rand', dims: [2, sizes.classes, 3, 3] },
      target: { generator: 'binary', dims: [2, sizes.classes, 3, 3] },
    },
    real: { name: 'real', pred: { generator: 'randn', dims: vec }, target: { generator: 'randn', dims: vec } },
    'probabilities+binary': {
      name: 'probabilities+binary',
      pred: { generator: 'rand', dims: vec },
      target: { generator: 'binary', dims: vec },
    },
    'logits+binary': {
      name: 'logits+binary',
      pred: { generator: 'randn', dims: vec },
      target: { generator: 'binary', dims: vec },
    },
    'logits+labels': {
      name: 'logits+labels',
      pred: { generator: 'randn', dims: mat },
      target: { generator: 'labels', dims: mat },
    },
    'log-probabilities+labels': {
      name: 'log-probabilities+labels',
      pred: { generator: 'logprobs', dims: mat },
      target: { generator: 'labels', dims: mat },
    },
    'logits+onehot': {
      name: 'logits+onehot',
      pred: { generator: 'randn', dims: mat },
      target: { generator: 'onehot', dims: mat },
    },
    'probabilities+onehot': {
      name: 'probabilities+onehot',
      pred: { generator: 'probs', dims: mat },
      target: { generator: 'onehot', dims: mat },
    },
    'scores+signs': {
      name: 'scores+signs',
      pred: { generator: 'randn', dims: vec },
      target: { generator: 'signs', dims: vec },
    },
  };
  const order: string[] = [];
  const prefer = (...names: string[]): void => void order.push(...names);
  const has = (...ws: string[]): boolean => ws.some((w) => words.has(w));
  if (target && isDistributionName(pred.name) && isDistributionName(target.name)) prefer('distributions');
  if (!target && has('jensen', 'shannon', 'jsd', 'divergence', 'div')) prefer('distributions3');
  // Siamese pairs: two embeddings and a same/different flag.
  if (has('contrastive', 'siamese', 'pair', 'pairwise')) prefer('pairs+binary');
  if (sizes.features !== null && target) prefer('features+labels');
  const doc = loss.doc ?? '';
  if (/\[\s*(bsz|batch|n|b)\w*\s*,\s*n_?views/i.test(doc) || /(\[|\()\s*\w+\s*,\s*\w+\s*,\s*\.\.\./.test(doc))
    prefer('views+labels');
  if (/\b(N|B)\s*,\s*C\s*,\s*H\s*,\s*W\b/.test(doc)) prefer('maps+labels', 'maps+masks');
  const isProb =
    ['p', 'prob', 'probs', 'yprob', 'phat', 'probabilities'].includes(predName) ||
    predUses.includes('arg:log') ||
    predUses.includes('arg:log2');
  const isLogits =
    predName.startsWith('logit') ||
    hints.has('sigmoid') ||
    hints.has('softmax') ||
    hints.has('log_softmax') ||
    hints.has('logsumexp') ||
    hints.has('with_logits') ||
    hints.has('binary_cross_entropy_with_logits');
  const labelsTarget =
    ['labels', 'label', 'classes', 'cls', 'classidx'].includes(targetName) ||
    targetUses.includes('index') ||
    targetUses.includes('long') ||
    targetUses.includes('arg:cross_entropy') ||
    targetUses.includes('arg:nll_loss');
  const isLogProb =
    predName.startsWith('logp') || predName.startsWith('logprob') || (has('nll') && !predName.startsWith('logit'));
  if (has('hinge', 'margin', 'svm', 'exponential')) prefer('scores+signs');
  if (has('dice', 'jaccard', 'tversky', 'iou')) prefer('probabilities+binary');
  if (has('bce', 'binary')) prefer(isLogits && !isProb ? 'logits+binary' : 'probabilities+binary');
  // A softmax over classes (by name or in the body) means rows that sum to 1: never binary targets.
  // A softmax over classes (by name or in the body, `softmaxCrossEntropy`, `categorical_crossentropy`) means rows that sum to 1.
  const softmaxCall = [...hints].some((h) => /softmax.*(cross|entropy)|categorical.*cross/.test(h));
  const multiclass =
    has('softmax', 'categorical', 'multiclass') ||
    hints.has('softmax') ||
    hints.has('log_softmax') ||
    hints.has('logsumexp') ||
    softmaxCall;
  const onehotTarget = targetName.includes('onehot');
  // tf.losses.softmaxCrossEntropy(labels, logits): one-hot labels, rows of logits.
  if (softmaxCall) prefer(isProb ? 'probabilities+onehot' : 'logits+onehot');
  if (
    has(
      'ce',
      'cross',
      'entropy',
      'crossentropy',
      'nll',
      'xent',
      'softmax',
      'categorical',
      'multiclass',
      'kl',
      'divergence',
    )
  ) {
    if (labelsTarget && isLogProb) prefer('log-probabilities+labels');
    if (labelsTarget) prefer('logits+labels');
    if (onehotTarget) prefer(isProb ? 'probabilities+onehot' : 'logits+onehot');
    if (isProb || has('categorical')) prefer('probabilities+onehot');
    const binaryShaped =
      targetRank !== 2 &&
      !labelsTarget &&
      !onehotTarget &&
      !multiclass &&
      (isProb || isLogits) &&
      rankOf(pred.type) !== 2;
    if (has('bce', 'binary') || binaryShaped) prefer(isLogits && !isProb ? 'logits+binary' : 'probabilities+binary');
    prefer('logits+labels', 'logits+onehot', 'probabilities+onehot', 'log-probabilities+labels');
  }
  if (has('bce', 'binary', 'focal', 'logistic', 'sigmoid'))
    prefer(isProb ? 'probabilities+binary' : 'logits+binary', isProb ? 'logits+binary' : 'probabilities+binary');
  if (isProb) prefer('probabilities+binary', 'probabilities+onehot');
  if (isLogits) prefer(labelsTarget ? 'logits+labels' : 'logits+binary');
  if (labelsTarget) prefer('logits+labels');
  prefer(
    'real',
    'probabilities+binary',
    'logits+binary',
    'logits+labels',
    'logits+onehot',
    'probabilities+onehot',
    'scores+signs',
    'log-probabilities+labels',
  );
  if (loss.language === 'python' && !loss.frameworks.includes('numpy'))
    prefer('views+labels', 'maps+labels', 'maps+masks');
  prefer('scalars');
  let shapes = [...new Set(order)].map((n) => all[n]);
  // A type hint of rank 0/1/2 rules out recipes of another rank.
  const rankFits = (g: Gen, r: Rank): boolean => r === null || shapeOf(g).length === r;
  shapes = shapes.filter((s) => rankFits(s.pred, predRank) && (!s.target || rankFits(s.target, targetRank)));
  const key = (g: Gen): string => `${g.generator}(${g.dims.join(',')})`;
  if (!target)
    shapes = shapes
      .map((s) => ({ ...s, name: key(s.pred), target: null }))
      .filter((s, i, a) => a.findIndex((t) => t.name === s.name) === i);
  return shapes;
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
  /** Where the differentiated argument's values may go, by recipe name (a plot's range). */
  domains: Record<string, [number, number]>;
  /** Constructor arguments of a class loss (or of a method's class), by name. */
  init: WireArg[];
  /** The annotation that states these inputs, offered when no recipe works. */
  example: string;
  /** When the names do not say which argument is the prediction: the other candidate. */
  alternativeWrt?: string;
  /** The target argument (labels, expected values), when there is one. */
  target: string | null;
};

/** Second tries: the shape an error asked for (the trailing sizes), or the other argument to differentiate. */
export type PlanOverrides = {
  shape?: number[];
  wrt?: string;
  /** Give constructor hyperparameters whose default is None a typical value (`smooth_factor=None` that forward cannot use). */
  fillNoneDefaults?: boolean;
};

/** An argument that cannot be made; `text` renders it in the user's language, `message` is English. */
export class InputError extends Error {
  constructor(readonly text: Message) {
    super(render(text));
  }
}

const FEATURES = 3;

// Model-parameter losses, `svm_loss_naive(W, X, y, reg)`, `cost(theta, X, y)`, `loss(w, b, x, y)`:
// differentiated with respect to the parameters, never the data.
const WEIGHT_NAMES = new Set([
  'w',
  'weights',
  'theta',
  'coef',
  'coefs',
  'coefficients',
  'params',
  'w1',
  'thetas',
  'wb',
  'beta_hat',
]);
const BIAS_NAMES = new Set(['b', 'bias', 'b1', 'intercept']);
const DATA_NAMES = new Set([
  'x',
  'xs',
  'xbatch',
  'xtrain',
  'xdata',
  'data',
  'features',
  'feats',
  'inputs',
  'design',
  'a',
]);
const LABEL_NAMES = new Set(['y', 'ys', 'ybatch', 'ytrain', 'labels', 'label', 'targets', 'target', 't']);
/** Integer counts (`num_boxes`, `n_samples`), given as a small integer. */
const isCountName = (name: string): boolean =>
  /^(num|n)_|_(count|num)$|^num[A-Z]|^n[A-Z]/.test(name) ||
  ['numboxes', 'nsamples', 'batchsize', 'bsz'].includes(squash(name));
/** Latent statistics of a VAE's encoder: `mu`, `logvar` beside the reconstruction. */
const LATENT_NAMES = new Set([
  'mu',
  'logvar',
  'logvariance',
  'logsigma',
  'sigma',
  'std',
  'mean',
  'var',
  'lv',
  'zmean',
  'zlogvar',
  'zmu',
]);

/** Names that can only be the target. */
const STRONG_TARGET_NAMES = new Set([
  'labels',
  'label',
  'target',
  'targets',
  'ytrue',
  'gt',
  'groundtruth',
  'truth',
  'expected',
  'actual',
]);

/** How strongly a name reads as the prediction: the argument differentiated is the strongest, first on ties. */
function predScore(name: string): number {
  const n = squash(name);
  if (TARGET_NAMES.has(n)) return -1;
  if (/pred|recon|logit|output|yhat|score|anchor|emb|feat|prob|activation|input|estimate|^x0$|^z[12]?$|^o$/.test(n))
    return 2;
  return PRED_NAMES.has(n) ? 1 : 0;
}

/** Typical constructor values by name, when `__init__` gives no default. */
function initValue(name: string, sizes: Sizes): number | string | boolean | undefined {
  const n = squash(name);
  if (/^(numclasses|nclasses|nclass|numclass|classes|nclasses|numlabels|nlabels|numcategories)$/.test(n))
    return sizes.classes;
  if (
    /^(featdim|featuredim|featuresdim|indim|infeatures|embeddingdim|embeddingsize|embdim|dmodel|hiddendim|hidden|featsize|featuresize)$/.test(
      n,
    )
  )
    return sizes.features ?? FEATURES;
  if (n === 'reduction') return 'mean';
  // segmentation_models_pytorch's losses take a required mode: 'binary' | 'multiclass' | 'multilabel'.
  if (n === 'mode') return 'binary';
  if (n === 'temperature' || n === 'temp' || n === 't') return 0.5;
  if (n === 'sizeaverage' || n === 'average') return true;
  if (n in HYPER_VALUES) return HYPER_VALUES[n];
  if (/^(use|is|with)/.test(n)) return false;
  return undefined;
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && text.trim() !== '' ? n : undefined;
}

/** The class count and feature width a class's constructor implies (its defaults, else typical values). */
function sizesOf(loss: DiscoveredLoss, given: Record<string, ArgSpec>): Sizes {
  const sizes: Sizes = { classes: CLASSES, features: null };
  for (const p of loss.init ?? []) {
    const g = given[p.name];
    const v =
      g?.kind === 'number'
        ? g.value
        : (numberOf(p.default) ?? initValue(p.name, { classes: CLASSES, features: FEATURES }));
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) continue;
    if (initValue(p.name, { classes: -1, features: -2 }) === -1) sizes.classes = v;
    if (initValue(p.name, { classes: -1, features: -2 }) === -2) sizes.features = v;
  }
  return sizes;
}

/** Constructor arguments: given by the annotation, else the class's own default, else a typical value. */
function initArgs(
  loss: DiscoveredLoss,
  given: Record<string, ArgSpec>,
  sizes: Sizes,
  rng: Mulberry32,
  fillNone = false,
): WireArg[] {
  const args: WireArg[] = [];
  for (const p of loss.init ?? []) {
    if (p.kind === 'rest' || p.kind === 'kwargs') continue;
    const g = given[p.name];
    if (g) {
      args.push({ name: p.name, value: g.kind === 'generator' ? draw(g, rng, 1) : g.value, keyword: true });
      continue;
    }
    // A GPU default (`use_gpu=True` calls .cuda() in the constructor) cannot run on a CPU-only machine.
    if (/gpu|cuda/i.test(p.name) && /^(True|true)$/.test(p.default ?? '')) {
      args.push({ name: p.name, value: false, keyword: true });
      continue;
    }
    if (fillNone && p.default === 'None') {
      const words = wordParts(p.name);
      // Label smoothing reads as a small fraction; other hyperparameters by their typical value.
      const value = words.includes('weight')
        ? undefined
        : words.some((w) => w === 'smooth' || w === 'smoothing')
          ? 0.1
          : words.map((w) => HYPER_VALUES[w]).find((v) => v !== undefined);
      if (value !== undefined) {
        args.push({ name: p.name, value, keyword: true });
        continue;
      }
    }
    if (p.default !== undefined) continue; // the class's own default
    const value = initValue(p.name, sizes);
    if (value === undefined)
      throw new InputError(
        msg(M.cannotInferInit, p.name, loss.className ?? loss.name, annotationLine(loss, [`${p.name}=1`])),
      );
    args.push({ name: p.name, value, keyword: true });
  }
  return args;
}

type Roles = { pred: Param; target: Param | null; extras: Param[] };

/** Which parameters are the prediction, the target and further tensors (triplets, VAEs). */
function rolesOf(
  loss: DiscoveredLoss,
  callable: Param[],
  unresolved: Param[],
  given: Record<string, ArgSpec>,
  wrt?: string,
): Roles {
  const annotation = wrt ? { wrt } : loss.annotation;
  const keras =
    callable.length >= 2 &&
    ['ytrue', 'target', 'targets', 'labels'].includes(squash(callable[0].name)) &&
    ['ypred', 'pred', 'preds', 'predictions', 'output', 'logits'].includes(squash(callable[1].name));
  let pred: Param | undefined;
  if (annotation?.wrt) pred = callable.find((p) => p.name === annotation.wrt);
  else if (keras) pred = callable[1];
  else {
    const generated = callable.filter(
      (p) =>
        given[p.name]?.kind === 'generator' &&
        ['randn', 'rand', 'probs'].includes((given[p.name] as { generator: string }).generator),
    );
    const best = unresolved.reduce<Param | undefined>(
      (b, p) => (b === undefined || predScore(p.name) > predScore(b.name) ? p : b),
      undefined,
    );
    // `loss(labels, ys)`: both read as targets, and `labels` reads as one more strongly.
    const notLabels = unresolved.find((p) => !STRONG_TARGET_NAMES.has(squash(p.name)));
    pred = generated[0] ?? (best && predScore(best.name) >= 0 ? best : undefined) ?? notLabels ?? unresolved[0];
  }
  if (!pred) throw new InputError(msg(M.cannotTellWrt, annotationLine(loss, [`wrt=${callable[0]?.name ?? 'x'}`])));
  const rest = unresolved.filter((p) => p !== pred);
  const target = keras
    ? callable[0]
    : (rest.find((p) => TARGET_NAMES.has(squash(p.name))) ??
      (rest.length === 1 ? rest[0] : (rest.find((p) => isDistributionName(p.name)) ?? null)));
  return { pred, target: target ?? null, extras: rest.filter((p) => p !== target) };
}

/** A model-parameter loss: which argument is the weights, the bias, the data and the labels. */
type ModelRoles = { weights: Param; bias: Param | null; data: Param; labels: Param | null };

function modelRolesOf(unresolved: Param[]): ModelRoles | null {
  const find = (names: Set<string>, exclude: Param[] = []): Param | undefined =>
    unresolved.find((p) => names.has(squash(p.name)) && !exclude.includes(p));
  const weights = find(WEIGHT_NAMES);
  if (!weights) return null;
  const data = find(DATA_NAMES, [weights]);
  if (!data) return null;
  const labels = find(LABEL_NAMES, [weights, data]) ?? null;
  const bias = find(BIAS_NAMES, [weights, data]) ?? null;
  // Anything else unexplained means this is not the shape we think it is.
  if (unresolved.some((p) => ![weights, data, labels, bias].includes(p))) return null;
  return { weights, bias, data, labels };
}

type ModelRecipe = { name: string; weights: Gen; bias: Gen | null; data: Gen; labels: Gen | null };

/** Recipes for a model-parameter loss, the likeliest first: multiclass (CS231n), logistic, linear regression. */
function modelRecipes(loss: DiscoveredLoss, roles: ModelRoles, sizes: Sizes): ModelRecipe[] {
  const n = VECTOR;
  const d = FEATURES;
  const c = sizes.classes;
  const words = new Set([...wordParts(loss.name), ...(loss.className ? wordParts(loss.className) : [])]);
  const hints = new Set(loss.bodyHints);
  const labelUses = roles.labels ? (loss.paramUses[roles.labels.name] ?? []) : [];
  const recipes: Record<string, ModelRecipe> = {
    multiclass: {
      name: 'weights+data+labels',
      weights: { generator: 'randn', dims: [d, c] },
      bias: { generator: 'randn', dims: [c] },
      data: { generator: 'randn', dims: [n, d] },
      labels: { generator: 'labels', dims: [n, c] },
    },
    logistic: {
      name: 'weights+data+binary',
      weights: { generator: 'randn', dims: [d] },
      bias: { generator: 'randn', dims: [] },
      data: { generator: 'randn', dims: [n, d] },
      labels: { generator: 'binary', dims: [n] },
    },
    linear: {
      name: 'weights+data+targets',
      weights: { generator: 'randn', dims: [d] },
      bias: { generator: 'randn', dims: [] },
      data: { generator: 'randn', dims: [n, d] },
      labels: { generator: 'randn', dims: [n] },
    },
    'logistic-column': {
      name: 'weights+data+binary (column vectors)',
      weights: { generator: 'randn', dims: [d, 1] },
      bias: { generator: 'randn', dims: [] },
      data: { generator: 'randn', dims: [n, d] },
      labels: { generator: 'binary', dims: [n, 1] },
    },
    'linear-column': {
      name: 'weights+data+targets (column vectors)',
      weights: { generator: 'randn', dims: [d, 1] },
      bias: { generator: 'randn', dims: [] },
      data: { generator: 'randn', dims: [n, d] },
      labels: { generator: 'randn', dims: [n, 1] },
    },
    // (D, N) data, Ng's deep-learning course: X of shape (features, examples), w (features, 1).
    'logistic-columns': {
      name: 'weights+data+binary (examples as columns)',
      weights: { generator: 'randn', dims: [d, 1] },
      bias: { generator: 'randn', dims: [] },
      data: { generator: 'randn', dims: [d, n] },
      labels: { generator: 'binary', dims: [1, n] },
    },
  };
  const multiclass =
    labelUses.includes('index') ||
    labelUses.includes('long') ||
    ['svm', 'softmax', 'multiclass', 'hinge', 'cross', 'crossentropy', 'ce', 'nll'].some((w) => words.has(w)) ||
    hints.has('arange');
  const logistic =
    ['logistic', 'sigmoid', 'logreg', 'bce', 'binary'].some((w) => words.has(w)) ||
    hints.has('sigmoid') ||
    hints.has('expit') ||
    (hints.has('log') && !multiclass);
  const order = multiclass
    ? ['multiclass', 'logistic', 'linear', 'logistic-column', 'linear-column', 'logistic-columns']
    : logistic
      ? ['logistic', 'logistic-column', 'logistic-columns', 'linear', 'linear-column', 'multiclass']
      : ['linear', 'linear-column', 'logistic', 'logistic-column', 'multiclass', 'logistic-columns'];
  return order.map((k) => recipes[k]);
}

/**
 * The recipes for one loss. Throws InputError when an argument cannot be inferred (the message
 * says how to annotate it).
 */
export function planInputs(
  loss: DiscoveredLoss,
  seed: number,
  trials: number = GRADCHECK_DEFAULTS.trials,
  overrides: PlanOverrides = {},
): InputPlan {
  const annotation = loss.annotation;
  const callable = loss.params.filter((p) => p.kind === 'positional' || p.kind === 'keyword');
  const required = callable.filter((p) => p.default === undefined);
  const given: Record<string, ArgSpec> = annotation?.args ?? {};
  const isPythonKeyword = (p: Param): boolean => loss.language === 'python' && p.kind === 'keyword';
  const rng = new Mulberry32(seed);
  const sizes = sizesOf(loss, given);
  const init = initArgs(loss, given, sizes, rng, overrides.fillNoneDefaults);

  const unresolved = required.filter(
    (p) => !(p.name in given) && hyperValue(p.name) === undefined && !isCountName(p.name),
  );
  const model = annotation?.wrt || overrides.wrt || Object.keys(given).length ? null : modelRolesOf(unresolved);
  const roles: Roles = model
    ? { pred: model.weights, target: model.labels, extras: [] }
    : rolesOf(loss, callable, unresolved, given, overrides.wrt);
  const { pred, target } = roles;

  type Shape = { name: string; gens: Map<Param, Gen>; regression: boolean };
  let shapes: Shape[];
  const annotatedPred = given[pred.name];
  if (model) {
    shapes = modelRecipes(loss, model, sizes).map((r) => {
      const gens = new Map<Param, Gen>([
        [model.weights, r.weights],
        [model.data, r.data],
      ]);
      if (model.labels && r.labels) gens.set(model.labels, r.labels);
      if (model.bias && r.bias) gens.set(model.bias, r.bias);
      return { name: r.name, gens, regression: false };
    });
  } else if (annotatedPred || (target && given[target.name])) {
    const gens = new Map<Param, Gen>([[pred, specGen(annotatedPred) ?? { generator: 'randn', dims: [VECTOR] }]]);
    if (target) gens.set(target, specGen(given[target.name]) ?? { generator: 'randn', dims: [VECTOR] });
    for (const extra of roles.extras) gens.set(extra, gens.get(pred)!);
    shapes = [{ name: 'annotation', gens, regression: false }];
  } else {
    shapes = recipeShapes(loss, pred, target, sizes).map((r) => {
      const gens = new Map<Param, Gen>([[pred, r.pred]]);
      if (target && r.target) gens.set(target, r.target);
      for (const extra of roles.extras) {
        // More tensors than a prediction and a target: latent statistics, or tensors shaped like the prediction.
        const latent = LATENT_NAMES.has(squash(extra.name));
        gens.set(
          extra,
          latent
            ? { generator: 'randn', dims: [shapeOf(r.pred)[0] ?? VECTOR, FEATURES] }
            : r.pred.generator === 'unit'
              ? r.pred
              : {
                  generator: r.pred.generator === 'rand' || r.pred.generator === 'probs' ? r.pred.generator : 'randn',
                  dims: r.pred.dims,
                },
        );
      }
      return { name: r.name, gens, regression: r.pred.generator === 'randn' && r.target?.generator === 'randn' };
    });
  }

  if (overrides.shape?.length) {
    // The shape the code asked for, for the prediction and every tensor shaped like it.
    const dims = [ROWS, ...overrides.shape];
    shapes = shapes.map((sh) => {
      const predDims = sh.gens.get(pred)?.dims.join(',');
      const gens = new Map(
        [...sh.gens].map(
          ([p, g]) => [p, g.dims.join(',') === predDims && g.generator !== 'labels' ? { ...g, dims } : g] as const,
        ),
      );
      return { ...sh, name: `${sh.name} (${dims.join(', ')})`, gens };
    });
  }
  const recipes: WireRecipe[] = [];
  const summaries: Record<string, InputSummary[]> = {};
  const regression: InputPlan['regression'] = {};
  const domains: InputPlan['domains'] = {};
  for (const shape of shapes) {
    const recipeTrials: WireArg[][] = [];
    for (let t = 0; t < trials; t++) {
      const scale = TRIAL_SCALES[t % TRIAL_SCALES.length];
      const args: WireArg[] = [];
      for (const p of callable) {
        const keyword = isPythonKeyword(p);
        const form = jsForm(p.type, loss.language !== 'python' && loss.frameworks.includes('tensorflow'));
        const gen = shape.gens.get(p);
        if (gen) args.push({ name: p.name, value: draw(gen, rng, scale), keyword, form });
        else if (given[p.name]) {
          const spec = given[p.name];
          args.push({
            name: p.name,
            value: spec.kind === 'generator' ? draw(spec, rng, scale) : spec.value,
            keyword: keyword || p.default !== undefined,
            form,
          });
        } else if (p.default === undefined && hyperValue(p.name) !== undefined)
          args.push({ name: p.name, value: hyperValue(p.name)!, keyword, form: 'number' });
        else if (p.default === undefined && isCountName(p.name))
          args.push({ name: p.name, value: COUNT, keyword, form: 'number' });
        else if (p.default !== undefined)
          continue; // the function's own default
        else args.push({ name: p.name, value: constantFromDefault(p.default) ?? 0, keyword, form });
      }
      // JS passes positionally: an omitted optional argument before a given one must be undefined, so stop at the first gap.
      recipeTrials.push(loss.language === 'python' ? args : positionalPrefix(args, callable));
    }
    recipes.push({ name: shape.name, trials: recipeTrials });
    summaries[shape.name] = recipeTrials[0].map((a) => summarize(a, shape.gens, callable));
    if (shape.regression && target) regression[shape.name] = { pred: pred.name, target: target.name };
    const wrtGen = shape.gens.get(pred);
    domains[shape.name] = wrtGen ? domainOf(wrtGen) : [-Infinity, Infinity];
  }
  const first = shapes[0];
  const example = annotationLine(loss, [
    ...callable.filter((p) => first?.gens.has(p)).map((p) => `${p.name}=${generatorText(first.gens.get(p)!)}`),
    ...(pred !== callable[0] && !model ? [`wrt=${pred.name}`] : []),
  ]);
  // (ydata, ydata_): nothing in the names says which one is the prediction.
  const ambiguous =
    !model &&
    !overrides.wrt &&
    !annotation?.wrt &&
    target !== null &&
    callable.indexOf(pred) < callable.indexOf(target) &&
    predScore(pred.name) === predScore(target.name) &&
    predScore(target.name) >= 0 &&
    predScore(pred.name) < 2;
  return {
    wrt: pred.name,
    target: target?.name ?? null,
    recipes,
    summaries,
    regression,
    domains,
    init,
    example,
    ...(ambiguous ? { alternativeWrt: target.name } : {}),
  };
}

/** The integer a count argument (`num_boxes`) gets. */
const COUNT = 4;

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

function summarize(a: WireArg, gens: Map<Param, Gen>, params: Param[]): InputSummary {
  const v = a.value;
  if (typeof v !== 'object')
    return {
      name: a.name,
      generator: 'constant',
      shape: [],
      dtype: typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'boolean',
      values: v,
    };
  const param = params.find((p) => p.name === a.name);
  const gen = param ? gens.get(param) : undefined;
  const generator = gen ? `${gen.generator}(${gen.dims.join(',')})` : 'annotation';
  return {
    name: a.name,
    generator,
    shape: v.shape,
    dtype: v.dtype,
    ...(v.data.length <= 32 ? { values: v.data.map((x) => Number(x.toPrecision(6))) } : {}),
  };
}

/** The annotation comment (or JSDoc tag) with these settings, as the user would write it. */
function annotationLine(loss: DiscoveredLoss, settings: string[]): string {
  const body = settings.join(' ');
  return loss.language === 'python' ? `# gradcheck: ${body}` : `/** @gradcheck ${body} */`;
}
