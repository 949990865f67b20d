/**
 * A source file's text as its language reads it. Python honours PEP 263: a `# -*- coding: latin-1 -*-`
 * comment on the first or second line names the encoding (else UTF-8), so `café` in a Latin-1 file
 * is not read as `caf\ufffd`. The runner decodes the same way (driver.py's read_source).
 */
import { readFileSync } from 'node:fs';
import type { SourceLanguage } from '../syntax/sourceLanguage';

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** The encoding a Python source declares in its first two lines, or null. */
function declaredEncoding(bytes: Uint8Array): string | null {
  // Latin-1 is one character per byte (and this runs in the browser too, which has no Buffer).
  const head = String.fromCharCode(...bytes.subarray(0, 512)).split(/\r?\n/, 2);
  for (const line of head) {
    const m = CODING.exec(line);
    if (m)
      return m[1]
        .toLowerCase()
        .replace(/^utf[-_]8(-.*)?$/, 'utf-8')
        .replace(/^latin[-_]1$/, 'latin1');
    // PEP 263: the declaration may be on the second line only when the first is a comment or blank.
    if (!/^\s*(#.*)?$/.test(line)) break;
  }
  return null;
}

export function readSourceFile(file: string, language: SourceLanguage): string {
  const bytes = readFileSync(file);
  const encoding = language === 'python' ? declaredEncoding(bytes) : null;
  if (encoding && encoding !== 'utf-8') {
    try {
      return new TextDecoder(encoding).decode(bytes);
    } catch {
      // an encoding Node does not know: read it as UTF-8, as the runner's replacement would
    }
  }
  return new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '');
}
