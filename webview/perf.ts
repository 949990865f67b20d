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
  surfaceFirstMs: number | null;
  surfaceFullMs: number | null;
};

export const perf: PerfNumbers = { firstChartMs: null, inputToRedraw: [], drawOnly: [], surfaceFirstMs: null, surfaceFullMs: null };

export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export function record(list: number[], ms: number): void {
  list.push(ms);
  if (list.length > 5000) list.shift();
}
