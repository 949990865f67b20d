/**
 * Quick fixes for the lint's diagnostics: the fixes the lint found safe (remove the softmax,
 * switch to the logits variant, add reduction='batchmean', ...), then, for every diagnostic, open
 * its playground scene, silence it on its line, and the setting that turns the rule off.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { SCENES } from '../protocol';
import { LINT_SOURCE, type LintService, type Shown } from './service';

export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly service: LintService) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const shown = this.service.shownOn(document);
    const out: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== LINT_SOURCE) continue;
      const item = shown.find((s) => same(s.diagnostic, diagnostic));
      if (!item) continue;
      item.fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(document.uri, e.range, e.insert);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        out.push(action);
      });
      out.push(...this.always(document, diagnostic, item));
    }
    return out;
  }

  private always(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, item: Shown): vscode.CodeAction[] {
    const t = vscode.l10n.t;
    const rule = item.lint.rule;
    const open = new vscode.CodeAction(
      t('Open scene {0} ({1}) in Loss Playground', SCENES.indexOf(item.lint.scene) + 1, item.lint.scene),
      vscode.CodeActionKind.QuickFix,
    );
    open.command = { command: COMMANDS.open, title: open.title, arguments: [{ scene: item.lint.scene }] };
    open.diagnostics = [diagnostic];
    const ignore = new vscode.CodeAction(t('Ignore {0} on this line', rule), vscode.CodeActionKind.QuickFix);
    ignore.edit = new vscode.WorkspaceEdit();
    const line = document.lineAt(diagnostic.range.start.line);
    const existing = /loss-playground:\s*ignore\[([^\]]*)\]/.exec(line.text);
    if (existing) {
      const at = line.range.start.translate(0, existing.index + existing[0].length - 1);
      ignore.edit.insert(document.uri, at, existing[1].trim() ? `, ${rule}` : rule);
    } else {
      const comment = document.languageId === 'python' ? '#' : '//';
      ignore.edit.insert(document.uri, line.range.end, `  ${comment} loss-playground: ignore[${rule}]`);
    }
    ignore.diagnostics = [diagnostic];
    const off = new vscode.CodeAction(t('Turn off {0} in settings', rule), vscode.CodeActionKind.QuickFix);
    off.command = {
      command: 'workbench.action.openSettings',
      title: off.title,
      arguments: [`lossPlayground.lint.rules.${rule}`],
    };
    off.diagnostics = [diagnostic];
    return [open, ignore, off];
  }
}

/** The code-action context holds copies of the diagnostics: match by place, code and message. */
function same(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  const code = (d: vscode.Diagnostic): unknown => (typeof d.code === 'object' ? d.code.value : d.code);
  return a.range.isEqual(b.range) && a.message === b.message && code(a) === code(b);
}
