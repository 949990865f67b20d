/**
 * Long work on the extension host's one thread, done in slices. The work is written once, as a
 * generator that yields wherever it may stop (between statements, every so many tree nodes or
 * parser steps); `runToEnd` runs it in one go (the CLI, tests), `runSliced` a few milliseconds
 * at a time, giving way to the event loop between slices, so that keystrokes, hovers and other
 * extensions never wait behind it. Pure: no `vscode`, no Node-only API (the browser host runs it too).
 */
/** Work that yields where it may stop and returns its result at the end. */
export type Steps<T> = Generator<void, T, void>;

/** The longest slice we aim for: half a frame at 60 Hz, so a frame never waits on us for long. */
const SLICE_MS = 8;

/** Tree nodes a walk visits between yields: a fraction of a millisecond. */
export const NODES_PER_YIELD = 1024;

export type SliceOptions = {
  /** Run for about this long before giving way (default SLICE_MS). */
  sliceMs?: number;
  /** Stops the work at its next slice; the promise then rejects with Cancelled. */
  signal?: AbortSignal;
  /** Stops the work at its next slice when it says so (the text changed); the promise then rejects with Cancelled. */
  stale?: () => boolean;
  /** Told how long each slice ran, in ms (for benchmarks). */
  onSlice?: (ms: number) => void;
};

/** The work was cancelled (a newer text replaced it, or its signal fired). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

// setImmediate lets pending I/O (the renderer's messages) run first; a browser host has only setTimeout.
const giveWay: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs `steps` in slices of about `sliceMs`, giving way to the event loop between them. The first
 * slice runs at once, in the caller's turn. A step longer than a slice cannot be cut: steps are
 * kept short where they are written.
 */
export async function runSliced<T>(steps: Steps<T>, o: SliceOptions = {}): Promise<T> {
  const sliceMs = o.sliceMs ?? SLICE_MS;
  try {
    for (;;) {
      if (o.signal?.aborted || o.stale?.()) throw new Cancelled();
      const start = performance.now();
      const end = start + sliceMs;
      let r = steps.next();
      while (!r.done && performance.now() < end) r = steps.next();
      o.onSlice?.(performance.now() - start);
      if (r.done) return r.value;
      await giveWay();
    }
  } finally {
    // Runs the generator's own finally blocks when it stopped half-way.
    steps.return(undefined as never);
  }
}
