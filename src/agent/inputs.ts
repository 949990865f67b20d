/**
 * The agent tools' inputs, checked before anything is read or run. VS Code validates inputs
 * against the declared schema only where the caller does; these checks hold whoever calls, and
 * their messages tell the model what to send instead. Pure, no `vscode`.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export type GradcheckInput = { file: string; function?: string };
export type LintInput = { files: string[] };
export type ExplainInput = { name: string };

/** More than this many files in one lint call is refused (a glob may still match up to MAX_GLOB_MATCHES). */
export const MAX_LINT_FILES = 50;
export const MAX_GLOB_MATCHES = 200;
/** A longer string is not a file name or a loss name. */
const MAX_TEXT = 4096;

function object(raw: unknown, allowed: readonly string[]): Parsed<Record<string, unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: `the input must be an object with ${allowed.join(', ')}` };
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (extra.length)
    return {
      ok: false,
      error: `unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')} (fields: ${allowed.join(', ')})`,
    };
  return { ok: true, value: raw as Record<string, unknown> };
}

function text(v: unknown, field: string): Parsed<string> {
  if (typeof v !== 'string')
    return {
      ok: false,
      error: `${field} must be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`,
    };
  const s = unquote(v);
  if (!s) return { ok: false, error: `${field} is empty` };
  if (s.length > MAX_TEXT) return { ok: false, error: `${field} is longer than ${MAX_TEXT} characters` };
  return { ok: true, value: s };
}

/** Models quote names as they would in prose: `F.cross_entropy`, "losses.py", #file:losses.py. */
function unquote(s: string): string {
  let t = s.trim();
  for (let again = true; again;) {
    again = false;
    const m = /^([`'"])(.*)\1$/s.exec(t);
    if (m) {
      t = m[2].trim();
      again = true;
    }
  }
  return t.replace(/^#file:/, '').trim();
}

export function parseGradcheckInput(raw: unknown): Parsed<GradcheckInput> {
  const o = object(raw, ['file', 'function']);
  if (!o.ok) return o;
  const file = text(o.value.file, 'file');
  if (!file.ok) return file;
  if (o.value.function === undefined || o.value.function === null) return { ok: true, value: { file: file.value } };
  const fn = text(o.value.function, 'function');
  if (!fn.ok) return fn;
  // `focal_loss()` and `Model.loss()` as a model may write them.
  const name = fn.value.replace(/\(\s*\)$/, '');
  // In a notebook, `cell3:focal_loss` names the loss of one cell.
  if (!/^(cell\d+:)?[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(name))
    return {
      ok: false,
      error: `function must be a name, Class.method or (in a notebook) cellN:name, got '${fn.value}'`,
    };
  return { ok: true, value: { file: file.value, function: name } };
}

export function parseLintInput(raw: unknown): Parsed<LintInput> {
  const o = object(raw, ['files', 'file']);
  if (!o.ok) return o;
  const files: string[] = [];
  if (o.value.files !== undefined) {
    if (!Array.isArray(o.value.files)) return { ok: false, error: 'files must be an array of strings' };
    for (const [i, f] of o.value.files.entries()) {
      const t = text(f, `files[${i}]`);
      if (!t.ok) return t;
      files.push(t.value);
    }
  }
  if (o.value.file !== undefined) {
    const t = text(o.value.file, 'file');
    if (!t.ok) return t;
    files.push(t.value);
  }
  const unique = [...new Set(files)];
  if (unique.length === 0) return { ok: false, error: 'give files (an array) or file' };
  if (unique.length > MAX_LINT_FILES)
    return {
      ok: false,
      error: `at most ${MAX_LINT_FILES} files at once, got ${unique.length}; a glob pattern such as '**/*.py' counts as one`,
    };
  return { ok: true, value: { files: unique } };
}

export function parseExplainInput(raw: unknown): Parsed<ExplainInput> {
  const o = object(raw, ['name']);
  if (!o.ok) return o;
  const name = text(o.value.name, 'name');
  return name.ok ? { ok: true, value: { name: name.value } } : name;
}

/** What a file argument is: a URI, an absolute path (POSIX or Windows), a relative path or a glob pattern. */
export type FileReference =
  | { kind: 'uri'; uri: string }
  | { kind: 'absolute'; path: string }
  | { kind: 'relative'; path: string }
  | { kind: 'glob'; pattern: string };

export function fileReference(s: string): FileReference {
  // A drive letter is not a scheme: C:\x and C:/x are Windows paths.
  if (/^[A-Za-z]:[\\/]/.test(s)) return { kind: 'absolute', path: s };
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(s)) return { kind: 'uri', uri: s };
  if (/[*?{}[\]]/.test(s)) return { kind: 'glob', pattern: s.replace(/^\.\//, '') };
  if (s.startsWith('/') || s.startsWith('\\\\')) return { kind: 'absolute', path: s };
  return { kind: 'relative', path: s.replace(/\\/g, '/').replace(/^\.\//, '') };
}

/**
 * The workspace-relative paths a relative file argument may mean, in order: as written under each
 * folder, and, in a multi-root workspace, `folder/rest` under the folder of that name.
 */
export function relativeCandidates(
  path: string,
  folders: readonly { name: string; index: number }[],
): { folder: number; path: string }[] {
  const out: { folder: number; path: string }[] = [];
  const [head, ...rest] = path.split('/');
  for (const f of folders) if (rest.length && head === f.name) out.push({ folder: f.index, path: rest.join('/') });
  for (const f of folders) out.push({ folder: f.index, path });
  return out;
}

/** `cell3:` of a notebook loss's key (`cell3:focal_loss`), else ''. */
const cellPrefix = (k: string): string => /^cell\d+:/.exec(k)?.[0] ?? '';
const bare = (k: string): string => k.slice(cellPrefix(k).length);

/**
 * The losses of a file that a `function` argument names: the exact key (`name` or `Class.method`;
 * in a notebook `cell3:name`); else a unique key whose name, class or method has that name (in a
 * notebook, in any cell, or in the cell it names); else a unique case-insensitive match.
 */
export function selectLosses(keys: readonly string[], fn: string | undefined): Parsed<string[]> {
  if (fn === undefined)
    return keys.length
      ? { ok: true, value: [...keys] }
      : { ok: false, error: 'no loss function was found in the file' };
  if (keys.includes(fn)) return { ok: true, value: [fn] };
  const cell = cellPrefix(fn);
  const name = bare(fn);
  const pool = cell ? keys.filter((k) => cellPrefix(k) === cell) : keys;
  const exact = pool.filter((k) => bare(k) === name);
  if (exact.length === 1) return { ok: true, value: exact };
  const parts = (k: string): string[] => bare(k).split('.');
  const byPart = exact.length ? exact : pool.filter((k) => parts(k).includes(name));
  if (byPart.length === 1) return { ok: true, value: byPart };
  const lower = name.toLowerCase();
  const byCase = pool.filter((k) => bare(k).toLowerCase() === lower || parts(k).some((p) => p.toLowerCase() === lower));
  if (byCase.length === 1) return { ok: true, value: byCase };
  const known = keys.length ? keys.join(', ') : 'none';
  if (byPart.length > 1 || byCase.length > 1)
    return {
      ok: false,
      error: `'${fn}' matches several losses: ${(byPart.length > 1 ? byPart : byCase).join(', ')}; name one`,
    };
  return { ok: false, error: `no loss named '${fn}' in the file (its losses: ${known})` };
}
