/**
 * How a check result reads: the lens title, the one-line CLI/diagnostic text and the details for
 * the log (inputs, seed, traceback), so the lens provider, the Test Explorer and the CLI agree.
 */
import { english, M, type Translate } from './messages';
import type { CheckResult } from './types';

export type { Translate } from './messages';

/**
 * A number for people, short: `digits` significant digits written plainly from 1e-3 to 1e4, and
 * beyond in exponent form with `expDigits` after the point, trailing zeros and the "+" dropped
 * (3e-10, 1.5e5). The lens and hovers take the defaults (`max rel err 3e-10`); messages that quote
 * values to compare take more digits. A true minus sign (−), except `asciiMinus` for the CLI's
 * report, whose numbers people paste back into code.
 */
export function formatNumber(x: number, o: { digits?: number; expDigits?: number; asciiMinus?: boolean } = {}): string {
  const { digits = 3, expDigits = 0, asciiMinus = false } = o;
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text =
    a >= 1e-3 && a < 1e4
      ? String(Number(x.toPrecision(digits)))
      : x
          .toExponential(expDigits)
          .replace(/\.?0+e/, 'e')
          .replace('e+', 'e');
  return asciiMinus ? text : text.replace(/^-/, '−');
}

/** The lens title after a run: `✓ grad ok · max rel err 3e-10` or `✗ grad mismatch at [3] · analytic 0.12 vs numeric −0.12`. */
export function lensTitle(r: CheckResult, t: Translate = english): string {
  switch (r.verdict) {
    case 'pass':
      // The gradient agrees with the loss, and the loss is not the one its name says: said apart.
      if (r.reference && !r.reference.agrees)
        return t(M.lensValueDiffers, t(M.lensPass, formatNumber(r.maxRelError ?? 0)), r.reference.id);
      return t(M.lensPass, formatNumber(r.maxRelError ?? 0)) + (r.warnings.length ? ' ⚠' : '');
    case 'fail': {
      const w = r.worst!;
      return t(M.lensFail, w.index.join(', '), formatNumber(w.analytic), formatNumber(w.numeric));
    }
    case 'skipped':
      return `– ${shorten(r.message, 70)}`;
    case 'error':
      return t(M.lensError, shorten(r.message, 70));
  }
}

/** The warning when the loss's value differs from the catalog loss it reads as (null when it agrees or there is none). */
export function referenceDiagnosticMessage(r: CheckResult, t: Translate = english): string | null {
  return r.reference && !r.reference.agrees ? t(M.diagnosticReference, r.reference.message) : null;
}

/** The diagnostic on the function's name for a fail or an error (null for pass/skipped). */
export function diagnosticMessage(r: CheckResult, t: Translate = english): string | null {
  if (r.verdict === 'fail') return t(M.diagnosticFail, r.message);
  if (r.verdict === 'error') return t(M.diagnosticError, r.message);
  return null;
}

function shorten(text: string, n: number): string {
  const line = text.split('\n')[0];
  return line.length > n ? line.slice(0, n - 1) + '…' : line;
}

const VERDICT = { pass: M.verdictPass, fail: M.verdictFail, error: M.verdictError, skipped: M.verdictSkipped } as const;

/** Everything needed to reproduce and understand a result, for the log output channel. */
export function detailsText(r: CheckResult, t: Translate = english): string {
  const lines = [
    `${t(VERDICT[r.verdict])} ${r.file}${r.line === null ? '' : `:${r.line}`} ${r.function ?? ''}`.trimEnd(),
    `  ${r.message}`,
  ];
  if (r.gradient) lines.push(`  ${t(M.detailsGradient, r.gradient)}`);
  if (r.wrt) lines.push(`  ${t(M.detailsWrt, r.wrt)}`);
  if (r.recipe) lines.push(`  ${t(M.detailsInputs, r.recipe, r.seed, r.trials)}`);
  for (const i of r.inputs) {
    const values = i.values === undefined ? '' : ` = ${JSON.stringify(i.values)}`;
    lines.push(
      `    ${i.shape.length ? t(M.detailsInputShape, i.name, i.generator, i.dtype, i.shape.join(', ')) : `${i.name}: ${i.generator} ${i.dtype}`}${values}`,
    );
  }
  if (r.maxRelError !== null) {
    const { rtol, atol, reason } = r.tolerance;
    lines.push(
      `  ${reason ? t(M.detailsMaxRelErrorWhy, r.maxRelError.toExponential(2), rtol, atol, reason) : t(M.detailsMaxRelError, r.maxRelError.toExponential(2), rtol, atol)}`,
    );
  }
  if (r.worst)
    lines.push(
      `  ${t(M.detailsWorst, r.worst.index.join(', '), r.worst.trial + 1, r.worst.analytic, r.worst.numeric)}`,
    );
  if (r.kinks) lines.push(`  ${t(M.detailsKinks, r.kinks)}`);
  for (const w of r.warnings) lines.push(`  ${t(M.detailsWarning, w)}`);
  if (r.traceback)
    lines.push(
      `  ${t(M.detailsTraceback)}`,
      ...r.traceback
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    );
  if (r.output)
    lines.push(
      `  ${t(M.detailsOutput)}`,
      ...r.output
        .split('\n')
        .slice(-20)
        .map((l) => `    ${l}`),
    );
  lines.push(`  ${t(M.detailsTook, r.durationMs)}`);
  return lines.join('\n');
}
