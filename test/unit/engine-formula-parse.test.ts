/**
 * The formula parser (src/engine/formula/parse.ts, scan.ts): what it accepts becomes a tree of
 * whitelisted kinds only; what it refuses is a FormulaError naming the mistake and its column (the
 * table below is counted by hand); and, property-tested with fast-check, whatever the text
 * (random Unicode, random arrangements of formula tokens, code that would run if anything
 * evaluated it, huge exponents, deep nesting, very long input) it either parses or throws a
 * FormulaError, never anything else, and never calls eval or Function.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { FormulaError, parseFormula, scanFormula, type Expr } from '../../src/engine/formula';
import { children } from '../../src/engine/formula/expr';
import { FUNCTION_NAMES } from '../../src/engine/formula/vocabulary';

/** The problem of a text that must not parse. */
function problem(text: string): { code: string; column: number; text: string; message: string } {
  try {
    parseFormula(text);
  } catch (e) {
    assert.ok(e instanceof FormulaError, `${JSON.stringify(text)} threw ${String(e)}`);
    return { code: e.problem.code, column: e.problem.column, text: e.problem.text, message: e.message };
  }
  return assert.fail(`${JSON.stringify(text)} parsed`);
}

/** Every node of a parsed formula is one of the kinds a formula may have, calling only whitelisted functions. */
function whitelisted(x: Expr): boolean {
  const ok =
    x.kind === 'num'
      ? Number.isFinite(x.value)
      : x.kind === 'call'
        ? (FUNCTION_NAMES as readonly string[]).includes(x.fn)
        : ['const', 'var', 'neg', 'bin'].includes(x.kind);
  return ok && children(x).every(whitelisted);
}

/** Parses, or throws a FormulaError; anything else thrown fails the property. */
function parsesOrRefuses(text: string): void {
  try {
    const f = parseFormula(text);
    assert.ok(whitelisted(f.expr), `${JSON.stringify(text)} gave ${JSON.stringify(f.expr)}`);
  } catch (e) {
    if (!(e instanceof FormulaError))
      throw new Error(`${JSON.stringify(text)} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, {
        cause: e,
      });
    assert.ok(
      e.problem.column >= 1 && e.problem.column <= Math.max(text.length, 200) + 1,
      `${JSON.stringify(text)}: column ${e.problem.column}`,
    );
  }
}

/** Replaces eval and Function with spies for the length of `body`: nothing may call them. */
function withoutEval(body: () => void): void {
  const g = globalThis as unknown as { eval: unknown; Function: unknown };
  const saved = { eval: g.eval, Function: g.Function };
  const calls: string[] = [];
  g.eval = (...a: unknown[]) => calls.push(`eval(${String(a[0])})`);
  g.Function = function (...a: unknown[]) {
    calls.push(`Function(${a.map(String).join(', ')})`);
  };
  try {
    body();
  } finally {
    g.eval = saved.eval;
    g.Function = saved.Function;
  }
  assert.deepEqual(calls, []);
}

describe('formula parser: what a mistake says, and where (columns counted by hand, from 1)', () => {
  const table: [string, string, number, string][] = [
    ['log(1 + foo)', 'unknownName', 9, 'foo'],
    ['2a', 'missingOperator', 2, 'a'],
    ['(a)(y)', 'missingOperator', 4, '('],
    ['log(a, 2)', 'arity', 1, 'log'],
    ['1 + max(a)', 'arity', 5, 'max'],
    ['log()', 'arity', 1, 'log'],
    ['a & y', 'character', 3, '&'],
    ['a\ny', 'character', 2, 'U+000A'],
    ['a ≥ y', 'character', 3, '≥'],
    ['a**2', 'power', 2, '**'],
    ['sqrt', 'needsCall', 1, 'sqrt'],
    ['y(a + 1)', 'notAFunction', 1, 'y'],
    ['a + 1e400', 'number', 5, '1e400'],
    ['(a', 'unclosed', 1, '('],
    ['a)', 'unopened', 2, ')'],
    ['a, y', 'comma', 2, ','],
    ['1 +', 'incomplete', 4, ''],
    ['max(1, )', 'expected', 8, ''],
    ['', 'empty', 1, ''],
    ['   ', 'empty', 1, ''],
    [`${'('.repeat(21)}a${')'.repeat(21)}`, 'depth', 21, '('],
    [`a${' '.repeat(200)}`, 'tooLong', 201, ''],
    ['constructor', 'unknownName', 1, 'constructor'],
    ['__proto__', 'unknownName', 1, '__proto__'],
    ['import(a)', 'unknownName', 1, 'import'],
    ['a.constructor', 'character', 2, '.'],
  ];
  for (const [text, code, column, piece] of table) {
    it(`${JSON.stringify(text.length > 30 ? `${text.slice(0, 30)}…` : text)}: ${code} at ${column}`, () => {
      const p = problem(text);
      assert.deepEqual([p.code, p.column], [code, column], p.message);
      if (piece) assert.equal(p.text, piece);
    });
  }

  it('says it in words, with the column', () => {
    assert.equal(
      problem('log(1 + foo)').message,
      'Unknown name `foo` at column 9: use e, y, a, pi or a function (abs, sign, sqrt, exp, log, log1p, tanh, cosh, sinh, sigmoid, softplus, relu, max, min).',
    );
    assert.equal(problem('2a').message, 'Missing operator between `2` and `a` at column 2: write 2*a.');
    assert.equal(problem('max(a)').message, '`max` at column 1 takes 2 arguments, not 1.');
  });

  it('checks the text without mathjs (the extension host’s check of a link) and agrees with the parser on what it refuses', () => {
    for (const [text, code] of table) {
      if (code === 'incomplete' || code === 'expected' || code === 'missingOperator') continue;
      assert.throws(
        () => scanFormula(text),
        (e: unknown) => e instanceof FormulaError && e.problem.code === code,
        text,
      );
    }
    // What only the parser sees: the scan lets it through.
    scanFormula('1 +');
  });

  it('reads what a learner writes: precedence, unary minus, powers to the right, π', () => {
    const value = (text: string, a = 2, y = 0.5): number =>
      parseFormula(text).program.run(Float64Array.of(a), Float64Array.of(y)).value[0];
    assert.equal(value('-2^2'), -4);
    assert.equal(value('(-2)^2'), 4);
    assert.equal(value('2^3^2'), 512);
    assert.equal(value('a/2*y'), 0.5);
    assert.equal(value('a - y - 1'), 0.5);
    assert.equal(value('2^-1'), 0.5);
    assert.equal(value('+a'), 2);
    assert.equal(value('.5e1 + 1.'), 6);
    assert.equal(value('2*pi'), 2 * Math.PI);
    assert.equal(value('e'), 1.5, 'e is the residual a − y, not Euler’s number');
  });
});

describe('formula parser: never throws anything but its error, never evaluates (fast-check)', () => {
  const TOKENS = [
    'a',
    'y',
    'e',
    'pi',
    '1',
    '2.5',
    '1e3',
    '0',
    '+',
    '-',
    '*',
    '/',
    '^',
    '(',
    ')',
    ',',
    ' ',
    'log(',
    'exp(',
    'max(',
    'abs(',
    'sqrt(',
    'sigmoid(',
    'min(',
    'relu(',
  ];
  const HOSTILE = [
    'constructor',
    '__proto__',
    'prototype',
    'toString',
    'valueOf',
    'import(',
    'require(',
    'process',
    'globalThis',
    'eval(',
    'Function(',
    'this',
    '.',
    '[',
    ']',
    '{',
    '}',
    '=',
    ';',
    '"',
    "'",
    '`',
    '$',
    '#',
    '!',
    '?',
    ':',
    '\\',
    '\n',
    '\u0000',
    '𝑎',
    '1e999',
    '0x10',
    'mod',
    'to',
    'in',
    'and',
    'or',
    'not',
  ];

  it('random text', () => {
    withoutEval(() =>
      fc.assert(fc.property(fc.string({ maxLength: 250 }), parsesOrRefuses), { numRuns: 3000, seed: 1 }),
    );
  });

  it('random Unicode text', () => {
    withoutEval(() =>
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 120 }), parsesOrRefuses), {
        numRuns: 1500,
        seed: 2,
      }),
    );
  });

  it('random arrangements of formula tokens (most reach mathjs)', () => {
    withoutEval(() =>
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (t) => parsesOrRefuses(t.join(''))),
        { numRuns: 4000, seed: 3 },
      ),
    );
  });

  it('formula tokens mixed with code and punctuation that would run if anything evaluated it', () => {
    withoutEval(() =>
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...TOKENS, ...HOSTILE), { maxLength: 40 }), (t) =>
          parsesOrRefuses(t.join('')),
        ),
        { numRuns: 4000, seed: 4 },
      ),
    );
  });

  it('code as a formula: each refused as the name or character it starts with', () => {
    for (const text of [
      'constructor.constructor("return process")()',
      '__proto__.polluted',
      'import("fs")',
      'require("child_process").exec("x")',
      'eval(a)',
      'Function(a)',
      'this',
      'globalThis',
      'x => x',
      '[1, 2]',
      '{a: 1}',
      'a = 1',
      'f(x) = x',
      'a ? y : e',
      '1:3',
      'a; y',
      'a < y',
      'a == y',
      '5!',
      "a'",
    ]) {
      withoutEval(() => assert.throws(() => parseFormula(text), FormulaError, text));
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('huge exponents and numbers: a value of Infinity, not a hang or an error', () => {
    const f = parseFormula('10^10^10^10 + a^1e300 + exp(exp(exp(a)))');
    assert.equal(f.program.run(Float64Array.of(2), Float64Array.of(0)).value[0], Infinity);
    assert.equal(problem('9'.repeat(400)).code, 'tooLong');
    assert.equal(problem('a + 9e999').code, 'number');
    assert.equal(
      parseFormula(`a + 1${'0'.repeat(190)}`).program.run(Float64Array.of(0), Float64Array.of(0)).value[0],
      1e190,
    );
  });

  it('deep nesting and long input: refused or parsed at the caps, whatever is nested', () => {
    const deep = (n: number, open: string) => `${open.repeat(n)}a${')'.repeat(n)}`;
    assert.equal(problem(deep(21, '(')).code, 'depth');
    assert.equal(problem(deep(21, 'abs(')).code, 'depth');
    assert.equal(problem(deep(40, 'exp(')).code, 'tooLong');
    parseFormula(deep(20, '('));
    parseFormula(deep(19, 'log1p('));
    // Unary minus nests without parentheses: 199 of them still parse, within the length cap.
    assert.equal(parseFormula(`${'-'.repeat(199)}a`).program.run(Float64Array.of(2), Float64Array.of(0)).value[0], -2);
    for (const n of [1_000, 100_000, 10_000_000]) assert.equal(problem('('.repeat(n)).code, 'tooLong');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.constantFrom('(', '-(', 'max(a,', 'exp(', '2^('), (n, open) =>
        parsesOrRefuses(deep(n, open)),
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
