/** A dense row-major float64 array with its shape. A 0-d tensor has shape [] and one element. */
export type Tensor = { shape: number[]; data: Float64Array };

export type NestedNumberArray = number | NestedNumberArray[];

/** Every engine error is a LossError, so callers can tell bad input from a bug. */
export class LossError extends Error {
  override name = 'LossError';
}

export function fail(message: string): never {
  throw new LossError(message);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function scalar(value: number): Tensor {
  return { shape: [], data: Float64Array.of(value) };
}

/** The multi-index of flat (row-major) position `flat` in `shape`: unravel(5, [2, 3]) is [1, 2]. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

/** The flat (row-major) position of a multi-index in `shape`, unravel's inverse; a missing trailing index counts as 0. */
export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + (index[d] ?? 0);
  return flat;
}

/** The multi-index of flat position `flat` in `shape`, as text: `[1][3]`. */
export function indexText(shape: readonly number[], flat: number): string {
  return unravel(flat, shape)
    .map((i) => `[${i}]`)
    .join('');
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'shape' in value && 'data' in value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value)}`;
  if (typeof value === 'number') return String(value);
  return `a value of type ${typeof value}`;
}

/**
 * Turns what a caller passed (a Tensor, nested arrays or a number) into a Tensor, or throws an
 * error that names the argument and the place: "input[2][1] is the string "a", not a number".
 */
export function toTensor(value: unknown, name: string): Tensor {
  if (isTensor(value)) return checkTensor(value, name);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${name} is ${value}; the engine needs finite numbers`);
    return scalar(value);
  }
  if (!Array.isArray(value)) fail(`${name} must be a number or an array of numbers, not ${describe(value)}`);

  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) {
    if (level.length === 0) fail(`${name}${'[0]'.repeat(shape.length)} is an empty array`);
    shape.push(level.length);
  }
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        fail(
          Array.isArray(node)
            ? `${name}${path} is nested deeper than ${name}${'[0]'.repeat(depth)}: the array is ragged`
            : `${name}${path} is ${describe(node)}, not a number`,
        );
      }
      if (!Number.isFinite(node)) fail(`${name}${path} is ${node}; the engine needs finite numbers`);
      data[k++] = node;
      return;
    }
    if (!Array.isArray(node))
      fail(
        `${name}${path} is ${describe(node)} where an array of length ${shape[depth]} was expected: the array is ragged`,
      );
    if (node.length !== shape[depth]) {
      fail(
        `${name}${path} has length ${node.length} but ${name}${'[0]'.repeat(depth)} has ${shape[depth]}: the array is ragged`,
      );
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, '');
  return { shape, data };
}

function checkTensor(t: Tensor, name: string): Tensor {
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    fail(`${name}.shape must be an array of non-negative integers`);
  }
  if (!(t.data instanceof Float64Array)) fail(`${name}.data must be a Float64Array`);
  const n = sizeOf(t.shape);
  if (t.data.length !== n)
    fail(`${name}.data has ${t.data.length} elements but shape ${shapeText(t.shape)} needs ${n}`);
  if (n === 0) fail(`${name} is empty (shape ${shapeText(t.shape)})`);
  return t;
}

/**
 * Finds the first non-finite element, for the error message. Called only after a result came out
 * non-finite, so well-formed requests never pay for a separate validation pass.
 */
export function firstNonFinite(t: Tensor): number {
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

/** Nested arrays for JSON output. */
export function toNested(t: Tensor): NestedNumberArray {
  if (t.shape.length === 0) return t.data[0];
  let k = 0;
  const build = (depth: number): NestedNumberArray[] => {
    const out = new Array<NestedNumberArray>(t.shape[depth]);
    for (let i = 0; i < t.shape[depth]; i++) out[i] = depth === t.shape.length - 1 ? t.data[k++] : build(depth + 1);
    return out;
  };
  return build(0);
}
