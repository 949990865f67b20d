/**
 * The grad-check lenses. `provideCodeLenses` places them from discovery alone (no user code runs;
 * discovery goes a slice at a time, and a newer edit cancels the request); `resolveCodeLens` gives
 * each its title and command from the current state: not run, running, the verdict (with "Plot in
 * Playground" and "Show details" beside it), or, in Restricted Mode, why they are off. A large
 * file edited since its last discovery shows one lens at its top instead: they update on save.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { Config } from '../config';
import { gradientSourceOf, lensTitle } from '../gradcheck';
import { LIVE_LIMITS, toRange } from './documents';
import type { CheckTarget, GradcheckService } from './service';

type LensKind = 'check' | 'plot' | 'details' | 'trust' | 'onSave';

class GradLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly kind: LensKind,
    readonly target: CheckTarget,
  ) {
    super(range);
  }
}

export class GradcheckLensProvider implements vscode.CodeLensProvider<GradLens> {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly service: GradcheckService,
    private readonly config = new Config(),
  ) {
    this.onDidChangeCodeLenses = service.onDidChangeLenses;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<GradLens[]> {
    if (!this.config.gradcheck(document.uri).enableCodeLens) return [];
    const shown = await this.service.documents.shown(document, token);
    if (!shown || token.isCancellationRequested) return [];
    // Its lenses' lines are from before the edits: one note instead, at the top.
    if (shown.stale) return [new GradLens(new vscode.Range(0, 0, 0, 0), 'onSave', { uri: document.uri, key: '' })];
    const losses = shown.losses;
    const lenses: GradLens[] = [];
    for (const [key, loss] of losses.byKey) {
      const range = toRange(loss.nameRange);
      const target = { uri: document.uri, key };
      if (!this.service.trusted) {
        lenses.push(new GradLens(range, 'trust', target));
        continue;
      }
      lenses.push(new GradLens(range, 'check', target));
      const result = this.service.lastResult(target);
      // With no gradient source there is nothing to compare, but the numeric gradient can be drawn.
      if (result || gradientSourceOf(loss).source.kind === 'none') lenses.push(new GradLens(range, 'plot', target));
      if (result) lenses.push(new GradLens(range, 'details', target));
    }
    if (lenses.length) this.service.warmFor(document);
    return lenses;
  }

  resolveCodeLens(lens: GradLens): GradLens {
    const args = [lens.target.uri, lens.target.key];
    switch (lens.kind) {
      case 'trust':
        lens.command = {
          title: `$(shield) ${vscode.l10n.t('Grad-check needs a trusted workspace')}`,
          command: COMMANDS.gradcheckTrust,
          tooltip: vscode.l10n.t(
            'Grad-check runs your code, so it needs a trusted workspace. This workspace is in Restricted Mode.',
          ),
        };
        break;
      case 'check': {
        const result = this.service.lastResult(lens.target);
        const title = this.service.isRunning(lens.target)
          ? `$(sync~spin) ${vscode.l10n.t('Grad-checking…')}`
          : result
            ? lensTitle(result, vscode.l10n.t)
            : `$(beaker) ${vscode.l10n.t('Grad-check')}`;
        const tooltip = result
          ? `${result.message}\n${vscode.l10n.t('Click to check again.')}`
          : vscode.l10n.t('Compare the analytic gradient with finite differences at random inputs');
        lens.command = { title, command: COMMANDS.gradcheck, arguments: args, tooltip };
        break;
      }
      case 'plot':
        lens.command = {
          title: vscode.l10n.t('Plot in Playground'),
          command: COMMANDS.plotLoss,
          arguments: args,
          tooltip: vscode.l10n.t('Draw the loss and its gradients along one input coordinate'),
        };
        break;
      case 'onSave':
        // No command: a note, not a button.
        lens.command = {
          title: `$(clock) ${vscode.l10n.t('Large file: grad-check lenses update on save')}`,
          command: '',
          tooltip: vscode.l10n.t(
            'This file has more than {0} lines or {1} MB, so its losses are found again when you save it rather than at every edit.',
            LIVE_LIMITS.lines.toLocaleString(vscode.env.language),
            LIVE_LIMITS.chars / (1024 * 1024),
          ),
        };
        break;
      case 'details':
        lens.command = {
          title: vscode.l10n.t('Show details'),
          command: COMMANDS.showGradcheckDetails,
          arguments: args,
          tooltip: vscode.l10n.t('Inputs, seed and numbers of the last check, in the output channel'),
        };
        break;
    }
    return lens;
  }
}
