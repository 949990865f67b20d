// The playground page's formulas (each catalog loss's title and TeX, for every display language),
// written into the page's bundle at build time as the module `loss-playground:formulas`. The page
// then has them as it starts, as it has its own strings, and mounts its first scene without
// waiting for the host. They come from the engine's catalog (src/engine/lossFormulas.ts), bundled
// and run here in memory: the one source, read once per build.
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the engine's source is read from there, wherever the build runs from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The module's name, as the page imports it (webview/pageFormulas.d.ts declares its type). */
const PAGE_FORMULAS = 'loss-playground:formulas';

/** { en: [...], 'zh-cn': [...] } from the engine's source, and the files it read (for --watch). */
async function formulasByLanguage() {
  const r = await esbuild.build({
    stdin: {
      contents: `import { lossFormulas } from './src/engine/lossFormulas';
import { DISPLAY_LANGUAGES } from './src/displayLanguage';
export default Object.fromEntries(DISPLAY_LANGUAGES.map((l) => [l, lossFormulas(l)]));`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    absWorkingDir: ROOT,
    metafile: true,
    logLevel: 'silent',
  });
  const code = r.outputFiles[0].text;
  const { default: formulas } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return {
    formulas,
    files: Object.keys(r.metafile.inputs)
      .filter((f) => !f.startsWith('<'))
      .map((f) => resolve(ROOT, f)),
  };
}

export const pageFormulas = {
  name: 'page-formulas',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${PAGE_FORMULAS}$`) }, (args) => ({
      path: args.path,
      namespace: 'page-formulas',
    }));
    build.onLoad({ filter: /.*/, namespace: 'page-formulas' }, async () => {
      const { formulas, files } = await formulasByLanguage();
      return { contents: JSON.stringify(formulas), loader: 'json', watchFiles: files };
    });
  },
};
