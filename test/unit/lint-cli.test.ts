/**
 * `loss-playground lint [--json] FILE...` in-process: the JSON contract, exit codes 0/1/2,
 * notebooks reported per cell, rules turned off, the messages' language.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import type { Io } from '../../src/cli/io';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

const BAD = `import torch.nn as nn
import torch.nn.functional as F

criterion = nn.CrossEntropyLoss()


def step(model, x, y):
    probs = F.softmax(model(x), dim=1)
    return criterion(probs, y)
`;

const GOOD = `import torch.nn.functional as F


def step(model, x, y):
    return F.cross_entropy(model(x), y)
`;

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Title\n'] },
      ...cells.map((c) => ({
        cell_type: 'code',
        metadata: {},
        outputs: [],
        execution_count: null,
        source: c.split(/(?<=\n)/),
      })),
    ],
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

describe('cli: lint', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lp-lint-'));
    writeFileSync(join(dir, 'bad.py'), BAD);
    writeFileSync(join(dir, 'good.py'), GOOD);
    writeFileSync(
      join(dir, 'train.ipynb'),
      notebook([
        'import torch.nn as nn\nimport torch.nn.functional as F\n%matplotlib inline\n',
        'kl = nn.KLDivLoss()\n',
        'def distill(s, t):\n    return kl(F.log_softmax(s, 1), F.softmax(t, 1))\n',
      ]),
    );
    writeFileSync(
      join(dir, 'loss.ts'),
      "import * as tf from '@tensorflow/tfjs';\nexport const loss = (y: tf.Tensor, z: tf.Tensor) => tf.losses.sigmoidCrossEntropy(y, tf.sigmoid(z));\n",
    );
    writeFileSync(join(dir, 'notes.txt'), 'nothing\n');
    writeFileSync(join(dir, 'broken.ipynb'), '{ not json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 with nothing to report, and prints nothing', async () => {
    const r = await cli('lint', join(dir, 'good.py'));
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
  });

  it('exits 1 with a finding: file:line: severity [rule] message, then a count', async () => {
    const r = await cli('lint', join(dir, 'bad.py'), join(dir, 'good.py'));
    assert.equal(r.code, 1);
    const [line, summary] = r.out.trim().split('\n');
    assert.equal(
      line,
      `${join(dir, 'bad.py')}:9: warning [softmax-before-logits-loss] \`criterion\` on line 9 applies softmax itself, but it is given the softmax output from line 8: softmax twice flattens the scores, so the loss cannot approach 0 and its gradient shrinks.`,
    );
    assert.equal(summary, '1 finding in 1 file');
  });

  it('--json prints {"diagnostics": [{file, line, endLine, rule, severity, message}]} with 1-based lines', async () => {
    const r = await cli('lint', '--json', join(dir, 'bad.py'), join(dir, 'loss.ts'));
    assert.equal(r.code, 1);
    const { diagnostics } = JSON.parse(r.out) as { diagnostics: Record<string, unknown>[] };
    assert.deepEqual(
      diagnostics.map((d) => Object.keys(d)),
      [
        ['file', 'line', 'endLine', 'rule', 'severity', 'message'],
        ['file', 'line', 'endLine', 'rule', 'severity', 'message'],
      ],
    );
    assert.deepEqual(
      diagnostics.map(({ file, line, endLine, rule, severity }) => ({ file, line, endLine, rule, severity })),
      [
        { file: join(dir, 'bad.py'), line: 9, endLine: 8, rule: 'softmax-before-logits-loss', severity: 'warning' },
        { file: join(dir, 'loss.ts'), line: 2, endLine: 2, rule: 'sigmoid-before-logits-loss', severity: 'warning' },
      ],
    );
  });

  it('reads a notebook cell by cell, with the imports and loss objects of earlier cells, and names the cells', async () => {
    const r = await cli('lint', '--json', join(dir, 'train.ipynb'));
    assert.equal(r.code, 1);
    const { diagnostics } = JSON.parse(r.out) as { diagnostics: Record<string, unknown>[] };
    assert.deepEqual(diagnostics, [
      {
        file: join(dir, 'train.ipynb'),
        cell: 3,
        line: 1,
        endCell: null,
        endLine: null,
        rule: 'kl-div-reduction',
        severity: 'warning',
        message:
          "`nn.KLDivLoss` on cell 3, line 1 keeps the default reduction='mean', which divides by every element (batch × classes), not by the batch size: that is not the KL divergence; reduction='batchmean' is.",
      },
    ]);
    const text = await cli('lint', join(dir, 'train.ipynb'));
    assert.match(text.out, /train\.ipynb#cell3:1: warning \[kl-div-reduction\]/);
  });

  it('--disable turns rules off; --lang zh-cn answers in Chinese', async () => {
    assert.equal((await cli('lint', '--disable', 'softmax-before-logits-loss', join(dir, 'bad.py'))).code, 0);
    const zh = await cli('lint', '--json', '--lang', 'zh-cn', join(dir, 'bad.py'));
    assert.match(
      (JSON.parse(zh.out) as { diagnostics: { message: string }[] }).diagnostics[0].message,
      /^第 9 行的 `criterion` 自己会做 softmax/,
    );
  });

  it('exits 2 on a usage error: no file, an unknown rule or language, a file it cannot read', async () => {
    for (const argv of [
      [],
      ['--disable', 'no-such-rule', join(dir, 'bad.py')],
      ['--lang', 'fr', join(dir, 'bad.py')],
      [join(dir, 'missing.py')],
      [join(dir, 'notes.txt')],
      [join(dir, 'broken.ipynb')],
      [dir],
    ]) {
      const r = await cli('lint', ...argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, /^loss-playground lint: /);
    }
  });

  it('lint --help prints the usage and exits 0', async () => {
    const r = await cli('lint', '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: loss-playground lint \[--json\]/);
    assert.match((await cli('--help')).out, /loss-playground lint \[--json\] FILE\.\.\./);
  });
});
