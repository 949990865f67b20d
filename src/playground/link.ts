/**
 * Links to a view of the playground, for slides and notes:
 *
 *   vscode://loss-playground.loss-playground/open?scene=neuron&w=2&b=2&eta=0.15&etaCe=0.005&epochs=300
 *
 * `scene` is a scene's id or number; `loss` (a catalog id) may pick the scene instead and show that
 * loss (in a scene with a control named `loss`, the surface's, it is that control); every other
 * key is one of the scene's controls (its SceneViews fields; lists comma-separated,
 * booleans true/false or 1/0), any subset. A link is checked like every message, by the scene's own
 * fields (./scenes): an unknown key, a value out of range, a key given twice is a problem, and the
 * playground then opens as it was. "Copy link to this view" writes one with every control. Pure.
 */
import { sceneFromName, type SceneId } from '../protocol';
import { focusOn, sceneAndLoss, type Focused } from './focus';
import { HOST_SCENES } from './scenes';
import { bad, parse, short, type Parsed } from './validate';

/** publisher.name in package.json: the authority VS Code routes a link by. */
export const EXTENSION_ID = 'loss-playground.loss-playground';
export const LINK_PATH = '/open';

/** Far above a link of every control (~300 characters), far below harm. */
const MAX_QUERY = 4000;
const MAX_PAIRS = 64;
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** key=value pairs of a query as VS Code hands it over (percent-decoded); each key at most once is the scene's rule. */
function pairs(query: string): [string, string][] {
  if (query.length > MAX_QUERY) bad(`the link's query is longer than ${MAX_QUERY} characters`);
  if (query === '') return [];
  const parts = query.split('&');
  if (parts.length > MAX_PAIRS) bad(`the link has ${parts.length} parameters, more than ${MAX_PAIRS}`);
  return parts.map((part) => {
    const eq = part.indexOf('=');
    const [key, value] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    if (!KEY.test(key)) bad(`the link has a parameter named ${short(key)}`);
    return [key, value];
  });
}

/** Where a link's query takes the playground, or why it takes it nowhere. Never throws. */
export function focusForLink(path: string, query: string): Focused {
  const r = parse(() => linkFocus(path, query), undefined);
  return r.ok ? r.value : { problem: r.error };
}

function linkFocus(path: string, query: string): Focused {
  if (path !== LINK_PATH) bad(`the link's path is ${short(path)}; only ${LINK_PATH} opens the playground`);
  const all = pairs(query);
  const take = (key: string): string | undefined => {
    const found = all.filter(([k]) => k === key);
    if (found.length > 1) bad(`the link gives ${key} twice`);
    return found[0]?.[1];
  };
  const scene = take('scene');
  // `loss` is a catalog loss, unless the scene has a control of that name (the surface's loss).
  const named = scene !== undefined ? sceneFromName(scene) : undefined;
  const lossIsControl = named !== undefined && 'loss' in HOST_SCENES[named].view.fields;
  const loss = lossIsControl ? undefined : take('loss');
  const {
    scene: id,
    loss: lossId,
    problem,
  } = sceneAndLoss({ ...(scene !== undefined ? { scene } : {}), ...(loss !== undefined ? { loss } : {}) });
  if (problem) return { problem };
  if (!id) return all.length ? { problem: 'the link names no scene (scene=…) or loss (loss=…)' } : {};
  const controls = all.filter(([k]) => k !== 'scene' && (lossIsControl || k !== 'loss'));
  const view = HOST_SCENES[id].view.read(controls, id);
  return { focus: focusOn(id, { ...(lossId ? { loss: lossId } : {}), ...(controls.length ? { view } : {}) }) };
}

/** Commas and the rest of a query's sub-delimiters read better bare, and VS Code decodes either form. */
const encode = (s: string): string => encodeURIComponent(s).replace(/%2C/gi, ',');

function viewText<K extends SceneId>(scene: K, view: unknown): [string, string][] {
  const schema = HOST_SCENES[scene].view;
  return schema.write(schema.check(view, scene, 'view'));
}

/**
 * The link to a scene with these controls (every field of the scene's view), for `scheme`
 * (vscode.env.uriScheme: vscode, vscode-insiders, ...). The view is checked as a link's is.
 */
export function linkFor(scheme: string, scene: SceneId, view: unknown): Parsed<string> {
  return parse(() => {
    const pairs = viewText(scene, view);
    const query = [['scene', scene], ...pairs].map(([k, v]) => `${k}=${encode(v)}`).join('&');
    return `${scheme}://${EXTENSION_ID}${LINK_PATH}?${query}`;
  }, undefined);
}
