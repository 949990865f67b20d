/**
 * Language-model tools for the editor's agent (`vscode.lm.registerTool`, declared in package.json's
 * `languageModelTools`): grad-check a loss the user wrote, lint losses, explain a framework loss.
 * Thin: inputs are checked in ./inputs, texts made in ./gradcheckReport, ./lintReport and
 * ./explain; checks run through the lenses' GradcheckService, so lenses, the Problems panel and
 * the Test Explorer show an agent's check as they show a click.
 *
 * Trust, as for a lens click: the grad-check tool runs user code only in a trusted workspace (no
 * confirmation overrides that) and only after the user confirmed this invocation (./confirmation).
 * Lint and explain read code and tables; they run nothing and ask nothing.
 */
import * as vscode from 'vscode';
import { Config } from '../config';
import type { RuleId } from '../lint';
import type { CheckResult } from '../gradcheck';
import type { GradcheckService } from '../lens';
import { Documents } from '../lens/documents';
import { lintConfig } from '../lintProvider/config';
import { NotebookError } from '../syntax/notebook';
import { ConfirmationLedger, gradcheckConfirmation, gradcheckProgress, gradcheckRefusedProgress } from './confirmation';
import { TOOL_NAMES } from './definitions';
import { explainLoss, explainText } from './explain';
import { gradcheckReport, notConfirmedText, untrustedText } from './gradcheckReport';
import { fileReference, MAX_GLOB_MATCHES, parseExplainInput, parseGradcheckInput, parseLintInput, relativeCandidates, selectLosses } from './inputs';
import { lintRecords, lintSourceOf } from '../lint/records';
import { lintReport, type FileOutcome } from './lintReport';

export { TOOL_NAMES } from './definitions';

export function registerAgentTools(gradcheck: GradcheckService): vscode.Disposable[] {
  return [
    vscode.lm.registerTool(TOOL_NAMES.gradcheck, new GradcheckTool(gradcheck)),
    vscode.lm.registerTool(TOOL_NAMES.lint, new LintTool()),
    vscode.lm.registerTool(TOOL_NAMES.explainLoss, new ExplainLossTool()),
  ];
}

const t = vscode.l10n.t;

function result(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

class GradcheckTool implements vscode.LanguageModelTool<unknown> {
  private readonly ledger = new ConfirmationLedger();

  constructor(
    private readonly service: GradcheckService,
    private readonly config = new Config(),
  ) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation> {
    const input = parseGradcheckInput(options.input);
    // Nothing will run for these, so there is nothing to confirm: invoke says why.
    if (!input.ok) return { invocationMessage: t('Grad-check: the request is not valid') };
    if (!this.service.trusted) return { invocationMessage: gradcheckRefusedProgress(t) };
    const uri = await resolveFile(input.value.file);
    if (typeof uri === 'string') return { invocationMessage: gradcheckProgress(input.value, input.value.file, t) };
    const file = vscode.workspace.asRelativePath(uri);
    const c = this.config.gradcheck(uri);
    const confirmation = gradcheckConfirmation(input.value, file, { timeoutSeconds: c.timeoutMs / 1000, memoryMB: Math.round(c.memoryLimitBytes / 2 ** 20) }, t);
    this.ledger.record(options.input);
    return {
      invocationMessage: gradcheckProgress(input.value, file, t),
      confirmationMessages: { title: confirmation.title, message: new vscode.MarkdownString(confirmation.message) },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const input = parseGradcheckInput(options.input);
    if (!input.ok) return result(`Invalid input: ${input.error}.`);
    if (!this.service.trusted) return result(untrustedText(input.value.file));
    const uri = await resolveFile(input.value.file);
    if (typeof uri === 'string') return result(uri);
    const file = vscode.workspace.asRelativePath(uri);
    if (!this.ledger.consume(options.input)) return result(notConfirmedText(file));
    if (/\.ipynb$/i.test(uri.path)) return result(`${file} is a notebook: the editor's grad-check reads Python, TypeScript and JavaScript files. The command line checks notebooks cell by cell: loss-playground gradcheck ${file}`);
    const document = await vscode.workspace.openTextDocument(uri);
    if (!Documents.supports(document)) return result(`${file} is not a Python, TypeScript or JavaScript file (its language is '${document.languageId}'), so it has no losses to check.`);
    const losses = await this.service.documents.losses(document);
    const selected = selectLosses([...(losses?.byKey.keys() ?? [])], input.value.function);
    if (!selected.ok) return result(`${file}: ${selected.error}.`);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const results: { key: string; result: CheckResult }[] = [];
    const missing: string[] = [];
    try {
      for (const key of selected.value) {
        const r = token.isCancellationRequested ? undefined : await this.service.check({ uri, key }, { signal: abort.signal });
        if (r) results.push({ key, result: r });
        else missing.push(key);
      }
    } finally {
      sub.dispose();
    }
    return result(gradcheckReport(file, results, missing, token.isCancellationRequested));
  }
}

class LintTool implements vscode.LanguageModelTool<unknown> {
  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const input = parseLintInput(options.input);
    return { invocationMessage: t('Linting {0}', input.ok ? input.value.files.join(', ') : '…') };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const input = parseLintInput(options.input);
    if (!input.ok) return result(`Invalid input: ${input.error}.`);
    const outcomes: FileOutcome[] = [];
    const seen = new Set<string>();
    for (const f of input.value.files) {
      if (token.isCancellationRequested) break;
      const uris = await resolveFiles(f);
      if (typeof uris === 'string') {
        outcomes.push({ file: f, problem: uris });
        continue;
      }
      for (const uri of uris) {
        if (seen.has(uri.toString()) || seen.size >= MAX_GLOB_MATCHES) continue;
        seen.add(uri.toString());
        outcomes.push(await lintUri(uri));
      }
    }
    return result(lintReport(outcomes, lintConfig().disabled));
  }
}

async function lintUri(uri: vscode.Uri): Promise<FileOutcome> {
  const file = vscode.workspace.asRelativePath(uri);
  const disabled: ReadonlySet<RuleId> = lintConfig(uri).disabled;
  try {
    if (lintSourceOf(uri.path) === 'notebook') return { file, records: lintRecords(file, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), 'notebook', disabled) };
    const document = await vscode.workspace.openTextDocument(uri);
    const kind = lintSourceOf(uri.path, document.languageId);
    if (!kind) return { file, problem: `not a Python, notebook, TypeScript or JavaScript file (its language is '${document.languageId}')` };
    return { file, records: lintRecords(file, document.getText(), kind, disabled) };
  } catch (e) {
    if (e instanceof NotebookError) return { file, problem: e.message };
    return { file, problem: `could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

class ExplainLossTool implements vscode.LanguageModelTool<unknown> {
  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const input = parseExplainInput(options.input);
    return { invocationMessage: t('Looking up {0}', input.ok ? input.value.name : '…') };
  }

  invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): vscode.LanguageModelToolResult {
    const input = parseExplainInput(options.input);
    return result(input.ok ? explainText(explainLoss(input.value.name)) : `Invalid input: ${input.error}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// From the model's file arguments to documents

async function exists(uri: vscode.Uri): Promise<boolean> {
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return true;
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** Glob metacharacters of a literal path, escaped for findFiles. */
function literalGlob(path: string): string {
  return path.replace(/[*?{}[\]]/g, (c) => `[${c}]`);
}

const EXCLUDE = '**/node_modules/**';

/** The one file an argument names, or why there is none (a sentence for the model). */
async function resolveFile(s: string): Promise<vscode.Uri | string> {
  const ref = fileReference(s);
  const folders = vscode.workspace.workspaceFolders ?? [];
  switch (ref.kind) {
    case 'glob':
      return `'${s}' is a pattern; give one file.`;
    case 'uri': {
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(ref.uri, true);
      } catch (e) {
        return `'${s}' is not a valid URI: ${e instanceof Error ? e.message : String(e)}.`;
      }
      return (await exists(uri)) ? uri : `No file at ${s}.`;
    }
    case 'absolute': {
      const uri = vscode.Uri.file(ref.path);
      return (await exists(uri)) ? uri : `No file at ${s}.`;
    }
    case 'relative': {
      for (const c of relativeCandidates(ref.path, folders)) {
        const uri = vscode.Uri.joinPath(folders[c.folder].uri, c.path);
        if (await exists(uri)) return uri;
      }
      const open = vscode.workspace.textDocuments.filter((d) => !d.isClosed && d.uri.path.endsWith(`/${ref.path}`));
      if (open.length === 1) return open[0].uri;
      // A path from somewhere above or below a workspace folder: a unique file that ends with it.
      const found = await vscode.workspace.findFiles(`**/${literalGlob(ref.path)}`, EXCLUDE, 10);
      if (found.length === 1) return found[0];
      if (found.length > 1) return `'${s}' matches several files (${found.map((u) => vscode.workspace.asRelativePath(u)).join(', ')}); give the path from the workspace folder.`;
      return `No file '${s}' in the workspace${folders.length ? ` (folders: ${folders.map((f) => f.uri.fsPath || f.uri.toString()).join(', ')})` : ' (no folder is open)'}.`;
    }
  }
}

/** The files an argument names: one file, or every match of a glob pattern. */
async function resolveFiles(s: string): Promise<vscode.Uri[] | string> {
  const ref = fileReference(s);
  if (ref.kind !== 'glob') {
    const one = await resolveFile(s);
    return typeof one === 'string' ? one : [one];
  }
  const found = await vscode.workspace.findFiles(ref.pattern, EXCLUDE, MAX_GLOB_MATCHES);
  return found.length ? found.sort((a, b) => a.toString().localeCompare(b.toString())) : `no file in the workspace matches '${s}'`;
}
