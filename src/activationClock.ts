/**
 * When the extension's bundle started loading: imported first by extension.ts, so its line runs
 * before every other module of the bundle, and activate() can tell load and activation time apart.
 */
import { performance } from 'node:perf_hooks';

export const bundleLoadStart = performance.now();

export type ActivationTimes = { loadMs: number; activateMs: number; totalMs: number };
