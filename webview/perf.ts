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
 * Milestones of the first open, kept as wall-clock times and placed in ms after the command ran
 * (`openedAt`, from the page's start in its HTML) when the first chart is drawn.
 *
 * VS Code makes a webview in two steps: it loads a placeholder document into the frame
 * (`frameStart`, the frame's time origin), and once that is loaded it writes our HTML into it
 * (`pageStart`: the placeholder's DOMContentLoaded, after which VS Code writes on a 0 ms timer).
 * From `pageStart` on, everything is the page's own doing; before it, VS Code's. The placeholder
 * takes 10 ms on a window's first webview and about a second for each later one in code-server
 * (every webview there installs a new service worker in place of the last: README, "The first
 * chart"), so the two are kept apart.
 */
const wallClock: Record<string, number> = { frameStart: performance.timeOrigin };
export function mark(name: string): void {
  if (!(name in wallClock)) wallClock[name] = performance.timeOrigin + performance.now();
}

/**
 * When our HTML was written into the frame (`pageStart`, above), and when the page's entry module
 * had arrived (`scriptFetched`; the rest of `scriptRan` is parsing and running it and the modules
 * it imports).
 */
export function markScriptFetched(): void {
  const nav = performance.getEntries().find((e) => String(e.entryType) === 'navigation') as
    { domContentLoadedEventEnd: number } | undefined; // a PerformanceNavigationTiming
  wallClock.pageStart = performance.timeOrigin + (nav?.domContentLoadedEventEnd ?? 0);
  const entry = performance.getEntriesByType('resource').find((e) => /\/webview\/main\.js(\?|$)/.test(e.name)) as
    { responseEnd: number } | undefined; // a PerformanceResourceTiming
  if (entry) wallClock.scriptFetched = performance.timeOrigin + entry.responseEnd;
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
