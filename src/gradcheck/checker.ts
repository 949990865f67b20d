/**
 * The grad-check API the lens provider, the Test Explorer and the CLI call. One GradChecker owns
 * the runner processes (one JS/TS child, one Python driver per interpreter), reuses them between
 * checks and replaces one that was killed or crashed. Checks are async, cancellable (AbortSignal)
 * and report progress; discovery (./discover) is separate and synchronous.
 */
import * as path from 'node:path';
import { GRADCHECK_DEFAULTS as DEFAULTS } from '../engine/gradcheckDefaults';
import { ravel, unravel } from '../engine/tensor';
import { compareTrials, DEFAULT_TOLERANCE, FLOAT32_TOLERANCE, type Tolerance } from './compare';
import { discoverLosses } from './discover';
import { readSourceFile } from './sourceText';
import { isNotebook, NotebookError, notebookCells, type NotebookCell } from './notebook';
import { readFileSync } from 'node:fs';
import { compareWithReference, referenceCurve, REFERENCE_ERRORS, type Reference } from './reference';
import { InputError, planInputs, TRIAL_SCALES, type InputPlan } from './inputs';
import type { RunnerHost, Runners } from './runners/host';
import type { Outcome, RequestLimits } from './runners/host';
import type {
  CheckReply,
  CheckRequest,
  GradientSource,
  RunnerError,
  SeriesReply,
  WireArg,
  WireArray,
  WireCell,
  WireTarget,
} from './runners/protocol';
import { describeFailure } from './failures';
import { formatNumber } from './report';
import { english, list, M, msg, render, runnerText, type Arg, type Message, type Translate } from './messages';
import type { CheckResult, DiscoveredLoss, GradientSeries } from './types';
import { sourceLanguageOf, type SourceLanguage } from '../syntax/sourceLanguage';

export type CheckOptions = {
  seed?: number;
  timeoutMs?: number;
  /** The limit on loading the module and its frameworks, before the check's own limit starts. */
  loadTimeoutMs?: number;
  memoryLimitBytes?: number;
  /** The Python interpreter (default GRADCHECK_DEFAULTS.python). */
  python?: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /** Unsaved editor text to check instead of the file on disk. */
  text?: string;
  /** A notebook's code cells up to the loss's (the loss is in the last); run instead of `text`. */
  cells?: WireCell[];
  tolerance?: Partial<Tolerance>;
  step?: number;
  trials?: number;
  /** Renders the result's message and warnings: English by default; the editor passes vscode.l10n.t. */
  t?: Translate;
  /** Run a loss that has no analytic gradient too (to find the inputs a plot can use). */
  sampleWithoutGradient?: boolean;
};

export type FileCheckOptions = CheckOptions & {
  /** Check only the loss with this name (a method as `Class.method` or just `method`). */
  function?: string;
};

type Gradient = { source: GradientSource; label: string | null; why: Message | null };

/** Where the analytic gradient of a loss comes from, and why there is none if so. */
export function gradientSourceOf(loss: DiscoveredLoss): Gradient {
  const paired = loss.annotation?.grad ?? loss.pairedGradient;
  if (paired)
    return {
      source: {
        kind: 'paired',
        name: paired,
        ...(loss.statefulGradient && !loss.annotation?.grad ? { afterCall: true } : {}),
      },
      label: `paired:${paired}`,
      why: null,
    };
  if (loss.returnsGradient) return { source: { kind: 'returned' }, label: 'returned', why: null };
  if (loss.language === 'python') {
    if (loss.base === 'autograd.Function')
      return { source: { kind: 'autograd' }, label: `${loss.name}.backward`, why: null };
    if (loss.frameworks.includes('torch')) return { source: { kind: 'autograd' }, label: 'torch.autograd', why: null };
    if (loss.frameworks.includes('jax')) return { source: { kind: 'jax' }, label: 'jax.grad', why: null };
    return {
      source: { kind: 'none' },
      label: null,
      why: msg(M.noGradientPython, loss.name, `${loss.name}_grad`, `grad_${loss.name}`),
    };
  }
  // tfjs: the loss's own tf.grad, as torch.autograd for PyTorch.
  if (loss.frameworks.includes('tensorflow')) return { source: { kind: 'autograd' }, label: 'tf.grad', why: null };
  return {
    source: { kind: 'none' },
    label: null,
    why: msg(M.noGradientJs, loss.name, `${loss.name}Grad`, `grad${loss.name[0].toUpperCase()}${loss.name.slice(1)}`),
  };
}

function frameworkOf(loss: DiscoveredLoss): string {
  if (loss.frameworks.includes('torch') || loss.base === 'nn.Module' || loss.base === 'autograd.Function')
    return 'torch';
  if (loss.frameworks.includes('jax')) return 'jax';
  return 'numpy';
}

function targetOf(loss: DiscoveredLoss, plan: InputPlan): WireTarget {
  return {
    name: loss.name,
    kind: loss.kind,
    ...(loss.className ? { className: loss.className } : {}),
    ...(loss.objectName ? { objectName: loss.objectName } : {}),
    ...(loss.base ? { base: loss.base } : {}),
    ...(plan.init.length ? { init: plan.init } : {}),
  };
}

/** What the Python zygote imports once, before it forks the child that loads the module. */
function preloadOf(frameworks: readonly string[]): string[] {
  return ['numpy', ...(frameworks.includes('torch') ? ['torch'] : [])];
}

/** Probes for the sanity checks: pred = target, and pred = target ± a small step, at trial 0. */
function probesOf(plan: InputPlan): CheckRequest['probes'] {
  const probes: CheckRequest['probes'] = [];
  for (const recipe of plan.recipes) {
    const roles = plan.regression[recipe.name];
    if (!roles) continue;
    const args = recipe.trials[0];
    const target = args.find((a) => a.name === roles.target)?.value as WireArray | undefined;
    if (!target || typeof target !== 'object') continue;
    const withPred = (data: number[]): WireArg[] =>
      args.map((a) => (a.name === roles.pred ? { ...a, value: { ...target, data } } : a));
    probes.push({ recipe: recipe.name, args: withPred(target.data) });
    // Small moves away from the target, all one way and alternating, each in both directions.
    for (const sign of [1, -1]) {
      probes.push({ recipe: recipe.name, args: withPred(target.data.map((y) => y + sign * 1e-2)) });
      probes.push({
        recipe: recipe.name,
        args: withPred(target.data.map((y, i) => y + sign * 1e-2 * (i % 2 === 0 ? 1 : -1))),
      });
    }
    // For the reference comparison: the same error e at every element, so the loss is its value at e.
    for (const e of REFERENCE_ERRORS)
      probes.push({ recipe: recipe.name, args: withPred(target.data.map((y) => y + e)) });
  }
  return probes;
}

/** The sanity probes per regression recipe (pred = target, then four small moves); the reference's follow. */
const SANITY_PROBES = 5;

const fmt = (x: number): string => formatNumber(x, { expDigits: 1 });

export class GradChecker {
  private js: RunnerHost | null = null;
  private jsMemory = 0;
  private readonly python = new Map<string, RunnerHost>();

  /** `runners`: where user code runs, chosen by the entry point (./runners/node.ts, or ./runners/web.ts in a browser). */
  constructor(private readonly runners: Runners) {}

  /** The runner for a language, started on first use and kept warm. */
  private runner(language: SourceLanguage, o: CheckOptions): RunnerHost {
    if (language === 'python') {
      const python = o.python ?? DEFAULTS.python;
      let host = this.python.get(python);
      if (!host) this.python.set(python, (host = this.runners.python(python)));
      return host;
    }
    const memory = o.memoryLimitBytes ?? DEFAULTS.memoryLimitBytes;
    if (!this.js || this.jsMemory !== memory) {
      this.js?.dispose();
      this.js = this.runners.js(memory);
      this.jsMemory = memory;
    }
    return this.js;
  }

  /** Starts the runner for a language ahead of the first check (the lens service does, for JS/TS: GradcheckService.warmFor). */
  warm(language: SourceLanguage, o: CheckOptions = {}): Promise<void> {
    return this.runner(language, o).warm();
  }

  /** Restart counts, for tests and diagnostics. */
  get starts(): { js: number; python: number } {
    return { js: this.js?.starts ?? 0, python: [...this.python.values()].reduce((a, h) => a + h.starts, 0) };
  }

  /**
   * Checks one discovered loss of `file`. Never rejects: problems become `error` results. Four
   * steps: plan the inputs, run them, judge the numbers, phrase the result. Two second tries: when
   * the code says what shape it wants (`shape '[-1, 784]' is invalid`), once with that shape; when
   * the names do not say which argument is the prediction and the gradient fails for the first
   * guess, once with the other, which is reported only if it passes.
   */
  checkLoss(file: string, loss: DiscoveredLoss, o: CheckOptions = {}): Promise<CheckResult> {
    return this.checkLossSeeing(file, loss, o);
  }

  /** checkLoss, and `see` hears what the runner answered each run (checkFile's first one stands in for loading). */
  private async checkLossSeeing(
    file: string,
    loss: DiscoveredLoss,
    o: CheckOptions,
    see?: (outcome: Outcome) => void,
  ): Promise<CheckResult> {
    const started = Date.now();
    const seed = o.seed ?? loss.annotation?.seed ?? DEFAULTS.seed;
    const tolerance: Tolerance = { ...DEFAULT_TOLERANCE, ...o.tolerance };
    const base: CheckResult = {
      file,
      function: loss.className
        ? `${loss.className}.${loss.name}`
        : loss.objectName
          ? `${loss.objectName}.${loss.name}`
          : loss.name,
      line: loss.line,
      language: loss.language,
      verdict: 'error',
      gradient: null,
      maxRelError: null,
      worst: null,
      message: '',
      recipe: null,
      seed,
      wrt: null,
      inputs: [],
      warnings: [],
      kinks: 0,
      trials: 0,
      tolerance,
      durationMs: 0,
    };
    const t = o.t ?? english;
    // Messages and warnings stay data until here, where they are rendered in the caller's language.
    const finish = ({ text, warnings = [], ...r }: Finished): CheckResult => ({
      ...base,
      ...r,
      message: render(text, t),
      warnings: warnings.map((w) => render(w, t)),
      durationMs: Date.now() - started,
    });
    if (loss.annotation?.skip) return finish({ verdict: 'skipped', text: msg(M.skippedByAnnotation) });
    if (loss.annotation?.errors.length) {
      const errors = loss.annotation.errors.map((x) =>
        msg(M.atLineColumn, x, x.range.start.line + 1, x.range.start.character + 1),
      );
      return finish({ text: msg(M.badAnnotation, list(errors, M.listSeparator)) });
    }
    const unavailable = this.runners.unavailable(loss.language);
    if (unavailable) return finish({ verdict: 'skipped', text: unavailable });
    const trials = o.trials ?? DEFAULTS.trials;
    let plan: InputPlan;
    try {
      plan = planInputs(loss, seed, trials);
    } catch (e) {
      if (e instanceof InputError) return finish({ text: e.text });
      throw e;
    }
    const gradient = gradientSourceOf(loss);
    // Nothing to compare with: skipped without running anything of the user's (a script imported
    // for nothing is how a check once started a training run). The plot still samples it.
    if (gradient.source.kind === 'none' && !o.sampleWithoutGradient) {
      return finish({
        verdict: 'skipped',
        wrt: plan.wrt,
        text: msg(M.skippedNoGradient, gradient.why ?? msg(M.noAnalyticGradient), ''),
      });
    }
    o.onProgress?.(render(msg(M.checking, base.function ?? ''), t));
    const attempt = async (p: InputPlan): Promise<Finished> => {
      const outcome = await this.run(file, loss, p, gradient, seed, tolerance, o, base.function ?? '');
      see?.(outcome);
      return this.judge(loss, p, gradient, outcome, seed, tolerance, o);
    };
    let result = await attempt(plan);
    const asked = result.verdict === 'error' ? shapeAskedFor(String(render(result.text))) : null;
    if (asked) {
      const replanned = planInputs(loss, seed, trials, { shape: asked });
      const second = await attempt(replanned);
      if (second.verdict === 'pass' || second.verdict === 'fail')
        [result, plan] = [
          { ...second, warnings: [...(second.warnings ?? []), msg(M.shapeAskedFor, asked.join(', '))] },
          replanned,
        ];
    }
    // A constructor default of None that the loss cannot use (`smooth_factor=None` -> None / int): once with typical values.
    if (
      result.verdict === 'error' &&
      loss.init?.some((p) => p.default === 'None') &&
      /NoneType/.test(String(render(result.text)))
    ) {
      const filled = planInputs(loss, seed, trials, { fillNoneDefaults: true });
      const second = await attempt(filled);
      if (second.verdict === 'pass' || second.verdict === 'fail') {
        const values = filled.init
          .filter((a) => loss.init?.some((p) => p.name === a.name && p.default === 'None'))
          .map((a) => `${a.name}=${typeof a.value === 'object' ? `array(${a.value.shape.join(', ')})` : a.value}`);
        [result, plan] = [
          { ...second, warnings: [...(second.warnings ?? []), msg(M.noneDefaultsFilled, values.join(', '))] },
          filled,
        ];
      }
    }
    if (result.verdict === 'fail' && plan.alternativeWrt) {
      const other = planInputs(loss, seed, trials, { wrt: plan.alternativeWrt });
      const second = await attempt(other);
      if (second.verdict === 'pass')
        result = { ...second, warnings: [...(second.warnings ?? []), msg(M.otherArgument, plan.wrt, other.wrt)] };
    }
    const { text, warnings = [], ...rest } = result;
    return finish({
      ...rest,
      text: result.verdict === 'pass' || result.verdict === 'fail' ? withWarnings(text, warnings) : text,
      warnings,
    });
  }

  /** Runs one plan in the loss's runner. */
  private run(
    file: string,
    loss: DiscoveredLoss,
    plan: InputPlan,
    gradient: Gradient,
    seed: number,
    tolerance: Tolerance,
    o: CheckOptions,
    label: string,
  ): Promise<Outcome> {
    const request: CheckRequest = {
      op: 'check',
      file: path.resolve(file),
      ...(o.cells ? { cells: o.cells } : o.text !== undefined ? { text: o.text } : {}),
      target: targetOf(loss, plan),
      recipes: plan.recipes,
      wrt: plan.wrt,
      gradient: gradient.source,
      step: o.step ?? DEFAULTS.step,
      projectionAbove: DEFAULTS.projectionAbove,
      projectionDirections: DEFAULTS.projectionDirections,
      projectionSeed: seed,
      rtol: tolerance.rtol,
      probes: probesOf(plan),
      framework: frameworkOf(loss),
      preload: preloadOf([frameworkOf(loss)]),
      example: plan.example,
    };
    return this.runner(loss.language, o).request(request, limitsOf(o), (note) =>
      o.onProgress?.(`${label}: ${String(note.phase)}`),
    );
  }

  /** The verdict on a runner's numbers (or on why there are none), as data still to be phrased. */
  private judge(
    loss: DiscoveredLoss,
    plan: InputPlan,
    gradient: Gradient,
    outcome: Outcome,
    seed: number,
    tolerance: Tolerance,
    o: CheckOptions,
  ): Finished {
    const partial = { wrt: plan.wrt, gradient: gradient.label, loadMs: outcome.loadMs };
    if (!outcome.reply) return { ...partial, ...describeFailure(outcome, loss.language, loss.name, o) };
    const reply = outcome.reply as unknown as CheckReply | { ok: false; error: RunnerError };
    if (!reply.ok) return { ...partial, ...errorResult(reply.error, outcome) };
    const warnings: Arg[] = reply.notes.map(runnerText);
    let tol = tolerance;
    if (reply.dtype !== 'float64') {
      tol = {
        rtol: Math.max(tolerance.rtol, FLOAT32_TOLERANCE.rtol),
        atol: Math.max(tolerance.atol, FLOAT32_TOLERANCE.atol),
        reason: render(msg(M.float32Reason, reply.dtype), o.t),
      } as Tolerance & { reason: string };
      warnings.push(msg(M.float32Warning, reply.dtype, tol.rtol, tol.atol));
    }
    warnings.push(...sanityWarnings(reply, plan));
    const inputs = plan.summaries[reply.recipe] ?? [];
    const common = {
      ...partial,
      gradient: reply.gradient ?? gradient.label,
      recipe: reply.recipe,
      inputs,
      warnings,
      trials: reply.trials.length,
      tolerance: tol,
      ...(outcome.output.trim() ? { output: outcome.output.trim().slice(-2000) } : {}),
    };
    if (gradient.source.kind === 'none' || reply.trials.every((trial) => !trial.analytic)) {
      return {
        ...common,
        verdict: 'skipped',
        text: msg(M.skippedNoGradient, gradient.why ?? msg(M.noAnalyticGradient), warningText(warnings)),
        warnings,
      };
    }
    const reference = referenceResult(loss, plan, reply, o);
    const valueNote = reference ? msg(M.referenceSummary, reference.text) : '';
    const c = compareTrials(reply.trials, tol);
    const scale = c.worst ? TRIAL_SCALES[c.worst.trial % TRIAL_SCALES.length] : 1;
    const kinkNote = c.kinks ? msg(c.kinks === 1 ? M.kinkOne : M.kinkMany, c.kinks) : '';
    if (c.pass) {
      return {
        ...common,
        verdict: 'pass',
        maxRelError: c.maxRelError,
        kinks: c.kinks,
        worst: c.worst
          ? { index: c.worst.index, analytic: c.worst.analytic, numeric: c.worst.numeric, trial: c.worst.trial }
          : null,
        text: msg(M.passSummary, c.compared, reply.trials.length, reply.recipe, seed, kinkNote, valueNote),
        ...(reference ? { reference: reference.record } : {}),
      };
    }
    const w = c.worst!;
    const where =
      c.mode === 'projection'
        ? msg(M.worstAlongDirection, w.index[0], reply.trials[0].numeric.length)
        : msg(M.worstAtElement, w.index.join(', '));
    return {
      ...common,
      verdict: 'fail',
      maxRelError: c.maxRelError,
      kinks: c.kinks,
      worst: { index: w.index, analytic: w.analytic, numeric: w.numeric, trial: w.trial },
      text: msg(
        M.failSummary,
        c.failures,
        c.compared,
        where,
        w.trial + 1,
        scale,
        reply.recipe,
        seed,
        kinkNote,
        valueNote,
      ),
      ...(reference ? { reference: reference.record } : {}),
    };
  }

  /**
   * The losses of a notebook's Python cells, each checked with the cells up to its own. Results
   * are named `notebook.ipynb#cell3` (their `file`), with lines counted in the cell.
   */
  async checkNotebook(file: string, o: FileCheckOptions = {}): Promise<CheckResult[]> {
    const fail = (text: Arg): CheckResult[] => [fileError(file, 'python', text, o)];
    let cells: NotebookCell[];
    try {
      cells = notebookCells(o.text ?? readFileSync(file, 'utf8'), path.basename(file));
    } catch (e) {
      return fail(e instanceof NotebookError ? e.message : msg(M.cannotReadFile, (e as Error).message));
    }
    const results: CheckResult[] = [];
    for (let k = 0; k < cells.length; k++) {
      let losses = discoverLosses(cells[k].text, 'python').losses;
      if (o.function) losses = losses.filter((l) => l.name === o.function || `${l.className}.${l.name}` === o.function);
      const upTo = cells
        .slice(0, k + 1)
        .map((c) => ({ label: path.join(path.dirname(path.resolve(file)), c.label), text: c.text }));
      for (const loss of losses) {
        if (o.signal?.aborted) return results;
        const r = await this.checkLoss(file, loss, { ...o, cells: upTo });
        results.push({ ...r, file: `${file}#cell${cells[k].index}` });
      }
    }
    return results;
  }

  /** Discovers and checks the losses of a file. A file that cannot be loaded gives one `error` result. */
  async checkFile(file: string, o: FileCheckOptions = {}): Promise<CheckResult[]> {
    if (isNotebook(file)) return this.checkNotebook(file, o);
    const language = sourceLanguageOf(file);
    const fail = (text: Arg, extra: Partial<CheckResult> = {}): CheckResult[] => [
      fileError(file, language ?? 'python', text, o, extra),
    ];
    if (!language) return fail(msg(M.notSourceFile));
    let text: string;
    try {
      text = o.text ?? readSourceFile(file, language);
    } catch (e) {
      return fail(msg(M.cannotReadFile, (e as Error).message));
    }
    const discovery = discoverLosses(text, language, file);
    let losses = discovery.losses;
    if (o.function) losses = losses.filter((l) => l.name === o.function || `${l.className}.${l.name}` === o.function);
    if (losses.length === 0) return [];
    // Nothing to load: every loss is skipped (by its annotation, or as this platform cannot run its language).
    if (losses.every((l) => l.annotation?.skip) || this.runners.unavailable(language))
      return Promise.all(losses.map((l) => this.checkLoss(file, l, o)));
    /** The file's one error when `outcome` (of loading the module) failed, else null. */
    const loadError = (outcome: Outcome): CheckResult[] | null => {
      if (!outcome.reply) return fail(describeFailure(outcome, language, path.basename(file), o, true).text);
      const reply = outcome.reply as { ok: boolean; error?: RunnerError };
      if (reply.ok || !reply.error) return null;
      const r = errorResult(reply.error, outcome);
      return fail(r.text, r.traceback ? { traceback: r.traceback } : {});
    };
    const load = async (): Promise<CheckResult[] | null> =>
      loadError(
        await this.runner(language, o).request(
          {
            op: 'load',
            file: path.resolve(file),
            ...(o.text !== undefined ? { text: o.text } : {}),
            preload: preloadOf(discovery.imports),
          },
          limitsOf(o),
        ),
      );
    // Load once: a module that cannot be imported is one error, not one per loss. Python loads in a
    // child of its own, definitions only. A JS/TS module's top level would run once more for a
    // separate load, so there the first check's own loading stands in for it.
    if (language === 'python') {
      const failed = await load();
      if (failed) return failed;
    }
    let loaded = language === 'python';
    const results: CheckResult[] = [];
    for (const loss of losses) {
      if (o.signal?.aborted) break;
      let first: Outcome | undefined;
      const result = await this.checkLossSeeing(
        file,
        loss,
        o,
        loaded ? undefined : (outcome) => void (first ??= outcome),
      );
      if (first) {
        loaded = true;
        const failed = moduleLoadFailed(first) ? loadError(first) : mayHaveFailedLoading(first) ? await load() : null;
        if (failed) return failed;
      }
      results.push(result);
    }
    return results;
  }

  /**
   * The loss and its numeric (and analytic, when there is one) gradient along one coordinate of
   * the differentiated input, around the check's first trial point: a series for "Plot in Playground".
   */
  async sampleSeries(
    file: string,
    loss: DiscoveredLoss,
    o: CheckOptions & { index?: number; points?: number; halfWidth?: number } = {},
  ): Promise<GradientSeries> {
    const unavailable = this.runners.unavailable(loss.language);
    if (unavailable) throw new Error(render(unavailable, o.t));
    const seed = o.seed ?? loss.annotation?.seed ?? DEFAULTS.seed;
    const plan = planInputs(loss, seed, 1);
    const gradient = gradientSourceOf(loss);
    // The first recipe the checker would accept is not known without running; take the check's
    // choice. With as many trials as the check, so the reference convention it names is the lens's.
    const probe = await this.checkLoss(file, loss, { ...o, sampleWithoutGradient: true });
    const recipe = plan.recipes.find((r) => r.name === probe.recipe) ?? plan.recipes[0];
    const args = recipe.trials[0];
    const w = args.find((a) => a.name === plan.wrt)!.value as WireArray;
    const index = Math.min(
      Math.max(0, o.index ?? (probe.worst ? ravel(probe.worst.index, w.shape) : 0)),
      w.data.length - 1,
    );
    const center = w.data[index];
    const points = o.points ?? 101;
    const half = o.halfWidth ?? Math.max(1, Math.abs(center));
    const [lo, hi] = plan.domains[recipe.name] ?? [-Infinity, Infinity];
    const from = Math.max(lo, center - half);
    const to = Math.min(hi, center + half);
    const xs = Array.from({ length: points }, (_, i) => from + ((to - from) * i) / (points - 1));
    const outcome = await this.runner(loss.language, o).request(
      {
        op: 'series',
        file: path.resolve(file),
        ...(o.cells ? { cells: o.cells } : o.text !== undefined ? { text: o.text } : {}),
        target: targetOf(loss, plan),
        args,
        wrt: plan.wrt,
        index,
        xs,
        gradient: gradient.source,
        step: o.step ?? DEFAULTS.step,
        framework: frameworkOf(loss),
        preload: preloadOf([frameworkOf(loss)]),
      },
      limitsOf(o),
    );
    const reply = outcome.reply as unknown as SeriesReply | { ok: false; error: RunnerError } | null;
    if (!reply) throw new Error(render(describeFailure(outcome, loss.language, loss.name, o).text, o.t));
    if (!reply.ok) throw new Error(render(runnerText(reply.error), o.t));
    const series: GradientSeries = {
      function: loss.name,
      wrt: plan.wrt,
      index: unravel(index, w.shape),
      x: xs,
      loss: reply.loss,
      numeric: reply.numeric,
      analytic: reply.analytic,
      gradient: reply.gradient,
    };
    const ref = probe.reference;
    const curve =
      ref && probe.recipe
        ? referenceCurve(ref, probe.recipe, { pred: plan.wrt, target: plan.target }, args, index, xs)
        : null;
    if (ref && curve)
      series.reference = {
        label: `${ref.id}(${Object.entries(ref.params)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')}), ${ref.convention}`,
        agrees: ref.agrees,
        message: ref.message,
        loss: curve,
      };
    return series;
  }

  dispose(): void {
    this.js?.dispose();
    this.js = null;
    for (const h of this.python.values()) h.dispose();
    this.python.clear();
  }
}

/**
 * The JS/TS runner said the module itself did not load (a syntax error, its top level threw), or
 * the runner could not start at all. Its other 'load' errors are about one loss's tfjs arguments.
 */
function moduleLoadFailed(outcome: Outcome): boolean {
  if (!outcome.reply) return outcome.failure?.kind === 'start';
  const reply = outcome.reply as { ok: boolean; error?: RunnerError };
  return (
    !reply.ok &&
    reply.error?.kind === 'load' &&
    reply.error.template !== M.jsNeedsTfjs &&
    reply.error.template !== M.jsTfjsNoBackend
  );
}

/**
 * The runner was ended (exit, time, memory, processes, channel) without saying whether loading or
 * the loss did it: a separate load decides, run only then.
 */
function mayHaveFailedLoading(outcome: Outcome): boolean {
  return (
    !outcome.reply &&
    outcome.failure !== null &&
    outcome.failure.kind !== 'cancelled' &&
    outcome.failure.kind !== 'start'
  );
}

function warningText(warnings: Arg[]): Arg {
  return list(warnings.map((w) => msg(M.warningSuffix, w)));
}

/** The loss's values compared with the catalog loss it reads as, for the report and the contract's `reference`. */
function referenceResult(
  loss: DiscoveredLoss,
  plan: InputPlan,
  reply: CheckReply,
  o: CheckOptions,
): { text: Message; record: NonNullable<CheckResult['reference']> } | null {
  // A model-parameter loss's arguments are weights and data, not a prediction and a target.
  if (reply.recipe.startsWith('weights+')) return null;
  const trials = plan.recipes.find((r) => r.name === reply.recipe)?.trials ?? [];
  let ref: Reference | null;
  try {
    const atErrors = plan.regression[reply.recipe]
      ? REFERENCE_ERRORS.map((e, i) => ({ e, value: reply.probes[SANITY_PROBES + i] ?? null }))
      : [];
    ref = compareWithReference(
      loss,
      reply.recipe,
      { pred: plan.wrt, target: plan.target },
      trials,
      reply.trials.map((t) => t.f0),
      reply.dtype !== 'float64',
      atErrors,
      plan.init,
    );
  } catch {
    return null; // the engine cannot evaluate these inputs as that loss: nothing to compare
  }
  if (!ref) return null;
  return {
    text: ref.text,
    record: {
      id: ref.id,
      params: ref.params,
      convention: ref.convention,
      agrees: ref.agrees,
      message: render(ref.text, o.t),
    },
  };
}

/** A result before it is rendered: its message and warnings still data. */
type Finished = Omit<Partial<CheckResult>, 'message' | 'warnings'> & { text: Arg; warnings?: Arg[] };

/** A pass or fail summary with its warnings after it. */
function withWarnings(text: Arg, warnings: Arg[]): Arg {
  return warnings.length ? list([text, warningText(warnings)]) : text;
}

/**
 * The shape an error says the code wants: PyTorch's `shape '[-1, 784]' is invalid for input of
 * size 8`, NumPy's `cannot reshape array of size 24 into shape (4,784)`: the trailing sizes.
 */
function shapeAskedFor(message: string): number[] | null {
  const m =
    /shape '\[(-1(?:, *\d+)+)\]' is invalid for input of size/.exec(message) ??
    /cannot reshape array of size \d+ into shape \((-1(?:, *\d+)+)\)/.exec(message);
  if (!m) return null;
  const dims = m[1]
    .split(',')
    .slice(1)
    .map((d) => Number(d.trim()));
  return dims.every((d) => Number.isInteger(d) && d > 0) && dims.reduce((a, b) => a * b, 1) <= 100_000 ? dims : null;
}

function limitsOf(o: CheckOptions): RequestLimits {
  return {
    timeoutMs: o.timeoutMs ?? DEFAULTS.timeoutMs,
    loadTimeoutMs: Math.max(o.loadTimeoutMs ?? DEFAULTS.loadTimeoutMs, o.timeoutMs ?? 0),
    memoryLimitBytes: o.memoryLimitBytes ?? DEFAULTS.memoryLimitBytes,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.t ? { t: o.t } : {}),
  };
}

function errorResult(
  error: RunnerError,
  outcome: Outcome,
): Pick<CheckResult, 'verdict' | 'traceback' | 'output'> & { text: Arg } {
  const output = outcome.output.trim();
  return {
    verdict: 'error',
    text: runnerText(error),
    ...(error.traceback ? { traceback: error.traceback } : {}),
    ...(output ? { output: output.slice(-2000) } : {}),
  };
}

/** Negative losses, and a regression loss that is not smallest where prediction = target. */
function sanityWarnings(reply: CheckReply, plan: InputPlan): Message[] {
  const warnings: Message[] = [];
  const values = [...reply.trials.map((t) => t.f0), ...reply.probes.filter((p): p is number => p !== null)];
  const negative = values.filter((v) => v < -1e-12);
  if (negative.length) warnings.push(msg(M.negativeLoss, fmt(Math.min(...negative))));
  if (plan.regression[reply.recipe] && reply.probes.length >= 3) {
    const [atTarget, ...near] = reply.probes.slice(0, SANITY_PROBES);
    if (atTarget !== null) {
      const smaller = near.filter((v): v is number => v !== null && v < atTarget - 1e-12 * (1 + Math.abs(atTarget)));
      if (smaller.length) warnings.push(msg(M.notMinimal, fmt(atTarget), fmt(Math.min(...smaller))));
    }
  }
  return warnings;
}

/** The one result of a file (or notebook) that could not be checked at all: no loss in it ran. */
function fileError(
  file: string,
  language: SourceLanguage,
  text: Arg,
  o: CheckOptions,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    file,
    function: null,
    line: null,
    language,
    verdict: 'error',
    gradient: null,
    maxRelError: null,
    worst: null,
    message: render(text, o.t),
    recipe: null,
    seed: o.seed ?? DEFAULTS.seed,
    wrt: null,
    inputs: [],
    warnings: [],
    kinks: 0,
    trials: 0,
    tolerance: { ...DEFAULT_TOLERANCE },
    durationMs: 0,
    ...extra,
  };
}
