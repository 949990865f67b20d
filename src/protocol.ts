/**
 * The playground's wire protocol: every message between the extension host and the webview, the
 * argument of the `lossPlayground.open` command, and what each scene asks and answers. The only
 * place a message name is spelled; both sides import this file (the webview through its own
 * tsconfig), so it imports only a type and holds types, constants and two scene-name helpers.
 *
 * A scene is three entries in the maps below (SceneInputs, SceneData, SceneViews) and an id in
 * SCENES; the request and result unions are derived from the maps. Its host module
 * (src/playground/scenes/<id>.ts) checks what comes in and computes; its page module
 * (webview/scenes/<id>.ts) draws. Messages from the webview are untrusted: the host checks every
 * field (src/playground/messages.ts) before it acts on one.
 */
import type { DisplayLanguage } from './displayLanguage';

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
/** Losses the surface scene can switch between; `logistic_regression` is CE over a 0/1 data set. */
export const SURFACE_LOSSES = ['mse', 'l1', 'huber', 'logistic_regression'] as const;
export type SurfaceLossId = (typeof SURFACE_LOSSES)[number];
/** Line fits compared in the outliers scene. */
export const OUTLIER_FITS = ['l1', 'mse', 'smooth_l1'] as const;
export type OutlierFitId = (typeof OUTLIER_FITS)[number];

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
};
export type OutliersInput = { seed: number; n: number; outliers: number; offset: number; beta: number };
export type SoftmaxInput = { logits: number[]; target: number };
export type EntropyInput = { p: number[]; q: number[] };
export type MultilabelInput = { scores: number[]; labels: boolean[]; target: number };

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
  path: [number, number][];
  fit: LineFit;
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
export type SurfaceView = Omit<SurfaceInput, 'start' | 'resolution'> & { startW: number; startB: number };
export type OutliersView = OutliersInput;
export type SoftmaxView = SoftmaxInput;
/** Unnormalised weights; each distribution is w / Σw. */
export type EntropyView = { p: number[]; q: number[] };
export type MultilabelView = MultilabelInput;
/** Scene 10 keeps nothing: it draws what a grad-check sends. */
export type YourLossView = Record<string, never>;

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
}

/** The scenes the host computes for (the others draw what the page has). */
export type ComputedSceneId = keyof SceneInputs & keyof SceneData & SceneId;

/** A scene's request; without a parameter, any scene's. */
export type SceneRequest<K extends ComputedSceneId = ComputedSceneId> = { [P in K]: { scene: P; input: SceneInputs[P] } }[K];
/** A scene's answer; without a parameter, any scene's. */
export type SceneResult<K extends ComputedSceneId = ComputedSceneId> = { [P in K]: { scene: P; data: SceneData[P] } }[K];

/**
 * Scene 10, "Your loss": one user function along one input coordinate, as the grad-check lens's
 * "Plot in Playground" sends it (`lossPlayground.open` with `{ scene: 'yourLoss', series }`).
 * x[i] is the value of that coordinate, loss[i] the function's value there, analytic[i] and
 * numeric[i] the analytic and finite-difference partial derivatives along it. All arrays have the
 * same length (2 to 2,001); numbers may be null where the function gave no finite value, and
 * `analytic` is null when there is no analytic gradient to compare.
 *
 * From the checker's `GradientSeries` (src/gradcheck/types.ts): title = function,
 * coordinate = `${wrt}[${index.join(', ')}]`, gradient = gradient, x/loss/numeric/analytic as is.
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
};

/** Formulas and names from the engine's catalog, for the ids the scenes draw. */
export type FormulaInfo = { id: string; title: string; tex: { loss: string; grad: string } };

/**
 * The argument of `lossPlayground.open`. `loss` (a catalog id) opens the scene that draws it with
 * that loss shown and its `params` set; `scene` (an id from SCENES, or its number "1".."10") picks
 * the scene directly; `view` sets that scene's controls (its SceneViews fields, any subset, as a
 * link carries them); `series` goes to scene 10.
 *
 *   vscode.commands.executeCommand('lossPlayground.open', { scene: 'neuron', view: { w: 2, b: 2 } });
 */
export type OpenArgs = {
  loss?: string;
  params?: Record<string, number | boolean>;
  scene?: string;
  view?: Record<string, unknown>;
  series?: UserLossSeries;
};

/** Where the webview should go when opened with arguments: a scene, a loss in it, its controls. */
export type Focus<K extends SceneId = SceneId> = {
  [P in K]: { scene: P; loss?: string; params?: Record<string, number | boolean>; view?: Partial<SceneViews[P]> };
}[K];

// ---------------------------------------------------------------------------------------------
// Host → webview

export type HostMessage =
  /** Sent once the page says `ready`. `openedAt` is Date.now() when the command ran. */
  | { type: 'init'; language: DisplayLanguage; openedAt: number; formulas: FormulaInfo[]; focus?: Focus; series?: UserLossSeries }
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
  /** The command ran again on an open panel with arguments (or a link was opened). */
  | { type: 'focus'; focus: Focus }
  | { type: 'series'; series: UserLossSeries }
  /** The answer to `copyLink`: the link now on the clipboard, or why there is none. */
  | { type: 'linkCopied'; scene: SceneId; link: string }
  | { type: 'linkFailed'; scene: SceneId; message: string };

export type PackedMessage = { type: 'packed'; bytes: Uint8Array };

// ---------------------------------------------------------------------------------------------
// Webview → host

export type ExportFormat = 'png' | 'csv';
export const METRICS = ['firstChart', 'redrawP95', 'surfaceFirst', 'surfaceFull'] as const;
export type Metric = (typeof METRICS)[number];

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
  /** PNG: `data` is a data: URL of image/png; CSV: `data` is the text. */
  | { type: 'export'; format: ExportFormat; scene: SceneId; data: string }
  /** A timing the page measured, logged by the host. */
  | { type: 'metric'; name: Metric; millis: number }
  /** "Copy link to this view": the host checks the view, builds the link, puts it on the clipboard. */
  | { type: 'copyLink'; scene: SceneId; view: Record<string, unknown> };

export type MessageType = WebviewMessage['type'];

/** Requests in one prefetch: a slider's next few steps, not a sweep of its whole range. */
export const MAX_PREFETCH = 16;
