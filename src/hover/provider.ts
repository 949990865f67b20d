/**
 * The hover provider: framework losses (./resolveSymbol over the file's import bindings, cached
 * per document version; in a notebook, over the cells above too: ./bindingChain) and the user's
 * own losses with a grad-check result. Thin: the knowledge
 * is in ./frameworkLosses, the text in ./format.
 */
import { displayLanguageOf } from '../displayLanguage';
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { listLosses, localizeTex, type LossInfo } from '../engine';
import { formatNumber, type CheckResult } from '../gradcheck';
import { hoverMarkdown, type HoverLabels } from './format';
import { FormulaImages, inkFor } from './formulas';
import { cellOf, pythonCells } from '../notebookCells';
import type { SyntaxLanguage } from '../syntax/bindings';
import { Cancelled, runSliced } from '../syntax/slices';
import { BindingChain, type Layer, type Source } from './bindingChain';
import { frameworkLossAt } from './resolveSymbol';

/** What the hover reads of grad-check's results (src/lens/results.ts's ResultStore). */
export interface ResultsSource {
  lastResult(uri: vscode.Uri, functionName: string): CheckResult | undefined;
  entries(uri: vscode.Uri): ReadonlyMap<string, { result: CheckResult }>;
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

export const HOVER_LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'] as const;

function hoverLanguage(languageId: string): SyntaxLanguage {
  return languageId === 'python' ? 'python' : 'script';
}

/** How many lines after the hovered one a call's keyword arguments are looked for in. */
const CALL_LINES = 8;

export class LossHoverProvider implements vscode.HoverProvider, vscode.Disposable {
  /** Each document's (or cell's) import bindings and loss objects, per version; a notebook cell's read after the cells above it. */
  private readonly chain = new BindingChain((steps, signal) => runSliced(steps, { signal }));
  /** When each result arrived (CheckResult has no time of its own). */
  private readonly arrived = new WeakMap<CheckResult, number>();
  private catalog: Map<string, LossInfo> | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly images: FormulaImages,
    private readonly results: ResultsSource,
  ) {
    this.disposables = [
      vscode.workspace.onDidCloseTextDocument((d) => this.chain.forget(d.uri.toString())),
      vscode.window.onDidChangeActiveColorTheme(() => this.images.recolour()),
      results.onDidChange((uri) => {
        const now = Date.now();
        for (const { result } of results.entries(uri).values())
          if (!this.arrived.has(result)) this.arrived.set(result, now);
      }),
    ];
  }

  /**
   * What the hover reads for a document: its import bindings and loss objects, and for a notebook's
   * Python cell those of the Python cells above it too, in cell order (the hovered cell last).
   * Scanned a slice at a time (a long file's scan is tens of ms), once per version; a newer
   * version's scan stops an older one's, whose promise rejects with Cancelled.
   */
  layersOf(document: vscode.TextDocument): Promise<Layer[]> {
    const at = document.languageId === 'python' ? cellOf(document) : undefined;
    const source = (d: vscode.TextDocument, cell?: number): Source => ({
      key: d.uri.toString(),
      version: d.version,
      language: hoverLanguage(d.languageId),
      text: () => d.getText(),
      ...(cell !== undefined ? { cell: cell + 1 } : {}),
    });
    return this.chain.layers(
      at ? pythonCells(at.notebook, at.cell.index).map((c) => source(c.document, c.index)) : [source(document)],
    );
  }

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token?: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const line = document.lineAt(position.line).text;
    const lastLine = Math.min(document.lineCount - 1, position.line + CALL_LINES);
    const after =
      lastLine > position.line
        ? document.getText(new vscode.Range(position.line + 1, 0, lastLine, document.lineAt(lastLine).text.length))
        : '';
    const layers = await this.layersOf(document).catch((e: unknown) => {
      if (e instanceof Cancelled) return undefined;
      throw e;
    });
    if (!layers || token?.isCancellationRequested) return undefined;
    const own = layers[layers.length - 1];
    const found = frameworkLossAt(
      line,
      position.character,
      own.bindings,
      after,
      () => layers.map((l) => () => l.instances()),
      position.line,
    );
    const language = displayLanguageOf(vscode.env.language);
    if (found) {
      const info = this.info(found.catalogId);
      if (!info) return undefined;
      // Read once, on the first formula hover; later hovers find it loaded.
      await this.images.load();
      const ink = inkFor(vscode.window.activeColorTheme.kind);
      const md = hoverMarkdown(found, info, language, labels(), {
        loss: this.images.uri(localizeTex(info.tex.loss, language), ink),
        grad: this.images.uri(localizeTex(info.tex.grad, language), ink),
      });
      return new vscode.Hover(
        markdown(md, true),
        new vscode.Range(position.line, found.start, position.line, found.end),
      );
    }
    return this.userLossHover(document, position, line);
  }

  private info(id: string): LossInfo | undefined {
    this.catalog ??= new Map(listLosses().map((l) => [l.id, l]));
    return this.catalog.get(id);
  }

  /** A loss the user wrote, with a grad-check result: its verdict, worst element and when. */
  private userLossHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    line: string,
  ): vscode.Hover | undefined {
    const range = document.getWordRangeAtPosition(position, /[A-Za-z_$][\w$]*/);
    if (!range) return undefined;
    const word = document.getText(range);
    const before = line.slice(0, range.start.character);
    const owner = /([A-Za-z_$][\w$]*)\.$/.exec(before)?.[1];
    const key = owner && this.results.lastResult(document.uri, `${owner}.${word}`) ? `${owner}.${word}` : word;
    const r = this.results.lastResult(document.uri, key);
    if (!r) return undefined;
    return new vscode.Hover(markdown(resultMarkdown(key, r, this.arrived.get(r)), false), range);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.chain.clear();
  }
}

function markdown(text: string, withCommand: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.supportHtml = false;
  if (withCommand) md.isTrusted = { enabledCommands: [COMMANDS.open] };
  return md;
}

function labels(): HoverLabels {
  const t = vscode.l10n.t;
  return {
    parameters: t('Parameter'),
    defaultColumn: t('Default'),
    reduction: t('Default reduction'),
    arguments: t('Arguments'),
    differs: t('Where it differs elsewhere'),
    open: t('Open in Loss Playground'),
    formulaAlt: t('loss formula'),
    gradientAlt: t('gradient formula'),
    thisCall: t('this call'),
    playgroundShows: (title) => t('With these arguments this computes {0}.', title),
    reductionThisCall: t('Reduction in this call'),
    holds: (name, construction, line, cell) =>
      cell === undefined
        ? t('{0} holds {1} (line {2})', name, construction, line)
        : t('{0} holds {1} (cell {2}, line {3})', name, construction, cell, line),
  };
}

function resultMarkdown(key: string, r: CheckResult, at: number | undefined): string {
  const t = vscode.l10n.t;
  const verdict =
    r.verdict === 'pass'
      ? t('✓ gradient matches')
      : r.verdict === 'fail'
        ? t('✗ gradient mismatch')
        : r.verdict === 'error'
          ? t('⚠ grad-check error')
          : t('– grad-check skipped');
  const out = [`**${key}** · ${t('last grad-check')}: ${verdict}`, ''];
  if (r.maxRelError !== null) out.push(`- ${t('max relative error')}: \`${formatNumber(r.maxRelError)}\``);
  if (r.worst)
    out.push(
      `- ${t('worst element')}: \`[${r.worst.index.join(', ')}]\` · ${t('analytic {0} vs numeric {1}', formatNumber(r.worst.analytic), formatNumber(r.worst.numeric))}`,
    );
  if (r.gradient) out.push(`- ${t('gradient from')}: \`${r.gradient}\``);
  if (r.verdict === 'error' || r.verdict === 'skipped') out.push(`- ${r.message.split('\n')[0]}`);
  if (at !== undefined) out.push(`- ${t('checked at {0}', new Date(at).toLocaleTimeString(vscode.env.language))}`);
  return out.join('\n');
}
