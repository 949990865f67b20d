// High-contrast themes in the real workbench (code-server + Chromium), as a person who needs them
// sees the extension: "Preferences: Color Theme" → "Dark High Contrast" / "Light High Contrast",
// then every playground scene is redrawn on the theme's background with its foreground (measured
// in the canvases' pixels against the Dark Modern rendering, and photographed), and the formula
// images in a hover are drawn in the theme's ink (measured in the decoded images' pixels).
import * as assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SCENES, type SceneId } from '../../src/protocol';
import {
  canvasHasInk,
  locale,
  openFile,
  pickColorTheme,
  repoRoot,
  resultsDir,
  runCommand,
  screenshot,
  sharedSession,
  tr,
  webviewFrame,
  type ThemeKind,
} from './workbench';

/** Where the README's pictures live; refreshed from a run with LOSS_PLAYGROUND_UPDATE_SCREENSHOTS=1. */
const SHOTS = join(repoRoot, 'docs', 'screenshots');
/** The scene whose high-contrast pictures the README shows. */
const README_SCENE: SceneId = 'surface';
/** Screenshots of a localized run get a `-LOCALE` suffix, as screenshot() gives them. */
const suffix = locale ? `-${locale}` : '';

const DARK = { label: 'Dark Modern', kind: 'vs-dark' } as const;
const THEMES: readonly {
  label: string;
  kind: ThemeKind;
  body: string;
  name: string;
  bg: [number, number, number];
  ink: string;
}[] = [
  {
    label: 'Dark High Contrast',
    kind: 'hc-black',
    body: 'vscode-high-contrast',
    name: 'hc-dark',
    bg: [0, 0, 0],
    ink: '#ffffff',
  },
  {
    label: 'Light High Contrast',
    kind: 'hc-light',
    body: 'vscode-high-contrast-light',
    name: 'hc-light',
    bg: [255, 255, 255],
    ink: '#000000',
  },
];

type Rgb = [number, number, number];

/** WCAG 2 contrast ratio of two colours (1 to 21). */
function contrast(a: Rgb, b: Rgb): number {
  const lum = (c: Rgb): number => {
    const l = c.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

function hex(c: Rgb): string {
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

// ---- the playground -------------------------------------------------------------------------

async function showScene(frame: Frame, id: SceneId): Promise<void> {
  await frame.locator(`vscode-tab-header[data-scene="${id}"]`).click();
  await frame.locator(`section[data-scene="${id}"]`).waitFor({ state: 'visible', timeout: 15_000 });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ink = await canvasHasInk(frame, `section[data-scene="${id}"] canvas`, 200);
    if (ink.canvases > 0 && ink.inked === ink.canvases) return;
    if (Date.now() > deadline) throw new Error(`${id}: not every chart drew: ${JSON.stringify(ink)}`);
    await frame.waitForTimeout(100);
  }
}

/** How one chart reads: its background, and the grey ink (text, ticks, axes) that stands out most from it. */
type Look = { bg: Rgb; ink: Rgb };

/**
 * Per canvas of the scene, from its pixels: the background (top-left pixel; the charts fill it
 * with the theme's editor background) and, of the grey colours covering at least 20 pixels (the
 * text and axes are drawn in the theme's foreground), the one with the most contrast to it.
 */
async function looks(frame: Frame, id: SceneId): Promise<Look[]> {
  const raw = await frame.evaluate((sel) => {
    type C2D = {
      drawImage(i: unknown, x: number, y: number): void;
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    };
    type Cv = { width: number; height: number; getContext(k: '2d'): C2D | null };
    const doc = (
      globalThis as unknown as {
        document: { querySelectorAll(s: string): ArrayLike<Cv>; createElement(t: 'canvas'): Cv };
      }
    ).document;
    return Array.from(doc.querySelectorAll(sel)).map((c) => {
      const copy = doc.createElement('canvas');
      [copy.width, copy.height] = [c.width, c.height];
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const counts: Record<number, number> = {};
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
        if (Math.max(r, g, b) - Math.min(r, g, b) <= 6)
          counts[(r << 16) | (g << 8) | b] = (counts[(r << 16) | (g << 8) | b] ?? 0) + 1;
      }
      return {
        bg: [px[0], px[1], px[2]] as [number, number, number],
        greys: Object.entries(counts)
          .filter(([, n]) => n >= 20)
          .map(([k]) => Number(k)),
      };
    });
  }, `section[data-scene="${id}"] canvas`);
  return raw.map(({ bg, greys }) => {
    let ink = bg;
    for (const k of greys) {
      const c: Rgb = [(k >> 16) & 255, (k >> 8) & 255, k & 255];
      if (contrast(c, bg) > contrast(ink, bg)) ink = c;
    }
    return { bg, ink };
  });
}

/** The webview page's body classes, which VS Code sets for the theme (vscode-dark, vscode-high-contrast, ...). */
async function bodyClasses(frame: Frame): Promise<string[]> {
  return frame.evaluate(() =>
    (globalThis as unknown as { document: { body: { className: string } } }).document.body.className.split(/\s+/),
  );
}

// ---- the hover ------------------------------------------------------------------------------

/** Hovers `text` in the line containing `lineText` until our hover (with its playground link) shows. */
async function hover(page: Page, lineText: string, text: string): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const line = page.locator('.editor-instance .view-line', { hasText: lineText }).first();
      await line.waitFor({ timeout: 10_000 });
      await page.mouse.move(0, 0);
      await page
        .locator('.monaco-hover:not(.hidden)')
        .first()
        .waitFor({ state: 'hidden', timeout: 3000 })
        .catch(() => undefined);
      await line.locator('span > span', { hasText: text }).first().hover({ timeout: 5000 });
      await page
        .locator('.monaco-hover:not(.hidden) a', { hasText: tr('Open in Loss Playground') })
        .waitFor({ state: 'visible', timeout: 12_000 });
      // Faded in, so a screenshot does not show the code through it (a string: no DOM types here).
      await page.waitForFunction(`(() => {
        const h = document.querySelector('.monaco-hover:not(.hidden)');
        return !!h && getComputedStyle(h).opacity === '1' && h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
      })()`);
      return;
    } catch (e) {
      const shown = await page
        .locator('.monaco-hover:not(.hidden)')
        .first()
        .innerText({ timeout: 1000 })
        .catch(() => '(no hover visible)');
      last = `${(e as Error)?.message?.split('\n')[0]}; hover shown: ${JSON.stringify(shown.slice(0, 300))}`;
    }
  }
  throw new Error(`no Loss Playground hover over ${text}: ${last}`);
}

/** What the hover's formula images are drawn in: the colours their SVG names, and the colours of their opaque pixels. */
type HoverInk = { images: number; svgColours: string[]; pixelColours: string[]; background: Rgb };

async function hoverInk(page: Page): Promise<HoverInk> {
  const seen = await page.evaluate(`(async () => {
    const imgs = Array.from(document.querySelectorAll('.monaco-hover:not(.hidden) img')).filter((i) => (i.getAttribute('src') || '').startsWith('data:image/svg+xml;base64,'));
    const pixels = {};
    for (const img of imgs) {
      await img.decode();
      const c = document.createElement('canvas');
      [c.width, c.height] = [img.naturalWidth * 2, img.naturalHeight * 2];
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0, c.width, c.height);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] === 255) pixels[[px[i], px[i + 1], px[i + 2]].join()] = (pixels[[px[i], px[i + 1], px[i + 2]].join()] || 0) + 1;
    }
    const bg = getComputedStyle(document.querySelector('.monaco-hover:not(.hidden)')).backgroundColor;
    return { srcs: imgs.map((i) => i.getAttribute('src')), pixels, bg };
  })()`);
  const { srcs, pixels, bg } = seen as { srcs: string[]; pixels: Record<string, number>; bg: string };
  const svgColours = new Set<string>();
  for (const src of srcs) {
    const svg = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64').toString('utf8');
    for (const m of svg.matchAll(/(?:fill|stroke|color)="([^"]+)"/g))
      if (m[1] !== 'none') svgColours.add(m[1].toLowerCase());
  }
  const pixelColours = Object.entries(pixels)
    .filter(([, n]) => n >= 10)
    .map(([k]) => hex(k.split(',').map(Number) as Rgb));
  return {
    images: srcs.length,
    svgColours: [...svgColours].sort(),
    pixelColours: pixelColours.sort(),
    background: (bg.match(/\d+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number) as Rgb,
  };
}

describe('e2e: high-contrast themes', function () {
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    page = await (await sharedSession()).openWorkbench();
    await page.setViewportSize({ width: 1440, height: 1300 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await screenshot(page, `high-contrast--failed--${this.currentTest.title.slice(0, 40)}`).catch(() => undefined);
  });
  after(async function () {
    this.timeout(90_000);
    // The theme is a user setting of the stage's code-server: leave it as the other suites expect.
    if (page) await pickColorTheme(page, DARK.label, DARK.kind).catch(() => undefined);
    await page
      ?.context()
      .close()
      .catch(() => undefined);
  });

  it('the playground redraws every scene in Dark and Light High Contrast: the theme’s background and text, more contrast than Dark Modern', async function () {
    this.timeout(300_000);
    await pickColorTheme(page, DARK.label, DARK.kind);
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    const frame = await webviewFrame(page, 'section.scene', 30_000);
    // The Dark Modern rendering first, to compare with.
    const dark = new Map<SceneId, Look[]>();
    for (const id of SCENES) {
      await showScene(frame, id);
      await frame.waitForTimeout(150);
      dark.set(id, await looks(frame, id));
    }
    console.log(
      `      Dark Modern: ${SCENES.map(
        (id) =>
          `${id} ${dark
            .get(id)!
            .map((l) => `${hex(l.ink)} on ${hex(l.bg)} ${contrast(l.ink, l.bg).toFixed(1)}:1`)
            .join(', ')}`,
      ).join('; ')}`,
    );
    for (const theme of THEMES) {
      await pickColorTheme(page, theme.label, theme.kind);
      // VS Code tells the page with a class on its body; the page redraws from the new palette.
      const deadline = Date.now() + 10_000;
      while (!(await bodyClasses(frame)).includes(theme.body) && Date.now() < deadline) await frame.waitForTimeout(100);
      assert.ok(
        (await bodyClasses(frame)).includes(theme.body),
        `${theme.label}: the webview's body is "${(await bodyClasses(frame)).join(' ')}"`,
      );
      const seen: string[] = [];
      for (const id of SCENES) {
        await showScene(frame, id);
        let look = await looks(frame, id);
        for (
          const until = Date.now() + 5000;
          look.some((l) => l.bg.join() !== theme.bg.join()) && Date.now() < until;
        ) {
          await frame.waitForTimeout(100);
          look = await looks(frame, id);
        }
        const before = dark.get(id)!;
        assert.equal(look.length, before.length, `${theme.label}, ${id}: as many charts as in Dark Modern`);
        look.forEach((l, k) => {
          const was = before[k];
          const [now, then] = [contrast(l.ink, l.bg), contrast(was.ink, was.bg)];
          const what = `${theme.label}, ${id}, chart ${k + 1}: background ${hex(l.bg)}, text ${hex(l.ink)} (${now.toFixed(1)}:1); Dark Modern ${hex(was.bg)}, ${hex(was.ink)} (${then.toFixed(1)}:1)`;
          assert.deepEqual(l.bg, theme.bg, `not on the theme's background: ${what}`);
          assert.ok(now >= 7, `the text is below WCAG AAA (7:1): ${what}`);
          assert.ok(now > then, `no more contrast than in Dark Modern: ${what}`);
        });
        seen.push(
          `${id} ${look.map((l) => `${hex(l.ink)} on ${hex(l.bg)} ${contrast(l.ink, l.bg).toFixed(1)}:1`).join(', ')}`,
        );
        await frame.waitForTimeout(150);
        await page
          .locator('.editor-group-container')
          .first()
          .screenshot({ path: join(resultsDir, `scene-${id}-${theme.name}${suffix}.png`) });
        await frame
          .locator(`section[data-scene="${id}"]`)
          .screenshot({ path: join(resultsDir, `scene-${id}-${theme.name}-scene${suffix}.png`) });
      }
      console.log(`      ${theme.label}: ${seen.join('; ')}`);
      if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale && theme.kind === 'hc-black')
        copyFileSync(
          join(resultsDir, `scene-${README_SCENE}-${theme.name}-scene.png`),
          join(SHOTS, `${README_SCENE}-${theme.name}.png`),
        );
    }
    await pickColorTheme(page, DARK.label, DARK.kind);
  });

  it('a formula hover’s images are drawn in the high-contrast theme’s ink, and change with the theme', async function () {
    this.timeout(300_000);
    await pickColorTheme(page, DARK.label, DARK.kind);
    await openFile(page, 'python/framework_losses.py');
    await hover(page, 'ce = F.cross_entropy', 'cross_entropy');
    const dark = await hoverInk(page);
    assert.equal(dark.images, 2, 'the formula and its gradient');
    assert.deepEqual(dark.svgColours, ['#d4d4d4'], 'Dark Modern ink');
    for (const theme of THEMES) {
      await page.mouse.move(0, 0);
      await pickColorTheme(page, theme.label, theme.kind);
      await hover(page, 'ce = F.cross_entropy', 'cross_entropy');
      const hc = await hoverInk(page);
      const what = `${theme.label}: ${JSON.stringify(hc)}; Dark Modern ${JSON.stringify(dark)}`;
      assert.equal(hc.images, 2, what);
      // The images as written, and as drawn: every opaque pixel in the theme's ink.
      assert.deepEqual(hc.svgColours, [theme.ink], what);
      assert.deepEqual(hc.pixelColours, [theme.ink], what);
      assert.notDeepEqual(hc.svgColours, dark.svgColours, what);
      // Legible on the hover's own background (the theme's), WCAG AAA (7:1) at least.
      const ink = theme.ink.match(/[0-9a-f]{2}/g)!.map((h) => parseInt(h, 16)) as Rgb;
      assert.ok(
        contrast(ink, hc.background) >= 7,
        `ink ${theme.ink} on the hover's ${hex(hc.background)}: ${contrast(ink, hc.background).toFixed(1)}:1`,
      );
      console.log(
        `      ${theme.label}: formula ink ${hc.svgColours.join(', ')} (drawn ${hc.pixelColours.join(', ')}) on the hover's ${hex(hc.background)}, ${contrast(ink, hc.background).toFixed(1)}:1; Dark Modern ${dark.svgColours.join(', ')} (drawn ${dark.pixelColours.join(', ')}) on ${hex(dark.background)}`,
      );
      await screenshot(page, `hover-cross-entropy-${theme.name}`);
      // And the hover with the code around it, for the README.
      const box = (await page.locator('.monaco-hover:not(.hidden)').first().boundingBox())!;
      const x = Math.max(0, box.x - 100);
      const clip = {
        x,
        y: Math.max(0, box.y - 60),
        width: Math.min(box.width + 200, 1440 - x),
        height: box.height + 160,
      };
      const shot = join(resultsDir, `hover-cross-entropy-${theme.name}-hover${suffix}.png`);
      await page.screenshot({ path: shot, clip });
      if (process.env.LOSS_PLAYGROUND_UPDATE_SCREENSHOTS === '1' && !locale && theme.kind === 'hc-black')
        copyFileSync(shot, join(SHOTS, `hover-cross-entropy-${theme.name}.png`));
    }
    await page.mouse.move(0, 0);
    await pickColorTheme(page, DARK.label, DARK.kind);
  });
});
