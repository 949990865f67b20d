/**
 * The import bindings and loss objects a hover reads, per document and version. A notebook cell
 * reads its own text after the Python cells above it, in cell order (`import optax` in cell 1,
 * `optax.softmax_cross_entropy(...)` in cell 6): each cell's binding statements are parsed once
 * per version of that cell (the costly part), and the cells are then read in order, each from the
 * bindings the one above it left; so are the lines that may build loss objects, which are then
 * resolved through those bindings. What a cell's reading gives is kept until that cell or one above
 * it changes: an edit invalidates its own cell and the cells below, never those above. Pure, no
 * `vscode`: documents come in as keys, versions and text.
 */
import {
  bindFrom,
  bindingSyntaxSteps,
  emptyBindings,
  type BindingSyntax,
  type Bindings,
  type SyntaxLanguage,
} from '../syntax/bindings';
import { Cancelled, type Steps } from '../syntax/slices';
import { assignedCalls, resolveInstances, type AssignedCalls, type LossInstances } from './instances';

/** One text a hover reads: a document, or one cell of a notebook. */
export type Source = {
  key: string;
  version: number;
  language: SyntaxLanguage;
  text: () => string;
  /** 1-based notebook cell number, for a cell. */
  cell?: number;
};

/** What one source binds, read after the sources above it. */
export type Layer = {
  source: Source;
  /** The bindings in effect at the end of this source. */
  bindings: Bindings;
  /** Loss objects this source builds, resolved through `bindings` on first ask. */
  instances(): LossInstances;
};

/** Runs steps to their end: at once (tests), or a slice at a time on the extension host. */
export type Runner = <T>(steps: Steps<T>, signal: AbortSignal) => Promise<T>;

type Entry = {
  version: number;
  language: SyntaxLanguage;
  syntax: Promise<BindingSyntax>;
  abort: AbortController;
  /** Its lines that assign a call, scanned once per version (the text's part of finding loss objects). */
  calls?: AssignedCalls;
  /** The last reading of this source, and the layer above it that it was read after. */
  read?: { above: Layer | undefined; layer: Layer };
};

export class BindingChain {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly run: Runner) {}

  /**
   * The layers of `sources` (the sources above, in order, then the one hovered last), each read
   * after the one before it. Rejects with Cancelled when a newer version of a source replaced its
   * parse meanwhile.
   */
  async layers(sources: readonly Source[]): Promise<Layer[]> {
    // Parses start together; each is cached, so a cell edit parses that cell alone.
    const syntaxes = sources.map((s) => this.syntaxOf(s));
    const out: Layer[] = [];
    let above: Layer | undefined;
    for (const [i, source] of sources.entries()) {
      const syntax = await syntaxes[i];
      const entry = this.entries.get(source.key);
      if (!entry || entry.version !== source.version) throw new Cancelled();
      // Read again only when this source or one above it changed since its last reading.
      let layer = entry.read && entry.read.above === above ? entry.read.layer : undefined;
      if (!layer) {
        const bindings = await this.run(
          bindFrom(syntax, above?.bindings ?? emptyBindings(source.language)),
          entry.abort.signal,
        );
        layer = makeLayer(source, bindings, () => (entry.calls ??= assignedCalls(source.text())));
        entry.read = { above, layer };
      }
      out.push(layer);
      above = layer;
    }
    return out;
  }

  private syntaxOf(source: Source): Promise<BindingSyntax> {
    const e = this.entries.get(source.key);
    if (e && e.version === source.version && e.language === source.language) return e.syntax;
    e?.abort.abort();
    const abort = new AbortController();
    const syntax = this.run(bindingSyntaxSteps(source.text(), source.language), abort.signal);
    syntax.catch(() => undefined); // a parse nobody waits for any more may be cancelled unseen
    this.entries.set(source.key, { version: source.version, language: source.language, syntax, abort });
    return syntax;
  }

  forget(key: string): void {
    this.entries.get(key)?.abort.abort();
    this.entries.delete(key);
  }

  clear(): void {
    for (const e of this.entries.values()) e.abort.abort();
    this.entries.clear();
  }
}

function makeLayer(source: Source, bindings: Bindings, calls: () => AssignedCalls): Layer {
  let instances: LossInstances | undefined;
  // Loss objects are Python's (`criterion = nn.CrossEntropyLoss()`): a script's lines are not scanned.
  return {
    source,
    bindings,
    instances: () =>
      (instances ??=
        source.language === 'python' ? withCell(resolveInstances(calls(), bindings), source.cell) : new Map()),
  };
}

function withCell(instances: LossInstances, cell: number | undefined): LossInstances {
  if (cell === undefined) return instances;
  return new Map([...instances].map(([name, list]) => [name, list.map((i) => ({ ...i, cell }))]));
}
