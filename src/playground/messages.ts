/**
 * What comes into the host for the playground, checked before anything acts on it: the page's
 * messages, and the argument of `lossPlayground.open` (which other extensions and our own hovers
 * and lenses pass). Each scene's own fields are checked by its module (./scenes); the rest here,
 * with the generic checks of ./validate. Nothing here throws, whatever the value.
 */
import {
  CODE_TARGETS,
  MAX_PREFETCH,
  METRICS,
  isSceneId,
  SCENES,
  type ComputedSceneId,
  type HostMessage,
  type MessageType,
  type OpenArgs,
  type SceneRequest,
  type UserLossSeries,
  type WebviewMessage,
} from '../protocol';
import { COMPUTED, isComputed, PAGE_ONLY } from './scenes';
import { arr, bad, bool, int, num, nums, obj, oneOf, only, parse, plainFields, str, type Parsed } from './validate';

export type { Parsed } from './validate';

/** PNG data URLs up to ~12 MB, CSV up to 4 MB: far above what a chart makes, far below harm. */
const MAX_PNG = 16_000_000;
const MAX_CSV = 4_000_000;
/** A control's text in the open command's params: the scene's field holds it to its own cap (a formula's is 200). */
const MAX_WORD = 1000;
/** Code: a formula of 200 characters writes a few KB. */
const MAX_CODE = 100_000;

function request<K extends ComputedSceneId>(scene: K, input: unknown): SceneRequest<K> {
  return { scene, input: COMPUTED[scene].input.check(input, scene) };
}

function sceneRequest(v: unknown): SceneRequest {
  const o = obj(v, 'request');
  only(o, ['scene', 'input'], 'request');
  const scene = oneOf(o.scene, SCENES, 'request.scene');
  if (!isComputed(scene)) return bad(PAGE_ONLY[scene].nothingToCompute);
  return request(scene, o.input);
}

function webviewMessage(v: unknown): WebviewMessage {
  const o = obj(v, 'message');
  const type = oneOf(
    o.type,
    ['ready', 'compute', 'prefetch', 'export', 'metric', 'copyLink'] as const satisfies readonly MessageType[],
    'message.type',
  );
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
      for (const r of requests)
        if (COMPUTED[r.scene].staged)
          bad(`prefetch.requests cannot hold ${r.scene} requests: they are answered in stages, on demand`);
      return { type, seq: int(o.seq, 'prefetch.seq', 0, Number.MAX_SAFE_INTEGER), requests };
    }
    case 'export': {
      only(o, ['type', 'format', 'scene', 'data'], type);
      const format = oneOf(o.format, ['png', 'csv', ...CODE_TARGETS] as const, 'export.format');
      const scene = oneOf(o.scene, SCENES, 'export.scene');
      const data = str(o.data, 'export.data', format === 'png' ? MAX_PNG : format === 'csv' ? MAX_CSV : MAX_CODE);
      if (format === 'png' && !/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(data))
        bad('export.data must be a data:image/png;base64 URL');
      return { type, format, scene, data };
    }
    case 'metric':
      only(o, ['type', 'name', 'millis'], type);
      return {
        type,
        name: oneOf(o.name, METRICS, 'metric.name'),
        millis: num(o.millis, 'metric.millis', 0, 3_600_000),
      };
    case 'copyLink': {
      only(o, ['type', 'scene', 'view'], type);
      const scene = oneOf(o.scene, SCENES, 'copyLink.scene');
      // Checked in full when the link is made (./link): here only its shape.
      return { type, scene, view: plainFields(o.view, 'copyLink.view') };
    }
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
  if (o.type === 'copyLink')
    return isSceneId(o.scene) ? { type: 'linkFailed', scene: o.scene, message: error } : undefined;
  const seq = o.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  if (o.type === 'compute') {
    const scene =
      typeof o.request === 'object' && o.request !== null ? (o.request as Record<string, unknown>).scene : undefined;
    return isSceneId(scene) ? { type: 'computeError', seq, scene, message: error } : undefined;
  }
  if (o.type === 'prefetch') {
    const n = Array.isArray(o.requests) ? Math.min(o.requests.length, MAX_PREFETCH) : 0;
    return { type: 'prefetched', seq, results: new Array<null>(n).fill(null) };
  }
  return undefined;
}

function nullableNums(v: unknown, where: string, len: number): (number | null)[] {
  return arr(v, where, len, len).map((x, i) =>
    x === null ? null : num(x, `${where}[${i}]`, -Number.MAX_VALUE, Number.MAX_VALUE),
  );
}

function userSeries(v: unknown): UserLossSeries {
  const o = obj(v, 'series');
  only(
    o,
    ['title', 'coordinate', 'file', 'line', 'gradient', 'x', 'loss', 'analytic', 'numeric', 'reference'],
    'series',
  );
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
  if (o.reference !== undefined) {
    const r = obj(o.reference, 'series.reference');
    only(r, ['label', 'agrees', 'message', 'loss'], 'series.reference');
    s.reference = {
      label: str(r.label, 'series.reference.label', 200),
      agrees: bool(r.agrees, 'series.reference.agrees'),
      message: str(r.message, 'series.reference.message', 1000),
      loss: nullableNums(r.loss, 'series.reference.loss', x.length),
    };
  }
  return s;
}

function openArgs(v: unknown): OpenArgs {
  if (v === undefined || v === null) return {};
  const o = obj(v, 'argument');
  only(o, ['loss', 'params', 'scene', 'view', 'series'], 'argument');
  const out: OpenArgs = {};
  if (o.loss !== undefined) out.loss = str(o.loss, 'loss', 100);
  if (o.scene !== undefined) out.scene = str(o.scene, 'scene', 100);
  if (o.params !== undefined) {
    const p = obj(o.params, 'params');
    // A loss's parameters are numbers or booleans; with a scene and no loss, params are that
    // scene's controls (checked by its fields, ./focus), and a control may be a word.
    const words = o.scene !== undefined && o.loss === undefined;
    const params: Record<string, number | boolean | string> = {};
    for (const [k, x] of Object.entries(p)) {
      const key = str(k, 'params key', 100);
      params[key] =
        typeof x === 'boolean'
          ? x
          : typeof x === 'string' && words
            ? str(x, `params.${k}`, MAX_WORD)
            : num(x, `params.${k}`, -1e12, 1e12);
    }
    out.params = params;
  }
  // Its fields are the scene's to check (./focus), once the scene is known.
  if (o.view !== undefined) out.view = plainFields(o.view, 'view');
  if (o.series !== undefined) out.series = userSeries(o.series);
  return out;
}

/** Checks the argument of `lossPlayground.open`; never throws. */
export function parseOpenArgs(v: unknown): Parsed<OpenArgs> {
  return parse(openArgs, v);
}
