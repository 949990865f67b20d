/**
 * What the grad-check tool tells the model: per loss its verdict, the maximum relative error, the
 * worst element (index, analytic, numeric), where the analytic gradient came from, the inputs
 * (generators and shapes), the comparison with the catalog loss it reads as, and the checker's
 * message. Plain text for a model, in English; the checker's own messages come as the lens shows
 * them. Pure, no `vscode`.
 */
import type { CheckResult } from '../gradcheck';

/** Full precision for values a model may compare or quote; ASCII minus. */
function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

function sci(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

/** At most this many lines of a traceback, its end (where the error is). */
const TRACEBACK_LINES = 25;

const VERDICT: Record<CheckResult['verdict'], string> = {
  pass: 'pass (the analytic gradient matches finite differences)',
  fail: 'FAIL (the analytic gradient does not match finite differences)',
  error: 'ERROR (the check could not run to the end)',
  skipped: 'skipped',
};

export function resultText(key: string, r: CheckResult): string {
  const lines = [`${key}${r.line === null ? '' : ` (line ${r.line})`}: ${VERDICT[r.verdict]}`];
  const item = (label: string, value: string): number => lines.push(`  ${label}: ${value}`);
  if (r.maxRelError !== null) {
    const { rtol, atol, reason } = r.tolerance;
    item(
      'max relative error',
      `${sci(r.maxRelError)} (tolerance rtol ${rtol}, atol ${atol}${reason ? `, widened: ${reason}` : ''})`,
    );
  }
  if (r.worst)
    item(
      'worst element',
      `${r.wrt ?? 'input'}[${r.worst.index.join(', ')}] in trial ${r.worst.trial + 1}: analytic ${num(r.worst.analytic)}, numeric ${num(r.worst.numeric)}`,
    );
  if (r.gradient) item('gradient source', `${r.gradient}${r.wrt ? `, with respect to ${r.wrt}` : ''}`);
  if (r.inputs.length) {
    item(
      'inputs',
      `${r.recipe ? `recipe ${r.recipe}, ` : ''}seed ${r.seed}, ${r.trials} trial${r.trials === 1 ? '' : 's'}`,
    );
    for (const i of r.inputs) {
      const shape = i.shape.length ? ` shape (${i.shape.join(', ')})` : '';
      // The values let the model reproduce a failure; a passing check does not need them. The
      // summary keeps the first trial's (the worst element may be in another).
      const values = r.verdict === 'fail' && i.values !== undefined ? `, in trial 1: ${JSON.stringify(i.values)}` : '';
      lines.push(`    ${i.name}: ${i.generator} ${i.dtype}${shape}${values}`);
    }
  }
  if (r.kinks)
    item(
      'kinks',
      `${r.kinks} element${r.kinks === 1 ? '' : 's'} at a kink (one-sided slopes differ), left out of the verdict`,
    );
  if (r.reference) {
    const params = Object.entries(r.reference.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    item(
      'reference',
      `catalog loss ${r.reference.id}${params ? `(${params})` : ''}, convention '${r.reference.convention}': ${r.reference.agrees ? 'the value agrees' : 'the value DIFFERS'}${r.reference.message ? `: ${r.reference.message}` : ''}`,
    );
  }
  for (const w of r.warnings) item('warning', w);
  if (r.message) item('message', r.message.replace(/\n+/g, ' ').trim());
  if (r.traceback && r.verdict === 'error') {
    const tb = r.traceback.trimEnd().split('\n');
    lines.push(
      `  traceback${tb.length > TRACEBACK_LINES ? ` (last ${TRACEBACK_LINES} lines)` : ''}:`,
      ...tb.slice(-TRACEBACK_LINES).map((l) => `    ${l}`),
    );
  }
  return lines.join('\n');
}

/** The whole answer: a summary line, then one block per loss; `missing`: losses whose check did not run. */
export function gradcheckReport(
  file: string,
  results: readonly { key: string; result: CheckResult }[],
  missing: readonly string[] = [],
  cancelled = false,
): string {
  const n = (v: CheckResult['verdict']): number => results.filter((x) => x.result.verdict === v).length;
  const counts = (['pass', 'fail', 'error', 'skipped'] as const).filter((v) => n(v)).map((v) => `${n(v)} ${v}`);
  const total = results.length + missing.length;
  const head = `Grad-check of ${file}: ${total} loss${total === 1 ? '' : 'es'}${counts.length ? `, ${counts.join(', ')}` : ''}${cancelled ? ' (cancelled)' : ''}.`;
  const blocks = results.map((x) => resultText(x.key, x.result));
  if (missing.length) blocks.push(`Not checked${cancelled ? ' (cancelled)' : ''}: ${missing.join(', ')}.`);
  return [head, ...blocks].join('\n\n');
}

export function untrustedText(file: string): string {
  return `Refused: grad-checking ${file} would run the user's code, and this workspace is not trusted (Restricted Mode). Nothing was run. Loss Playground runs user code only in a trusted workspace, and no confirmation overrides that; the user can trust the workspace with the command "Workspaces: Manage Workspace Trust" and ask again.`;
}

export function notConfirmedText(file: string): string {
  return `Refused: the user was not asked to confirm this grad-check of ${file}, so nothing was run. Call the tool again; VS Code will ask the user first.`;
}
