import { bundleLoadStart, type ActivationTimes } from './activationClock';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { parseOpenArgs, type OpenArgs } from './protocol';
import { Log } from './playground/log';
import { PlaygroundPanel, registerSerializer, type PlaygroundDeps, type Receipt } from './playground/panel';
import { gradcheckCommands, GradcheckService, registerGradcheck } from './lens';
import { registerHovers } from './hover';

/** Owns every disposable and what the commands share. */
class Ctx implements vscode.Disposable {
  readonly log = new Log();
  /** Grad-check's results, diagnostics and, from the first check on, its runner processes. */
  readonly gradcheck = new GradcheckService();
  readonly subscriptions: vscode.Disposable[] = [this.log, this.gradcheck];
  constructor(readonly extension: vscode.ExtensionContext) {}

  get playground(): PlaygroundDeps {
    return { extensionUri: this.extension.extensionUri, log: this.log };
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}

type Command = (ctx: Ctx) => (...args: unknown[]) => unknown;

const commands: Record<string, Command> = {
  'lossPlayground.open': (ctx) => (arg) => {
    const parsed = parseOpenArgs(arg);
    if (!parsed.ok) ctx.log.warn(`lossPlayground.open: ignored a bad argument: ${parsed.error}`);
    const args: OpenArgs = parsed.ok ? parsed.value : {};
    PlaygroundPanel.createOrShow(ctx.playground, args);
  },
  // Test hook, not in the manifest: pushes a raw message through the panel's validation path, as
  // if the page had sent it, and returns the receipt and the log's last lines.
  'lossPlayground._receiveForTest': (ctx) => async (raw): Promise<{ receipt?: Receipt; log: readonly string[] }> => {
    const receipt = await PlaygroundPanel.active?.receive(raw);
    return { ...(receipt ? { receipt } : {}), log: ctx.log.lines() };
  },
  // Test hook, not in the manifest: how long loading the bundle and activate() took.
  'lossPlayground._activationTimesForTest': () => () => activation,
  ...Object.fromEntries(Object.entries(gradcheckCommands).map(([id, make]): [string, Command] => [id, (ctx) => make(ctx.gradcheck)])),
};

/** Wires the pieces together and nothing else; every disposable goes to the context. */
export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  for (const [id, make] of Object.entries(commands)) ctx.subscriptions.push(vscode.commands.registerCommand(id, make(ctx)));
  ctx.subscriptions.push(registerSerializer(ctx.playground), ...registerGradcheck(ctx.gradcheck), ...registerHovers(context.extensionUri, ctx.gradcheck.results));
  const end = performance.now();
  activation = { loadMs: activateStart - bundleLoadStart, activateMs: end - activateStart, totalMs: end - bundleLoadStart };
  ctx.log.info(`activated in ${activation.totalMs.toFixed(1)} ms (bundle load ${activation.loadMs.toFixed(1)} ms, activate() ${activation.activateMs.toFixed(1)} ms)`);
  // `npm start` (scripts/start.ts) opens the playground with the window. It opens an example
  // Python file with the folder, so onLanguage:python brings us here without activating at
  // start-up for everyone else.
  if (context.extensionMode === vscode.ExtensionMode.Development && process.env[OPEN_AT_START] === '1') void vscode.commands.executeCommand('lossPlayground.open');
}

/** Set by `npm start` for the window it opens. */
const OPEN_AT_START = 'LOSS_PLAYGROUND_OPEN_AT_START';

let activation: ActivationTimes | undefined;

export function deactivate(): void {}
