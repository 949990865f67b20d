/**
 * The words inside the catalog's TeX (`\text{otherwise}`), in the reader's language. The TeX is
 * written once, in English; a formula shown in Chinese should not switch language mid-case.
 */
import type { Localized } from './params';

/** Every `\text{...}` the catalog uses, by its English text. A new one without a row is a test failure. */
export const TEX_WORDS: Record<string, Localized> = {
  otherwise: { en: 'otherwise', 'zh-cn': '其他情况' },
  ' (almost everywhere)': { en: ' (almost everywhere)', 'zh-cn': '（几乎处处）' },
};

/** The `\text{...}` contents of a TeX string. */
export function texWords(tex: string): string[] {
  return [...tex.matchAll(/\\text\{([^{}]*)\}/g)].map((m) => m[1]);
}

/** The TeX with its words in `language`; words without a translation stay as written. */
export function localizeTex(tex: string, language: keyof Localized): string {
  if (language === 'en') return tex;
  return tex.replace(/\\text\{([^{}]*)\}/g, (whole, word: string) =>
    TEX_WORDS[word] ? `\\text{${TEX_WORDS[word][language]}}` : whole,
  );
}
