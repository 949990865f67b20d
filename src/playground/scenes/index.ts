/**
 * The scenes' host modules, one per scene id: what the panel, the compute worker, links and tests
 * look up. Adding a scene: its entries in the protocol's maps (src/protocol.ts), its module here
 * and in webview/scenes/, its strings, its test (README, "Adding a scene").
 */
import type { ComputedSceneId, SceneData, SceneId, SceneRequest, SceneResult } from '../../protocol';
import { isRest, type ComputedScene, type HostScene, type PageOnlyScene } from './define';
import { scene as entropy } from './entropy';
import { scene as formula } from './formula';
import { scene as margin } from './margin';
import { scene as multilabel } from './multilabel';
import { scene as network } from './network';
import { scene as neuron } from './neuron';
import { scene as outliers } from './outliers';
import { scene as probability } from './probability';
import { scene as regression } from './regression';
import { scene as softmax } from './softmax';
import { scene as surface } from './surface';
import { scene as yourLoss } from './yourLoss';

export { isRest, type Compute, type ComputedScene, type HostScene, type PageOnlyScene, type Rest } from './define';

/** The scenes the host computes for. */
export const COMPUTED: { readonly [K in ComputedSceneId]: ComputedScene<K> } = {
  regression,
  margin,
  probability,
  neuron,
  surface,
  outliers,
  softmax,
  entropy,
  multilabel,
  network,
  formula,
};

/** The scenes the page draws from what it has. */
export const PAGE_ONLY: { readonly [K in Exclude<SceneId, ComputedSceneId>]: PageOnlyScene<K> } = { yourLoss };

/** Every scene. */
export const HOST_SCENES: { readonly [K in SceneId]: HostScene<K> } = { ...COMPUTED, ...PAGE_ONLY };

export function isComputed(id: SceneId): id is ComputedSceneId {
  return Object.hasOwn(COMPUTED, id);
}

/** A request computed to its last stage, here and now (prefetches, tests, the bench). */
export function computeScene<K extends ComputedSceneId>(request: SceneRequest<K>): SceneResult<K> {
  let last: SceneData[K] | undefined;
  for (const stage of COMPUTED[request.scene].compute(request.input)) if (stage && !isRest(stage)) last = stage.data;
  if (last === undefined) throw new Error(`${request.scene}: the compute gave no answer`);
  return { scene: request.scene, data: last };
}
