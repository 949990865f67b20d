/**
 * The surface scene's 3-D view (webview/surface3d.ts): its first picture, measured where it is
 * drawn, in Chromium (the browser the e2e run drives; WebGL 2 by SwiftShader when there is no
 * GPU, as on these machines). The view and the page's helpers it takes are bundled as the page
 * bundles them (esbuild, code splitting, three.js's shaders kept to the view's own by
 * scripts/threeTrim.mjs); a small page loads them from memory and, once the helpers are there,
 * imports the view's chunk and draws a 201×201 surface the host computed (MSE over 1,000 samples).
 *
 *   first draw: import() of the view's chunk → its first picture with data, read back from the
 *     GPU; a fresh browser context each time, so nothing is cached;
 *   turn: one arrow key on the focused view → the turned picture read back;
 *   mesh: the geometry from the grid alone (webview/surfaceMesh.ts), in Node: the CPU's share.
 *
 * The design has no budget for it; the slider → redraw budget (16 ms) is the one a turn meets.
 */
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { findChromium } from '../scripts/codeServer';
import { surfaceStages } from '../src/playground/scenes/surface';
import type { SurfaceData, SurfaceInput } from '../src/protocol';
import { launchChromium } from '../test/support/chromium';
import { surfaceMesh } from '../webview/surfaceMesh';
import type { BenchGroup, Task } from './harness';

const root = join(__dirname, '..');
const ORIGIN = 'http://bench.invalid';

/** The page's side: the helpers first (as the playground's entry has them), the view's chunk on demand. */
const GLUE = (r: (p: string) => string): string => `
import { button, el, nextId, renderTable } from ${r('webview/ui.ts')};
import { fmt } from ${r('webview/charts.ts')};
import { readPalette, rgb } from ${r('webview/theme.ts')};
import { strings } from ${r('webview/i18n.ts')};
const kit = { el, button, nextId, renderTable, fmt, rgb };
window.firstDraw = (data) => new Promise((resolve, reject) => {
  const requestedAt = performance.now();
  import(${r('webview/surface3d.ts')}).then(({ Surface3dView }) => {
    const palette = readPalette();
    const view = new Surface3dView(document.getElementById('box'), strings('en').surface.view3d, palette, { kit, requestedAt, firstDraw: (ms) => resolve(ms) });
    view.show(data, palette);
    setTimeout(() => reject(new Error(document.getElementById('box').textContent)), 20000);
  }, reject);
});
window.turn = () => {
  const canvas = document.querySelector('canvas');
  const gl = canvas.getContext('webgl2');
  const t0 = performance.now();
  canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  return performance.now() - t0;
};
`;

const HTML = `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="playground.css">
<script type="module" src="glue.js"></script></head>
<body class="vscode-dark"><section class="scene scene-surface"><div class="surface-3d" id="box" style="width: 560px"></div></section></body></html>`;

/** The view's code as the page would have it, in a folder of its own; the first draw's chunk size is printed. */
async function bundle(): Promise<{ dir: string; note: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'loss-playground-bench3d-'));
  writeFileSync(
    join(dir, 'glue.ts'),
    GLUE((p) => JSON.stringify(join(root, p))),
  );
  const { threeTrim } = await import('../scripts/threeTrim.mjs');
  const r = await esbuild.build({
    entryPoints: [join(dir, 'glue.ts')],
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [threeTrim({ programs: ['meshbasic'] })],
  });
  writeFileSync(join(dir, 'index.html'), HTML);
  writeFileSync(join(dir, 'playground.css'), readFileSync(join(root, 'media', 'playground.css')));
  const chunk = Object.entries(r.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('webview/surface3d.ts'));
  const note = chunk ? `the view's chunk: ${(chunk[1].bytes / 1024).toFixed(0)} KB minified` : '';
  return { dir, note };
}

/** A page of the bench's folder, served from memory, in a fresh context (no cache). */
async function openPage(browser: Browser, dir: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 640, height: 640 } });
  const page = await context.newPage();
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  await page.route(`${ORIGIN}/**`, (route) => {
    const file = new URL(route.request().url()).pathname.slice(1);
    try {
      return route.fulfill({
        body: readFileSync(join(dir, file)),
        contentType: types[extname(file)] ?? 'application/octet-stream',
      });
    } catch {
      return route.fulfill({ status: 404 });
    }
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => 'firstDraw' in globalThis);
  return page;
}

declare const window: { firstDraw(d: SurfaceData): Promise<number>; turn(): number };

async function surface3dTask(): Promise<Task> {
  const input: SurfaceInput = {
    loss: 'mse',
    delta: 1,
    seed: 1,
    n: 1000,
    noise: 1,
    start: [-1.5, 3.5],
    eta: 0.1,
    steps: 60,
    resolution: 201,
    penalty: 'none',
    lambda: 0,
  };
  let data: SurfaceData | undefined;
  for (const stage of surfaceStages(input)) if (stage) data = stage.data;
  const { dir, note } = await bundle();
  const chromium = await launchChromium();
  const stops: [number, number, number][] = [
    [55, 148, 255],
    [137, 209, 133],
    [204, 167, 0],
    [209, 134, 22],
    [241, 76, 76],
  ];
  // One page stays open for the turns.
  const turning = await openPage(chromium.browser, dir);
  await turning.evaluate((d) => window.firstDraw(d), data!);
  return {
    name: 'surface 3-D view, 201×201 MSE surface',
    variants: [
      {
        name: 'first draw (Chromium)',
        minReps: 5,
        measure: async () => {
          const page = await openPage(chromium.browser, dir);
          try {
            return await page.evaluate((d) => window.firstDraw(d), data!);
          } finally {
            await page.context().close();
          }
        },
      },
      { name: 'turn (Chromium)', measure: () => turning.evaluate(() => window.turn()) },
      { name: 'mesh (Node)', run: () => surfaceMesh(data!, stops) },
    ],
    verify: () => note,
    dispose: () => {
      void chromium.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const group: BenchGroup = {
  name: 'surface3d',
  title: 'Playground: the surface’s 3-D view',
  notes: [
    'first draw: import() of the view’s chunk (three.js) → its first picture, read back from the GPU, in a fresh Chromium context; turn: one arrow key → the picture; mesh: the geometry alone, in Node.',
    'Chromium draws WebGL with SwiftShader (on the CPU) on machines without a GPU, as here: a GPU draws faster.',
  ],
  reps: 20,
  minReps: 8,
  *tasks() {
    if (!findChromium()) {
      process.stderr.write('  surface3d: no Chromium (apt-get install -y chromium): its 3-D view is not measured\n');
      return;
    }
    yield surface3dTask;
  },
};

export default group;
