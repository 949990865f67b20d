// The browser bundles (vscode.dev): no Node module may reach them. Every import of a Node built-in
// must resolve to its browser stand-in (scripts/webBundles.mjs), nothing but `vscode` may stay
// external, and the output requires nothing else at run time: a Web Worker extension host has
// no Node, and a bundle that needs it fails only there, at load.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildWebEntry, ROOT, webBundles, type WebEntry } from './webBundles';

const OUTS = ['dist/web/extension.js', 'dist/web/playground-worker.js', 'dist/web/gradcheck-worker.js'];
const GRADCHECK_WORKER = 2;

const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

describe('browser bundles (scripts/webBundles.mjs)', function () {
  this.timeout(60_000);
  let dir: string;
  let entries: WebEntry[];
  let standIns: string[];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'loss-playground-web-bundle-'));
    ({ webEntries: entries, browserStandIns: standIns } = await webBundles());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are the browser extension and its two workers, and package.json names the first', async () => {
    assert.deepEqual(
      entries.map((e) => e.out),
      OUTS,
    );
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      browser?: string;
      main?: string;
    };
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.equal(manifest.main, './dist/extension.js');
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const e of entries) assert.ok(ignore.includes(`!${e.out}`), `.vscodeignore lets ${e.out} into the VSIX`);
  });

  for (const [which, out] of OUTS.entries()) {
    it(`${out}: every Node built-in resolves to a browser stand-in, and only vscode is external`, async () => {
      const entry = entries[which];
      const outfile = path.join(dir, path.basename(entry.out));
      const meta = await buildWebEntry(entry, outfile);
      const allowed = new Set(standIns.map((p) => path.relative(ROOT, path.resolve(ROOT, p))));
      const problems: string[] = [];
      // Only what is in the bundle: a module esbuild read and then shook out entirely (mathjs's
      // seeded random, which the formula parser never uses) imports nothing at run time.
      const kept = new Set(
        Object.values(meta.outputs).flatMap((o) =>
          Object.entries(o.inputs)
            .filter(([, i]) => i.bytesInOutput > 0)
            .map(([f]) => f),
        ),
      );
      for (const [file, input] of Object.entries(meta.inputs)) {
        if (!kept.has(file)) continue;
        for (const imp of input.imports) {
          // What esbuild adds to every file: the injected stand-ins and the defined values.
          if (
            imp.path.startsWith('<define:') ||
            (entry.opts.inject ?? []).some((f) => path.resolve(ROOT, f) === imp.path)
          )
            continue;
          const specifier = imp.original ?? imp.path;
          if (imp.external) {
            if (specifier !== 'vscode') problems.push(`${file} keeps ${specifier} external`);
          } else if (isBuiltin(specifier) && !allowed.has(imp.path))
            problems.push(`${file} imports ${specifier} as ${imp.path}, not a stand-in`);
        }
      }
      assert.deepEqual(problems, []);
      // The extension requires only `vscode`, which the extension host supplies. (The worker's text
      // is full of require calls in strings: sucrase writes them into the user's compiled code.)
      const code = readFileSync(outfile, 'utf8');
      const required = [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
      if (which === 0) assert.deepEqual(required, ['vscode']);
      else if (which !== GRADCHECK_WORKER) assert.deepEqual(required, []);
      // Node's globals would throw in a browser: each use must be the worker's injected `process`,
      // behind a typeof check, or text in a string or comment.
      const unguarded: string[] = [];
      for (const m of code.matchAll(/(?<![\w.$'"])(process|Buffer|__dirname)\b(?!['"])/g)) {
        if (which === GRADCHECK_WORKER && m[1] === 'process') continue;
        const lineStart = code.lastIndexOf('\n', m.index) + 1;
        const before = code.slice(lineStart, m.index);
        const inString = (before.match(/(?<!\\)["'`]/g) ?? []).length % 2 === 1 || /\/\/|^\s*\*/.test(before);
        const guarded = new RegExp(`typeof ${m[1]}\\b`).test(
          code.slice(Math.max(0, m.index - 120), m.index + m[0].length + 20),
        );
        if (!inString && !guarded)
          unguarded.push(
            `${before.slice(-60)}⟨${m[1]}⟩${code.slice(m.index + m[0].length, m.index + m[0].length + 30)}`,
          );
      }
      assert.deepEqual(unguarded, [], 'uses of Node globals that no stand-in or typeof check covers');
      if (which !== GRADCHECK_WORKER)
        assert.match(code, /function setImmediate\(/, 'setImmediate is the injected stand-in');
    });
  }

  it('the stand-ins export what the bundles read of them (esbuild warns of a missing export)', async () => {
    const warnings: string[] = [];
    for (const entry of entries) {
      const esbuild = await import('esbuild');
      const result = await esbuild.build({
        ...entry.opts,
        absWorkingDir: ROOT,
        entryPoints: [entry.in],
        outfile: path.join(dir, 'w.js'),
        bundle: true,
        write: false,
        logLevel: 'silent',
      });
      for (const w of result.warnings)
        if (/browser\//.test(w.location?.file ?? '') || /will always be undefined/.test(w.text))
          warnings.push(`${w.location?.file}: ${w.text}`);
    }
    assert.deepEqual(warnings, []);
  });
});
