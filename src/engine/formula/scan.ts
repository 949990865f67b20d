/**
 * The first check of a formula, ours, before mathjs sees it: the text scanned into tokens, and every
 * mistake that can be named with its column (1-based, as editors count) named here. Only digits,
 * ASCII letters, `_`, `.` in numbers, spaces, + − * / ^ ( ) , are characters of a formula; every name
 * is a variable (e, y, a), pi, or a whitelisted function called with its number of arguments; two
 * operands need an operator between them; parentheses nest at most MAX_DEPTH deep.
 *
 * No mathjs here: the extension host checks a formula a link carries with this alone, and leaves
 * the parsing (./parse) to the compute worker. Pure.
 */
import { CONSTANTS, VARIABLES, type Variable } from './expr';
import { FUNCTIONS, isFunctionName } from './functions';
import { FUNCTION_NAMES, type FormulaErrorCode, type FunctionName } from './vocabulary';

/** Far above any loss in a textbook (the longest preset is ~25 characters), far below harm. */
export const MAX_FORMULA_LENGTH = 200;
/** Parentheses nested deeper than this are a mistake, not a loss; it also bounds the parser's recursion. */
const MAX_DEPTH = 20;

/** What is wrong and where: `text` the offending piece, `other` a second one, `n`/`m` counts. */
export type FormulaProblem = {
  code: FormulaErrorCode;
  column: number;
  text: string;
  other?: string;
  n?: number;
  m?: number;
};

const quote = (s: string): string => `\`${s}\``;

/** The problem in English, for logs and for whoever shows no localized text (the page has its own, in both languages). */
export function problemMessage(p: FormulaProblem): string {
  const at = `at column ${p.column}`;
  switch (p.code) {
    case 'empty':
      return 'Type a formula of e, or of y and a.';
    case 'tooLong':
      return `The formula is longer than ${p.n} characters.`;
    case 'character':
      return `Unexpected character ${quote(p.text)} ${at}.`;
    case 'unknownName':
      return `Unknown name ${quote(p.text)} ${at}: use e, y, a, pi or a function (${FUNCTION_NAMES.join(', ')}).`;
    case 'notAFunction':
      return `${quote(p.text)} ${at} is a variable, not a function: write ${p.text}*(…).`;
    case 'needsCall':
      return `${quote(p.text)} ${at} is a function: write ${p.text}(…).`;
    case 'arity':
      return `${quote(p.text)} ${at} takes ${p.n} argument${p.n === 1 ? '' : 's'}, not ${p.m}.`;
    case 'missingOperator':
      return `Missing operator between ${quote(p.other ?? '')} and ${quote(p.text)} ${at}: write ${p.other}*${p.text}.`;
    case 'power':
      return `Write powers with ^, not **, ${at}.`;
    case 'number':
      return `The number ${quote(p.text)} ${at} is too large.`;
    case 'depth':
      return `More than ${p.n} nested parentheses, ${at}.`;
    case 'unclosed':
      return `The ( ${at} is never closed.`;
    case 'unopened':
      return `The ) ${at} closes nothing.`;
    case 'comma':
      return `A comma ${at} outside a function's arguments.`;
    case 'incomplete':
      return `The formula ends too early, ${at}: something is missing after the last operator.`;
    case 'expected':
      return `A number, a name or ( is expected ${at}.`;
    case 'syntax':
      return `${p.text} ${at}.`;
    case 'notAllowed':
      return `${quote(p.text)} is not allowed in a formula (${at}).`;
  }
}

/** The one error a formula gives: what is wrong and where. */
export class FormulaError extends Error {
  override readonly name = 'FormulaError';
  constructor(readonly problem: FormulaProblem) {
    super(problemMessage(problem));
  }
}

export const fail = (code: FormulaErrorCode, column: number, text = '', extra: Partial<FormulaProblem> = {}): never => {
  throw new FormulaError({ code, column, text, ...extra });
};

type Token = { kind: 'num' | 'name' | 'op' | '(' | ')' | ','; text: string; column: number };

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** A character as a person can read it in a message: itself, or U+000A for the invisible ones. */
function shown(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x2028 || cp === 0x2029
    ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
    : c;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const column = i + 1;
    const sticky = (re: RegExp): string | undefined => {
      re.lastIndex = i;
      return re.exec(text)?.[0];
    };
    const num = /[\d.]/.test(c) ? sticky(NUMBER) : undefined;
    const name = num === undefined && /[A-Za-z_]/.test(c) ? sticky(NAME) : undefined;
    if (num !== undefined) {
      if (!Number.isFinite(Number(num))) fail('number', column, num);
      out.push({ kind: 'num', text: num, column });
      i += num.length;
    } else if (name !== undefined) {
      out.push({ kind: 'name', text: name, column });
      i += name.length;
    } else if (c === '*' && text[i + 1] === '*') {
      fail('power', column, '**');
    } else if ('+-*/^'.includes(c)) {
      out.push({ kind: 'op', text: c, column });
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c, text: c, column });
      i++;
    } else {
      fail('character', column, shown(String.fromCodePoint(text.codePointAt(i) ?? 0)));
    }
  }
  return out;
}

export const isVariable = (s: string): s is Variable => (VARIABLES as readonly string[]).includes(s);
const isConstant = (s: string): boolean => Object.hasOwn(CONSTANTS, s);

/** An operand ends here: a number, a variable or constant, or a closing parenthesis. */
const endsOperand = (t: Token): boolean =>
  t.kind === 'num' || t.kind === ')' || (t.kind === 'name' && !isFunctionName(t.text));
/** An operand starts here: a number, a name, or an opening parenthesis. */
const startsOperand = (t: Token): boolean => t.kind === 'num' || t.kind === 'name' || t.kind === '(';

/** Gate 1: every check that knows its column. */
function check(tokens: Token[], length: number): void {
  const open: { fn: FunctionName | null; commas: number; column: number; fnColumn: number; empty: boolean }[] = [];
  tokens.forEach((t, k) => {
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (prev && endsOperand(prev) && startsOperand(t)) fail('missingOperator', t.column, t.text, { other: prev.text });
    if (t.kind !== ')' && open.length) open[open.length - 1].empty = false;
    switch (t.kind) {
      case 'name':
        if (isFunctionName(t.text)) {
          if (next?.kind !== '(') fail('needsCall', t.column, t.text);
        } else if (isVariable(t.text) || isConstant(t.text)) {
          if (next?.kind === '(') fail('notAFunction', t.column, t.text);
        } else {
          fail('unknownName', t.column, t.text);
        }
        return;
      case '(': {
        const fn = prev?.kind === 'name' && isFunctionName(prev.text) ? prev.text : null;
        if (open.length >= MAX_DEPTH) fail('depth', t.column, '(', { n: MAX_DEPTH });
        open.push({ fn, commas: 0, column: t.column, fnColumn: fn ? prev.column : t.column, empty: true });
        return;
      }
      case ',': {
        const top = open[open.length - 1];
        if (!top?.fn) fail('comma', t.column, ',');
        top.commas++;
        return;
      }
      case ')': {
        const top = open.pop();
        if (!top) return fail('unopened', t.column, ')');
        if (top.fn) {
          const args = top.empty ? 0 : top.commas + 1;
          const arity = FUNCTIONS[top.fn].arity;
          if (args !== arity) fail('arity', top.fnColumn, top.fn, { n: arity, m: args });
        }
        return;
      }
    }
  });
  const unclosed = open.pop();
  if (unclosed) fail('unclosed', unclosed.column, '(');
  if (!tokens.length) fail('empty', length + 1);
}

/** Checks the text of a formula (length, characters, names, calls, operators, parentheses); throws a FormulaError. */
export function scanFormula(text: string): void {
  if (typeof text !== 'string') fail('notAllowed', 1, typeof text);
  if (text.length > MAX_FORMULA_LENGTH) fail('tooLong', MAX_FORMULA_LENGTH + 1, '', { n: MAX_FORMULA_LENGTH });
  if (text.trim() === '') fail('empty', 1);
  check(tokenize(text), text.length);
}
