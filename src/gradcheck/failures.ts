/** Turning a runner that gave no reply (killed, crashed, timed out) into a clear `error` result. */
import { M, msg, type Message } from './messages';
import type { Outcome } from './runners/host';
import type { SourceLanguage } from '../syntax/sourceLanguage';

const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GB`;

/** The last lines the user's code printed, which often say why a process died. */
function tail(output: string): string {
  const lines = output.trim().split('\n').slice(-12).join('\n');
  return lines ? `\n${lines}` : '';
}

/** The verdict and the message, still to be rendered in the user's language. */
export type FailureReport = { verdict: 'error' | 'skipped'; text: Message; output?: string };

export function describeFailure(
  outcome: Outcome,
  language: SourceLanguage,
  name: string,
  o: { python?: string },
  atLoad = false,
): FailureReport {
  const f = outcome.failure!;
  const during = atLoad || outcome.phase === 'import' ? msg(M.whileLoading) : msg(M.whileChecking, name);
  const output = outcome.output.trim() ? { output: outcome.output.trim().slice(-2000) } : {};
  switch (f.kind) {
    case 'timeout':
      return {
        verdict: 'error',
        text: f.during === 'load' ? msg(M.loadTimeout, f.seconds) : msg(M.timeout, f.seconds, during),
        ...output,
      };
    case 'processes':
      return { verdict: 'error', text: msg(M.processes, f.limit, during, f.count), ...output };
    case 'memory':
      return { verdict: 'error', text: msg(M.memory, gb(f.limitBytes), during, gb(f.rssBytes)), ...output };
    case 'channel':
      return { verdict: 'error', text: msg(M.channelOverflow, `${f.limitBytes / 1024 ** 2} MiB`, during), ...output };
    case 'cancelled':
      return { verdict: 'skipped', text: msg(M.cancelled), ...output };
    case 'start':
      return {
        verdict: 'error',
        text: language === 'python' ? msg(M.startPython, f.reason, o.python ?? 'python3') : msg(M.startJs, f.reason),
        ...output,
      };
    case 'exit': {
      const how = f.signal ? msg(M.killedBy, f.signal) : msg(M.exitedWithCode, String(f.code));
      const why = language === 'python' ? msg(M.exitWhyPython) : msg(M.exitWhyJs);
      const heap = /heap out of memory|Reached heap limit/.test(outcome.output) ? msg(M.exitHeap) : why;
      return { verdict: 'error', text: msg(M.exited, how, during, heap, tail(outcome.output)), ...output };
    }
  }
}
