/**
 * How the page starts without waiting for the host: its start (PageStart) written into its HTML
 * as an attribute (src/playground/pageStart.ts) and read back, and the catalog's formulas built
 * into the page (scripts/pageFormulas.mjs) from the engine (src/engine/lossFormulas.ts).
 *
 * The attribute is read back as HTML does it: a double-quoted attribute value ends at the first
 * `"`, and a numeric character reference `&#NN;` stands for that character (the HTML standard,
 * "Attribute value (double-quoted) state" and "Numeric character reference state").
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { DISPLAY_LANGUAGES } from '../../src/displayLanguage';
import { CATALOG } from '../../src/engine';
import { lossFormulas } from '../../src/engine/lossFormulas';
import { readStart, startAttribute } from '../../src/playground/pageStart';
import type { PageStart } from '../../src/protocol';

/** What a browser gives the page as the attribute's value, from the HTML `data-start="…"`. */
function parsedAttribute(html: string): string {
  const m = /data-start="([^"]*)"/.exec(html);
  assert.ok(m, `no double-quoted data-start in ${html}`);
  return m[1].replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

describe('the page’s start, in its HTML (src/playground/pageStart.ts)', () => {
  it('writes a start the page reads back exactly, its JSON unable to end the attribute or open a tag', () => {
    const hostile = `</main><script>alert("x")</script>' onload='x' &amp; "`;
    const starts: PageStart[] = [
      { openedAt: 1795937885367 },
      { openedAt: 1, focus: { scene: 'surface', view: { penalty: 'l2', lambda: 0.1, view: '3d' } } },
      { openedAt: 2, focus: { scene: 'formula', view: { f: hostile } } },
      { openedAt: 3, focus: { scene: 'regression', loss: 'huber', params: { delta: 2 } } },
    ];
    for (const start of starts) {
      const value = startAttribute(start);
      assert.doesNotMatch(value, /[<>"']/, value);
      assert.doesNotMatch(value, /&(?!#\d+;)/, `a bare & in ${value}`);
      const html = `<main id="app" data-start="${value}"></main>`;
      assert.deepEqual(readStart(parsedAttribute(html)), start);
    }
  });

  it('reads a start it cannot use as a new page’s: no focus, no first-chart time', () => {
    const none = { openedAt: 0 };
    for (const text of [undefined, '', '{', 'null', '42', '"x"', '[]', '{"openedAt":"soon"}', '{"openedAt":1e999}'])
      assert.deepEqual(readStart(text), none, String(text));
    // A focus on no scene of ours is dropped; the time stays.
    assert.deepEqual(readStart('{"openedAt":5,"focus":{"scene":"nope"}}'), { openedAt: 5 });
    assert.deepEqual(readStart('{"openedAt":5,"focus":"regression"}'), { openedAt: 5 });
  });
});

describe('the catalog’s formulas, built into the page (scripts/pageFormulas.mjs)', function () {
  this.timeout(60_000);

  it('gives the page every catalog loss’s title and TeX in each display language, as the engine has them', async () => {
    const { pageFormulas } = (await import(
      pathToFileURL(path.join(__dirname, '..', '..', 'scripts', 'pageFormulas.mjs')).href
    )) as { pageFormulas: import('esbuild').Plugin };
    const r = await build({
      stdin: { contents: "import f from 'loss-playground:formulas'; export default f;", resolveDir: __dirname },
      bundle: true,
      write: false,
      format: 'esm',
      plugins: [pageFormulas],
      logLevel: 'silent',
    });
    // The module the page would import, run as it is.
    const url = `data:text/javascript;base64,${Buffer.from(r.outputFiles[0].text).toString('base64')}`;
    const built = ((await import(url)) as { default: Record<string, { id: string; title: string; tex: object }[]> })
      .default;
    assert.deepEqual(Object.keys(built).sort(), [...DISPLAY_LANGUAGES].sort());
    for (const language of DISPLAY_LANGUAGES) {
      assert.deepEqual(built[language], lossFormulas(language), language);
      assert.deepEqual(
        built[language].map((f) => f.id),
        CATALOG.map((d) => d.id),
      );
      for (const [k, d] of CATALOG.entries()) assert.equal(built[language][k].title, d.title[language]);
    }
    // The TeX's words are the reader's: Chinese gets 其他情况 where English has "otherwise".
    const huberZh = built['zh-cn'].find((f) => f.id === 'huber')!;
    assert.match(JSON.stringify(huberZh.tex), /其他情况/);
  });
});
