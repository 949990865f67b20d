/**
 * Each catalog loss's title and TeX, for every display language: written into the page's bundle
 * by the build (scripts/pageFormulas.mjs), from the engine's catalog. Only code that esbuild
 * bundles may import it.
 */
declare module 'loss-playground:formulas' {
  const formulas: Record<import('../src/displayLanguage').DisplayLanguage, import('../src/protocol').FormulaInfo[]>;
  export default formulas;
}
