/**
 * A formula as a loss definition of the engine, so whatever takes a catalog loss's definition can
 * take it: the surface scene's line model (w·x + b through the formula, over its data) uses it
 * for the loss surface and gradient descent. Elementwise: input a, target y, ∂ℓ/∂a from the
 * automatic derivative. Pure.
 */
import { elementwise, type LossDefinition } from '../definition';
import type { Program } from './evaluate';

export function formulaDefinition(f: { text: string; tex: string | null; program: Program }): LossDefinition {
  return {
    // Not a catalog id, so no surface method for a catalog loss can take it for one.
    id: 'formula',
    title: { en: `Your formula: ${f.text}`, 'zh-cn': `你的公式：${f.text}` },
    family: 'regression',
    input: { en: 'predictions a', 'zh-cn': '预测 a' },
    target: { en: 'targets y', 'zh-cn': '目标 y' },
    params: [],
    reductions: ['mean', 'sum', 'none'],
    tex: { loss: f.tex ?? '', grad: '' },
    notes: { en: '', 'zh-cn': '' },
    compute: (input, target, params, reduction) =>
      elementwise('formula', input, target, params, reduction, (a, y, grad, scale, out) => {
        const r = f.program.run(a, y);
        let sum = 0;
        for (let i = 0; i < a.length; i++) {
          sum += r.value[i];
          grad[i] = r.deriv[i] * scale;
          if (out) out[i] = r.value[i];
        }
        return sum;
      }),
    values: (input, target) => f.program.run(input.data, target.data, false).value.slice(),
  };
}
