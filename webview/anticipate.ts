/**
 * Drawing a slider's next step without waiting for the host. The host computes, the page only
 * draws; in a remote window (code-server, Codespaces) each round trip costs 10–30 ms, more than a
 * frame. So while a slider has focus the page asks the host, in idle moments, for the steps the
 * slider will most likely take next, and keeps the answers: a drag then draws from this cache.
 * The answers are the host's own, for exactly those requests: nothing is interpolated. The
 * fetching and the cache are ./requests; this is which values a slider takes next.
 */

/** A detached range input snaps values exactly as the real one will (its step base and rounding). */
const snapper = document.createElement('input');
snapper.type = 'range';

function snap(input: HTMLInputElement, x: number): number {
  snapper.min = input.min;
  snapper.max = input.max;
  snapper.step = input.step;
  snapper.value = String(x);
  return Number(snapper.value);
}

/**
 * The values a slider will likely take next, most likely first. Moving a step or two at a time
 * (arrow keys, a slow drag): the next steps onwards, then one back. Moving faster (a mouse drag
 * skips steps): points along the motion at its average stride, each with a step either side,
 * since a stride of 8.3 steps lands 8 or 9 steps on.
 */
export function nextValues(input: HTMLInputElement, stride: number, count: number): number[] {
  const current = Number(input.value);
  const step = Number(input.step) || 1;
  const dir = stride < 0 ? -1 : 1;
  const candidates: number[] = [];
  if (Math.abs(stride) <= 1.5 * step) {
    for (let k = 1; k < count; k++) candidates.push(current + dir * step * k);
    candidates.push(current - dir * step, current - dir * 2 * step);
  } else {
    for (let k = 1; k * 3 < count; k++) {
      const x = current + stride * k;
      candidates.push(x, x - step, x + step);
    }
    candidates.push(current - dir * step, current + dir * step);
  }
  const out: number[] = [];
  const seen = new Set<number>([current]);
  for (const x of candidates) {
    const v = snap(input, x);
    if (seen.has(v)) continue; // past either end, snapping lands on the end again
    seen.add(v);
    out.push(v);
    if (out.length === count) break;
  }
  return out;
}
