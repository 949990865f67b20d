/**
 * What the extension host's own bundles (dist/extension.js, dist/web/extension.js) get in place of
 * ./index: the build (scripts/build.mjs, `formulaOnWorker`) swaps it in, so mathjs (~140 KB
 * minified) ships only in the compute worker's bundles, which parse every formula. The host still
 * checks a formula's text (./scan, no mathjs), and only its fallback compute, for a machine where
 * no worker thread starts, cannot draw a formula: it says so.
 */
import type * as Formula from './index';

export { FormulaError, MAX_FORMULA_LENGTH, problemMessage, scanFormula } from './scan';

const onWorker = (): never => {
  throw new Error('a formula is parsed on the compute worker thread, and this extension host has none running');
};

export const parseFormula: typeof Formula.parseFormula = onWorker;
export const formulaCode: typeof Formula.formulaCode = onWorker;
export const formulaDefinition: typeof Formula.formulaDefinition = onWorker;
export const findKinks: typeof Formula.findKinks = onWorker;
