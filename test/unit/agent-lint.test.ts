// The lint tool without VS Code: its records (src/lint/records.ts, from a document's language id)
// are the CLI's `lint --json` records (src/cli/lint.ts's lintFile, from a file name) on every file
// of the lint corpus, and the text the model reads (src/agent/lintReport.ts) lists rule, line and
// message per file.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintReport } from '../../src/agent/lintReport';
import { lintRecords, lintSourceOf, type LintSource } from '../../src/lint/records';
import { lintFile } from '../../src/cli/lint';
import { NotebookError } from '../../src/syntax/notebook';

const corpus = path.join(__dirname, '..', 'lint-corpus');
const files = ['python', 'notebooks', 'script'].flatMap((d) =>
  readdirSync(path.join(corpus, d)).map((f) => `${d}/${f}`),
);

/** The VS Code language id the editor gives a file of this name. */
function languageId(file: string): string {
  const ext = path.extname(file);
  return ext === '.py' ? 'python' : ext === '.ts' ? 'typescript' : ext === '.js' ? 'javascript' : 'json';
}

describe('agent: lint records', () => {
  it("are the CLI contract's records on every file of the lint corpus", () => {
    let findings = 0;
    for (const f of files) {
      const text = readFileSync(path.join(corpus, f), 'utf8');
      const kind = lintSourceOf(f, languageId(f));
      assert.ok(kind, f);
      const ours = lintRecords(f, text, kind, new Set());
      assert.deepEqual(ours, lintFile(f, text, { disabled: new Set(), language: 'en' }), f);
      findings += ours.length;
    }
    assert.ok(
      files.length >= 30 && findings >= 20,
      `${files.length} files, ${findings} findings: did the corpus move?`,
    );
  });

  it('reads VS Code language ids and notebooks, and nothing else', () => {
    assert.deepEqual(lintSourceOf('a.tsx', 'typescriptreact'), { language: 'typescript', jsx: true });
    assert.deepEqual(lintSourceOf('a.jsx', 'javascriptreact'), { language: 'javascript', jsx: true });
    assert.equal(lintSourceOf('b.ipynb', 'json'), 'notebook');
    assert.equal(lintSourceOf('README.md', 'markdown'), undefined);
    assert.equal(lintSourceOf('notes.py', 'plaintext'), undefined, 'the editor’s language decides, not the name');
    assert.deepEqual(lintSourceOf('stubs/torch.pyi'), { language: 'python', jsx: false });
  });

  it('turns rules off as the settings say, and refuses a broken notebook', () => {
    const text = [
      'import torch.nn.functional as F',
      'probs = F.softmax(logits, dim=1)',
      'loss = F.cross_entropy(probs, y)',
      '',
    ].join('\n');
    const kind: LintSource = { language: 'python', jsx: false };
    const [d] = lintRecords('train.py', text, kind, new Set());
    assert.deepEqual(
      { ...d, message: undefined },
      {
        file: 'train.py',
        line: 3,
        endLine: 2,
        rule: 'softmax-before-logits-loss',
        severity: d.severity,
        message: undefined,
      },
    );
    assert.match(d.message, /line 2/);
    assert.deepEqual(lintRecords('train.py', text, kind, new Set(['softmax-before-logits-loss'])), []);
    assert.throws(() => lintRecords('x.ipynb', '{', 'notebook', new Set()), NotebookError);
  });
});

describe('agent: the lint text for the model', () => {
  it('lists per file the place, severity, rule and message, and says what was not linted', () => {
    const text = lintReport(
      [
        {
          file: 'train.py',
          records: [
            {
              file: 'train.py',
              line: 3,
              endLine: 2,
              rule: 'softmax-before-logits-loss',
              severity: 'warning',
              message: 'F.cross_entropy applies log_softmax itself.',
            },
          ],
        },
        {
          file: 'nb.ipynb',
          records: [
            {
              file: 'nb.ipynb',
              cell: 4,
              line: 2,
              endCell: 2,
              endLine: 7,
              rule: 'kl-div-reduction',
              severity: 'warning',
              message: 'Use batchmean.',
            },
          ],
        },
        { file: 'clean.py', records: [] },
        {
          file: 'notes.md',
          problem: "not a Python, notebook, TypeScript or JavaScript file (its language is 'markdown')",
        },
      ],
      new Set(['pos-weight']),
    );
    assert.equal(
      text,
      [
        'Loss lint: 2 findings in 2 of 3 files linted (1 not linted). Nothing was run; the rules read the code.',
        'Rules turned off in the settings (lossPlayground.lint.rules.*): pos-weight.',
        '',
        'train.py:',
        '  line 3 (other line: 2): warning [softmax-before-logits-loss] F.cross_entropy applies log_softmax itself.',
        '',
        'nb.ipynb:',
        '  cell 4, line 2 (other line: cell 2, line 7): warning [kl-div-reduction] Use batchmean.',
        '',
        'clean.py: no findings',
        '',
        "notes.md: not linted: not a Python, notebook, TypeScript or JavaScript file (its language is 'markdown')",
      ].join('\n'),
    );
    assert.equal(
      lintReport([{ file: 'a.py', records: [] }]),
      'Loss lint: 0 findings in 0 of 1 file linted. Nothing was run; the rules read the code.\n\na.py: no findings',
    );
  });
});
