// Grad-check lenses as a person meets them: open the NumPy example, see a lens over each loss,
// click the one over the deliberately buggy gradient and read the ✗ verdict, the squiggle and the
// Problems entry; click a correct one and read ✓.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import {
  canvasHasInk,
  codeLensTitles,
  openFile,
  screenshot,
  locale,
  tr,
  trPattern,
  useWorkbench,
  waitForInk,
  webviewFrame,
} from './workbench';

/** Moves the cursor to a line (1-based) with Ctrl+G, which scrolls it into view. */
async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/**
 * The lens links drawn right above the editor line that contains `text`: lenses live in view
 * zones, so "above that line" is found from their positions on screen.
 */
async function lensesAbove(page: Page, text: string): Promise<Locator[]> {
  const line = page.locator('.editor-instance .view-line', { hasText: text }).first();
  await line.waitFor();
  const lineBox = (await line.boundingBox())!;
  const found: Array<{ link: Locator; x: number }> = [];
  for (const link of await page.locator('.editor-instance .codelens-decoration a').all()) {
    const box = await link.boundingBox();
    if (box && box.y < lineBox.y && lineBox.y - box.y < lineBox.height * 1.6) found.push({ link, x: box.x });
  }
  return found.sort((a, b) => a.x - b.x).map((f) => f.link);
}

/** Like lensesAbove, once there are some: lenses arrive a moment after the editor draws. */
async function waitForLensesAbove(page: Page, text: string, timeoutMs = 30_000): Promise<Locator[]> {
  for (const deadline = Date.now() + timeoutMs; ; await page.waitForTimeout(200)) {
    const lenses = await lensesAbove(page, text);
    if (lenses.length || Date.now() > deadline) return lenses;
  }
}

async function waitForLensAbove(page: Page, text: string, title: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const titles = await Promise.all(
      (await lensesAbove(page, text)).map(async (l) => (await l.textContent())?.trim() ?? ''),
    );
    const hit = titles.find((t) => title.test(t));
    if (hit) return hit;
    if (Date.now() > deadline)
      throw new Error(
        `no lens matching ${title} above "${text}" after ${timeoutMs} ms; lenses there: ${JSON.stringify(titles)}`,
      );
    await page.waitForTimeout(200);
  }
}

/** Waits until the lenses above a line, after the first (the verdict), have these titles. */
async function waitForTitlesAbove(page: Page, text: string, titles: string[], timeoutMs = 15_000): Promise<void> {
  let seen: string[] = [];
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await page.waitForTimeout(200)) {
    seen = await Promise.all((await lensesAbove(page, text)).map(async (l) => (await l.textContent())?.trim() ?? ''));
    if (JSON.stringify(seen.slice(1)) === JSON.stringify(titles)) return;
  }
  assert.deepEqual(seen.slice(1), titles);
}

describe('e2e: grad-check lenses', function () {
  const workbench = useWorkbench('lens');
  let page: Page;
  beforeEach(() => (page = workbench.page));

  it('shows a Grad-check lens over each loss of python/numpy_losses.py and none over helpers @l10n', async () => {
    await openFile(page, 'python/numpy_losses.py');
    const titles = await codeLensTitles(page, 2);
    assert.ok(
      titles.every((t) => t === tr('Grad-check')),
      titles.join(' | '),
    );
    assert.equal((await lensesAbove(page, 'def mse(')).length, 1);
    assert.equal((await lensesAbove(page, 'def mse_grad(')).length, 0);
    // Also proves canvasHasInk (which the playground's chart tests use) on a canvas we know is
    // drawn: the editor's minimap.
    const ink = await canvasHasInk(page, '.editor-instance .minimap canvas');
    assert.ok(ink.inked >= 1, `the minimap drew nothing: ${JSON.stringify(ink)}`);
    await screenshot(page, 'lens-before-run');
  });

  it('finds the deliberate bug: ✗ verdict, a squiggle on the name and a Problems entry @l10n', async () => {
    await openFile(page, 'python/numpy_losses.py');
    await goToLine(page, 68);
    const [lens] = await waitForLensesAbove(page, 'def quantile_loss(');
    assert.ok(lens, 'no lens above quantile_loss');
    assert.equal((await lens.textContent())?.trim(), tr('Grad-check'));
    await lens.click();
    const mismatch = '✗ grad mismatch at [{0}] · analytic {1} vs numeric {2}';
    const verdict = await waitForLensAbove(page, 'def quantile_loss(', trPattern(mismatch, false));
    assert.match(verdict, trPattern(mismatch));
    if (!locale) assert.match(verdict, /^✗ grad mismatch at \[\d+\] · analytic −?[\d.e−-]+ vs numeric −?[\d.e−-]+$/);
    await waitForTitlesAbove(page, 'def quantile_loss(', [tr('Plot in Playground'), tr('Show details')]);
    // The squiggle under the function's name.
    await page.locator('.editor-instance .view-overlays .squiggly-error').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Control+Shift+M');
    const failed = tr('Gradient check failed: {0}').replace('{0}', '');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: failed }).first();
    await problem.waitFor({ timeout: 10_000 });
    const problemText = (await problem.textContent()) ?? '';
    assert.ok(problemText.includes(failed), problemText);
    // The checker's own words are translated too, not only the prefix (src/gradcheck/messages.ts).
    if (locale) assert.doesNotMatch(problemText, /values differ|trial|seed|input scale/, problemText);
    await screenshot(page, 'lens-fail');
  });

  it('passes a correct loss: ✓ grad ok @l10n', async () => {
    await openFile(page, 'python/numpy_losses.py');
    const [lens] = await waitForLensesAbove(page, 'def mse(');
    assert.ok(lens, 'no lens above mse');
    await lens.click();
    const verdict = await waitForLensAbove(page, 'def mse(', trPattern('✓ grad ok · max rel err {0}', false));
    assert.match(verdict, trPattern('✓ grad ok · max rel err {0}'));
    await waitForTitlesAbove(page, 'def mse(', [tr('Plot in Playground'), tr('Show details')]);
    await screenshot(page, 'lens-pass');
  });

  it('a loss whose value is wrong passes its gradient check, says so, and plots the reference beside it', async () => {
    // examples/python/value_bugs.py: cross-entropy with the minus sign dropped, in the loss and in
    // its gradient alike (tensorflow/playground#175). The gradient check passes; the value does not.
    await openFile(page, 'python/value_bugs.py');
    const [lens] = await waitForLensesAbove(page, 'def binary_cross_entropy(');
    assert.ok(lens, 'no lens above binary_cross_entropy');
    await lens.click();
    const verdict = await waitForLensAbove(page, 'def binary_cross_entropy(', trPattern('{0} · ✗ value ≠ {1}', false));
    assert.match(verdict, /✓ .* ✗ .* bce$/, verdict);
    await waitForTitlesAbove(page, 'def binary_cross_entropy(', [tr('Plot in Playground'), tr('Show details')]);
    const plot = (await lensesAbove(page, 'def binary_cross_entropy('))[1];
    await plot.click();
    const frame = await webviewFrame(page, '[data-role="your-loss-info"]', 30_000);
    // The series arrives after the page: the info line names the function and the reference.
    const info = frame.locator('[data-role="your-loss-info"]');
    // Strings, as this file is checked without the DOM library.
    await frame.waitForFunction(
      `/binary_cross_entropy/.test(document.querySelector('[data-role="your-loss-info"]')?.textContent ?? '')`,
      undefined,
      { timeout: 30_000 },
    );
    const text = (await info.textContent()) ?? '';
    assert.match(text, /= −1 × PyTorch bce\(\) \(mean\)/, text);
    assert.ok((await waitForInk(frame)).inked >= 2, 'the two charts drew nothing');
    // The reference is the dashed curve in the theme's orange: count its pixels on the loss chart.
    const orange = await frame.evaluate<number>(`(() => {
      const probe = document.createElement('canvas').getContext('2d');
      probe.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-charts-orange').trim();
      const hex = String(probe.fillStyle);
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const canvas = document.querySelector('canvas');
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 40 && px[i + 3] > 200) n++;
      return n;
    })()`);
    assert.ok(orange > 100, `the reference curve is not drawn on the loss chart (${orange} orange pixels)`);
    await screenshot(page, 'your-loss-reference');
  });
});
