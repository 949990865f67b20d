/**
 * KaTeX on its own (dist/katex.js), loaded by the page after its first chart: it is 40% of the
 * page's script, and formulas can arrive a moment after the chart without anyone waiting.
 */
import katex from 'katex';

(window as unknown as { lossPlaygroundKatex?: typeof katex }).lossPlaygroundKatex = katex;
window.dispatchEvent(new Event('loss-playground-katex'));
