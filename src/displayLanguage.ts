/**
 * The language our own strings are shown in, from VS Code's display language: the one place that
 * rule is written, read by the host (hovers, lint, the playground's panel) and the page alike.
 * Pure: no `vscode`, no DOM.
 */

/** The languages our strings come in. */
export const DISPLAY_LANGUAGES = ['en', 'zh-cn'] as const;
export type DisplayLanguage = (typeof DISPLAY_LANGUAGES)[number];

/**
 * VS Code's display language (`vscode.env.language`: 'en', 'zh-cn', 'zh-tw', 'de', ...) or a
 * page's `<html lang>`, as one of ours: any Chinese is shown in Simplified Chinese, anything else
 * in English.
 */
export function displayLanguageOf(tag: string): DisplayLanguage {
  return tag.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

/** The language as an HTML `lang` attribute (BCP 47). */
export function htmlLang(language: DisplayLanguage): string {
  return language === 'zh-cn' ? 'zh-CN' : 'en';
}
