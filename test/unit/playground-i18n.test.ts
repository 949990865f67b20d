/**
 * The page's strings (webview/i18n.ts): Simplified Chinese has every English entry (the type
 * checks the keys; this checks the values), none empty, every template filled.
 */
import { strict as assert } from 'node:assert';
import { SCENES } from '../../src/protocol';
import { strings } from '../../webview/i18n';
import { displayLanguageOf, htmlLang } from '../../src/displayLanguage';

type Table = Record<string, unknown>;

function walk(en: unknown, zh: unknown, path: string, visit: (path: string, en: string, zh: string) => void): void {
  if (typeof en === 'string') return visit(path, en, zh as string);
  if (typeof en === 'function') {
    const args = ['3', '4', '5', '6'];
    return visit(`${path}()`, (en as (...a: string[]) => string)(...args), (zh as (...a: string[]) => string)(...args));
  }
  if (Array.isArray(en)) return en.forEach((v, i) => walk(v, (zh as unknown[])[i], `${path}[${i}]`, visit));
  for (const [k, v] of Object.entries(en as Table)) walk(v, (zh as Table)[k], path ? `${path}.${k}` : k, visit);
}

describe('playground strings', () => {
  it('has a non-empty Simplified Chinese string for every English one, with the same placeholders filled', () => {
    let count = 0;
    walk(strings('en'), strings('zh-cn'), '', (path, en, zh) => {
      count++;
      assert.equal(typeof zh, 'string', `${path}: no Chinese string`);
      assert.ok(zh.trim().length > 0, `${path}: empty`);
      assert.ok(!/undefined|\$\{/.test(zh), `${path}: ${zh}`);
      for (const n of ['3', '4', '5', '6'])
        if (en.includes(n) && path.endsWith('()'))
          assert.ok(zh.includes(n), `${path}: Chinese drops argument ${n}: ${zh}`);
    });
    assert.ok(count > 150, `only ${count} strings`);
  });

  it('names every scene’s tab in both languages, by its id', () => {
    for (const language of ['en', 'zh-cn'] as const) {
      const tabs = strings(language).tabs;
      assert.deepEqual(Object.keys(tabs).sort(), [...SCENES].sort(), language);
      for (const id of SCENES) assert.ok(tabs[id].trim(), `${language}: ${id}`);
    }
  });
});

describe('display language: one rule for host and page (src/displayLanguage.ts)', () => {
  it('shows any Chinese in Simplified Chinese and everything else in English', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh-tw', 'ZH-HK', 'zh']) assert.equal(displayLanguageOf(tag), 'zh-cn', tag);
    for (const tag of ['en', 'en-us', 'de', 'ja', 'pt-br', '']) assert.equal(displayLanguageOf(tag), 'en', tag);
  });

  it('round-trips through the page’s <html lang>, which is how the page reads it before the host’s init', () => {
    for (const language of ['en', 'zh-cn'] as const) assert.equal(displayLanguageOf(htmlLang(language)), language);
    assert.deepEqual([htmlLang('en'), htmlLang('zh-cn')], ['en', 'zh-CN']);
  });
});
