// `npm run check`, the first step of `npm test`: the type checks of the three tsconfig files,
// eslint (eslint.config.mjs) and knip (knip.jsonc), two at a time, longest first: they are each
// single-threaded, and the machines we test on have two cores. A check's output is printed whole
// when it ends, with its time; the exit code is 1 when any check failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (path) => join(root, 'node_modules', path);

/** [name, script, arguments], the longest first. */
const CHECKS = [
  ['eslint', bin('eslint/bin/eslint.js'), ['.']],
  ['types: tests, scripts, bench', bin('typescript/bin/tsc'), ['-p', 'test/tsconfig.json', '--noEmit']],
  ['types: extension', bin('typescript/bin/tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['types: webview', bin('typescript/bin/tsc'), ['-p', 'webview/tsconfig.json', '--noEmit']],
  ['knip', bin('knip/bin/knip.js'), ['--no-progress']],
  ['prettier', bin('prettier/bin/prettier.cjs'), ['--check', '.']],
];

const JOBS = Math.min(2, availableParallelism());

function run([name, script, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => (output += `${e.message}\n`));
    child.on('close', (code) => {
      const ok = code === 0;
      console.log(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (!ok || output.trim()) console.log(output.trimEnd().replace(/^/gm, '    '));
      resolve(ok);
    });
  });
}

const started = Date.now();
const queue = [...CHECKS];
const results = [];
await Promise.all(
  Array.from({ length: JOBS }, async () => {
    while (queue.length) results.push(await run(queue.shift()));
  }),
);
const failed = results.filter((ok) => !ok).length;
console.log(
  `${failed ? `${failed} of ${CHECKS.length} checks failed` : `${CHECKS.length} checks passed`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed ? 1 : 0);
