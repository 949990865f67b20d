// Mocha's spec reporter, plus what scripts/test.mjs reads: each finished test as it finishes
// (LOSS_PLAYGROUND_PROGRESS, for its watchdog) and the counts at the end (LOSS_PLAYGROUND_SUMMARY).
// Use: mocha --reporter test/support/specWithSummary.ts
import Mocha from 'mocha';
import { reportProgress, writeSummary } from './mochaEvents';

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.on('pass', (t: Mocha.Test) => reportProgress('passed', t.fullTitle()));
    // Also a hook that failed, reported under the hook's title.
    runner.on('fail', (t: Mocha.Runnable) => reportProgress('failed', t.fullTitle()));
    runner.on('pending', (t: Mocha.Test) => reportProgress('pending', t.fullTitle()));
    runner.once('end', () => {
      const s = this.stats;
      writeSummary({ passed: s.passes, failed: s.failures, pending: s.pending });
    });
  }
}

export = SpecWithSummary;
