// The browser entry (vscode.dev, github.dev) in VS Code's Web Worker extension host. @vscode/test-web
// cannot run here (it downloads VS Code's web build), so code-server serves the workbench, and the
// user setting `remote.extensionKind: ["web"]` makes it run the extension's `browser` bundle in the
// page's Web Worker extension host instead of `main` in its Node one (an extension with only a
// `browser` entry runs there by itself). There, as in vscode.dev: the playground draws, a JS loss is
// grad-checked in a Web Worker, and a Python check says that it needs a desktop or remote window.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  focusWorkbench,
  openFile,
  packagedScreenshot,
  repoRoot,
  runCommand,
  screenshot,
  Session,
  slug,
  tr,
  trPattern,
  waitForInk,
  webviewFrame,
} from './workbench';

const EXTENSION_ID = 'loss-playground.loss-playground';
const UPDATE_SCREENSHOTS = process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1';

/** The lens links drawn right above the editor line that contains `text`, in that line's editor. */
async function lensesAbove(page: Page, text: string): Promise<Locator[]> {
  const editor = page.locator('.editor-instance', { has: page.locator('.view-line', { hasText: text }) }).first();
  const line = editor.locator('.view-line', { hasText: text }).first();
  await line.waitFor();
  const lineBox = (await line.boundingBox())!;
  const found: Array<{ link: Locator; x: number }> = [];
  for (const link of await editor.locator('.codelens-decoration a').all()) {
    const box = await link.boundingBox();
    if (box && box.y < lineBox.y && lineBox.y - box.y < lineBox.height * 1.6) found.push({ link, x: box.x });
  }
  return found.sort((a, b) => a.x - b.x).map((f) => f.link);
}

async function lensTitlesAbove(page: Page, text: string): Promise<string[]> {
  return Promise.all((await lensesAbove(page, text)).map(async (l) => (await l.textContent())?.trim() ?? ''));
}

async function waitForLensAbove(page: Page, text: string, title: RegExp, timeoutMs = 30_000): Promise<string> {
  for (const deadline = Date.now() + timeoutMs; ; await page.waitForTimeout(200)) {
    const titles = await lensTitlesAbove(page, text);
    const hit = titles.find((t) => title.test(t));
    if (hit) return hit;
    if (Date.now() > deadline)
      throw new Error(
        `no lens matching ${title} above "${text}" after ${timeoutMs} ms; lenses there: ${JSON.stringify(titles)}`,
      );
  }
}

/** Clicks the first lens above the line with `text` once it is there. */
async function clickLensAbove(page: Page, text: string): Promise<void> {
  await waitForLensAbove(page, text, /./);
  const [lens] = await lensesAbove(page, text);
  await lens.click();
}

/**
 * The text of an output channel, shown in the Output panel through "Output: Show Output Channels...",
 * whose second pick lists the channels.
 */
async function outputChannelText(page: Page, channel: string): Promise<string> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    try {
      await focusWorkbench(page);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill('>Output: Show Output Channels');
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: 'Output: Show Output Channels' })
        .first()
        .waitFor({ timeout: 5000 });
      await input.press('Enter');
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: channel })
        .first()
        .waitFor({ timeout: 5000 });
      await input.fill(channel);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: channel }).first().click({ timeout: 5000 });
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
  const view = page.locator('.part.panel .view-lines').first();
  await view.waitFor({ timeout: 10_000 });
  await page
    .waitForFunction(
      (text) => document.querySelector('.part.panel .view-lines')?.textContent?.includes(text),
      'activated',
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  return ((await view.textContent()) ?? '').replace(/\u00a0/g, ' ');
}

// The page's DOM, for the functions here that run in it (test/tsconfig.json has no DOM library).
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ complete: boolean; naturalWidth: number }>;
};

/** The formula images in the visible hover that have decoded to a picture. */
async function drawnHoverImages(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      Array.from(document.querySelectorAll('.monaco-hover:not(.hidden) img')).filter(
        (i) => i.complete && i.naturalWidth > 0,
      ).length,
  );
}

describe('e2e: in the browser (Web Worker extension host, as vscode.dev)', function () {
  let session: Session;
  let page: Page;

  before(async () => {
    // Its own code-server: the setting that picks the Web Worker extension host is a user setting.
    session = await Session.start('web', { settings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } });
  });

  after(async () => {
    await session?.stop();
  });

  beforeEach(async () => {
    page = await session.openWorkbench();
  });

  afterEach(async function () {
    await screenshot(
      page,
      `web--${slug(this.currentTest?.title ?? 'test')}--${this.currentTest?.state ?? 'done'}`,
    ).catch(() => undefined);
    await page.context().close();
  });

  it('activates in the Web Worker extension host from the browser bundle', async () => {
    await openFile(page, 'javascript/losses.js');
    await waitForLensAbove(page, 'function hingeLoss(', new RegExp(`^${tr('Grad-check')}$`));
    const log = await outputChannelText(page, 'Loss Playground');
    assert.match(log, /activated in the browser \(Web Worker extension host\)/, log);
  });

  it('shows a formula hover with its images, read from the extension in the browser', async () => {
    await openFile(page, 'python/framework_losses.py');
    const token = page
      .locator('.editor-instance .view-line', { hasText: 'ce = F.cross_entropy' })
      .first()
      .locator('span > span', { hasText: 'cross_entropy' })
      .first();
    const open = page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Open in Loss Playground' });
    for (let attempt = 0; ; attempt++) {
      try {
        await page.mouse.move(0, 0);
        // The mouse first; then the keyboard's Show Hover, as the hover suite does when the mouse is ignored.
        if (attempt < 2) await token.hover({ timeout: 5000 });
        else {
          await token.click({ timeout: 5000 });
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
        }
        await open.waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
      }
    }
    let drawn = 0;
    for (const deadline = Date.now() + 10_000; drawn < 2 && Date.now() < deadline; await page.waitForTimeout(100))
      drawn = await drawnHoverImages(page);
    assert.equal(drawn, 2, 'the formula and its gradient, as images');
    await screenshot(page, 'web-hover');
  });

  it('draws the playground, computed in a Web Worker', async () => {
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    const frame = await webviewFrame(page, 'canvas', 30_000);
    const ink = await waitForInk(frame);
    assert.ok(ink.inked >= 1, `no chart drew: ${JSON.stringify(ink)}`);
    await screenshot(page, 'web-playground');
    // The compute worker started (src/playground/sceneCompute.ts logs when it cannot and the host's thread computes).
    const log = await outputChannelText(page, 'Loss Playground');
    assert.doesNotMatch(log, /compute worker|host's thread/, log);
  });

  it('grad-checks a JS loss in a Web Worker (pass), and says a Python check needs a desktop window', async () => {
    await openFile(page, 'javascript/losses.js');
    await clickLensAbove(page, 'function hingeLoss(');
    const verdict = await waitForLensAbove(
      page,
      'function hingeLoss(',
      trPattern('✓ grad ok · max rel err {0}', false),
      60_000,
    );
    assert.match(verdict, trPattern('✓ grad ok · max rel err {0}'));
    await screenshot(page, 'web-lens-pass');

    // Python beside it, as a person would compare them: the editor split, the NumPy example on the right.
    await runCommand(page, 'View: Split Editor Right');
    await openFile(page, 'python/numpy_losses.py');
    await clickLensAbove(page, 'def mse(');
    const skipped = await waitForLensAbove(page, 'def mse(', /desktop|桌面/, 30_000);
    assert.match(skipped, /^– needs a desktop or remote window: Python runs only there/);
    assert.equal(
      await page.locator('.editor-instance .view-overlays .squiggly-error').count(),
      0,
      'a Python check that cannot run here is not an error in the code',
    );
    assert.match(
      await waitForLensAbove(page, 'function hingeLoss(', /✓/),
      trPattern('✓ grad ok · max rel err {0}'),
      'the JS verdict stays on the left',
    );
    await screenshot(page, 'web-lens-python');
    if (UPDATE_SCREENSHOTS) {
      // The README's picture: the top of both editors, which is where the two lenses are, with
      // the side bar closed so that the lenses read whole.
      await focusWorkbench(page);
      await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 5000 });
      await page.mouse.move(0, 0);
      await page.waitForTimeout(500);
      await packagedScreenshot(page, join(repoRoot, 'media', 'screenshots', 'web-gradcheck.png'), {
        x: 0,
        y: 0,
        width: 1280,
        height: 420,
      });
    }
  });
});
