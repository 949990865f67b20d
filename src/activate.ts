/**
 * What both entry points wire: ./extension.ts (Node: the desktop, remote windows, Codespaces) and
 * ./extensionWeb.ts (the browser's Web Worker extension host: vscode.dev, github.dev) each choose
 * the platform's pieces and call activateWith. The providers, the playground and the commands are
 * one code base; only where user code runs differs.
 */
import * as vscode from 'vscode';
import { registerAgentTools } from './agent';
import type { ActivationTimes } from './activationClock';
import { COMMANDS, type CommandId } from './commands';
import type { Runners } from './gradcheck/runners/host';
import { gradcheckCommands, GradcheckService, registerGradcheck } from './lens';
import { registerHovers } from './hover';
import { registerLint } from './lintProvider';
import { Log } from './log';
import { parseOpenArgs } from './playground/messages';
import { PlaygroundPanel, registerLinks, registerSerializer, type PlaygroundDeps } from './playground/panel';
import { registerTestHooks } from './testHooks';
import type { OpenArgs } from './protocol';

/** The pieces that differ between Node and the browser. */
export type Platform = {
  /** Which extension host this is, for the log. */
  host: string;
  /** Where grad-checks run the user's code. */
  runners: Runners;
  /** The playground's compute worker script, as src/playground/sceneCompute.ts starts it here. */
  playgroundWorker(extensionUri: vscode.Uri): string;
};

/** Owns every disposable and what the commands share. */
class Ctx implements vscode.Disposable {
  readonly log = new Log();
  /** Grad-check's results, diagnostics and, from the first check on, its runners. */
  readonly gradcheck: GradcheckService;
  readonly subscriptions: vscode.Disposable[];
  constructor(
    readonly extension: vscode.ExtensionContext,
    private readonly platform: Platform,
  ) {
    this.gradcheck = new GradcheckService(platform.runners);
    this.subscriptions = [this.log, this.gradcheck];
  }

  get playground(): PlaygroundDeps {
    return {
      extensionUri: this.extension.extensionUri,
      log: this.log,
      workerScript: this.platform.playgroundWorker(this.extension.extensionUri),
    };
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}

type Handler = (...args: unknown[]) => unknown;
type Command = (ctx: Ctx) => Handler;

/** The grad-check's commands, each made from the context's service. */
function fromGradcheck<K extends string>(table: Record<K, (s: GradcheckService) => Handler>): Record<K, Command> {
  const made = Object.entries<(s: GradcheckService) => Handler>(table).map(([id, make]) => [
    id,
    (ctx: Ctx) => make(ctx.gradcheck),
  ]);
  return Object.fromEntries(made) as Record<K, Command>;
}

/** Every contributed command (./commands), and its handler. */
const commands: Record<CommandId, Command> = {
  [COMMANDS.open]: (ctx) => (arg) => {
    const parsed = parseOpenArgs(arg);
    if (!parsed.ok) ctx.log.warn(`${COMMANDS.open}: ignored a bad argument: ${parsed.error}`);
    const args: OpenArgs = parsed.ok ? parsed.value : {};
    PlaygroundPanel.createOrShow(ctx.playground, args);
  },
  ...fromGradcheck(gradcheckCommands),
};

let activation: ActivationTimes | undefined;

/**
 * Wires the pieces together and nothing else; every disposable goes to the context.
 * `bundleLoadStart`: when the entry's bundle started loading (./activationClock).
 */
export function activateWith(context: vscode.ExtensionContext, platform: Platform, bundleLoadStart: number): void {
  const activateStart = performance.now();
  const ctx = new Ctx(context, platform);
  context.subscriptions.push(ctx);
  if (LOSS_PLAYGROUND_TEST_HOOKS && context.extensionMode === vscode.ExtensionMode.Test)
    ctx.subscriptions.push(...registerTestHooks(ctx.log, () => activation));
  for (const [id, make] of Object.entries(commands))
    ctx.subscriptions.push(vscode.commands.registerCommand(id, make(ctx)));
  ctx.subscriptions.push(
    registerSerializer(ctx.playground),
    ...registerGradcheck(ctx.gradcheck),
    ...registerHovers(context.extensionUri, ctx.gradcheck.results),
    ...registerLint().disposables,
  );
  ctx.subscriptions.push(...registerAgentTools(ctx.gradcheck));
  ctx.subscriptions.push(registerLinks(ctx.playground));
  const end = performance.now();
  activation = {
    loadMs: activateStart - bundleLoadStart,
    activateMs: end - activateStart,
    totalMs: end - bundleLoadStart,
  };
  ctx.log.info(
    `activated in ${platform.host}: ${activation.totalMs.toFixed(1)} ms (bundle load ${activation.loadMs.toFixed(1)} ms, activate() ${activation.activateMs.toFixed(1)} ms)`,
  );
}
