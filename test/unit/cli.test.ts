/**
 * The CLI contract (design, "CLI"): `node dist/cli.js` as users and other tools run it, built
 * fresh in before(). Expected numbers come from two places: hand-computed values, and the
 * engine's evaluate() called in-process, which the CLI must reproduce exactly through JSON.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { evaluate, listLosses, toNested, type EvaluateRequest } from '../../src/engine';
import { parseGradcheckArgs, runGradcheck, type GradcheckResult } from '../../src/cli/gradcheck';
import { answerLine, boundedLines, deepJson, MAX_LINE_BYTES, serveEval } from '../../src/cli/eval';
import { UsageError } from '../../src/cli/io';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

type Run = { code: number | null; stdout: string; stderr: string };

function run(args: string[], stdin = ''): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: stdin, encoding: 'utf8', timeout: 15000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** What the CLI must print for a request: the in-process engine's result, through JSON (so −0 reads 0). */
function expected(req: EvaluateRequest & { id?: unknown }): unknown {
  const { id, ...rest } = req;
  const r = evaluate(rest);
  return JSON.parse(
    JSON.stringify({
      id: id ?? null,
      loss: typeof r.loss === 'number' ? r.loss : toNested(r.loss),
      grad: toNested(r.grad),
    }),
  );
}

/** A child `cli.js eval` for the streaming tests, killed after the test whatever happens, so no run hangs on it. */
const children: ChildProcess[] = [];
function spawnEval(): ChildProcess & { stdin: Writable; stdout: Readable; stderr: Readable } {
  const child = spawn(process.execPath, [CLI, 'eval'], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', resolve)));
}

describe('cli', function () {
  this.timeout(60000);

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  });

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
  });

  it('is a node script (the package bin)', () => {
    assert.equal(readFileSync(CLI, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  describe('eval', () => {
    it('answers mse of [1, 2] vs [0, 0] with loss 2.5 and grad [1, 2] (by hand: (1 + 4)/2, 2e/2)', () => {
      const r = run(['eval'], '{"id": 7, "loss": "mse", "input": [1, 2], "target": [0, 0]}\n');
      assert.equal(r.code, 0);
      assert.deepEqual(jsonLines(r.stdout), [{ id: 7, loss: 2.5, grad: [1, 2] }]);
    });

    it('answers a bad line with an error and serves the lines after it', () => {
      const input = [
        '{"id": "a", "loss": "l1", "input": [[1, -2]], "target": [[0, 0]]}',
        '{"id": "b", "loss": "mse", "input": [1, 2',
        '{"id": "c", "loss": "msq", "input": [1], "target": [0]}',
        '{"id": "d", "loss": "mse", "input": [1, 2, 3], "target": [1, 2]}',
        '[1, 2]',
        '{"loss": "huber", "input": [0, 3], "target": [0, 0], "params": {"delta": 0}}',
        '{"id": "e", "loss": "mse", "input": [1, 2], "target": [0, 0], "reduction": "sum"}',
      ].join('\n');
      const r = run(['eval'], input + '\n');
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      const out = jsonLines(r.stdout);
      assert.equal(out.length, 7);
      assert.deepEqual(out[0], { id: 'a', loss: 1.5, grad: [[0.5, -0.5]] });
      // invalid JSON: no id to echo; the error names the line and the parser's complaint
      assert.equal(out[1].id, null);
      assert.match(String(out[1].error), /^line 2: invalid JSON: .+/);
      assert.equal(out[2].id, 'c');
      assert.match(String(out[2].error), /line 3: unknown loss 'msq'/);
      assert.equal(out[3].id, 'd');
      assert.match(String(out[3].error), /line 4: mse: shape mismatch: input is \(3,\) but target is \(2,\)/);
      assert.match(String(out[4].error), /line 5: a request must be a JSON object/);
      assert.equal(out[5].id, null);
      assert.match(String(out[5].error), /line 6: huber: delta must be > 0/);
      assert.deepEqual(out[6], { id: 'e', loss: 5, grad: [2, 4] });
      for (const line of out.slice(1, 6)) assert.deepEqual(Object.keys(line).sort(), ['error', 'id']);
    });

    it('gives exactly what evaluate() gives in-process, across losses, params and reductions', () => {
      const requests: (EvaluateRequest & { id?: unknown })[] = [
        {
          id: 1,
          loss: 'mse',
          input: [
            [0.5, -1.25],
            [3, 4],
          ],
          target: [
            [0, 1],
            [2.5, 4.5],
          ],
        },
        { id: 2, loss: 'huber', input: [0.2, -3, 5], target: [0, 0, 1], params: { delta: 1.5 }, reduction: 'none' },
        {
          id: 3,
          loss: 'bce_with_logits',
          input: [
            [-2, 0.5],
            [10, -1e4],
          ],
          target: [
            [0, 1],
            [1, 0],
          ],
          params: { pos_weight: [2, 0.5] },
        },
        {
          id: 4,
          loss: 'cross_entropy',
          input: [
            [1, 2, 3],
            [0.1, -0.2, 5],
          ],
          target: [2, 0],
          params: { label_smoothing: 0.1 },
        },
        {
          id: 5,
          loss: 'cross_entropy',
          input: [
            [1, 2, 3],
            [0.1, -0.2, 5],
          ],
          target: [1, 0],
          reduction: 'none',
        },
        { id: 6, loss: 'kl_div', input: [[Math.log(0.2), Math.log(0.8)]], target: [[0.5, 0.5]] },
        { id: 7, loss: 'hinge', input: [0.3, -2, 1.5], target: [1, -1, -1], reduction: 'sum' },
        { id: 8, loss: 'focal', input: [0.5, -1], target: [1, 0], params: { alpha: 0.25, gamma: 2 } },
        {
          loss: 'dice',
          input: [
            [0.9, 0.1],
            [0.4, 0.6],
          ],
          target: [
            [1, 0],
            [0, 1],
          ],
        },
      ];
      const r = run(['eval'], requests.map((q) => JSON.stringify(q)).join('\n') + '\n');
      assert.equal(r.code, 0);
      assert.deepEqual(jsonLines(r.stdout), requests.map(expected));
    });

    it('skips blank lines, reads CRLF line ends and exits 0 on empty input', () => {
      const r = run(['eval'], '\n   \r\n{"id": 1, "loss": "l1", "input": 3, "target": 1}\r\n\n');
      assert.equal(r.code, 0);
      assert.deepEqual(jsonLines(r.stdout), [{ id: 1, loss: 2, grad: 1 }]);
      const empty = run(['eval'], '');
      assert.equal(empty.code, 0);
      assert.equal(empty.stdout, '');
    });

    it('answers a line before the input has ended (it streams)', async () => {
      const child = spawnEval();
      child.stdin.write('{"id": 1, "loss": "mse", "input": [3], "target": [1]}\n');
      const first = await new Promise<string>((resolve) =>
        child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
      );
      child.stdin.end('{"id": 2, "loss": "mse", "input": [3], "target": [2]}\n');
      assert.deepEqual(JSON.parse(first), { id: 1, loss: 4, grad: [4] });
      assert.equal(await exitCode(child), 0);
    });

    it('stops quietly with exit 0 when the reader closes the pipe', async () => {
      const child = spawnEval();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.on('error', () => undefined); // the child may exit before all of stdin is written
      const line = '{"loss": "mse", "input": [1, 2], "target": [0, 0]}\n';
      child.stdin.write(line);
      await new Promise((resolve) => child.stdout.once('data', resolve));
      child.stdout.destroy();
      child.stdin.end(line.repeat(20000));
      assert.equal(await exitCode(child), 0);
      assert.equal(stderr, '');
    });

    it('answers requests nested thousands deep (an id 5,000 deep, a rank-2,500 tensor) and serves the next line', () => {
      const nest = (depth: number, leaf: string): string => '['.repeat(depth) + leaf + ']'.repeat(depth);
      const input = [
        `{"id": ${nest(5000, '7')}, "loss": "mse", "input": [1], "target": [0]}`,
        `{"id": 2, "loss": "mse", "input": ${nest(2500, '1')}, "target": ${nest(2500, '0')}}`,
        `{"id": 3, "loss": "mse", "input": ${nest(50_000, '1')}, "target": ${nest(50_000, '0')}}`,
        '{"id": 4, "loss": "mse", "input": [3], "target": [1]}',
      ].join('\n');
      const r = run(['eval'], input + '\n');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const lines = r.stdout.split('\n');
      assert.equal(lines.length, 5, 'one answer per line');
      // By hand: (1 − 0)² = 1, gradient 2(1 − 0) = 2, in the input's nesting; the id echoed as sent.
      assert.equal(lines[0], `{"id":${nest(5000, '7')},"loss":1,"grad":[2]}`);
      assert.equal(lines[1], `{"id":2,"loss":1,"grad":${nest(2500, '2')}}`);
      assert.match(lines[2], /^\{"id":3,"error":"line 3: the request is nested too deeply for the engine/);
      assert.deepEqual(JSON.parse(lines[3]), { id: 4, loss: 4, grad: [4] });
    });

    it('writes deep replies as JSON.stringify would', () => {
      for (const v of [
        {
          id: null,
          loss: 1.5,
          grad: [
            [0.25, -0],
            [1e-300, 5e21],
          ],
        },
        { id: { a: ['x"\\', true, null], b: {} }, error: 'é\n\u2028' },
        [],
        [[[]]],
        'text',
        0,
      ]) {
        assert.equal(deepJson(v), JSON.stringify(v));
      }
      let deep: unknown = 'leaf';
      for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
      assert.equal(deepJson(deep).length, JSON.stringify('leaf').length + 50_000 * 2 + 50_000 * 6);
    });

    it(`answers a line over ${MAX_LINE_BYTES} bytes with an error naming the limit, serves the next, and never holds the long line`, async function () {
      if (!existsSync('/proc/self/status')) this.skip();
      const child = spawnEval();
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      // 200 MB without a line end (a valid request's worth of digits would do the same), then a good line.
      const chunk = Buffer.alloc(1 << 20, '1');
      const [head, tail] = ['{"id": 1, "loss": "mse", "input": [', '], "target": [0]}'];
      child.stdin.write(head);
      for (let i = 0; i < 200; i++) if (!child.stdin.write(chunk)) await once(child.stdin, 'drain');
      child.stdin.write(`${tail}\n{"id": 2, "loss": "mse", "input": [3], "target": [1]}\n`);
      while (out.split('\n').length < 3) await once(child.stdout, 'data');
      // The child's peak resident memory: about Node's own plus the 16 MiB it may keep of a line.
      const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
      child.stdin.end();
      assert.equal(await exitCode(child), 0);
      const [tooLong, next] = jsonLines(out);
      assert.deepEqual(tooLong, {
        id: null,
        error: `line 1: the line is ${head.length + 200 * 2 ** 20 + tail.length} bytes, over the limit of 16 MiB (16777216 bytes) per request; it was skipped`,
      });
      assert.deepEqual(next, { id: 2, loss: 4, grad: [4] });
      assert.ok(
        peakKb < 160 * 1024,
        `peak resident memory ${Math.round(peakKb / 1024)} MB while reading a 200 MB line`,
      );
    });

    it('splits lines at the byte limit exactly, across chunks, CRLF and a last line without a line end', async () => {
      const lines = async (chunks: (string | Buffer)[], max: number): Promise<unknown[]> => {
        const got: unknown[] = [];
        for await (const l of boundedLines(Readable.from(chunks), max)) got.push(l);
        return got;
      };
      assert.deepEqual(await lines(['abcd\nabcde\r\nab', 'c\n', 'xy'], 4), [
        { text: 'abcd' },
        { tooLong: 6 },
        { text: 'abc' },
        { text: 'xy' },
      ]);
      // A character split across chunks is decoded whole; the limit counts bytes (é is two).
      const e = Buffer.from('é');
      assert.deepEqual(await lines([e.subarray(0, 1), Buffer.concat([e.subarray(1), Buffer.from('\n')]), 'éé\n'], 3), [
        { text: 'é' },
        { tooLong: 4 },
      ]);
      assert.deepEqual(await lines(['x'.repeat(10), 'y'.repeat(10)], 5), [{ tooLong: 20 }]);
      assert.deepEqual(await lines(['\n\n'], 5), [{ text: '' }, { text: '' }]);
      // serveEval with a small limit: the error names it, the lines after are served.
      const input = new PassThrough();
      const output = new PassThrough();
      let text = '';
      output.on('data', (d: Buffer) => (text += d.toString()));
      const long = `{"id": 1, "loss": "mse", "input": [${'0,'.repeat(100)}0], "target": 0}`;
      input.end(`${long}\n{"id": 2, "loss": "mse", "input": [3], "target": [1]}\n`);
      await serveEval(input, output, 100);
      assert.deepEqual(jsonLines(text), [
        {
          id: null,
          error: `line 1: the line is ${long.length} bytes, over the limit of 100 bytes per request; it was skipped`,
        },
        { id: 2, loss: 4, grad: [4] },
      ]);
    });

    it('reports a loss that overflows float64 instead of writing null', () => {
      const out = answerLine('{"id": 1, "loss": "mse", "input": [1e200], "target": [0]}', 1);
      assert.ok('error' in out);
      assert.match(out.error, /Infinity/);
    });

    it('rejects unknown fields and tensor objects, which JSON cannot carry', () => {
      assert.match(
        String(
          (answerLine('{"loss": "mse", "input": [1], "target": [0], "reductoin": "sum"}', 3) as { error: string })
            .error,
        ),
        /line 3: unknown field 'reductoin'/,
      );
      assert.match(
        String(
          (answerLine('{"loss": "mse", "input": {"shape": [1], "data": [1]}, "target": [0]}', 1) as { error: string })
            .error,
        ),
        /input must be a number or nested arrays/,
      );
    });
  });

  describe('list', () => {
    it('prints the 21 catalog ids with their parameters', () => {
      const r = run(['list']);
      assert.equal(r.code, 0);
      const catalog = JSON.parse(r.stdout) as { id: string; params: { name: string; default: unknown }[] }[];
      const ids = catalog.map((l) => l.id);
      assert.equal(ids.length, 21);
      assert.equal(new Set(ids).size, 21);
      for (const id of ['mse', 'huber', 'cross_entropy', 'kl_div', 'dice', 'zero_one']) assert.ok(ids.includes(id), id);
      for (const loss of catalog) {
        assert.ok(Array.isArray(loss.params), loss.id);
        for (const p of loss.params) assert.ok(typeof p.name === 'string' && 'default' in p, `${loss.id}.${p.name}`);
      }
      assert.deepEqual(
        catalog.find((l) => l.id === 'huber')?.params.map((p) => [p.name, p.default]),
        [['delta', 1]],
      );
      assert.deepEqual(catalog, JSON.parse(JSON.stringify(listLosses())));
    });

    it('indents with --pretty, same content', () => {
      const r = run(['list', '--pretty']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^\[\n {2}\{/);
      assert.deepEqual(JSON.parse(r.stdout), JSON.parse(run(['list']).stdout));
    });
  });

  describe('usage', () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['--frobnicate'],
      ['list', '--compact'],
      ['list', 'extra'],
      ['eval', 'file.jsonl'],
    ]) {
      it(`exits 2 with help on stderr for: ${args.join(' ') || '(no arguments)'}`, () => {
        const r = run(args);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /Usage/);
      });
    }

    it('prints help on stdout with exit 0 for --help, -h and COMMAND --help', () => {
      for (const args of [['--help'], ['-h'], ['help']]) {
        const r = run(args);
        assert.equal(r.code, 0);
        assert.match(r.stdout, /loss-playground eval/);
        assert.match(r.stdout, /loss-playground gradcheck/);
      }
      for (const cmd of ['eval', 'list', 'gradcheck']) {
        const r = run([cmd, '--help']);
        assert.equal(r.code, 0);
        assert.match(r.stdout, new RegExp(`Usage: loss-playground ${cmd}`));
      }
    });

    it('prints the package version', () => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      const r = run(['--version']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trim(), pkg.version);
    });
  });

  describe('gradcheck', () => {
    const usageErrors: [string[], RegExp][] = [
      [[], /at least one FILE/],
      [['--json'], /at least one FILE/],
      [['--seed', '1.5', 'a.py'], /--seed must be an integer/],
      [['--seed', 'x', 'a.py'], /--seed must be an integer/],
      [['--timeout', '0', 'a.py'], /--timeout must be a positive number/],
      [['--timeout', 'soon', 'a.py'], /--timeout must be a positive number/],
      [['--python', 'a.py'], /at least one FILE/],
      [['--function', '--json', 'a.py'], /--function/],
      [['--verbose', 'a.py'], /Unknown option '--verbose'/],
      [['--json=yes', 'a.py'], /--json' does not take an argument/],
    ];
    for (const [args, message] of usageErrors) {
      it(`exits 2 with usage for: gradcheck ${args.join(' ')}`, () => {
        const r = run(['gradcheck', ...args]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, message);
        assert.match(r.stderr, /Usage: loss-playground gradcheck/);
      });
    }

    it('gives a file it cannot read one error result, exit 1 (the checker is plugged in: test/unit/gradcheck-cli.test.ts)', () => {
      const r = run([
        'gradcheck',
        '--json',
        '--function',
        'mse',
        '--python',
        'python3',
        '--timeout',
        '2.5',
        '--seed',
        '42',
        'a.py',
        'b.ts',
      ]);
      assert.equal(r.code, 1);
      const { results } = JSON.parse(r.stdout) as { results: GradcheckResult[] };
      assert.deepEqual(
        results.map((x) => [x.file, x.function, x.verdict]),
        [
          ['a.py', null, 'error'],
          ['b.ts', null, 'error'],
        ],
      );
      assert.match(results[0].message, /cannot read the file/);
    });

    it('parses its flags into the options the checker gets', () => {
      assert.deepEqual(
        parseGradcheckArgs([
          '--json',
          '--function',
          'focal',
          '--timeout',
          '2.5',
          '--seed',
          '7',
          '--python=/usr/bin/python3',
          'a.py',
          '--',
          '--odd.ts',
        ]),
        {
          files: ['a.py', '--odd.ts'],
          json: true,
          function: 'focal',
          python: '/usr/bin/python3',
          timeoutSeconds: 2.5,
          seed: 7,
        },
      );
      assert.deepEqual(parseGradcheckArgs(['x.js']), { files: ['x.js'], json: false, timeoutSeconds: 10 });
      assert.throws(() => parseGradcheckArgs(['--seed', '4294967296', 'x.js']), UsageError);
    });

    it('prints a plugged-in checker’s results and exits 1 on any fail or error, 0 otherwise', async () => {
      const result = (verdict: GradcheckResult['verdict']): GradcheckResult => ({
        file: 'losses.py',
        function: 'my_mse',
        line: 3,
        language: 'python',
        verdict,
        gradient: 'paired:my_mse_grad',
        maxRelError: verdict === 'pass' ? 3e-10 : 2,
        worst: verdict === 'fail' ? { index: [3], analytic: 0.12, numeric: -0.12 } : null,
        message: '',
      });
      const capture = () => {
        const io = {
          stdout: '',
          stderr: '',
          out: (t: string) => void (io.stdout += t),
          err: (t: string) => void (io.stderr += t),
        };
        return io;
      };
      const options = parseGradcheckArgs(['--json', 'losses.py'])!;
      for (const [verdicts, code] of [
        [['pass', 'skipped'], 0],
        [['pass', 'fail'], 1],
        [['error'], 1],
        [[], 3],
      ] as const) {
        const io = capture();
        const results = verdicts.map(result);
        assert.equal(await runGradcheck(options, async () => results, io), code, verdicts.join());
        assert.deepEqual(JSON.parse(io.stdout), { results });
      }
      const richer = {
        ...result('fail'),
        recipe: 'real',
        durationMs: 12,
        worst: { index: [3], analytic: 0.12, numeric: -0.12, trial: 2 },
      };
      const json = capture();
      await runGradcheck(options, async () => [richer], json);
      assert.deepEqual(JSON.parse(json.stdout), { results: [result('fail')] }, 'only the contract fields');
      const io = capture();
      assert.equal(await runGradcheck({ ...options, json: false }, async () => [result('fail')], io), 1);
      assert.match(io.stdout, /✗ fail +losses\.py:3 my_mse: mismatch at \[3\]: analytic 0\.12 vs numeric -0\.12/);
      assert.match(io.stdout, /gradcheck: 0 pass, 1 fail, 0 error, 0 skipped/);
    });
  });
});
