/**
 * Lezer's grammars, loaded on first use. Deserialising their parse tables was most of what
 * loading the extension cost (about 30 of 40 ms), and activation has a 50 ms budget; the first
 * lens or hover pays it instead.
 */
import type { LRParser } from '@lezer/lr';

let python: LRParser | undefined;
const scripts = new Map<string, LRParser>();

export function pythonParser(): LRParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (python ??= (require('@lezer/python') as typeof import('@lezer/python')).parser);
}

/** The parser for a language: TypeScript gets the `ts` dialect, .jsx/.tsx files `jsx`. */
export function scriptParser(language: 'typescript' | 'javascript', jsx: boolean): LRParser {
  const dialect = [language === 'typescript' ? 'ts' : '', jsx ? 'jsx' : ''].filter(Boolean).join(' ');
  let p = scripts.get(dialect);
  if (!p) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    const { parser } = require('@lezer/javascript') as typeof import('@lezer/javascript');
    scripts.set(dialect, (p = parser.configure({ dialect })));
  }
  return p;
}
