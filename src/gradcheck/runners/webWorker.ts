/**
 * The JS/TS runner in a browser (dist/web/gradcheck-worker.js, run by ./workerHost.ts in a Web
 * Worker): ./jsChild.ts itself, so a check loads, calls and differentiates exactly as on the
 * desktop. Its Node modules have browser stand-ins in ./browser/ (scripts/build.mjs aliases
 * node:module, node:path and node:fs there and injects ./browser/process.ts as its `process`);
 * jsChild then announces itself ready and serves requests as a forked child does.
 */
import './browser/process';
import './jsChild';
