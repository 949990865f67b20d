// Typesets every formula the hovers show (the catalog's TeX, from dist/engine.js) into SVG with
// MathJax, at build time, into dist/formulas.json: the extension needs no MathJax at run time.
// The SVG keeps `currentColor`; the hover swaps in the theme's ink. Sizes are converted from ex
// to px, since an <img> has no font to measure ex against.
// Usage: node scripts/formulas.mjs   (scripts/build.mjs runs it after bundling the engine)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const OUT = 'dist/formulas.json';
/** Pixels per ex: MathJax's ex is ~0.43em; at the hover's 13–14 px this reads a little larger than the text. */
const PX_PER_EX = 8;

/** Formulas beyond the catalog's that a hover shows. */
const EXTRA_TEX = [];

export function formulaTexts() {
  const { listLosses, localizeTex } = require('../dist/engine.js');
  const texts = new Set(EXTRA_TEX);
  // Each in every display language: the words in \text{} are translated (src/engine/texLanguage.ts).
  for (const l of listLosses()) {
    for (const language of ['en', 'zh-cn']) {
      texts.add(localizeTex(l.tex.loss, language));
      texts.add(localizeTex(l.tex.grad, language));
    }
  }
  return [...texts];
}

function exToPx(svg) {
  return svg
    .replace(/ (width|height)="(-?[\d.]+)ex"/g, (_, attr, v) => ` ${attr}="${(Number(v) * PX_PER_EX).toFixed(1)}px"`)
    .replace(/ style="vertical-align: ?-?[\d.]+ex;?"/, '');
}

export function typeset(texts) {
  const { mathjax } = require('mathjax-full/js/mathjax.js');
  const { TeX } = require('mathjax-full/js/input/tex.js');
  const { SVG } = require('mathjax-full/js/output/svg.js');
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js');
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js');
  const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js');
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const doc = mathjax.document('', {
    InputJax: new TeX({ packages: AllPackages }),
    OutputJax: new SVG({ fontCache: 'local' }),
  });
  const svg = {};
  for (const tex of texts) {
    const node = doc.convert(tex, { display: true });
    let s = adaptor.innerHTML(node);
    if (/data-mjx-error|merror/.test(s)) throw new Error(`MathJax could not typeset: ${tex}\n${s.slice(0, 300)}`);
    // A standalone SVG file needs its namespace; MathJax leaves it for the DOM to supply.
    if (!s.includes('xmlns="http://www.w3.org/2000/svg"'))
      s = s.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
    svg[tex] = exToPx(s);
  }
  return svg;
}

export function buildFormulas() {
  const texts = formulaTexts();
  const hash = createHash('sha256')
    .update(JSON.stringify([PX_PER_EX, texts]))
    .digest('hex')
    .slice(0, 16);
  if (existsSync(OUT)) {
    try {
      if (JSON.parse(readFileSync(OUT, 'utf8')).hash === hash) return { count: texts.length, cached: true };
    } catch {
      // rebuild
    }
  }
  writeFileSync(OUT, JSON.stringify({ version: 1, hash, svg: typeset(texts) }));
  return { count: texts.length, cached: false };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = buildFormulas();
  console.log(`${OUT}: ${r.count} formulas${r.cached ? ' (unchanged)' : ''}`);
}
