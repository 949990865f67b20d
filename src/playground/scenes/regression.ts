/** Scene 1: each regression loss of the residual e = a − y, with its derivative. */
import { REGRESSION_LOSSES, type RegressionData, type RegressionInput } from '../../protocol';
import { CURVE_POINTS, curve, linspace } from '../curves';
import { field, record } from '../validate';
import { computed } from './define';

/** Each loss at target 0 and prediction e, so the x axis is the residual. */
export function regression(i: RegressionInput): RegressionData {
  const x = linspace(-i.range, i.range, CURVE_POINTS);
  const zero = x.map(() => 0);
  const params: Record<string, Record<string, number>> = {
    smooth_l1: { beta: i.beta },
    huber: { delta: i.delta },
    quantile: { q: i.q },
  };
  return { x, curves: REGRESSION_LOSSES.map((id) => curve(id, x, zero, params[id])) };
}

const inputs = {
  range: field.num(0.5, 20),
  beta: field.num(0, 10),
  delta: field.num(0.01, 10),
  q: field.num(0.01, 0.99),
};

export const scene = computed({
  id: 'regression',
  input: record(inputs),
  view: record({ ...inputs, shown: field.subset(REGRESSION_LOSSES) }),
  example: { range: 3, beta: 1, delta: 1.5, q: 0.5 },
  answer: regression,
});
