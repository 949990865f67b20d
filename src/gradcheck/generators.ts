/**
 * The input generators of the annotation grammar (`randn(6,4)`, `labels(6,4)`, ...) and the few
 * the planner adds (`logprobs`, `unit`), drawn from the grad-check's seeded generator
 * (../engine/mulberry32.ts) so a report's seed reproduces its inputs.
 */
import type { Mulberry32 } from '../engine/mulberry32';
import type { WireArray } from './runners/protocol';
import type { GeneratorName } from './types';

/**
 * `logprobs`: rows of log-probabilities; `unit`: rows of unit L2 norm along the last axis
 * (embeddings a contrastive loss expects normalised).
 */
export type Gen = { generator: GeneratorName | 'logprobs' | 'unit'; dims: number[] };

/** The shape a generator's array has: `labels(N, C, ...rest)` gives N·rest integers below C. */
export function shapeOf(gen: Gen): number[] {
  if (gen.generator === 'labels') return [gen.dims[0] ?? 1, ...gen.dims.slice(2)];
  return gen.dims;
}

/**
 * The interval a generator's values may take without leaving the loss's domain: where a plot along
 * one coordinate may go. Probabilities stay inside (0, 1) and log-probabilities below 0, as the
 * logs in the losses that take them require.
 */
export function domainOf(gen: Gen): [number, number] {
  switch (gen.generator) {
    case 'rand':
    case 'probs':
      return [0.01, 0.99];
    case 'logprobs':
      return [-Infinity, -0.01];
    default:
      return [-Infinity, Infinity];
  }
}

/** Draws one array. `scale` multiplies real-valued (randn) generators only. */
export function draw(gen: Gen, rng: Mulberry32, scale: number): WireArray {
  const dims = gen.dims;
  const size = dims.reduce((a, b) => a * b, 1);
  const data: number[] = new Array<number>(size);
  switch (gen.generator) {
    case 'randn':
      for (let i = 0; i < size; i++) data[i] = scale * rng.normal();
      return { dtype: 'float64', shape: dims, data };
    case 'rand':
      // Away from 0 and 1, so logs and central differences stay finite.
      for (let i = 0; i < size; i++) data[i] = rng.uniform(0.02, 0.98);
      return { dtype: 'float64', shape: dims, data };
    case 'binary':
      for (let i = 0; i < size; i++) data[i] = rng.next() < 0.5 ? 0 : 1;
      return { dtype: 'float64', shape: dims, data };
    case 'signs':
      for (let i = 0; i < size; i++) data[i] = rng.next() < 0.5 ? -1 : 1;
      return { dtype: 'float64', shape: dims, data };
    case 'labels': {
      const shape = shapeOf(gen);
      const count = shape.reduce((a, b) => a * b, 1);
      const classes = dims[1] ?? 2;
      const labels: number[] = [];
      for (let i = 0; i < count; i++) labels.push(rng.int(classes));
      return { dtype: 'int64', shape, data: labels };
    }
    case 'onehot': {
      const [n, c] = dims;
      for (let i = 0; i < size; i++) data[i] = 0;
      for (let i = 0; i < n; i++) data[i * c + rng.int(c)] = 1;
      return { dtype: 'float64', shape: dims, data };
    }
    case 'unit': {
      const last = dims.length ? dims[dims.length - 1] : 1;
      for (let row = 0; row < size / last; row++) {
        let norm = 0;
        for (let j = 0; j < last; j++) norm += (data[row * last + j] = rng.normal()) ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let j = 0; j < last; j++) data[row * last + j] /= norm;
      }
      return { dtype: 'float64', shape: dims, data };
    }
    case 'probs':
    case 'logprobs': {
      const last = dims.length ? dims[dims.length - 1] : 1;
      for (let row = 0; row < size / last; row++) {
        let sum = 0;
        for (let j = 0; j < last; j++) sum += data[row * last + j] = Math.exp(rng.normal());
        for (let j = 0; j < last; j++) {
          const p = data[row * last + j] / sum;
          data[row * last + j] = gen.generator === 'logprobs' ? Math.log(p) : p;
        }
      }
      return { dtype: 'float64', shape: dims, data };
    }
  }
}

/** A generator as the annotation grammar writes it (`labels(8,4)`), for messages. */
export function generatorText(gen: Gen): string {
  const name = gen.generator === 'logprobs' || gen.generator === 'unit' ? 'randn' : gen.generator;
  return `${name}(${gen.dims.join(',')})`;
}
