/**
 * The grad-check tool's consent rule: user code runs only for an input the user was asked to
 * confirm. VS Code calls `prepareInvocation` before `invoke` and, when it returns confirmation
 * messages, runs `invoke` only after the user chose Continue; the ledger makes the rule hold in
 * `invoke` itself, so an invocation that was never put to the user (the workspace was untrusted
 * when it was prepared and became trusted since, or a caller that skips preparation) runs nothing.
 * Pure, no `vscode`.
 */
import type { Translate } from '../gradcheck';
import type { GradcheckInput } from './inputs';

/** An input as one key: the same fields and values give the same key, in any order. */
export function inputKey(input: unknown): string {
  return JSON.stringify(input, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export class ConfirmationLedger {
  private readonly asked = new Map<string, number[]>();

  constructor(
    /** How long a confirmation request stays valid: VS Code invokes right after the answer. */
    private readonly ttlMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `prepareInvocation` asked the user to confirm this input. */
  record(input: unknown): void {
    this.prune();
    const key = inputKey(input);
    this.asked.set(key, [...(this.asked.get(key) ?? []), this.now()]);
  }

  /** True once per `record` of the same input, within the time to live. */
  consume(input: unknown): boolean {
    this.prune();
    const key = inputKey(input);
    const times = this.asked.get(key);
    if (!times?.length) return false;
    times.shift();
    if (!times.length) this.asked.delete(key);
    return true;
  }

  private prune(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [key, times] of this.asked) {
      const live = times.filter((t) => t >= oldest);
      if (live.length) this.asked.set(key, live);
      else this.asked.delete(key);
    }
  }
}

export type GradcheckLimits = { timeoutSeconds: number; memoryMB: number };

/** `focal_loss` or "every loss", as the confirmation and progress messages name the target. */
function what(input: GradcheckInput, t: Translate): string {
  return input.function ? `\`${input.function}\`` : t('every loss');
}

/**
 * The confirmation VS Code shows before the grad-check tool runs the user's code (Markdown
 * message); `notebook`: the loss is in a notebook, run with the definitions of the cells above it.
 */
export function gradcheckConfirmation(
  input: GradcheckInput,
  file: string,
  limits: GradcheckLimits,
  t: Translate,
  notebook = false,
): { title: string; message: string } {
  const runs = notebook
    ? t(
        "It runs the definitions of the notebook's cells up to the loss's (imports, functions, classes, constants; not the statements that train, download or plot), in a separate process, for at most {0} s per check and {1} MB of memory. The result appears in the lens and the Problems panel.",
        limits.timeoutSeconds,
        limits.memoryMB,
      )
    : t(
        'It runs the definitions of the file only (imports, functions, classes; not its top-level statements), in a separate process, for at most {0} s per check and {1} MB of memory. The result appears in the lens and the Problems panel.',
        limits.timeoutSeconds,
        limits.memoryMB,
      );
  return {
    title: t('Run your loss code for a grad-check?'),
    message: [
      t(
        'Loss Playground will run {0} from `{1}` and compare its gradient with finite differences.',
        what(input, t),
        file,
      ),
      '',
      runs,
    ].join('\n'),
  };
}

export function gradcheckProgress(input: GradcheckInput, file: string, t: Translate): string {
  return t('Grad-checking {0} in {1}', what(input, t), file);
}

export function gradcheckRefusedProgress(t: Translate): string {
  return t('Grad-check refused: the workspace is not trusted');
}
