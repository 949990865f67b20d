import { fail } from './tensor';

/** Text in the two languages the extension speaks. */
export type Localized = { en: string; 'zh-cn': string };

/** A parameter as callers see it in `listLosses()`. */
export type ParamSpec =
  | { name: string; kind: 'number'; default: number; min?: number; max?: number; minExclusive?: boolean; description: Localized }
  | { name: string; kind: 'integer'; default: number; min?: number; max?: number; description: Localized }
  | { name: string; kind: 'choice'; default: number; choices: number[]; description: Localized }
  | { name: string; kind: 'boolean'; default: boolean; description: Localized }
  /** A per-class or broadcastable weight; null means "none" (all ones). */
  | { name: string; kind: 'vector'; default: null; description: Localized };

export type ParamValue = number | boolean | Float64Array | null;
export type ResolvedParams = Record<string, ParamValue>;
export type RawParams = Record<string, number | boolean | number[]>;

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
        return Float64Array.of(v);
      }
      if (!Array.isArray(v) || v.length === 0) fail(`${where} must be a number or a non-empty array of numbers`);
      const out = new Float64Array(v.length);
      v.forEach((x, i) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${where}[${i}] must be a finite number, got ${JSON.stringify(x)}`);
        out[i] = x;
      });
      return out;
    }
    default: {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where} must be a finite number, got ${JSON.stringify(v)}`);
      if (spec.kind === 'integer' && !Number.isInteger(v)) fail(`${where} must be an integer, got ${v}`);
      if (spec.kind === 'choice') {
        if (!spec.choices.includes(v)) fail(`${where} must be one of ${spec.choices.join(', ')}, got ${v}`);
        return v;
      }
      if (spec.min !== undefined) {
        const exclusive = spec.kind === 'number' && spec.minExclusive;
        if (exclusive ? v <= spec.min : v < spec.min) fail(`${where} must be ${exclusive ? '>' : '≥'} ${spec.min}, got ${v}`);
      }
      if (spec.max !== undefined && v > spec.max) fail(`${where} must be ≤ ${spec.max}, got ${v}`);
      return v;
    }
  }
}

export const num = (p: ResolvedParams, name: string): number => p[name] as number;
export const bool = (p: ResolvedParams, name: string): boolean => p[name] as boolean;
export const vec = (p: ResolvedParams, name: string): Float64Array | null => p[name] as Float64Array | null;
