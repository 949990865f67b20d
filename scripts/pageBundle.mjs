// How the playground page (webview/main.ts) is bundled: scripts/build.mjs builds it so, and the
// tests that look at its chunks build it from these same options.
//
// ES modules split into chunks: each scene's code is a chunk of its own, loaded when its tab first
// opens; code they share (the scene frame; chart.js and the controls, which the entry imports) is
// in shared chunks. Always minified: the page parses it on every open.
// - three.js (the surface's 3-D view, a chunk of its own) keeps only what that view draws with:
//   MeshBasicMaterial's and LineBasicMaterial's `basic` program, and no environment maps, WebXR or
//   shadow maps (./threeTrim.mjs).
// - The catalog's formulas are written in as the module `loss-playground:formulas`
//   (./pageFormulas.mjs).
import { pageFormulas } from './pageFormulas.mjs';
import { threeTrim } from './threeTrim.mjs';

export const pageOptions = {
  platform: 'browser',
  target: 'chrome120',
  format: 'esm',
  splitting: true,
  minify: true,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  plugins: [threeTrim({ programs: ['meshbasic'] }), pageFormulas],
};
