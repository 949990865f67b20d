/**
 * How a check result reads: the lens title, the one-line CLI/diagnostic text and the details for
 * the log (inputs, seed, traceback), so the lens provider, the Test Explorer and the CLI agree.
 */
import type { CheckResult } from './types';

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(0).replace(/e([+-])0?(\d)/, 'e$1$2').replace('e+', 'e');
  return text.replace(/^-/, '−');
}

/** The lens title after a run: `✓ grad ok · max rel err 3e-10` or `✗ grad mismatch at [3] · analytic 0.12 vs numeric −0.12`. */
export function lensTitle(r: CheckResult, t: Translate = english): string {
  switch (r.verdict) {
    case 'pass':
      return t('✓ grad ok · max rel err {0}', formatNumber(r.maxRelError ?? 0)) + (r.warnings.length ? ' ⚠' : '');
    case 'fail': {
      const w = r.worst!;
      return t('✗ grad mismatch at [{0}] · analytic {1} vs numeric {2}', w.index.join(', '), formatNumber(w.analytic), formatNumber(w.numeric));
    }
    case 'skipped':
      return `– ${shorten(r.message, 70)}`;
    case 'error':
      return t('⚠ error: {0}', shorten(r.message, 70));
  }
}

/** The diagnostic on the function's name for a fail or an error (null for pass/skipped). */
export function diagnosticMessage(r: CheckResult, t: Translate = english): string | null {
  if (r.verdict === 'fail') return t('Gradient check failed: {0}', r.message);
  if (r.verdict === 'error') return t('Gradient check error: {0}', r.message);
  return null;
}

/**
 * Fills {0}-style placeholders. The core stays free of vscode; the lens passes vscode.l10n.t,
 * which takes the same templates and translates them.
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;
const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

function shorten(text: string, n: number): string {
  const line = text.split('\n')[0];
  return line.length > n ? line.slice(0, n - 1) + '…' : line;
}

/** Everything needed to reproduce and understand a result, for the log output channel. */
export function detailsText(r: CheckResult): string {
  const lines = [
    `${r.verdict.toUpperCase()} ${r.file}${r.line === null ? '' : `:${r.line}`} ${r.function ?? ''}`.trimEnd(),
    `  ${r.message}`,
  ];
  if (r.gradient) lines.push(`  gradient: ${r.gradient}`);
  if (r.wrt) lines.push(`  differentiated argument: ${r.wrt}`);
  if (r.recipe) lines.push(`  inputs: recipe ${r.recipe}, seed ${r.seed}, ${r.trials} trial points (scales 1, 3, 0.3 for real values)`);
  for (const i of r.inputs) {
    const values = i.values === undefined ? '' : ` = ${JSON.stringify(i.values)}`;
    lines.push(`    ${i.name}: ${i.generator} ${i.dtype}${i.shape.length ? ` shape (${i.shape.join(', ')})` : ''}${values}`);
  }
  if (r.maxRelError !== null) lines.push(`  max relative error: ${r.maxRelError.toExponential(2)} (rtol ${r.tolerance.rtol}, atol ${r.tolerance.atol}${r.tolerance.reason ? `: ${r.tolerance.reason}` : ''})`);
  if (r.worst) lines.push(`  worst element: [${r.worst.index.join(', ')}] at trial ${r.worst.trial + 1}: analytic ${r.worst.analytic} vs numeric ${r.worst.numeric}`);
  if (r.kinks) lines.push(`  ${r.kinks} element(s) at a kink were left out`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.traceback) lines.push('  traceback:', ...r.traceback.trimEnd().split('\n').map((l) => `    ${l}`));
  if (r.output) lines.push('  output of the user code:', ...r.output.split('\n').slice(-20).map((l) => `    ${l}`));
  lines.push(`  took ${r.durationMs} ms`);
  return lines.join('\n');
}
