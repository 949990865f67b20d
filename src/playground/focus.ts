/**
 * Where the page goes when the playground is opened on something: by `lossPlayground.open`'s
 * argument or by a link (./link). Each scene's controls are checked by its module (./scenes), with
 * the ranges its requests are checked by. Pure, unit-tested.
 */
import { listLosses, localizeTex, type LossInfo } from '../engine';
import { sceneFromName, type Focus, type FormulaInfo, type Language, type OpenArgs, type SceneId, type SceneViews } from '../protocol';
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
export function sceneAndLoss(args: { scene?: string; loss?: string }): { scene?: SceneId; loss?: string; problem?: string } {
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
export function focusOn<K extends SceneId>(scene: K, extra: { loss?: string; params?: Record<string, number | boolean>; view?: Partial<SceneViews[K]> }): Focus<K> {
  return { scene, ...extra };
}

/**
 * `params` split in two: the loss's own parameters, and the scene's controls (`{ scene: 'surface',
 * params: { view: '3d' } }`). A key the loss has is the loss's, even when the scene has a control
 * of that name (the surface's Huber `delta`); with a loss, any other key that is no control is
 * left to the loss as before (the page shows what it knows of it); without one, it is a problem.
 */
function splitParams(scene: SceneId, loss: string | undefined, params: OpenArgs['params'] = {}): { loss?: Record<string, number | boolean>; view: Record<string, unknown> } {
  const ofLoss = new Set(loss ? (listLosses().find((l) => l.id === loss)?.params.map((p) => p.name) ?? []) : []);
  const controls = HOST_SCENES[scene].view.fields as Record<string, unknown>;
  const out: Record<string, number | boolean> = {};
  const view: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (!ofLoss.has(k) && Object.hasOwn(controls, k)) view[k] = v;
    else if (!loss) bad(`params.${k} is not a control of the ${scene} scene, and no loss is named to give it to`);
    else if (typeof v === 'string') bad(`params.${k} of ${loss} must be a number or true/false, got ${short(v)}`);
    else out[k] = v;
  }
  return { ...(Object.keys(out).length ? { loss: out } : {}), view };
}

/** The scene, loss and controls `lossPlayground.open`'s argument asks for; anything unknown or out of range is a problem. */
export function focusFor(args: OpenArgs): Focused {
  const { scene = args.series ? 'yourLoss' : undefined, loss, problem } = sceneAndLoss(args);
  if (problem) return { problem };
  if (!scene) return args.params ? { problem: 'params were given without a scene or a loss to give them to' } : {};
  const r = parse(() => {
    const split = splitParams(scene, loss, args.params);
    for (const k of Object.keys(split.view)) if (args.view && Object.hasOwn(args.view, k)) bad(`${k} is set both in params and in view`);
    const controls = { ...split.view, ...args.view };
    const extra = { ...(loss ? { loss } : {}), ...(split.loss ? { params: split.loss } : {}) };
    return Object.keys(controls).length || args.view ? focusOn(scene, { ...extra, view: HOST_SCENES[scene].view.checkPartial(controls, scene) }) : focusOn(scene, extra);
  }, undefined);
  return r.ok ? { focus: r.value } : { problem: r.error };
}

/** Every catalog loss's title and TeX, in the display language. */
export function formulas(language: Language): FormulaInfo[] {
  return listLosses().map((l) => ({ id: l.id, title: l.title[language], tex: { loss: localizeTex(l.tex.loss, language), grad: localizeTex(l.tex.grad, language) } }));
}

export function languageOf(vscodeLanguage: string): Language {
  return vscodeLanguage.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}
