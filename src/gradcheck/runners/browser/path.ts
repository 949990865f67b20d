/**
 * node:path for the browser bundles (scripts/build.mjs aliases it here, as VS Code's guide to web
 * extensions does with path-browserify): POSIX paths, which is what a document's URI path is in
 * vscode.dev. Only what our code calls; `cwd` is the root.
 */
export const sep = '/';
export const delimiter = ':';

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

export function normalize(p: string): string {
  const absolute = isAbsolute(p);
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function join(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  return nonEmpty.length ? normalize(nonEmpty.join('/')) : '.';
}

export function resolve(...parts: string[]): string {
  let out = '';
  for (const p of parts) if (p) out = isAbsolute(p) ? p : `${out}/${p}`;
  return normalize(isAbsolute(out) ? out : `/${out}`);
}

export function dirname(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : trimmed.slice(0, i);
}

export function basename(p: string, ext?: string): string {
  const base = p.replace(/\/+$/, '').split('/').pop() ?? '';
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

export function extname(p: string): string {
  const base = basename(p);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i);
}

export const posix = { sep, delimiter, isAbsolute, normalize, join, resolve, dirname, basename, extname };
export default posix;
