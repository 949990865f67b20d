/** Where `lossPlayground.open`'s argument takes the page. Pure, unit-tested. */
import { listLosses, localizeTex, type LossInfo } from '../engine';
import { sceneFromName, type Focus, type Language, type OpenArgs, type SceneId, type FormulaInfo } from '../protocol';

/** The scene that draws each catalog family; kl_div has its own. */
const SCENE_OF_FAMILY: Record<LossInfo['family'], SceneId> = {
  regression: 'regression',
  margin: 'margin',
  probability: 'probability',
  multiclass: 'softmax',
  distribution: 'entropy',
};

/**
 * Scene from `scene` when given, else from the loss's family. Unknown names give undefined and
 * a reason, so the caller can say so instead of opening somewhere surprising.
 */
export function focusFor(args: OpenArgs): { focus?: Focus; problem?: string } {
  let scene: SceneId | undefined;
  if (args.scene !== undefined) {
    scene = sceneFromName(args.scene);
    if (!scene) return { problem: `unknown scene '${args.scene}'` };
  }
  if (args.loss !== undefined) {
    const info = listLosses().find((l) => l.id === args.loss);
    if (!info) return { problem: `unknown loss '${args.loss}'` };
    scene ??= SCENE_OF_FAMILY[info.family];
    return { focus: { scene, loss: info.id, ...(args.params ? { params: args.params } : {}) } };
  }
  if (args.series) scene ??= 'yourLoss';
  return scene ? { focus: { scene } } : {};
}

/** Every catalog loss's title and TeX, in the display language. */
export function formulas(language: Language): FormulaInfo[] {
  return listLosses().map((l) => ({ id: l.id, title: l.title[language], tex: { loss: localizeTex(l.tex.loss, language), grad: localizeTex(l.tex.grad, language) } }));
}

export function languageOf(vscodeLanguage: string): Language {
  return vscodeLanguage.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}
