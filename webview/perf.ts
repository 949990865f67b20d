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
  /** Milestones of the first open, in ms after the command ran (Date.now() on both sides). */
  marks: Record<string, number>;
};

export const perf: PerfNumbers = { firstChartMs: null, inputToRedraw: [], drawOnly: [], roundTrip: [], cacheHits: 0, prefetched: 0, surfaceFirstMs: null, surfaceFullMs: null, marks: {} };

/** Date.now() when this page's document started loading, to place the milestones. */
const pageStart = performance.timeOrigin;
export function mark(name: string, openedAt: number): void {
  if (!(name in perf.marks)) perf.marks[name] = Math.round(Date.now() - openedAt);
  if (!('pageStart' in perf.marks)) perf.marks.pageStart = Math.round(pageStart - openedAt);
}

export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export function record(list: number[], ms: number): void {
  list.push(ms);
  if (list.length > 5000) list.shift();
}
