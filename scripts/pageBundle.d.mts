// Types of ./pageBundle.mjs, for the TypeScript that imports it (the tests).
import type { BuildOptions, Plugin } from 'esbuild';

export const pageOptions: BuildOptions & { plugins: Plugin[] };
