/**
 * The hover provider: framework losses (./resolveSymbol over the file's import bindings, cached
 * per document version) and the user's own losses with a grad-check result. Thin: the knowledge
 * is in ./frameworkLosses, the text in ./format.
 */
import { displayLanguageOf, type DisplayLanguage } from '../displayLanguage';
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { listLosses, localizeTex, type LossInfo } from '../engine';
import { formatNumber, type CheckResult } from '../gradcheck';
import { hoverMarkdown, type HoverLabels } from './format';
import { FormulaImages, inkFor } from './formulas';
import { bindingSteps, type Bindings, type SyntaxLanguage } from '../syntax/bindings';
import { Cancelled, runSliced } from '../syntax/slices';
import { scanInstances, type LossInstances } from './instances';
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
  private readonly bindings = new Map<string, { version: number; languageId: string; bindings: Promise<Bindings>; abort: AbortController }>();
  /** Loss objects each document builds (`criterion = nn.CrossEntropyLoss()`), scanned once per version. */
  private readonly instances = new Map<string, { document: vscode.TextDocument; version: number; instances: LossInstances }>();
  /** When each result arrived (CheckResult has no time of its own). */
  private readonly arrived = new WeakMap<CheckResult, number>();
  private catalog: Map<string, LossInfo> | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly images: FormulaImages,
    private readonly results: ResultsSource,
  ) {
    this.disposables = [
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.bindings.get(d.uri.toString())?.abort.abort();
        this.bindings.delete(d.uri.toString());
        this.instances.delete(d.uri.toString());
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.images.recolour()),
      results.onDidChange((uri) => {
        const now = Date.now();
        for (const { result } of results.entries(uri).values()) if (!this.arrived.has(result)) this.arrived.set(result, now);
      }),
    ];
  }

  /**
   * The document's import bindings, scanned once per version a slice at a time (a long file's scan
   * is tens of ms); a newer version's scan stops an older one's, whose promise rejects with Cancelled.
   */
  bindingsOf(document: vscode.TextDocument): Promise<Bindings> {
    const key = document.uri.toString();
    const c = this.bindings.get(key);
    if (c && c.version === document.version && c.languageId === document.languageId) return c.bindings;
    c?.abort.abort();
    const abort = new AbortController();
    const bindings = runSliced(bindingSteps(document.getText(), hoverLanguage(document.languageId)), { signal: abort.signal });
    bindings.catch(() => undefined); // a scan nobody waits for any more may be cancelled unseen
    this.bindings.set(key, { version: document.version, languageId: document.languageId, bindings, abort });
    return bindings;
  }

  private instancesOf(document: vscode.TextDocument, bindings: Bindings): LossInstances {
    const key = document.uri.toString();
    const c = this.instances.get(key);
    if (c && c.document === document && c.version === document.version) return c.instances;
    const instances = scanInstances(document.getText(), bindings);
    this.instances.set(key, { document, version: document.version, instances });
    return instances;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const line = document.lineAt(position.line).text;
    const lastLine = Math.min(document.lineCount - 1, position.line + CALL_LINES);
    const after = lastLine > position.line ? document.getText(new vscode.Range(position.line + 1, 0, lastLine, document.lineAt(lastLine).text.length)) : '';
    const bindings = await this.bindingsOf(document).catch((e: unknown) => (e instanceof Cancelled ? undefined : Promise.reject(e)));
    if (!bindings || token?.isCancellationRequested) return undefined;
    const found = frameworkLossAt(line, position.character, bindings, after, () => this.instancesOf(document, bindings), position.line);
    const language = displayLanguageOf(vscode.env.language);
    if (found) {
      const info = this.info(found.catalogId);
      if (!info) return undefined;
      // Read once, on the first formula hover; later hovers find it loaded.
      await this.images.load();
      const ink = inkFor(vscode.window.activeColorTheme.kind);
      const md = hoverMarkdown(found, info, language, labels(), { loss: this.images.uri(localizeTex(info.tex.loss, language), ink), grad: this.images.uri(localizeTex(info.tex.grad, language), ink) });
      return new vscode.Hover(markdown(md, true), new vscode.Range(position.line, found.start, position.line, found.end));
    }
    return this.userLossHover(document, position, line, language);
  }

  private info(id: string): LossInfo | undefined {
    this.catalog ??= new Map(listLosses().map((l) => [l.id, l]));
    return this.catalog.get(id);
  }

  /** A loss the user wrote, with a grad-check result: its verdict, worst element and when. */
  private userLossHover(document: vscode.TextDocument, position: vscode.Position, line: string, language: DisplayLanguage): vscode.Hover | undefined {
    const range = document.getWordRangeAtPosition(position, /[A-Za-z_$][\w$]*/);
    if (!range) return undefined;
    const word = document.getText(range);
    const before = line.slice(0, range.start.character);
    const owner = /([A-Za-z_$][\w$]*)\.$/.exec(before)?.[1];
    const key = owner && this.results.lastResult(document.uri, `${owner}.${word}`) ? `${owner}.${word}` : word;
    const r = this.results.lastResult(document.uri, key);
    if (!r) return undefined;
    return new vscode.Hover(markdown(resultMarkdown(key, r, this.arrived.get(r), language), false), range);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.bindings.clear();
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
    holds: (name, construction, line) => t('{0} holds {1} (line {2})', name, construction, line),
  };
}

function resultMarkdown(key: string, r: CheckResult, at: number | undefined, _language: DisplayLanguage): string {
  const t = vscode.l10n.t;
  const verdict =
    r.verdict === 'pass' ? t('✓ gradient matches') : r.verdict === 'fail' ? t('✗ gradient mismatch') : r.verdict === 'error' ? t('⚠ grad-check error') : t('– grad-check skipped');
  const out = [`**${key}** · ${t('last grad-check')}: ${verdict}`, ''];
  if (r.maxRelError !== null) out.push(`- ${t('max relative error')}: \`${formatNumber(r.maxRelError)}\``);
  if (r.worst) out.push(`- ${t('worst element')}: \`[${r.worst.index.join(', ')}]\` · ${t('analytic {0} vs numeric {1}', formatNumber(r.worst.analytic), formatNumber(r.worst.numeric))}`);
  if (r.gradient) out.push(`- ${t('gradient from')}: \`${r.gradient}\``);
  if (r.verdict === 'error' || r.verdict === 'skipped') out.push(`- ${r.message.split('\n')[0]}`);
  if (at !== undefined) out.push(`- ${t('checked at {0}', new Date(at).toLocaleTimeString(vscode.env.language))}`);
  return out.join('\n');
}
