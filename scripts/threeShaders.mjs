// An esbuild plugin that keeps, of three.js's GLSL, only what the page's 3-D view compiles.
//
// three.js's WebGLRenderer reaches every material's shaders through one table (ShaderLib, built
// from ShaderChunk), so bundling the renderer bundles all of them: about 170 KB of GLSL for
// physical, toon, shadow and environment-map shading that the surface's 3-D view never draws
// (it draws MeshBasicMaterial and LineBasicMaterial, three.js's `basic` shader). The plugin keeps
// the shader programs named in `programs` (files of three/src/renderers/shaders/ShaderLib/), every
// chunk they include, transitively, and the chunks WebGLProgram.js names itself; it strips the
// kept GLSL's comments and indentation. Every other program and chunk becomes `undefined`, so a
// material that needs one fails loudly ("THREE.WebGLProgram: Can not resolve #include <…>"), not
// silently with a wrong picture. Only files under three/src/renderers/shaders/ are touched.
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
    if (src === undefined) throw new Error(`three-shaders: no shader chunk '${name}'`);
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

/** @param {{ programs: string[] }} options ShaderLib file names without .glsl.js, e.g. ['meshbasic']. */
export function threeShaders({ programs }) {
  return {
    name: 'three-shaders',
    setup(build) {
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
          for (const p of programs) roots.push(...includes(readFileSync(join(shaders, 'ShaderLib', `${p}.glsl.js`), 'utf8')));
          keep = includeClosure(roots, chunk);
        }
        const kept = basename(dir) === 'ShaderLib' ? programs.includes(name) : keep.has(name);
        if (!kept) {
          const names = [...source.matchAll(/export\s+(?:const\s+(\w+)|default)/g)].map((m) => m[1] ?? 'default');
          const contents = names.map((n) => (n === 'default' ? 'export default undefined;' : `export const ${n} = undefined;`)).join('\n');
          return { contents, loader: 'js' };
        }
        return { contents: minifyModule(source) ?? source, loader: 'js' };
      });
    },
  };
}
