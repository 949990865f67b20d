/**
 * Grad-check on the VS Code side: runs checks for the lenses, the commands and the Test Explorer,
 * keeps their results (./results), turns them into diagnostics, logs the details and shows a
 * status bar item while checks run. The GradChecker (runner processes) starts on the first check.
 * User code runs only in a trusted workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { Config } from '../config';
import type { Runners } from '../gradcheck/runners/host';
import {
  detailsText,
  diagnosticMessage,
  referenceDiagnosticMessage,
  GradChecker,
  render,
  type CheckOptions,
  type CheckResult,
  type DiscoveredLoss,
} from '../gradcheck';
import { notifications } from '../notifications';
import type { UserLossSeries } from '../protocol';
import { Documents, toRange, WORKSPACE_SCHEMES, type DocLosses } from './documents';
import { pythonFor } from './interpreter';
import { cellOf, pythonCells } from '../notebookCells';
import { cellContext, type CellContext } from './notebookCells';
import { ResultStore } from './results';
import { sourceLanguageOf } from '../syntax/sourceLanguage';

const DIAGNOSTIC_SOURCE = 'Loss Playground';

export type CheckTarget = { uri: vscode.Uri; key: string };

export class GradcheckService implements vscode.Disposable {
  readonly documents = new Documents((e, d) =>
    this.log.error(
      vscode.l10n.t(
        'finding the losses of {0} failed: {1}',
        d.uri.fsPath,
        e instanceof Error ? (e.stack ?? e.message) : String(e),
      ),
    ),
  );
  readonly results = new ResultStore();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('loss-playground');
  readonly log = vscode.window.createOutputChannel(vscode.l10n.t('Loss Playground: Grad-check'), { log: true });
  private readonly status = vscode.window.createStatusBarItem(
    'lossPlayground.gradcheck',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  /** Fires when lenses should be asked again: results, trust, settings or running checks changed. */
  readonly onDidChangeLenses = this.lensesChanged.event;
  private checkerInstance: GradChecker | undefined;
  private warmed = false;
  private readonly running = new Map<string, Promise<CheckResult | undefined>>();
  private readonly refreshTimers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    /** Where user code runs: processes on Node, a Web Worker in the browser (chosen by the entry point). */
    private readonly runners: Runners,
    private readonly config = new Config(),
  ) {
    this.status.name = vscode.l10n.t('Loss Playground: Grad-check');
    this.status.command = COMMANDS.showGradcheckLog;
    this.disposables.push(
      this.documents,
      this.results,
      this.diagnostics,
      this.log,
      this.status,
      this.lensesChanged,
      this.results.onDidChange(() => this.lensesChanged.fire()),
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleRefresh(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => void this.refresh(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.saved(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.lensesChanged.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => Config.affectsGradcheck(e) && this.lensesChanged.fire()),
    );
    for (const d of vscode.workspace.textDocuments) void this.refresh(d);
  }

  /** The runner processes, started on the first check (or the first JS/TS lenses: warmFor), not at activation. */
  private get checker(): GradChecker {
    return (this.checkerInstance ??= new GradChecker(this.runners));
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /**
   * Starts the JS/TS runner when a file's lenses are first shown, so the first click does not wait
   * for a process to start (a cold check of a JS loss took ~350 ms, against a 300 ms budget). Once;
   * only in a trusted workspace; nothing of the user's runs. Python's runner waits for a check: which
   * interpreter is the Python extension's to say, and importing the frameworks is the slow part.
   */
  warmFor(document: vscode.TextDocument): void {
    const language = sourceLanguageOf(document.languageId);
    if (this.warmed || !this.trusted || (language !== 'typescript' && language !== 'javascript')) return;
    this.warmed = true;
    void this.checker.warm(language, { memoryLimitBytes: this.config.gradcheck(document.uri).memoryLimitBytes });
  }

  isRunning(t: CheckTarget): boolean {
    return this.running.has(id(t));
  }

  lastResult(t: CheckTarget): CheckResult | undefined {
    return this.results.lastResult(t.uri, t.key);
  }

  /**
   * Checks one loss of a document (its editor text, saved or not). Resolves when the check has
   * finished, with its result; undefined when nothing ran (untrusted workspace, no such loss).
   * A second call for a loss that is being checked joins the first.
   */
  check(
    t: CheckTarget,
    o: { signal?: AbortSignal; onProgress?: (m: string) => void } = {},
  ): Promise<CheckResult | undefined> {
    const key = id(t);
    const existing = this.running.get(key);
    if (existing) return existing;
    const run = this.runCheck(t, o).finally(() => {
      this.running.delete(key);
      this.updateStatus();
      this.lensesChanged.fire();
    });
    this.running.set(key, run);
    this.updateStatus();
    this.lensesChanged.fire();
    return run;
  }

  private async runCheck(
    t: CheckTarget,
    o: { signal?: AbortSignal; onProgress?: (m: string) => void },
  ): Promise<CheckResult | undefined> {
    if (!this.trusted) {
      this.log.warn(
        vscode.l10n.t('not checking {0} in {1}: the workspace is not trusted (Restricted Mode)', t.key, t.uri.fsPath),
      );
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(t.uri);
    const losses = await this.documents.losses(document);
    const loss = losses?.byKey.get(t.key);
    if (!losses || !loss) {
      this.log.warn(vscode.l10n.t('no loss named {0} in {1} any more', t.key, t.uri.fsPath));
      return undefined;
    }
    const options = await this.options(document, o);
    // A notebook cell runs with the cells before it (their definitions); a file with its own text.
    const cell = cellContext(document, losses.text);
    const fingerprint = withCellsAbove(losses.fingerprint(t.key)!, cell);
    const result = await this.checker.checkLoss(
      cell?.file ?? fileOf(document),
      loss,
      cell ? { ...options, cells: cell.cells } : { ...options, text: losses.text },
    );
    this.record(document, t.key, result, fingerprint);
    return result;
  }

  /** Stores a result (with the fingerprint of the code it checked), logs it and updates diagnostics. */
  private record(document: vscode.TextDocument, key: string, result: CheckResult, fingerprint: string): void {
    const details = detailsText(result, vscode.l10n.t);
    if (result.verdict === 'pass' || result.verdict === 'skipped') this.log.info(details);
    else if (result.verdict === 'fail') this.log.warn(details);
    else this.log.error(details);
    this.results.set(document.uri, key, result, fingerprint);
    void this.refresh(document);
  }

  async options(
    document: vscode.TextDocument,
    o: { signal?: AbortSignal; onProgress?: (m: string) => void } = {},
  ): Promise<CheckOptions> {
    const c = this.config.gradcheck(document.uri);
    const options: CheckOptions = {
      timeoutMs: c.timeoutMs,
      loadTimeoutMs: c.loadTimeoutMs,
      memoryLimitBytes: c.memoryLimitBytes,
      tolerance: { rtol: c.rtol, atol: c.atol },
      step: c.step,
      trials: c.trials,
      t: vscode.l10n.t,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    };
    // Where Python cannot run (a browser), the check says so without looking for an interpreter.
    if (document.languageId === 'python' && !this.runners.unavailable('python')) {
      const { python, source } = await pythonFor(document.uri, c.pythonPath);
      options.python = python;
      this.log.debug(vscode.l10n.t('python: {0} ({1})', python, source));
    }
    return options;
  }

  /**
   * Checks every loss of a document one after another, with a cancellable progress notification.
   * Resolves with the results of the checks that ran.
   */
  async checkDocument(uri: vscode.Uri): Promise<CheckResult[]> {
    if (!this.trusted) {
      void offerTrust();
      return [];
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const keys = [...((await this.documents.losses(document))?.byKey.keys() ?? [])];
    if (keys.length === 0) {
      void vscode.window.showInformationMessage(
        notifications.noLossesIn(vscode.l10n.t, path.basename(document.fileName)),
      );
      return [];
    }
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: notifications.checkingFile(vscode.l10n.t, path.basename(document.fileName)),
        cancellable: true,
      },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        const results: CheckResult[] = [];
        try {
          for (const [i, key] of keys.entries()) {
            if (token.isCancellationRequested) break;
            progress.report({
              message: `${key} (${i + 1}/${keys.length})`,
              increment: i === 0 ? 0 : 100 / keys.length,
            });
            const r = await this.check({ uri, key }, { signal: abort.signal });
            if (r) results.push(r);
          }
        } finally {
          sub.dispose();
        }
        this.log.info(summary(path.basename(document.fileName), results, token.isCancellationRequested));
        return results;
      },
    );
  }

  /** The loss and its gradients along one input coordinate, in the playground's "Your loss" scene. */
  async plot(t: CheckTarget): Promise<void> {
    if (!this.trusted) return void offerTrust();
    const document = await vscode.workspace.openTextDocument(t.uri);
    const losses = await this.documents.losses(document);
    const loss = losses?.byKey.get(t.key);
    if (!losses || !loss) return;
    const series = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Sampling {0} for the playground', t.key) },
      async () => {
        try {
          const cell = cellContext(document, losses.text);
          const source = cell ? { cells: cell.cells } : { text: losses.text };
          return await this.checker.sampleSeries(cell?.file ?? fileOf(document), loss, {
            ...(await this.options(document)),
            ...source,
            points: 101,
          });
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          this.log.error(vscode.l10n.t('plot {0}: {1}', t.key, message));
          void vscode.window.showErrorMessage(notifications.plotFailed(vscode.l10n.t, t.key, message));
          return undefined;
        }
      },
    );
    if (!series) return;
    const payload: UserLossSeries = {
      title: t.key,
      coordinate: `${series.wrt}[${series.index.join(', ')}]`,
      file: document.uri.fsPath,
      line: loss.line,
      ...(series.gradient ? { gradient: series.gradient } : {}),
      x: series.x,
      loss: series.loss.map(finite),
      analytic: series.analytic ? series.analytic.map(finite) : null,
      numeric: series.numeric.map(finite),
      ...(series.reference ? { reference: { ...series.reference, loss: series.reference.loss.map(finite) } } : {}),
    };
    await vscode.commands.executeCommand(COMMANDS.open, { scene: 'yourLoss', series: payload });
  }

  showDetails(t: CheckTarget): void {
    const r = this.lastResult(t);
    this.log.info(r ? detailsText(r, vscode.l10n.t) : vscode.l10n.t('{0}: not checked yet', t.key));
    this.log.show(true);
  }

  /** Re-reads a document's losses: drops results whose code changed, and redraws its diagnostics. */
  async refresh(document: vscode.TextDocument): Promise<void> {
    const shown = await this.documents.shown(document);
    // A large document edited since its last discovery keeps its diagnostics until it is saved.
    if (!shown || shown.stale || document.isClosed) return;
    const losses = shown.losses;
    // A cell's result also depends on the cells above it: editing a helper there makes it stale.
    const cell = cellContext(document, losses.text);
    this.results.prune(document.uri, (key) => {
      const f = losses.fingerprint(key);
      return f === undefined ? undefined : withCellsAbove(f, cell);
    });
    this.diagnostics.set(document.uri, this.diagnosticsFor(document.uri, losses));
  }

  private scheduleRefresh(document: vscode.TextDocument): void {
    if (!Documents.supports(document)) return;
    // The cells below an edited cell were checked with its text.
    const at = cellOf(document);
    if (at) for (const c of pythonCells(at.notebook)) if (c.index > at.cell.index) this.scheduleRefreshOf(c.document);
    this.scheduleRefreshOf(document);
  }

  private scheduleRefreshOf(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.refreshTimers.get(key));
    this.refreshTimers.set(
      key,
      setTimeout(() => {
        this.refreshTimers.delete(key);
        void this.refresh(document);
      }, 100),
    );
  }

  /** A large document's lenses wait for its save (see Documents.shown): this is it. */
  private saved(document: vscode.TextDocument): void {
    if (!Documents.supports(document) || !Documents.isLarge(document)) return;
    void this.refresh(document);
    this.lensesChanged.fire();
  }

  private diagnosticsFor(uri: vscode.Uri, losses: DocLosses): vscode.Diagnostic[] {
    const out: vscode.Diagnostic[] = [];
    for (const [key, loss] of losses.byKey) {
      for (const e of loss.annotation?.errors ?? []) {
        out.push(
          diagnostic(
            toRange(e.range),
            vscode.l10n.t('Bad gradcheck annotation: {0}', render(e, vscode.l10n.t)),
            vscode.DiagnosticSeverity.Error,
            'gradcheck-annotation',
          ),
        );
      }
      const r = this.results.lastResult(uri, key);
      const message = r && !loss.annotation?.errors.length ? diagnosticMessage(r, vscode.l10n.t) : null;
      if (r && message)
        out.push(
          withResult(
            diagnostic(
              toRange(loss.nameRange),
              message,
              r.verdict === 'fail' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
              `gradcheck-${r.verdict}`,
            ),
            loss,
            uri,
          ),
        );
      const reference = r && !loss.annotation?.errors.length ? referenceDiagnosticMessage(r, vscode.l10n.t) : null;
      if (r && reference)
        out.push(
          withResult(
            diagnostic(toRange(loss.nameRange), reference, vscode.DiagnosticSeverity.Warning, 'gradcheck-reference'),
            loss,
            uri,
          ),
        );
    }
    return out;
  }

  private forget(uri: vscode.Uri): void {
    // Results of a closed file stay (the Test Explorer and hovers show them when it reopens) only
    // while its code is unchanged; the next open refreshes. Diagnostics of a closed file stay too,
    // like a linter's.
    clearTimeout(this.refreshTimers.get(uri.toString()));
    this.refreshTimers.delete(uri.toString());
  }

  private updateStatus(): void {
    const n = this.running.size;
    if (n === 0) return this.status.hide();
    this.status.text = `$(sync~spin) ${n === 1 ? vscode.l10n.t('Grad-check running') : vscode.l10n.t('{0} grad-checks running', n)}`;
    this.status.tooltip = [...this.running.keys()].map((k) => k.split('#').pop()).join(', ');
    this.status.show();
  }

  dispose(): void {
    for (const t of this.refreshTimers.values()) clearTimeout(t);
    this.checkerInstance?.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

function id(t: CheckTarget): string {
  return `${t.uri.toString()}#${t.key}`;
}

/**
 * The path the checker runs: the file itself; a virtual or remote file's path (the check runs the
 * editor's text, as for unsaved changes); or for an untitled document a name that says its language.
 */
function fileOf(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  if ((WORKSPACE_SCHEMES as readonly string[]).includes(document.uri.scheme)) return document.uri.path;
  const ext =
    { python: '.py', typescript: '.ts', typescriptreact: '.tsx', javascript: '.js', javascriptreact: '.jsx' }[
      document.languageId
    ] ?? '';
  return path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', `untitled${ext}`);
}

/** A result's fingerprint: its code's, and in a notebook the text of the cells above it, which the check ran too. */
function withCellsAbove(fingerprint: string, cell: CellContext | null): string {
  return cell ? [fingerprint, ...cell.cells.slice(0, -1).map((c) => c.text)].join('\u0001') : fingerprint;
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function diagnostic(
  range: vscode.Range,
  message: string,
  severity: vscode.DiagnosticSeverity,
  code: string,
): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = code;
  return d;
}

function withResult(d: vscode.Diagnostic, loss: DiscoveredLoss, uri: vscode.Uri): vscode.Diagnostic {
  if (loss.annotation)
    d.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(uri, toRange(loss.annotation.range)),
        vscode.l10n.t('gradcheck annotation'),
      ),
    ];
  return d;
}

/** The log line after checking a whole file. */
function summary(file: string, results: CheckResult[], cancelled: boolean): string {
  const n = (v: CheckResult['verdict']): number => results.filter((r) => r.verdict === v).length;
  const counts = [file, n('pass'), n('fail'), n('error'), n('skipped')];
  return cancelled
    ? vscode.l10n.t('{0}: {1} pass, {2} fail, {3} error, {4} skipped (cancelled)', ...counts)
    : vscode.l10n.t('{0}: {1} pass, {2} fail, {3} error, {4} skipped', ...counts);
}

/** Restricted Mode: say why nothing runs and offer the trust editor. */
export async function offerTrust(): Promise<void> {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showWarningMessage(notifications.needsTrust(vscode.l10n.t), manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
