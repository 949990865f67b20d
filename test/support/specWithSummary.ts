// Mocha's spec reporter, plus the counts written where scripts/test.mjs reads them
// (LOSS_PLAYGROUND_SUMMARY). Use: mocha --reporter test/support/specWithSummary.ts
import Mocha from 'mocha';
import { writeSummary } from './mochaEvents';

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once('end', () => {
      const s = this.stats;
      writeSummary({ passed: s.passes, failed: s.failures, pending: s.pending });
    });
  }
}

export = SpecWithSummary;
