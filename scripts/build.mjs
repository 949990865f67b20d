// Bundles every entry point with esbuild. One table, so adding a bundle is one line.
// Usage: node scripts/build.mjs [--watch] [--minify] [--production] [--outdir DIR]
//   --production   what the VSIX ships (scripts/package.mjs): minified, and without the test hooks
//                  (./testHooks.mjs); every other build keeps them, for the tests
//   --outdir DIR   only the bundles, into DIR instead of dist/ (to look at what a build holds)
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { testHooksDefine } from './testHooks.mjs';
import { pageOptions } from './pageBundle.mjs';
import { formulaOnWorker, webEntries } from './webBundles.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const minify = production || process.argv.includes('--minify');
const outdirAt = process.argv.indexOf('--outdir');
const outRoot = outdirAt >= 0 ? process.argv[outdirAt + 1] : undefined;
if (outdirAt >= 0 && !outRoot) throw new Error('build: --outdir needs a folder');
/** Where a bundle goes: its place in dist/, or the same place under --outdir. */
const placed = (p) => (outRoot ? p.replace(/^dist\//, `${outRoot}/`) : p);

const node = { platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };
const browser = { platform: 'browser', format: 'iife', target: 'chrome120' };

/** The playground page (./pageBundle.mjs), and the list of the files each scene needs beside it. */
const page = {
  ...pageOptions,
  metafile: true,
  plugins: [
    ...pageOptions.plugins,
    { name: 'page-manifest', setup: (b) => b.onEnd((r) => r.metafile && writePageManifest(r.metafile)) },
  ],
};

/**
 * dist/webview/manifest.json: `main` (the page's entry and what it imports) and `scenes` (each
 * scene's chunk and what it imports), for the host to preload in that order: a webview's files
 * arrive one after another, so what the first request needs comes first.
 */
function writePageManifest(metafile) {
  const outputs = metafile.outputs;
  const name = (out) => out.replace(/^.*\/webview\//, '');
  const closure = (out, seen = new Set()) => {
    if (seen.has(out)) return seen;
    seen.add(out);
    for (const i of outputs[out]?.imports ?? []) if (i.kind === 'import-statement') closure(i.path, seen);
    return seen;
  };
  const files = (out) => [...closure(out)].filter((f) => f.endsWith('.js')).map(name);
  const manifest = { main: [], scenes: {} };
  for (const [out, o] of Object.entries(outputs)) {
    if (o.entryPoint === 'webview/main.ts') manifest.main = files(out);
    const scene = /^webview\/scenes\/(\w+)\.ts$/.exec(o.entryPoint ?? '')?.[1];
    if (scene && scene !== 'index') manifest.scenes[scene] = files(out);
  }
  writeFileSync(placed('dist/webview/manifest.json'), JSON.stringify(manifest, null, 1));
}

/** @type {Array<{in: string, out?: string, outdir?: string, opts: object, banner?: string}>} */
const entries = [
  { in: 'src/extension.ts', out: 'dist/extension.js', opts: { ...node, plugins: [formulaOnWorker] } },
  { in: 'src/engine/index.ts', out: 'dist/engine.js', opts: node },
  // The playground's compute worker: the engine and the scenes, on a thread of its own.
  { in: 'src/playground/worker.ts', out: 'dist/playground-worker.js', opts: node },
  { in: 'src/cli.ts', out: 'dist/cli.js', opts: node, banner: '#!/usr/bin/env node' },
  { in: 'src/gradcheck/runners/jsChild.ts', out: 'dist/gradcheck-js-child.js', opts: node },
  { in: 'webview/main.ts', outdir: 'dist/webview', opts: page },
  // KaTeX apart: the page loads it after its first chart (webview/formulas.ts).
  { in: 'webview/katexEntry.ts', out: 'dist/katex.js', opts: { ...browser, minify: true } },
  // The browser entry (vscode.dev): the extension and its grad-check worker (./webBundles.mjs).
  ...webEntries,
];

// An entry point that is not there (renamed, moved) is a broken build, not a smaller one: the
// VSIX would lack that bundle and nothing would say so until a user opened it.
const missing = entries.filter((e) => !existsSync(e.in));
if (missing.length) {
  console.error(
    `build: ${missing.length === 1 ? 'an entry point is' : 'entry points are'} missing: ${missing.map((e) => e.in).join(', ')} (see the table in scripts/build.mjs)`,
  );
  process.exit(1);
}

/**
 * KaTeX's stylesheet and fonts for the playground, into dist/katex/. Only the woff2 files are
 * kept (every browser VS Code runs in reads them), which keeps the VSIX small.
 */
function copyKatex() {
  const from = 'node_modules/katex/dist';
  if (!existsSync(from)) return;
  mkdirSync('dist/katex/fonts', { recursive: true });
  const css = readFileSync(`${from}/katex.min.css`, 'utf8').replace(
    /,url\(fonts\/[^)]+\.(woff|ttf)\) format\("(woff|truetype)"\)/g,
    '',
  );
  writeFileSync('dist/katex/katex.css', css);
  for (const f of readdirSync(`${from}/fonts`))
    if (f.endsWith('.woff2')) copyFileSync(`${from}/fonts/${f}`, `dist/katex/fonts/${f}`);
}
if (!outRoot) copyKatex();

// The grad-check Python driver (driver.py and its lp_*.py modules) runs as scripts beside the
// bundles, not bundled. A missing driver is a broken build, not a quiet one.
if (!outRoot) {
  const fs = await import('node:fs');
  const sources = fs.readdirSync('src/gradcheck/python').filter((f) => f.endsWith('.py'));
  if (!sources.includes('driver.py')) throw new Error('build: src/gradcheck/python/driver.py is missing');
  fs.rmSync('dist/gradcheck_python', { recursive: true, force: true });
  fs.mkdirSync('dist/gradcheck_python', { recursive: true });
  for (const f of sources) fs.copyFileSync(`src/gradcheck/python/${f}`, `dist/gradcheck_python/${f}`);
}

// Chunk names carry hashes: old ones would pile up.
rmSync(placed('dist/webview'), { recursive: true, force: true });

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: [e.in],
      ...(e.outdir ? { outdir: placed(e.outdir) } : { outfile: placed(e.out) }),
      bundle: true,
      sourcemap: true,
      minify,
      logLevel: 'warning',
      ...(e.banner ? { banner: { js: e.banner } } : {}),
      ...e.opts,
      define: { ...e.opts.define, ...testHooksDefine(production) },
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${entries.length} bundles`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  console.log(
    `built ${entries.map((e) => placed(e.out ?? `${e.outdir}/`)).join(', ')}${production ? ' (production: no test hooks)' : ''}`,
  );
}

// The hovers' formula images, typeset with MathJax from the engine bundle's TeX (scripts/formulas.mjs).
if (!watch && !outRoot && existsSync('dist/engine.js') && existsSync('node_modules/mathjax-full')) {
  const { buildFormulas } = await import('./formulas.mjs');
  const r = buildFormulas();
  console.log(`dist/formulas.json: ${r.count} formulas${r.cached ? ' (unchanged)' : ''}`);
}
