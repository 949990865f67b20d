/**
 * The playground's wire protocol: every message between the extension host and the webview, and
 * the argument of the `lossPlayground.open` command. The only place a message name is spelled;
 * both sides import this file (the webview through its own tsconfig), so it imports nothing.
 *
 * Messages from the webview are untrusted: `parseWebviewMessage` checks every field (type, range,
 * length) before the host acts on one. `parseOpenArgs` does the same for the command argument,
 * which other extensions and our own hovers and lenses pass.
 */

// ---------------------------------------------------------------------------------------------
// Scenes

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

/** What each scene's controls say: the request the host computes from. */
export type RegressionInput = { range: number; beta: number; delta: number; q: number };
export type MarginInput = { range: number };
export type ProbabilityInput = { steps: number };
export type NeuronInput = { w: number; b: number; eta: number; epochs: number };
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

export type SceneRequest =
  | { scene: 'regression'; input: RegressionInput }
  | { scene: 'margin'; input: MarginInput }
  | { scene: 'probability'; input: ProbabilityInput }
  | { scene: 'neuron'; input: NeuronInput }
  | { scene: 'surface'; input: SurfaceInput }
  | { scene: 'outliers'; input: OutliersInput }
  | { scene: 'softmax'; input: SoftmaxInput }
  | { scene: 'entropy'; input: EntropyInput }
  | { scene: 'multilabel'; input: MultilabelInput };

/** A loss and its derivative sampled on a shared x axis. */
export type Curve = { id: string; loss: number[]; grad: number[] };

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

export type SceneResult =
  | { scene: 'regression'; data: RegressionData }
  | { scene: 'margin'; data: MarginData }
  | { scene: 'probability'; data: ProbabilityData }
  | { scene: 'neuron'; data: NeuronData }
  | { scene: 'surface'; data: SurfaceData }
  | { scene: 'outliers'; data: OutliersData }
  | { scene: 'softmax'; data: SoftmaxData }
  | { scene: 'entropy'; data: EntropyData }
  | { scene: 'multilabel'; data: MultilabelData };

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
 * the scene directly; `series` goes to scene 10.
 */
export type OpenArgs = {
  loss?: string;
  params?: Record<string, number | boolean>;
  scene?: string;
  series?: UserLossSeries;
};

/** Where the webview should go when opened with arguments. */
export type Focus = { scene: SceneId; loss?: string; params?: Record<string, number | boolean> };

export type Language = 'en' | 'zh-cn';

// ---------------------------------------------------------------------------------------------
// Host → webview

export type HostMessage =
  /** Sent once the page says `ready`. `openedAt` is Date.now() when the command ran. */
  | { type: 'init'; language: Language; openedAt: number; formulas: FormulaInfo[]; focus?: Focus; series?: UserLossSeries }
  /** The answer to a `compute` with the same seq. Surfaces arrive several times: coarse, then refined rows. */
  | { type: 'result'; seq: number; result: SceneResult }
  | { type: 'computeError'; seq: number; scene: SceneId; message: string }
  /** The answers to a `prefetch`, in its order; null where a request could not be computed. */
  | { type: 'prefetched'; seq: number; results: (SceneResult | null)[] }
  /**
   * One of the messages above as UTF-8 JSON, made off the host's thread (scene answers come from
   * a worker this way): the host hands the bytes on untouched, and VS Code sends a typed array as
   * a buffer instead of writing it out as JSON on the host's thread.
   */
  | PackedMessage
  /** The command ran again on an open panel with arguments. */
  | { type: 'focus'; focus: Focus }
  | { type: 'series'; series: UserLossSeries };

export type PackedMessage = { type: 'packed'; bytes: Uint8Array };

// ---------------------------------------------------------------------------------------------
// Webview → host

export type ExportFormat = 'png' | 'csv';
export type Metric = 'firstChart' | 'redrawP95' | 'surfaceFirst' | 'surfaceFull';

export type WebviewMessage =
  | { type: 'ready' }
  /**
   * Answered by `result` (several for a surface: coarse, then fine) or `computeError`, also when
   * the request is malformed. A newer `compute` for the same scene supersedes it: the host stops
   * working on the older one, which then gets no further answer.
   */
  | { type: 'compute'; seq: number; request: SceneRequest }
  /**
   * What the controls will likely ask next (a slider's neighbouring steps), computed ahead so a
   * drag draws from the page's cache instead of waiting for a round trip. Never surfaces.
   * Always answered by one `prefetched`, all null when the message is malformed.
   */
  | { type: 'prefetch'; seq: number; requests: SceneRequest[] }
  /** PNG: `data` is a data: URL of image/png; CSV: `data` is the text. */
  | { type: 'export'; format: ExportFormat; scene: SceneId; data: string }
  /** A timing the page measured, logged by the host. */
  | { type: 'metric'; name: Metric; millis: number };

export type MessageType = WebviewMessage['type'];

// ---------------------------------------------------------------------------------------------
// Validation

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

class Invalid extends Error {}

function bad(msg: string): never {
  throw new Invalid(msg);
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${where} must be an object`);
  return v as Record<string, unknown>;
}

function only(o: Record<string, unknown>, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) bad(`${where} has an unknown field '${k}'`);
}

function num(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${where} must be a finite number, got ${short(v)}`);
  if (v < min || v > max) bad(`${where} must be in [${min}, ${max}], got ${v}`);
  return v;
}

function int(v: unknown, where: string, min: number, max: number): number {
  const n = num(v, where, min, max);
  if (!Number.isInteger(n)) bad(`${where} must be an integer, got ${n}`);
  return n;
}

function bool(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') bad(`${where} must be true or false, got ${short(v)}`);
  return v;
}

function str(v: unknown, where: string, maxLength: number): string {
  if (typeof v !== 'string') bad(`${where} must be a string, got ${short(v)}`);
  if (v.length > maxLength) bad(`${where} is longer than ${maxLength} characters`);
  return v;
}

function oneOf<T extends string>(v: unknown, options: readonly T[], where: string): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) bad(`${where} must be one of ${options.join(', ')}, got ${short(v)}`);
  return v as T;
}

function arr(v: unknown, where: string, minLen: number, maxLen: number): unknown[] {
  if (!Array.isArray(v)) bad(`${where} must be an array, got ${short(v)}`);
  if (v.length < minLen || v.length > maxLen) bad(`${where} must have ${minLen} to ${maxLen} items, got ${v.length}`);
  return v;
}

function nums(v: unknown, where: string, minLen: number, maxLen: number, min: number, max: number): number[] {
  return arr(v, where, minLen, maxLen).map((x, i) => num(x, `${where}[${i}]`, min, max));
}

/** A value for an error message, at most 40 characters; never throws. */
function short(v: unknown): string {
  let s: string;
  try {
    s = v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  } catch {
    // Cyclic, a BigInt, nested deeper than the stack, or a Proxy or getter that throws: its kind.
    s = typeof v === 'bigint' ? `${v}n` : `${/^[aeiou]/.test(typeof v) ? 'an' : 'a'} ${typeof v} that cannot be shown`;
  }
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** A probability vector: non-negative and summing to 1 within 1e-6. */
function distribution(v: unknown, where: string, len?: number): number[] {
  const p = nums(v, where, 2, 6, 0, 1);
  if (len !== undefined && p.length !== len) bad(`${where} must have ${len} items like the other distribution, got ${p.length}`);
  const s = p.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > 1e-6) bad(`${where} must sum to 1, got ${s}`);
  return p;
}

function sceneRequest(v: unknown): SceneRequest {
  const o = obj(v, 'request');
  only(o, ['scene', 'input'], 'request');
  const scene = oneOf(o.scene, SCENES, 'request.scene');
  const i = obj(o.input, `request.input (${scene})`);
  const w = (k: string): string => `${scene}.${k}`;
  const fields = (keys: readonly string[]): void => only(i, keys, `${scene} input`);
  switch (scene) {
    case 'regression':
      fields(['range', 'beta', 'delta', 'q']);
      return {
        scene,
        input: {
          range: num(i.range, w('range'), 0.5, 20),
          beta: num(i.beta, w('beta'), 0, 10),
          delta: num(i.delta, w('delta'), 0.01, 10),
          q: num(i.q, w('q'), 0.01, 0.99),
        },
      };
    case 'margin':
      fields(['range']);
      return { scene, input: { range: num(i.range, w('range'), 0.5, 20) } };
    case 'probability':
      fields(['steps']);
      return { scene, input: { steps: int(i.steps, w('steps'), 10, 2000) } };
    case 'neuron':
      fields(['w', 'b', 'eta', 'epochs']);
      return {
        scene,
        input: {
          w: num(i.w, w('w'), -10, 10),
          b: num(i.b, w('b'), -10, 10),
          eta: num(i.eta, w('eta'), 0.001, 10),
          epochs: int(i.epochs, w('epochs'), 1, 5000),
        },
      };
    case 'surface': {
      fields(['loss', 'delta', 'seed', 'n', 'noise', 'start', 'eta', 'steps', 'resolution']);
      const start = nums(i.start, w('start'), 2, 2, -100, 100);
      return {
        scene,
        input: {
          loss: oneOf(i.loss, SURFACE_LOSSES, w('loss')),
          delta: num(i.delta, w('delta'), 0.01, 10),
          seed: int(i.seed, w('seed'), 0, 2 ** 31 - 1),
          n: int(i.n, w('n'), 2, 1000),
          noise: num(i.noise, w('noise'), 0, 10),
          start: [start[0], start[1]],
          eta: num(i.eta, w('eta'), 1e-4, 10),
          steps: int(i.steps, w('steps'), 0, 2000),
          resolution: int(i.resolution, w('resolution'), 5, 401),
        },
      };
    }
    case 'outliers':
      fields(['seed', 'n', 'outliers', 'offset', 'beta']);
      return {
        scene,
        input: {
          seed: int(i.seed, w('seed'), 0, 2 ** 31 - 1),
          n: int(i.n, w('n'), 3, 500),
          outliers: int(i.outliers, w('outliers'), 0, 50),
          offset: num(i.offset, w('offset'), -100, 100),
          beta: num(i.beta, w('beta'), 0, 10),
        },
      };
    case 'softmax': {
      fields(['logits', 'target']);
      const logits = nums(i.logits, w('logits'), 2, 6, -50, 50);
      return { scene, input: { logits, target: int(i.target, w('target'), 0, logits.length - 1) } };
    }
    case 'entropy': {
      fields(['p', 'q']);
      const p = distribution(i.p, w('p'));
      return { scene, input: { p, q: distribution(i.q, w('q'), p.length) } };
    }
    case 'multilabel': {
      fields(['scores', 'labels', 'target']);
      const scores = nums(i.scores, w('scores'), 2, 6, -50, 50);
      const labels = arr(i.labels, w('labels'), scores.length, scores.length).map((x, k) => bool(x, `${w('labels')}[${k}]`));
      return { scene, input: { scores, labels, target: int(i.target, w('target'), 0, scores.length - 1) } };
    }
    case 'yourLoss':
      return bad('scene yourLoss draws what the grad-check sends; it has nothing to compute');
  }
}

/** Requests in one prefetch: a slider's next few steps, not a sweep of its whole range. */
export const MAX_PREFETCH = 16;

/** PNG data URLs up to ~12 MB, CSV up to 4 MB: far above what a chart makes, far below harm. */
const MAX_PNG = 16_000_000;
const MAX_CSV = 4_000_000;

function webviewMessage(v: unknown): WebviewMessage {
  const o = obj(v, 'message');
  const type = oneOf(o.type, ['ready', 'compute', 'prefetch', 'export', 'metric'] as const satisfies readonly MessageType[], 'message.type');
  switch (type) {
    case 'ready':
      only(o, ['type'], type);
      return { type };
    case 'compute':
      only(o, ['type', 'seq', 'request'], type);
      return { type, seq: int(o.seq, 'compute.seq', 0, Number.MAX_SAFE_INTEGER), request: sceneRequest(o.request) };
    case 'prefetch': {
      only(o, ['type', 'seq', 'requests'], type);
      const requests = arr(o.requests, 'prefetch.requests', 1, MAX_PREFETCH).map((r) => sceneRequest(r));
      if (requests.some((r) => r.scene === 'surface')) bad('prefetch.requests cannot hold surfaces: they are computed in slices, on demand');
      return { type, seq: int(o.seq, 'prefetch.seq', 0, Number.MAX_SAFE_INTEGER), requests };
    }
    case 'export': {
      only(o, ['type', 'format', 'scene', 'data'], type);
      const format = oneOf(o.format, ['png', 'csv'] as const, 'export.format');
      const scene = oneOf(o.scene, SCENES, 'export.scene');
      const data = str(o.data, 'export.data', format === 'png' ? MAX_PNG : MAX_CSV);
      if (format === 'png' && !/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(data)) bad('export.data must be a data:image/png;base64 URL');
      return { type, format, scene, data };
    }
    case 'metric':
      only(o, ['type', 'name', 'millis'], type);
      return {
        type,
        name: oneOf(o.name, ['firstChart', 'redrawP95', 'surfaceFirst', 'surfaceFull'] as const satisfies readonly Metric[], 'metric.name'),
        millis: num(o.millis, 'metric.millis', 0, 3_600_000),
      };
  }
}

function parse<T>(f: (v: unknown) => T, v: unknown): Parsed<T> {
  try {
    return { ok: true, value: f(v) };
  } catch (e) {
    return { ok: false, error: rejection(e) };
  }
}

/**
 * Why a value was rejected. Besides our own Invalid, reading the value itself can throw (a Proxy's
 * trap, a getter, a revoked Proxy: the command's argument comes from any extension), and so can
 * looking at what it threw.
 */
function rejection(e: unknown): string {
  try {
    if (e instanceof Invalid) return e.message;
    const what = e instanceof Error ? `${String(e.name)}: ${String(e.message)}` : short(e);
    return `the value could not be read: ${what.length > 200 ? `${what.slice(0, 200)}…` : what}`;
  } catch {
    return 'the value could not be read';
  }
}

/** Checks a message from the webview; never throws. */
export function parseWebviewMessage(v: unknown): Parsed<WebviewMessage> {
  return parse(webviewMessage, v);
}

/**
 * The answer the page waits for when one of its requests failed validation: a `computeError` for
 * a `compute`, all nulls for a `prefetch`, so a scene never waits on a request the host turned
 * away. Reads only `type`, `seq` and the scene id, each checked; undefined when even those are
 * unreadable (then nothing on the page can be waiting for it). Never throws.
 */
export function rejectionAnswer(raw: unknown, error: string): HostMessage | undefined {
  try {
    return answerFor(raw, error);
  } catch {
    return undefined; // a Proxy or getter that throws: not a message from the page
  }
}

function answerFor(raw: unknown, error: string): HostMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const seq = o.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  if (o.type === 'compute') {
    const scene = typeof o.request === 'object' && o.request !== null ? (o.request as Record<string, unknown>).scene : undefined;
    return isSceneId(scene) ? { type: 'computeError', seq, scene, message: error } : undefined;
  }
  if (o.type === 'prefetch') {
    const n = Array.isArray(o.requests) ? Math.min(o.requests.length, MAX_PREFETCH) : 0;
    return { type: 'prefetched', seq, results: new Array<null>(n).fill(null) };
  }
  return undefined;
}

function nullableNums(v: unknown, where: string, len: number): (number | null)[] {
  return arr(v, where, len, len).map((x, i) => (x === null ? null : num(x, `${where}[${i}]`, -Number.MAX_VALUE, Number.MAX_VALUE)));
}

function userSeries(v: unknown): UserLossSeries {
  const o = obj(v, 'series');
  only(o, ['title', 'coordinate', 'file', 'line', 'gradient', 'x', 'loss', 'analytic', 'numeric'], 'series');
  const x = nums(o.x, 'series.x', 2, 2001, -Number.MAX_VALUE, Number.MAX_VALUE);
  const s: UserLossSeries = {
    title: str(o.title, 'series.title', 200),
    coordinate: str(o.coordinate, 'series.coordinate', 200),
    x,
    loss: nullableNums(o.loss, 'series.loss', x.length),
    analytic: o.analytic === null ? null : nullableNums(o.analytic, 'series.analytic', x.length),
    numeric: nullableNums(o.numeric, 'series.numeric', x.length),
  };
  if (o.file !== undefined) s.file = str(o.file, 'series.file', 4096);
  if (o.line !== undefined) s.line = int(o.line, 'series.line', 0, 10_000_000);
  if (o.gradient !== undefined) s.gradient = str(o.gradient, 'series.gradient', 200);
  return s;
}

function openArgs(v: unknown): OpenArgs {
  if (v === undefined || v === null) return {};
  const o = obj(v, 'argument');
  only(o, ['loss', 'params', 'scene', 'series'], 'argument');
  const out: OpenArgs = {};
  if (o.loss !== undefined) out.loss = str(o.loss, 'loss', 100);
  if (o.scene !== undefined) out.scene = str(o.scene, 'scene', 100);
  if (o.params !== undefined) {
    const p = obj(o.params, 'params');
    const params: Record<string, number | boolean> = {};
    for (const [k, x] of Object.entries(p)) {
      params[str(k, 'params key', 100)] = typeof x === 'boolean' ? x : num(x, `params.${k}`, -1e12, 1e12);
    }
    out.params = params;
  }
  if (o.series !== undefined) out.series = userSeries(o.series);
  return out;
}

/** Checks the argument of `lossPlayground.open`; never throws. */
export function parseOpenArgs(v: unknown): Parsed<OpenArgs> {
  return parse(openArgs, v);
}

/** Checks a series for scene 10 on its own (the lens builds one). */
export function parseUserSeries(v: unknown): Parsed<UserLossSeries> {
  return parse(userSeries, v);
}

/** The scene named by its id ("softmax") or its 1-based number as in the issue ("7"). */
export function sceneFromName(name: string): SceneId | undefined {
  if (isSceneId(name)) return name;
  const n = Number(name);
  return Number.isInteger(n) && n >= 1 && n <= SCENES.length ? SCENES[n - 1] : undefined;
}
