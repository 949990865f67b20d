// The network scene (11) in the real workbench (code-server + Chromium): it opens from a link at an
// epoch, steps and plays, and its decision map's pixels change as the network trains and come back
// when it is reset; pause stops it; the preset shows MSE stalling where cross-entropy learns, and is
// photographed for the README. The training runs in the extension's worker; the page only draws.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { canvasHasInk, locale, openUrl, repoRoot, resultsDir, webviewFrame, usePlayground } from './workbench';

declare const document: {
  querySelector(s: string): { dataset: Record<string, string>; textContent: string | null } | null;
};

const SHOTS = join(repoRoot, 'docs', 'screenshots');
const SCENE = 'section[data-scene="network"]';

async function showNetwork(frame: Frame): Promise<void> {
  await frame.locator('vscode-tab-header[data-scene="network"]').click();
  await frame.locator(SCENE).waitFor({ state: 'visible', timeout: 15_000 });
  for (const deadline = Date.now() + 20_000; ;) {
    const ink = await canvasHasInk(frame, `${SCENE} canvas`, 200);
    if (ink.canvases > 0 && ink.inked === ink.canvases) return;
    if (Date.now() > deadline) throw new Error(`the network scene did not draw: ${JSON.stringify(ink)}`);
    await frame.waitForTimeout(100);
  }
}

/** The epoch the page shows. */
async function epoch(frame: Frame): Promise<number> {
  return Number(await frame.locator('[data-role="network-epoch"]').getAttribute('data-epoch'));
}

async function untilEpoch(
  frame: Frame,
  test: (e: number) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<number> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const e = await epoch(frame);
    if (test(e)) return e;
    if (Date.now() > deadline) throw new Error(`the network did not reach ${what}: epoch ${e}`);
    await frame.waitForTimeout(100);
  }
}

/**
 * The first map's plot area as RGB pixels (the chart's own area, without its title and axes, which
 * change with the epoch's text), read from the canvas in the page.
 */
async function mapPixels(frame: Frame): Promise<number[]> {
  return frame.evaluate((sel) => {
    type C2D = { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    type Cv = {
      width: number;
      height: number;
      getContext(k: '2d'): C2D | null;
      getBoundingClientRect(): { width: number };
    };
    const canvas = (
      globalThis as unknown as { document: { querySelector(s: string): Cv | null } }
    ).document.querySelector(sel)!;
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    const ctx = canvas.getContext('2d')!;
    // The middle 60% of the canvas: inside the plot area whatever the axes' widths.
    const [x0, y0] = [Math.round(canvas.width * 0.2), Math.round(canvas.height * 0.2)];
    const [w, h] = [Math.round(canvas.width * 0.6), Math.round(canvas.height * 0.6)];
    const px = ctx.getImageData(x0, y0, w, h).data;
    const out: number[] = [];
    // Every 4th pixel of every 4th row, scaled for the device: enough to see the map move.
    const step = Math.max(1, Math.round(4 * scale));
    for (let y = 0; y < h; y += step)
      for (let x = 0; x < w; x += step) out.push(px[(y * w + x) * 4], px[(y * w + x) * 4 + 1], px[(y * w + x) * 4 + 2]);
    return out;
  }, `${SCENE} .chart.map canvas`);
}

/** Pixels (of those sampled) whose colour moved by more than a rounding step. */
function changed(a: number[], b: number[]): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 3)
    if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 6) n++;
  return n;
}

describe('e2e: the network scene', function () {
  let page: Page;
  let frame: Frame;

  const panel = usePlayground('playground-network', { height: 1300 });
  before(() => {
    ({ page, frame } = panel);
  });

  it('steps and plays: the decision map changes as the network trains, pause stops it, reset brings epoch 0 back', async function () {
    this.timeout(180_000);
    await showNetwork(frame);
    await frame.locator(`${SCENE} vscode-button[data-role="reset"]`).click();
    await untilEpoch(frame, (e) => e === 0, 'epoch 0');
    await frame.waitForTimeout(300);
    const start = await mapPixels(frame);
    for (let k = 0; k < 5; k++) await frame.locator(`${SCENE} vscode-button[data-role="step"]`).click();
    await untilEpoch(frame, (e) => e === 5, 'epoch 5 after five steps');
    await frame.waitForTimeout(300);
    const stepped = await mapPixels(frame);
    const byStep = changed(start, stepped);
    assert.ok(byStep > 20, `five epochs changed only ${byStep} of ${start.length / 3} sampled map pixels`);

    // Play by keyboard: the button takes focus and Enter, as every control does.
    const play = frame.locator(`${SCENE} vscode-button[data-role="play"]`);
    await play.focus();
    await play.press('Enter');
    await untilEpoch(frame, (e) => e >= 40, 'epoch 40 while playing');
    await play.press('Enter');
    await frame.waitForFunction(
      () =>
        (
          document.querySelector('[data-role="play"]') as unknown as { getAttribute(a: string): string | null }
        ).getAttribute('aria-pressed') === 'false',
      undefined,
      { timeout: 10_000 },
    );
    const paused = await epoch(frame);
    await frame.waitForTimeout(1500);
    assert.equal(await epoch(frame), paused, 'the epoch moved on after pause');
    const played = await mapPixels(frame);
    const byPlay = changed(stepped, played);
    assert.ok(byPlay > 20, `playing to epoch ${paused} changed only ${byPlay} sampled map pixels`);
    console.log(
      `      map pixels changed (of ${start.length / 3} sampled): ${byStep} by 5 steps, ${byPlay} more by playing to epoch ${paused}`,
    );

    // The same configuration at epoch 0 is the same network: the map comes back pixel for pixel.
    await frame.locator(`${SCENE} vscode-button[data-role="reset"]`).click();
    await untilEpoch(frame, (e) => e === 0, 'epoch 0 after reset');
    await frame.waitForTimeout(300);
    assert.equal(changed(start, await mapPixels(frame)), 0, 'epoch 0 after reset is not the map of epoch 0 before');
  });

  it('the preset: MSE stalls where cross-entropy learns, and says so @l10n', async function () {
    this.timeout(180_000);
    await showNetwork(frame);
    await frame.locator(`${SCENE} vscode-button[data-preset="mse-vs-ce"]`).click();
    await frame.locator(`${SCENE} .chart.map`).nth(1).waitFor({ state: 'visible', timeout: 15_000 });
    await untilEpoch(frame, (e) => e >= 120, 'epoch 120 of the preset', 60_000);
    await frame.locator(`${SCENE} vscode-button[data-role="play"]`).click();
    const result = frame.locator('[data-role="network-result"]');
    await frame.waitForFunction(
      () => (document.querySelector('[data-role="network-result"]')?.dataset.metrics ?? '').split(',').length === 2,
      undefined,
      { timeout: 10_000 },
    );
    const [mse, ce] = ((await result.getAttribute('data-metrics')) ?? '').split(',').map(Number);
    // test/unit/engine-network.test.ts computes the same numbers: 59.5% and 100% from epoch ~50 on.
    assert.ok(mse < 0.65, `MSE accuracy ${mse}`);
    assert.equal(ce, 1, `cross-entropy accuracy ${ce}`);
    assert.match((await result.textContent()) ?? '', /59\.5%.*100%/);
    await frame.waitForTimeout(300);
    mkdirSync(resultsDir, { recursive: true });
    const suffix = locale ? `-${locale}` : '';
    const shot = join(resultsDir, `network-preset-dark-scene${suffix}.png`);
    // The sentence that says what happened, the maps and the curves: from the result line down.
    await result.evaluate((e) =>
      (e as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }),
    );
    await frame.waitForTimeout(200);
    const top = (await result.boundingBox())!;
    const charts = (await frame.locator(`${SCENE} .charts`).boundingBox())!;
    await page.screenshot({
      path: shot,
      clip: { x: charts.x - 4, y: top.y - 4, width: charts.width + 8, height: charts.y + charts.height - top.y + 8 },
    });
    if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale) {
      mkdirSync(SHOTS, { recursive: true });
      copyFileSync(shot, join(SHOTS, 'network-preset-dark.png'));
    }
  });

  it('opens from a link at an epoch (scene=network&…): the same network, paused there', async function () {
    this.timeout(120_000);
    const query =
      'scene=network&dataset=xor&hidden=4,4&activation=tanh&loss=bce_with_logits&compare=false&eta=0.1&batch=10&epochs=60&initSeed=2&initScale=1';
    await openUrl(page, `vscode://loss-playground.loss-playground/open?${query}`);
    frame = await webviewFrame(page, 'section.scene', 30_000);
    await frame.locator(SCENE).waitFor({ state: 'visible', timeout: 15_000 });
    await untilEpoch(frame, (e) => e === 60, 'the link’s epoch 60');
    const state = await frame.evaluate(() =>
      (
        globalThis as unknown as { __lossPlayground: { sceneState(id: string): Record<string, unknown> } }
      ).__lossPlayground.sceneState('network'),
    );
    assert.equal(state.dataset, 'xor');
    assert.deepEqual(state.hidden, [4, 4]);
    assert.equal(state.loss, 'bce_with_logits');
    await frame.waitForTimeout(1000);
    assert.equal(await epoch(frame), 60, 'a link opens paused');
  });
});
