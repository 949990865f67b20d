// The packaged extension: `npm run package` builds the VSIX, code-server installs it
// (`--install-extension`, as a user would from a file), and in a workbench that loads no
// development copy the command palette's "Open Loss Playground" opens the panel and it draws.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, runCommand, screenshot, Session, slug, webviewFrame, waitForInk } from './workbench';

describe('e2e: the packaged VSIX installed into code-server', function () {
  let session: Session;
  let page: Page;
  let vsix: string;

  before(async function () {
    this.timeout(300_000);
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, stdio: 'pipe' });
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    vsix = join(repoRoot, 'out', 'vsix', `loss-playground-${version}.vsix`);
    console.log(`      ${vsix}: ${(statSync(vsix).size / 1024).toFixed(0)} KB`);
    session = await Session.start('vsix', { installExtensions: [vsix] });
  });
  after(async () => {
    await session?.stop();
  });
  afterEach(async function () {
    if (page) {
      await screenshot(
        page,
        `vsix--${slug(this.currentTest?.title ?? 'test')}--${this.currentTest?.state ?? 'done'}`,
      ).catch(() => undefined);
      await page.context().close();
    }
  });

  it('is installed with the bundles and no node_modules', () => {
    const dirs = readdirSync(session.server.userDataDir.replace(/user-data$/, 'extensions')).filter((d) =>
      d.startsWith('loss-playground.'),
    );
    assert.equal(dirs.length, 1, `installed: ${dirs.join(', ')}`);
    const root = join(session.server.userDataDir.replace(/user-data$/, 'extensions'), dirs[0]);
    const files = readdirSync(root);
    assert.ok(!files.includes('node_modules'), files.join(', '));
    assert.ok(readdirSync(join(root, 'dist')).includes('formulas.json'));
    // The playground's compute worker: without it the host's own thread would compute.
    assert.ok(readdirSync(join(root, 'dist')).includes('playground-worker.js'));
  });

  it('opens the playground from the command palette, and it draws', async () => {
    page = await session.openWorkbench({ development: false });
    await runCommand(page, 'Loss Playground: Open Loss Playground');
    const frame = await webviewFrame(page, 'canvas', 30_000);
    const ink = await waitForInk(frame);
    assert.ok(ink.inked >= 1, `no canvas drew anything: ${JSON.stringify(ink)}`);
    await screenshot(page, 'vsix-playground');
  });
});
