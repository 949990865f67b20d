/**
 * True in the builds tests run (`node scripts/build.mjs`), false in the VSIX's (`--production`):
 * esbuild writes the value in (scripts/testHooks.mjs) and drops the code it guards, so nothing of
 * the tests reaches what users install. Only code that esbuild bundles may read it.
 */
declare const LOSS_PLAYGROUND_TEST_HOOKS: boolean;
