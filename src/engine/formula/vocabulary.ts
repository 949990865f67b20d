/**
 * The formula scene's words that both the engine and the page use: the functions a formula may
 * call, what can be wrong with one, and where its code can go. Constants only, importing nothing,
 * so the protocol (src/protocol.ts) re-exports them for the page without bringing the engine
 * along: one list each, in one place.
 */

/** The functions a formula may call (./functions has what each one is). */
export const FUNCTION_NAMES = [
  'abs',
  'sign',
  'sqrt',
  'exp',
  'log',
  'log1p',
  'tanh',
  'cosh',
  'sinh',
  'sigmoid',
  'softplus',
  'relu',
  'max',
  'min',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** What can be wrong with a formula: the codes of ./scan's FormulaError, each with its message there. */
export const FORMULA_ERROR_CODES = [
  'empty',
  'tooLong',
  'character',
  'unknownName',
  'notAFunction',
  'needsCall',
  'arity',
  'missingOperator',
  'power',
  'number',
  'depth',
  'unclosed',
  'unopened',
  'comma',
  'incomplete',
  'expected',
  'syntax',
  'notAllowed',
] as const;
export type FormulaErrorCode = (typeof FORMULA_ERROR_CODES)[number];

/** Where the formula's code goes (./code): NumPy, PyTorch, TF.js. */
export const CODE_TARGETS = ['numpy', 'pytorch', 'tfjs'] as const;
export type CodeTarget = (typeof CODE_TARGETS)[number];
