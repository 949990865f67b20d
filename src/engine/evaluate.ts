import { CATALOG, findLoss } from './catalog';
import { REDUCTIONS, type LossDefinition, type Reduction } from './definition';
import { resolveParams, type RawParams } from './params';
import { fail, firstNonFinite, indexText, toTensor, type NestedNumberArray, type Tensor } from './tensor';

export type EvaluateRequest = {
  loss: string;
  input: Tensor | NestedNumberArray;
  target: Tensor | NestedNumberArray;
  params?: RawParams;
  reduction?: Reduction;
};

export type EvaluateResult = { loss: number | Tensor; grad: Tensor };

/** What `listLosses()` gives: a definition without its code, ready for JSON. */
export type LossInfo = Omit<LossDefinition, 'compute'> & { defaultReduction: Reduction };

export function listLosses(): LossInfo[] {
  return CATALOG.map(({ compute: _compute, ...info }) => ({ ...info, defaultReduction: info.reductions[0] }));
}

/** The loss and the gradient of the reduced loss with respect to the input. Bad input throws a LossError. */
export function evaluate(req: EvaluateRequest): EvaluateResult {
  if (typeof req !== 'object' || req === null) fail('the request must be an object with loss, input and target');
  const def = lossDefinition(req.loss);
  const reduction = reductionFor(def, req.reduction);
  const params = resolveParams(def.id, def.params, req.params);
  if (req.input === undefined) fail(`${def.id}: the request has no input`);
  if (req.target === undefined) fail(`${def.id}: the request has no target`);
  const input = toTensor(req.input, 'input');
  const target = toTensor(req.target, 'target');
  const result = def.compute(input, target, params, reduction);
  if (hasNaN(result.loss)) explainNaN(def.id, input, target);
  return result;
}

export function lossDefinition(id: unknown): LossDefinition {
  if (typeof id !== 'string') fail(`loss must be a catalog id string, got ${JSON.stringify(id)}`);
  const def = findLoss(id);
  if (!def) {
    const near = nearest(
      id,
      CATALOG.map((d) => d.id),
    );
    fail(
      `unknown loss '${id}'${near ? ` (did you mean '${near}'?)` : ''}; known ids: ${CATALOG.map((d) => d.id).join(', ')}`,
    );
  }
  return def;
}

function reductionFor(def: LossDefinition, r: unknown): Reduction {
  if (r === undefined) return def.reductions[0];
  if (!REDUCTIONS.includes(r as Reduction))
    fail(`${def.id}: unknown reduction ${JSON.stringify(r)} (reductions: ${REDUCTIONS.join(', ')})`);
  const reduction = r as Reduction;
  if (!def.reductions.includes(reduction))
    fail(`${def.id}: reduction '${reduction}' is not supported (use ${def.reductions.join(', ')})`);
  return reduction;
}

function hasNaN(loss: number | Tensor): boolean {
  if (typeof loss === 'number') return Number.isNaN(loss);
  return loss.data.some(Number.isNaN);
}

/** A NaN result is never returned in silence: name the non-finite element that caused it. */
function explainNaN(lossId: string, input: Tensor, target: Tensor): never {
  for (const [name, t] of [
    ['input', input],
    ['target', target],
  ] as const) {
    const i = firstNonFinite(t);
    if (i >= 0) fail(`${lossId}: ${name}${indexText(t.shape, i)} is ${t.data[i]}; the engine needs finite numbers`);
  }
  return fail(
    `${lossId}: the loss came out NaN for finite input; this is a bug in the engine, please report it with the request`,
  );
}

/** The closest id by edit distance, if it is close enough to be a typo. */
function nearest(word: string, options: string[]): string | undefined {
  const dist = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length];
  };
  let best: string | undefined;
  let bestD = 3;
  for (const o of options) {
    const d = dist(word.toLowerCase(), o);
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best;
}
