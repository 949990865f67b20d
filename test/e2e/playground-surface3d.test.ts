// The surface scene's 3-D view in the real workbench (code-server + Chromium, WebGL 2 by
// SwiftShader): opened by a link (?scene=surface&view=3d), its code fetched only then, the surface
// drawn (pixels that are not the background), turned by the keyboard and by a drag (the pixels
// change; Home brings the first picture back), its table, a new theme redrawn, and a clear message
// where there is no WebGL. Its timings are printed, never asserted.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { strings } from '../../webview/i18n';
import {
  canvasHasInk,
  locale,
  openUrl,
  repoRoot,
  resultsDir,
  setTheme,
  webviewFrame,
  usePlayground,
} from './workbench';

/** The page's test hook (webview/main.ts), as seen from here. */
type Hook = {
  cspViolations: string[];
  perf: { surface3dLoadMs: number | null; surface3dFirstDrawMs: number | null };
  sceneState(id: string): Record<string, unknown> | undefined;
};
declare const window: { __lossPlayground: Hook };
type Resource = { name: string };
declare const performance: { getEntriesByType(type: 'resource'): Resource[] };

const surfaceText = strings(locale === 'zh-cn' ? 'zh-cn' : 'en').surface;
const t = surfaceText.view3d;
const SECTION = 'section[data-scene="surface"]';
const CANVAS = `${SECTION} canvas[data-role="surface-3d"]`;
const suffix = locale ? `-${locale}` : '';

/** A fingerprint of the 3-D canvas's pixels (its drawing buffer is kept, so it can be read back). */
function canvasPrint(frame: Frame): Promise<string> {
  return frame.evaluate((sel) => {
    const c = (
      globalThis as unknown as { document: { querySelector(s: string): { toDataURL(): string } | null } }
    ).document.querySelector(sel);
    const url = c?.toDataURL() ?? '';
    let h = 0;
    for (let i = 0; i < url.length; i++) h = (h * 31 + url.charCodeAt(i)) | 0;
    return `${url.length}:${h}`;
  }, CANVAS);
}

/** Polls until the fingerprint differs from `before` (or the time is up), and returns it. */
async function changedPrint(frame: Frame, before: string, timeoutMs = 10_000): Promise<string> {
  let now = await canvasPrint(frame);
  for (const deadline = Date.now() + timeoutMs; now === before && Date.now() < deadline;) {
    await frame.waitForTimeout(100);
    now = await canvasPrint(frame);
  }
  return now;
}

/** Waits until the 3-D canvas has drawn more than `minPixels` pixels that are not its background. */
async function waitDrawn(frame: Frame, minPixels = 2000): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ink = await canvasHasInk(frame, CANVAS, minPixels);
    if (ink.canvases === 1 && ink.inked === 1) return;
    if (Date.now() > deadline)
      throw new Error(
        `the 3-D view drew nothing: ${JSON.stringify(ink)}; the view says: ${await frame.locator(`${SECTION} [data-role="surface-3d-box"]`).textContent()}`,
      );
    await frame.waitForTimeout(200);
  }
}

const fetched3d = (frame: Frame): Promise<string[]> =>
  frame.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => /\/surface3d-[\w-]+\.js/.test(n)),
  );

const toggle = (frame: Frame) => frame.locator(`${SECTION} [data-role="surface-view-3d"] vscode-checkbox`);

async function setView(frame: Frame, view: '2d' | '3d'): Promise<void> {
  if ((await frame.evaluate(() => window.__lossPlayground.sceneState('surface')?.view)) !== view)
    await toggle(frame).click();
  await frame.waitForFunction((v) => window.__lossPlayground.sceneState('surface')?.view === v, view, {
    timeout: 10_000,
  });
}

describe('e2e: the surface in three dimensions', function () {
  let page: Page;
  let frame: Frame;

  // The panel is restored with its state in the next workbench of this code-server: leave it in 2-D.
  const panel = usePlayground('surface3d', { height: 1600, leave: () => setView(frame, '2d') });
  before(() => {
    ({ page, frame } = panel);
  });

  it('opens in 3-D from a link (?scene=surface&view=3d), fetching its code only then, and draws the surface under the page’s CSP @l10n', async function () {
    this.timeout(120_000);
    await frame.locator('vscode-tab-header[data-scene="surface"]').click();
    await frame.locator(SECTION).waitFor({ state: 'visible', timeout: 15_000 });
    await setView(frame, '2d');
    // The surface drawn in 2-D: three.js has not been fetched.
    await frame.waitForFunction(() => window.__lossPlayground.sceneState('surface') !== undefined);
    assert.deepEqual(await fetched3d(frame), [], 'the 3-D code came before the 3-D view was asked for');
    // The view's own link says view=2d; the same link with view=3d opens the 3-D view.
    await frame.locator(`${SECTION} [data-role="copy-link"]`).click();
    const copied = frame.locator(`${SECTION} [data-role="copied-link"]`);
    await copied.waitFor({ state: 'visible', timeout: 10_000 });
    // The scheme alone: in Chinese the text before it ends in a full-width colon, no space.
    const link =
      /([a-z][\w+.-]*:\/\/loss-playground\.loss-playground\/open\?\S+)/i.exec(
        (await copied.textContent()) ?? '',
      )?.[1] ?? '';
    assert.match(link, /[?&]view=2d(&|$)/, link);
    await openUrl(page, link.replace('view=2d', 'view=3d'));
    frame = await webviewFrame(page, CANVAS, 30_000);
    await waitDrawn(frame);
    assert.equal(await frame.evaluate(() => window.__lossPlayground.sceneState('surface')?.view), '3d');
    assert.equal((await fetched3d(frame)).length, 1, 'the 3-D view’s chunk, once');
    assert.equal(await frame.locator(CANVAS).getAttribute('aria-label'), t.label);
    await frame.waitForFunction(() => window.__lossPlayground.perf.surface3dFirstDrawMs !== null, undefined, {
      timeout: 20_000,
    });
    const p = await frame.evaluate(() => window.__lossPlayground.perf);
    console.log(
      `      3-D view: code fetched and run ${p.surface3dLoadMs?.toFixed(0)} ms, first picture ${p.surface3dFirstDrawMs?.toFixed(0)} ms after the scene asked for it (SwiftShader)`,
    );
    // three.js runs under the page's CSP (no eval, no inline script): nothing was blocked.
    assert.deepEqual(await frame.evaluate(() => window.__lossPlayground.cspViolations), []);
    // The heat map and the fit still draw beside it.
    const all = await canvasHasInk(frame, `${SECTION} canvas`, 200);
    assert.equal(all.inked, all.canvases, JSON.stringify(all));
    mkdirSync(resultsDir, { recursive: true });
    await frame.waitForTimeout(300);
    await frame.locator(SECTION).screenshot({ path: join(resultsDir, `surface-3d-scene${suffix}.png`) });
    // For the README: the heat map and the surface beside it.
    const heat = (await frame.locator(`${SECTION} .chart`).first().boundingBox())!;
    const view = (await frame.locator(`${SECTION} [data-role="surface-3d-box"]`).boundingBox())!;
    const clip = {
      x: heat.x,
      y: heat.y,
      width: view.x + view.width - heat.x,
      height: Math.max(heat.y + heat.height, view.y + view.height) - heat.y,
    };
    await page.screenshot({ path: join(resultsDir, `surface-3d${suffix}.png`), clip });
    if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale) {
      mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(join(resultsDir, 'surface-3d.png'), join(repoRoot, 'docs', 'screenshots', 'surface-3d.png'));
    }
  });

  it('turns with the arrow keys and zooms with + and − when focused (the pixels change; Home brings the first picture back), with a focus ring', async function () {
    this.timeout(90_000);
    await waitDrawn(frame);
    const canvas = frame.locator(CANVAS);
    // Reached by the keyboard: Tab from the control before the charts' area lands on it.
    await toggle(frame).focus();
    for (
      let k = 0;
      k < 10 &&
      !(await canvas.evaluate(
        (c) => c === (c as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement,
      ));
      k++
    )
      await frame.page().keyboard.press('Tab');
    assert.ok(
      await canvas.evaluate((c) => (c as unknown as { matches(s: string): boolean }).matches(':focus-visible')),
      'the 3-D view takes keyboard focus',
    );
    const ring = await canvas.evaluate((c) => {
      const s = (
        globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } }
      ).getComputedStyle(c);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    assert.match(ring, /^solid [1-9]/, `focus ring: ${ring}`);
    await canvas.press('Home');
    const home = await canvasPrint(frame);
    const said = async (): Promise<string> =>
      (await frame.locator(`${SECTION} [data-role="surface-3d-orientation"]`).textContent()) ?? '';
    const saidHome = await said();
    for (let k = 0; k < 3; k++) await canvas.press('ArrowLeft');
    const turned = await changedPrint(frame, home);
    assert.notEqual(turned, home, 'three left arrows did not turn the picture');
    assert.notEqual(await said(), saidHome, 'the orientation was not said');
    await canvas.press('ArrowUp');
    const tilted = await changedPrint(frame, turned);
    assert.notEqual(tilted, turned, 'the up arrow did not tilt the picture');
    await canvas.press('+');
    assert.notEqual(await changedPrint(frame, tilted), tilted, '+ did not zoom');
    await frame.locator(SECTION).screenshot({ path: join(resultsDir, `surface-3d-turned${suffix}.png`) });
    await canvas.press('Home');
    assert.equal(await changedPrint(frame, turned, 1000), home, 'Home did not bring the first picture back');
    assert.equal(await said(), saidHome);
  });

  it('turns when dragged', async () => {
    const canvas = frame.locator(CANVAS);
    await canvas.press('Home');
    const before = await canvasPrint(frame);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.4, { steps: 10 });
    await page.mouse.up();
    assert.notEqual(await changedPrint(frame, before), before, 'a drag did not turn the picture');
    await canvas.press('Home');
  });

  it('redraws the path when the start moves, and shows its numbers as a table', async () => {
    const before = await canvasPrint(frame);
    const startW = frame.locator(`${SECTION} .control.slider`, { hasText: surfaceText.startW }).locator('input');
    await startW.focus();
    for (let k = 0; k < 20; k++) await startW.press('ArrowRight');
    assert.notEqual(await changedPrint(frame, before), before, 'moving the start did not redraw the 3-D view');
    await frame.locator(`${SECTION} [data-role="surface-3d-box"] vscode-button`, { hasText: t.showTable }).click();
    const table = frame.locator(`${SECTION} [data-role="surface-3d-box"] table`);
    await table.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await table.locator('tbody tr').count(), 11);
    assert.equal(await table.locator('thead th').count(), 12);
    assert.match((await table.locator('caption').textContent()) ?? '', /J\(w, b\)/);
  });

  it('redraws in a light theme', async function () {
    this.timeout(90_000);
    const dark = await canvasPrint(frame);
    await setTheme(page, 'light');
    try {
      assert.notEqual(await changedPrint(frame, dark), dark, 'the 3-D view did not redraw for the light theme');
      await waitDrawn(frame);
      await frame.locator(SECTION).screenshot({ path: join(resultsDir, `surface-3d-light-scene${suffix}.png`) });
    } finally {
      await setTheme(page, 'dark');
    }
  });

  it('says where the 3-D view would be that it needs WebGL 2, when the window has none, and the page carries on', async function () {
    this.timeout(60_000);
    await setView(frame, '2d');
    // A window without WebGL 2: its canvases give no such context.
    await frame.evaluate(() => {
      type Proto = { getContext: (this: unknown, kind: string, o?: unknown) => unknown; __real?: Proto['getContext'] };
      const proto = (globalThis as unknown as { HTMLCanvasElement: { prototype: Proto } }).HTMLCanvasElement.prototype;
      proto.__real = proto.getContext;
      proto.getContext = function (this: unknown, kind: string, o?: unknown) {
        return kind === 'webgl2' ? null : proto.__real!.call(this, kind, o);
      };
    });
    try {
      await setView(frame, '3d');
      const message = frame.locator(`${SECTION} [data-role="surface-3d-box"] [role="alert"]`);
      await message.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await message.textContent(), t.noWebgl);
      assert.equal(await frame.locator(CANVAS).count(), 0, 'no canvas left to stay blank');
      // The rest of the scene still answers: the heat map draws.
      const ink = await canvasHasInk(frame, `${SECTION} canvas`, 200);
      assert.ok(ink.canvases >= 2 && ink.inked === ink.canvases, JSON.stringify(ink));
    } finally {
      await frame.evaluate(() => {
        type Proto = { getContext: unknown; __real?: unknown };
        const proto = (globalThis as unknown as { HTMLCanvasElement: { prototype: Proto } }).HTMLCanvasElement
          .prototype;
        if (proto.__real) proto.getContext = proto.__real;
      });
    }
    // With WebGL back, switching the view off and on draws it again.
    await setView(frame, '2d');
    await setView(frame, '3d');
    await waitDrawn(frame);
  });
});
