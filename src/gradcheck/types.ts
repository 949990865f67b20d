/**
 * The grad-check feature's public types: what discovery finds in a document and what a check
 * reports. No `vscode` here: the lens provider, the Test Explorer and the CLI all build on these.
 */
import type { SourceLanguage } from '../syntax/sourceLanguage';
import type { Localizable } from './messages';

export type Framework = 'numpy' | 'torch' | 'jax' | 'tensorflow';

/** 0-based line and column (UTF-16 code units), as VS Code's Position counts them. */
type Position = { line: number; character: number };
export type Range = { start: Position; end: Position };

export type Param = {
  name: string;
  /** The type hint as written (`np.ndarray`, `number[][]`), if any. */
  type?: string;
  /** The default value as written (`2.0`, `"mean"`), if any. */
  default?: string;
  /** `*args` / `...rest` are 'rest', `**kwargs` is 'kwargs', after a bare `*` is 'keyword'. */
  kind: 'positional' | 'keyword' | 'rest' | 'kwargs';
};

/** One generator of an annotation: `randn(6,4)`, `labels(6,4)`, a number, a string or a boolean. */
export type GeneratorName = 'randn' | 'rand' | 'probs' | 'onehot' | 'labels' | 'binary' | 'signs';
export type ArgSpec =
  | { kind: 'generator'; generator: GeneratorName; dims: number[] }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean };

/** `message` is English; its template and arguments render it in the user's language. */
type AnnotationError = Localizable & { range: Range };

/** A parsed `# gradcheck:` comment or `@gradcheck` / `@grad` JSDoc tags. */
export type Annotation = {
  skip: boolean;
  /** Argument name -> how to make it. */
  args: Record<string, ArgSpec>;
  wrt?: string;
  grad?: string;
  seed?: number;
  /** `ref=huber`: the catalog loss to compare values with; `ref=none` turns the comparison off. */
  ref?: string;
  /** The reference's parameters (`ref=focal alpha=0.5`). */
  refParams?: Record<string, number | boolean>;
  /** Where the annotation text sits, for diagnostics. */
  range: Range;
  /** Problems in the annotation; a function with errors is reported as `error` without running. */
  errors: AnnotationError[];
};

/**
 * `member`: a function held by a JS object (`cost.MSE = function`, `const cost = { mse() {} }`);
 * `objectName` names the object.
 */
export type LossKind = 'function' | 'method' | 'class' | 'member';

/**
 * How a class loss is called: an `nn.Module` (its `forward`, through the instance), a subclass of a
 * PyTorch loss, an `autograd.Function` (`apply`), a Keras `Loss` (`call(y_true, y_pred)`), or any
 * class whose instances are called (`__call__`).
 */
export type ClassBase = 'autograd.Function' | 'nn.Module' | 'keras.Loss' | 'callable';

/** Why discovery counts this function as a loss. */
export type LossReason = 'name' | 'paired' | 'annotation' | 'autograd-function';

/** A loss function found in a document, ready to check (nothing of it has run). */
export type DiscoveredLoss = {
  name: string;
  /** For a method: the class holding it. */
  className?: string;
  /** For a `member`: the object holding it (`cost` in `cost.MSE = function`). */
  objectName?: string;
  kind: LossKind;
  language: SourceLanguage;
  reason: LossReason;
  /** The whole definition (decorators and annotation comment excluded). */
  range: Range;
  /** The function's (or class's) name, where a diagnostic belongs. */
  nameRange: Range;
  /** 1-based line of the name, as the CLI reports it. */
  line: number;
  /** The differentiable call's parameters (`self`, `ctx` dropped; `forward`'s for classes). */
  params: Param[];
  /** The paired gradient function's name, when one was found (or named by the annotation). */
  pairedGradient?: string;
  annotation?: Annotation;
  /** Frameworks the body (or, failing that, the module) uses. */
  frameworks: Framework[];
  /** For classes: what it subclasses, so the runner knows how to call it. */
  base?: ClassBase;
  /**
   * The constructor's parameters (`__init__` / `constructor`, `self` dropped) of a class loss, or of
   * the class holding a method: the checker builds the instance with their defaults, else with
   * typical values inferred from their names.
   */
  init?: Param[];
  /**
   * Every `return` of the body returns a tuple of two or more items (`return loss, dW`), or a loss
   * and a dict of gradients: the loss returns its own gradient, and that is what is checked.
   */
  returnsGradient?: boolean;
  /** The docstring (Python) or JSDoc text (JS/TS) without its delimiters, for shapes it states. */
  doc?: string;
  /**
   * The paired gradient takes none of the loss's arguments: it returns the gradient of the last
   * call, from what that call cached (layer-style `forward(x, t)` + `backward(dout=1)`).
   */
  statefulGradient?: boolean;
  /** Identifiers and calls the body uses, for input inference (lower-cased, deduplicated). */
  bodyHints: string[];
  /** Per parameter, how the body uses it: `log` (inside a log call), `index` (as a subscript), `long`, `softmax`, ... */
  paramUses: Record<string, string[]>;
};

export type Discovery = {
  language: SourceLanguage;
  losses: DiscoveredLoss[];
  /** Frameworks imported by the module. */
  imports: Framework[];
  /** True when the parser had to recover from a syntax error (losses may be incomplete). */
  hasSyntaxErrors: boolean;
};

type Verdict = 'pass' | 'fail' | 'error' | 'skipped';

/** One input given to the function: enough to reproduce it with the seed, and the values if small. */
export type InputSummary = {
  name: string;
  generator: string;
  shape: number[];
  dtype: 'float64' | 'int64' | 'number' | 'string' | 'boolean';
  /** The values of the first trial when there are at most 32 of them. */
  values?: number[] | number | string | boolean;
};

/** The result of checking one function: a superset of the CLI contract's record. */
export type CheckResult = {
  file: string;
  /** Null for a file that could not be loaded at all (one `error` result for the file). */
  function: string | null;
  line: number | null;
  language: SourceLanguage;
  verdict: Verdict;
  /** Where the analytic gradient came from: `paired:mse_grad`, `torch.autograd`, `jax.grad`, `autograd.Function.backward`, ... */
  gradient: string | null;
  maxRelError: number | null;
  worst: { index: number[]; analytic: number; numeric: number; trial: number } | null;
  message: string;
  /** The input recipe that produced a finite scalar (`annotation`, `real`, `probabilities+binary`, ...). */
  recipe: string | null;
  seed: number;
  /** The argument that was differentiated. */
  wrt: string | null;
  inputs: InputSummary[];
  warnings: string[];
  /** Elements at a kink (one-sided slopes disagree), left out of the verdict. */
  kinks: number;
  trials: number;
  /** rtol and atol used, and why they were widened if they were. */
  tolerance: { rtol: number; atol: number; reason?: string };
  /** The user's traceback / stack, for an error. */
  traceback?: string;
  /** What the user's code printed (trimmed), for the log. */
  output?: string;
  durationMs: number;
  /** Of durationMs, the time spent loading the module and its frameworks before the first call. */
  loadMs?: number;
  /** The loss's value compared with the catalog loss it reads as (the CLI contract's `reference`). */
  reference?: {
    id: string;
    params: Record<string, number | boolean>;
    convention: string;
    agrees: boolean;
    message: string;
  };
};

/** Points along one input coordinate, for the playground plot. */
export type GradientSeries = {
  function: string;
  wrt: string;
  index: number[];
  x: number[];
  loss: number[];
  numeric: number[];
  /** Null when there is no analytic gradient source. */
  analytic: number[] | null;
  gradient: string | null;
  /** The catalog loss the user's reads as, along the same coordinate (`label`: `PyTorch huber(delta=1), mean`). */
  reference?: { label: string; agrees: boolean; message: string; loss: number[] };
};
