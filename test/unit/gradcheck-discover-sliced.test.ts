/**
 * Discovery off the hot path: a slice at a time, giving way to the event loop between slices,
 * with the same answers as discovery in one go; a parse in chunks that agrees with Lezer's whole
 * parse; an edit that reparses only its chunk; a newer text that cancels an older one; hostile
 * input that ends, without an exception. How long slices take is measured by `npm run bench`
 * (bench/discovery.bench.ts), never asserted here.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import { discoverLosses, discoverLossesSliced, DocumentDiscoverer } from '../../src/gradcheck/discover';
import { discoverPythonSteps } from '../../src/gradcheck/discoverPython';
import { bindingSteps, scanBindings } from '../../src/syntax/bindings';
import { CHUNK_STARTS, ChunkedParser } from '../../src/syntax/chunkedParse';
import { pythonParser, scriptParser } from '../../src/syntax/parsers';
import { Cancelled, runSliced, runToEnd } from '../../src/syntax/slices';
import { BLOCK_LINES, generatedPython, randomText } from '../support/largeSources';

const BIG = generatedPython(50_000);

/** Every node of a tree as name and span, the top node left out (stitched trees have no single one). */
function shape(tree: Tree): string[] {
  const out: string[] = [];
  const c = tree.cursor();
  while (c.next()) out.push(`${c.name} ${c.from}-${c.to}`);
  return out;
}

/** A parser that counts the characters it is given to parse. */
function counting(parser: LRParser): { parser: LRParser; chars: () => number } {
  let chars = 0;
  const spy = Object.create(parser) as LRParser;
  spy.startParse = (input: string, ...rest: unknown[]) => {
    chars += input.length;
    return (parser.startParse as (...a: unknown[]) => ReturnType<LRParser['startParse']>)(input, ...rest);
  };
  return { parser: spy, chars: () => chars };
}

/** Resolves once `p` has settled, telling whether a callback queued before it ran first. */
async function gaveWay(start: () => Promise<unknown>): Promise<{ immediateFirst: boolean; value: unknown }> {
  let immediateRan = false;
  let immediateFirst = false;
  setImmediate(() => (immediateRan = true));
  const value = await start().then((v) => {
    immediateFirst = immediateRan;
    return v;
  });
  return { immediateFirst, value };
}

describe('gradcheck discovery, a slice at a time', function () {
  this.timeout(120_000);

  it('gives the same losses as discovery in one go, on a 50,000-line module', async () => {
    const slices: number[] = [];
    const sliced = await discoverLossesSliced(BIG, 'python', 'big.py', { onSlice: (ms) => slices.push(ms) });
    assert.deepEqual(sliced, discoverLosses(BIG, 'python', 'big.py'));
    // Two per whole block (the part-block at the end is its imports).
    assert.equal(50_000 % BLOCK_LINES, 2);
    assert.equal(sliced.losses.length, 2 * Math.floor(50_000 / BLOCK_LINES));
    assert.equal(sliced.hasSyntaxErrors, false);
    assert.ok(slices.length > 10, `ran in ${slices.length} slices`);
  });

  it('gives way to the event loop: a callback queued before it runs before it ends', async () => {
    const r = await gaveWay(() => discoverLossesSliced(BIG, 'python'));
    assert.ok(r.immediateFirst);
    // The same call in one go holds the thread to the end.
    let ranDuring = false;
    setImmediate(() => (ranDuring = true));
    discoverLosses(BIG, 'python');
    assert.equal(ranDuring, false);
  });

  it('gives way inside one long loss too: its body is walked a piece at a time', () => {
    const body = Array.from({ length: 5000 }, (_, i) => `    x = x + pred[${i}] * target`).join('\n');
    const text = `import numpy as np\n\ndef long_loss(pred, target):\n    x = 0\n${body}\n    return x\n`;
    const steps = discoverPythonSteps(text, pythonParser().parse(text));
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.deepEqual(
      r.value.losses.map((l) => l.name),
      ['long_loss'],
    );
    // ~15 nodes a line: the walk of its body alone yields dozens of times.
    assert.ok(yields > 50, `${yields} yields`);
  });

  it('re-discovers after a keystroke by parsing only the chunk it fell in, with the same answer as a fresh discovery', async () => {
    const d = new DocumentDiscoverer('python', 'big.py');
    await d.discoverSliced(BIG);
    const at = BIG.indexOf('def helper_1000(') + 'def '.length;
    const typed = BIG.slice(0, at) + 'x' + BIG.slice(at);
    const r = await gaveWay(() => d.discoverSliced(typed));
    assert.ok(r.immediateFirst);
    assert.deepEqual(r.value, discoverLosses(typed, 'python', 'big.py'));

    const { parser, chars } = counting(pythonParser());
    const chunked = new ChunkedParser(parser, CHUNK_STARTS.python);
    runToEnd(chunked.parse(BIG));
    assert.equal(chars(), BIG.length, 'the first parse reads the text once');
    const before = chars();
    const tree = runToEnd(chunked.parse(typed));
    assert.ok(
      chars() - before < 3 * 32 * 1024,
      `a keystroke reparsed ${chars() - before} of ${typed.length} characters`,
    );
    assert.deepEqual(shape(tree), shape(runToEnd(new ChunkedParser(pythonParser(), CHUNK_STARTS.python).parse(typed))));
  });

  it('keeps the chunks before and after an edit, shifted, and the tree a fresh parse would give', () => {
    const { parser, chars } = counting(pythonParser());
    const chunked = new ChunkedParser(parser, CHUNK_STARTS.python);
    let text = generatedPython(6000);
    runToEnd(chunked.parse(text));
    const edits: ((t: string) => string)[] = [
      (t) => 'import os\n' + t, // before every chunk: all move
      (t) => t.replace('def helper_100(', 'def helper_100b(a):\n    return a\n\ndef helper_100('), // a new cut in the middle
      (t) => t.slice(0, -40), // the end
      (t) => t.replace('def mse_50(', 'S = """\ndef mse_50('), // a string left open runs into the next chunks...
      (t) => t.replace('S = """\n', 'S = """x"""\n'), // ...and closed again
    ];
    for (const edit of edits) {
      text = edit(text);
      const before = chars();
      const tree = runToEnd(chunked.parse(text));
      assert.deepEqual(
        shape(tree),
        shape(runToEnd(new ChunkedParser(pythonParser(), CHUNK_STARTS.python).parse(text))),
      );
      assert.ok(chars() - before < text.length, 'reparsed less than the whole text');
    }
  });

  it('reparses the chunk before an edit that continues its last statement', () => {
    const defs = (n: number): string => Array.from({ length: n }, (_, i) => `def f${i}(x):\n    return x\n`).join('');
    const cases: [LRParser, RegExp, string, (t: string) => string][] = [
      // Typed at the end of the file: the body of the last function goes on.
      [pythonParser(), CHUNK_STARTS.python, defs(20), (t) => t + '    y = 1\n    return y\n'],
      // `else:` typed between a top-level if-block and the def after it.
      [
        pythonParser(),
        CHUNK_STARTS.python,
        defs(10) + 'if x:\n    pass\n' + defs(10),
        (t) => t.replace('    pass\n', '    pass\nelse:\n    pass\n'),
      ],
      // A member access on the next line continues a JS expression (no automatic semicolon).
      [
        scriptParser('javascript', false),
        CHUNK_STARTS.script,
        'const a = f()\n' + 'function g() { return 1; }\n'.repeat(20),
        (t) => t.replace('f()\n', 'f()\n.then(g)\n'),
      ],
    ];
    for (const [parser, starts, text, edit] of cases) {
      // A cut at every definition: the edits fall right at a cut.
      const chunked = new ChunkedParser(parser, starts, 1);
      runToEnd(chunked.parse(text));
      const edited = edit(text);
      assert.deepEqual(shape(runToEnd(chunked.parse(edited))), shape(parser.parse(edited)), edited.slice(0, 80));
    }
  });

  it('a newer text cancels the discovery under way, which rejects with Cancelled', async () => {
    const d = new DocumentDiscoverer('python', 'big.py');
    const older = d.discoverSliced(BIG);
    const edited = BIG.replace('def mse_7(', 'def mse_seven(');
    const newer = d.discoverSliced(edited);
    await assert.rejects(older, Cancelled);
    const found = await newer;
    assert.ok(found.losses.some((l) => l.name === 'mse_seven'));
    assert.deepEqual(found, discoverLosses(edited, 'python'));
    // The same text again joins the discovery under way, or is answered from the last one.
    assert.equal(await d.discoverSliced(edited), found);
  });

  it('stops at the next slice once its signal is aborted', async () => {
    const abort = new AbortController();
    const p = discoverLossesSliced(BIG, 'python', '', { signal: abort.signal });
    abort.abort();
    await assert.rejects(p, Cancelled);
  });

  it('runs a generator to its end in slices, in one go or sliced alike', async () => {
    function* count(n: number) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        s += i;
        yield;
      }
      return s;
    }
    assert.equal(runToEnd(count(1000)), 499500);
    const slices: number[] = [];
    assert.equal(await runSliced(count(1000), { sliceMs: 0, onSlice: (ms) => slices.push(ms) }), 499500);
    assert.equal(slices.length, 1001, 'a slice of 0 ms runs one step');
  });
});

describe('gradcheck discovery: the parse in chunks', () => {
  const plainShape = (parser: LRParser, text: string): string[] => shape(parser.parse(text));
  const chunkedShape = (parser: LRParser, starts: RegExp, text: string): string[] =>
    shape(runToEnd(new ChunkedParser(parser, starts, 2048).parse(text)));

  it('agrees with a whole parse where a cut falls inside a string, a comment, brackets or a decorated definition', () => {
    const py = [
      'import numpy as np',
      'DOC = """',
      'def not_code(x):',
      '    return x',
      '"""',
      'TABLE = (',
      'def_like_name,',
      ')',
      '@decorator',
      '@other(1)',
      'def decorated(a, b):',
      '    return a - b',
      'class Loss:',
      '    def __call__(self, p, t):',
      '        return ((p - t) ** 2).mean()',
    ].join('\n');
    const text =
      Array.from({ length: 60 }, (_, i) => py.replace(/not_code|decorated|Loss/g, (m) => `${m}_${i}`)).join('\n\n') +
      '\n';
    assert.deepEqual(chunkedShape(pythonParser(), CHUNK_STARTS.python, text), plainShape(pythonParser(), text));

    const ts = [
      'const s = `template',
      'function inTemplate() {}',
      '${1}`;',
      '/* comment',
      'function inComment() {}',
      '*/',
      'export function mseLoss(p: number[], t: number[]): number {',
      '  return p.reduce((s, x, i) => s + (x - t[i]) ** 2, 0) / p.length;',
      '}',
      'const table = {',
      'function: 1,',
      '};',
    ].join('\n');
    const tsText =
      Array.from({ length: 60 }, (_, i) => ts.replace(/mseLoss|inTemplate|inComment/g, (m) => `${m}${i}`)).join('\n') +
      '\n';
    assert.deepEqual(
      chunkedShape(scriptParser('typescript', false), CHUNK_STARTS.script, tsText),
      plainShape(scriptParser('typescript', false), tsText),
    );
  });

  it('gives the whole parse of a generated module and of every example and corpus file, cut every few KB', () => {
    const text = generatedPython(3000);
    assert.deepEqual(chunkedShape(pythonParser(), CHUNK_STARTS.python, text), plainShape(pythonParser(), text));
    const root = path.join(__dirname, '..', '..');
    const files = ['examples', 'test/gradcheck-corpus'].flatMap((dir) =>
      (readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((f) => /\.(py|ts|js)$/.test(f) && !f.includes('node_modules'))
        .map((f) => path.join(root, dir, f)),
    );
    assert.ok(files.length > 50, `${files.length} files`);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const [parser, starts] = file.endsWith('.py')
        ? [pythonParser(), CHUNK_STARTS.python]
        : [scriptParser(file.endsWith('.ts') ? 'typescript' : 'javascript', false), CHUNK_STARTS.script];
      assert.deepEqual(chunkedShape(parser, starts, source), plainShape(parser, source), file);
    }
  });
});

describe('gradcheck discovery of hostile input', function () {
  this.timeout(120_000);
  const inputs: [string, string][] = [
    ...[1, 2, 3, 4, 5].map((seed): [string, string] => [
      `20 KB of random bytes (seed ${seed})`,
      randomText(20 * 1024, seed),
    ]),
    ['20,000 open parentheses', '('.repeat(20_000)],
    ['20,000 open brackets after a def', 'def f_loss(a, b):\n    return ' + '['.repeat(20_000)],
    ['500 nested ifs', Array.from({ length: 500 }, (_, i) => ' '.repeat(i) + 'if x:').join('\n')],
    ['an unterminated string', 'def mse_loss(a, b):\n    """' + 'x'.repeat(100_000)],
    ['NUL bytes', '\u0000'.repeat(10_000)],
  ];
  for (const [what, text] of inputs) {
    for (const language of ['python', 'typescript', 'x.jsx']) {
      it(`${what}, as ${language}: an answer in slices, the same as in one go`, async () => {
        const once = discoverLosses(text, language);
        const r = await gaveWay(() => discoverLossesSliced(text, language));
        assert.deepEqual(r.value, once);
      });
    }
  }

  it('the hover scan of random bytes and of 2,000 open imports ends, in slices as in one go', async () => {
    for (const text of [randomText(20 * 1024, 9), 'from m import (\n'.repeat(2000)]) {
      for (const language of ['python', 'script'] as const) {
        assert.deepEqual(await runSliced(bindingSteps(text, language)), scanBindings(text, language));
      }
    }
  });
});
