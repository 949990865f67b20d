// Types of ./threeTrim.mjs, for the TypeScript that imports it (the bench, the tests).
import type { Plugin } from 'esbuild';

export function includes(glsl: string): string[];
export function includeClosure(
  roots: readonly string[],
  chunkSource: (name: string) => string | undefined,
): Set<string>;
export function minifyGlsl(glsl: string): string;
export function minifyModule(source: string): string | undefined;
export function threeTrim(options: { programs: string[] }): Plugin;
