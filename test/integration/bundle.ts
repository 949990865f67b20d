// The extension host loads JavaScript, so the suite is bundled before a run: index.ts (the
// extensionTestsPath module) and each *.test.ts become out/test/integration/*.js. `vscode` is the
// host's own module; mocha stays a plain require, resolved from the repo's node_modules.
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

export const repoRoot = resolve(__dirname, '..', '..');
const suiteDir = join(repoRoot, 'out', 'test', 'integration');
/** The module VS Code loads as extensionTestsPath. */
const suiteEntry = join(suiteDir, 'index.js');

export async function bundleSuite(): Promise<string> {
  const src = join(repoRoot, 'test', 'integration');
  const tests = readdirSync(src).filter((f) => f.endsWith('.test.ts'));
  rmSync(suiteDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(src, 'index.ts'), ...tests.map((t) => join(src, t))],
    outdir: suiteDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  // esbuild keeps a service process until told otherwise; it would outlive this stage briefly.
  await esbuild.stop();
  return suiteEntry;
}
