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

/** The page's script element, read while it runs: the KaTeX script and sheet sit beside it. */
const script = document.currentScript as HTMLScriptElement | null;
const waiting: (() => void)[] = [];
let requested = false;

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
  if (katex) {
    typeset(katex, source, span, display);
    return span;
  }
  span.classList.add('pending');
  span.setAttribute('aria-hidden', 'true');
  waiting.push(() => typeset(window.lossPlaygroundKatex!, source, span, display));
  return span;
}

window.addEventListener('loss-playground-katex', () => {
  for (const f of waiting.splice(0)) f();
});

/**
 * Loads KaTeX's sheet and script, once. The script carries the page's nonce, the only way a
 * script gets past the page's CSP; the sheet comes from the extension's folder, which it allows.
 */
export function loadFormulas(): void {
  if (requested || window.lossPlaygroundKatex || !script) return;
  requested = true;
  const base = script.dataset.base ?? script.src.replace(/webview\.js(\?.*)?$/, '');
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = `${base}katex/katex.css`;
  document.head.append(sheet);
  const s = document.createElement('script');
  s.nonce = script.nonce;
  s.src = `${base}katex.js`;
  document.head.append(s);
}
