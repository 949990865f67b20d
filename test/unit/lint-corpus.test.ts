/**
 * The lint over the real-code corpus (test/lint-corpus): stand-ins written in the shape of public
 * training code and loss implementations, each keeping the misuse the real file has (marked
 * `expect: RULE` on the line the diagnostic belongs to) or none. Every seeded misuse must be
 * found on its line, and nothing else reported anywhere: a lint people learn to ignore is worse
 * than none. The manifest names each real source; "missed" entries document what one-file
 * reading cannot see.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintFile } from '../../src/cli/lint';
import { JoinedCells, notebookCells } from '../../src/syntax/notebook';

const root = join(__dirname, '..', 'lint-corpus');

type Entry = {
  file: string;
  source: { repository: string; path: string; licence: string; evidence?: string };
  status: 'flagged' | 'clean' | 'missed';
  misuse?: string;
};
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { files: Entry[] };

const EXPECT = /(?:#|\/\/)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/;

/** `rule@line` (`rule@cellN:line` in notebooks) for every `expect:` marker in a corpus file. */
function expected(file: string, text: string): string[] {
  const out: string[] = [];
  if (file.endsWith('.ipynb')) {
    const joined = new JoinedCells(notebookCells(text, file));
    joined.text.split('\n').forEach((line, i) => {
      const m = EXPECT.exec(line);
      if (!m) return;
      const at = joined.locate(i);
      for (const r of m[1].split(',')) out.push(`${r.trim()}@cell${at.cell}:${at.line + 1}`);
    });
    return out;
  }
  text.split('\n').forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (m) for (const r of m[1].split(',')) out.push(`${r.trim()}@${i + 1}`);
  });
  return out;
}

function found(file: string, text: string): string[] {
  return lintFile(file, text, { disabled: new Set(), language: 'en' }).map((r) =>
    r.cell !== undefined ? `${r.rule}@cell${r.cell}:${r.line}` : `${r.rule}@${r.line}`,
  );
}

describe('lint: the real-code corpus', () => {
  const files = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).map((f) => `${d.name}/${f}`))
    .sort();

  it('names a real source for every stand-in, and every stand-in says it was written, not copied', () => {
    assert.deepEqual(manifest.files.map((e) => e.file).sort(), files);
    for (const e of manifest.files) {
      const text = readFileSync(join(root, e.file), 'utf8');
      assert.match(text, /In the shape of /, e.file);
      assert.match(
        text.replace(/\\n"?,?\s*"?/g, ' ').replace(/\s+/g, ' '),
        /Written for this corpus, not copied\./,
        e.file,
      );
      assert.ok(e.source.repository && e.source.path && e.source.licence, e.file);
      if (e.status !== 'clean') assert.ok(e.misuse, `${e.file}: a flagged or missed entry says what the misuse is`);
    }
  });

  const totals = { seeded: 0, flagged: 0, falsePositives: 0, cleanFiles: 0 };
  for (const e of manifest.files) {
    it(`${e.file} (${e.source.repository}): ${e.status}`, () => {
      const text = readFileSync(join(root, e.file), 'utf8');
      const want = expected(e.file, text);
      const got = found(e.file, text);
      if (e.status === 'flagged')
        assert.ok(want.length > 0, `${e.file} is flagged in the manifest but has no expect: marker`);
      else assert.deepEqual(want, [], `${e.file} is ${e.status}: no expect: markers`);
      totals.seeded += want.length;
      totals.flagged += want.filter((w) => got.includes(w)).length;
      totals.falsePositives += got.filter((g) => !want.includes(g)).length;
      if (e.status !== 'flagged') totals.cleanFiles++;
      assert.deepEqual(got.sort(), want.sort());
    });
  }

  after(() => {
    console.log(
      `      corpus: ${manifest.files.length} files, ${totals.flagged}/${totals.seeded} seeded misuses found, ${totals.falsePositives} false positives, ${totals.cleanFiles} files with nothing to find (${manifest.files.filter((e) => e.status === 'missed').length} documented misses)`,
    );
  });
});
