/**
 * Every text the grad-check core shows the user, as English templates with {0}-style placeholders.
 * A template is also the key vscode.l10n.t looks up in l10n/bundle.l10n.zh-cn.json, so the core
 * builds messages as data (a template and its arguments) and renders them with the Translate its
 * caller supplies: English by default (the CLI), vscode.l10n.t in the editor. One table, so a unit
 * test can prove each template has its translation. The runners send these templates too: jsChild
 * imports this file, python/driver.py repeats its templates (a unit test checks they are here).
 * Arguments are the user's values (names, numbers, exception texts, paths) and are never translated.
 */

/** Fills {0}-style placeholders; vscode.l10n.t takes the same templates and translates them. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

export const M = {
  // report.ts: lens titles, diagnostics and the details log.
  lensPass: '✓ grad ok · max rel err {0}',
  lensFail: '✗ grad mismatch at [{0}] · analytic {1} vs numeric {2}',
  lensError: '⚠ error: {0}',
  lensValueDiffers: '{0} · ✗ value ≠ {1}',
  diagnosticReference: "The loss's value differs from its reference: {0}",
  diagnosticFail: 'Gradient check failed: {0}',
  diagnosticError: 'Gradient check error: {0}',
  verdictPass: 'PASS',
  verdictFail: 'FAIL',
  verdictError: 'ERROR',
  verdictSkipped: 'SKIPPED',
  detailsGradient: 'gradient: {0}',
  detailsWrt: 'differentiated argument: {0}',
  detailsInputs: 'inputs: recipe {0}, seed {1}, {2} trial points (scales 1, 3, 0.3 for real values)',
  detailsInputShape: '{0}: {1} {2} shape ({3})',
  detailsMaxRelError: 'max relative error: {0} (rtol {1}, atol {2})',
  detailsMaxRelErrorWhy: 'max relative error: {0} (rtol {1}, atol {2}: {3})',
  detailsWorst: 'worst element: [{0}] at trial {1}: analytic {2} vs numeric {3}',
  detailsKinks: '{0} element(s) at a kink were left out',
  detailsWarning: 'warning: {0}',
  detailsTraceback: 'traceback:',
  detailsOutput: 'output of the user code:',
  detailsTook: 'took {0} ms',

  // checker.ts: verdicts and why there is none.
  noGradientPython:
    'no gradient to compare with: {0} has no paired gradient ({1}, {2} or # gradcheck: grad=NAME) and does not use torch or jax',
  noGradientJs: 'no gradient to compare with: {0} has no paired gradient ({1}, {2} or @grad NAME)',
  noAnalyticGradient: 'no analytic gradient',
  skippedNoGradient: '{0}; the numeric gradient is available for the plot{1}',
  skippedByAnnotation: 'skipped by its annotation (gradcheck: skip)',
  badAnnotation: 'bad gradcheck annotation: {0}',
  atLineColumn: '{0} (line {1}, column {2})',
  listSeparator: '; ',
  checking: 'checking {0}',
  passSummary: '{0} values compared at {1} trial points (inputs: {2}, seed {3}){4}{5}',
  failSummary: '{0} of {1} values differ; the worst {2}, trial {3} (input scale {4}); inputs: {5}, seed {6}{7}{8}',
  worstAtElement: 'at [{0}]',
  worstAlongDirection: 'along random direction {0} (projection mode, {1} directions)',
  kinkOne: '; {0} element at a kink left out',
  kinkMany: '; {0} elements at a kink left out',
  warningSuffix: '; warning: {0}',
  float32Reason: 'the loss is computed in {0} (the code casts its inputs), so central differences carry fewer digits',
  float32Warning: 'computed in {0}: tolerance widened to rtol {1}, atol {2}',
  shapeAskedFor: 'inputs shaped (N, {0}) as the code asked (a reshape of the first inputs failed)',
  noneDefaultsFilled: 'built with {0}: with its default of None the loss raised a TypeError',
  unknownReference: 'ref={0} is not a catalog loss; one of: {1}, or none',
  referenceAgrees: '= {0} {1}, {2}',
  referenceSignFlipped: '= −1 × {0} {1} ({2}): the sign is flipped',
  referenceFactor: '= {0} × {1} {2} ({3})',
  referenceDiffers: 'differs from {0} {1} ({2}, the closest convention): at trial point {3}, yours {4}, {0} {5}',
  referenceSummary: '; value: {0}',
  referenceDiffersAt:
    'differs from {0} {1} where the error e = prediction − target is {2} (it agrees elsewhere): at e = {3}, yours {4}, {0} {5}',
  otherArgument:
    'the names do not say which argument is the prediction: the gradient does not match {0}, and matches {1}, so {1} was differentiated',
  negativeLoss: 'the loss is negative ({0}): a loss is usually ≥ 0; is a sign flipped?',
  notMinimal: 'the loss is not minimal when the prediction equals the target: {0} there, {1} nearby',
  notSourceFile: 'not a Python, TypeScript or JavaScript file (by its extension)',
  cannotReadFile: 'cannot read the file: {0}',

  // runners/web.ts: the browser (vscode.dev, github.dev), where only JS/TS runs, in a Web Worker.
  pythonNeedsDesktop:
    'needs a desktop or remote window: Python runs only there, not in the browser (open the folder in VS Code, a remote window or a Codespace)',

  // failures.ts: a runner that gave no reply.
  whileLoading: 'while loading the module',
  whileChecking: 'while checking {0}',
  timeout:
    'did not finish within {0} s {1} (an infinite loop or a very slow loss?); the runner was stopped and will be restarted',
  loadTimeout:
    'loading the module and its frameworks took more than {0} s (the load limit; the check limit starts after it); the runner was stopped and will be restarted',
  processes: 'started more than {0} processes {1} ({2} running); they were stopped',
  memory: 'used more than {0} of memory {1} (resident {2}); the runner was stopped and will be restarted',
  channelOverflow:
    'wrote more than {0} without a line end to its result channel {1}: not a reply (something in the process writes there), so the line was dropped; the runner was stopped and will be restarted',
  cancelled: 'cancelled',
  startPython:
    'the Python runner could not start: {0} (interpreter: {1}; set it with --python or the lossPlayground.python setting)',
  startJs: 'the JS/TS runner could not start: {0}',
  exited: 'the runner process {0} {1} {2}; it will be restarted{3}',
  killedBy: 'was killed by {0}',
  exitedWithCode: 'exited with code {0}',
  exitWhyPython: '(sys.exit or os._exit in the user code?)',
  exitWhyJs: '(process.exit in the user code?)',
  exitHeap: '(the JS heap limit was reached)',

  // runners/processHost.ts: a runner that did not start.
  startTimeout: 'the runner did not start within {0} s',
  startExited: 'the runner exited while starting ({0})',
  startExitedOutput: 'the runner exited while starting ({0}): {1}',
  exitCode: 'exit code {0}',
  outputNotShown: '… {0} characters not shown …',

  // inputs.ts
  cannotTellWrt: 'cannot tell which argument to differentiate: annotate it, e.g. {0}',
  cannotInfer:
    "cannot infer a value for argument '{0}' (only the prediction and the target are inferred); annotate it, e.g. {1}",
  cannotInferInit:
    "cannot infer a value for the constructor argument '{0}' of {1} (it has no default, and its name does not say what it is); annotate it, e.g. {2}",

  // annotation.ts
  helpRandn: 'randn(shape): standard normal values',
  helpRand: 'rand(shape): uniform in the open interval (0, 1)',
  helpProbs: 'probs(shape): positive, the last axis sums to 1',
  helpOnehot: 'onehot(N, C): one-hot rows',
  helpLabels: 'labels(N, C): N integer class labels in [0, C)',
  helpBinary: 'binary(shape): 0 or 1',
  helpSigns: 'signs(shape): -1 or +1',
  cannotRead: "cannot read '{0}': expected a generator such as randn(6,4), a number, a quoted string or true/false",
  unknownGenerator: "unknown generator '{0}' (generators: {1})",
  dimensionsPositive: '{0}({1}): dimensions must be positive integers ({2})',
  dimensionCount: '{0} takes {1} dimensions, got {2} ({3})',
  dimensionRange: '{0} takes {1} to {2} dimensions, got {3} ({4})',
  needsTwoClasses: '{0}({1}): needs at least 2 classes',
  gradNeedsName: '@grad needs the name of the gradient function',
  gradOneName: "@grad takes one function name, got '{0}'",
  expectedNameValue: "expected name=value or skip, got '{0}'",
  needsValue: "'{0}=' needs a value",
  takesName: "{0}= takes a name, got '{1}'",
  wrtNoArgument: "wrt={0}: the function has no argument '{0}' (arguments: {1})",
  wrtNoArgumentNone: "wrt={0}: the function has no argument '{0}' (arguments: none)",
  noArgument: "the function has no argument '{0}' (arguments: {1})",
  noArgumentNone: "the function has no argument '{0}' (arguments: none)",
  seedRange: "seed= takes an integer in [0, 2^32), got '{0}'",
  wrtConstant: 'wrt={0}: a constant cannot be differentiated; give it a generator such as randn(8)',
  wrtDiscrete: 'wrt={0}: {1}() values are discrete and cannot be differentiated',

  // Both runners (jsChild.ts, python/driver.py).
  classNotDefined: 'class {0} is not defined at the top level of the module',
  noArrayInput: 'no array input for {0}',
  returnedValue: '{0} returned {1}',
  numbersCount: '{0} numbers',
  sameWithAll: '{0} (the same with all {1} input recipes)',
  otherRecipes:
    '{0} (with input recipe {1}; other recipes: {2}). If the inputs are the problem, annotate them, e.g. {3}',
  recipeReason: '{0}: {1}',

  // runners/jsChild.ts
  jsSyntaxError: 'SyntaxError in {0}: {1}',
  jsLoadThrew: 'loading {0} threw: {1}',
  jsThrownValue: 'a thrown {0}: {1}',
  jsConstructorThrew: 'new {0}() threw: {1}; methods are checked on an instance built without arguments',
  jsNoMethod: '{0} has no method {1}',
  jsNotFunction: '{0} is not a function at the top level of the module (found {1})',
  jsNotFunctionNothing: '{0} is not a function at the top level of the module (found nothing)',
  jsThrew: '{0} threw {1}',
  jsReturnType: '{0} returned {1}; a loss must return a number',
  jsAnArray: 'an array of {0}',
  jsAnInstance: 'a {0}',
  jsAnObject: 'an object',
  jsAValue: 'a {0} ({1})',
  jsGradientThrew: 'the gradient function {0} threw {1}',
  jsGradientSize:
    'the gradient function {0} returned {1}; expected {2}, one per element of the differentiated argument',
  jsInternal: 'internal error in the JS runner: {0}',
  jsConstructorArgsThrew: 'new {0}({1}) threw: {2}',
  jsNoObject: '{0} is not an object or class at the top level of the module (found {1})',
  jsNoMember: '{0} has no function {1} (found {2})',
  jsLossSummed: '{0} returns {1} values (a per-element loss): the gradient of their sum is checked',
  jsReturnedNoGradient: '{0} returned {1}; expected [loss, gradient] or an object with loss and grad',
  jsNeedsTfjs:
    '{0} takes tf.Tensor arguments, but no tfjs (@tensorflow/tfjs, @tensorflow/tfjs-node or @tensorflow/tfjs-core) can be loaded from {1}: install it in the project (npm install @tensorflow/tfjs)',
  jsTfjsNoBackend:
    '{0} has no backend where {1} is: install and import @tensorflow/tfjs-backend-cpu, or use @tensorflow/tfjs or @tensorflow/tfjs-node',
  jsAutogradNeedsTensor:
    'tf.grad differentiates {0} only when it takes {1} as a tf.Tensor and returns a tf.Tensor (got {2})',
  // jsDefinitions.ts: why a top-level statement is left out (definitions-only loading), and the runner's messages about it.
  jsWhyCalls: 'it calls {0}',
  jsWhyReads: 'it reads {0}, which is not defined before it',
  jsWhyReadsLeftOut: 'it reads {0}, which the statement at line {1} sets, and the check does not run that',
  jsWhyAssigns: 'it assigns to {0}, which the module does not declare',
  jsWhyAwaits: 'it awaits at load',
  jsWhyStatement: 'it runs code at load (a {0} statement)',
  jsWhyMain: 'it is the script’s own entry ({0})',
  jsWhyDoesMore: 'it does more than define ({0})',
  jsWhyRunsFunction: 'it runs a function at load (passed to {0})',
  jsWhyRunsCode: 'it runs code at load that does more than define (line {0}: {1})',
  jsWhyUnparsed: 'it could not be parsed here',
  jsLeftOut:
    '{0}: {1} is defined at line {2} by a statement the check does not run ({3}: {4}); define it with a plain value or inside a function',
  jsModuleStub: '{0} could not be loaded: {1}; the check needed it ({2} was used)',
  jsDefinitionsBroken: 'the definitions of {0} could not be taken apart from its other statements: {1}',

  // python/driver.py
  pySyntaxError: 'SyntaxError in {0}, line {1}: {2}',
  pyImportExit: 'importing {0} called sys.exit({1}){2}; code that exits belongs under `if __name__ == "__main__":`',
  pyImportInterrupted: 'interrupted while importing {0}',
  pyImportRaised: 'importing {0} raised {1}{2}',
  pyAtLine: ' at {0}:{1}',
  pyReturnedNotScalar: '{0} returned {1}; a loss must return a scalar',
  pyReturnedNotNumber: '{0} returned a value that is not a number: {1}',
  pyReturnedComplex: '{0} returned a complex number',
  pyGradientSize: '{0} returned {1}; expected {2}, one per element of the differentiated argument',
  pyNotFunction: '{0} is not a function at the top level of the module',
  pyRaised: '{0} raised {1}{2}',
  pyPairedNotFunction: 'the paired gradient {0} is not a function at the top level of the module',
  pyNotThroughTorch:
    '{0} returned {1} that does not depend on {2} through torch operations (converted to NumPy or a Python float, or detached?), so autograd has no gradient',
  pyBackwardRaised: 'the backward pass raised {0}{1}',
  pyBackwardNone: '{0}.backward returned None for {1}',
  pyJaxFailed: 'jax.grad failed: {0}',
  pyUnknownSource: 'unknown gradient source {0}',
  pyGradientNotFinite: 'the gradient is {0} at flat index {1}',
  pyStepWidened: 'numeric step widened to 1e-3 for {0}',
  pyUnknownOp: 'unknown op {0}',
  pyInterrupted: 'interrupted',
  pyCodeExited: 'the code called sys.exit({0}){1}',
  pyInternal: 'internal error in the Python driver: {0}',
  pyReturnedNoGradient: '{0} returned its value and {1}; none of these is a gradient for {2} ({3} numbers)',
  pyConstructorRaised: '{0}({1}) raised {2}{3}',
  pyLeftOutName:
    '{0} raised {1}{2}: {3} is defined at line {4} by a statement the check does not run ({5}: {6}); annotate or move it into a function',
  pySummed:
    "{0} returns an array of shape {1}: the gradient of the sum of its elements is checked, as PyTorch's reduction='none' does",
  pyTupleFirst: '{0} returns {1} values: the first is taken as the loss',
  pyReturnedOnlyValue: '{0} returned only its value; expected (loss, gradient)',
  pyFloat32Retry: '{0} computes in float32 (it raised a dtype error on float64 inputs): checked with float32 inputs',
} as const;

export type Template = (typeof M)[keyof typeof M];

/** A text before translation. */
export type Message = { readonly template: Template; readonly args: readonly Arg[] };
/** Parts rendered one after another, with a (translated) separator between them. */
export type MessageList = { readonly items: readonly Arg[]; readonly separator?: Template };
/** At most `max` characters of a rendered part, so a long list cannot swamp the message. */
export type Clipped = { readonly clip: Arg; readonly max: number };
/** A plain string or number is the user's own text: it is shown as it is. */
export type Arg = string | number | Message | MessageList | Clipped;

/** A message with its English text beside it, where a plain string is the contract (tests, a runner's reply). */
export type Localizable = Message & { readonly message: string };

export function msg(template: Template, ...args: Arg[]): Message {
  return { template, args };
}

export function list(items: readonly Arg[], separator?: Template): MessageList {
  return separator === undefined ? { items } : { items, separator };
}

export function clip(part: Arg, max: number): Clipped {
  return { clip: part, max };
}

export function localizable(m: Message): Localizable {
  return { ...m, message: render(m) };
}

export function render(part: Arg, t: Translate = english): string {
  if (typeof part === 'string') return part;
  if (typeof part === 'number') return String(part);
  if ('template' in part) return t(part.template, ...part.args.map((a) => render(a, t)));
  if ('items' in part)
    return part.items.map((a) => render(a, t)).join(part.separator === undefined ? '' : t(part.separator));
  return render(part.clip, t).slice(0, part.max);
}

const TEMPLATES: ReadonlySet<string> = new Set(Object.values(M));

function isTemplate(s: unknown): s is Template {
  return typeof s === 'string' && TEMPLATES.has(s);
}

/**
 * A message a runner sent, checked: the JS child runs user code that can call process.send, so
 * anything but known templates and plain values is refused (undefined), and the caller falls back
 * to the runner's English text.
 */
function fromWire(value: unknown, depth = 0): Arg | undefined {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (depth > 8 || typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  const parts = (xs: unknown): Arg[] | undefined => {
    if (!Array.isArray(xs)) return undefined;
    const out = xs.map((x) => fromWire(x, depth + 1));
    return out.every((x): x is Arg => x !== undefined) ? out : undefined;
  };
  if ('template' in o) {
    const args = parts(o.args ?? []);
    return isTemplate(o.template) && args ? msg(o.template, ...args) : undefined;
  }
  if ('items' in o) {
    const items = parts(o.items);
    if (!items || (o.separator !== undefined && !isTemplate(o.separator))) return undefined;
    return list(items, o.separator);
  }
  if ('clip' in o && typeof o.max === 'number') {
    const inner = fromWire(o.clip, depth + 1);
    return inner === undefined ? undefined : clip(inner, o.max);
  }
  return undefined;
}

/** A runner's text (an error or a note): its template and arguments when valid, else its English message. */
export function runnerText(sent: { message: string; template?: unknown; args?: unknown }): Arg {
  if (sent.template === undefined) return sent.message;
  return fromWire({ template: sent.template, args: sent.args ?? [] }) ?? sent.message;
}
