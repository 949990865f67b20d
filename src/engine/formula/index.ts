/**
 * A loss the learner types as a formula of the residual e = a − y, or of the target y and the
 * prediction a: parsed with mathjs under a whitelist (./parse), evaluated with its automatic
 * derivative (./evaluate), its symbolic derivative written out (./derivative), typeset (./tex),
 * its kinks found (./kinks), exported as code (./code), and usable wherever a catalog loss's
 * definition is (./definition). Not in the engine's public index (src/engine/index.ts), so
 * dist/engine.js does not carry mathjs; the playground imports it from here.
 */
import { readableDerivative } from './derivative';
import { Program } from './evaluate';
import { VARIABLES, variablesOf, type Expr, type Variable } from './expr';
import { parseText } from './parse';
import { exprTex, nodeTex } from './tex';

export { CODE_NAMES, formulaCode } from './code';
export { formulaDefinition } from './definition';
export { findKinks } from './kinks';
export { FormulaError, problemMessage, scanFormula, type FormulaProblem } from './scan';
export { Program, evaluateAt } from './evaluate';
export { derivative } from './derivative';
export type { Expr } from './expr';

export type Formula = {
  readonly text: string;
  readonly expr: Expr;
  /** The variables it reads, in the order e, y, a. */
  readonly variables: Variable[];
  /** TeX of the formula as typed; null if it could not be typeset. */
  readonly tex: string | null;
  /** ∂ℓ/∂a written out, or null when too long to read. */
  readonly derivative: Expr | null;
  readonly derivativeTex: string | null;
  /** Values and automatic derivative over arrays. */
  readonly program: Program;
};

/** TeX is for show: a formula that parsed is never turned away because typesetting it failed. */
function typeset(f: () => string): string | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** The formula, checked and ready; throws a FormulaError (and nothing else) when it is not one. */
export function parseFormula(text: string): Formula {
  const { expr, node } = parseText(text);
  const used = variablesOf(expr);
  const derivative = readableDerivative(expr);
  return {
    text,
    expr,
    variables: VARIABLES.filter((v) => used.has(v)),
    tex: typeset(() => nodeTex(node)),
    derivative,
    derivativeTex: derivative && typeset(() => exprTex(derivative)),
    program: new Program(expr),
  };
}
