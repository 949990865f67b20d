/**
 * The grad-check's defaults, each stated once. The settings' defaults and ranges: package.json's
 * contributes.configuration states them again for VS Code's settings editor, and
 * test/unit/gradcheck-defaults.test.ts holds the two equal; src/config.ts keeps a user's value in
 * these ranges. The fixed choices beside them: the projection mode, the process limit, the seed.
 * The checker (src/gradcheck), the CLI and the engine's own gradCheck all start from here. Pure
 * data in the engine, the lowest layer, so that every layer can read it.
 */

/** A setting's default and the range package.json declares for it (JSON Schema's words). */
export type SettingSpec = {
  readonly default: number;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
  /** package.json's type `integer` (else `number`). */
  readonly integer?: boolean;
};

/** The numeric `lossPlayground.gradcheck.*` settings. */
export const GRADCHECK_SETTINGS = {
  rtol: { default: 1e-3, exclusiveMinimum: 0 },
  atol: { default: 1e-5, minimum: 0 },
  /** Relative step of the central differences, torch.autograd.gradcheck's eps. */
  step: { default: 1e-6, exclusiveMinimum: 0, maximum: 0.1 },
  // Bounded: a hand-edited trials of 1,000,000 would run the extension host out of heap, a time
  // limit over 2^31 ms overflows the timer.
  trials: { default: 3, minimum: 1, maximum: 20, integer: true },
  timeoutSeconds: { default: 10, exclusiveMinimum: 0, maximum: 600 },
  /** Importing the module and its frameworks (torch alone takes 4 to 9 s on a slow machine). */
  loadTimeoutSeconds: { default: 60, minimum: 1, maximum: 600 },
  memoryLimitMB: { default: 2048, minimum: 64, maximum: 1024 * 1024, integer: true },
} as const satisfies Record<string, SettingSpec>;

export type GradcheckSetting = keyof typeof GRADCHECK_SETTINGS;

const S = GRADCHECK_SETTINGS;

/** What a check uses when nobody says otherwise, in the units the code works in. */
export const GRADCHECK_DEFAULTS = {
  step: S.step.default,
  atol: S.atol.default,
  rtol: S.rtol.default,
  trials: S.trials.default,
  timeoutMs: S.timeoutSeconds.default * 1000,
  loadTimeoutMs: S.loadTimeoutSeconds.default * 1000,
  memoryLimitBytes: S.memoryLimitMB.default * 1024 * 1024,
  /** Above this many elements of the differentiated input: directional derivatives along random ±1 directions. */
  projectionAbove: 4096,
  /** How many directions, the checker's and the engine's gradCheck's alike. */
  projectionDirections: 16,
  /** The most processes one check's tree may have (driver.py's MAX_PROCESSES, held equal by a test). */
  maxProcesses: 64,
  /** Of the inputs the checker draws; a report names it so a run can be repeated. */
  seed: 1234,
  /** The Python interpreter when neither the setting nor the Python extension names one. */
  python: 'python3',
} as const;

/**
 * A user's value for a setting, kept in its range: a value out of range at an inclusive end is
 * moved to that end; anything else unusable (not a finite number, at or below an exclusive
 * minimum) gives the default, as a hand-edited settings.json can hold anything. Integers are rounded.
 */
export function settingValue(key: GradcheckSetting, value: unknown): number {
  const spec: SettingSpec = GRADCHECK_SETTINGS[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) return spec.default;
  if (spec.exclusiveMinimum !== undefined && value <= spec.exclusiveMinimum) return spec.default;
  let v = spec.integer ? Math.round(value) : value;
  if (spec.minimum !== undefined) v = Math.max(spec.minimum, v);
  if (spec.maximum !== undefined) v = Math.min(spec.maximum, v);
  return v;
}
