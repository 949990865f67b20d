/**
 * Each catalog loss's title and TeX in one display language: what the playground page shows
 * beside its charts. The build writes them into the page (scripts/pageFormulas.mjs), so the page
 * has them as it starts, as it has its own strings, instead of waiting for the host to send them.
 */
import { listLosses } from './evaluate';
import type { Localized } from './params';
import { localizeTex } from './texLanguage';

export type LossFormula = { id: string; title: string; tex: { loss: string; grad: string } };

export function lossFormulas(language: keyof Localized): LossFormula[] {
  return listLosses().map((l) => ({
    id: l.id,
    title: l.title[language],
    tex: { loss: localizeTex(l.tex.loss, language), grad: localizeTex(l.tex.grad, language) },
  }));
}
