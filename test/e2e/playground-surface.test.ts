// Regularisation in the surface scene, in the real workbench (code-server + Chromium): a link sets
// the penalty and λ (?scene=surface&penalty=l2&lambda=0.1, the issue's contract), and the heat
// map, its minimum and the descent path change with them; λ moved by keyboard shrinks the fitted
// weight; L1 past its threshold puts it on exactly 0; the slices and the regularisation path are
// drawn; logistic regression under the squared error is drawn beside cross-entropy. Photographed
// for the README.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  canvasHasInk,
  locale,
  openUrl,
  repoRoot,
  resultsDir,
  runCommand,
  screenshot,
  useWorkbench,
  webviewFrame,
} from './workbench';

declare const window: { __lossPlayground: { sceneState(id: string): Record<string, unknown> | undefined } };
declare const document: { querySelector(s: string): { dataset: Record<string, string>; hidden: boolean } | null };

const SCENE = 'section[data-scene="surface"]';
const LINK = 'vscode://loss-playground.loss-playground/open?scene=surface';

/** A cheap fingerprint of one canvas of the scene (0: the heat map), to see it change. */
function canvasPrint(frame: Frame, index: number): Promise<string> {
  return frame.evaluate(
    ([sel, k]) => {
      const all = (
        globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ toDataURL(): string }> } }
      ).document.querySelectorAll(sel);
      const url = all[k]?.toDataURL() ?? '';
      let h = 0;
      for (let i = 0; i < url.length; i++) h = (h * 31 + url.charCodeAt(i)) | 0;
      return `${url.length}:${h}`;
    },
    [`${SCENE} canvas`, index] as const,
  );
}

/** Polls until canvas `index` differs from `before`; returns its new print. */
async function changed(frame: Frame, index: number, before: string, what: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = await canvasPrint(frame, index);
    if (now !== before) return now;
    if (Date.now() > deadline) assert.fail(`${what}: canvas ${index} did not change`);
    await frame.waitForTimeout(100);
  }
}

/** The minimum of J the page states (data-w, data-b), once it states one matching `ok`. */
async function optimum(
  frame: Frame,
  ok: (w: number, b: number) => boolean,
  what: string,
): Promise<{ w: number; b: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const d = await frame.evaluate(() => document.querySelector('[data-role="surface-optimum"]')?.dataset ?? {});
    const [w, b] = [Number(d.w), Number(d.b)];
    if (d.w && ok(w, b)) return { w, b };
    if (Date.now() > deadline) assert.fail(`${what}: the page states the minimum at w = ${d.w}, b = ${d.b}`);
    await frame.waitForTimeout(100);
  }
}

async function waitAllInked(frame: Frame): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ink = await canvasHasInk(frame, `${SCENE} canvas`, 200);
    if (ink.canvases >= 5 && ink.inked === ink.canvases) return;
    if (Date.now() > deadline) assert.fail(`not every chart of the surface scene drew: ${JSON.stringify(ink)}`);
    await frame.waitForTimeout(150);
  }
}

async function openOn(page: Page, query: string): Promise<Frame> {
  await runCommand(page, 'Loss Playground: Open Loss Playground');
  const frame = await webviewFrame(page, 'section.scene', 30_000);
  await openUrl(page, `${LINK}&${query}`);
  await frame.locator(SCENE).waitFor({ state: 'visible', timeout: 20_000 });
  return frame;
}

describe('e2e: regularisation in the surface scene', function () {
  const workbench = useWorkbench('playground-surface');

  it('a link sets the penalty and λ; the surface, its minimum and the path move as λ grows; L1 puts w on 0 @l10n', async function () {
    this.timeout(240_000);
    const page = workbench.page;
    await page.setViewportSize({ width: 1440, height: 1500 });
    // From a known view: linear regression under MSE, no penalty, the seeded data.
    const frame = await openOn(
      page,
      'loss=mse&seed=1&n=200&noise=1&penalty=none&lambda=0.1&startW=-1.5&startB=3.5&eta=0.1&steps=60',
    );
    await waitAllInked(frame);
    const plain = await optimum(frame, () => true, 'no penalty');
    // Least squares on y = 1.5x + 0.5 + noise: the slope near 1.5.
    assert.ok(plain.w > 1.2 && plain.w < 1.8, `w = ${plain.w}`);
    assert.ok(await frame.locator(`${SCENE} [data-role="surface-lambda"]`).isHidden(), 'λ is hidden without a penalty');
    const heat0 = await canvasPrint(frame, 0);
    const slice0 = await canvasPrint(frame, 2);

    // The contract's link: L2 with λ = 0.1.
    await openUrl(page, `${LINK}&penalty=l2&lambda=0.1`);
    await frame.waitForFunction(
      () => {
        const s = window.__lossPlayground.sceneState('surface');
        return s?.penalty === 'l2' && s.lambda === 0.1;
      },
      undefined,
      { timeout: 20_000 },
    );
    const l2small = await optimum(frame, (w) => w < plain.w, 'L2, λ = 0.1');
    const heat1 = await changed(frame, 0, heat0, 'the heat map under L2');
    await changed(frame, 2, slice0, 'the slice J(w) under L2');
    await frame.locator(`${SCENE} [data-note="bias"]`).waitFor({ state: 'visible', timeout: 10_000 });

    // λ up by keyboard, to the slider's end (5): the weight shrinks toward 0, the surface changes.
    const lambda = frame.locator(`${SCENE} [data-role="surface-lambda"] input[type="range"]`);
    await lambda.focus();
    await lambda.press('End');
    await frame.waitForFunction(() => window.__lossPlayground.sceneState('surface')?.lambda === 5, undefined, {
      timeout: 20_000,
    });
    const l2big = await optimum(frame, (w) => w < l2small.w, 'L2, λ = 5');
    assert.ok(
      l2big.w > 0 && l2big.w < 0.75 * plain.w,
      `L2 shrinks w (${plain.w} → ${l2small.w} → ${l2big.w}) without reaching 0`,
    );
    const heat2 = await changed(frame, 0, heat1, 'the heat map at λ = 5');

    // L1 at the same λ: past its threshold (2·|cov(x, y)| ≈ 4 on this data) w is exactly 0.
    const penalty = frame.locator(`${SCENE} [data-role="surface-penalty"] vscode-single-select`);
    // By keyboard: the first ArrowDown opens the list on the current option (L2), the next moves to L1.
    await penalty.focus();
    await penalty.press('ArrowDown');
    await penalty.press('ArrowDown');
    await penalty.press('Enter');
    await frame.waitForFunction(() => window.__lossPlayground.sceneState('surface')?.penalty === 'l1', undefined, {
      timeout: 20_000,
    });
    const l1 = await optimum(frame, (w) => w === 0, 'L1, λ = 5');
    assert.equal(l1.w, 0);
    await changed(frame, 0, heat2, 'the heat map under L1');
    await frame.locator(`${SCENE} [data-note="l1"]`).waitFor({ state: 'visible', timeout: 10_000 });
    await waitAllInked(frame);
    await shootScene(page, frame, 'surface-regularisation');
  });

  it('draws logistic regression under the squared error beside cross-entropy on the same data, and says why it is not convex @l10n', async function () {
    this.timeout(180_000);
    const page = workbench.page;
    await page.setViewportSize({ width: 1440, height: 1500 });
    const frame = await openOn(
      page,
      'loss=logistic_regression&seed=1&n=200&noise=1&penalty=none&startW=-1.5&startB=3.5&eta=0.5&steps=100',
    );
    await waitAllInked(frame);
    const ce = await canvasPrint(frame, 0);
    await frame.locator(`${SCENE} [data-note="convexity"]`).waitFor({ state: 'visible', timeout: 10_000 });
    await openUrl(page, `${LINK}&loss=logistic_mse&startW=-1.5&startB=-2.5`);
    await frame.waitForFunction(
      () => window.__lossPlayground.sceneState('surface')?.loss === 'logistic_mse',
      undefined,
      { timeout: 20_000 },
    );
    await changed(frame, 0, ce, 'the heat map of sigmoid + MSE');
    await waitAllInked(frame);
    await frame.locator(`${SCENE} [data-note="convexity"]`).waitFor({ state: 'visible', timeout: 10_000 });
    await shootScene(page, frame, 'surface-sigmoid-mse');
  });
});

/** The scene alone, for the README (copied to docs/screenshots with LOSS_PLAYGROUND_UPDATE_SCREENSHOTS=1). */
async function shootScene(page: Page, frame: Frame, name: string): Promise<void> {
  await frame.waitForTimeout(300);
  await screenshot(page, name);
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}-scene${locale ? `-${locale}` : ''}.png`);
  await frame.locator(SCENE).screenshot({ path: file });
  if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale)
    copyFileSync(file, join(repoRoot, 'docs', 'screenshots', `${name}.png`));
}
