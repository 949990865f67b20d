/**
 * A finite-difference check of every analytic gradient in the catalog: for each of the catalog's
 * ids, several parameter settings and every reduction it supports (for 'none' the gradient is of
 * the sum), fast-check draws random well-conditioned points (probabilities kept inside
 * [0.05, 0.95], logits of moderate size, class indices in range) and gradCheck compares
 * `evaluate().grad` with central differences of `evaluate().loss`.
 *
 * The independent source is the numerical derivative of the engine's own loss values; the loss
 * values themselves are checked against PyTorch float64 in engine-fixtures.test.ts. Tolerances
 * are tighter than torch.autograd.gradcheck's defaults (atol 1e-6, rtol 1e-5 instead of 1e-5 and
 * 1e-3), which float64 central differences at these points easily meet, so an error of a few
 * parts in 1e5 still shows. Kinks (hinge at margin 1, L1 at zero error) are allowed: gradCheck
 * reports them separately when the analytic value is a valid subgradient.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { evaluate, listLosses, type Reduction, type Tensor } from '../../src/engine';
import { gradCheck } from '../../src/engine/finiteDiff';
import { Random } from '../../src/engine/random';
import { SETTINGS, type Case } from './lossCases';

/** Losses with kinks (or jumps) in the input, where gradCheck may meet one by chance. */
const KINKED = new Set(['l1', 'quantile', 'hinge', 'multi_margin', 'zero_one']);

/** The loss as a number: the reduced loss, or the sum for reduction 'none' (what grad is the gradient of). */
function lossValue(loss: number | Tensor): number {
  if (typeof loss === 'number') return loss;
  let s = 0;
  for (const v of loss.data) s += v;
  return s;
}

function describeCase(id: string, r: Reduction, c: Case): string {
  const t = typeof c.target === 'number' ? c.target : { shape: c.target.shape, data: [...c.target.data] };
  return JSON.stringify({
    loss: id,
    reduction: r,
    params: c.params ?? {},
    input: { shape: c.input.shape, data: [...c.input.data] },
    target: t,
  });
}

describe('engine: finite-difference check of every analytic gradient (fast-check)', () => {
  const infos = listLosses();

  it('has generators for every catalog id', () => {
    assert.deepEqual(Object.keys(SETTINGS).sort(), infos.map((i) => i.id).sort());
    assert.equal(infos.length, 21);
  });

  for (const info of infos) {
    for (const setting of SETTINGS[info.id] ?? []) {
      for (const reduction of info.reductions) {
        it(`${info.id} · ${setting.label} · ${reduction}`, () => {
          fc.assert(
            fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
              const made = setting.make(new Random(seed));
              const c: Case = { ...made, params: { ...setting.params, ...made.params } };
              const req = { loss: info.id, target: c.target, params: c.params, reduction };
              const { grad } = evaluate({ ...req, input: c.input });
              const f = (x: Float64Array): number =>
                lossValue(evaluate({ ...req, input: { shape: c.input.shape, data: x } }).loss);
              const r = gradCheck(f, c.input.data, grad.data, { atol: 1e-6, rtol: 1e-5, mode: 'elementwise' });
              if (!KINKED.has(info.id) && !(info.id === 'smooth_l1' && c.params?.beta === 0)) {
                assert.equal(
                  r.kinks.length,
                  0,
                  `${info.id} is smooth, yet gradCheck saw a kink at ${r.kinks[0]?.index}\nrequest: ${describeCase(info.id, reduction, c)}`,
                );
              }
              if (r.verdict !== 'pass') {
                const w = r.worst!;
                assert.fail(
                  `${info.id}: gradient mismatch at flat index ${w.index}: analytic ${w.analytic}, numeric ${w.numeric} ` +
                    `(${r.failures} of ${r.checked} elements fail)\nrequest: ${describeCase(info.id, reduction, c)}`,
                );
              }
            }),
            {
              numRuns: Number(process.env.GRADIENT_RUNS ?? 25),
              seed: Number(process.env.GRADIENT_SEED ?? 20260101),
              includeErrorInReport: true,
            },
          );
        });
      }
    }
  }
});
