/**
 * The playground's first chart, in a real workbench: code-server on examples/ in Chromium, the
 * extension as the e2e run loads it (dist/, built for tests, so the page reports its timings).
 * Each sample opens the playground from the command palette on a settled window, waits for the
 * page to say its first chart is drawn, reads its milestones and closes the panel again.
 *
 *   page start → first chart: from the webview's document starting (VS Code's own creation of the
 *     webview before it excluded, as the design's budget counts) to the first chart drawn;
 *   command → first chart: what a person waits, from the command running to that chart;
 *   a new window's first webview: the same from a fresh browser context (nothing cached, VS Code's
 *     webview service worker not yet registered), as the playground's first open in a window is.
 *
 * Milestones of the page (webview/perf.ts) are printed with the median sample, so a slow part
 * shows where it is: fetching the page's modules, running them, mounting the scene, the host's
 * answer, the draw.
 */
import type { Frame, Page } from 'playwright-core';
import { join } from 'node:path';
import { resultsDir, runCommand, Session, webviewFrame } from '../test/e2e/workbench';
import type { BenchGroup, Task } from './harness';

type Marks = Record<string, number>;

/** What the budget counts: from our page's start to its first chart. */
const sincePageStart = (m: Marks): number => m.firstChart - m.pageStart;

/** The page's test hook, as far as this reads it (webview/main.ts, builds for tests only). */
declare const window: { __lossPlayground: { perf: { firstChartMs: number | null; marks: Marks } } };
declare const document: { querySelector(s: string): unknown; fonts: { status: string } };

/** Quiet time between opens: the closing panel's work and the last open's garbage are not the next one's. */
const SETTLE_MS = 800;

async function openOnce(page: Page): Promise<Marks> {
  await runCommand(page, 'Loss Playground: Open Loss Playground');
  const frame: Frame = await webviewFrame(page, 'section.scene', 30_000).catch(async (e: unknown) => {
    await page.screenshot({ path: join(resultsDir, 'bench-first-chart-failed.png') });
    throw e;
  });
  await frame.waitForFunction(() => window.__lossPlayground.perf.firstChartMs !== null, undefined, {
    timeout: 30_000,
  });
  const marks = await frame.evaluate(() => window.__lossPlayground.perf.marks);
  // Closed only once the formulas are typeset: a webview closed while it still fetches (KaTeX's
  // fonts follow the first chart) leaves VS Code's webview service worker waiting on that fetch,
  // and the next webview to open stays blank until it gives up (30 s, in code-server 4.100).
  await frame.waitForFunction(
    () => !document.querySelector('.formula.pending') && document.fonts.status === 'loaded',
    undefined,
    { timeout: 30_000 },
  );
  await runCommand(page, 'View: Close All Editors');
  for (const deadline = Date.now() + 10_000; !frame.isDetached() && Date.now() < deadline;)
    await page.waitForTimeout(50);
  await page.waitForTimeout(SETTLE_MS);
  return marks;
}

function firstChartTask(): Task {
  let session: Session | undefined;
  let page: Page | undefined;
  const seen: Marks[] = [];
  const seenFirst: Marks[] = [];
  const sample = async (from: 'pageStart' | 'command'): Promise<number> => {
    const marks = await openOnce(page!);
    seen.push(marks);
    return from === 'pageStart' ? sincePageStart(marks) : marks.firstChart;
  };
  /** A window's first webview: a new window (a fresh browser context, nothing cached), settled, then one open. */
  const firstInWindow = async (): Promise<number> => {
    const fresh = await session!.openWorkbench();
    try {
      await fresh.waitForTimeout(3000);
      const marks = await openOnce(fresh);
      seenFirst.push(marks);
      return sincePageStart(marks);
    } finally {
      await fresh.context().close();
    }
  };
  return {
    name: 'open the playground on a settled window (regression scene)',
    variants: [
      { name: 'page start → first chart', measure: () => sample('pageStart') },
      { name: 'command → first chart', measure: () => sample('command') },
      { name: 'page start → first chart, a new window’s first webview', minReps: 5, measure: firstInWindow },
    ],
    budgets: [
      { kind: 'time', subject: 'page start → first chart', stat: 'median', maxMs: 250 },
      { kind: 'time', subject: 'page start → first chart, a new window’s first webview', stat: 'median', maxMs: 250 },
    ],
    setup: async () => {
      session = await Session.start('bench-first-chart');
      page = await session.openWorkbench();
      // The window's own start-up (extensions activating, the file tree) is over before the first open.
      await page.waitForTimeout(3000);
    },
    // One open that draws, before any is timed: the bench measures a playground that works.
    verify: async () => {
      const marks = await openOnce(page!);
      return `an open before timing drew its first chart ${sincePageStart(marks)} ms after the page started`;
    },
    dispose: async () => {
      for (const [which, all] of [
        ['an open', seen],
        ['a new window’s first open', seenFirst],
      ] as const) {
        const byChart = [...all].sort((a, b) => sincePageStart(a) - sincePageStart(b));
        const median = byChart[Math.floor(byChart.length / 2)];
        if (median)
          process.stderr.write(
            `    ${which}, the median one's milestones (ms after the command): ${JSON.stringify(median)}\n`,
          );
      }
      await session?.stop();
    },
  };
}

const group: BenchGroup = {
  name: 'first-chart',
  title: 'The playground opened in a real workbench (code-server in Chromium): its first chart',
  notes: [
    'Each sample opens the panel by the command palette and closes it again; the budget counts from the page start.',
    'Needs code-server (npm run code-server:install) and Chromium, as the e2e run does.',
  ],
  warmup: 1,
  reps: 15,
  minReps: 9,
  maxSeconds: 180,
  tasks: () => [firstChartTask],
};

export default group;
