/**
 * When the extension's bundle started loading: imported first by the entry point, so its line runs
 * before every other module of the bundle, and activate() can tell load and activation time apart.
 * `performance` is a global in Node and in browsers alike.
 */
export const bundleLoadStart = performance.now();

export type ActivationTimes = { loadMs: number; activateMs: number; totalMs: number };
