// Runs inside VS Code's extension host: the module named by extensionTestsPath, whose `run()`
// VS Code calls once the extension under development is loaded. Bundled by
// test/integration/bundle.ts into out/test/integration/, next to the bundled *.test.js files.
//
// Results go to the file named by LOSS_PLAYGROUND_TEST_EVENTS (see test/support/mochaEvents.ts),
// because the extension host's console is not the runner's stdout. Without it (a launch
// configuration in a desktop VS Code, say) mocha's spec reporter writes to the host's console.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { eventsReporter, writeCrash } from '../support/mochaEvents';

export async function run(): Promise<void> {
  const eventsFile = process.env.LOSS_PLAYGROUND_TEST_EVENTS;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.LOSS_PLAYGROUND_TEST_TIMEOUT_MS ?? 20_000),
    slow: 2000,
  });
  mocha.reporter(eventsFile ? eventsReporter(eventsFile, Mocha.reporters.Base) : 'spec');
  if (process.env.LOSS_PLAYGROUND_TEST_GREP) mocha.grep(process.env.LOSS_PLAYGROUND_TEST_GREP);
  if (process.env.LOSS_PLAYGROUND_TEST_INVERT === '1') mocha.invert();
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (e) {
    // mocha.run throws when a test file cannot be loaded: tell the runner now, not at its timeout.
    if (eventsFile) writeCrash(eventsFile, e);
    throw e;
  }
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
