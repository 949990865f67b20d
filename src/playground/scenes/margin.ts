/** Scene 2: margin surrogates of m = y·f(x), with y = +1 so the score is the margin. */
import { MARGIN_LOSSES, type MarginData, type MarginInput } from '../../protocol';
import { CURVE_POINTS, curve, linspace } from '../curves';
import { field, record } from '../validate';
import { computed } from './define';

export function margin(i: MarginInput): MarginData {
  const x = linspace(-i.range, i.range, CURVE_POINTS);
  const one = x.map(() => 1);
  return { x, curves: MARGIN_LOSSES.map((id) => curve(id, x, one)) };
}

const inputs = { range: field.num(0.5, 20) };

export const scene = computed({
  id: 'margin',
  input: record(inputs),
  view: record({ ...inputs, shown: field.subset(MARGIN_LOSSES), showGrad: field.bool() }),
  example: { range: 3 },
  answer: margin,
});
