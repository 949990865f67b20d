// The loss lint as a person meets it: a squiggle under the loss call, the reason on hover with the
// rule's link, then Ctrl+. offers the fix, and choosing it changes the code. The screenshot of the
// quick-fix menu goes into the README (LOSS_PLAYGROUND_UPDATE_SCREENSHOTS=1).
// With LOSS_PLAYGROUND_E2E_LOCALE=zh-cn the same test reads the Chinese texts.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { locale, openFile, packagedScreenshot, repoRoot, screenshot, useWorkbench } from './workbench';

const zh = locale.startsWith('zh');
const T = {
  reason: zh ? /第 30 行的 `criterion` 自己会做 softmax/ : /`criterion` on line 30 applies softmax itself/,
  fix: zh ? '移除 softmax（直接传入 logits）' : 'Remove the softmax (pass the logits)',
};

/** Where the README's pictures live; refreshed from a run with LOSS_PLAYGROUND_UPDATE_SCREENSHOTS=1. */
const SHOTS = join(repoRoot, 'media', 'screenshots');

/** Waits until the hover has faded in: a screenshot mid-animation shows the code through it. */
async function settled(page: Page): Promise<void> {
  // A string, as this file is checked without the DOM library.
  await page.waitForFunction(`(() => {
    const h = document.querySelector('.monaco-hover:not(.hidden)');
    return !!h && getComputedStyle(h).opacity === '1' && h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
  })()`);
}

/**
 * The README's picture: the training step's lines and `overlay` (the hover, the quick-fix menu),
 * not the whole window (the pictures ship in the VSIX, which has a 2 MB budget).
 */
async function readmePicture(page: Page, name: string, overlay: string): Promise<void> {
  if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS !== '1' || locale) return;
  const editor = await page.locator('.editor-instance').first().boundingBox();
  const boxes = [
    await line(page, 'criterion = nn.CrossEntropyLoss()').boundingBox(),
    await line(page, 'return loss.item()').boundingBox(),
    await page.locator(overlay).first().boundingBox(),
  ];
  assert.ok(editor && boxes.every(Boolean));
  const top = Math.max(0, Math.min(...boxes.map((b) => b!.y)) - 8);
  const bottom = Math.max(...boxes.map((b) => b!.y + b!.height)) + 8;
  const right = Math.max(...boxes.slice(2).map((b) => b!.x + b!.width)) + 8;
  mkdirSync(SHOTS, { recursive: true });
  await packagedScreenshot(page, join(SHOTS, name), {
    x: editor.x,
    y: top,
    width: Math.min(editor.width, Math.max(760, right - editor.x)),
    height: bottom - top,
  });
}

/** The editor line showing `text`. */
function line(page: Page, text: string) {
  return page.locator('.editor-instance .view-line', { hasText: text }).first();
}

describe('e2e: loss lint', function () {
  const workbench = useWorkbench('lint');
  let page: Page;
  beforeEach(() => (page = workbench.page));

  it('shows the squiggle and its reason, and the quick fix removes the softmax', async () => {
    await openFile(page, 'python/lint_misuse.py');
    await line(page, 'loss = criterion(probs, y)').waitFor({ timeout: 15_000 });
    // Our warnings are drawn as squiggles once the lint has run (right after the file opens).
    await page.locator('.squiggly-warning').first().waitFor({ timeout: 30_000 });

    // Hover the squiggled call: the reason, naming both lines, with the rule as a link to its scene.
    const hoverText = page.locator('.monaco-hover:not(.hidden) .marker.hover-contents').first();
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(0, 0);
      await line(page, 'loss = criterion(probs, y)').locator('span', { hasText: 'criterion' }).first().hover();
      try {
        await hoverText.waitFor({ state: 'visible', timeout: 8000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    assert.match(await hoverText.innerText(), T.reason);
    assert.ok(
      (await page
        .locator('.monaco-hover:not(.hidden) a.code-link', { hasText: 'softmax-before-logits-loss' })
        .count()) > 0,
      'the rule links its scene',
    );
    await settled(page);
    await screenshot(page, 'lint-hover');
    await readmePicture(page, 'lint-hover.png', '.monaco-hover:not(.hidden)');

    // Ctrl+. on the line: the fix comes first.
    await page.keyboard.press('Escape');
    await line(page, 'loss = criterion(probs, y)').locator('span', { hasText: 'criterion' }).first().click();
    // The cursor at the end of the line: on the name, its highlight would hide the squiggle in the picture.
    await page.keyboard.press('End');
    const menu = page.locator('.action-widget');
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await menu.getByText(T.fix, { exact: true }).first().waitFor({ state: 'visible', timeout: 8000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await page.waitForTimeout(300);
    await screenshot(page, 'lint-quick-fix');
    await readmePicture(page, 'lint-quick-fix.png', '.action-widget');

    // The fix is first and preferred, so it has the focus: Enter applies it (a click can land on the menu's pointer guard).
    await page.keyboard.press('Enter');
    await line(page, 'loss = criterion(logits, y)').waitFor({ timeout: 10_000 });
    // Leave the example as it was for the next test (the workbench keeps the edit unsaved).
    await page.keyboard.press('Control+Z');
    await line(page, 'loss = criterion(probs, y)').waitFor({ timeout: 10_000 });
  });
});
