import { fail, indexText, shapeText, sizeOf, toTensor, type NestedNumberArray, type Tensor } from './tensor';

/** Text in the two languages the extension speaks. */
export type Localized = { en: string; 'zh-cn': string };

/** A parameter as callers see it in `listLosses()`. */
export type ParamSpec =
  | {
      name: string;
      kind: 'number';
      default: number;
      min?: number;
      max?: number;
      minExclusive?: boolean;
      description: Localized;
    }
  | { name: string; kind: 'integer'; default: number; min?: number; max?: number; description: Localized }
  | { name: string; kind: 'choice'; default: number; choices: number[]; description: Localized }
  | { name: string; kind: 'boolean'; default: boolean; description: Localized }
  /**
   * A per-class or broadcastable weight; null means "none" (all ones). Without `broadcast` it is a
   * number or a flat array (one value per class). With `broadcast: true` it may have any shape that
   * broadcasts to the input (see `broadcastParam`), given as a number, a flat array, nested arrays
   * or a Tensor.
   */
  | { name: string; kind: 'vector'; default: null; broadcast?: boolean; description: Localized };

type ParamValue = number | boolean | Float64Array | null;
export type ResolvedParams = Record<string, ParamValue>;
/**
 * Parameters as callers pass them. A shaped weight (a `broadcast` vector parameter such as bce's
 * `weight`) may be a number (shape ()), a flat array (shape (k,)), nested arrays (`[[1], [2]]` is
 * (2, 1)) or a Tensor `{ shape, data: Float64Array }`; every other vector parameter takes a number or a
 * flat array. `number[]` stays a member, so code written against the old type still compiles.
 */
export type RawParams = Record<string, number | boolean | number[] | NestedNumberArray[] | Tensor>;

/**
 * Checks the caller's params against the loss's specs and fills in defaults. Errors name the loss
 * and the parameter: "huber: delta must be > 0, got 0".
 */
export function resolveParams(lossId: string, specs: readonly ParamSpec[], raw: unknown): ResolvedParams {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    fail(`${lossId}: params must be an object of name → value`);
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const valid = specs.length ? specs.map((s) => s.name).join(', ') : 'none';
      fail(`${lossId}: unknown parameter '${name}' (parameters: ${valid})`);
    }
  }
  const out: ResolvedParams = {};
  for (const spec of specs) {
    const v = given[spec.name];
    out[spec.name] = v === undefined ? spec.default : checkParam(lossId, spec, v);
  }
  return out;
}

function checkParam(lossId: string, spec: ParamSpec, v: unknown): ParamValue {
  const where = `${lossId}: ${spec.name}`;
  switch (spec.kind) {
    case 'boolean':
      if (typeof v !== 'boolean') fail(`${where} must be true or false, got ${JSON.stringify(v)}`);
      return v;
    case 'vector': {
      if (v === null) return null;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) fail(`${where} must be finite, got ${v}`);
        return withShape(Float64Array.of(v), []);
      }
      if (spec.broadcast && isShaped(v)) return shapedParam(lossId, spec.name, v);
      if (!Array.isArray(v) || v.length === 0) {
        fail(
          `${where} must be a number or a non-empty array of numbers${spec.broadcast ? ' (nested arrays or a { shape, data } tensor for more axes)' : ''}`,
        );
      }
      if (!spec.broadcast && v.some(Array.isArray))
        fail(`${where} must be a flat array of numbers (one per class), not nested arrays`);
      const out = new Float64Array(v.length);
      v.forEach((x, i) => {
        if (typeof x !== 'number' || !Number.isFinite(x))
          fail(`${where}[${i}] must be a finite number, got ${JSON.stringify(x)}`);
        out[i] = x;
      });
      return out;
    }
    default: {
      if (typeof v !== 'number' || !Number.isFinite(v))
        fail(`${where} must be a finite number, got ${JSON.stringify(v)}`);
      if (spec.kind === 'integer' && !Number.isInteger(v)) fail(`${where} must be an integer, got ${v}`);
      if (spec.kind === 'choice') {
        if (!spec.choices.includes(v)) fail(`${where} must be one of ${spec.choices.join(', ')}, got ${v}`);
        return v;
      }
      if (spec.min !== undefined) {
        const exclusive = spec.kind === 'number' && spec.minExclusive;
        if (exclusive ? v <= spec.min : v < spec.min)
          fail(`${where} must be ${exclusive ? '>' : '≥'} ${spec.min}, got ${v}`);
      }
      if (spec.max !== undefined && v > spec.max) fail(`${where} must be ≤ ${spec.max}, got ${v}`);
      return v;
    }
  }
}

export const num = (p: ResolvedParams, name: string): number => p[name] as number;
export const bool = (p: ResolvedParams, name: string): boolean => p[name] as boolean;
/** A vector parameter's values, flat and row-major (its shape, if it had more axes, is in `shapedVec`). */
export const vec = (p: ResolvedParams, name: string): Float64Array | null => p[name] as Float64Array | null;

/**
 * The shapes of vector parameters, kept beside their values: ResolvedParams holds a plain
 * Float64Array for every vector parameter, so code that reads `vec()` sees flat data whatever shape
 * the caller gave, and only the losses that broadcast ask for the shape.
 */
const SHAPES = new WeakMap<Float64Array, number[]>();

function withShape(data: Float64Array, shape: number[]): Float64Array {
  SHAPES.set(data, shape);
  return data;
}

/** A vector parameter with its shape: () for a number, (k,) for a flat array, the caller's shape for nested arrays or a Tensor. */
export function shapedVec(p: ResolvedParams, name: string): Tensor | null {
  const data = vec(p, name);
  if (data === null) return null;
  return { shape: SHAPES.get(data) ?? [data.length], data };
}

/** Nested arrays (an array holding an array) or a Tensor-like object: anything with more than one axis, or a shape given explicitly. */
function isShaped(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(Array.isArray);
  return typeof v === 'object' && v !== null && 'shape' in v && 'data' in v;
}

/** Nested arrays or a Tensor, checked as the input is (ragged, empty, non-numbers) and for finite values. */
function shapedParam(lossId: string, name: string, v: unknown): Float64Array {
  let t: Tensor;
  try {
    t = toTensor(v, name);
  } catch (err) {
    // toTensor's messages name the place ("weight[1] has length 1 but weight[0] has 2 ..."); add the loss.
    return fail(`${lossId}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const d = t.data;
  for (let i = 0; i < d.length; i++)
    if (!Number.isFinite(d[i]))
      fail(`${lossId}: ${name}${indexText(t.shape, i)} is ${d[i]}; the engine needs finite numbers`);
  // A caller's Tensor gets a new view of its buffer (no copy), so the shape recorded here belongs
  // to this request alone even when the same Float64Array is passed again with another shape.
  return withShape(d === (v as Tensor).data ? d.subarray(0) : d, [...t.shape]);
}

/**
 * Broadcasts a shaped parameter to the input's shape by NumPy's rule, as PyTorch does for bce's
 * `weight` and bce_with_logits' `weight` and `pos_weight`: the shapes are aligned from the right
 * and each axis of the parameter must be 1 or equal to the input's; the parameter may have fewer
 * axes, never more (PyTorch multiplies in place, so a weight never enlarges the loss: (1, N, C)
 * is an error for an (N, C) input). So a number, (C,), (1, C), (N, 1) and (N, C) all work for
 * (N, C). One engine addition, kept from before shaped weights existed: a flat array with one
 * value per element of the input is read row-major (PyTorch would reject it unless the input
 * has one axis, where both readings agree).
 *
 * Returns the parameter's values for every element of the input, row-major: the caller's own data
 * when it already has one per element (nothing is copied), otherwise a new array.
 */
export function broadcastParam(
  lossId: string,
  name: string,
  w: Tensor | null,
  shape: readonly number[],
): Float64Array | null {
  if (w === null) return null;
  const n = sizeOf(shape);
  const ws = w.shape;
  const wd = w.data;
  if (wd.length === n && (ws.length <= 1 || ws.length === shape.length)) {
    // Same element count: the same shape, a flat array, a number for a one-element input, or an
    // error such as (3, 2) for (2, 3), which the check below names.
    if (ws.length <= 1 || ws.every((d, i) => d === shape[i])) return wd;
  }
  const rank = shape.length;
  if (ws.length > rank) {
    fail(
      `${lossId}: ${name} of shape ${shapeText(ws)} does not broadcast to the input's shape ${shapeText(shape)}: it has more axes than the input ` +
        `(PyTorch's rule: ${name} must broadcast to the input and never enlarges the loss)`,
    );
  }
  // wStride[d]: how far one step along input axis d moves in w (0 where w is broadcast).
  const wStride = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = ws.length - 1, d = rank - 1; k >= 0; k--, d--) {
    if (ws[k] !== 1 && ws[k] !== shape[d]) {
      const flatHint =
        ws.length === 1
          ? `; a flat array must have 1, ${shape[rank - 1]} (the last axis) or ${n} (one per element) numbers`
          : '';
      fail(
        `${lossId}: ${name} of shape ${shapeText(ws)} does not broadcast to the input's shape ${shapeText(shape)}: ` +
          `${name}'s axis ${k} has ${ws[k]} entries where the input's axis ${d} has ${shape[d]} ` +
          `(shapes are aligned from the right; each axis of ${name} must be 1 or equal to the input's)${flatHint}`,
      );
    }
    if (ws[k] !== 1) wStride[d] = stride;
    stride *= ws[k];
  }
  if (wd.length === 1) return new Float64Array(n).fill(wd[0]);
  const out = new Float64Array(n);
  // Row-major walk over the input, innermost axis in a tight loop.
  const inner = rank ? shape[rank - 1] : 1;
  const innerStride = rank ? wStride[rank - 1] : 0;
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let base = 0; // offset in w of the current row
  for (let o = 0; o < n; o += inner) {
    if (innerStride === 0) out.fill(wd[base], o, o + inner);
    else for (let j = 0; j < inner; j++) out[o + j] = wd[base + j * innerStride];
    // Advance the outer multi-index (an odometer), keeping base in step.
    for (let d = rank - 2; d >= 0; d--) {
      base += wStride[d];
      if (++idx[d] < shape[d]) break;
      base -= wStride[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}
