// The playground as a person meets it: command palette, then a panel in the editor area.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { runCommand, screenshot, Session, slug, webviewFrame } from './workbench';

describe('e2e: the playground panel', function () {
  let session: Session;
  let page: Page;

  before(async () => {
    session = await Session.start('playground');
  });
  after(async () => {
    await session?.stop();
  });
  beforeEach(async () => {
    page = await session.openWorkbench();
  });
  afterEach(async function () {
    if (page) {
      await screenshot(page, `playground--${slug(this.currentTest?.title ?? 'test')}--${this.currentTest?.state ?? 'done'}`).catch(() => undefined);
      await page.context().close();
    }
  });

  it('opens from the command palette and shows its webview', async () => {
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    await page.locator('.tab.active', { hasText: 'Loss Playground' }).waitFor();
    const frame = await webviewFrame(page, 'h1');
    assert.equal((await frame.locator('h1').textContent())?.trim(), 'Loss Playground');
    await screenshot(page, 'playground-open');
  });

  // TODO(issue 4): the placeholder panel has no chart yet. When the playground lands, replace the
  // skip: the first scene's canvases must have drawn, e.g.
  //   const ink = await canvasHasInk(await webviewFrame(page, 'canvas'));
  //   assert.ok(ink.inked >= 1, JSON.stringify(ink));
  it.skip('draws its charts: non-blank canvas pixels (needs the playground, issue 4)');
});
