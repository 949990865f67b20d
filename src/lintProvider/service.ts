/**
 * The lint in the editor: diagnostics as you type on Python, TypeScript and JavaScript documents
 * and on the Python cells of notebooks. Each document keeps its syntax tree and reparses only what
 * an edit touched (src/syntax/incremental); a newly opened document is parsed, and every document
 * analysed, in slices of about 8 ms that give the thread back in between.
 * A notebook is read as its Python cells run, top to bottom (src/lint/notebook.ts): one reading per
 * notebook, whose joined text keeps its tree across edits as a document does, and whose
 * diagnostics go to the cells they are in; one whose other line is in another cell points there.
 */
import { displayLanguageOf, type DisplayLanguage } from '../displayLanguage';
import * as vscode from 'vscode';
import { COMMANDS, commandUri } from '../commands';
import { lineLabel, lintSteps, parserFor, renderMessage, type LintDiagnostic, type Span, type Steps } from '../lint';
import { lintCellsSteps } from '../lint/notebook';
import { CELL_SCHEME, cellOf, pythonCells } from '../notebookCells';
import { changeBetween, IncrementalTree } from '../syntax/incremental';
import { dialectOfLanguageId } from '../syntax/sourceLanguage';
import { LineIndex } from '../syntax/nodes';
import { blankMagics, JoinedCells } from '../syntax/notebook';
import { pythonParser } from '../syntax/parsers';
import { Cancelled, runSliced } from '../syntax/slices';
import { affectsLint, lintConfig } from './config';

export const LINT_SOURCE = 'Loss Playground';

/** Where documents come from that are worth linting (not output channels, git views, chat blocks). */
const SCHEMES = new Set(['file', 'untitled', CELL_SCHEME, 'vscode-remote', 'vscode-vfs', 'vscode-test-web']);

/** How long typing pauses before a run; the budget is per run, this keeps runs rare while typing. */
const DELAY_MS = 300;

/** A shown diagnostic with what the quick fixes need: its edits as ranges in its document. */
export type Shown = {
  diagnostic: vscode.Diagnostic;
  lint: LintDiagnostic;
  fixes: { title: string; edits: { range: vscode.Range; insert: string }[] }[];
};

/** Maps offsets of the linted text to places in documents: one document, or a notebook's cells. */
type Mapper = {
  /** The document and range of a span, or undefined when it is outside what may be shown. */
  place: (span: Span) => { uri: vscode.Uri; range: vscode.Range } | undefined;
  label: (span: Span, language: DisplayLanguage) => string;
};

/** A notebook's joined cells as last read, and their tree, kept across edits. */
type NotebookState = { tree: IncrementalTree; text: string; version: number; cells: Set<string> };

export class LintService implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lossPlayground.lint');
  private readonly trees = new Map<string, IncrementalTree>();
  private readonly notebooks = new Map<string, NotebookState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly shown = new Map<string, { version: number; items: Shown[] }>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.scheduleNotebook(nb, 0)),
      // Cells added, removed or moved.
      vscode.workspace.onDidChangeNotebookDocument(
        (e) => e.contentChanges.length && this.scheduleNotebook(e.notebook, DELAY_MS),
      ),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.forgetNotebook(nb)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsLint(e)) this.relintAll();
      }),
    ];
    this.relintAll();
  }

  /** The diagnostics shown on a document, for the code actions; only while it is unchanged. */
  shownOn(document: vscode.TextDocument): readonly Shown[] {
    const s = this.shown.get(document.uri.toString());
    return s && s.version === document.version ? s.items : [];
  }

  private relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    for (const nb of vscode.workspace.notebookDocuments) this.scheduleNotebook(nb, 0);
  }

  private supported(d: vscode.TextDocument): boolean {
    return SCHEMES.has(d.uri.scheme) && dialectOfLanguageId(d.languageId) !== null;
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const d = e.document;
    if (!this.supported(d) || e.contentChanges.length === 0) return;
    this.trees.get(d.uri.toString())?.edit(
      d.version,
      e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })),
    );
    this.schedule(d, DELAY_MS);
  }

  /** Lints a document after `delay` ms; a notebook's cell, with its notebook. */
  schedule(d: vscode.TextDocument, delay: number): void {
    if (!this.supported(d)) return;
    if (d.uri.scheme === CELL_SCHEME) {
      // A cell is never read alone; before its notebook is known, the notebook's opening lints it.
      const nb = cellOf(d);
      if (nb) this.scheduleNotebook(nb.notebook, delay);
      return;
    }
    this.later(d.uri.toString(), delay, () => this.run(d));
  }

  /** A closed cell (deleted, or its language changed) may have held what the cells below it read. */
  private closed(d: vscode.TextDocument): void {
    this.forget(d.uri);
    const key = d.uri.toString();
    for (const [notebook, state] of this.notebooks) {
      if (!state.cells.has(key)) continue;
      const nb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === notebook);
      if (nb) this.scheduleNotebook(nb, DELAY_MS);
    }
  }

  private scheduleNotebook(nb: vscode.NotebookDocument, delay: number): void {
    this.later(nb.uri.toString(), delay, () => this.runNotebook(nb));
  }

  private later(key: string, delay: number, run: () => Promise<void>): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void run().catch((e: unknown) => console.error('[Loss Playground] lint failed', e));
      }, delay),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.trees.delete(key);
    this.shown.delete(key);
    this.collection.delete(uri);
  }

  private forgetNotebook(nb: vscode.NotebookDocument): void {
    this.forget(nb.uri);
    for (const key of this.notebooks.get(nb.uri.toString())?.cells ?? []) this.forget(vscode.Uri.parse(key));
    for (const c of nb.getCells()) this.forget(c.document.uri);
    this.notebooks.delete(nb.uri.toString());
  }

  /** Lints a document now and publishes what it finds; a notebook's cell, with its notebook. */
  async run(d: vscode.TextDocument): Promise<void> {
    if (d.isClosed || !this.supported(d)) return;
    if (d.uri.scheme === CELL_SCHEME) {
      const nb = cellOf(d);
      return nb ? this.runNotebook(nb.notebook) : undefined;
    }
    const config = lintConfig(d.uri);
    if (!config.enable) {
      this.publish(d, []);
      return;
    }
    const dialect = dialectOfLanguageId(d.languageId);
    if (!dialect) return;
    const { language, jsx } = dialect;
    const version = d.version;
    const key = d.uri.toString();
    let tree = this.trees.get(key);
    if (!tree) this.trees.set(key, (tree = new IncrementalTree(parserFor(language, jsx))));
    const text = d.getText();
    const stale = (): boolean => d.isClosed || d.version !== version;
    const parsed = await sliced(tree.parseSteps(text, version), stale);
    if (!parsed || stale()) return;
    const found = await sliced(lintSteps(text, language, { tree: parsed, jsx, disabled: config.disabled }), stale);
    if (!found || stale()) return;
    const mapper: Mapper = {
      place: (span) => ({ uri: d.uri, range: new vscode.Range(d.positionAt(span.from), d.positionAt(span.to)) }),
      label: (span, lang) => lineLabel(d.positionAt(span.from).line + 1, lang),
    };
    this.publish(
      d,
      found.map((f) => this.toShown(d, f, mapper)).filter((s): s is Shown => !!s),
    );
  }

  /**
   * Lints a notebook's Python cells as they run, top to bottom, in one reading, and publishes each
   * cell's diagnostics. The joined text keeps its tree: an edit reparses around what changed.
   */
  async runNotebook(nb: vscode.NotebookDocument): Promise<void> {
    if (nb.isClosed) return;
    const cells = pythonCells(nb);
    const key = nb.uri.toString();
    let state = this.notebooks.get(key);
    if (!state)
      this.notebooks.set(
        key,
        (state = { tree: new IncrementalTree(pythonParser()), text: '', version: 0, cells: new Set() }),
      );
    // Cells that are no longer Python code cells (or gone) lose what they showed.
    const now = new Set(cells.map((c) => c.document.uri.toString()));
    for (const old of state.cells) if (!now.has(old)) this.forget(vscode.Uri.parse(old));
    state.cells = now;
    const config = lintConfig(nb.uri);
    if (!config.enable) {
      for (const c of cells) this.publish(c.document, []);
      return;
    }
    const versions = (): string =>
      pythonCells(nb)
        .map((c) => `${c.document.uri.toString()}@${c.document.version}`)
        .join('|');
    const read = versions();
    const stale = (): boolean => nb.isClosed || versions() !== read;
    const joined = new JoinedCells(cells.map((c) => ({ index: c.index + 1, text: blankMagics(c.document.getText()) })));
    if (joined.text !== state.text) {
      state.tree.edit(++state.version, [changeBetween(state.text, joined.text)]);
      state.text = joined.text;
    }
    const version = state.version;
    const parsed = await sliced(state.tree.parseSteps(joined.text, version), stale);
    if (!parsed || stale()) return;
    const found = await sliced(lintCellsSteps(joined, { tree: parsed, disabled: config.disabled }), stale);
    if (!found || stale()) return;
    const lines = new LineIndex(joined.text);
    const where = (offset: number): { cell: vscode.NotebookCell; position: vscode.Position } => {
      const p = lines.positionAt(offset);
      const at = joined.locate(p.line);
      return { cell: cells[at.position], position: new vscode.Position(at.line, p.character) };
    };
    const place: Mapper['place'] = (span) => {
      const a = where(span.from);
      const b = where(span.to);
      return {
        uri: a.cell.document.uri,
        range: new vscode.Range(
          a.position,
          a.cell === b.cell ? b.position : a.cell.document.lineAt(a.position.line).range.end,
        ),
      };
    };
    const byCell = new Map<vscode.NotebookCell, LintDiagnostic[]>(cells.map((c) => [c, []]));
    for (const f of found) byCell.get(where(f.span.from).cell)?.push(f);
    for (const [cell, diagnostics] of byCell) {
      // A place in this cell is named by its line; in another cell, by cell and line.
      const mapper: Mapper = {
        place,
        label: (span, language) => {
          const a = where(span.from);
          return a.cell === cell
            ? lineLabel(a.position.line + 1, language)
            : lineLabel(a.position.line + 1, language, a.cell.index + 1);
        },
      };
      this.publish(
        cell.document,
        diagnostics.map((f) => this.toShown(cell.document, f, mapper)).filter((s): s is Shown => !!s),
      );
    }
  }

  private publish(d: vscode.TextDocument, items: Shown[]): void {
    this.shown.set(d.uri.toString(), { version: d.version, items });
    this.collection.set(
      d.uri,
      items.map((i) => i.diagnostic),
    );
  }

  private toShown(d: vscode.TextDocument, f: LintDiagnostic, mapper: Mapper): Shown | undefined {
    const at = mapper.place(f.span);
    if (!at || at.uri.toString() !== d.uri.toString()) return undefined;
    const language = displayLanguageOf(vscode.env.language);
    // The squiggle covers the call's first line: a compile(...) over ten lines would underline them all.
    const range = at.range.isSingleLine
      ? at.range
      : new vscode.Range(at.range.start, d.lineAt(at.range.start.line).range.end);
    const diagnostic = new vscode.Diagnostic(range, renderMessage(f, language, mapper.label), SEVERITY[f.severity]);
    diagnostic.source = LINT_SOURCE;
    diagnostic.code = { value: f.rule, target: vscode.Uri.parse(commandUri(COMMANDS.open, { scene: f.scene })) };
    if (f.related) {
      const other = mapper.place(f.related.span);
      if (other)
        diagnostic.relatedInformation = [
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(other.uri, other.range),
            f.related.label[language],
          ),
        ];
    }
    const fixes: Shown['fixes'] = [];
    for (const fix of f.fixes) {
      const edits = fix.edits.map((e) => ({ place: mapper.place(e), insert: e.insert }));
      // A fix must stay inside this document (a notebook cell's fix may not edit another cell).
      if (edits.some((e) => !e.place || e.place.uri.toString() !== d.uri.toString())) continue;
      fixes.push({
        title: fix.title[language],
        edits: edits.map((e) => ({ range: e.place!.range, insert: e.insert })),
      });
    }
    return { diagnostic, lint: f, fixes };
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

const SEVERITY: Record<LintDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/**
 * Runs steps (a parse, the lint's analysis) in slices of about 8 ms (../syntax/slices), giving
 * the thread back between them; undefined once `stale()` says the text changed meanwhile.
 */
async function sliced<T>(steps: Steps<T>, stale: () => boolean): Promise<T | undefined> {
  try {
    return await runSliced(steps, { stale });
  } catch (e) {
    if (e instanceof Cancelled) return undefined;
    throw e;
  }
}
