/**
 * Work that can stop and go on: a generator that yields where it may pause (every so many tree
 * nodes or loss uses). `runToEnd` runs it in one go (the CLI, tests); the editor runs it a few
 * milliseconds at a time (src/lintProvider), so a long file's analysis never holds the extension
 * host's thread for long. Pure.
 */
export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
