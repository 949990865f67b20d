/**
 * Which source language a document or file is: the one table of VS Code language ids and file
 * extensions that grad-check, the lint, their providers and the CLI read. (The language our own
 * strings are shown in is another thing: ../displayLanguage.ts.)
 */

/** The languages whose code we read: discovered, checked, linted. */
export type SourceLanguage = 'python' | 'typescript' | 'javascript';

/** A language and whether it is the JSX dialect (.tsx, .jsx, typescriptreact). */
export type SourceDialect = { language: SourceLanguage; jsx: boolean };

/** VS Code's language ids of those languages. */
export const SOURCE_LANGUAGE_IDS = [
  'python',
  'typescript',
  'javascript',
  'typescriptreact',
  'javascriptreact',
] as const;

const LANGUAGE_IDS: Record<(typeof SOURCE_LANGUAGE_IDS)[number], SourceDialect> = {
  python: { language: 'python', jsx: false },
  typescript: { language: 'typescript', jsx: false },
  typescriptreact: { language: 'typescript', jsx: true },
  javascript: { language: 'javascript', jsx: false },
  javascriptreact: { language: 'javascript', jsx: true },
};

const EXTENSIONS: Record<string, SourceDialect> = {
  '.py': LANGUAGE_IDS.python,
  '.pyw': LANGUAGE_IDS.python,
  '.pyi': LANGUAGE_IDS.python,
  '.ts': LANGUAGE_IDS.typescript,
  '.mts': LANGUAGE_IDS.typescript,
  '.cts': LANGUAGE_IDS.typescript,
  '.tsx': LANGUAGE_IDS.typescriptreact,
  '.js': LANGUAGE_IDS.javascript,
  '.mjs': LANGUAGE_IDS.javascript,
  '.cjs': LANGUAGE_IDS.javascript,
  '.jsx': LANGUAGE_IDS.javascriptreact,
};

/** The dialect of a VS Code language id (`python`, `typescriptreact`, ...) or of a file name (by its extension); null for anything else. */
export function sourceDialectOf(idOrFileName: string): SourceDialect | null {
  const byId = dialectOfLanguageId(idOrFileName);
  if (byId) return byId;
  const dot = idOrFileName.lastIndexOf('.');
  const ext = dot >= 0 ? idOrFileName.slice(dot).toLowerCase() : '';
  return Object.hasOwn(EXTENSIONS, ext) ? EXTENSIONS[ext] : null;
}

/** The dialect of a VS Code language id; null for any other id. */
export function dialectOfLanguageId(id: string): SourceDialect | null {
  return Object.hasOwn(LANGUAGE_IDS, id) ? LANGUAGE_IDS[id as keyof typeof LANGUAGE_IDS] : null;
}

/** The language of a VS Code language id or a file name; null for anything else. */
export function sourceLanguageOf(idOrFileName: string): SourceLanguage | null {
  return sourceDialectOf(idOrFileName)?.language ?? null;
}
