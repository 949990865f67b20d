/**
 * Language-model tools for the editor's agent (`vscode.lm.registerTool`, declared in package.json's
 * `languageModelTools`): grad-check a loss the user wrote, lint losses, explain a framework loss.
 * Thin: inputs are checked in ./inputs, texts made in ./gradcheckReport, ./lintReport and
 * ./explain; checks run through the lenses' GradcheckService, so lenses, the Problems panel and
 * the Test Explorer show an agent's check as they show a click.
 *
 * Trust, as for a lens click: the grad-check tool runs user code only in a trusted workspace (no
 * confirmation overrides that) and only after the user confirmed this invocation (./confirmation).
 * A notebook (or one of its cells, by its URI) is checked cell by cell, each loss with the cells
 * above it, as its lens checks it.
 * Lint and explain read code and tables; they run nothing and ask nothing.
 */
import * as vscode from 'vscode';
import { Config } from '../config';
import type { RuleId } from '../lint';
import type { CheckResult } from '../gradcheck';
import type { GradcheckService } from '../lens';
import { Documents } from '../lens/documents';
import type { CheckTarget } from '../lens/service';
import { lintConfig } from '../lintProvider/config';
import { CELL_SCHEME, cellOf, pythonCells } from '../notebookCells';
import { isNotebook, NotebookError } from '../syntax/notebook';
import { ConfirmationLedger, gradcheckConfirmation, gradcheckProgress, gradcheckRefusedProgress } from './confirmation';
import { TOOL_NAMES } from './definitions';
import { explainLoss, explainText } from './explain';
import { gradcheckReport, notConfirmedText, untrustedText } from './gradcheckReport';
import {
  fileReference,
  MAX_GLOB_MATCHES,
  parseExplainInput,
  parseGradcheckInput,
  parseLintInput,
  relativeCandidates,
  selectLosses,
} from './inputs';
import { lintRecords, lintSourceOf } from '../lint/records';
import { lintReport, type FileOutcome } from './lintReport';

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

  async prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>,
  ): Promise<vscode.PreparedToolInvocation> {
    const input = parseGradcheckInput(options.input);
    // Nothing will run for these, so there is nothing to confirm: invoke says why.
    if (!input.ok) return { invocationMessage: t('Grad-check: the request is not valid') };
    if (!this.service.trusted) return { invocationMessage: gradcheckRefusedProgress(t) };
    const uri = await resolveFile(input.value.file);
    if (typeof uri === 'string') return { invocationMessage: gradcheckProgress(input.value, input.value.file, t) };
    const { file, notebook } = describe(uri);
    const c = this.config.gradcheck(notebook?.uri ?? uri);
    const confirmation = gradcheckConfirmation(
      input.value,
      file,
      { timeoutSeconds: c.timeoutMs / 1000, memoryMB: Math.round(c.memoryLimitBytes / 2 ** 20) },
      t,
      !!notebook || isNotebook(uri.path),
    );
    this.ledger.record(options.input);
    return {
      invocationMessage: gradcheckProgress(input.value, file, t),
      confirmationMessages: { title: confirmation.title, message: new vscode.MarkdownString(confirmation.message) },
    };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<unknown>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const input = parseGradcheckInput(options.input);
    if (!input.ok) return result(`Invalid input: ${input.error}.`);
    if (!this.service.trusted) return result(untrustedText(input.value.file));
    const uri = await resolveFile(input.value.file);
    if (typeof uri === 'string') return result(uri);
    const { file } = describe(uri);
    if (!this.ledger.consume(options.input)) return result(notConfirmedText(file));
    const losses = await this.lossesOf(uri);
    if (typeof losses === 'string') return result(losses);
    const selected = selectLosses([...losses.keys()], input.value.function);
    if (!selected.ok) return result(`${file}: ${selected.error}.`);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const results: { key: string; result: CheckResult }[] = [];
    const missing: string[] = [];
    try {
      for (const key of selected.value) {
        const r = token.isCancellationRequested
          ? undefined
          : await this.service.check(losses.get(key)!, { signal: abort.signal });
        if (r) results.push({ key, result: r });
        else missing.push(key);
      }
    } finally {
      sub.dispose();
    }
    return result(gradcheckReport(file, results, missing, token.isCancellationRequested));
  }

  /**
   * The losses a file argument holds, by the name the model uses for them: a source file's keys;
   * a notebook's (or one of its cells') `cell3:focal_loss`, each checked in its cell with the cells
   * above it, as its lens does. A notebook that is not open is opened, not shown. Or why there are none.
   */
  private async lossesOf(uri: vscode.Uri): Promise<Map<string, CheckTarget> | string> {
    const { file, notebook, cell } = describe(uri);
    if (notebook || isNotebook(uri.path)) {
      let nb = notebook;
      try {
        nb ??=
          vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString()) ??
          (await vscode.workspace.openNotebookDocument(uri));
      } catch (e) {
        return `${file} could not be opened as a notebook: ${e instanceof Error ? e.message : String(e)}`;
      }
      const out = new Map<string, CheckTarget>();
      for (const c of cell ? [cell] : pythonCells(nb)) {
        for (const key of (await this.service.documents.losses(c.document))?.byKey.keys() ?? [])
          out.set(`cell${c.index + 1}:${key}`, { uri: c.document.uri, key });
      }
      return out;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (!Documents.supports(document))
      return `${file} is not a Python, TypeScript or JavaScript file or a notebook (its language is '${document.languageId}'), so it has no losses to check.`;
    return new Map(
      [...((await this.service.documents.losses(document))?.byKey.keys() ?? [])].map((key) => [key, { uri, key }]),
    );
  }
}

/** How the tool names a file to the user and the model; for a notebook cell's URI, its notebook and cell. */
function describe(uri: vscode.Uri): { file: string; notebook?: vscode.NotebookDocument; cell?: vscode.NotebookCell } {
  const document =
    uri.scheme === CELL_SCHEME
      ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
      : undefined;
  const at = document && cellOf(document);
  if (at)
    return {
      file: `${vscode.workspace.asRelativePath(at.notebook.uri)}#cell${at.cell.index + 1}`,
      notebook: at.notebook,
      cell: at.cell,
    };
  return { file: vscode.workspace.asRelativePath(uri) };
}

class LintTool implements vscode.LanguageModelTool<unknown> {
  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const input = parseLintInput(options.input);
    return { invocationMessage: t('Linting {0}', input.ok ? input.value.files.join(', ') : '…') };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<unknown>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
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
    if (lintSourceOf(uri.path) === 'notebook')
      return {
        file,
        records: lintRecords(
          file,
          new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
          'notebook',
          disabled,
        ),
      };
    const document = await vscode.workspace.openTextDocument(uri);
    const kind = lintSourceOf(uri.path, document.languageId);
    if (!kind)
      return {
        file,
        problem: `not a Python, notebook, TypeScript or JavaScript file (its language is '${document.languageId}')`,
      };
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
      if (found.length > 1)
        return `'${s}' matches several files (${found.map((u) => vscode.workspace.asRelativePath(u)).join(', ')}); give the path from the workspace folder.`;
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
  return found.length
    ? found.sort((a, b) => a.toString().localeCompare(b.toString()))
    : `no file in the workspace matches '${s}'`;
}
