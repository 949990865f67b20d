/**
 * Timings the page measures with performance.now(): control input → chart redrawn (the round trip
 * to the host included), and data arrived → chart redrawn. Exposed on window for the e2e run,
 * which prints them; nothing asserts on them.
 */
export type PerfNumbers = {
  firstChartMs: number | null;
  /** Input event → redraw finished, one entry per redraw caused by a control. */
  inputToRedraw: number[];
  /** Message received → redraw finished. */
  drawOnly: number[];
  /** compute sent → its answer received: the host's share (postMessage both ways plus compute). */
  roundTrip: number[];
  /** Redraws served by the page's cache (./anticipate) and requests fetched ahead. */
  cacheHits: number;
  prefetched: number;
  surfaceFirstMs: number | null;
  surfaceFullMs: number | null;
  /** The surface's 3-D view, from the scene asking for its code: that code loaded, and its first picture with data. */
  surface3dLoadMs: number | null;
  surface3dFirstDrawMs: number | null;
  /** Milestones of the first open, in ms after the command ran (Date.now() on both sides). */
  marks: Record<string, number>;
};

export const perf: PerfNumbers = {
  firstChartMs: null,
  inputToRedraw: [],
  drawOnly: [],
  roundTrip: [],
  cacheHits: 0,
  prefetched: 0,
  surfaceFirstMs: null,
  surfaceFullMs: null,
  surface3dLoadMs: null,
  surface3dFirstDrawMs: null,
  marks: {},
};

/**
 * Milestones of the first open. They happen before the page knows when the command ran (that
 * comes with `init`), so they are kept as wall-clock times and placed once it is known.
 */
const wallClock: Record<string, number> = { pageStart: performance.timeOrigin };
export function mark(name: string): void {
  if (!(name in wallClock)) wallClock[name] = performance.timeOrigin + performance.now();
}

/**
 * When the page's entry module had arrived (`scriptFetched`; the rest of `scriptRan` is parsing and
 * running it and the modules it imports), and when our HTML had (`documentReady`: the document
 * VS Code hands the webview, after which everything is the page's own doing).
 */
export function markScriptFetched(): void {
  const entry = performance.getEntriesByType('resource').find((e) => /\/webview\/main\.js(\?|$)/.test(e.name)) as
    { responseEnd: number } | undefined; // a PerformanceResourceTiming
  if (entry) wallClock.scriptFetched = performance.timeOrigin + entry.responseEnd;
  const nav = performance.getEntries().find((e) => String(e.entryType) === 'navigation') as
    { responseEnd: number } | undefined; // a PerformanceNavigationTiming
  if (nav) wallClock.documentReady = performance.timeOrigin + nav.responseEnd;
}

/** Places the milestones in ms after the command ran (Date.now() on both sides). */
export function placeMarks(openedAt: number): void {
  for (const [name, t] of Object.entries(wallClock)) perf.marks[name] = Math.round(t - openedAt);
}

/** The timings a scene measures itself (SceneHost.measured). */
export type SceneTiming = 'surfaceFirstMs' | 'surfaceFullMs' | 'surface3dLoadMs' | 'surface3dFirstDrawMs';

export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export function record(list: number[], ms: number): void {
  list.push(ms);
  if (list.length > 5000) list.shift();
}
