// scripts/build.mjs with an entry point gone (renamed or moved without its line in the table):
// the build fails, names the file, and writes nothing, rather than shipping a VSIX without that
// bundle. Run on a copy of the sources in a temporary folder, so the real tree is never touched.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

describe('build (scripts/build.mjs)', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'loss-playground-build-'));
    for (const d of ['src', 'webview']) cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const build = () =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: dir, encoding: 'utf8' });

  it('fails on a missing entry point, naming it, before it writes anything', () => {
    // One of the browser bundles' entries (scripts/webBundles.mjs) and one of its own table's.
    rmSync(path.join(dir, 'src', 'gradcheck', 'runners', 'webWorker.ts'));
    rmSync(path.join(dir, 'webview', 'katexEntry.ts'));
    const r = build();
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /entry points are missing: webview\/katexEntry\.ts, src\/gradcheck\/runners\/webWorker\.ts/);
    assert.ok(!existsSync(path.join(dir, 'dist')), 'nothing built');
  });
});
