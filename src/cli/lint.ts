/**
 * `loss-playground lint [--json] FILE...`: the editor's loss lint for CI. The same rules
 * (src/lint), over .py, .ipynb (each code cell read after the cells above it, lines reported per
 * cell), .ts and .js
 * files. Exit 0 with no findings, 1 with any, 2 on a usage error (a file that cannot be read
 * included). Nothing is run.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { DisplayLanguage } from '../displayLanguage';
import { readSourceFile } from '../gradcheck/sourceText';
import { isRuleId, RULE_IDS, type RuleId } from '../lint';
import { lintRecords, lintSourceOf, type LintRecord } from '../lint/records';
import { NotebookError } from '../syntax/notebook';
import { EXIT, parseFlags, UsageError, type ExitCode, type Io } from './io';

export const LINT_USAGE = `Usage: loss-playground lint [--json] [--disable RULE[,RULE...]] [--lang en|zh-cn] FILE...

Finds framework misuse in loss code without running it (PyTorch, Keras/TF and Optax in .py and
.ipynb files, TF.js in .ts and .js): softmax before a loss that applies softmax itself, sigmoid
before a with-logits loss, logits where probabilities are expected, KLDivLoss without
reduction='batchmean', and more. A notebook's code cells are read in order: each with the cells
above it, as they run.

  --json               print {"diagnostics": [{file, line, endLine, rule, severity, message}]}
                       (1-based lines: line is where the loss is called or built, endLine the
                       other line involved or null; notebooks add cell and endCell)
  --disable RULES      turn rules off, comma-separated
  --lang LANG          the messages' language: en (default) or zh-cn

A line with the comment "# loss-playground: ignore[RULE]" ("//" in JS/TS) is not reported for RULE.

Rules: ${RULE_IDS.join(', ')}

Exit status: 0 no findings, 1 any finding, 2 usage error (or a file that cannot be read).
`;

export type LintOptions = { files: string[]; json: boolean; disabled: Set<RuleId>; language: DisplayLanguage };

const FLAGS = {
  json: { type: 'boolean' },
  disable: { type: 'string', multiple: true },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseLintArgs(args: string[]): LintOptions | null {
  const { values, positionals } = parseFlags(args, FLAGS, true);
  if (values.help) return null;
  if (positionals.length === 0) throw new UsageError('lint needs at least one FILE');
  const disabled = new Set<RuleId>();
  for (const r of (values.disable ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!isRuleId(r)) throw new UsageError(`unknown rule '${r}' (rules: ${RULE_IDS.join(', ')})`);
    disabled.add(r);
  }
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh-cn') throw new UsageError(`--lang must be en or zh-cn, not '${lang}'`);
  return { files: positionals, json: values.json ?? false, disabled, language: lang };
}

/** Lints one file (read by the caller) into records; lines 1-based, notebooks per cell. */
export function lintFile(
  file: string,
  content: string,
  options: Pick<LintOptions, 'disabled' | 'language'>,
): LintRecord[] {
  const kind = lintSourceOf(file);
  if (!kind) throw new UsageError(`${file}: not a .py, .ipynb, .ts or .js file`);
  return lintRecords(file, content, kind, options.disabled, options.language);
}

function read(file: string): string {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file}: is a directory`);
  const kind = lintSourceOf(file);
  return kind !== 'notebook' && kind?.language === 'python'
    ? readSourceFile(file, 'python')
    : readFileSync(file, 'utf8');
}

/** `file:line: severity [rule] message`, as compilers print, a notebook's place as `file#cellN:line`. */
function textLine(r: LintRecord): string {
  const place = r.cell !== undefined ? `${r.file}#cell${r.cell}:${r.line}` : `${r.file}:${r.line}`;
  return `${place}: ${r.severity} [${r.rule}] ${r.message}`;
}

export function runLint(options: LintOptions, io: Io): ExitCode {
  const records: LintRecord[] = [];
  for (const file of options.files) {
    if (!lintSourceOf(file)) throw new UsageError(`${file}: not a .py, .ipynb, .ts or .js file`);
    const content = read(file);
    try {
      records.push(...lintFile(file, content, options));
    } catch (e) {
      if (e instanceof NotebookError) throw new UsageError(e.message);
      throw e;
    }
  }
  if (options.json) io.out(JSON.stringify({ diagnostics: records }) + '\n');
  else {
    for (const r of records) io.out(textLine(r) + '\n');
    const files = new Set(records.map((r) => r.file)).size;
    if (records.length)
      io.out(`${records.length} finding${records.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`);
  }
  return records.length ? EXIT.failure : EXIT.ok;
}
