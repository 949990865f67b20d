/**
 * Discovery entry points: which language a file is, and the losses in its text. Synchronous, no
 * user code runs. A full parse runs at a few MB/s (a 10,000-line file in ~80 ms); the lens
 * provider keeps one DocumentDiscoverer per document, which reparses only around an edit (a few ms).
 */
import { TreeFragment, type Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import { discoverPython } from './discoverPython';
import { discoverScript } from './discoverScript';
import { pythonParser, scriptParser } from './parsers';
import type { Discovery, Language } from './types';

const EXTENSIONS: Record<string, Language> = {
  '.py': 'python',
  '.pyw': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
};

/** A language from a VS Code language id (`python`, `typescriptreact`, ...) or a file name. */
export function languageOf(idOrFileName: string): Language | null {
  switch (idOrFileName) {
    case 'python':
      return 'python';
    case 'typescript':
    case 'typescriptreact':
      return 'typescript';
    case 'javascript':
    case 'javascriptreact':
      return 'javascript';
  }
  const dot = idOrFileName.lastIndexOf('.');
  return dot >= 0 ? (EXTENSIONS[idOrFileName.slice(dot).toLowerCase()] ?? null) : null;
}

type Setup = { language: Language; jsx: boolean; parser: LRParser };

function setup(language: string, fileName: string): Setup {
  const lang = languageOf(language) ?? languageOf(fileName);
  if (!lang) throw new Error(`grad-check: no discovery for language '${language}' (python, typescript and javascript are supported)`);
  const jsx = /x$/i.test(fileName) || language.endsWith('react');
  return { language: lang, jsx, parser: lang === 'python' ? pythonParser() : scriptParser(lang, jsx) };
}

function fromTree(s: Setup, text: string, tree: Tree): Discovery {
  return s.language === 'python' ? discoverPython(text, tree) : discoverScript(text, s.language, s.jsx, tree);
}

/**
 * The losses in `text`. `language` is a Language, a VS Code language id or a file name; `fileName`
 * (when given) decides JSX. Throws only for a language we do not handle.
 */
export function discoverLosses(text: string, language: string, fileName = ''): Discovery {
  const s = setup(language, fileName);
  return fromTree(s, text, s.parser.parse(text));
}

/**
 * Discovery for one open document across edits: keeps the last syntax tree and reuses every part
 * of it outside the edited span (Lezer's incremental parsing). The edited span is found by
 * comparing with the previous text, so callers just pass the new text.
 */
export class DocumentDiscoverer {
  private readonly s: Setup;
  private text: string | null = null;
  private tree: Tree | null = null;
  private last: Discovery | null = null;

  constructor(language: string, fileName = '') {
    this.s = setup(language, fileName);
  }

  get language(): Language {
    return this.s.language;
  }

  discover(text: string): Discovery {
    if (text === this.text && this.last) return this.last;
    let fragments: readonly TreeFragment[] | undefined;
    if (this.tree && this.text !== null) {
      const old = this.text;
      let start = 0;
      const max = Math.min(old.length, text.length);
      while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
      let endOld = old.length;
      let endNew = text.length;
      while (endOld > start && endNew > start && old.charCodeAt(endOld - 1) === text.charCodeAt(endNew - 1)) {
        endOld--;
        endNew--;
      }
      fragments = TreeFragment.applyChanges(TreeFragment.addTree(this.tree), [{ fromA: start, toA: endOld, fromB: start, toB: endNew }]);
    }
    const tree = this.s.parser.parse(text, fragments);
    this.text = text;
    this.tree = tree;
    this.last = fromTree(this.s, text, tree);
    return this.last;
  }
}
