/** Turning a runner that gave no reply (killed, crashed, timed out) into a clear `error` result. */
import type { Outcome } from './runners/processHost';
import type { CheckResult, Language } from './types';

const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GB`;

/** The last lines the user's code printed, which often say why a process died. */
function tail(output: string): string {
  const lines = output.trim().split('\n').slice(-12).join('\n');
  return lines ? `\n${lines}` : '';
}

export function describeFailure(outcome: Outcome, language: Language, name: string, o: { python?: string }, atLoad = false): Partial<CheckResult> & { message: string } {
  const f = outcome.failure!;
  const during = atLoad || outcome.phase === 'import' ? `while loading the module` : `while checking ${name}`;
  const output = outcome.output.trim() ? { output: outcome.output.trim().slice(-2000) } : {};
  switch (f.kind) {
    case 'timeout':
      return { verdict: 'error', message: `did not finish within ${f.seconds} s ${during} (an infinite loop or a very slow loss?); the runner was stopped and will be restarted`, ...output };
    case 'memory':
      return { verdict: 'error', message: `used more than ${gb(f.limitBytes)} of memory ${during} (resident ${gb(f.rssBytes)}); the runner was stopped and will be restarted`, ...output };
    case 'cancelled':
      return { verdict: 'skipped', message: 'cancelled', ...output };
    case 'start': {
      const hint = language === 'python' ? ` (interpreter: ${o.python ?? 'python3'}; set it with --python or the lossPlayground.python setting)` : '';
      return { verdict: 'error', message: `the ${language === 'python' ? 'Python' : 'JS/TS'} runner could not start: ${f.message}${hint}`, ...output };
    }
    case 'exit': {
      const how = f.signal ? `was killed by ${f.signal}` : `exited with code ${f.code}`;
      const why = language === 'python' ? ' (sys.exit or os._exit in the user code?)' : ' (process.exit in the user code?)';
      const heap = /heap out of memory|Reached heap limit/.test(outcome.output) ? ' (the JS heap limit was reached)' : '';
      return { verdict: 'error', message: `the runner process ${how} ${during}${heap || why}; it will be restarted${tail(outcome.output)}`, ...output };
    }
  }
}
