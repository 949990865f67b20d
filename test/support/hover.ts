/**
 * What the hover tests and the hover benchmark share: the English labels the provider would pass,
 * the catalog by id, and the hover at a place in a text (the provider's steps without VS Code:
 * the file's import bindings, then the name under the cursor, then the markdown).
 */
import type { DisplayLanguage } from '../../src/displayLanguage';
import { listLosses, type LossInfo } from '../../src/engine';
import { hoverMarkdown, type HoverLabels } from '../../src/hover/format';
import { scanBindings, type HoverLanguage } from '../../src/hover/imports';
import { scanInstances } from '../../src/hover/instances';
import { frameworkLossAt, type FoundLoss } from '../../src/hover/resolveSymbol';

export const LABELS: HoverLabels = {
  parameters: 'Parameter',
  defaultColumn: 'Default',
  reduction: 'Default reduction',
  arguments: 'Arguments',
  differs: 'Where it differs elsewhere',
  open: 'Open in Loss Playground',
  formulaAlt: 'loss formula',
  gradientAlt: 'gradient formula',
  thisCall: 'this call',
  playgroundShows: (t) => `computes ${t}`,
  reductionThisCall: 'Reduction in this call',
  holds: (n, c, l) => `${n} holds ${c} (line ${l})`,
};

export const CATALOG: ReadonlyMap<string, LossInfo> = new Map(listLosses().map((l) => [l.id, l]));

export type HoverAt = {
  language?: HoverLanguage;
  /** Which occurrence of the needle, counting only lines that are not imports (default the first). */
  nth?: number;
  /** Which character of the needle the cursor is on (default its last). */
  at?: number;
  /** Look up loss objects called later (`criterion(...)`), as the provider does for a name that is no framework loss. */
  instances?: boolean;
};

/** The loss found hovering `needle` in `text`; undefined when the hover would show none, or the needle is not there. */
export function hoverAt(text: string, needle: string, o: HoverAt = {}): FoundLoss | undefined {
  const { language = 'python', nth = 0, at = needle.length - 1 } = o;
  const lines = text.split('\n');
  const rows = lines
    .map((l, i) => (l.includes(needle) && !/^\s*(import|from)\b/.test(l) ? i : -1))
    .filter((i) => i >= 0);
  const row = rows[nth];
  if (row === undefined) throw new Error(`no line with ${needle}`);
  const bindings = scanBindings(text, language);
  const ch = lines[row].indexOf(needle) + at;
  const after = lines.slice(row + 1).join('\n');
  return o.instances
    ? frameworkLossAt(lines[row], ch, bindings, after, () => [() => scanInstances(text, bindings)], row)
    : frameworkLossAt(lines[row], ch, bindings, after);
}

/** The hover's markdown for what was found (with the formula images given, none by default). */
export function markdownOf(
  found: FoundLoss,
  language: DisplayLanguage = 'en',
  images: { loss?: string; grad?: string } = {},
): string {
  const info = CATALOG.get(found.catalogId);
  if (!info) throw new Error(`no catalog loss ${found.catalogId}`);
  return hoverMarkdown(found, info, language, LABELS, images);
}
