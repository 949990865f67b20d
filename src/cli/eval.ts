import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { evaluate, LossError, toNested, type EvaluateRequest, type NestedNumberArray, type Tensor } from '../engine';

/** One answer line of `eval`: the result, or what was wrong with the request. `id` is echoed, null when absent. */
export type EvalReply =
  { id: unknown; loss: number | NestedNumberArray; grad: NestedNumberArray } | { id: unknown; error: string };

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
    return {
      id: null,
      error: `line ${lineNo}: a request must be a JSON object {id?, loss, input, target, params?, reduction?}, got ${got}`,
    };
  }
  const fields = request as Record<string, unknown>;
  const id = fields.id === undefined ? null : fields.id;
  try {
    return { id, ...evaluateFields(fields) };
  } catch (e) {
    // A LossError is bad input; anything else is an engine bug, reported on the line all the same.
    const text =
      e instanceof LossError
        ? e.message
        : isStackOverflow(e)
          ? 'the request is nested too deeply for the engine (its arrays have thousands of dimensions)'
          : `internal error in the engine (please report it with the request): ${errorText(e)}`;
    return { id, error: `line ${lineNo}: ${text}` };
  }
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function evaluateFields(fields: Record<string, unknown>): {
  loss: number | NestedNumberArray;
  grad: NestedNumberArray;
} {
  for (const key of Object.keys(fields)) {
    if (!(FIELDS as readonly string[]).includes(key))
      throw new LossError(`unknown field '${key}' (fields: ${FIELDS.join(', ')})`);
  }
  for (const name of ['input', 'target'] as const) {
    const v = fields[name];
    // The engine also takes {shape, data: Float64Array} tensors, which JSON cannot carry: say so plainly.
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      throw new LossError(`${name} must be a number or nested arrays of numbers, not an object`);
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
      throw new LossError(
        `${lossId}: ${what}${where} is ${data[i]} (float64 overflow); JSON cannot carry it, so scale the input down`,
      );
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The longest request line `eval` reads, in bytes (UTF-8, without the line end): 16 MiB, about
 * 800,000 numbers at full double precision. A longer line is answered with an error and skipped
 * without being kept, so memory stays bounded by this limit whatever arrives.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** One line of input: its text, or only its length when it was over the limit (its bytes are dropped). */
export type InputLine = { text: string } | { tooLong: number };

/**
 * The lines of a byte stream (`\n` or `\r\n` ends; a last line without one counts), keeping at
 * most `maxBytes` of a line: a longer one is counted to its end and reported by length only.
 * Each chunk is scanned once, so the work is linear in the input.
 */
export async function* boundedLines(
  input: AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;
  const take = (): InputLine => {
    let line: InputLine;
    if (over) line = { tooLong: size };
    else {
      const text = Buffer.concat(parts, size).toString('utf8');
      line = { text: text.endsWith('\r') ? text.slice(0, -1) : text };
    }
    parts = [];
    size = 0;
    over = false;
    return line;
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    while (start < bytes.length) {
      const nl = bytes.indexOf(0x0a, start);
      const piece = bytes.subarray(start, nl < 0 ? bytes.length : nl);
      size += piece.length;
      if (!over && size > maxBytes) {
        over = true;
        parts = [];
      }
      if (!over) parts.push(piece);
      if (nl < 0) break;
      yield take();
      start = nl + 1;
    }
  }
  if (size > 0 || over) yield take();
}

/** The limit as people read it: "16 MiB (16777216 bytes)". */
function limitText(maxBytes: number): string {
  const mib = maxBytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB (${maxBytes} bytes)` : `${maxBytes} bytes`;
}

/**
 * A reply as one JSON line. JSON.stringify recurses, so a reply nested thousands deep (an echoed
 * `id`, a gradient of rank 2,500) overflows the stack: those are written by `deepJson` instead, and
 * if even that fails the line still gets an answer, an error.
 */
function replyLine(reply: EvalReply, lineNo: number): string {
  try {
    return JSON.stringify(reply) + '\n';
  } catch (e) {
    try {
      if (isStackOverflow(e)) return deepJson(reply) + '\n';
    } catch {
      // answered below
    }
    return (
      JSON.stringify({ id: null, error: `line ${lineNo}: the answer could not be written as JSON: ${errorText(e)}` }) +
      '\n'
    );
  }
}

/**
 * JSON.stringify's output for what JSON.parse makes (and for our replies), with an explicit stack
 * instead of recursion, so any depth that could be read can be written back.
 */
export function deepJson(value: unknown): string {
  const out: string[] = [];
  // An array's items, or an object's [key, value] entries, and the next one to write.
  type Frame = { items: unknown[]; keyed: boolean; next: number };
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ items: v, keyed: false, next: 0 });
    } else if (typeof v === 'object' && v !== null) {
      out.push('{');
      const entries = Object.entries(v).filter(
        ([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol',
      );
      stack.push({ items: entries, keyed: true, next: 0 });
    } else {
      // Leaves as JSON.stringify writes them; undefined (in an array) as null.
      out.push(JSON.stringify(v) ?? 'null');
    }
  };
  open(value);
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.items.length) {
      out.push(frame.keyed ? '}' : ']');
      stack.pop();
      continue;
    }
    const item = frame.items[frame.next];
    if (frame.next++ > 0) out.push(',');
    if (frame.keyed) {
      const [key, v] = item as [string, unknown];
      out.push(JSON.stringify(key), ':');
      open(v);
    } else open(item);
  }
  return out.join('');
}

/**
 * Serves JSON lines from `input` until it ends: one reply line per non-blank line, in order, also
 * for a line over `maxBytes` (an error naming the limit). Waits for `output` to drain, so memory
 * stays flat on long streams.
 */
export async function serveEval(
  input: NodeJS.ReadableStream,
  output: Writable,
  maxBytes = MAX_LINE_BYTES,
): Promise<void> {
  let lineNo = 0;
  for await (const line of boundedLines(input as AsyncIterable<Buffer | string>, maxBytes)) {
    lineNo++;
    let reply: string;
    if ('tooLong' in line) {
      reply = replyLine(
        {
          id: null,
          error: `line ${lineNo}: the line is ${line.tooLong} bytes, over the limit of ${limitText(maxBytes)} per request; it was skipped`,
        },
        lineNo,
      );
    } else {
      // A byte-order mark from some editors.
      const text = lineNo === 1 && line.text.charCodeAt(0) === 0xfeff ? line.text.slice(1) : line.text;
      if (text.trim() === '') continue;
      reply = replyLine(answerLine(text, lineNo), lineNo);
    }
    if (!output.write(reply)) await once(output, 'drain');
  }
}
