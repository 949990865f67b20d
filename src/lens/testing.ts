/**
 * Grad-checks in the Test Explorer: one test item per file with a loss, one child per loss. Open
 * documents are listed as they are discovered; the rest of the workspace when the Test Explorer
 * asks (resolveHandler), by reading the files (discovery only, no user code). Runs go through the
 * same service as the lenses, so their results show on the lenses and as diagnostics too.
 * A notebook is one item too, its losses named by cell (./notebookTests): from its cells while it
 * is open, from the file otherwise; running one from a closed notebook opens it (not in an editor)
 * to check the loss with the cells above it, as its lens does.
 */
import * as vscode from 'vscode';
import {
  detailsText,
  diagnosticMessage,
  discoverLossesSliced,
  type CheckResult,
  type DiscoveredLoss,
} from '../gradcheck';
import { cellOf, CELL_SCHEME, pythonCells } from '../notebookCells';
import { isNotebook } from '../syntax/notebook';
import { sourceLanguageOf } from '../syntax/sourceLanguage';
import { lossKey } from './fingerprint';
import { Documents, toRange, WORKSPACE_SCHEMES } from './documents';
import { notebookFileLosses, notebookLossId, parseNotebookLossId } from './notebookTests';
import type { CheckTarget, GradcheckService } from './service';

const SOURCE_GLOB = '**/*.{py,ts,tsx,mts,cts,js,jsx,mjs,cjs,ipynb}';
const EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,build,.venv,venv,env,__pycache__,.vscode-test,site-packages}/**';
const MAX_FILES = 2000;
const MAX_BYTES = 1024 * 1024;

export class GradcheckTests implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController(
    'lossPlayground.gradcheck',
    vscode.l10n.t('Grad-check'),
  );
  private readonly disposables: vscode.Disposable[] = [this.controller];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly service: GradcheckService) {
    this.controller.createRunProfile(
      vscode.l10n.t('Grad-check'),
      vscode.TestRunProfileKind.Run,
      (request, token) => this.run(request, token),
      true,
    );
    this.controller.resolveHandler = (item) => (item ? this.resolveFile(item) : this.discoverWorkspace());
    this.controller.refreshHandler = () => this.discoverWorkspace();
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => void this.fromDocument(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      // A large document is discovered again when saved, not when edited.
      vscode.workspace.onDidSaveTextDocument((d) => void this.fromDocument(d)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.later(nb.uri, () => this.fromNotebook(nb))),
      // Cells added, removed or moved.
      vscode.workspace.onDidChangeNotebookDocument(
        (e) => e.contentChanges.length && this.later(e.notebook.uri, () => this.fromNotebook(e.notebook)),
      ),
      // Its cells' documents are gone: what the file on disk holds.
      vscode.workspace.onDidCloseNotebookDocument((nb) => void this.readFile(nb.uri)),
    );
    for (const d of vscode.workspace.textDocuments) void this.fromDocument(d);
    for (const nb of vscode.workspace.notebookDocuments) void this.fromNotebook(nb);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!Documents.supports(document)) return;
    const nb = document.uri.scheme === CELL_SCHEME ? cellOf(document) : undefined;
    if (nb) this.later(nb.notebook.uri, () => this.fromNotebook(nb.notebook));
    else this.later(document.uri, () => this.fromDocument(document));
  }

  private later(uri: vscode.Uri, update: () => Promise<void>): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => (this.timers.delete(key), void update()), 300),
    );
  }

  private async fromDocument(document: vscode.TextDocument): Promise<void> {
    if (document.uri.scheme === CELL_SCHEME) {
      const nb = cellOf(document);
      if (nb) this.later(nb.notebook.uri, () => this.fromNotebook(nb.notebook));
      return;
    }
    if (!(WORKSPACE_SCHEMES as readonly string[]).includes(document.uri.scheme)) return;
    const shown = await this.service.documents.shown(document);
    if (shown && !shown.stale) this.setFile(document.uri, shown.losses.discovery.losses);
  }

  /** An open notebook's losses, from its Python cells' documents (as their lenses find them). */
  private async fromNotebook(nb: vscode.NotebookDocument): Promise<void> {
    if (nb.isClosed || !(WORKSPACE_SCHEMES as readonly string[]).includes(nb.uri.scheme)) return;
    const cells: NotebookLosses = [];
    for (const cell of pythonCells(nb)) {
      const shown = await this.service.documents.shown(cell.document);
      // Edited meanwhile: the next update lists it.
      if (!shown || shown.stale || nb.isClosed) return;
      cells.push({ cell: cell.index + 1, uri: cell.document.uri, losses: shown.losses.discovery.losses });
    }
    this.setNotebook(nb.uri, cells);
  }

  /**
   * Lists a notebook's item and its losses, labelled with their cell. An item points into its
   * cell while the notebook is open (VS Code fixes an item's URI when it is made: it is made again
   * when the notebook opens or closes), else at the notebook.
   */
  private setNotebook(uri: vscode.Uri, cells: NotebookLosses): void {
    const id = uri.toString();
    if (!cells.some((c) => c.losses.length)) {
      this.controller.items.delete(id);
      return;
    }
    let file = this.controller.items.get(id);
    if (!file) {
      file = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri, false), uri);
      this.controller.items.add(file);
    }
    const children = cells.flatMap((c) =>
      c.losses.map((loss) => {
        const key = lossKey(loss);
        const childId = notebookLossId(id, c.cell, key);
        const target = c.uri ?? uri;
        const old = file.children.get(childId);
        const item =
          old && old.uri?.toString() === target.toString() ? old : this.controller.createTestItem(childId, key, target);
        item.range = c.uri ? toRange(loss.nameRange) : undefined;
        item.description = vscode.l10n.t('cell {0}', c.cell);
        return item;
      }),
    );
    file.children.replace(children);
    file.canResolveChildren = false;
  }

  /** The cell document a notebook loss's item runs in: the notebook's, opened (not shown) when it is closed. */
  private async notebookTarget(t: { notebook: string; cell: number; key: string }): Promise<CheckTarget | undefined> {
    const uri = vscode.Uri.parse(t.notebook);
    const nb =
      vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === t.notebook) ??
      (await vscode.workspace.openNotebookDocument(uri));
    const cell = t.cell - 1 < nb.cellCount ? nb.cellAt(t.cell - 1) : undefined;
    return cell && pythonCells(nb).includes(cell) ? { uri: cell.document.uri, key: t.key } : undefined;
  }

  /** Lists (or updates, or removes) a file's item and its losses. */
  private setFile(uri: vscode.Uri, losses: DiscoveredLoss[]): void {
    const id = uri.toString();
    if (losses.length === 0) {
      this.controller.items.delete(id);
      return;
    }
    let file = this.controller.items.get(id);
    if (!file) {
      file = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri, false), uri);
      this.controller.items.add(file);
    }
    const children = losses.map((loss) => {
      const key = lossKey(loss);
      const item = file.children.get(`${id}#${key}`) ?? this.controller.createTestItem(`${id}#${key}`, key, uri);
      item.range = toRange(loss.nameRange);
      item.description = loss.language === 'python' && loss.kind === 'class' ? loss.base : undefined;
      return item;
    });
    file.children.replace(children);
    file.canResolveChildren = false;
  }

  private async resolveFile(item: vscode.TestItem): Promise<void> {
    if (item.uri) await this.readFile(item.uri);
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    if (isNotebook(uri.path)) return this.readNotebook(uri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.fromDocument(open);
    const language = sourceLanguageOf(uri.fsPath);
    if (!language || uri.fsPath.endsWith('.d.ts')) return;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BYTES) return;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      this.setFile(uri, (await discoverLossesSliced(text, language, uri.fsPath)).losses);
    } catch {
      // Unreadable or vanished meanwhile: not a loss file.
    }
  }

  private async readNotebook(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString() && !n.isClosed);
    if (open) return this.fromNotebook(open);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BYTES) return;
      const json = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      this.setNotebook(uri, await notebookFileLosses(json, uri.path.split('/').pop() ?? uri.path));
    } catch {
      // Unreadable, not a notebook, or vanished meanwhile: no losses to list.
    }
  }

  private async discoverWorkspace(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) return;
    const files = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE_GLOB, MAX_FILES);
    for (const uri of files) await this.readFile(uri);
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      if (!request.include) await this.discoverWorkspace();
      const excluded = new Set((request.exclude ?? []).map((i) => i.id));
      const leaves: vscode.TestItem[] = [];
      const collect = (item: vscode.TestItem): void => {
        if (excluded.has(item.id)) return;
        if (item.children.size === 0) leaves.push(item);
        else item.children.forEach(collect);
      };
      const roots: vscode.TestItem[] = [];
      if (request.include) roots.push(...request.include);
      else this.controller.items.forEach((i) => roots.push(i));
      roots.forEach(collect);
      for (const item of leaves) run.enqueued(item);
      for (const item of leaves) {
        if (token.isCancellationRequested) {
          run.skipped(item);
          continue;
        }
        if (!this.service.trusted) {
          run.appendOutput(
            `${vscode.l10n.t('Grad-check runs your code, so it needs a trusted workspace. This workspace is in Restricted Mode.')}\r\n`,
          );
          run.skipped(item);
          continue;
        }
        const inNotebook = parseNotebookLossId(item.id);
        const [uriText, key] = inNotebook ? [inNotebook.notebook, inNotebook.key] : splitId(item.id);
        if (!key || !item.uri) continue;
        run.started(item);
        const target = inNotebook
          ? await this.notebookTarget(inNotebook).catch(() => undefined)
          : { uri: vscode.Uri.parse(uriText), key };
        const result = target && (await this.service.check(target, { signal: abort.signal }));
        if (!result) {
          run.errored(item, new vscode.TestMessage(vscode.l10n.t('{0} is no longer in the file.', key)));
          continue;
        }
        run.appendOutput(
          detailsText(result, vscode.l10n.t).replace(/\n/g, '\r\n') + '\r\n',
          item.range ? new vscode.Location(item.uri, item.range) : undefined,
          item,
        );
        report(run, item, result);
      }
    } finally {
      sub.dispose();
      run.end();
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Each Python cell's losses (cells counted from 1), with the cell's document while the notebook is open. */
type NotebookLosses = { cell: number; uri?: vscode.Uri; losses: DiscoveredLoss[] }[];

function splitId(id: string): [string, string | undefined] {
  const hash = id.lastIndexOf('#');
  return hash < 0 ? [id, undefined] : [id.slice(0, hash), id.slice(hash + 1)];
}

function report(run: vscode.TestRun, item: vscode.TestItem, r: CheckResult): void {
  const location = item.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined;
  const message = (text: string): vscode.TestMessage => {
    const m = new vscode.TestMessage(text);
    if (location) m.location = location;
    return m;
  };
  switch (r.verdict) {
    case 'pass':
      return run.passed(item, r.durationMs);
    case 'skipped':
      return run.skipped(item);
    case 'fail': {
      const w = r.worst;
      const failed = diagnosticMessage(r, vscode.l10n.t)!;
      const m = w
        ? vscode.TestMessage.diff(
            failed,
            vscode.l10n.t('numeric {0}', w.numeric),
            vscode.l10n.t('analytic {0}', w.analytic),
          )
        : message(r.message);
      if (location) m.location = location;
      return run.failed(item, m, r.durationMs);
    }
    case 'error':
      return run.errored(
        item,
        message(`${diagnosticMessage(r, vscode.l10n.t)}${r.traceback ? `\n\n${r.traceback}` : ''}`),
        r.durationMs,
      );
  }
}
