/**
 * What the lint knows about framework functions, by canonical path (src/syntax/bindings): which
 * losses want logits, probabilities or log-probabilities and where their prediction and target
 * go; which calls are activations, one-hot encoders and output layers. Pure data; the facts come
 * from shared/reference/loss-semantics.md and each framework's documentation.
 */
import { canonicalSymbol } from '../syntax/bindings';

/** What a loss expects as its prediction. */
export type Need =
  /** Raw scores; the loss applies softmax itself. */
  | 'logits-multiclass'
  /** Raw scores; the loss applies sigmoid itself. */
  | 'logits-binary'
  | 'probs-binary'
  | 'probs-multiclass'
  | 'logprobs'
  /** KL in Keras: probabilities for both arguments. */
  | 'probs'
  | 'regression';

type Family = 'ce' | 'bce' | 'nll' | 'kl' | 'regression' | 'focal';

type Framework = 'pytorch' | 'keras' | 'optax' | 'tensorflow' | 'tfjs' | 'torchvision';

type Arg = { index: number; keywords: readonly string[] };

export type LossSpec = {
  /** Canonical path, or `keras:"mse"` / `tfjs:"mse"` for compile strings. */
  path: string;
  framework: Framework;
  form: 'function' | 'class' | 'string';
  family: Family;
  need: Need;
  input: Arg;
  target: Arg;
  /** Keras's `from_logits=True` turns a probability loss into a logits one. */
  fromLogits?: Need;
  /** The same loss on logits, by its last name (`binary_cross_entropy_with_logits`, `BCEWithLogitsLoss`). */
  logitsVariant?: string;
  /** Optax KL: the variant that takes log-probability targets. */
  logTargetsVariant?: string;
  /** The Keras class a compile string stands for, for a fix that needs `from_logits=True`. */
  kerasClass?: string;
};

const specs = new Map<string, LossSpec>();

const TORCH_IO = { input: { index: 0, keywords: ['input'] }, target: { index: 1, keywords: ['target'] } };
const KERAS_IO = { input: { index: 1, keywords: ['y_pred'] }, target: { index: 0, keywords: ['y_true'] } };
const KERAS_BACKEND_IO = { input: { index: 1, keywords: ['output'] }, target: { index: 0, keywords: ['target'] } };
const OPTAX_IO = (input: string, target: string) => ({
  input: { index: 0, keywords: [input] },
  target: { index: 1, keywords: [target] },
});
const TF_IO = (target: string, input: string) => ({
  input: { index: 1, keywords: [input] },
  target: { index: 0, keywords: [target] },
});

type Base = Omit<LossSpec, 'path' | 'framework' | 'form' | 'input' | 'target'>;

function torch(fn: string, cls: string, s: Base & { clsLogitsVariant?: string }): void {
  const { clsLogitsVariant, ...base } = s;
  specs.set(`torch.nn.functional.${fn}`, {
    ...base,
    path: `torch.nn.functional.${fn}`,
    framework: 'pytorch',
    form: 'function',
    ...TORCH_IO,
  });
  specs.set(`torch.nn.${cls}`, {
    ...base,
    ...(clsLogitsVariant ? { logitsVariant: clsLogitsVariant } : {}),
    path: `torch.nn.${cls}`,
    framework: 'pytorch',
    form: 'class',
    ...TORCH_IO,
  });
}
torch('cross_entropy', 'CrossEntropyLoss', { family: 'ce', need: 'logits-multiclass' });
torch('nll_loss', 'NLLLoss', {
  family: 'nll',
  need: 'logprobs',
  logitsVariant: 'cross_entropy',
  clsLogitsVariant: 'CrossEntropyLoss',
});
torch('binary_cross_entropy', 'BCELoss', {
  family: 'bce',
  need: 'probs-binary',
  logitsVariant: 'binary_cross_entropy_with_logits',
  clsLogitsVariant: 'BCEWithLogitsLoss',
});
torch('binary_cross_entropy_with_logits', 'BCEWithLogitsLoss', { family: 'bce', need: 'logits-binary' });
torch('multilabel_soft_margin_loss', 'MultiLabelSoftMarginLoss', { family: 'bce', need: 'logits-binary' });
torch('kl_div', 'KLDivLoss', { family: 'kl', need: 'logprobs' });
for (const [fn, cls] of [
  ['mse_loss', 'MSELoss'],
  ['l1_loss', 'L1Loss'],
  ['smooth_l1_loss', 'SmoothL1Loss'],
  ['huber_loss', 'HuberLoss'],
] as const)
  torch(fn, cls, { family: 'regression', need: 'regression' });

specs.set('torchvision.ops.sigmoid_focal_loss', {
  path: 'torchvision.ops.sigmoid_focal_loss',
  framework: 'torchvision',
  form: 'function',
  family: 'focal',
  need: 'logits-binary',
  input: { index: 0, keywords: ['inputs'] },
  target: { index: 1, keywords: ['targets'] },
});

function keras(cls: string | null, fns: readonly string[], s: Base): void {
  if (cls)
    specs.set(`keras.losses.${cls}`, {
      ...s,
      path: `keras.losses.${cls}`,
      framework: 'keras',
      form: 'class',
      ...KERAS_IO,
      ...(s.fromLogits ? { kerasClass: cls } : {}),
    });
  for (const fn of fns)
    specs.set(`keras.losses.${fn}`, {
      ...s,
      path: `keras.losses.${fn}`,
      framework: 'keras',
      form: 'function',
      ...KERAS_IO,
      ...(cls && s.fromLogits ? { kerasClass: cls } : {}),
    });
}
keras('BinaryCrossentropy', ['binary_crossentropy'], {
  family: 'bce',
  need: 'probs-binary',
  fromLogits: 'logits-binary',
});
keras('BinaryFocalCrossentropy', ['binary_focal_crossentropy'], {
  family: 'focal',
  need: 'probs-binary',
  fromLogits: 'logits-binary',
});
keras('CategoricalCrossentropy', ['categorical_crossentropy'], {
  family: 'ce',
  need: 'probs-multiclass',
  fromLogits: 'logits-multiclass',
});
keras('SparseCategoricalCrossentropy', ['sparse_categorical_crossentropy'], {
  family: 'ce',
  need: 'probs-multiclass',
  fromLogits: 'logits-multiclass',
});
keras('CategoricalFocalCrossentropy', ['categorical_focal_crossentropy'], {
  family: 'focal',
  need: 'probs-multiclass',
  fromLogits: 'logits-multiclass',
});
keras('KLDivergence', ['kl_divergence', 'kld', 'KLD', 'kullback_leibler_divergence'], { family: 'kl', need: 'probs' });
keras('MeanSquaredError', ['mean_squared_error', 'mse', 'MSE'], { family: 'regression', need: 'regression' });
keras('MeanAbsoluteError', ['mean_absolute_error', 'mae', 'MAE'], { family: 'regression', need: 'regression' });
keras('Huber', ['huber'], { family: 'regression', need: 'regression' });
keras('LogCosh', ['log_cosh', 'logcosh'], { family: 'regression', need: 'regression' });
for (const [fn, s] of [
  ['binary_crossentropy', { family: 'bce', need: 'probs-binary', fromLogits: 'logits-binary' }],
  ['categorical_crossentropy', { family: 'ce', need: 'probs-multiclass', fromLogits: 'logits-multiclass' }],
  ['sparse_categorical_crossentropy', { family: 'ce', need: 'probs-multiclass', fromLogits: 'logits-multiclass' }],
] as const) {
  specs.set(`keras.backend.${fn}`, {
    ...s,
    path: `keras.backend.${fn}`,
    framework: 'keras',
    form: 'function',
    ...KERAS_BACKEND_IO,
  });
}

/** Keras's string names in `compile(loss=...)`, to the function they name. */
const KERAS_STRINGS: Record<string, string> = {
  binary_crossentropy: 'binary_crossentropy',
  binary_focal_crossentropy: 'binary_focal_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
  categorical_focal_crossentropy: 'categorical_focal_crossentropy',
  kl_divergence: 'kl_divergence',
  kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
  mse: 'mean_squared_error',
  mean_squared_error: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mean_absolute_error: 'mean_absolute_error',
  huber: 'huber',
  log_cosh: 'log_cosh',
  logcosh: 'log_cosh',
};
for (const [name, fn] of Object.entries(KERAS_STRINGS)) {
  const e = specs.get(`keras.losses.${fn}`)!;
  specs.set(`keras:"${name}"`, { ...e, path: `keras:"${name}"`, form: 'string' });
}

function optax(fns: readonly string[], s: Base & { io: ReturnType<typeof OPTAX_IO> }): void {
  const { io, ...base } = s;
  for (const fn of fns)
    specs.set(`optax.${fn}`, { ...base, path: `optax.${fn}`, framework: 'optax', form: 'function', ...io });
}
optax(['softmax_cross_entropy', 'safe_softmax_cross_entropy', 'softmax_cross_entropy_with_integer_labels'], {
  family: 'ce',
  need: 'logits-multiclass',
  io: OPTAX_IO('logits', 'labels'),
});
optax(['sigmoid_binary_cross_entropy'], { family: 'bce', need: 'logits-binary', io: OPTAX_IO('logits', 'labels') });
optax(['sigmoid_focal_loss'], { family: 'focal', need: 'logits-binary', io: OPTAX_IO('logits', 'labels') });
optax(['kl_divergence'], {
  family: 'kl',
  need: 'logprobs',
  logTargetsVariant: 'kl_divergence_with_log_targets',
  io: OPTAX_IO('log_predictions', 'targets'),
});
optax(['kl_divergence_with_log_targets'], {
  family: 'kl',
  need: 'logprobs',
  io: OPTAX_IO('log_predictions', 'log_targets'),
});
optax(['squared_error', 'l2_loss', 'huber_loss', 'log_cosh'], {
  family: 'regression',
  need: 'regression',
  io: OPTAX_IO('predictions', 'targets'),
});

function tf(fns: readonly string[], s: Base & { io: ReturnType<typeof TF_IO> }): void {
  const { io, ...base } = s;
  for (const fn of fns)
    specs.set(`tensorflow.${fn}`, {
      ...base,
      path: `tensorflow.${fn}`,
      framework: 'tensorflow',
      form: 'function',
      ...io,
    });
}
tf(
  [
    'nn.softmax_cross_entropy_with_logits',
    'nn.softmax_cross_entropy_with_logits_v2',
    'nn.sparse_softmax_cross_entropy_with_logits',
  ],
  { family: 'ce', need: 'logits-multiclass', io: TF_IO('labels', 'logits') },
);
tf(['nn.sigmoid_cross_entropy_with_logits', 'nn.weighted_cross_entropy_with_logits'], {
  family: 'bce',
  need: 'logits-binary',
  io: TF_IO('labels', 'logits'),
});
// TensorFlow 1's tf.losses (tf.compat.v1.losses): labels first, predictions or logits second.
tf(['losses.softmax_cross_entropy'], { family: 'ce', need: 'logits-multiclass', io: TF_IO('onehot_labels', 'logits') });
tf(['losses.sparse_softmax_cross_entropy'], { family: 'ce', need: 'logits-multiclass', io: TF_IO('labels', 'logits') });
tf(['losses.sigmoid_cross_entropy'], {
  family: 'bce',
  need: 'logits-binary',
  io: TF_IO('multi_class_labels', 'logits'),
});
tf(['losses.log_loss'], { family: 'bce', need: 'probs-binary', io: TF_IO('labels', 'predictions') });
tf(['losses.mean_squared_error', 'losses.absolute_difference', 'losses.huber_loss'], {
  family: 'regression',
  need: 'regression',
  io: TF_IO('labels', 'predictions'),
});

function tfjs(fns: readonly string[], s: Base): void {
  for (const fn of fns)
    specs.set(`tfjs.losses.${fn}`, {
      ...s,
      path: `tfjs.losses.${fn}`,
      framework: 'tfjs',
      form: 'function',
      ...TF_IO('labels', 'predictions'),
    });
}
tfjs(['softmaxCrossEntropy'], { family: 'ce', need: 'logits-multiclass' });
tfjs(['sigmoidCrossEntropy'], { family: 'bce', need: 'logits-binary' });
tfjs(['logLoss'], { family: 'bce', need: 'probs-binary', logitsVariant: 'sigmoidCrossEntropy' });
tfjs(['meanSquaredError', 'absoluteDifference', 'huberLoss'], { family: 'regression', need: 'regression' });

/** tfjs-layers' names in `model.compile({loss: ...})`; they take probabilities, with no from_logits. */
const TFJS_STRINGS: Record<string, Base> = {
  categoricalCrossentropy: { family: 'ce', need: 'probs-multiclass' },
  sparseCategoricalCrossentropy: { family: 'ce', need: 'probs-multiclass' },
  binaryCrossentropy: { family: 'bce', need: 'probs-binary' },
  kullbackLeiblerDivergence: { family: 'kl', need: 'probs' },
  meanSquaredError: { family: 'regression', need: 'regression' },
  mse: { family: 'regression', need: 'regression' },
  MSE: { family: 'regression', need: 'regression' },
  meanAbsoluteError: { family: 'regression', need: 'regression' },
  mae: { family: 'regression', need: 'regression' },
  MAE: { family: 'regression', need: 'regression' },
};
for (const [name, s] of Object.entries(TFJS_STRINGS))
  specs.set(`tfjs:"${name}"`, {
    ...s,
    path: `tfjs:"${name}"`,
    framework: 'tfjs',
    form: 'string',
    ...TF_IO('labels', 'predictions'),
  });

/** Every loss the lint knows, by canonical path. */
export const LOSS_SPECS: ReadonlyMap<string, LossSpec> = specs;

/** The last names of those paths (`cross_entropy`, `CrossEntropyLoss`): a call whose callee ends otherwise is no loss. */
export const LOSS_NAMES: ReadonlySet<string> = new Set(
  [...specs.keys()].filter((p) => !p.includes('"')).map((p) => p.slice(p.lastIndexOf('.') + 1)),
);

/** Module prefixes the lint folds together, beyond the hover's canonical loss paths. */
const PREFIXES: readonly [string, string][] = [
  ['tensorflow.compat.v1.', 'tensorflow.'],
  ['tensorflow.compat.v2.', 'tensorflow.'],
  ['tensorflow.python.keras.', 'keras.'],
  ['tensorflow.keras.', 'keras.'],
  ['tf_keras.', 'keras.'],
  ['keras.src.', 'keras.'],
  ['keras.api.', 'keras.'],
  ['keras.layers.core.', 'keras.layers.'],
  ['keras.layers.activation.', 'keras.layers.'],
  ['torch.nn.modules.linear.', 'torch.nn.'],
  ['torch.nn.modules.activation.', 'torch.nn.'],
  ['torch.nn.modules.container.', 'torch.nn.'],
];

/** A resolved dotted path in the form the tables use. */
export function normalizePath(path: string): string {
  // The module itself too: `tensorflow.keras` is `keras`.
  const dotted = `${path}.`;
  for (const [from, to] of PREFIXES) if (dotted.startsWith(from)) return (to + dotted.slice(from.length)).slice(0, -1);
  return path;
}

/** The loss at `path` (TensorFlow 1's `tf.losses.*` first, which the hover's canonical form would call Keras). */
export function lossAt(path: string): LossSpec | undefined {
  const p = normalizePath(path);
  return specs.get(p) ?? specs.get(canonicalSymbol(p)) ?? specs.get(canonicalSymbol(path));
}

export function stringLossSpec(name: string, dialect: 'keras' | 'tfjs'): LossSpec | undefined {
  return specs.get(`${dialect}:"${name}"`);
}

// ---------------------------------------------------------------------------------------------
// Activations and one-hot encoders

export type Activation = 'softmax' | 'sigmoid' | 'log_softmax' | 'log_sigmoid';

/** Functions that apply an activation to their first argument. */
export const ACTIVATION_FUNCTIONS: ReadonlyMap<string, Activation> = new Map<string, Activation>([
  ...[
    'torch.softmax',
    'torch.nn.functional.softmax',
    'torch.special.softmax',
    'jax.nn.softmax',
    'flax.linen.softmax',
    'tensorflow.nn.softmax',
    'tensorflow.math.softmax',
    'keras.activations.softmax',
    'keras.ops.softmax',
    'tfjs.softmax',
    'scipy.special.softmax',
  ].map((p): [string, Activation] => [p, 'softmax']),
  ...[
    'torch.sigmoid',
    'torch.nn.functional.sigmoid',
    'torch.special.expit',
    'jax.nn.sigmoid',
    'flax.linen.sigmoid',
    'tensorflow.sigmoid',
    'tensorflow.nn.sigmoid',
    'tensorflow.math.sigmoid',
    'keras.activations.sigmoid',
    'keras.ops.sigmoid',
    'tfjs.sigmoid',
    'scipy.special.expit',
  ].map((p): [string, Activation] => [p, 'sigmoid']),
  ...[
    'torch.log_softmax',
    'torch.nn.functional.log_softmax',
    'torch.special.log_softmax',
    'jax.nn.log_softmax',
    'flax.linen.log_softmax',
    'tensorflow.nn.log_softmax',
    'tensorflow.math.log_softmax',
    'keras.ops.log_softmax',
    'tfjs.logSoftmax',
    'scipy.special.log_softmax',
  ].map((p): [string, Activation] => [p, 'log_softmax']),
  ...[
    'torch.nn.functional.logsigmoid',
    'jax.nn.log_sigmoid',
    'tensorflow.math.log_sigmoid',
    'keras.ops.log_sigmoid',
    'tfjs.logSigmoid',
  ].map((p): [string, Activation] => [p, 'log_sigmoid']),
]);

/** Tensor methods that apply an activation: `x.softmax(1)`, `x.sigmoid()`, `x.logSoftmax()`. */
export const ACTIVATION_METHODS: ReadonlyMap<string, Activation> = new Map<string, Activation>([
  ['softmax', 'softmax'],
  ['sigmoid', 'sigmoid'],
  ['log_softmax', 'log_softmax'],
  ['logSoftmax', 'log_softmax'],
  ['logSigmoid', 'log_sigmoid'],
]);

/** Logarithms: log of probabilities gives log-probabilities. */
export const LOG_FUNCTIONS: ReadonlySet<string> = new Set([
  'torch.log',
  'numpy.log',
  'jax.numpy.log',
  'tensorflow.math.log',
  'tensorflow.log',
  'keras.ops.log',
  'tfjs.log',
  'math.log',
]);

/** Module classes that are activations: `nn.Softmax(dim=1)`, `layers.Softmax()`. */
export const ACTIVATION_MODULES: ReadonlyMap<string, Activation> = new Map<string, Activation>([
  ['torch.nn.Softmax', 'softmax'],
  ['torch.nn.Sigmoid', 'sigmoid'],
  ['torch.nn.LogSoftmax', 'log_softmax'],
  ['torch.nn.LogSigmoid', 'log_sigmoid'],
  ['keras.layers.Softmax', 'softmax'],
  ['tfjs.layers.softmax', 'softmax'],
]);

/** Keras's Activation layer and the `activation=` argument of a layer: the names it reads. */
export const ACTIVATION_NAMES: ReadonlyMap<string, Activation | 'linear'> = new Map<string, Activation | 'linear'>([
  ['softmax', 'softmax'],
  ['sigmoid', 'sigmoid'],
  ['log_softmax', 'log_softmax'],
  ['logSoftmax', 'log_softmax'],
  ['linear', 'linear'],
]);

export const KERAS_ACTIVATION_LAYERS: ReadonlySet<string> = new Set([
  'keras.layers.Activation',
  'tfjs.layers.activation',
]);

/** Layers whose output is raw scores unless an activation is given: the output layers people end with. */
export const LINEAR_LAYERS: ReadonlySet<string> = new Set([
  'torch.nn.Linear',
  'torch.nn.LazyLinear',
  'torch.nn.Bilinear',
  'keras.layers.Dense',
  'tensorflow.layers.dense',
  'tfjs.layers.dense',
  'flax.linen.Dense',
  'haiku.Linear',
]);

/** Layers that pass their input's kind through (applied after the output layer they do not change what it is). */
export const TRANSPARENT_LAYERS: ReadonlySet<string> = new Set([
  'torch.nn.Dropout',
  'torch.nn.Identity',
  'torch.nn.Flatten',
  'keras.layers.Dropout',
  'keras.layers.Flatten',
  'keras.layers.Reshape',
  'keras.layers.GaussianNoise',
  'tfjs.layers.dropout',
  'tfjs.layers.flatten',
]);

export const SEQUENTIAL_CONTAINERS: ReadonlySet<string> = new Set([
  'torch.nn.Sequential',
  'keras.Sequential',
  'keras.models.Sequential',
  'tfjs.sequential',
]);

export const FUNCTIONAL_MODELS: ReadonlySet<string> = new Set(['keras.Model', 'keras.models.Model', 'tfjs.model']);

/** One-hot encoders, and the dtype of what they return. */
export const ONE_HOT_FUNCTIONS: ReadonlyMap<string, 'int' | 'float'> = new Map<string, 'int' | 'float'>([
  ['torch.nn.functional.one_hot', 'int'],
  ['jax.nn.one_hot', 'float'],
  ['tensorflow.one_hot', 'float'],
  ['keras.utils.to_categorical', 'float'],
  ['keras.utils.np_utils.to_categorical', 'float'],
  ['keras.ops.one_hot', 'float'],
  ['tfjs.oneHot', 'int'],
]);

/** Identity matrices: `torch.eye(C)[y]` is a float one-hot. */
export const EYE_FUNCTIONS: ReadonlySet<string> = new Set([
  'torch.eye',
  'numpy.eye',
  'jax.numpy.eye',
  'numpy.identity',
  'tensorflow.eye',
]);

/** Label smoothing done by hand before the loss. */
export const SMOOTHING_FUNCTIONS: ReadonlySet<string> = new Set(['optax.smooth_labels']);

/** Tensor methods that keep what a value is: a view, a cast, a move between devices. */
export const KIND_PRESERVING_METHODS: ReadonlySet<string> = new Set([
  'view',
  'reshape',
  'view_as',
  'reshape_as',
  'flatten',
  'squeeze',
  'unsqueeze',
  'contiguous',
  'permute',
  'transpose',
  't',
  'to',
  'cuda',
  'cpu',
  'detach',
  'clone',
  'type',
  'type_as',
  'expand',
  'expand_as',
  'narrow',
  'select',
  'as2D',
  'as1D',
  'as3D',
  'as4D',
  'asType',
  'expandDims',
  'squeeze',
]);

/** Casts: a float cast makes an integer one-hot a float one. */
export const FLOAT_CASTS: ReadonlySet<string> = new Set(['float', 'double', 'half', 'bfloat16', 'asType']);
export const INT_CASTS: ReadonlySet<string> = new Set(['long', 'int']);

/** Padding that puts a constant into a label tensor, and the keyword that holds it. */
export const PAD_FUNCTIONS: ReadonlyMap<string, { keyword: string; index: number }> = new Map([
  ['torch.nn.utils.rnn.pad_sequence', { keyword: 'padding_value', index: 2 }],
  ['torch.nn.functional.pad', { keyword: 'value', index: 3 }],
]);
