/**
 * The messages between the host and a runner process (the JS/TS child and the Python driver speak
 * the same JSON). A runner only computes numbers: central differences (../../engine/differences.ts,
 * mirrored by driver.py's numeric_trial) and the analytic gradient. The verdict rule lives once,
 * in ../../engine/gradientVerdict.ts, applied on the host, so every language reports the same way.
 */
import type { TrialNumbers } from '../../engine/differences';

/** The numbers of one trial, as ../../engine/differences.ts computes them (null where JSON has no NaN). */
export type { TrialNumbers };

/** An array argument: row-major data with its shape. Integer dtype for class labels. */
export type WireArray = { dtype: 'float64' | 'int64'; shape: number[]; data: number[] };
type WireValue = WireArray | number | string | boolean;

/** One argument of a call. `keyword`: passed by name (Python keyword-only or an annotated default). */
export type WireArg = {
  name: string;
  value: WireValue;
  keyword: boolean;
  /** JS only: how the array reaches the function (from its type hint); nested arrays by default. */
  form?: 'nested' | 'Float64Array' | 'number' | 'tensor';
};

/** How the function is called. */
export type WireTarget = {
  name: string;
  kind: 'function' | 'method' | 'class' | 'member';
  className?: string;
  /** JS: the object holding a `member`. */
  objectName?: string;
  base?: 'autograd.Function' | 'nn.Module' | 'keras.Loss' | 'callable';
  /** Constructor arguments for a class loss or the class of a method, passed by name. */
  init?: WireArg[];
};

/**
 * `paired` with `afterCall`: the gradient function takes no arguments and returns the gradient of
 * the loss call made just before it (layer-style `forward` + `backward()`).
 * `returned`: the loss returns `(loss, grad)` (or `(loss, {name: grad})`); the gradient with respect
 * to the differentiated argument is taken from what it returns.
 */
export type GradientSource =
  | { kind: 'paired'; name: string; afterCall?: boolean }
  | { kind: 'autograd' }
  | { kind: 'jax' }
  | { kind: 'returned' }
  | { kind: 'none' };

/** The input set of one recipe: one argument list per trial point. */
export type WireRecipe = { name: string; trials: WireArg[][] };

export type CheckRequest = {
  op: 'check';
  file: string;
  /** Unsaved editor text to run instead of the file on disk. */
  text?: string;
  /** A notebook: its code cells up to the loss's own, run in order instead of `file`'s text. */
  cells?: WireCell[];
  target: WireTarget;
  /** Tried in order until one gives a finite scalar at its first trial. */
  recipes: WireRecipe[];
  wrt: string;
  gradient: GradientSource;
  /** Relative step: h_i = step * max(1, |x_i|). */
  step: number;
  /** Above this many elements, compare directional derivatives along random ±1 directions. */
  projectionAbove: number;
  projectionDirections: number;
  projectionSeed: number;
  /** The verdict's rtol, before any widening: finer probes are taken where one-sided slopes disagree beyond it. */
  rtol: number;
  /** Extra argument lists (for the chosen recipe's trial 0, by the host's rules) to evaluate forward only. */
  probes: { recipe: string; args: WireArg[] }[];
  /** The framework to build arrays with (Python): numpy, torch or jax. JS ignores it. */
  framework: string;
  /** Python: frameworks the runner imports once, before the fork that loads the module. */
  preload?: string[];
  /** The annotation that would fix the inputs, for the message when no recipe worked. */
  example?: string;
};

/** A notebook cell as the runner executes it: its label (`nb.ipynb#cell3`, for tracebacks) and its Python text. */
export type WireCell = { label: string; text: string };

type LoadRequest = { op: 'load'; file: string; text?: string; preload?: string[] };

export type SeriesRequest = {
  op: 'series';
  file: string;
  text?: string;
  cells?: WireCell[];
  target: WireTarget;
  args: WireArg[];
  wrt: string;
  /** Flat index into wrt. */
  index: number;
  xs: number[];
  gradient: GradientSource;
  step: number;
  framework: string;
  preload?: string[];
};

export type RunnerRequest = (CheckRequest | LoadRequest | SeriesRequest) & { id: number };

/**
 * A text from a runner: `message` in English, and the template (one of ../messages.ts) with its
 * arguments, so the host can show it in the user's language. The arguments are the user's values,
 * or nested messages as {template, args}, lists as {items, separator?}, clipped parts as {clip, max}.
 */
export type WireText = { message: string; template?: string; args?: readonly unknown[] };

export type RunnerError = WireText & {
  /** What went wrong, for the verdict's message. */
  kind: 'load' | 'exception' | 'return-type' | 'not-finite' | 'no-recipe' | 'not-found' | 'gradient' | 'interrupted';
  traceback?: string;
};

export type CheckReply = {
  ok: true;
  recipe: string;
  /** Why the earlier recipes were rejected. */
  rejected: { recipe: string; reason: string }[];
  trials: TrialNumbers[];
  probes: (number | null)[];
  /** 'float32' when the user's code computed in lower precision. */
  dtype: string;
  /** Where the gradient came from, as the runner found it (`torch.autograd`, `paired:f_grad`, ...). */
  gradient: string | null;
  /** Remarks for the result's warnings (`numeric step widened to 1e-3 for float32`). */
  notes: WireText[];
};

export type SeriesReply = {
  ok: true;
  loss: number[];
  numeric: number[];
  analytic: number[] | null;
  gradient: string | null;
};

/** A load's reply: what definitions-only loading left out (the statement's first line, and why). */
type LoadReply = { ok: true; loaded: true; leftOut: { line: number; text: string; why: string }[] };

export type RunnerReply = ({ id: number } & (
  CheckReply | SeriesReply | LoadReply | { ok: false; error: RunnerError }
)) & {
  /** Messages the driver sends before the reply: which phase it is in (for a crash's message). */
  phase?: undefined;
};

/** A progress note on the results channel: `{id, phase}`, before the final reply of that id. */
export type PhaseNote = { id: number; phase: 'import' | 'call' | 'gradient' | 'numeric'; detail?: string };
