/**
 * Grad-check discovery and the hover's binding scan on the extension host's thread (design budget:
 * no single task over 50 ms; the aim is a frame, 16 ms). Each is timed in one go, as the CLI runs
 * it and as the host ran it before (one task for the whole file), and a slice at a time, as the
 * host runs it now: the longest slice (what the thread waits behind) and the time from the call to
 * the answer. Reported, never asserted.
 */
import { discoverLosses, discoverLossesSliced, DocumentDiscoverer } from '../src/gradcheck/discover';
import { bindingSteps, scanBindings } from '../src/syntax/bindings';
import { runSliced, type SliceOptions } from '../src/syntax/slices';
import { generatedPython, randomText } from '../test/support/largeSources';
import type { BenchGroup, Budget, Task } from './harness';

/** The longest slice of one sliced run, in ms. */
async function longestSlice(run: (o: SliceOptions) => Promise<unknown>): Promise<number> {
  let longest = 0;
  await run({ onSlice: (ms) => (longest = Math.max(longest, ms)) });
  return longest;
}

const BUDGETS: Budget[] = [
  { kind: 'time', subject: 'in one go', stat: 'median', maxMs: 50 },
  { kind: 'time', subject: 'sliced: longest slice', stat: 'p95', maxMs: 16 },
];

function wholeFile(name: string, text: string, language: string): Task {
  return {
    name,
    variants: [
      { name: 'in one go', run: () => discoverLosses(text, language) },
      {
        name: 'sliced: longest slice',
        measure: () => longestSlice((o) => discoverLossesSliced(text, language, '', o)),
      },
      { name: 'sliced: call to answer', run: () => discoverLossesSliced(text, language) },
    ],
    budgets: BUDGETS,
  };
}

/**
 * A keystroke: each call types one character into the function at the middle of the file or takes
 * it out again, so every call is a new text for its DocumentDiscoverer.
 */
function keystroke(name: string, text: string): Task {
  const at = text.indexOf('def helper_', text.length >> 1) + 'def '.length;
  const typed = text.slice(0, at) + 'x' + text.slice(at);
  const alternate = (): (() => string) => {
    let n = 0;
    return () => (n++ % 2 === 0 ? typed : text);
  };
  const once = new DocumentDiscoverer('python', 'big.py');
  const sliced = new DocumentDiscoverer('python', 'big.py');
  const longest = new DocumentDiscoverer('python', 'big.py');
  const [nextOnce, nextSliced, nextLongest] = [alternate(), alternate(), alternate()];
  return {
    name,
    variants: [
      { name: 'in one go', run: () => once.discover(nextOnce()) },
      { name: 'sliced: longest slice', measure: () => longestSlice((o) => longest.discoverSliced(nextLongest(), o)) },
      { name: 'sliced: call to answer', run: () => sliced.discoverSliced(nextSliced()) },
    ],
    budgets: BUDGETS,
    verify: async () => {
      // Each discoverer starts from the file itself, as after opening it.
      once.discover(text);
      await sliced.discoverSliced(text);
      await longest.discoverSliced(text);
    },
  };
}

const group: BenchGroup = {
  name: 'discovery',
  title: "Discovery on the extension host's thread: in one go, and a slice at a time",
  notes: [
    'in one go: one task for the whole file (the host before, the CLI now); sliced: the longest slice, and from the call to the answer.',
    'A keystroke reparses the 32 KB chunk it falls in and walks the whole module again.',
    'Slices are wall-clock: on a busy machine the OS can stretch one; compare with the load average printed above.',
  ],
  warmup: 2,
  reps: 12,
  minReps: 5,
  maxSeconds: 30,
  *tasks() {
    const big = generatedPython(50_000);
    yield () => wholeFile('50,000-line Python file', big, 'python');
    yield () => keystroke('keystroke in the 50,000-line file', big);
    yield () => wholeFile('20 KB of random bytes as Python', randomText(20 * 1024, 1), 'python');
    yield () => wholeFile('20 KB of random bytes as TypeScript', randomText(20 * 1024, 1), 'typescript');
    yield (): Task => ({
      name: 'hover binding scan, 50,000-line file',
      variants: [
        { name: 'in one go', run: () => scanBindings(big, 'python') },
        {
          name: 'sliced: longest slice',
          measure: () => longestSlice((o) => runSliced(bindingSteps(big, 'python'), o)),
        },
        { name: 'sliced: call to answer', run: () => runSliced(bindingSteps(big, 'python')) },
      ],
      budgets: BUDGETS,
    });
  },
};

export default group;
