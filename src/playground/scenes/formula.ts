/**
 * Scene 12, "Your formula": a loss typed as a formula of the residual e, or of the target y and the
 * prediction a, drawn with its derivative ∂ℓ/∂a and its kinks beside catalog losses at the same
 * (y, a), typeset, and written out as NumPy, PyTorch and TF.js code. The formula is parsed here, in
 * the compute (the worker's thread), by the engine's formula module; a formula that is not one is
 * an answer too (what is wrong, at which column), so the page can show it beside the text field.
 */
import { findKinks, formulaCode, FormulaError, parseFormula, type Formula } from '../../engine/formula';
import { MAX_FORMULA_LENGTH, scanFormula } from '../../engine/formula/scan';
import {
  CODE_TARGETS,
  FORMULA_OVERLAYS,
  MARGIN_LOSSES,
  type CodeTarget,
  type FormulaData,
  type FormulaInput,
  type FormulaOverlayId,
} from '../../protocol';
import { CURVE_POINTS, curve, linspace } from '../curves';
import { bad, field, record, str, type Field } from '../validate';
import { computed } from './define';

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Whether a catalog loss takes y as its target: margin losses ±1 labels, BCE with logits a probability. */
function fits(id: FormulaOverlayId, y: number): boolean {
  if ((MARGIN_LOSSES as readonly string[]).includes(id)) return y === 1 || y === -1;
  if (id === 'bce_with_logits') return y >= 0 && y <= 1;
  return true;
}

function formula(i: FormulaInput): FormulaData {
  let f: Formula;
  try {
    f = parseFormula(i.f);
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, error: e.problem };
    throw e;
  }
  // A formula of e alone is drawn against e, as the regression scene draws its losses; any other against a.
  const axis = f.variables.every((v) => v === 'e') ? 'e' : 'a';
  const x = linspace(-i.range, i.range, CURVE_POINTS);
  const aOf = (v: number): number => (axis === 'e' ? v + i.y : v);
  const a = x.map(aOf);
  const ys = x.map(() => i.y);
  const r = f.program.run(Float64Array.from(a), Float64Array.from(ys));
  const loss = Array.from(r.value, finite);
  const grad = Array.from(r.deriv, finite);
  const kinks = findKinks(f.program, x, aOf, i.y).map((k) => ({
    x: k.x,
    value: finite(k.value),
    left: finite(k.left),
    right: finite(k.right),
  }));
  return {
    ok: true,
    axis,
    variables: f.variables,
    x,
    loss,
    grad,
    kinks,
    tex: { loss: f.tex, grad: f.derivativeTex },
    code: Object.fromEntries(CODE_TARGETS.map((t) => [t, formulaCode(f, t)])) as Record<CodeTarget, string>,
    curves: FORMULA_OVERLAYS.filter((id) => fits(id, i.y)).map((id) => curve(id, a, ys)),
    unfit: FORMULA_OVERLAYS.filter((id) => !fits(id, i.y)),
  };
}

/** The formula as the page sends it: any text up to the cap; what is wrong with it is the answer's to say. */
const text: Field<string> = {
  check: (v, where) => str(v, where, MAX_FORMULA_LENGTH),
  read: (t, where) => str(t, where, MAX_FORMULA_LENGTH),
  write: (v) => v,
};

/**
 * A formula a link or the open command sets: one whose text checks out (characters, names, calls,
 * operators, parentheses: ../../engine/formula/scan), so a link never carries `import(…)` or a
 * typo. That check needs no mathjs, so the extension host makes it; what only the parser finds
 * (`1 +`) the scene shows, at its column, once the worker has parsed it.
 */
export function formulaField(): Field<string> {
  const check = (v: unknown, where: string): string => {
    const f = str(v, where, MAX_FORMULA_LENGTH);
    try {
      scanFormula(f);
    } catch (e) {
      if (e instanceof FormulaError) bad(`${where}: ${e.message}`);
      throw e;
    }
    return f;
  };
  return { check, read: check, write: (v) => v };
}

const common = { y: field.num(-10, 10), range: field.num(0.5, 50) };

export const scene = computed({
  id: 'formula',
  input: record({ f: text, ...common }),
  view: record({ f: formulaField(), ...common, shown: field.subset(FORMULA_OVERLAYS) }),
  example: { f: 'log(1 + exp(-y*a))', y: 1, range: 4 },
  answer: formula,
});
