// Scene 12, "Your formula", in the real workbench: a formula typed into its field is drawn (the
// curve's shape on the canvas follows the formula: pixels), a mistake is shown with its column
// and a caret, the NumPy code opens in an editor, and "Plot on the loss surface" draws the
// formula's surface. A picture of the scene for the README.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { canvasHasInk, locale, repoRoot, resultsDir, runCommand, usePlayground } from './workbench';

declare const window: { __lossPlayground: { sceneState(id: string): Record<string, unknown> | undefined } };
type El = {
  hidden: boolean;
  textContent: string | null;
  dataset: Record<string, string>;
  getAttribute(a: string): string | null;
};
declare const document: {
  querySelector(s: string): El | null;
  querySelectorAll(s: string): ArrayLike<El & { checked?: boolean }>;
  body: unknown;
};
declare function getComputedStyle(e: unknown): { color: string };

const SCENE = 'section[data-scene="formula"]';

/**
 * Where the formula's curve is, column by column, on the loss chart: for each of `fractions` of
 * the plot's width, the highest row (from the top, as a fraction of the plot's height) holding a
 * pixel of the foreground colour, the formula's, or null when the column has none. Only the
 * middle of the canvas is read (the axes, their labels and the title, also in that colour, lie
 * outside it); with every catalog loss switched off the formula is the only line there.
 */
async function curveRows(frame: Frame, fractions: number[]): Promise<(number | null)[]> {
  return frame.evaluate(
    ({ sel, fractions }) => {
      type Canvas = {
        width: number;
        height: number;
        getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const canvas = (
        globalThis as unknown as { document: { querySelector(s: string): Canvas } }
      ).document.querySelector(sel);
      const [r, g, b] = getComputedStyle(document.body).color.match(/\d+/g)!.map(Number);
      const { width, height } = canvas;
      const px = canvas.getContext('2d').getImageData(0, 0, width, height).data;
      const [x0, x1, y0, y1] = [0.2 * width, 0.95 * width, 0.2 * height, 0.8 * height];
      return fractions.map((f) => {
        const x = Math.round(x0 + f * (x1 - x0));
        for (let y = Math.round(y0); y < y1; y++) {
          const i = (y * width + x) * 4;
          if (Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 40 && px[i + 3] > 200)
            return (y - y0) / (y1 - y0);
        }
        return null;
      });
    },
    { sel: `${SCENE} canvas`, fractions },
  );
}

/** Polls `check` on the curve's rows until it holds, and returns the last reading. */
async function waitForCurve(
  frame: Frame,
  fractions: number[],
  check: (rows: (number | null)[]) => boolean,
): Promise<(number | null)[]> {
  let rows = await curveRows(frame, fractions);
  for (const deadline = Date.now() + 20_000; !check(rows) && Date.now() < deadline;) {
    await frame.waitForTimeout(150);
    rows = await curveRows(frame, fractions);
  }
  return rows;
}

describe('e2e: the formula scene', function () {
  let page: Page;
  let frame: Frame;

  // Dark, as the README's picture is.
  const panel = usePlayground('playground-formula', { height: 1300 });
  before(async function () {
    ({ page, frame } = panel);
    await frame.locator('vscode-tab-header[data-scene="formula"]').click();
    await frame.locator(SCENE).waitFor({ state: 'visible', timeout: 15_000 });
  });

  it('draws the formula typed into its field: the curve on the canvas has the formula’s shape', async function () {
    this.timeout(90_000);
    // Only the formula on the chart: switch off the catalog losses that are on.
    const on = await frame.evaluate(
      (sel) => Array.from(document.querySelectorAll(`${sel} vscode-checkbox`)).map((c) => c.checked === true),
      SCENE,
    );
    for (const [k, checked] of on.entries())
      if (checked) await frame.locator(`${SCENE} vscode-checkbox`).nth(k).click();
    const field = frame.locator(`${SCENE} [data-role="formula-input"]`);
    const at = [0.05, 0.5, 0.95];
    // A bowl: high at both ends of the axis, at the bottom in the middle.
    await field.fill('e^2');
    const bowl = await waitForCurve(
      frame,
      at,
      ([l, m, r]) => l !== null && m !== null && r !== null && m > l + 0.2 && m > r + 0.2,
    );
    assert.ok(bowl[1]! > bowl[0]! + 0.2 && bowl[1]! > bowl[2]! + 0.2, `e^2 drawn as ${JSON.stringify(bowl)}`);
    await page
      .locator('.editor-group-container')
      .first()
      .screenshot({ path: join(resultsDir, 'formula-bowl.png') });
    // Upside down: the same pixels now say the opposite.
    await field.fill('-e^2');
    const cap = await waitForCurve(
      frame,
      at,
      ([l, m, r]) => l !== null && m !== null && r !== null && m < l - 0.2 && m < r - 0.2,
    );
    assert.ok(cap[1]! < cap[0]! - 0.2 && cap[1]! < cap[2]! - 0.2, `-e^2 drawn as ${JSON.stringify(cap)}`);
    // A slope: rising from left to right for the formula a, with y held.
    await field.fill('a');
    const line = await waitForCurve(frame, at, ([l, m, r]) => l !== null && m !== null && r !== null && l > m && m > r);
    assert.ok(line[0]! > line[1]! && line[1]! > line[2]!, `a drawn as ${JSON.stringify(line)}`);
    assert.equal((await frame.evaluate(() => window.__lossPlayground.sceneState('formula')))?.f, 'a');
  });

  it('shows a mistake in the formula at its column, with a caret under it, and draws no curve for it @l10n', async function () {
    this.timeout(60_000);
    const field = frame.locator(`${SCENE} [data-role="formula-input"]`);
    await field.fill('e^2 + foo');
    const error = frame.locator(`${SCENE} [data-role="formula-error"]`);
    await error.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await error.getAttribute('data-code'), 'unknownName');
    assert.equal(await error.getAttribute('data-column'), '7');
    assert.match(
      (await error.textContent()) ?? '',
      locale === 'zh-cn' ? /第 7 列的名称 `foo` 未知/ : /Unknown name `foo` at column 7/,
    );
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await frame.locator(`${SCENE} .formula-caret`).textContent(), 'e^2 + foo\n      ^');
    // No TeX of an earlier formula beside it (the scene's own starts \ell(…); the catalog's, \ell =).
    await frame.waitForFunction(
      () =>
        !Array.from(document.querySelectorAll('section[data-scene="formula"] .formulas annotation')).some((a) =>
          (a.textContent ?? '').startsWith('\\ell('),
        ),
      undefined,
      { timeout: 10_000 },
    );
    const gone = await waitForCurve(frame, [0.05, 0.5, 0.95], (rows) => rows.every((r) => r === null));
    assert.deepEqual(gone, [null, null, null], 'the formula’s curve is taken away while it does not parse');
    await page
      .locator('.editor-group-container')
      .first()
      .screenshot({ path: join(resultsDir, `formula-mistake${locale ? `-${locale}` : ''}.png`) });
    // Mended, it is drawn again, and the mistake goes.
    await field.fill('e^2');
    await error.waitFor({ state: 'hidden', timeout: 20_000 });
    const back = await waitForCurve(
      frame,
      [0.05, 0.5, 0.95],
      ([l, m, r]) => l !== null && m !== null && r !== null && m > l && m > r,
    );
    assert.ok(
      back.every((r) => r !== null),
      JSON.stringify(back),
    );
  });

  it('opens the formula as NumPy code in an untitled editor', async function () {
    this.timeout(60_000);
    await frame.locator(`${SCENE} [data-role="formula-input"]`).fill('abs(e)^1.5');
    // Drawn for this formula: its TeX (KaTeX keeps the source in the MathML) says |e|.
    await frame.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('section[data-scene="formula"] .formulas annotation')).some((a) =>
          (a.textContent ?? '').includes('\\left| e\\right|'),
        ),
      undefined,
      { timeout: 20_000 },
    );
    await frame.locator(`${SCENE} vscode-button[data-code="numpy"]`).click();
    const editor = page.locator('.editor-instance .view-lines', { hasText: 'def my_loss(a, y):' });
    await editor.first().waitFor({ state: 'visible', timeout: 20_000 });
    const text = await editor.first().innerText();
    assert.match(text, /abs\(e\)\^1\.5/);
    assert.match(text, /np\.abs\(e\)\s*\*\*\s*1\.5/);
    await page
      .locator('.editor-group-container')
      .first()
      .screenshot({ path: join(resultsDir, 'formula-numpy.png') });
    await page.screenshot({ path: join(resultsDir, 'formula-numpy-beside.png') });
    // Closed unsaved (it opened beside the playground, which then has the editor area back).
    await runCommand(page, 'View: Revert and Close Editor');
    await editor.first().waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('plots the formula on the loss surface: the surface scene opens with it as its loss and draws it', async function () {
    this.timeout(90_000);
    await frame.locator(`${SCENE} [data-role="formula-surface"]`).click();
    await frame.locator('section[data-scene="surface"]').waitFor({ state: 'visible', timeout: 20_000 });
    await frame.waitForFunction(() => window.__lossPlayground.sceneState('surface')?.loss === 'formula', undefined, {
      timeout: 20_000,
    });
    const st = await frame.evaluate(() => window.__lossPlayground.sceneState('surface'));
    assert.equal(st?.f, 'abs(e)^1.5');
    assert.equal(st?.labels, 'real');
    assert.equal(
      await frame.locator('section[data-scene="surface"] [data-role="surface-formula"]').inputValue(),
      'abs(e)^1.5',
    );
    // The full surface, not only its coarse first picture.
    await frame.waitForFunction(
      () =>
        /full|完整/.test(
          document.querySelector('section[data-scene="surface"] [data-role="surface-timing"]')?.textContent ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    const ink = await canvasHasInk(frame, 'section[data-scene="surface"] canvas', 2000);
    assert.equal(ink.inked, ink.canvases, JSON.stringify(ink));
    assert.equal(
      await frame.locator('section[data-scene="surface"] .status').textContent(),
      '',
      'computed without an error',
    );
    await frame
      .locator('section[data-scene="surface"]')
      .screenshot({ path: join(resultsDir, `formula-surface${locale ? `-${locale}` : ''}.png`) });
  });

  it('photographs the scene with a hinge, its kink and two catalog losses, for the README @l10n', async function () {
    this.timeout(90_000);
    await frame.locator('vscode-tab-header[data-scene="formula"]').click();
    await frame.locator(SCENE).waitFor({ state: 'visible', timeout: 15_000 });
    const boxes = frame.locator(`${SCENE} vscode-checkbox`);
    const labels = await frame.evaluate(
      (sel) =>
        Array.from(document.querySelectorAll(`${sel} vscode-checkbox`)).map(
          (c) => [(c as unknown as { label: string }).label, c.checked === true] as const,
        ),
      SCENE,
    );
    // Logistic and squared hinge on (the catalog's titles in either language), the rest off.
    for (const [k, [label, checked]] of labels.entries())
      if (/logistic|squared hinge|逻辑|平方合页/i.test(label) !== checked) await boxes.nth(k).click();
    assert.equal(
      labels.filter(([label]) => /logistic|squared hinge|逻辑|平方合页/i.test(label)).length,
      2,
      JSON.stringify(labels),
    );
    await frame.locator(`${SCENE} [data-role="formula-input"]`).fill('max(0, 1 - y*a)');
    await frame.waitForFunction(
      () =>
        /a = 1\b/.test(
          document.querySelector('section[data-scene="formula"] [data-role="formula-kinks"]')?.textContent ?? '',
        ),
      undefined,
      { timeout: 20_000 },
    );
    assert.match((await frame.locator(`${SCENE} [data-role="formula-kinks"]`).textContent()) ?? '', /a = 1\b/);
    // The formula and its derivative typeset (KaTeX loads after the first chart).
    await frame.locator(`${SCENE} .formulas .katex`).first().waitFor({ state: 'visible', timeout: 20_000 });
    await frame.waitForTimeout(400);
    const ink = await canvasHasInk(frame, `${SCENE} canvas`, 200);
    assert.equal(ink.inked, ink.canvases, JSON.stringify(ink));
    mkdirSync(resultsDir, { recursive: true });
    const name = `formula-hinge-dark${locale ? `-${locale}` : ''}.png`;
    await frame.locator(SCENE).screenshot({ path: join(resultsDir, name) });
    if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale)
      copyFileSync(join(resultsDir, name), join(repoRoot, 'docs', 'screenshots', name));
  });
});
