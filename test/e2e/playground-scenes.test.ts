// The playground's ten scenes in the real workbench (code-server + Chromium): each draws, controls
// change the charts, the neuron scene states the seeds' numbers, a malformed message is rejected
// without harm, the state survives Developer: Reload Window, and every scene is photographed in a
// dark and a light theme. Timings measured in the page are printed, never asserted.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SCENES, type SceneId } from '../../src/protocol';
import {
  canvasHasInk,
  locale,
  repoRoot,
  resultsDir,
  runCommand,
  setTheme,
  webviewFrame,
  usePlayground,
} from './workbench';

/** The page's test hook (webview/main.ts), as seen from here. */
type Hook = {
  cspViolations: string[];
  perf: {
    firstChartMs: number | null;
    inputToRedraw: number[];
    drawOnly: number[];
    cacheHits: number;
    prefetched: number;
    surfaceFirstMs: number | null;
    surfaceFullMs: number | null;
  };
  p95(): number | null;
  drawP95(): number | null;
  postRaw(m: unknown): void;
  show(id: SceneId): void;
  sceneState(id: SceneId): Record<string, unknown> | undefined;
};
declare const window: { __lossPlayground: Hook };
declare const document: {
  querySelector(s: string): { dataset: Record<string, string>; textContent: string | null } | null;
};

/** Where the README's pictures live; refreshed from a run with LOSS_PLAYGROUND_UPDATE_SCREENSHOTS=1. */
const SHOTS = join(repoRoot, 'docs', 'screenshots');

async function showScene(frame: Frame, id: SceneId): Promise<void> {
  await frame.locator(`vscode-tab-header[data-scene="${id}"]`).click();
  await frame.locator(`section[data-scene="${id}"]`).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Waits until every canvas of the scene has drawn something. */
async function waitInked(frame: Frame, id: SceneId): Promise<{ canvases: number; inked: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ink = await canvasHasInk(frame, `section[data-scene="${id}"] canvas`, 200);
    if (ink.canvases > 0 && ink.inked === ink.canvases) return ink;
    if (Date.now() > deadline) return ink;
    await frame.waitForTimeout(100);
  }
}

/** A cheap fingerprint of a scene's first canvas, to see a chart change. */
async function canvasPrint(frame: Frame, id: SceneId): Promise<string> {
  return frame.evaluate((sel) => {
    const c = (
      globalThis as unknown as { document: { querySelector(s: string): { toDataURL(): string } | null } }
    ).document.querySelector(sel);
    const url = c?.toDataURL() ?? '';
    let h = 0;
    for (let i = 0; i < url.length; i++) h = (h * 31 + url.charCodeAt(i)) | 0;
    return `${url.length}:${h}`;
  }, `section[data-scene="${id}"] canvas`);
}

/** The whole editor area (test-results), and the scene alone, tight, for the README; `-LOCALE` in a localized run. */
async function shoot(page: Page, name: string, frame?: Frame, id?: SceneId): Promise<void> {
  const suffix = locale ? `-${locale}` : '';
  await page
    .locator('.editor-group-container')
    .first()
    .screenshot({ path: join(resultsDir, `${name}${suffix}.png`) });
  if (frame && id)
    await frame
      .locator(`section[data-scene="${id}"]`)
      .screenshot({ path: join(resultsDir, `${name}-scene${suffix}.png`) });
}

/**
 * Runs a palette command that opens a second quick pick (themes, output channels), waits for
 * that pick by its placeholder, and chooses `choice` in it.
 */
async function pickAfterCommand(page: Page, command: string, placeholder: RegExp, choice: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: command }).first().waitFor();
  await input.press('Enter');
  await page
    .waitForFunction(
      (src) =>
        new RegExp(src).test(
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { getAttribute(a: string): string | null } | null };
            }
          ).document
            .querySelector('.quick-input-widget .quick-input-box input')
            ?.getAttribute('placeholder') ?? '',
        ),
      placeholder.source,
      { timeout: 15_000 },
    )
    .catch(async (e) => {
      throw new Error(
        `${String(e)}; placeholder is ${await input.getAttribute('placeholder')}, aria-label ${await input.getAttribute('aria-label')}`,
      );
    });
  await input.fill(choice);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: choice }).first().waitFor();
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

describe('e2e: playground scenes', function () {
  let page: Page;
  let frame: Frame;

  const panel = usePlayground('playground-scenes', { height: 1300 });
  before(() => {
    ({ page, frame } = panel);
  });

  it('shows the first chart soon after the page starts (printed, not asserted; npm run bench measures it)', async () => {
    await waitInked(frame, 'regression');
    // Axes ink a canvas before its data arrives: wait for the page to say its first chart is drawn.
    await frame.waitForFunction(() => window.__lossPlayground.perf.firstChartMs !== null, undefined, {
      timeout: 20_000,
    });
    const marks = await frame.evaluate(
      () => (window.__lossPlayground.perf as unknown as { marks: Record<string, number> }).marks,
    );
    console.log(
      `      first chart drawn ${marks.firstChart - marks.pageStart} ms after the page started, ${marks.firstChart} ms after the command; milestones (ms after the command): ${JSON.stringify(marks)}`,
    );
    // The page's own milestones come in the order it goes through them.
    const order = ['pageStart', 'scriptRan', 'firstComputeSent', 'firstResultReceived', 'firstChart'];
    for (let k = 1; k < order.length; k++)
      assert.ok(marks[order[k - 1]] <= marks[order[k]], `${order[k - 1]} before ${order[k]}: ${JSON.stringify(marks)}`);
  });

  it('draws every scene in the dark theme (non-blank canvases) and photographs it @l10n', async function () {
    this.timeout(240_000);
    mkdirSync(resultsDir, { recursive: true });
    for (const id of SCENES) {
      await showScene(frame, id);
      const ink = await waitInked(frame, id);
      assert.ok(ink.canvases > 0 && ink.inked === ink.canvases, `${id}: ${JSON.stringify(ink)}`);
      await frame.waitForTimeout(150);
      await shoot(page, `scene-${id}-dark`, frame, id);
    }
  });

  it('runs under its strict CSP without a single violation (fonts, styles, scripts all from the extension)', async () => {
    const csp = await frame.evaluate(() =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { getAttribute(a: string): string | null } | null };
        }
      ).document
        .querySelector('meta[http-equiv="Content-Security-Policy"]')
        ?.getAttribute('content'),
    );
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval/);
    assert.deepEqual(await frame.evaluate(() => window.__lossPlayground.cspViolations), []);
  });

  /** Clicks a scene's export button and answers VS Code's save dialog with a path under test-results. */
  async function exportThroughDialog(scene: SceneId, button: number, file: string): Promise<Buffer> {
    await showScene(frame, scene);
    await waitInked(frame, scene);
    const target = join(resultsDir, file);
    const ext = file.slice(file.lastIndexOf('.'));
    rmSync(target, { force: true });
    await frame.locator(`section[data-scene="${scene}"] .toolbar vscode-button`).nth(button).click();
    // code-server's save dialog is VS Code's simple file dialog: a quick input holding a path.
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills in its default path a moment after it shows; type ours over it after that.
    await page.waitForFunction(
      (e) =>
        (
          (
            globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }
          ).document.querySelector('.quick-input-widget .quick-input-box input')?.value ?? ''
        ).endsWith(e),
      ext,
      { timeout: 15_000 },
    );
    await input.fill(target);
    await page.waitForTimeout(300);
    assert.equal(await input.inputValue(), target);
    await input.press('Enter');
    const deadline = Date.now() + 15_000;
    while (!existsSync(target) && Date.now() < deadline) await page.waitForTimeout(100);
    // Never leave an export in the examples workspace, whatever the dialog did.
    rmSync(join(repoRoot, 'examples', `loss-playground-${scene}${ext}`), { force: true });
    return readFileSync(target);
  }

  it('exports a scene’s data as CSV through the save dialog @l10n', async function () {
    this.timeout(60_000);
    const csv = (await exportThroughDialog('softmax', 1, 'softmax-export.csv')).toString('utf8');
    assert.match(
      csv.split('\n')[0],
      locale === 'zh-cn'
        ? /类别,logit z,softmax a,目标 y,梯度 a − y/
        : /class,logit z,softmax a,target y,gradient a − y/,
    );
    assert.equal(csv.trim().split('\n').length, 4, csv);
  });

  it('exports a scene’s chart as PNG through the save dialog', async function () {
    this.timeout(60_000);
    const png = await exportThroughDialog('regression', 0, 'regression-export.png');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
    // IHDR holds the width and height: a real chart, not an empty canvas.
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width >= 200 && height >= 100, `${width}×${height}`);
  });

  it('moves the gradient-descent start when the heat map is dragged', async function () {
    this.timeout(60_000);
    await showScene(frame, 'surface');
    await waitInked(frame, 'surface');
    const start = async (): Promise<[number, number]> => {
      const st = (await frame.evaluate(() => window.__lossPlayground.sceneState('surface'))) ?? {};
      return [Number(st.startW), Number(st.startB)];
    };
    const before = await start();
    const printBefore = await canvasPrint(frame, 'surface');
    const box = (await frame.locator('section[data-scene="surface"] canvas').first().boundingBox())!;
    // From the middle of the heat map to a point below and right of it, in small steps as a hand would.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.7, { steps: 8 });
    await page.mouse.up();
    let after = await start();
    for (const deadline = Date.now() + 10_000; after[0] === before[0] && Date.now() < deadline;) {
      await page.waitForTimeout(100);
      after = await start();
    }
    // The heat map spans w from left to right and b from bottom to top: right is more w, down is less b.
    assert.ok(after[0] > before[0] && after[1] < before[1], `start ${before.join(', ')} → ${after.join(', ')}`);
    let printAfter = await canvasPrint(frame, 'surface');
    for (const deadline = Date.now() + 10_000; printAfter === printBefore && Date.now() < deadline;) {
      await page.waitForTimeout(100);
      printAfter = await canvasPrint(frame, 'surface');
    }
    assert.notEqual(printAfter, printBefore, 'the path was redrawn from the new start');
  });

  it('redraws when a control moves (and prints the slider → redraw p95)', async function () {
    this.timeout(120_000);
    await showScene(frame, 'regression');
    await waitInked(frame, 'regression');
    const before = await canvasPrint(frame, 'regression');
    const beta = frame.locator('section[data-scene="regression"] input[type="range"]').first();
    await beta.focus();
    for (let k = 0; k < 40; k++) await beta.press(k < 20 ? 'ArrowRight' : 'ArrowLeft');
    for (let k = 0; k < 30; k++) await beta.press('ArrowRight');
    await frame.waitForTimeout(300);
    const after = await canvasPrint(frame, 'regression');
    assert.notEqual(after, before, 'the regression chart did not change when β moved');

    // A drag on a softmax logit: input events as fast as the page takes them.
    await showScene(frame, 'softmax');
    await waitInked(frame, 'softmax');
    const logit = frame.locator('section[data-scene="softmax"] input[type="range"]').nth(1);
    const box = (await logit.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    for (let k = 0; k <= 120; k++)
      await page.mouse.move(box.x + 4 + ((box.width - 8) * k) / 120, box.y + box.height / 2);
    await page.mouse.up();
    await frame.waitForTimeout(300);
    // Most of those redraws came from answers fetched ahead: the one drawn last must still be the
    // answer for where the slider stopped. Cross-entropy by hand: log Σ exp z − z_target.
    const { logits, target } = (await frame.evaluate(() => window.__lossPlayground.sceneState('softmax'))) as {
      logits: number[];
      target: number;
    };
    const expected = Math.log(logits.reduce((a, z) => a + Math.exp(z), 0)) - logits[target];
    assert.equal(
      await frame.locator('[data-role="softmax-loss"]').getAttribute('data-loss'),
      expected.toFixed(2),
      `drawn for logits ${logits.join(', ')}`,
    );
    const perf = await frame.evaluate(() => ({
      p95: window.__lossPlayground.p95(),
      drawP95: window.__lossPlayground.drawP95(),
      tripP95: (window.__lossPlayground as unknown as { tripP95(): number | null }).tripP95(),
      n: window.__lossPlayground.perf.inputToRedraw.length,
      hits: window.__lossPlayground.perf.cacheHits,
      prefetched: window.__lossPlayground.perf.prefetched,
    }));
    console.log(
      `      slider → redraw: p95 ${perf.p95?.toFixed(1)} ms over ${perf.n} redraws (host round trip included); ` +
        `round trip to the host alone p95 ${perf.tripP95?.toFixed(1)} ms; drawing alone p95 ${perf.drawP95?.toFixed(1)} ms; ` +
        `${perf.hits} redraws from answers fetched ahead (${perf.prefetched} fetched)`,
    );
    assert.ok(perf.n > 10);
  });

  it('states the seeds’ numbers in the neuron scene: 0.09 and 0.20 with the quadratic cost', async () => {
    await showScene(frame, 'neuron');
    const result = frame.locator('[data-role="neuron-final"]');
    await frame.locator('section[data-scene="neuron"] vscode-button[data-preset="a"]').click();
    await frame.waitForFunction(
      () => document.querySelector('[data-role="neuron-final"]')?.dataset.mse === '0.09',
      undefined,
      { timeout: 10_000 },
    );
    assert.match((await result.textContent()) ?? '', /0\.09/);
    await frame.locator('section[data-scene="neuron"] vscode-button[data-preset="b"]').click();
    await frame.waitForFunction(
      () => document.querySelector('[data-role="neuron-final"]')?.dataset.mse === '0.20',
      undefined,
      { timeout: 10_000 },
    );
    assert.match((await result.textContent()) ?? '', /0\.20/);
    // And the chart's own title says it too (chart.js draws titles on the canvas; read its config).
    await shoot(page, 'neuron-preset-b');
    // Nielsen's ch. 3 figures: cross-entropy at η = 0.005 (quadratic 0.15) starts learning at once,
    // though by epoch 300 the quadratic cost has caught up: 0.20 against 0.78.
    await frame.locator('section[data-scene="neuron"] vscode-button[data-preset="nielsen"]').click();
    await frame.waitForFunction(
      () => document.querySelector('[data-role="neuron-final"]')?.dataset.bce === '0.78',
      undefined,
      { timeout: 10_000 },
    );
    assert.equal(await result.getAttribute('data-mse'), '0.20');
    await shoot(page, 'neuron-preset-nielsen', frame, 'neuron');
  });

  it('softmax presets give the seeds’ losses 1.20 and 0.51', async () => {
    await showScene(frame, 'softmax');
    for (const [k, want] of [
      [0, '1.20'],
      [1, '0.51'],
    ] as const) {
      await frame.locator(`section[data-scene="softmax"] vscode-button[data-preset="${k}"]`).click();
      await frame.waitForFunction(
        (w) => document.querySelector('[data-role="softmax-loss"]')?.dataset.loss === w,
        want,
        { timeout: 10_000 },
      );
    }
  });

  it('rejects a malformed message from the page and carries on', async () => {
    await showScene(frame, 'softmax');
    await frame.evaluate(() => {
      const hook = window.__lossPlayground;
      hook.postRaw({ type: 'compute', seq: 1, request: { scene: 'softmax', input: { logits: ['x'], target: 0 } } });
      hook.postRaw({ type: 'no-such-message' });
      hook.postRaw('not even an object');
    });
    // The panel still answers: a preset click redraws with the expected loss.
    await frame.locator('section[data-scene="softmax"] vscode-button[data-preset="0"]').click();
    await frame.waitForFunction(
      () => document.querySelector('[data-role="softmax-loss"]')?.dataset.loss === '1.20',
      undefined,
      { timeout: 10_000 },
    );
    // The rejection is in the "Loss Playground" output channel.
    await pickAfterCommand(page, 'Output: Show Output Channels...', /Output Channel/i, 'Loss Playground');
    await page.waitForFunction(
      () =>
        /rejected\s+a\s+message/.test(
          (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText,
        ),
      undefined,
      { timeout: 10_000 },
    );
    await page.keyboard.press('Control+J'); // hide the panel again
    await page
      .locator('.part.panel')
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
  });

  it('keeps its scene and controls across Developer: Reload Window', async function () {
    this.timeout(180_000);
    await showScene(frame, 'entropy');
    const slider = frame.locator('section[data-scene="entropy"] input[type="range"]').nth(2);
    await slider.focus();
    for (let k = 0; k < 15; k++) await slider.press('ArrowLeft');
    await frame.waitForTimeout(300);
    const before = await frame.evaluate(() => window.__lossPlayground.sceneState('entropy'));
    // The reload starts a moment after the palette closes: until then the old workbench and its
    // webview still answer (and would pass this test, then detach under the next one).
    const reloaded = page.waitForEvent('domcontentloaded', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    frame = await webviewFrame(page, 'section.scene', 60_000);
    await frame.locator('section[data-scene="entropy"]').waitFor({ state: 'visible', timeout: 30_000 });
    const after = await frame.evaluate(() => window.__lossPlayground.sceneState('entropy'));
    assert.deepEqual(after, before);
    const ink = await waitInked(frame, 'entropy');
    assert.equal(ink.inked, ink.canvases);
  });

  it('redraws in a light theme, and photographs every scene there', async function () {
    this.timeout(240_000);
    await showScene(frame, 'regression');
    await waitInked(frame, 'regression');
    const dark = await canvasPrint(frame, 'regression');
    await setTheme(page, 'light');
    await frame.waitForTimeout(500);
    assert.notEqual(await canvasPrint(frame, 'regression'), dark, 'the chart did not redraw for the light theme');
    for (const id of SCENES) {
      await showScene(frame, id);
      await waitInked(frame, id);
      await frame.waitForTimeout(150);
      await shoot(page, `scene-${id}-light`, frame, id);
    }
    if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale) {
      mkdirSync(SHOTS, { recursive: true });
      for (const id of SCENES)
        for (const theme of ['dark', 'light'])
          copyFileSync(join(resultsDir, `scene-${id}-${theme}-scene.png`), join(SHOTS, `${id}-${theme}.png`));
    }
    const surface = await frame.evaluate(() => window.__lossPlayground.perf);
    const first =
      surface.surfaceFirstMs === null
        ? 'none needed (the whole grid came first)'
        : `${surface.surfaceFirstMs.toFixed(1)} ms`;
    console.log(
      `      surface (last one drawn, host compute time): coarse picture ${first}, full ${surface.surfaceFullMs?.toFixed(1)} ms`,
    );
  });
});
