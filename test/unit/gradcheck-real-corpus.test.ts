/**
 * The grad-checker on code nobody here wrote: every loss of a corpus of real loss functions
 * (sources and licences in each corpus's README), checked with no annotation, against verdicts
 * computed independently of the checker by its expected.py / expected.mjs (hand-built inputs,
 * their own finite differences or torch.autograd.gradcheck). The checker must get at least 90% right and never give a wrong pass
 * or fail; a function expected to get no lens must not be checked at all.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GradChecker } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import type { CheckResult } from '../../src/gradcheck/types';
import { findPython, requirePython } from './gradcheck-helpers';

type Expected = { file: string; function: string; expect: 'pass' | 'fail' | 'skipped' | 'no-lens'; note?: string };

/**
 * Two corpora with the same shapes: real-shapes is committed (our own code in the shape of each
 * real file, so CI runs it); real-losses holds the real files themselves, which the code search's
 * terms keep out of commits: it runs where it is present (see its README for the sources).
 */
const CORPORA = [
  {
    name: 'real-shapes (committed stand-ins)',
    root: path.join(__dirname, '..', 'gradcheck-corpus', 'real-shapes'),
    required: true,
  },
  {
    name: 'real-losses (the real files, where present)',
    root: path.join(__dirname, '..', 'fixtures', 'real-losses'),
    required: false,
  },
];

for (const corpus of CORPORA) {
  describe(`gradcheck on real code: ${corpus.name}`, function () {
    this.timeout(600_000);
    const found = findPython();
    const checker = new GradChecker(nodeRunners);
    const results = new Map<string, CheckResult[]>();
    let expected: Expected[] = [];
    after(() => checker.dispose());

    before(async function () {
      const present =
        existsSync(path.join(corpus.root, 'expected.json')) &&
        (corpus.required || existsSync(path.join(corpus.root, 'python')));
      if (!present) {
        if (corpus.required) throw new Error(`${corpus.root}/expected.json is missing`);
        this.skip();
      }
      const { python } = requirePython(this, found, true);
      expected = (JSON.parse(readFileSync(path.join(corpus.root, 'expected.json'), 'utf8')) as { losses: Expected[] })
        .losses;
      for (const file of [...new Set(expected.map((e) => e.file))]) {
        results.set(file, await checker.checkFile(path.join(corpus.root, file), { python }));
      }
    });

    // Members of JS cost objects are expected by their own name (`MSE`), reported with their object's (`cost.MSE`).
    const verdictOf = (e: Expected): CheckResult | undefined => {
      const all = results.get(e.file) ?? [];
      return (
        all.find((r) => r.function === e.function) ??
        (e.function.includes('.')
          ? undefined
          : all.find((r) => r.language !== 'python' && r.function?.split('.').pop() === e.function))
      );
    };

    it('never gives a wrong pass or fail, and checks nothing that is not a loss', () => {
      const wrong = expected.flatMap((e) => {
        const r = verdictOf(e);
        if (e.expect === 'no-lens')
          return r ? [`${e.file} ${e.function}: checked (${r.verdict}), but it is not a loss`] : [];
        if (!r) return [];
        const decisive = (v: string): boolean => v === 'pass' || v === 'fail';
        return decisive(r.verdict) && r.verdict !== e.expect
          ? [`${e.file} ${e.function}: ${r.verdict}, expected ${e.expect}: ${r.message}`]
          : [];
      });
      assert.deepEqual(wrong, []);
    });

    it('gets at least 90% of the losses right with no annotation', () => {
      const losses = expected.filter((e) => e.expect !== 'no-lens');
      const misses = losses.flatMap((e) => {
        const r = verdictOf(e);
        return r?.verdict === e.expect
          ? []
          : [`${e.file} ${e.function}: ${r ? `${r.verdict}: ${r.message}` : 'not found'} (expected ${e.expect})`];
      });
      const right = losses.length - misses.length;
      console.log(
        `      ${right} of ${losses.length} right (${((100 * right) / losses.length).toFixed(1)}%)${misses.length ? `; misses:\n        ${misses.join('\n        ')}` : ''}`,
      );
      assert.ok(right >= 0.9 * losses.length, `${right} of ${losses.length} right:\n${misses.join('\n')}`);
    });
  });
}
