/**
 * Formulas typeset with KaTeX, which loads after the first chart (./katexEntry): a formula asked
 * for earlier waits in its place, sized roughly as it will be so the charts do not jump.
 */
import type katexModule from 'katex';

type Katex = typeof katexModule;
declare global {
  interface Window {
    lossPlaygroundKatex?: Katex;
  }
}

/** KaTeX's script and sheet sit in dist/, the folder above the page's modules (dist/webview/). */
const base = new URL('../', import.meta.url).href;
const waiting: (() => void)[] = [];
let requested = false;
/**
 * KaTeX's script ran, its sheet applies and its main fonts are here: typesetting earlier shows
 * unstyled math, or (Chromium blocks text for up to 3 s while a font loads) bars without letters.
 */
let ready = false;
let sheetAndFonts: Promise<void> = Promise.resolve();
/** The faces nearly every formula uses; rarer ones (script, fraktur) load when first drawn. */
const KATEX_FACES = ['1em KaTeX_Main', 'italic 1em KaTeX_Math', '1em KaTeX_Size1', '1em KaTeX_Size2'];

function typeset(katex: Katex, source: string, span: HTMLElement, display: boolean): void {
  span.classList.remove('pending');
  span.removeAttribute('aria-hidden');
  // HTML for the eye, MathML for screen readers; bad TeX shows as text.
  katex.render(source, span, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
}

/** TeX typeset now if KaTeX is here, else as soon as it is. */
export function tex(source: string, display = true): HTMLElement {
  const span = document.createElement('span');
  span.className = display ? 'formula' : 'formula inline';
  const katex = window.lossPlaygroundKatex;
  if (katex && ready) {
    typeset(katex, source, span, display);
    return span;
  }
  span.classList.add('pending');
  span.setAttribute('aria-hidden', 'true');
  waiting.push(() => typeset(window.lossPlaygroundKatex!, source, span, display));
  return span;
}

window.addEventListener('loss-playground-katex', () => {
  void sheetAndFonts.then(() => {
    ready = true;
    for (const f of waiting.splice(0)) f();
  });
});

/**
 * Loads KaTeX's sheet and script, once. The script carries the page's nonce, the only way a
 * script gets past the page's CSP; the sheet comes from the extension's folder, which it allows.
 */
export function loadFormulas(): void {
  if (requested || window.lossPlaygroundKatex) return;
  requested = true;
  // The page's own module script carries the nonce; the KaTeX script needs the same to run.
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = `${base}katex/katex.css`;
  // A sheet or font that fails to load still lets the formulas show, unstyled, rather than never.
  // The fonts are asked for as soon as the sheet declares them, alongside the script's download.
  sheetAndFonts = new Promise<void>((resolve) => {
    sheet.onload = sheet.onerror = () => resolve();
  }).then(() =>
    Promise.all(KATEX_FACES.map((f) => document.fonts.load(f))).then(
      () => undefined,
      () => undefined,
    ),
  );
  document.head.append(sheet);
  const s = document.createElement('script');
  s.nonce = nonce;
  s.src = `${base}katex.js`;
  document.head.append(s);
}
