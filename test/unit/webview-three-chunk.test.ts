/**
 * three.js in the playground page: only in the surface's 3-D view's chunk, reached only by its
 * dynamic import (so a page that never opens the view never loads it), and with only the shaders
 * that view draws with (scripts/threeTrim.mjs), every #include of those resolving.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');
type Shaders = typeof import('../../scripts/threeTrim.mjs');
const load = (): Promise<Shaders> =>
  import(pathToFileURL(path.join(ROOT, 'scripts', 'threeTrim.mjs')).href) as Promise<Shaders>;
const loadPage = (): Promise<typeof import('../../scripts/pageBundle.mjs')> =>
  import(pathToFileURL(path.join(ROOT, 'scripts', 'pageBundle.mjs')).href) as Promise<
    typeof import('../../scripts/pageBundle.mjs')
  >;

describe('three.js shaders kept to the 3-D view’s (scripts/threeTrim.mjs)', function () {
  this.timeout(60_000);
  let s: Shaders;
  before(async () => {
    s = await load();
  });

  it('finds #include lines as three.js does, and follows them to every chunk they need', () => {
    assert.deepEqual(
      s.includes(
        '#include <common>\n  #include <fog_vertex>\nvoid main() {} // #include <not_this>\n#include<nor_this>',
      ),
      ['common', 'fog_vertex'],
    );
    const chunks: Record<string, string> = {
      a: '#include <b>\n#include <c>',
      b: '#include <c>',
      c: 'float c;',
      d: '#include <a>',
    };
    assert.deepEqual([...s.includeClosure(['a'], (n) => chunks[n])].sort(), ['a', 'b', 'c']);
    const cyclic: Record<string, string> = { x: '#include <y>', y: '#include <x>' };
    assert.deepEqual([...s.includeClosure(['x'], (n) => cyclic[n])].sort(), ['x', 'y'], 'a cycle ends');
    assert.throws(() => s.includeClosure(['a', 'e'], (n) => chunks[n]), /no shader chunk 'e'/);
  });

  it('strips comments, indentation and blank lines, and keeps each directive on its line', () => {
    const glsl =
      '\n\t#ifdef USE_FOG // fog\n\t\tvarying float vFogDepth;\n\n\t#endif\n/* a\n block */\tvoid main() {\n\t\tgl_Position = vec4( 0.0 ); // here\n\t}\n';
    assert.equal(
      s.minifyGlsl(glsl),
      '#ifdef USE_FOG\nvarying float vFogDepth;\n#endif\nvoid main() {\ngl_Position = vec4( 0.0 );\n}',
    );
    assert.equal(
      s.minifyModule('export default /* glsl */`\n\t#include <a>\n`;'),
      'export default /* glsl */`#include <a>`;',
    );
    assert.equal(s.minifyModule('export default `${x}`;'), undefined, 'an interpolating literal is left alone');
  });

  it('keeps the basic program and all it includes, and leaves every other program out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loss-playground-shaders-'));
    try {
      const entry = path.join(dir, 'entry.js');
      writeFileSync(
        entry,
        "export { ShaderLib } from 'three/src/renderers/shaders/ShaderLib.js';\nexport { ShaderChunk } from 'three/src/renderers/shaders/ShaderChunk.js';\n",
      );
      const out = path.join(dir, 'out.mjs');
      await esbuild.build({
        entryPoints: [entry],
        outfile: out,
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        nodePaths: [path.join(ROOT, 'node_modules')],
        logLevel: 'silent',
        plugins: [s.threeTrim({ programs: ['meshbasic'] })],
      });
      const { ShaderLib, ShaderChunk } = (await import(pathToFileURL(out).href)) as {
        ShaderLib: Record<string, { vertexShader?: string; fragmentShader?: string }>;
        ShaderChunk: Record<string, string | undefined>;
      };
      // As WebGLProgram's resolveIncludes does it: recursively, and a missing chunk is an error.
      const resolve = (glsl: string): string =>
        glsl.replace(/^[ \t]*#include +<([\w\d./]+)>/gm, (_m, name: string) => {
          const chunk = ShaderChunk[name];
          assert.equal(typeof chunk, 'string', `#include <${name}> has no chunk`);
          return resolve(chunk!);
        });
      const basic = ShaderLib.basic;
      for (const glsl of [basic.vertexShader, basic.fragmentShader]) {
        assert.equal(typeof glsl, 'string');
        assert.match(resolve(glsl!), /void main\(\)/);
      }
      // The chunks WebGLProgram puts into every program by name.
      for (const name of ['colorspace_pars_fragment', 'tonemapping_pars_fragment'])
        assert.equal(typeof ShaderChunk[name], 'string', name);
      for (const other of ['phong', 'standard', 'physical', 'toon', 'depth', 'shadow', 'cube'])
        assert.equal(ShaderLib[other]?.vertexShader, undefined, other);
      assert.equal(ShaderChunk.lights_physical_pars_fragment, undefined);
      assert.doesNotMatch(basic.fragmentShader!, /\/\/|\n\s/, 'minified: no comment, no indentation');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('three.js parts left out of the page (scripts/threeTrim.mjs stand-ins)', function () {
  this.timeout(60_000);

  it('stand in for environment maps, WebXR and shadow maps with every member the renderer reads, and say so if asked to work', async () => {
    const s = await load();
    const dir = mkdtempSync(path.join(tmpdir(), 'loss-playground-stand-ins-'));
    try {
      const entry = path.join(dir, 'entry.js');
      writeFileSync(
        entry,
        [
          "export { PMREMGenerator } from 'three/src/extras/PMREMGenerator.js';",
          "export { WebXRManager } from 'three/src/renderers/webxr/WebXRManager.js';",
          "export { WebGLShadowMap } from 'three/src/renderers/webgl/WebGLShadowMap.js';",
        ].join('\n'),
      );
      const out = path.join(dir, 'out.mjs');
      await esbuild.build({
        entryPoints: [entry],
        outfile: out,
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        nodePaths: [path.join(ROOT, 'node_modules')],
        logLevel: 'silent',
        plugins: [s.threeTrim({ programs: ['meshbasic'] })],
      });
      type Any = Record<string, unknown> & { render(): void };
      const m = (await import(pathToFileURL(out).href)) as {
        PMREMGenerator: new () => unknown;
        WebXRManager: new () => Any;
        WebGLShadowMap: new () => Any;
      };
      assert.throws(
        () => new m.PMREMGenerator(),
        /three.js environment-map prefiltering \(PMREMGenerator\) is left out of the Loss Playground page/,
      );
      // What three.js's own code reads of them (WebGLRenderer.js, WebGLBackground.js, WebGLPrograms.js), so an upgrade that reads more shows here.
      const three = (f: string): string =>
        readFileSync(path.join(ROOT, 'node_modules', 'three', 'src', 'renderers', f), 'utf8');
      const members = (text: string, object: RegExp): string[] => [
        ...new Set([...text.matchAll(new RegExp(`${object.source}\\.(\\w+)`, 'g'))].map((x) => x[1])),
      ];
      const xr = new m.WebXRManager();
      const xrRead = members(three('WebGLRenderer.js') + three('webgl/WebGLBackground.js'), /\bxr/);
      assert.ok(xrRead.length >= 8, xrRead.join(', '));
      for (const k of xrRead) assert.ok(k in xr, `the WebXR stand-in has no ${k}`);
      assert.deepEqual(
        [
          xr.enabled,
          xr.isPresenting,
          (xr.hasDepthSensing as () => boolean)(),
          (xr.getEnvironmentBlendMode as () => unknown)(),
        ],
        [false, false, false, undefined],
      );
      assert.throws(() => (xr.getCamera as () => void)(), /WebXR \(WebXRManager\) is left out/);
      const shadows = new m.WebGLShadowMap();
      const shadowRead = members(three('WebGLRenderer.js') + three('webgl/WebGLPrograms.js'), /\bshadowMap/);
      for (const k of shadowRead) assert.ok(k in shadows, `the shadow-map stand-in has no ${k}`);
      assert.equal(shadows.enabled, false);
      shadows.render();
      shadows.enabled = true;
      assert.throws(() => shadows.render(), /shadow mapping \(WebGLShadowMap\) is left out/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('three.js loads only with the 3-D view (the page’s chunks)', function () {
  this.timeout(120_000);

  it('is in the view’s chunk alone, which the surface scene reaches only by a dynamic import', async () => {
    // The page's build as scripts/build.mjs makes it (scripts/pageBundle.mjs).
    const { pageOptions } = await loadPage();
    const r = await esbuild.build({
      ...pageOptions,
      absWorkingDir: ROOT,
      entryPoints: ['webview/main.ts'],
      outdir: 'dist/webview',
      write: false,
      bundle: true,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = r.metafile.outputs;
    const hasThree = (out: string): boolean =>
      Object.keys(outputs[out].inputs).some((i) => i.includes('node_modules/three/'));
    const withThree = Object.keys(outputs).filter((o) => o.endsWith('.js') && hasThree(o));
    const view = Object.keys(outputs).find((o) => outputs[o].entryPoint === 'webview/surface3d.ts');
    assert.ok(view, 'the 3-D view is a chunk of its own');
    assert.deepEqual(withThree, [view], 'three.js is in the view’s chunk and nowhere else');
    const statics = (out: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(out)) return seen;
      seen.add(out);
      for (const i of outputs[out].imports) if (i.kind === 'import-statement') statics(i.path, seen);
      return seen;
    };
    const surface = Object.keys(outputs).find((o) => outputs[o].entryPoint === 'webview/scenes/surface.ts')!;
    const main = Object.keys(outputs).find((o) => outputs[o].entryPoint === 'webview/main.ts')!;
    for (const from of [main, surface]) assert.ok(!statics(from).has(view), `${from} loads the view without asking`);
    assert.deepEqual(
      outputs[surface].imports.filter((i) => i.path === view).map((i) => i.kind),
      ['dynamic-import'],
    );
    // The view takes the page's helpers from the scene: it imports no chunk of the page's.
    assert.deepEqual(
      outputs[view].imports.filter((i) => !i.external),
      [],
    );
  });
});
