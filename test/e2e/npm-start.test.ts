// `npm start` as a newcomer runs it: it builds, starts VS Code (code-server here) on examples/ and
// the playground opens with the window, no command needed. The test runs the real script and
// opens the URL it prints.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { adoptGroup, killGroup } from '../../scripts/processes';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { locale, repoRoot, resultsDir, screenshot, waitForInk, webviewFrame } from './workbench';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// npm start has no display-language switch (VS Code's own setting decides), so the Chinese run skips it.
(locale ? describe.skip : describe)('e2e: npm start', function () {
  this.timeout(240_000);
  let start: ChildProcess | undefined;
  let chrome: LaunchedChromium | undefined;
  let output = '';

  after(async () => {
    await chrome?.close();
    // SIGTERM, as a terminal closing sends it: start.ts then stops code-server and itself.
    if (start?.pid) await killGroup(start.pid, 10_000);
  });

  it('builds, starts VS Code on examples/ and opens the playground by itself', async () => {
    const port = await freePort();
    start = spawn('npm', ['start', '--', '--code-server', '--no-watch', '--port', String(port)], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    if (start.pid) adoptGroup(start.pid, 'npm start');
    start.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    start.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    let url: string | undefined;
    for (const deadline = Date.now() + 180_000; !url && Date.now() < deadline;) {
      url = new RegExp(`http://127\\.0\\.0\\.1:${port}/\\S+`).exec(output)?.[0];
      if (start.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(url, `npm start printed no workbench URL:\n${output.slice(-3000)}`);
    assert.match(output, /The playground opens with the window/);

    chrome = await launchChromium();
    const page: Page = await (await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(url, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Nobody runs the command: the tab is there because the window opened.
    await page.locator('.tab', { hasText: 'Loss Playground' }).waitFor({ timeout: 60_000 });
    // The example file that activated the extension (no start-up activation) is open behind it.
    await page.locator('.tab', { hasText: 'numpy_losses.py' }).waitFor({ timeout: 10_000 });
    const frame = await webviewFrame(page, 'canvas', 30_000);
    const ink = await waitForInk(frame);
    assert.ok(ink.inked >= 1, `the playground drew nothing: ${JSON.stringify(ink)}`);
    // KaTeX arrives after the first chart (webview/formulas.ts): the formulas are typeset too.
    await frame.locator('.formula .katex').first().waitFor({ timeout: 20_000 });
    // ...in KaTeX's own fonts the moment they show: typeset before the fonts arrived, Chromium drew
    // the fraction bars without their letters.
    // A string, as this file is checked without the DOM library.
    const fonts = await frame.evaluate<string[]>(
      `['1em KaTeX_Main', 'italic 1em KaTeX_Math'].map((f) => f + ': ' + document.fonts.check(f))`,
    );
    assert.deepEqual(fonts, ['1em KaTeX_Main: true', 'italic 1em KaTeX_Math: true']);
    await screenshot(page, 'npm-start');
    // The README's first picture: what a newcomer sees.
    if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1')
      copyFileSync(join(resultsDir, 'npm-start.png'), join(repoRoot, 'docs', 'screenshots', 'npm-start.png'));
  });
});
