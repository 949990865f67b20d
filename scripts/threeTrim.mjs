// An esbuild plugin that keeps, of three.js, what the page's 3-D view draws with (the VSIX has a
// 2 MB budget, and three.js's WebGLRenderer brings everything any scene could need).
//
// Shaders. The renderer reaches every material's shaders through one table (ShaderLib, built from
// ShaderChunk), so bundling it bundles all of them: about 170 KB of GLSL for physical, toon,
// shadow and environment-map shading the surface's 3-D view never compiles (it draws
// MeshBasicMaterial and LineBasicMaterial, three.js's `basic` program). The plugin keeps the
// programs named in `programs` (files of three/src/renderers/shaders/ShaderLib/), every chunk
// they include, transitively, and the chunks WebGLProgram.js names itself, with comments and
// indentation stripped. Every other program and chunk becomes `undefined`, so a material that
// needs one fails loudly ("THREE.WebGLProgram: Can not resolve #include <…>").
//
// Parts the view never uses are stand-ins (STAND_INS below): environment maps' prefiltering
// (PMREMGenerator, made only for a material with an environment map), WebXR (the view has no
// headset session) and shadow maps (no light casts one). Each keeps the fields the renderer reads
// and throws, naming itself, if it is ever asked to do its work. (Not the table of physically
// based shading, DFGLUTData: its uniform is in every material's environment-map set, so the
// renderer reads it for the basic material too.)
//
// Only files under three/src/ are touched; the view imports three.js by those paths.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The `#include <name>` lines of some GLSL, as WebGLProgram.js finds them (its includePattern). */
export function includes(glsl) {
  return [...glsl.matchAll(/^[ \t]*#include +<([\w\d./]+)>/gm)].map((m) => m[1]);
}

/**
 * Every chunk reachable from `roots` through `#include`s: `chunkSource(name)` gives a chunk's
 * source text. Throws on a chunk that has none, as WebGLProgram would at run time.
 */
export function includeClosure(roots, chunkSource) {
  const seen = new Set();
  const todo = [...roots];
  while (todo.length) {
    const name = todo.pop();
    if (seen.has(name)) continue;
    const src = chunkSource(name);
    if (src === undefined) throw new Error(`three-trim: no shader chunk '${name}'`);
    seen.add(name);
    todo.push(...includes(src));
  }
  return seen;
}

/**
 * GLSL without comments, indentation or blank lines. Line breaks stay: preprocessor directives
 * (#include, #ifdef, #define) end at the end of their line.
 */
export function minifyGlsl(glsl) {
  return glsl
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** The template literals of a shader module (`export default /* glsl *\/\`…\``), minified; undefined when one interpolates. */
export function minifyModule(source) {
  if (/`[^`]*\$\{/.test(source)) return undefined;
  return source.replace(/`([^`]*)`/g, (_m, glsl) => `\`${minifyGlsl(glsl)}\``);
}

/** Chunks WebGLProgram.js puts into every program by name, outside any #include. */
const NAMED_BY_PROGRAM = /ShaderChunk\[\s*'(\w+)'\s*\]/g;

const leftOut = (what) =>
  `throw new Error('three.js ${what} is left out of the Loss Playground page (scripts/threeTrim.mjs)')`;

/** Stand-ins, by path under three/src/: the module's source (its imports resolve beside the original). */
const STAND_INS = {
  'extras/PMREMGenerator.js': `export class PMREMGenerator { constructor() { ${leftOut('environment-map prefiltering (PMREMGenerator)')}; } }`,
  'renderers/webxr/WebXRManager.js': `import { EventDispatcher } from '../../core/EventDispatcher.js';
export class WebXRManager extends EventDispatcher {
  constructor() { super(); this.enabled = false; this.isPresenting = false; this.cameraAutoUpdate = true; }
  getEnvironmentBlendMode() { return undefined; }
  hasDepthSensing() { return false; }
  setAnimationLoop() {}
  dispose() {}
  getDepthSensingMesh() { return null; }
  setSession() { ${leftOut('WebXR (WebXRManager)')}; }
  getCamera() { ${leftOut('WebXR (WebXRManager)')}; }
  updateCamera() { ${leftOut('WebXR (WebXRManager)')}; }
}`,
  'renderers/webgl/WebGLShadowMap.js': `import { PCFShadowMap } from '../../constants.js';
export function WebGLShadowMap() {
  this.enabled = false; this.autoUpdate = true; this.needsUpdate = false; this.type = PCFShadowMap;
  this.render = function () { if (this.enabled) ${leftOut('shadow mapping (WebGLShadowMap)')}; };
}`,
};

/** @param {{ programs: string[] }} options ShaderLib file names without .glsl.js, e.g. ['meshbasic']. */
export function threeTrim({ programs }) {
  return {
    name: 'three-trim',
    setup(build) {
      const standIn = new RegExp(
        `three[\\\\/]src[\\\\/](${Object.keys(STAND_INS)
          .map((p) => p.replace(/[./]/g, (c) => (c === '/' ? '[\\\\/]' : '\\.')))
          .join('|')})$`,
      );
      build.onLoad({ filter: standIn }, (args) => {
        const path = args.path.replace(/\\/g, '/').replace(/^.*three\/src\//, '');
        return { contents: STAND_INS[path], loader: 'js', resolveDir: dirname(args.path) };
      });
      let keep;
      const shaderFile = /three[\\/]src[\\/]renderers[\\/]shaders[\\/](ShaderChunk|ShaderLib)[\\/]\w+\.glsl\.js$/;
      build.onLoad({ filter: shaderFile }, (args) => {
        const dir = dirname(args.path);
        const shaders = dirname(dir);
        const name = basename(args.path, '.glsl.js');
        const source = readFileSync(args.path, 'utf8');
        if (!keep) {
          const chunk = (n) => {
            try {
              return readFileSync(join(shaders, 'ShaderChunk', `${n}.glsl.js`), 'utf8');
            } catch {
              return undefined;
            }
          };
          const program = readFileSync(join(shaders, '..', 'webgl', 'WebGLProgram.js'), 'utf8');
          const roots = [...program.matchAll(NAMED_BY_PROGRAM)].map((m) => m[1]);
          for (const p of programs)
            roots.push(...includes(readFileSync(join(shaders, 'ShaderLib', `${p}.glsl.js`), 'utf8')));
          keep = includeClosure(roots, chunk);
        }
        const kept = basename(dir) === 'ShaderLib' ? programs.includes(name) : keep.has(name);
        if (!kept) {
          const names = [...source.matchAll(/export\s+(?:const\s+(\w+)|default)/g)].map((m) => m[1] ?? 'default');
          const contents = names
            .map((n) => (n === 'default' ? 'export default undefined;' : `export const ${n} = undefined;`))
            .join('\n');
          return { contents, loader: 'js' };
        }
        return { contents: minifyModule(source) ?? source, loader: 'js' };
      });
    },
  };
}
