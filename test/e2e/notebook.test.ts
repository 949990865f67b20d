// A notebook as a person meets it in VS Code's notebook editor (code-server's built-in ipynb
// serializer renders .ipynb without the Jupyter extension; nothing here needs a kernel): the
// Grad-check lens over the loss in cell 8, clicked, runs it with the helper and constant of cells
// 2 and 3 (✓), the training cell in between never runs; hovering the loss object in the training
// cell names the cell that built it, beside the lint's reason; the Test Explorer lists the loss
// under the notebook with its cell. Pictures for the README's Notebooks section
// (LOSS_PLAYGROUND_UPDATE_SCREENSHOTS=1, into docs/screenshots/: not shipped in the VSIX).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { examplesDir, locale, repoRoot, runCommand, screenshot, Session, slug, tr, trPattern } from './workbench';

const SHOTS = join(repoRoot, 'docs', 'screenshots');
const UPDATE_SCREENSHOTS = process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale;

/** Opens a notebook through Quick Open (Ctrl+P), as a file, and waits for the notebook editor. */
async function openNotebook(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  const name = relativePath.split('/').pop()!;
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await input.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
  await page
    .locator('.notebookOverlay .cell-list-container .code-cell-row .view-lines')
    .first()
    .waitFor({ timeout: 30_000 });
}

/** The notebook cell whose editor shows a line with `text`. */
function cellWith(page: Page, text: string): Locator {
  return page
    .locator('.notebookOverlay .cell-list-container .code-cell-row', {
      has: page.locator('.view-line', { hasText: text }),
    })
    .first();
}

/** The lens titles drawn in the cell whose editor has a line with `text`. */
async function lensTitles(page: Page, text: string): Promise<string[]> {
  return (await cellWith(page, text).locator('.codelens-decoration a').allTextContents()).map((t) => t.trim());
}

async function waitForLens(page: Page, text: string, title: RegExp, timeoutMs = 60_000): Promise<string> {
  for (const deadline = Date.now() + timeoutMs; ; await page.waitForTimeout(200)) {
    const hit = (await lensTitles(page, text)).find((t) => title.test(t));
    if (hit) return hit;
    if (Date.now() > deadline)
      throw new Error(
        `no lens matching ${title} in the cell with "${text}" after ${timeoutMs} ms; lenses there: ${JSON.stringify(await lensTitles(page, text))}`,
      );
  }
}

/** Scrolls the notebook until the cell with `text` is drawn (cells are drawn as they come into view). */
async function scrollTo(page: Page, text: string): Promise<void> {
  const list = page.locator('.notebookOverlay .cell-list-container').first();
  for (let i = 0; i < 40 && !(await cellWith(page, text).isVisible()); i++) {
    await list.hover();
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(100);
  }
  await cellWith(page, text).scrollIntoViewIfNeeded();
}

/** Waits until the hover has faded in: a screenshot mid-animation shows the code through it. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(`(() => {
    const h = document.querySelector('.monaco-hover:not(.hidden)');
    return !!h && getComputedStyle(h).opacity === '1' && h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
  })()`);
}

/** A picture of part of the window, for the README. */
async function readmePicture(
  page: Page,
  name: string,
  boxes: Array<{ x: number; y: number; width: number; height: number } | null>,
): Promise<void> {
  if (!UPDATE_SCREENSHOTS) return;
  assert.ok(boxes.every(Boolean), `${name}: something to picture is not on screen`);
  const b = boxes as Array<{ x: number; y: number; width: number; height: number }>;
  const x = Math.max(0, Math.min(...b.map((r) => r.x)) - 8);
  const y = Math.max(0, Math.min(...b.map((r) => r.y)) - 8);
  const right = Math.max(...b.map((r) => r.x + r.width)) + 8;
  const bottom = Math.max(...b.map((r) => r.y + r.height)) + 8;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name), clip: { x, y, width: right - x, height: bottom - y } });
}

describe('e2e: notebooks', function () {
  this.timeout(240_000);
  let session: Session;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    // The examples' notebook imports PyTorch, which Debian's Python has (examples/.vscode says so).
    session = await Session.start('notebook', {
      settings: { 'lossPlayground.gradcheck.pythonPath': '/usr/bin/python3' },
    });
  });
  after(async () => {
    await session?.stop();
  });
  beforeEach(async () => {
    page = await session.openWorkbench();
    // Taller than the other suites' window: a training cell and the loss cell below it both fit.
    await page.setViewportSize({ width: 1280, height: 1000 });
  });
  afterEach(async function () {
    await screenshot(
      page,
      `notebook--${slug(this.currentTest?.title ?? 'test')}--${this.currentTest?.state ?? 'done'}`,
    ).catch(() => undefined);
    await page.context().close();
  });

  it('a lens over the loss in cell 8 runs it with the cells above, not the training cell; the loss object’s hover names its cell @l10n', async () => {
    await openNotebook(page, 'notebooks/losses.ipynb');
    await scrollTo(page, 'def bce_with_logits(');
    assert.equal(await waitForLens(page, 'def bce_with_logits(', /./), tr('Grad-check'));
    await cellWith(page, 'def bce_with_logits(').locator('.codelens-decoration a').first().click();
    await waitForLens(page, 'def bce_with_logits(', trPattern('✓ grad ok · max rel err {0}'));
    assert.ok(!existsSync(join(examplesDir, 'notebooks', 'model.pt')), 'the training cell ran (it saves model.pt)');
    // The whole of cell 8 in view, with the training cell above it.
    const list = page.locator('.notebookOverlay .cell-list-container').first();
    const bottom = async (): Promise<number> => {
      const cell = (await cellWith(page, 'def bce_with_logits(').boundingBox())!;
      const view = (await list.boundingBox())!;
      return cell.y + cell.height - (view.y + view.height);
    };
    for (let i = 0; i < 20 && (await bottom()) > 0; i++) {
      await list.hover({ position: { x: 10, y: 10 } });
      await page.mouse.wheel(0, 200);
      await page.waitForTimeout(150);
    }
    await page.mouse.move(0, 500);
    await page.waitForTimeout(500);
    await screenshot(page, 'notebook-lens');
    await readmePicture(page, 'notebook-lens.png', [
      await cellWith(page, 'loss = criterion(probs, y)').boundingBox(),
      await cellWith(page, 'def bce_with_logits(').boundingBox(),
    ]);

    await scrollTo(page, 'loss = criterion(probs, y)');
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(0, 0);
      await cellWith(page, 'loss = criterion(probs, y)')
        .locator('.view-line span', { hasText: 'criterion' })
        .first()
        .hover();
      try {
        await hover.waitFor({ state: 'visible', timeout: 8000 });
        await hover
          .getByText(trPattern('{0} holds {1} (cell {2}, line {3})', false))
          .first()
          .waitFor({ timeout: 8000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    const text = await hover.innerText();
    assert.match(text, locale ? /第 5 个单元格第 1 行/ : /\(cell 5, line 1\)/);
    assert.match(text, /softmax-before-logits-loss/);
    await settled(page);
    await screenshot(page, 'notebook-hover');
    await readmePicture(page, 'notebook-hover.png', [
      await cellWith(page, 'loss = criterion(probs, y)').boundingBox(),
      await hover.boundingBox(),
    ]);
  });

  it('the Test Explorer lists the notebook’s loss with its cell, and runs it from there @l10n', async () => {
    await openNotebook(page, 'notebooks/losses.ipynb');
    await runCommand(page, 'Testing: Focus on Test Explorer View');
    const tree = page.locator('.test-explorer .monaco-list');
    const notebook = tree.locator('.monaco-list-row', { hasText: 'losses.ipynb' }).first();
    await notebook.waitFor({ timeout: 30_000 });
    if ((await notebook.getAttribute('aria-expanded')) !== 'true') await notebook.locator('.monaco-tl-twistie').click();
    const loss = tree.locator('.monaco-list-row', { hasText: 'bce_with_logits' }).first();
    await loss.waitFor({ timeout: 15_000 });
    assert.match(await loss.innerText(), new RegExp(tr('cell {0}').replace('{0}', '8')));
    // The row's actions show while it is hovered; a row drawn again meanwhile (the list updates as
    // the workspace's files are read) can lose the click: try again once the run has not started.
    for (let attempt = 0; ; attempt++) {
      await loss.hover();
      await loss.locator('.action-label[aria-label^="Run Test"]').click();
      try {
        // A passed test's icon.
        await loss.locator('.codicon-testing-passed-icon').waitFor({ timeout: attempt < 2 ? 30_000 : 60_000 });
        break;
      } catch (e) {
        if (attempt >= 2) throw e;
      }
    }
    await screenshot(page, 'notebook-test-explorer');
    const sidebar = (await page.locator('.part.sidebar').boundingBox())!;
    const rows = await tree.locator('.monaco-list-row').all();
    const last = (await rows[rows.length - 1].boundingBox())!;
    await readmePicture(page, 'notebook-test-explorer.png', [
      { x: sidebar.x, y: sidebar.y, width: sidebar.width, height: last.y + last.height - sidebar.y },
    ]);
  });
});
