// The editor side: an example loss file and its grad-check lenses (hovers: test/e2e/hover.test.ts).
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { canvasHasInk, codeLensTitles, openFile, screenshot, tr, useWorkbench } from './workbench';

describe('e2e: editing an example loss file', function () {
  const workbench = useWorkbench('editor');
  let page: Page;
  beforeEach(() => (page = workbench.page));

  it('opens python/numpy_losses.py from the examples workspace', async () => {
    await openFile(page, 'python/numpy_losses.py');
    await page.locator('.editor-instance .view-lines', { hasText: 'def mse_grad' }).first().waitFor();
    // Also proves canvasHasInk (which the playground's chart test uses) on a canvas we know is
    // drawn: the editor's minimap.
    const ink = await canvasHasInk(page, '.editor-instance .minimap canvas');
    assert.ok(ink.inked >= 1, `the minimap drew nothing: ${JSON.stringify(ink)}`);
    await screenshot(page, 'editor-numpy-losses');
  });

  // test/e2e/lens.test.ts clicks them.
  it('shows a Grad-check lens over each loss, none over helpers', async () => {
    await openFile(page, 'python/numpy_losses.py');
    // Lenses are drawn for the lines on screen: mse's and huber's at least.
    const titles = await codeLensTitles(page, 2);
    assert.ok(titles.every((t) => t.includes(tr('Grad-check'))), titles.join(' | '));
  });
});
