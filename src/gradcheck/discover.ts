/**
 * Discovery entry points: the losses in a file's text (its language: ../syntax/sourceLanguage). No user code
 * runs. A full parse runs at a few MB/s (a 50,000-line file in ~0.4 s), so each entry point comes
 * in two forms: in one go (the CLI, tests) and a slice at a time (the extension host, where no
 * task may hold the thread for long: ../syntax/slices). The lens provider keeps one
 * DocumentDiscoverer per document, which reparses only the chunk an edit falls in
 * (../syntax/chunkedParse).
 */
import type { LRParser } from '@lezer/lr';
import { CHUNK_STARTS, ChunkedParser } from '../syntax/chunkedParse';
import { discoverPythonSteps } from './discoverPython';
import { discoverScriptSteps } from './discoverScript';
import { pythonParser, scriptParser } from '../syntax/parsers';
import { runSliced, runToEnd, type SliceOptions, type Steps } from '../syntax/slices';
import { sourceLanguageOf, type SourceLanguage } from '../syntax/sourceLanguage';
import type { Discovery } from './types';

type Setup = { language: SourceLanguage; jsx: boolean; parser: LRParser };

function setup(language: string, fileName: string): Setup {
  const lang = sourceLanguageOf(language) ?? sourceLanguageOf(fileName);
  if (!lang)
    throw new Error(
      `grad-check: no discovery for language '${language}' (python, typescript and javascript are supported)`,
    );
  const jsx = /x$/i.test(fileName) || language.endsWith('react');
  return { language: lang, jsx, parser: lang === 'python' ? pythonParser() : scriptParser(lang, jsx) };
}

function* discoverySteps(s: Setup, parser: ChunkedParser, text: string): Steps<Discovery> {
  const tree = yield* parser.parse(text);
  return s.language === 'python'
    ? yield* discoverPythonSteps(text, tree)
    : yield* discoverScriptSteps(text, s.language, tree);
}

function chunkedParser(s: Setup): ChunkedParser {
  return new ChunkedParser(s.parser, s.language === 'python' ? CHUNK_STARTS.python : CHUNK_STARTS.script);
}

/**
 * The losses in `text`. `language` is a SourceLanguage, a VS Code language id or a file name; `fileName`
 * (when given) decides JSX. Throws only for a language we do not handle.
 */
export function discoverLosses(text: string, language: string, fileName = ''): Discovery {
  const s = setup(language, fileName);
  return runToEnd(discoverySteps(s, chunkedParser(s), text));
}

/** discoverLosses a slice at a time (see runSliced), for a caller on the extension host's thread. */
export async function discoverLossesSliced(
  text: string,
  language: string,
  fileName = '',
  o: SliceOptions = {},
): Promise<Discovery> {
  const s = setup(language, fileName);
  return runSliced(discoverySteps(s, chunkedParser(s), text), o);
}

/**
 * Discovery for one open document across edits: keeps the chunks of the last parse and reparses
 * only the one an edit falls in (../syntax/chunkedParse). The edited span is found by comparing
 * with the previous text, so callers just pass the new text.
 */
export class DocumentDiscoverer {
  private readonly s: Setup;
  private readonly parser: ChunkedParser;
  private last: { text: string; discovery: Discovery } | null = null;
  private running: { text: string; promise: Promise<Discovery>; abort: AbortController } | null = null;

  constructor(language: string, fileName = '') {
    this.s = setup(language, fileName);
    this.parser = chunkedParser(this.s);
  }

  get language(): SourceLanguage {
    return this.s.language;
  }

  /** The losses in `text`, in one go. */
  discover(text: string): Discovery {
    if (this.last?.text === text) return this.last.discovery;
    this.cancel();
    return runToEnd(this.steps(text));
  }

  /**
   * The losses in `text`, a slice at a time (see runSliced). A call for the text under way joins
   * it; a call with another text cancels it, whose promise then rejects with Cancelled: the newer
   * text wins, and what the older parse finished is reused.
   */
  discoverSliced(text: string, o: Omit<SliceOptions, 'signal'> = {}): Promise<Discovery> {
    if (this.last?.text === text) return Promise.resolve(this.last.discovery);
    if (this.running?.text === text) return this.running.promise;
    this.cancel();
    const abort = new AbortController();
    const promise = runSliced(this.steps(text), { ...o, signal: abort.signal }).finally(() => {
      if (this.running?.abort === abort) this.running = null;
    });
    this.running = { text, promise, abort };
    return promise;
  }

  /** Stops the discovery under way, if any. */
  cancel(): void {
    this.running?.abort.abort();
    this.running = null;
  }

  private *steps(text: string): Steps<Discovery> {
    const discovery = yield* discoverySteps(this.s, this.parser, text);
    this.last = { text, discovery };
    return discovery;
  }
}
