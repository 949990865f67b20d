// Driving a real VS Code workbench (code-server) in Chromium the way a person does: keyboard,
// command palette, editors, webviews. Shared by the e2e tests; later issues add to it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../scripts/codeServer';
import { launchChromium, type LaunchedChromium } from '../support/chromium';

export const repoRoot = resolve(__dirname, '..', '..');
export const examplesDir = join(repoRoot, 'examples');
export const resultsDir = join(repoRoot, 'test-results', 'e2e');

/** A code-server on examples/ and a browser: one for the whole stage (sharedSession), or one of a suite's own. */
export class Session {
  private constructor(
    readonly server: CodeServer,
    readonly chrome: LaunchedChromium,
  ) {}

  /**
   * `installExtensions`: VSIX files installed into code-server first (then open the workbench with
   * `{ development: false }`). `settings`: user settings over the quiet defaults.
   */
  static async start(
    name: string,
    o: { installExtensions?: string[]; settings?: Record<string, unknown> } = {},
  ): Promise<Session> {
    mkdirSync(resultsDir, { recursive: true });
    const server = await startCodeServer({
      folder: examplesDir,
      logFile: join(resultsDir, `${name}${localeSuffix}-code-server.log`),
      ...(locale ? { locale } : {}),
      ...o,
    });
    try {
      return new Session(server, await launchChromium());
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  /**
   * A fresh browser context (no state from earlier tests) showing the workbench as an Extension
   * Development Host: the built extension (dist/) is loaded as `code --extensionDevelopmentPath`.
   */
  async openWorkbench(o: { development?: boolean } = {}): Promise<Page> {
    const context = await this.chrome.browser.newContext({
      viewport: { width: 1280, height: 800 },
      ...(locale ? { locale } : {}),
    });
    // Without a language pack, code-server's --locale loads no messages and leaves the workbench
    // on English. What the workbench reports as its language (and the extension host as
    // vscode.env.language, which picks our l10n bundle) is this global, which a language pack's
    // messages script would set; setting it first switches every extension's language.
    if (locale)
      await context.addInitScript(
        (l: string) => void ((globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE = l),
        locale,
      );
    const page = await context.newPage();
    await page.goto(this.server.workbenchUrl(o.development === false ? {} : { extensionDevelopmentPath: repoRoot }), {
      timeout: 60_000,
    });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The status bar is drawn once the workbench has restored its parts.
    await page.locator('.statusbar').waitFor({ timeout: 30_000 });
    return page;
  }

  async stop(): Promise<void> {
    await this.chrome.close();
    await this.server.stop();
  }
}

let shared: Promise<Session> | undefined;

/**
 * The stage's one code-server and browser, started by the first suite that asks and stopped after
 * the last (test/e2e/hooks.ts): starting them per suite cost more than most tests. Each test still
 * gets a fresh browser context and workbench (openWorkbench). A suite that changes a user setting
 * of this code-server (the colour theme) puts it back in its after().
 */
export function sharedSession(): Promise<Session> {
  shared ??= Session.start('workbench');
  return shared;
}

export async function stopSharedSession(): Promise<void> {
  const session = await shared?.catch(() => undefined);
  shared = undefined;
  await session?.stop();
}

/**
 * The display language of this run: LOSS_PLAYGROUND_E2E_LOCALE=zh-cn runs the suite with
 * code-server's `--locale zh-cn`, and screenshots get a `-zh-cn` suffix.
 */
export const locale = process.env.LOSS_PLAYGROUND_E2E_LOCALE ?? '';
const localeSuffix = locale ? `-${locale}` : '';

const bundle: Record<string, string> =
  locale === 'zh-cn'
    ? (JSON.parse(readFileSync(join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>)
    : {};

/** The text a person sees for an English vscode.l10n.t text, in this run's display language. */
export function tr(english: string): string {
  return bundle[english] ?? english;
}

/** A RegExp for a vscode.l10n.t template in this run's language, `{n}` matching any text. */
export function trPattern(template: string, anchored = true): RegExp {
  const body = tr(template)
    .split(/\{\d+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+?');
  return new RegExp(anchored ? `^${body}$` : `^${body}`);
}

/** Saves a screenshot as test-results/e2e/NAME.png (NAME-LOCALE.png in a localized run) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(resultsDir, `${slug(name)}${localeSuffix}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * A picture for the VSIX's README (media/screenshots/): the VSIX has a 2 MB budget, so it is cut
 * to a 256-colour palette with pngquant when that is installed (`apt-get install pngquant`; about
 * a third of the size, the text still sharp). Without it the picture is kept as taken.
 */
export async function packagedScreenshot(
  page: Page,
  file: string,
  clip?: { x: number; y: number; width: number; height: number },
): Promise<void> {
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  spawnSync('pngquant', ['--quality', '70-95', '--speed', '1', '--strip', '--force', '--ext', '.png', file], {
    stdio: 'ignore',
  });
}

export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * Runs a command by its palette label ("Category: Title") through F1, as a user would. The
 * palette lists the commands known when it opens, and an extension's arrive a moment after the
 * workbench shows; and a webview that finishes loading takes focus, which closes the palette.
 * So each attempt that does not get as far as the command's row is abandoned and retried until
 * `timeoutMs`.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 45_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await focusWorkbench(page);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${label}`, { timeout: 3000 });
      await row.waitFor({ state: 'visible', timeout: 3000 });
      await input.press('Enter', { timeout: 3000 });
      await input.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(
          `could not run "${label}" from the command palette in ${timeoutMs / 1000} s (${attempt} tries): ${(e as Error).message.split('\n')[0]}`,
          { cause: e },
        );
      await page.keyboard.press('Escape').catch(() => undefined);
      await page.waitForTimeout(250);
    }
  }
}

/**
 * Opens a link as the system would hand it to VS Code: "Developer: Open URL", then VS Code's
 * question whether the extension may open it (answered Open, when it asks).
 */
export async function openUrl(page: Page, url: string): Promise<void> {
  await runCommandThenInput(page, 'Developer: Open URL', url);
  const open = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
  await open.waitFor({ state: 'visible', timeout: 5000 }).then(
    () => open.click(),
    () => undefined, // not asked: the extension is trusted to open its links already
  );
}

/** Runs a palette command that asks for a line of text, and types it. */
async function runCommandThenInput(page: Page, command: string, text: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: command }).first().waitFor();
  await input.press('Enter');
  // The same input box comes back empty, asking for the text.
  await page.waitForFunction(
    () => {
      const box = (
        globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }
      ).document.querySelector('.quick-input-widget .quick-input-box input');
      return box !== null && box.value === '';
    },
    undefined,
    { timeout: 10_000 },
  );
  await input.fill(text);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Takes keyboard focus out of a webview. Keys pressed while a webview's iframe has focus go to
 * that page, not to the workbench's shortcuts; a person would click on the workbench first.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { activeElement: { tagName: string; blur(): void } | null } })
      .document;
    if (doc.activeElement?.tagName === 'IFRAME') doc.activeElement.blur();
  });
}

/**
 * Puts the workbench in a dark or light theme with "Toggle between Light/Dark Themes" (the theme
 * picker would search the marketplace, which this network cannot reach).
 */
export async function setTheme(page: Page, kind: 'dark' | 'light'): Promise<void> {
  const isDark = (): Promise<boolean> =>
    page
      .locator('.monaco-workbench')
      .evaluate((e) => (e as unknown as { classList: { contains(c: string): boolean } }).classList.contains('vs-dark'));
  const want = kind === 'dark';
  // The workbench can settle on its configured theme a moment after it appears: check twice.
  for (let attempt = 0; attempt < 4; attempt++) {
    if ((await isDark()) === want) {
      await page.waitForTimeout(700);
      if ((await isDark()) === want) return;
      continue;
    }
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    const deadline = Date.now() + 5000;
    while ((await isDark()) !== want && Date.now() < deadline) await page.waitForTimeout(100);
  }
  throw new Error(`could not switch the workbench to a ${kind} theme`);
}

/** The kind of the workbench's colour theme: the class VS Code puts on `.monaco-workbench`. */
export type ThemeKind = 'vs' | 'vs-dark' | 'hc-black' | 'hc-light';

async function themeKind(page: Page): Promise<ThemeKind | undefined> {
  const classes = ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/);
  return (['hc-black', 'hc-light', 'vs-dark', 'vs'] as const).find((k) => classes.includes(k));
}

/**
 * Chooses a colour theme by its label in "Preferences: Color Theme" (e.g. "Dark High Contrast",
 * "Light High Contrast", "Dark Modern"), as a person does, and waits until the workbench shows
 * `kind`. The palette's row is clicked, as Enter would take the first row, "Browse Color Themes in
 * Marketplace"; in the picker the theme's row is clicked, or reached with the arrow keys when it is
 * out of view, as typing there searches the Marketplace too, which this network cannot reach.
 * (code-server has no "Toggle High Contrast" command.) Retried like runCommand, as a webview that
 * takes focus closes the pick.
 */
export async function pickColorTheme(page: Page, label: string, kind: ThemeKind, timeoutMs = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const command = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) });
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused .label-name');
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      if ((await themeKind(page)) !== kind) {
        await focusWorkbench(page);
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 5000 });
        await input.fill('>Preferences: Color Theme', { timeout: 3000 });
        await command.click({ timeout: 5000 });
        await page.waitForFunction(
          () =>
            /Color Theme/.test(
              (
                globalThis as unknown as {
                  document: { querySelector(s: string): { getAttribute(a: string): string | null } | null };
                }
              ).document
                .querySelector('.quick-input-widget .quick-input-box input')
                ?.getAttribute('placeholder') ?? '',
            ),
          undefined,
          { timeout: 10_000 },
        );
        const row = page.locator('.quick-input-widget .monaco-list-row').filter({
          has: page.locator('.label-name', {
            hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
          }),
        });
        if (await row.isVisible()) {
          await row.click({ timeout: 5000 });
        } else {
          // Not in view: walk down to it (the list wraps; each step previews a theme). The page can
          // be busy for a while applying a preview, so each look waits for it rather than timing out.
          const current = async (): Promise<string> =>
            (await focused.count()) ? ((await focused.first().textContent()) ?? '').trim() : '';
          for (let k = 0; (await current()) !== label; k++) {
            if (k > 60) throw new Error(`no row "${label}" in the Color Theme picker`);
            await input.press('ArrowDown', { timeout: 3000 });
          }
          await input.press('Enter', { timeout: 3000 });
        }
        await input.waitFor({ state: 'hidden', timeout: 15_000 });
      }
      const settle = Date.now() + 10_000;
      while ((await themeKind(page)) !== kind && Date.now() < settle) await page.waitForTimeout(100);
      // The workbench can settle on its configured theme a moment after it appears: look twice.
      await page.waitForTimeout(500);
      if ((await themeKind(page)) === kind) return;
      throw new Error(`the workbench shows ${await themeKind(page)}`);
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(
          `could not choose the colour theme "${label}" in ${timeoutMs / 1000} s (${attempt} tries): ${(e as Error).message.split('\n')[0]}`,
          { cause: e },
        );
      await page.keyboard.press('Escape').catch(() => undefined);
      await page.waitForTimeout(250);
    }
  }
}

/** Opens a file of the workspace through Quick Open (Ctrl+P) and waits for its editor. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  const name = relativePath.split('/').pop()!;
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await input.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/**
 * The frame of a webview whose document contains `selector`. A webview is two iframes deep (the
 * host frame VS Code makes, then the page's own), so this searches every frame of the page.
 */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > deadline)
      throw new Error(`no webview frame contains ${selector} after ${timeoutMs} ms (${page.frames().length} frames)`);
    await page.waitForTimeout(100);
  }
}

// The page's DOM, typed here for the functions that run in it: test/tsconfig.json checks Node
// code and rightly has no DOM library. Module-scoped, so nothing leaks into other files.
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): PageContext2D | null;
}
interface PageContext2D {
  drawImage(image: PageCanvas, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<unknown>;
  createElement(tag: 'canvas'): PageCanvas;
};
declare const HTMLCanvasElement: new () => PageCanvas;

export interface CanvasInk {
  /** Canvases matched by the selector. */
  canvases: number;
  /** Of those, how many have drawn pixels: more than `minPixels` pixels that are not the background. */
  inked: number;
}

/**
 * Whether canvases drew something: "canvas has non-blank pixels". Counts, per canvas, the pixels
 * that differ from its top-left pixel (taken as the background) or are not transparent when that
 * is. The playground's charts (chart.js, 2D canvases) are checked with this; it works for any
 * canvas by copying it onto a 2D one first.
 */
export async function canvasHasInk(where: Page | Frame, selector = 'canvas', minPixels = 50): Promise<CanvasInk> {
  return where.evaluate(
    ({ selector, minPixels }) => {
      const canvases = Array.from(document.querySelectorAll(selector)).filter(
        (c): c is PageCanvas => c instanceof HTMLCanvasElement,
      );
      let inked = 0;
      for (const c of canvases) {
        if (!c.width || !c.height) continue;
        const copy = document.createElement('canvas');
        copy.width = c.width;
        copy.height = c.height;
        const ctx = copy.getContext('2d');
        if (!ctx) continue;
        ctx.drawImage(c, 0, 0);
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        const [r0, g0, b0, a0] = [px[0], px[1], px[2], px[3]];
        let count = 0;
        for (let i = 0; i < px.length && count <= minPixels; i += 4) {
          if (px[i] !== r0 || px[i + 1] !== g0 || px[i + 2] !== b0 || px[i + 3] !== a0) count++;
        }
        if (count > minPixels) inked++;
      }
      return { canvases: canvases.length, inked };
    },
    { selector, minPixels },
  );
}

/**
 * Polls until some canvas has ink, or the time is up, and returns the last reading. Charts draw
 * only after the host answers the page's first request, so one look right away is not enough.
 */
export async function waitForInk(frame: Frame, timeoutMs = 20_000): Promise<CanvasInk> {
  let ink = await canvasHasInk(frame);
  for (const deadline = Date.now() + timeoutMs; ink.inked === 0 && Date.now() < deadline;) {
    await frame.waitForTimeout(200);
    ink = await canvasHasInk(frame);
  }
  return ink;
}

/** Titles of the code lenses shown in the active editor, once at least `min` are there. */
export async function codeLensTitles(page: Page, min = 1, timeoutMs = 20_000): Promise<string[]> {
  const lenses = page.locator('.editor-instance .codelens-decoration a');
  await page.waitForFunction(
    (n) => document.querySelectorAll('.editor-instance .codelens-decoration a').length >= n,
    min,
    { timeout: timeoutMs },
  );
  return (await lenses.allTextContents()).map((t) => t.trim());
}

/**
 * The hooks most e2e suites share: the stage's code-server, a fresh workbench page for each test,
 * and a screenshot of how each test left the page. Call inside describe().
 */
export function useWorkbench(name: string): { readonly page: Page; readonly session: Session } {
  let session: Session | undefined;
  let page: Page | undefined;
  before(async function () {
    this.timeout(180_000);
    session = await sharedSession();
  });
  beforeEach(async () => {
    page = await session!.openWorkbench();
  });
  afterEach(async function () {
    if (page) {
      await screenshot(
        page,
        `${name}--${slug(this.currentTest?.title ?? 'test')}--${this.currentTest?.state ?? 'done'}`,
      ).catch(() => undefined);
      await page.context().close();
    }
  });
  return {
    get page() {
      return page!;
    },
    get session() {
      return session!;
    },
  };
}

/**
 * The hooks of a suite that works in one playground panel throughout: one workbench of the stage's
 * code-server at 1440 × `height`, in the dark theme (the one the other suites expect), with the
 * playground opened from the command palette; a screenshot of each failed test; and at the end,
 * `leave` (what the suite puts back in the panel, which the next workbench restores), the theme
 * put back to dark (a user setting of the stage's code-server) and the workbench closed. Call
 * inside describe().
 */
export function usePlayground(
  name: string,
  o: { height: number; leave?: () => Promise<void> },
): { readonly page: Page; readonly frame: Frame } {
  let page: Page | undefined;
  let frame: Frame | undefined;
  before(async function () {
    this.timeout(180_000);
    page = await (await sharedSession()).openWorkbench();
    await page.setViewportSize({ width: 1440, height: o.height });
    await setTheme(page, 'dark');
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    frame = await webviewFrame(page, 'section.scene', 30_000);
  });
  afterEach(async function () {
    if (page && this.currentTest?.state === 'failed')
      await screenshot(page, `${name}--failed--${this.currentTest.title.slice(0, 40)}`).catch(() => undefined);
  });
  after(async function () {
    this.timeout(60_000);
    if (frame && o.leave) await o.leave().catch(() => undefined);
    if (page) await setTheme(page, 'dark').catch(() => undefined);
    await page
      ?.context()
      .close()
      .catch(() => undefined);
  });
  return {
    get page() {
      return page!;
    },
    get frame() {
      return frame!;
    },
  };
}
