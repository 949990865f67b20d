// Bundles every entry point with esbuild. One table, so adding a bundle is one line.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { webEntries } from './webBundles.mjs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const node = { platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };
const browser = { platform: 'browser', format: 'iife', target: 'chrome120' };

/** @type {Array<{in: string, out: string, opts: object, banner?: string}>} */
const entries = [
  { in: 'src/extension.ts', out: 'dist/extension.js', opts: node },
  { in: 'src/engine/index.ts', out: 'dist/engine.js', opts: node },
  // The playground's compute worker: the engine and the scenes, on a thread of its own.
  { in: 'src/playground/worker.ts', out: 'dist/playground-worker.js', opts: node },
  { in: 'src/cli.ts', out: 'dist/cli.js', opts: node, banner: '#!/usr/bin/env node' },
  { in: 'src/gradcheck/runners/jsChild.ts', out: 'dist/gradcheck-js-child.js', opts: node },
  // Always minified: the page parses it on every open, and half the bytes is a faster first chart.
  { in: 'webview/main.ts', out: 'dist/webview.js', opts: { ...browser, minify: true } },
  // KaTeX apart: the page loads it after its first chart (webview/formulas.ts).
  { in: 'webview/katexEntry.ts', out: 'dist/katex.js', opts: { ...browser, minify: true } },
  // The browser entry (vscode.dev): the extension and its grad-check worker (./webBundles.mjs).
  ...webEntries,
].filter((e) => existsSync(e.in));

/**
 * KaTeX's stylesheet and fonts for the playground, into dist/katex/. Only the woff2 files are
 * kept (every browser VS Code runs in reads them), which keeps the VSIX small.
 */
function copyKatex() {
  const from = 'node_modules/katex/dist';
  if (!existsSync(from)) return;
  mkdirSync('dist/katex/fonts', { recursive: true });
  const css = readFileSync(`${from}/katex.min.css`, 'utf8').replace(/,url\(fonts\/[^)]+\.(woff|ttf)\) format\("(woff|truetype)"\)/g, '');
  writeFileSync('dist/katex/katex.css', css);
  for (const f of readdirSync(`${from}/fonts`)) if (f.endsWith('.woff2')) copyFileSync(`${from}/fonts/${f}`, `dist/katex/fonts/${f}`);
}
copyKatex();

// The grad-check Python driver (driver.py and its lp_*.py modules) runs as scripts beside the
// bundles, not bundled. A missing driver is a broken build, not a quiet one.
{
  const fs = await import('node:fs');
  const sources = fs.readdirSync('src/gradcheck/python').filter((f) => f.endsWith('.py'));
  if (!sources.includes('driver.py')) throw new Error('build: src/gradcheck/python/driver.py is missing');
  fs.rmSync('dist/gradcheck_python', { recursive: true, force: true });
  fs.mkdirSync('dist/gradcheck_python', { recursive: true });
  for (const f of sources) fs.copyFileSync(`src/gradcheck/python/${f}`, `dist/gradcheck_python/${f}`);
}

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      sourcemap: true,
      minify,
      logLevel: 'warning',
      ...(e.banner ? { banner: { js: e.banner } } : {}),
      ...e.opts,
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${entries.length} bundles`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  console.log(`built ${entries.map((e) => e.out).join(', ')}`);
}

// The hovers' formula images, typeset with MathJax from the engine bundle's TeX (scripts/formulas.mjs).
if (!watch && existsSync('dist/engine.js') && existsSync('node_modules/mathjax-full')) {
  const { buildFormulas } = await import('./formulas.mjs');
  const r = buildFormulas();
  console.log(`dist/formulas.json: ${r.count} formulas${r.cached ? ' (unchanged)' : ''}`);
}
