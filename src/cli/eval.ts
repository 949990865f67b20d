import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { evaluate, LossError, toNested, type EvaluateRequest, type NestedNumberArray, type Tensor } from '../engine';

/** One answer line of `eval`: the result, or what was wrong with the request. `id` is echoed, null when absent. */
export type EvalReply =
  | { id: unknown; loss: number | NestedNumberArray; grad: NestedNumberArray }
  | { id: unknown; error: string };

const FIELDS = ['id', 'loss', 'input', 'target', 'params', 'reduction'] as const;

/**
 * Answers one request line (1-based `lineNo`). Never throws: every problem becomes an error reply
 * that starts with the line number, so a client without ids can still tell which request failed.
 */
export function answerLine(line: string, lineNo: number): EvalReply {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return { id: null, error: `line ${lineNo}: invalid JSON: ${errorText(e)}` };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    const got = request === null ? 'null' : Array.isArray(request) ? 'an array' : `a ${typeof request}`;
    return { id: null, error: `line ${lineNo}: a request must be a JSON object {id?, loss, input, target, params?, reduction?}, got ${got}` };
  }
  const fields = request as Record<string, unknown>;
  const id = fields.id === undefined ? null : fields.id;
  try {
    return { id, ...evaluateFields(fields) };
  } catch (e) {
    // A LossError is bad input; anything else is an engine bug, reported on the line all the same.
    const text = e instanceof LossError ? e.message : `internal error in the engine (please report it with the request): ${errorText(e)}`;
    return { id, error: `line ${lineNo}: ${text}` };
  }
}

function evaluateFields(fields: Record<string, unknown>): { loss: number | NestedNumberArray; grad: NestedNumberArray } {
  for (const key of Object.keys(fields)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new LossError(`unknown field '${key}' (fields: ${FIELDS.join(', ')})`);
  }
  for (const name of ['input', 'target'] as const) {
    const v = fields[name];
    // The engine also takes {shape, data: Float64Array} tensors, which JSON cannot carry: say so plainly.
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) throw new LossError(`${name} must be a number or nested arrays of numbers, not an object`);
  }
  const result = evaluate(fields as unknown as EvaluateRequest);
  const lossId = String(fields.loss);
  requireFinite(lossId, 'the loss', result.loss);
  requireFinite(lossId, 'the gradient', result.grad);
  return {
    loss: typeof result.loss === 'number' ? result.loss : toNested(result.loss),
    grad: toNested(result.grad),
  };
}

/** JSON has no Infinity (JSON.stringify would write null): an overflow is an error, not a silent null. */
function requireFinite(lossId: string, what: string, value: number | Tensor): void {
  const data = typeof value === 'number' ? [value] : value.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const where = typeof value === 'number' ? '' : ` at flat index ${i}`;
      throw new LossError(`${lossId}: ${what}${where} is ${data[i]} (float64 overflow); JSON cannot carry it, so scale the input down`);
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Serves JSON lines from `input` until it ends: one reply line per non-blank line, in order.
 * Reads line by line and waits for `output` to drain, so memory stays flat on long streams.
 */
export async function serveEval(input: NodeJS.ReadableStream, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  let lineNo = 0;
  for await (let line of lines) {
    lineNo++;
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1); // a byte-order mark from some editors
    if (line.trim() === '') continue;
    if (!output.write(JSON.stringify(answerLine(line, lineNo)) + '\n')) await once(output, 'drain');
  }
}
