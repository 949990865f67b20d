/**
 * The playground page by itself, in Chromium without VS Code: the page as the build wrote it
 * (dist/, built for tests before this stage), its HTML made as the host makes it (the start
 * written by src/playground/pageStart.ts), and in place of VS Code's webview API a stand-in that
 * records what the page posts and answers only when the test does.
 *
 * It shows what the page does before the host says anything: the tabs, the first scene mounted
 * (the focus in its HTML, or else the first scene) and its numbers asked for. Then one `result`,
 * computed by the host's own scene code, draws the chart.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAttribute } from '../../src/playground/pageStart';
import { computeScene } from '../../src/playground/scenes';
import type { HostMessage, PageStart, SceneRequest, WebviewMessage } from '../../src/protocol';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { repoRoot } from './workbench';

const ORIGIN = 'http://page.invalid';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2' };

/** The page's HTML as src/playground/html.ts writes it, less the CSP and VS Code's resource URLs. */
const html = (start: PageStart): string => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<link rel="stylesheet" href="${ORIGIN}/media/playground.css">
<script>
  // VS Code's webview API, standing in: what the page posts is kept, and nothing answers.
  window.posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => {} });
</script>
<script type="module" src="${ORIGIN}/dist/webview/main.js"></script>
</head>
<body class="vscode-dark">
<main id="app" aria-busy="true" data-start="${startAttribute(start)}"></main>
</body>
</html>`;

declare const window: {
  posted: WebviewMessage[];
  postMessage(m: unknown, target: string): void;
  __lossPlayground: { perf: { firstChartMs: number | null } };
};
declare const document: {
  querySelector(s: string): { getAttribute(a: string): string | null; toDataURL(): string } | null;
};

describe('e2e: the playground page on its own (no VS Code, a host that says nothing)', function () {
  this.timeout(60_000);
  let chrome: LaunchedChromium;

  before(async function () {
    if (!existsSync(join(repoRoot, 'dist', 'webview', 'main.js')))
      throw new Error('dist/webview is not built (npm run build)');
    chrome = await launchChromium();
  });
  after(async () => {
    await chrome?.close();
  });

  /** A fresh page on `start`, its files served from dist/ and media/ alone. */
  async function open(start: PageStart): Promise<Page> {
    const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ body: html(start), contentType: 'text/html' });
      const file = join(repoRoot, path);
      if (!/^\/(dist|media)\//.test(path) || !existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({
        body: readFileSync(file),
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      });
    });
    await page.goto(`${ORIGIN}/`);
    return page;
  }

  /** The compute the page posted for `scene`, once it has. */
  async function computeFor(page: Page, scene: string): Promise<{ seq: number; request: SceneRequest }> {
    const m = await page.waitForFunction(
      (s) => window.posted.find((p) => p.type === 'compute' && p.request.scene === s),
      scene,
      { timeout: 20_000 },
    );
    return (await m.jsonValue()) as { seq: number; request: SceneRequest };
  }

  it('mounts its first scene and asks for its numbers before the host says a word, then draws the answer', async () => {
    const page = await open({ openedAt: Date.now() });
    try {
      const { seq, request } = await computeFor(page, 'regression');
      assert.ok(await page.locator('section[data-scene="regression"]').isVisible(), 'the first scene is mounted');
      assert.equal(await page.locator('vscode-tab-header').count(), 12, 'every scene has its tab');
      const posted = await page.evaluate(() => window.posted.map((p) => p.type));
      assert.ok(posted.includes('ready'), posted.join(', '));
      assert.equal(await page.evaluate(() => window.__lossPlayground.perf.firstChartMs), null, 'no chart without data');

      // The axes are drawn; the curves come with the answer, as the host's compute makes it.
      const print = (): Promise<string> =>
        page.evaluate(() => document.querySelector('section[data-scene="regression"] canvas')?.toDataURL() ?? '');
      const before = await print();
      const answer: HostMessage = {
        type: 'result',
        seq,
        result: JSON.parse(JSON.stringify(computeScene(request))) as never,
        final: true,
      };
      await page.evaluate((m) => window.postMessage(m, '*'), answer);
      await page.waitForFunction(() => window.__lossPlayground.perf.firstChartMs !== null, undefined, {
        timeout: 10_000,
      });
      assert.notEqual(await print(), before, 'the answer changed the chart');
    } finally {
      await page.context().close();
    }
  });

  it('opens on the focus in its HTML: the surface scene with the penalty a link asked for, its tab selected', async () => {
    const page = await open({
      openedAt: Date.now(),
      focus: { scene: 'surface', view: { penalty: 'l1', lambda: 0.5 } },
    });
    try {
      const { request } = await computeFor(page, 'surface');
      assert.equal(request.scene, 'surface');
      const input = request.input as { penalty: string; lambda: number };
      assert.deepEqual([input.penalty, input.lambda], ['l1', 0.5]);
      assert.equal(await page.locator('vscode-tab-header[data-scene="surface"]').getAttribute('aria-selected'), 'true');
      assert.equal(await page.locator('section[data-scene="regression"]').count(), 0, 'no other scene was mounted');
    } finally {
      await page.context().close();
    }
  });
});
