// The esbuild `define` that keeps the test hooks (src/testHooks.ts, the page's
// window.__lossPlayground; see src/buildFlags.d.ts) in the builds tests run and out of the VSIX's.
// scripts/build.mjs gives it to every bundle; test/unit/webBundles.ts to the ones it builds itself.
export function testHooksDefine(production) {
  return { LOSS_PLAYGROUND_TEST_HOOKS: production ? 'false' : 'true' };
}
