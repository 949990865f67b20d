/**
 * Loss lint: framework misuse found by reading the code (PyTorch, Keras/TF, Optax in Python;
 * TF.js in TypeScript/JavaScript), never by running it. `lint` takes a file's text (and its
 * syntax tree when the caller keeps one) and returns the diagnostics, each with the other line
 * involved, a one-sentence reason, the playground scene that shows it, and the fixes that are
 * safe. Pure, no `vscode`: src/lintProvider shows them in the editor, src/cli/lint.ts in a shell.
 */
import type { Tree } from '@lezer/common';
import { scanBindings, type Bindings } from '../syntax/bindings';
import { LineIndex } from '../syntax/nodes';
import { pythonParser, scriptParser } from '../syntax/parsers';
import { ignoreComments, ignored } from './ignore';
import { Program } from './program';
import { RULES } from './rules';
import type { LintDiagnostic, RuleId } from './types';
import { runToEnd, type Steps } from '../syntax/slices';
import { findUses } from './uses';
import type { SourceLanguage } from '../syntax/sourceLanguage';

export { RULES } from './rules';
export { renderMessage, lineLabel } from './format';
export { type Steps } from '../syntax/slices';
export { isRuleId, RULE_IDS, type LintDiagnostic, type RuleId, type Span } from './types';

export type LintOptions = {
  /** Rules turned off (a setting, or the CLI's). */
  disabled?: ReadonlySet<RuleId>;
  /** The syntax tree of exactly `text`, when the caller keeps one (the editor reparses incrementally). */
  tree?: Tree;
  /** A .tsx/.jsx file. */
  jsx?: boolean;
  /** The names bound to frameworks, when the caller scanned them (a notebook's, up to a cell); else scanned from `text`. */
  bindings?: Bindings;
};

/** The roots of every framework whose losses the lint knows: a file importing none of them is skipped unparsed. */
const FRAMEWORK_ROOTS = /^(torch|torchvision|keras|tensorflow|tf_keras|optax|jax|flax|tfjs)(\.|$)/;

function mentionsFramework(b: Bindings): boolean {
  for (const path of b.names.values()) if (FRAMEWORK_ROOTS.test(path)) return true;
  return b.stars.some((m) => FRAMEWORK_ROOTS.test(m));
}

export function parserFor(language: SourceLanguage, jsx = false) {
  return language === 'python' ? pythonParser() : scriptParser(language, jsx);
}

export function lint(text: string, language: SourceLanguage, options: LintOptions = {}): LintDiagnostic[] {
  return runToEnd(lintSteps(text, language, options));
}

/** Loss uses checked between pauses. */
const USES_PER_STEP = 16;

/** `lint` in steps (./steps): the editor runs it a few milliseconds at a time. */
export function* lintSteps(text: string, language: SourceLanguage, options: LintOptions = {}): Steps<LintDiagnostic[]> {
  const dialect = language === 'python' ? 'python' : 'script';
  const bindings = options.bindings ?? scanBindings(text, dialect);
  if (!mentionsFramework(bindings)) return [];
  const tree = options.tree ?? parserFor(language, options.jsx).parse(text);
  const program = new Program(text, tree, dialect, bindings);
  yield* program.collect();
  const uses = yield* findUses(program);
  const ctx = { program, uses };
  const lines = new LineIndex(text);
  const ignores = ignoreComments(text, program.comments, lines);
  const out: LintDiagnostic[] = [];
  const seen = new Set<string>();
  let checked = 0;
  for (const use of uses) {
    if (++checked % USES_PER_STEP === 0) yield;
    for (const rule of Object.values(RULES)) {
      if (options.disabled?.has(rule.id)) continue;
      for (const d of rule.check(use, ctx)) {
        const key = `${d.rule}:${d.span.from}:${d.span.to}:${d.message.en}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (
          ignores.size &&
          ignored(ignores, d.rule, lines.positionAt(d.span.from).line, lines.positionAt(d.span.to).line)
        )
          continue;
        out.push(d);
      }
    }
  }
  return out.sort((a, b) => a.span.from - b.span.from || a.rule.localeCompare(b.rule));
}
