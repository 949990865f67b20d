/**
 * Every scene's page module, by scene id, loaded when its tab first opens (each is a chunk of its
 * own: scripts/build.mjs splits the page's code). The type ties each module's class to the
 * protocol's maps: its id, its controls (SceneViews) and what it draws (the host's SceneData, or
 * for scene 10 the grad-check's series), so a scene missing here, or drifting from its host
 * module's types, does not compile.
 */
import type { SceneData, SceneId, SceneViews, UserLossSeries } from '../../src/protocol';
import type { Scene, SceneHost } from '../scene';

/** What each scene draws. */
type PageData = SceneData & { yourLoss: UserLossSeries };
type PageScene<K extends SceneId> = Scene<SceneViews[K], PageData[K]> & { readonly id: K };
export type SceneClass<K extends SceneId> = new (host: SceneHost, saved: unknown) => PageScene<K>;

export const SCENE_CLASSES: { readonly [K in SceneId]: () => Promise<SceneClass<K>> } = {
  regression: () => import('./regression').then((m) => m.RegressionScene),
  margin: () => import('./margin').then((m) => m.MarginScene),
  probability: () => import('./probability').then((m) => m.ProbabilityScene),
  neuron: () => import('./neuron').then((m) => m.NeuronScene),
  surface: () => import('./surface').then((m) => m.SurfaceScene),
  outliers: () => import('./outliers').then((m) => m.OutliersScene),
  softmax: () => import('./softmax').then((m) => m.SoftmaxScene),
  entropy: () => import('./entropy').then((m) => m.EntropyScene),
  multilabel: () => import('./multilabel').then((m) => m.MultilabelScene),
  yourLoss: () => import('./yourLoss').then((m) => m.YourLossScene),
  network: () => import('./network').then((m) => m.NetworkScene),
  formula: () => import('./formula').then((m) => m.FormulaScene),
};
