/**
 * Nothing of the tests ships: the production bundles (`node scripts/build.mjs --production`, what
 * scripts/package.mjs puts into the VSIX) hold no test hook, neither the host's test commands
 * (src/testHooks.ts) nor the page's window.__lossPlayground and its postRaw. The same build for
 * the tests holds them all, so the names looked for are the ones the hooks really use.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
/** What only the test hooks name: property and command names survive minifying. */
const HOOKS = [
  'lossPlayground._receiveForTest',
  'lossPlayground._activationTimesForTest',
  '__lossPlayground',
  'postRaw',
  'cspViolations',
];

/** Every .js file `scripts/build.mjs` writes with these flags, by its path in the build. */
function build(flags: string[]): Map<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loss-playground-bundles-'));
  try {
    execFileSync(process.execPath, ['scripts/build.mjs', ...flags, '--outdir', dir], { cwd: ROOT, stdio: 'pipe' });
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
    return new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Which hooks each bundle names. */
function hooksIn(bundles: Map<string, string>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const [file, text] of bundles) {
    // Whole names: the JS runner's own `__lossPlaygroundAccess__` is no hook.
    const named = HOOKS.filter((h) => new RegExp(`\\b${h.replace(/[.$]/g, '\\$&')}\\b`).test(text));
    if (named.length) found[file] = named;
  }
  return found;
}

describe('test hooks: in the builds tests run, not in the VSIX', function () {
  this.timeout(180_000);

  it('the build for the tests has them: the host’s test commands and the page’s hook', () => {
    const found = hooksIn(build([]));
    const all = new Set(Object.values(found).flat());
    assert.deepEqual([...all].sort(), [...HOOKS].sort(), JSON.stringify(found));
    assert.ok(found['extension.js']?.includes('lossPlayground._receiveForTest'), JSON.stringify(found));
    assert.ok(
      found[path.join('web', 'extension.js')]?.includes('lossPlayground._activationTimesForTest'),
      JSON.stringify(found),
    );
    assert.ok(found[path.join('webview', 'main.js')]?.includes('__lossPlayground'), JSON.stringify(found));
  });

  it('the production build (the VSIX’s bundles) has none', () => {
    const bundles = build(['--production']);
    assert.ok(
      bundles.has('extension.js') &&
        bundles.has(path.join('webview', 'main.js')) &&
        bundles.has(path.join('web', 'extension.js')),
      [...bundles.keys()].join(', '),
    );
    assert.deepEqual(hooksIn(bundles), {});
  });
});
