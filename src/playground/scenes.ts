/** One entry point per scene request: the panel calls these, tests call them too. Pure. */
import type { SceneRequest, SceneResult, SurfaceData, SurfaceInput } from '../protocol';
import { entropyScene, margin, multilabel, probability, regression, softmaxScene } from './compute';
import { neuronScene, outliersScene, surfaceStages, type SurfaceCache } from './experiments';

export function computeScene(req: SceneRequest): SceneResult {
  switch (req.scene) {
    case 'regression':
      return { scene: req.scene, data: regression(req.input) };
    case 'margin':
      return { scene: req.scene, data: margin(req.input) };
    case 'probability':
      return { scene: req.scene, data: probability(req.input) };
    case 'neuron':
      return { scene: req.scene, data: neuronScene(req.input) };
    case 'outliers':
      return { scene: req.scene, data: outliersScene(req.input) };
    case 'softmax':
      return { scene: req.scene, data: softmaxScene(req.input) };
    case 'entropy':
      return { scene: req.scene, data: entropyScene(req.input) };
    case 'multilabel':
      return { scene: req.scene, data: multilabel(req.input) };
    case 'surface': {
      let last: SurfaceData | undefined;
      for (const d of surfaceSlices(req.input)) last = d ?? last;
      return { scene: req.scene, data: last! };
    }
  }
}

/** The surface in stages: coarse grid, then fine rows in slices (null: a slice with nothing to send). */
export function surfaceSlices(input: SurfaceInput, cache?: SurfaceCache): Generator<SurfaceData | null> {
  return surfaceStages(input, cache);
}
