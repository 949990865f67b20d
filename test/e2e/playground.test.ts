// The playground as a person meets it: command palette, then one panel in the editor area.
// test/e2e/playground-scenes.test.ts goes through its scenes.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { runCommand, screenshot, tr, useWorkbench, webviewFrame, waitForInk } from './workbench';

describe('e2e: the playground panel', function () {
  const workbench = useWorkbench('playground');
  let page: Page;
  beforeEach(() => (page = workbench.page));

  it('opens from the command palette, and its webview draws a chart @l10n', async () => {
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    await page.locator('.tab.active', { hasText: tr('Loss Playground') }).waitFor();
    const frame = await webviewFrame(page, 'canvas', 30_000);
    const ink = await waitForInk(frame);
    assert.ok(ink.inked >= 1, `no canvas drew anything: ${JSON.stringify(ink)}`);
    await screenshot(page, 'playground-open');
  });

  it('reveals the one panel when the command runs again', async () => {
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    await page.locator('.tab.active', { hasText: tr('Loss Playground') }).waitFor();
    await webviewFrame(page, 'canvas', 30_000);
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.tab', { hasText: tr('Loss Playground') }).count(), 1);
  });
});
