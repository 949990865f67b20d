// The browser entry (vscode.dev, github.dev): three bundles for scripts/build.mjs's table, kept here
// so test/unit/web-bundle.test.ts builds exactly these and checks that no Node module is left in.
//
// - dist/web/extension.js: package.json's `browser`, loaded by VS Code's Web Worker extension host,
//   which evaluates CommonJS and supplies `vscode`. Node's path and fs have small browser stand-ins
//   (VS Code's guide to web extensions does the same with path-browserify): document paths in the
//   browser are POSIX, and nothing there reads files synchronously. worker_threads' Worker is a Web
//   Worker there, for the playground's compute; setImmediate, which slices work, is injected.
// - dist/web/playground-worker.js: that compute worker, src/playground/worker.ts as it is, its
//   parentPort the Web Worker's own scope.
// - dist/web/gradcheck-worker.js: the JS/TS grad-check runner, src/gradcheck/runners/jsChild.ts as
//   it is, in a Web Worker: node:module is stood in for (a module's code runs in a function scope,
//   nothing else loads), `process` is injected as a postMessage channel, require.cache and
//   require.main, which only the Node child needs, are empty, and it starts no worker thread.

import { join } from 'node:path';

const stand = (name) => `./src/gradcheck/runners/browser/${name}.ts`;

/**
 * For the extension host's bundles (Node and browser): the formula engine (src/engine/formula,
 * which carries mathjs) becomes its host stand-in, src/engine/formula/workerOnly.ts, so mathjs
 * ships only in the compute worker's bundles, where every formula is parsed.
 */
export const formulaOnWorker = {
  name: 'formula-on-worker',
  setup(build) {
    build.onResolve({ filter: /[\\/]engine[\\/]formula$/ }, (args) => ({
      path: join(args.resolveDir, args.path, 'workerOnly.ts'),
    }));
  },
};

/** Every browser stand-in for a Node module: the only files an import of one may resolve to. */
export const browserStandIns = ['path', 'fs', 'module', 'workerThreads', 'workerPort'].map(stand);

const common = {
  platform: 'browser',
  target: 'chrome120',
  alias: { 'node:path': stand('path'), 'node:fs': stand('fs') },
};

export const webEntries = [
  {
    in: 'src/extensionWeb.ts',
    out: 'dist/web/extension.js',
    opts: {
      ...common,
      format: 'cjs',
      external: ['vscode'],
      alias: { ...common.alias, 'node:worker_threads': stand('workerThreads') },
      inject: [stand('immediate')],
      plugins: [formulaOnWorker],
    },
  },
  {
    in: 'src/playground/worker.ts',
    out: 'dist/web/playground-worker.js',
    opts: {
      ...common,
      format: 'iife',
      alias: { ...common.alias, 'node:worker_threads': stand('workerPort') },
      inject: [stand('immediate')],
    },
  },
  {
    in: 'src/gradcheck/runners/webWorker.ts',
    out: 'dist/web/gradcheck-worker.js',
    opts: {
      ...common,
      format: 'iife',
      alias: { ...common.alias, 'node:module': stand('module'), 'node:worker_threads': stand('workerPort') },
      inject: [stand('process')],
      define: { 'require.cache': '{}', 'require.main': 'undefined', __filename: '"gradcheck-worker.js"' },
    },
  },
];
