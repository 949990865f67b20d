/**
 * node:fs for the browser bundles: there is no file system to read synchronously. Only the paths
 * that read a file given no editor text (the CLI's) call these, and those never run in a browser.
 */
function unavailable(what: string): never {
  throw new Error(`${what}: there is no file system in the browser`);
}

export function readFileSync(file: string): never {
  return unavailable(`cannot read ${file}`);
}

export function existsSync(): boolean {
  return false;
}

export default { readFileSync, existsSync };
