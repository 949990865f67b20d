/**
 * The playground's wire protocol: every message between the extension host and the webview, the
 * argument of the `lossPlayground.open` command, and what each scene asks and answers. The only
 * place a message name is spelled; both sides import this file (the webview through its own
 * tsconfig), so it imports only the formula vocabulary (constants that import nothing) and holds
 * types, constants and two scene-name helpers.
 *
 * A scene is three entries in the maps below (SceneInputs, SceneData, SceneViews) and an id in
 * SCENES; the request and result unions are derived from the maps. Its host module
 * (src/playground/scenes/<id>.ts) checks what comes in and computes; its page module
 * (webview/scenes/<id>.ts) draws. Messages from the webview are untrusted: the host checks every
 * field (src/playground/messages.ts) before it acts on one.
 */
// ---------------------------------------------------------------------------------------------
// Scenes

/** Every scene, in the order of the page's tabs; "scene=7" in a link or an argument is the 7th. */
export const SCENES = [
  'regression',
  'margin',
  'probability',
  'neuron',
  'surface',
  'outliers',
  'softmax',
  'entropy',
  'multilabel',
  'yourLoss',
  'network',
  'formula',
] as const;
export type SceneId = (typeof SCENES)[number];

export function isSceneId(v: unknown): v is SceneId {
  return typeof v === 'string' && (SCENES as readonly string[]).includes(v);
}

/** The scene named by its id ("softmax") or its 1-based number as in the issue ("7"). */
export function sceneFromName(name: string): SceneId | undefined {
  if (isSceneId(name)) return name;
  const n = Number(name);
  return Number.isInteger(n) && n >= 1 && n <= SCENES.length ? SCENES[n - 1] : undefined;
}

/** Regression losses drawn in scene 1 (catalog ids). */
export const REGRESSION_LOSSES = ['mse', 'l1', 'smooth_l1', 'huber', 'log_cosh', 'quantile'] as const;
export type RegressionLossId = (typeof REGRESSION_LOSSES)[number];
/** Margin surrogates drawn in scene 2 (catalog ids). */
export const MARGIN_LOSSES = ['zero_one', 'hinge', 'squared_hinge', 'logistic', 'exponential'] as const;
export type MarginLossId = (typeof MARGIN_LOSSES)[number];
/**
/**
 * Losses the surface scene can switch between. Over a 0/1 data set, `logistic_regression` is
 * σ(w·x + b) under cross-entropy, and `logistic_mse` the same model under the squared error;
 * `formula` is the formula scene's formula (`f`) of the line's prediction a = w·x + b.
 */
export const SURFACE_LOSSES = ['mse', 'l1', 'huber', 'logistic_regression', 'logistic_mse', 'formula'] as const;
export type SurfaceLossId = (typeof SURFACE_LOSSES)[number];
/** Penalties on the surface's weight w (never on the bias b): ½λw² (l2) or λ|w| (l1). */
export const SURFACE_PENALTIES = ['none', 'l2', 'l1'] as const;
export type SurfacePenaltyId = (typeof SURFACE_PENALTIES)[number];
/** How the surface scene shows its loss: the heat map alone, or beside it the surface in three dimensions. */
export const SURFACE_VIEWS = ['2d', '3d'] as const;
type SurfaceViewMode = (typeof SURFACE_VIEWS)[number];
/** Catalog losses the formula scene can draw beside the formula (at their default parameters). */
export const FORMULA_OVERLAYS = [...REGRESSION_LOSSES, ...MARGIN_LOSSES, 'bce_with_logits'] as const;
export type FormulaOverlayId = (typeof FORMULA_OVERLAYS)[number];
/** The surface's data for a formula loss: its y as they are, as 0/1 labels, or as ±1 labels. */
export const FORMULA_LABELS = ['real', '01', 'pm1'] as const;
export type FormulaLabels = (typeof FORMULA_LABELS)[number];
// The formula's functions, its error codes and its code targets: the engine's lists, re-exported
// (a module of constants that imports nothing, which the page's tsconfig lists too).
export {
  CODE_TARGETS,
  FORMULA_ERROR_CODES,
  FUNCTION_NAMES as FORMULA_FUNCTIONS,
  type CodeTarget,
  type FormulaErrorCode,
} from './engine/formula/vocabulary';
import type { CodeTarget, FormulaErrorCode } from './engine/formula/vocabulary';

/** Line fits compared in the outliers scene. */
export const OUTLIER_FITS = ['l1', 'mse', 'smooth_l1'] as const;
export type OutlierFitId = (typeof OUTLIER_FITS)[number];

/** The network scene's data sets: the first four are classification (labels 0/1), the rest regression. */
export const NETWORK_CLASSIFICATION_SETS = ['circles', 'xor', 'gaussians', 'spiral'] as const;
export const NETWORK_REGRESSION_SETS = ['plane', 'saddle', 'bumps'] as const;
export const NETWORK_DATASETS = [...NETWORK_CLASSIFICATION_SETS, ...NETWORK_REGRESSION_SETS] as const;
export type NetworkDatasetId = (typeof NETWORK_DATASETS)[number];
export type NetworkTask = 'classification' | 'regression';
/**
 * Catalog losses a network trains with, by what they read of its one output z (the engine's table,
 * src/engine/networkLoss.ts, is the source; a unit test holds this one to it): `output` z, or σ(z)
 * with a sigmoid output unit (classification); `probability` σ(z); `logit` z against 0/1; `sign`
 * z against ±1; `twoLogits` the class logits [0, z].
 */
export const NETWORK_LOSS_FEEDS = {
  mse: 'output',
  l1: 'output',
  smooth_l1: 'output',
  huber: 'output',
  log_cosh: 'output',
  quantile: 'output',
  bce: 'probability',
  bce_with_logits: 'logit',
  focal: 'logit',
  hinge: 'sign',
  squared_hinge: 'sign',
  logistic: 'sign',
  exponential: 'sign',
  cross_entropy: 'twoLogits',
  multi_margin: 'twoLogits',
} as const;
export type NetworkLossId = keyof typeof NETWORK_LOSS_FEEDS;
export const NETWORK_LOSSES = Object.keys(NETWORK_LOSS_FEEDS) as NetworkLossId[];
/** The losses for a regression set; every other loss is for classification (and these too, on labels 0/1, but quantile). */
export const NETWORK_REGRESSION_LOSSES = [
  'mse',
  'l1',
  'smooth_l1',
  'huber',
  'log_cosh',
  'quantile',
] as const satisfies readonly NetworkLossId[];
export const NETWORK_CLASSIFICATION_LOSSES = NETWORK_LOSSES.filter((id) => id !== 'quantile');
export const NETWORK_ACTIVATIONS = ['tanh', 'relu', 'sigmoid'] as const;
export const NETWORK_OUTPUTS = ['linear', 'sigmoid'] as const;
/** How far a network trains: a play runs to here unless paused. */
export const NETWORK_MAX_EPOCHS = 10_000;
/** The network's decision map spans [−NETWORK_EXTENT, NETWORK_EXTENT]²; its data sets lie in about [−1, 1]². */
export const NETWORK_EXTENT = 1.25;

// What each scene's controls ask the host to compute.
export type RegressionInput = { range: number; beta: number; delta: number; q: number };
export type MarginInput = { range: number };
export type ProbabilityInput = { steps: number };
/** `etaCe`: cross-entropy's own learning rate (Nielsen's ch. 3 uses 0.005 there); absent, `eta` for both. */
export type NeuronInput = { w: number; b: number; eta: number; etaCe?: number; epochs: number };
export type SurfaceInput = {
  loss: SurfaceLossId;
  delta: number;
  seed: number;
  n: number;
  noise: number;
  start: [number, number];
  eta: number;
  steps: number;
  /** Grid size per axis of the refined surface (the coarse one is smaller). */
  resolution: number;
  /** The penalty on w in J(w, b) = L(w, b) + R(w), and its weight λ (unused with 'none'). */
  penalty: SurfacePenaltyId;
  lambda: number;
  /** For loss `formula`: the formula, and how its data's y are labelled. */
  f?: string;
  labels?: FormulaLabels;
};
export type OutliersInput = { seed: number; n: number; outliers: number; offset: number; beta: number };
export type SoftmaxInput = { logits: number[]; target: number };
export type EntropyInput = { p: number[]; q: number[] };
export type MultilabelInput = { scores: number[]; labels: boolean[]; target: number };
/** `f`: the formula as typed; `y`: the target held while a moves; `range`: the axis's half-width. */
export type FormulaInput = { f: string; y: number; range: number };
/**
 * The network at epoch `epochs` of its training (reproducible: a configuration and an epoch name
 * one set of weights). Answered in stages while it trains (every ~50 ms of training, the last one
 * final at `epochs`), so a play is one request to NETWORK_MAX_EPOCHS that a pause supersedes.
 * `pace`: epochs per second at most while streaming, so a play can be watched (0: as fast as it
 * goes); it changes when answers come, never what they hold.
 */
export type NetworkInput = {
  dataset: NetworkDatasetId;
  n: number;
  noise: number;
  dataSeed: number;
  /** Units per hidden layer, 1 to 3 layers. */
  hidden: number[];
  activation: (typeof NETWORK_ACTIVATIONS)[number];
  /** The output unit the regression losses read on a classification set: z, or σ(z). */
  output: (typeof NETWORK_OUTPUTS)[number];
  /** Multiplies the initial weights (Glorot/He); large values start the units saturated. */
  initScale: number;
  initSeed: number;
  loss: NetworkLossId;
  /** A second loss trained beside the first, from the same initial weights on the same minibatches. */
  lossB?: NetworkLossId;
  eta: number;
  batch: number;
  epochs: number;
  pace: number;
  /** Grid cells per axis of the decision map. */
  resolution: number;
};

/** A loss and its derivative sampled on a shared x axis. */
export type Curve = { id: string; loss: number[]; grad: number[] };

// What the host answers.
export type RegressionData = { x: number[]; curves: Curve[] };
export type MarginData = { x: number[]; curves: Curve[] };
export type ProbabilityData = {
  /** Predicted probability a = σ(z). */
  p: number[];
  bce: { y1: number[]; y0: number[] };
  /** ∂BCE/∂a for y = 1 and y = 0. */
  dBceDp: { y1: number[]; y0: number[] };
  /** ∂/∂z through the sigmoid: BCE gives σ(z) − y, MSE gives 2(σ(z) − y)·σ′(z). */
  dBceDz: { y1: number[]; y0: number[] };
  dMseDz: { y1: number[]; y0: number[] };
  sigmaPrime: number[];
};
export type NeuronRun = { outputs: number[]; losses: number[] };
export type NeuronData = { mse: NeuronRun; bce: NeuronRun };
export type Point = { x: number; y: number };
export type LineFit = { w: number; b: number; loss: number };
export type SurfaceData = {
  /** Grid axes: w along columns, b along rows. */
  w: number[];
  b: number[];
  /** Row-major, b.length rows of w.length values; rows not yet computed are NaN. */
  z: number[];
  rowsDone: number;
  stage: 'coarse' | 'fine';
  /** Same key, same surface: the page repaints the heat map only when this changes. */
  surfaceKey: string;
  points: Point[];
  /** Gradient descent on J (proximal steps for an L1 penalty); `fit` is where it ends. */
  path: [number, number][];
  fit: LineFit;
  /**
   * Where J is least, fitted to convergence from w = b = 0 (for logistic_mse, a local minimum);
   * null when there is none to reach: J still falls as |w| grows (separable data, no penalty).
   * Absent from a coarse stage, as are the slices: the page keeps what it drew until they come.
   */
  optimum?: LineFit | null;
  /** J along w at b = at[1] (over the axis `w`), and along b at w = at[0]: at is where the path ends. */
  slices?: { at: [number, number]; w: number[]; alongW: number[]; b: number[]; alongB: number[] };
  /**
   * The regularisation path: the fitted w at each λ (a log grid) under each penalty. Absent
   * until the last stage when the data are new (it is computed last).
   */
  regPath?: { lambda: number[]; l2: number[]; l1: number[] };
  /** Milliseconds the host spent on this surface so far. */
  millis: number;
};
export type OutliersData = { points: (Point & { outlier: boolean })[]; fits: (LineFit & { id: OutlierFitId })[] };
export type SoftmaxData = { probs: number[]; loss: number; grad: number[]; target: number };
export type EntropyData = {
  p: number[];
  q: number[];
  entropy: number;
  crossEntropy: number;
  kl: number;
  /** Per class: −p log p, −p log q and p log(p/q). */
  terms: { entropy: number[]; crossEntropy: number[]; kl: number[] };
};
/** What is wrong with a formula and at which column (1-based): `text` the piece, `other` a second one, `n`/`m` counts. */
type FormulaProblem = { code: FormulaErrorCode; column: number; text: string; other?: string; n?: number; m?: number };
/** Where the derivative (or the value) jumps: its value there and the derivative just left and right. */
type FormulaKink = { x: number; value: number | null; left: number | null; right: number | null };
export type FormulaData =
  | { ok: false; error: FormulaProblem }
  | {
      ok: true;
      /** The x axis: the residual e (a formula of e alone) or the prediction a, with y held. */
      axis: 'e' | 'a';
      variables: ('e' | 'y' | 'a')[];
      x: number[];
      /** The formula and its derivative ∂ℓ/∂a (automatic differentiation); null where not finite. */
      loss: (number | null)[];
      grad: (number | null)[];
      kinks: FormulaKink[];
      /** The formula as typed, and its derivative written out (null when too long to read). */
      tex: { loss: string | null; grad: string | null };
      code: Record<CodeTarget, string>;
      /** Catalog losses at the same (y, a); those whose targets y cannot be are in `unfit`. */
      curves: Curve[];
      unfit: FormulaOverlayId[];
    };
/** One loss's network: its decision map and its curves. */
export type NetworkRunData = {
  loss: NetworkLossId;
  /**
   * The prediction on the grid, row-major, row 0 at the bottom (x₂ = −extent), rounded to 1e-3:
   * classification, the shade in [0, 1] (0.5 at the decision boundary); regression, the output
   * scaled to [0, 1] over `range`. Null where the run diverged.
   */
  map: (number | null)[];
  /** Mean loss and accuracy (or R²) over the data set, at the epochs of `NetworkData.curveEpochs`. */
  losses: (number | null)[];
  metrics: (number | null)[];
  /** The epoch in which the weights overflowed (too large a learning rate), or null. */
  diverged: number | null;
};
export type NetworkData = {
  task: NetworkTask;
  /** Same key, same data set. */
  dataKey: string;
  /** (x₁, x₂) and the label (0/1) or target of each point. */
  points: { x: number; y: number; label: number }[];
  /** The map spans [−extent, extent]² in resolution × resolution cells. */
  extent: number;
  resolution: number;
  /** Regression: the values the map's 0 and 1 stand for. */
  range: [number, number];
  metric: 'accuracy' | 'r2';
  /** Where the training is and where it is going. */
  epoch: number;
  target: number;
  steps: number;
  stepsPerEpoch: number;
  /** The curves' epochs: every epoch up to 500, then evenly thinned to at most ~500 points, always ending at `epoch`. */
  curveEpochs: number[];
  runs: NetworkRunData[];
  /** Training speed (SGD steps per second of training, a step of each run counted; rests for the pace left out), for the status line; 0 before it is measured. */
  stepsPerSecond: number;
};
export type MultilabelData = {
  sigmoid: number[];
  bcePerLabel: number[];
  bce: number;
  bceGrad: number[];
  softmax: number[];
  ce: number;
  ceGrad: number[];
};

// What the page keeps of each scene (its controls): saved across a reload, carried by a link.
export type RegressionView = RegressionInput & { shown: RegressionLossId[] };
export type MarginView = MarginInput & { shown: MarginLossId[]; showGrad: boolean };
export type ProbabilityView = { label: '1' | '0' };
export type NeuronView = Required<NeuronInput>;
export type SurfaceView = Omit<SurfaceInput, 'start' | 'resolution'> & {
  startW: number;
  startB: number;
  view: SurfaceViewMode;
};
export type OutliersView = OutliersInput;
export type SoftmaxView = SoftmaxInput;
/** Unnormalised weights; each distribution is w / Σw. */
export type EntropyView = { p: number[]; q: number[] };
export type MultilabelView = MultilabelInput;
export type FormulaView = FormulaInput & { shown: FormulaOverlayId[] };
/** Scene 10 keeps nothing: it draws what a grad-check sends. */
export type YourLossView = Record<string, never>;
/** `epochs`: where the training stands (a link opens there, paused); `compare` trains `lossB` beside `loss`. */
export type NetworkView = Omit<NetworkInput, 'lossB' | 'resolution'> & { compare: boolean; lossB: NetworkLossId };

/** Per scene that computes on the host: what its controls ask for. */
export interface SceneInputs {
  regression: RegressionInput;
  margin: MarginInput;
  probability: ProbabilityInput;
  neuron: NeuronInput;
  surface: SurfaceInput;
  outliers: OutliersInput;
  softmax: SoftmaxInput;
  entropy: EntropyInput;
  multilabel: MultilabelInput;
  network: NetworkInput;
  formula: FormulaInput;
}

/** Per scene that computes on the host: what the host answers. */
export interface SceneData {
  regression: RegressionData;
  margin: MarginData;
  probability: ProbabilityData;
  neuron: NeuronData;
  surface: SurfaceData;
  outliers: OutliersData;
  softmax: SoftmaxData;
  entropy: EntropyData;
  multilabel: MultilabelData;
  network: NetworkData;
  formula: FormulaData;
}

/** Per scene: its controls as the page keeps them. */
export interface SceneViews {
  regression: RegressionView;
  margin: MarginView;
  probability: ProbabilityView;
  neuron: NeuronView;
  surface: SurfaceView;
  outliers: OutliersView;
  softmax: SoftmaxView;
  entropy: EntropyView;
  multilabel: MultilabelView;
  yourLoss: YourLossView;
  network: NetworkView;
  formula: FormulaView;
}

/** The scenes the host computes for (the others draw what the page has). */
export type ComputedSceneId = keyof SceneInputs & keyof SceneData & SceneId;

/** A scene's request; without a parameter, any scene's. */
export type SceneRequest<K extends ComputedSceneId = ComputedSceneId> = {
  [P in K]: { scene: P; input: SceneInputs[P] };
}[K];
/** A scene's answer; without a parameter, any scene's. */
export type SceneResult<K extends ComputedSceneId = ComputedSceneId> = {
  [P in K]: { scene: P; data: SceneData[P] };
}[K];

/**
 * Scene 10, "Your loss": one user function along one input coordinate, as the grad-check lens's
 * "Plot in Playground" sends it (`lossPlayground.open` with `{ scene: 'yourLoss', series }`).
 * x[i] is the value of that coordinate, loss[i] the function's value there, analytic[i] and
 * numeric[i] the analytic and finite-difference partial derivatives along it. All arrays have the
 * same length (2 to 2,001); numbers may be null where the function gave no finite value, and
 * `analytic` is null when there is no analytic gradient to compare.
 *
 * From the checker's `GradientSeries` (src/gradcheck/types.ts): title = function,
 * coordinate = `${wrt}[${index.join(', ')}]`, gradient = gradient, x/loss/numeric/analytic and
 * reference as is.
 *
 *   vscode.commands.executeCommand('lossPlayground.open', { scene: 'yourLoss', series });
 */
export type UserLossSeries = {
  /** The function's name, e.g. "focal_loss". */
  title: string;
  /** Which coordinate varies, e.g. "logits[3]". */
  coordinate: string;
  file?: string;
  line?: number;
  /** Where the analytic gradient came from, e.g. "paired:mse_grad" or "torch.autograd". */
  gradient?: string;
  x: number[];
  loss: (number | null)[];
  analytic: (number | null)[] | null;
  numeric: (number | null)[];
  /**
   * The catalog loss the function reads as (its name, docstring or `# gradcheck: ref=` line), along
   * the same coordinate and in the convention that matched or came closest, so the page draws it
   * beside the function's own curve. `agrees`: whether the values matched that convention;
   * `message`: the check's words for how they compare ("= −1 × PyTorch bce() (mean): the sign is flipped").
   */
  reference?: { label: string; agrees: boolean; message: string; loss: (number | null)[] };
};

/** A catalog loss's title and TeX, as the page has them (built in from src/engine/lossFormulas.ts). */
export type FormulaInfo = { id: string; title: string; tex: { loss: string; grad: string } };

/**
 * The argument of `lossPlayground.open`. `loss` (a catalog id) opens the scene that draws it with
 * that loss shown and its `params` set; `scene` (an id from SCENES, or its number "1".."12") picks
 * the scene directly; `view` sets that scene's controls (its SceneViews fields, any subset, as a
 * link carries them); without a `loss`, `params` set the scene's controls too, as `view` does;
 * `series` goes to scene 10.
 *
 *   vscode.commands.executeCommand('lossPlayground.open', { scene: 'neuron', view: { w: 2, b: 2 } });
 *   vscode.commands.executeCommand('lossPlayground.open', { scene: 'surface', params: { penalty: 'l2', lambda: 0.1 } });
 *   vscode.commands.executeCommand('lossPlayground.open', { scene: 'surface', params: { view: '3d' } });
 *   vscode.commands.executeCommand('lossPlayground.open', { scene: 'formula', params: { f: 'abs(e)^1.5' } });
 */
export type OpenArgs = {
  loss?: string;
  params?: Record<string, number | boolean | string>;
  scene?: string;
  view?: Record<string, unknown>;
  series?: UserLossSeries;
};

/** Where the webview should go when opened with arguments: a scene, a loss in it, its controls. */
export type Focus<K extends SceneId = SceneId> = {
  [P in K]: { scene: P; loss?: string; params?: Record<string, number | boolean>; view?: Partial<SceneViews[P]> };
}[K];

/**
 * Where the page starts, written into its HTML by the host (the one thing the page is not sent by
 * message), so it mounts its first scene and asks for its numbers without waiting for the host.
 * `openedAt`: Date.now() when the command ran; `focus`: what the command or a link opened it on
 * (without one, the page opens the scene it saved, or the first).
 */
export type PageStart = { openedAt: number; focus?: Focus };

// ---------------------------------------------------------------------------------------------
// Host → webview

export type HostMessage =
  /**
   * The answer to a `compute` with the same seq. A staged scene (a surface) answers several times:
   * `final` is false until its last answer.
   */
  | { type: 'result'; seq: number; result: SceneResult; final: boolean }
  | { type: 'computeError'; seq: number; scene: SceneId; message: string }
  /** The answers to a `prefetch`, in its order; null where a request could not be computed. */
  | { type: 'prefetched'; seq: number; results: (SceneResult | null)[] }
  /**
   * One of the messages above as UTF-8 JSON, made off the host's thread (scene answers come from
   * a worker this way): the host hands the bytes on untouched, and VS Code sends a typed array as
   * a buffer instead of writing it out as JSON on the host's thread.
   */
  | PackedMessage
  /**
   * The command ran again with arguments (or a link was opened) on a panel already there; before
   * the page is `ready`, these wait for it.
   */
  | { type: 'focus'; focus: Focus }
  | { type: 'series'; series: UserLossSeries }
  /** The answer to `copyLink`: the link now on the clipboard, or why there is none. */
  | { type: 'linkCopied'; scene: SceneId; link: string }
  | { type: 'linkFailed'; scene: SceneId; message: string };

export type PackedMessage = { type: 'packed'; bytes: Uint8Array };

// ---------------------------------------------------------------------------------------------
// Webview → host

/** A chart (PNG), its data (CSV), or the formula scene's code, opened in an editor. */
export type ExportFormat = 'png' | 'csv' | CodeTarget;
export const METRICS = ['firstChart', 'redrawP95', 'surfaceFirst', 'surfaceFull'] as const;
type Metric = (typeof METRICS)[number];

export type WebviewMessage =
  | { type: 'ready' }
  /**
   * Answered by `result` (several for a staged scene: coarse, then fine) or `computeError`, also
   * when the request is malformed. A newer `compute` for the same scene supersedes it: the host
   * stops working on the older one, which then gets no further answer.
   */
  | { type: 'compute'; seq: number; request: SceneRequest }
  /**
   * What the controls will likely ask next (a slider's neighbouring steps), computed ahead so a
   * drag draws from the page's cache instead of waiting for a round trip. Never staged scenes.
   * Always answered by one `prefetched`, all null when the message is malformed.
   */
  | { type: 'prefetch'; seq: number; requests: SceneRequest[] }
  /** PNG: `data` is a data: URL of image/png; CSV and code: `data` is the text. */
  | { type: 'export'; format: ExportFormat; scene: SceneId; data: string }
  /** A timing the page measured, logged by the host. */
  | { type: 'metric'; name: Metric; millis: number }
  /** "Copy link to this view": the host checks the view, builds the link, puts it on the clipboard. */
  | { type: 'copyLink'; scene: SceneId; view: Record<string, unknown> };

export type MessageType = WebviewMessage['type'];

/** Requests in one prefetch: a slider's next few steps, not a sweep of its whole range. */
export const MAX_PREFETCH = 16;
