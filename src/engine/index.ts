/**
 * The engine's public API (dist/engine.js): pure TypeScript, no vscode, no DOM. The extension host,
 * the CLI and anyone with Node can use it.
 */
export {
  evaluate,
  listLosses,
  lossDefinition,
  type EvaluateRequest,
  type EvaluateResult,
  type LossInfo,
} from './evaluate';
export { CATALOG } from './catalog';
export { localizeTex, texWords, TEX_WORDS } from './texLanguage';
export type { LossDefinition, LossResult, Reduction, Family } from './definition';
export type { Localized, ParamSpec, RawParams } from './params';
export { LossError, toTensor, toNested, type Tensor, type NestedNumberArray } from './tensor';
export { Random, createRandom } from './random';
export {
  ACTIVATIONS,
  applyActivation,
  activationDerivative,
  relu,
  reluDerivative,
  sigmoid,
  sigmoidDerivative,
  softmax,
  softmaxBackward,
  softmaxJacobian,
  tanh,
  tanhDerivative,
  type Activation,
  type ActivationId,
} from './activations';
export { simulateNeuron, MAX_EPOCHS, type NeuronOptions, type NeuronTrace } from './neuron';
export { LINEAR_LOSSES, LOGISTIC_LOSSES, SIGMOID_LOSSES, type LineModelKind, type LineProblemSpec } from './lineModel';
export {
  axisValues,
  coarseStride,
  computeCoarseSurface,
  computeSurface,
  computeSurfaceRows,
  prepareSurface,
  surfaceStats,
  PreparedSurface,
  type CoarseSurface,
  type GridAxis,
  type Surface,
  type SurfaceMethod,
  type SurfaceSpec,
  type SurfaceStats,
} from './surface';
export {
  descentPath,
  fitLine,
  type DescentOptions,
  type DescentPath,
  type DescentStatus,
  type FitOptions,
  type LineFit,
} from './descent';
export {
  addPenalty,
  penaltyProx,
  penaltySlope,
  penaltyValue,
  softThreshold,
  PENALTY_KINDS,
  type Penalty,
  type PenaltyKind,
} from './penalty';
export { objectiveAt, regularisationPath, type PathPoint } from './regularised';
export { gradCheck, type GradCheckEntry, type GradCheckOptions, type GradCheckResult } from './finiteDiff';
export {
  CLASSIFICATION_SETS,
  REGRESSION_SETS,
  makeDataset2d,
  regressionTarget,
  taskOf,
  type Dataset2d,
  type Dataset2dId,
  type Dataset2dOptions,
  type NetworkTask,
} from './datasets2d';
export {
  backward,
  emptyMlp,
  forward,
  initMlp,
  MlpWorkspace,
  predict,
  sgdStep,
  type InitOptions,
  type Mlp,
  type MlpSpec,
} from './mlp';
export {
  NETWORK_LOSS_IDS,
  NETWORK_LOSS_USES,
  NetworkLoss,
  isNetworkLoss,
  networkLossesFor,
  type NetworkFeed,
  type NetworkLossId,
  type NetworkShade,
  type OutputUnit,
} from './networkLoss';
export {
  MAX_TRAINING_EPOCHS,
  NetworkRun,
  NetworkTraining,
  accuracy,
  rSquared,
  type NetworkSnapshot,
  type NetworkSpec,
} from './networkTraining';
