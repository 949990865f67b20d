// Formula hovers in the workbench, as a person meets them: hover a framework loss in an example
// file, see the rendered formula (an SVG image), follow "Open in Loss Playground" into the panel.
// With LOSS_PLAYGROUND_E2E_LOCALE=zh-cn the same test reads the Chinese texts.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { locale, openFile, screenshot, useWorkbench, webviewFrame, waitForInk } from './workbench';

const zh = locale.startsWith('zh');
const T = {
  open: zh ? '在损失函数演练场中打开' : 'Open in Loss Playground',
  title: zh ? /交叉熵/ : /cross.entropy/i,
  differs: zh ? '与其他框架的差异' : 'Where it differs elsewhere',
};

declare const document: {
  querySelectorAll(s: string): ArrayLike<{
    naturalWidth: number;
    naturalHeight: number;
    complete: boolean;
    getAttribute(n: string): string | null;
  }>;
};

/** The formula images in the visible hover: how many, and whether each has decoded to a picture. */
async function hoverImages(page: Page): Promise<{ count: number; drawn: number; svg: number }> {
  return page.evaluate(() => {
    const imgs = Array.from(document.querySelectorAll('.monaco-hover:not(.hidden) img'));
    return {
      count: imgs.length,
      drawn: imgs.filter((i) => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0).length,
      svg: imgs.filter((i) => (i.getAttribute('src') ?? '').startsWith('data:image/svg+xml;base64,')).length,
    };
  });
}

/** Waits until the hover has faded in: a screenshot mid-animation shows the code through it. */
async function settled(page: Page): Promise<void> {
  // A string, as this file is checked without the DOM library.
  await page.waitForFunction(`(() => {
    const h = document.querySelector('.monaco-hover:not(.hidden)');
    return !!h && getComputedStyle(h).opacity === '1' && h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
  })()`);
}

/**
 * Hovers the token `text` in the line containing `lineText`, and waits for our hover. The mouse
 * first; then, as a keyboard user would, the cursor on the token and Ctrl+K Ctrl+I (Show or Focus
 * Hover), the same providers by another door: in CI the workbench now and then ignored the
 * mouse for a whole test (no hover of any kind, six times), which says nothing about ours.
 */
async function hover(page: Page, lineText: string, text: string): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      // The editor re-renders its lines as it tokenizes: find the token afresh on every attempt.
      const line = page.locator('.editor-instance .view-line', { hasText: lineText }).first();
      await line.waitFor({ timeout: 10_000 });
      await page.mouse.move(0, 0);
      const token = line.locator('span > span', { hasText: text }).first();
      if (attempt < 2) {
        await token.hover({ timeout: 5000 });
      } else {
        await token.click({ timeout: 5000 });
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        console.log(`      (hover over ${text} shown from the keyboard, attempt ${attempt + 1}: ${String(last)})`);
      }
      // Monaco waits for every hover provider: the TypeScript server's first answer can take a while.
      await page
        .locator('.monaco-hover:not(.hidden) a', { hasText: T.open })
        .waitFor({ state: 'visible', timeout: 12_000 });
      return;
    } catch (e) {
      // What was showing instead (another hover, an English one, none) is what a failure needs to say.
      const shown = await page
        .locator('.monaco-hover:not(.hidden)')
        .first()
        .innerText({ timeout: 1000 })
        .catch(() => '(no hover visible)');
      last = `${(e as Error)?.message?.split('\n')[0]}; hover shown: ${JSON.stringify(shown.slice(0, 300))}`;
    }
  }
  throw new Error(`no Loss Playground hover over ${text}: ${String(last)}`);
}

describe('e2e: formula hovers', function () {
  const workbench = useWorkbench('hover');
  let page: Page;
  beforeEach(() => (page = workbench.page));

  it('hovering F.cross_entropy shows the formula as an image, then the link opens the playground @l10n', async () => {
    await openFile(page, 'python/framework_losses.py');
    await hover(page, 'ce = F.cross_entropy', 'cross_entropy');
    const content = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    const text = await content.innerText();
    assert.match(text, T.title);
    assert.ok(text.includes(T.differs), text);
    assert.match(text, /label_smoothing/);
    let imgs = await hoverImages(page);
    for (const deadline = Date.now() + 5000; imgs.drawn < 2 && Date.now() < deadline;) {
      await page.waitForTimeout(100);
      imgs = await hoverImages(page);
    }
    assert.deepEqual(imgs, { count: 2, drawn: 2, svg: 2 }, 'formula and gradient, decoded SVG images');
    await settled(page);
    await screenshot(page, 'hover-cross-entropy');

    await page.locator('.monaco-hover:not(.hidden) a', { hasText: T.open }).click();
    await page
      .locator('.tab.active', { hasText: zh ? '损失函数演练场' : 'Loss Playground' })
      .waitFor({ timeout: 20_000 });
    const frame = await webviewFrame(page, 'canvas', 30_000);
    const ink = await waitForInk(frame);
    assert.ok(ink.inked >= 1, `the playground drew nothing: ${JSON.stringify(ink)}`);
    await screenshot(page, 'hover-opened-playground');
  });

  it('hovering tf.losses.huberLoss in TypeScript shows TF.js defaults', async () => {
    await openFile(page, 'typescript/tfjs_losses.ts');
    await hover(page, 'tf.losses.huberLoss', 'huberLoss');
    const text = await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first().innerText();
    assert.match(text, /TensorFlow\.js/);
    assert.match(text, /SUM_BY_NONZERO_WEIGHTS/);
    await settled(page);
    await screenshot(page, 'hover-tfjs-huber');
  });
});
