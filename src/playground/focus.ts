/**
 * Where the page goes when the playground is opened on something: by `lossPlayground.open`'s
 * argument or by a link (./link). Each scene's controls are checked by its module (./scenes), with
 * the ranges its requests are checked by. Pure, unit-tested.
 */
import { listLosses, type LossInfo } from '../engine';
import { sceneFromName, type Focus, type OpenArgs, type SceneId, type SceneViews } from '../protocol';
import { HOST_SCENES } from './scenes';
import { bad, parse, short } from './validate';

/** The scene that draws each catalog family; kl_div has its own. */
const SCENE_OF_FAMILY: Record<LossInfo['family'], SceneId> = {
  regression: 'regression',
  margin: 'margin',
  probability: 'probability',
  multiclass: 'softmax',
  distribution: 'entropy',
};

export type Focused = { focus?: Focus; problem?: string };

/**
 * The scene from `scene` when given, else from the loss's family, and the loss itself. Unknown
 * names give a reason, so the caller can say so instead of opening somewhere surprising.
 */
export function sceneAndLoss(args: { scene?: string; loss?: string }): {
  scene?: SceneId;
  loss?: string;
  problem?: string;
} {
  let scene: SceneId | undefined;
  if (args.scene !== undefined) {
    scene = sceneFromName(args.scene);
    if (!scene) return { problem: `unknown scene '${args.scene}'` };
  }
  if (args.loss === undefined) return scene ? { scene } : {};
  const info = listLosses().find((l) => l.id === args.loss);
  if (!info) return { problem: `unknown loss '${args.loss}'` };
  return { scene: scene ?? SCENE_OF_FAMILY[info.family], loss: info.id };
}

/** A focus on one scene; its type ties the controls to the scene. */
export function focusOn<K extends SceneId>(
  scene: K,
  extra: { loss?: string; params?: Record<string, number | boolean>; view?: Partial<SceneViews[K]> },
): Focus<K> {
  return { scene, ...extra };
}

/**
 * The scene, loss and controls `lossPlayground.open`'s argument asks for; anything unknown or out
 * of range is a problem. With a loss, `params` are its parameters (numbers or booleans); without
 * one they are the scene's controls, as `view` sets them (`{ scene: 'surface', params: { penalty:
 * 'l2', lambda: 0.1 } }`), checked by the same fields.
 */
export function focusFor(args: OpenArgs): Focused {
  const { scene = args.series ? 'yourLoss' : undefined, loss, problem } = sceneAndLoss(args);
  if (problem) return { problem };
  if (!scene) return {};
  const r = parse(() => {
    let lossParams: Record<string, number | boolean> | undefined;
    let controls: Record<string, unknown> | undefined = args.view;
    if (args.params && loss) {
      lossParams = {};
      for (const [k, v] of Object.entries(args.params))
        lossParams[k] =
          typeof v === 'string'
            ? bad(`params.${k} must be a number or true/false (a parameter of ${loss}), got ${short(v)}`)
            : v;
    } else if (args.params) {
      const names = Object.keys(HOST_SCENES[scene].view.fields);
      for (const k of Object.keys(args.params)) {
        if (!names.includes(k))
          bad(
            `params.${k} is not a control of the ${scene} scene (without a loss, params set its controls: ${names.join(', ') || 'it has none'})`,
          );
        if (args.view && k in args.view) bad(`params.${k} and view.${k} both set ${k}; give it once`);
      }
      controls = { ...args.view, ...args.params };
    }
    const extra = { ...(loss ? { loss } : {}), ...(lossParams ? { params: lossParams } : {}) };
    return controls === undefined
      ? focusOn(scene, extra)
      : focusOn(scene, { ...extra, view: HOST_SCENES[scene].view.checkPartial(controls, scene) });
  }, undefined);
  return r.ok ? { focus: r.value } : { problem: r.error };
}
