/**
 * The engine's public API (dist/engine.js): pure TypeScript, no vscode, no DOM. The extension host,
 * the CLI and anyone with Node can use it.
 */
export { evaluate, listLosses, lossDefinition, type EvaluateRequest, type EvaluateResult, type LossInfo } from './evaluate';
export { CATALOG } from './catalog';
export type { LossDefinition, LossResult, Reduction, Family } from './definition';
export type { Localized, ParamSpec, RawParams } from './params';
export { LossError, toTensor, toNested, type Tensor, type NestedNumberArray } from './tensor';
