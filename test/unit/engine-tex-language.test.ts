/**
 * The words in the catalog's TeX (`\text{otherwise}`) have a Chinese form, so a formula shown in
 * Chinese does not switch language mid-case; TeX without words is left exactly as written.
 */
import { strict as assert } from 'node:assert';
import { listLosses, localizeTex, texWords, TEX_WORDS } from '../../src/engine';

describe('engine: the words in formulas, per display language', () => {
  const texts = listLosses().flatMap((l) => [l.tex.loss, l.tex.grad]);

  it('has a translation for every \\text{} the catalog uses', () => {
    const words = new Set(texts.flatMap(texWords));
    assert.ok(words.size >= 2, 'the catalog uses \\text{} (otherwise, almost everywhere)');
    for (const w of words) assert.ok(TEX_WORDS[w], `no Chinese for \\text{${w}}`);
  });

  it('translates the words and nothing else', () => {
    const smooth = listLosses().find((l) => l.id === 'smooth_l1')!.tex.loss;
    const zh = localizeTex(smooth, 'zh-cn');
    assert.ok(zh.includes('\\text{其他情况}') && !zh.includes('otherwise'), zh);
    assert.equal(zh.replace('\\text{其他情况}', '\\text{otherwise}'), smooth);
    assert.equal(localizeTex(smooth, 'en'), smooth);
    for (const tex of texts.filter((t) => texWords(t).length === 0)) assert.equal(localizeTex(tex, 'zh-cn'), tex);
  });

  it('leaves a word it does not know as written', () => {
    assert.equal(localizeTex('a \\text{if positive} b', 'zh-cn'), 'a \\text{if positive} b');
  });
});
