// Debian's Chromium driven by playwright-core (which must not download a browser of its own).
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../../scripts/codeServer';
import { adoptGroup, childPids, killGroup } from '../../scripts/processes';

// Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchedChromium {
  browser: Browser;
  /** Closes the browser and makes sure its whole process group is gone. */
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedChromium> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      'Chromium not found at /usr/bin/chromium (set LOSS_PLAYGROUND_CHROMIUM to another path). On Debian: apt-get install -y chromium',
    );
  }
  const before = new Set(childPids());
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  // playwright starts the browser as its own process group and kills it when we exit normally;
  // adopting the group also lets scripts/test.mjs kill it if this process dies by SIGKILL.
  const groups = childPids().filter((pid) => !before.has(pid));
  for (const pid of groups) adoptGroup(pid, 'chromium');
  let closing: Promise<void> | undefined;
  return {
    browser,
    close() {
      closing ??= (async () => {
        await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
        await Promise.all(groups.map((pid) => killGroup(pid, 2000)));
      })();
      return closing;
    },
  };
}
