/**
 * Checks for untrusted values: the page's messages, the `lossPlayground.open` argument, links.
 * Generic, scene-free and pure (no vscode): each scene's module (./scenes/<id>.ts) builds its own
 * checks from these. A check returns the value with its type or throws Invalid with a reason that
 * names the field; `parse` turns that into a result and never throws, whatever the value is (a
 * Proxy whose traps throw, a cyclic object, a BigInt).
 *
 * A `Field` also reads and writes itself as link text (`w=2`, `shown=mse,l1`, `labels=1,0`), so
 * a link is checked by the same ranges as a message.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

class Invalid extends Error {}

export function bad(msg: string): never {
  throw new Invalid(msg);
}

/** A value for an error message, at most 40 characters; never throws. */
export function short(v: unknown): string {
  let s: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON.stringify gives undefined only for a function or a symbol, which String shows
    s = v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  } catch {
    // Cyclic, a BigInt, nested deeper than the stack, or a Proxy or getter that throws: its kind.
    s = typeof v === 'bigint' ? `${v}n` : `${/^[aeiou]/.test(typeof v) ? 'an' : 'a'} ${typeof v} that cannot be shown`;
  }
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export function obj(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${where} must be an object`);
  return v as Record<string, unknown>;
}

/** Unknown fields are rejected, so a typo cannot pass for a default. */
export function only(o: Record<string, unknown>, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) bad(`${where} has an unknown field '${k}'`);
}

export function num(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${where} must be a finite number, got ${short(v)}`);
  if (v < min || v > max) bad(`${where} must be in [${min}, ${max}], got ${v}`);
  return v;
}

export function int(v: unknown, where: string, min: number, max: number): number {
  const n = num(v, where, min, max);
  if (!Number.isInteger(n)) bad(`${where} must be an integer, got ${n}`);
  return n;
}

export function bool(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') bad(`${where} must be true or false, got ${short(v)}`);
  return v;
}

export function str(v: unknown, where: string, maxLength: number): string {
  if (typeof v !== 'string') bad(`${where} must be a string, got ${short(v)}`);
  if (v.length > maxLength) bad(`${where} is longer than ${maxLength} characters`);
  return v;
}

export function oneOf<T extends string>(v: unknown, options: readonly T[], where: string): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v))
    bad(`${where} must be one of ${options.join(', ')}, got ${short(v)}`);
  return v as T;
}

export function arr(v: unknown, where: string, minLen: number, maxLen: number): unknown[] {
  if (!Array.isArray(v)) bad(`${where} must be an array, got ${short(v)}`);
  if (v.length < minLen || v.length > maxLen) bad(`${where} must have ${minLen} to ${maxLen} items, got ${v.length}`);
  return v;
}

export function nums(v: unknown, where: string, minLen: number, maxLen: number, min: number, max: number): number[] {
  return arr(v, where, minLen, maxLen).map((x, i) => num(x, `${where}[${i}]`, min, max));
}

/**
 * An object's own fields copied (at most 64, arrays at most 64 items), so what is checked later is
 * a plain value and not a Proxy or getter read twice. The fields themselves are checked by whoever
 * knows them.
 */
export function plainFields(v: unknown, where: string): Record<string, unknown> {
  const entries = Object.entries(obj(v, where));
  if (entries.length > 64) bad(`${where} has ${entries.length} fields, more than 64`);
  const out: Record<string, unknown> = {};
  for (const [k, x] of entries) {
    str(k, `${where} field name`, 100);
    out[k] = Array.isArray(x) ? [...arr(x, `${where}.${k}`, 0, 64)] : x;
  }
  return out;
}

/** Runs a check; never throws. */
export function parse<T>(f: (v: unknown) => T, v: unknown): Parsed<T> {
  try {
    return { ok: true, value: f(v) };
  } catch (e) {
    return { ok: false, error: rejection(e) };
  }
}

/**
 * Why a value was rejected. Besides our own Invalid, reading the value itself can throw (a Proxy's
 * trap, a getter, a revoked Proxy: the command's argument comes from any extension), and so can
 * looking at what it threw.
 */
function rejection(e: unknown): string {
  try {
    if (e instanceof Invalid) return e.message;
    const what = e instanceof Error ? `${String(e.name)}: ${String(e.message)}` : short(e);
    return `the value could not be read: ${what.length > 200 ? `${what.slice(0, 200)}…` : what}`;
  } catch {
    return 'the value could not be read';
  }
}

// ---------------------------------------------------------------------------------------------
// Fields and records: a check that also reads and writes link text

export interface Field<T> {
  /** Checks a JSON value (a message, the command's argument). */
  check(v: unknown, where: string): T;
  /** Reads the value from a link's text, then checks it as `check` does. */
  read(text: string, where: string): T;
  /** The link text `read` takes back to the same value. */
  write(v: T): string;
  /** May be left out of a complete record. */
  readonly optional?: boolean;
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberText(text: string, where: string): number {
  if (!NUMBER_TEXT.test(text)) bad(`${where} must be a number, got ${short(text)}`);
  return Number(text);
}

function boolText(text: string, where: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return bad(`${where} must be true or false (or 1 or 0), got ${short(text)}`);
}

/** The shortest text that reads back as the same number (String(-0) would lose its sign). */
const numText = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** A comma-separated list in link text; the empty text is the empty list. */
const items = (text: string): string[] => (text === '' ? [] : text.split(','));

export const field = {
  num: (min: number, max: number): Field<number> => ({
    check: (v, where) => num(v, where, min, max),
    read: (text, where) => num(numberText(text, where), where, min, max),
    write: numText,
  }),
  int: (min: number, max: number): Field<number> => ({
    check: (v, where) => int(v, where, min, max),
    read: (text, where) => int(numberText(text, where), where, min, max),
    write: numText,
  }),
  bool: (): Field<boolean> => ({
    check: (v, where) => bool(v, where),
    read: (text, where) => boolText(text, where),
    write: (v) => (v ? 'true' : 'false'),
  }),
  oneOf: <T extends string>(options: readonly T[]): Field<T> => ({
    check: (v, where) => oneOf(v, options, where),
    read: (text, where) => oneOf(text, options, where),
    write: (v) => v,
  }),
  nums: (minLen: number, maxLen: number, min: number, max: number): Field<number[]> => ({
    check: (v, where) => nums(v, where, minLen, maxLen, min, max),
    read: (text, where) =>
      nums(
        items(text).map((t, i) => numberText(t, `${where}[${i}]`)),
        where,
        minLen,
        maxLen,
        min,
        max,
      ),
    write: (v) => v.map(numText).join(','),
  }),
  /** Two numbers in one range, as a tuple. */
  pair: (min: number, max: number): Field<[number, number]> => {
    const two = (v: number[]): [number, number] => [v[0], v[1]];
    return {
      check: (v, where) => two(nums(v, where, 2, 2, min, max)),
      read: (text, where) =>
        two(
          nums(
            items(text).map((t, i) => numberText(t, `${where}[${i}]`)),
            where,
            2,
            2,
            min,
            max,
          ),
        ),
      write: (v) => v.map(numText).join(','),
    };
  },
  bools: (minLen: number, maxLen: number): Field<boolean[]> => ({
    check: (v, where) => arr(v, where, minLen, maxLen).map((x, i) => bool(x, `${where}[${i}]`)),
    read: (text, where) =>
      arr(
        items(text).map((t, i) => boolText(t, `${where}[${i}]`)),
        where,
        minLen,
        maxLen,
      ).map((x) => x === true),
    write: (v) => v.map((b) => (b ? '1' : '0')).join(','),
  }),
  /** Some of the options, each at most once, in the options' order. */
  subset: <T extends string>(options: readonly T[]): Field<T[]> => {
    const check = (v: unknown[], where: string): T[] => {
      const chosen = new Set(v.map((x, i) => oneOf(x, options, `${where}[${i}]`)));
      if (chosen.size !== v.length) bad(`${where} names an option twice`);
      return options.filter((o) => chosen.has(o));
    };
    return {
      check: (v, where) => check(arr(v, where, 0, options.length), where),
      read: (text, where) => check(arr(items(text), where, 0, options.length), where),
      write: (v) => v.join(','),
    };
  },
  optional: <T>(f: Field<T>): Field<T | undefined> => ({
    check: (v, where) => f.check(v, where),
    read: (text, where) => f.read(text, where),
    write: (v) => (v === undefined ? '' : f.write(v)),
    optional: true,
  }),
};

/** One Field per key of T (optional keys take a `field.optional`). */
export type Fields<T> = { [K in keyof T]-?: Field<T[K]> };

export interface RecordSchema<T> {
  readonly fields: Fields<T>;
  /** A complete record: every required key, no unknown one. `what` names it in a reason: "neuron input". */
  check(v: unknown, where: string, what?: string): T;
  /** Any subset of the keys (a link or an argument that sets some controls). */
  checkPartial(v: unknown, where: string): Partial<T>;
  /** Any subset, from link text: each key at most once. */
  read(pairs: readonly (readonly [string, string])[], where: string): Partial<T>;
  /** Link text for a complete record, in the fields' order. */
  write(v: T): [string, string][];
}

/**
 * A record of fields. `rule` checks what no single field can (lengths that must agree, an index
 * within a list); it sees a partial record too, and checks what is there.
 */
export function record<T>(fields: Fields<T>, rule?: (v: Partial<T>, where: string) => void): RecordSchema<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  const fieldOf = (k: keyof T & string): Field<unknown> => fields[k];
  const finish = <R extends Partial<T>>(out: R, where: string): R => {
    rule?.(out, where);
    return out;
  };
  const fill = (o: Record<string, unknown>, where: string, complete: boolean): Partial<T> => {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = o[k];
      if (v === undefined) {
        if (complete && !fieldOf(k).optional) bad(`${where}.${k} is missing`);
        continue;
      }
      out[k] = fieldOf(k).check(v, `${where}.${k}`);
    }
    return out as Partial<T>;
  };
  return {
    fields,
    check(v, where, what = 'input') {
      const o = obj(v, `${where} ${what}`);
      only(o, keys, `${where} ${what}`);
      return finish(fill(o, where, true), where) as T;
    },
    checkPartial(v, where) {
      const o = obj(v, `${where} view`);
      only(o, keys, `${where} view`);
      return finish(fill(o, where, false), where);
    },
    read(pairs, where) {
      const out: Record<string, unknown> = {};
      for (const [k, text] of pairs) {
        if (!(keys as string[]).includes(k)) bad(`${where} has no control ${short(k)}`);
        if (k in out) bad(`${where}.${k} is given twice`);
        out[k] = fieldOf(k as keyof T & string).read(text, `${where}.${k}`);
      }
      return finish(out as Partial<T>, where);
    },
    write(v) {
      const out: [string, string][] = [];
      for (const k of keys) if (v[k] !== undefined) out.push([k, fieldOf(k).write(v[k])]);
      return out;
    },
  };
}
