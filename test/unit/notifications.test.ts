/**
 * Notifications render `[label](target)` as a link (command: links run when clicked): user text in
 * the extension's notifications must never become one. The link rule is VS Code's own, from
 * src/vs/base/common/linkedText.ts (1.100), which notifications parse their message with.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inert, notifications, type Translate } from '../../src/notifications';

const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const links = (text: string): string[] => [...text.matchAll(VSCODE_LINK)].map((m) => m[2]);

/** vscode.l10n.t as it formats: {n} replaced by the n-th argument. */
const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const HOSTILE = [
  '[Fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
  'ValueError: see [the docs](https://example.com) or [run](command:lossPlayground.open "a title")',
  '[a](file:///etc/passwd) [b](http://x) ]( [[c](command:x)](command:y)',
];

describe('notifications', () => {
  it('a loss raising ValueError("[Fix](command:...)") gives a "Could not plot" error without a link', () => {
    const reason = `loss(pred, target) raised ValueError: ${HOSTILE[0]} at losses.py:4`;
    assert.deepEqual(
      links(t('Could not plot {0}: {1}', 'loss', reason)),
      [HOSTILE[0].slice(6, -1)],
      'the unescaped message would carry the link',
    );
    const text = notifications.plotFailed(t, 'loss', reason);
    assert.deepEqual(links(text), []);
    assert.equal(
      text,
      `Could not plot loss: loss(pred, target) raised ValueError: [Fix] (command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D) at losses.py:4`,
    );
  });

  it('no builder lets user text (messages, file names) become a link, and text without links is unchanged', () => {
    for (const [name, build] of Object.entries(notifications) as [string, (t: Translate, ...a: string[]) => string][]) {
      for (const hostile of HOSTILE) assert.deepEqual(links(build(t, hostile, hostile)), [], `${name} with ${hostile}`);
    }
    assert.equal(inert('losses[0](x).py'), 'losses[0] (x).py');
    assert.equal(inert('plain [brackets] and (parens)'), 'plain [brackets] and (parens)');
  });

  it('every notification in src/ takes its text from a builder here', () => {
    const root = path.join(__dirname, '..', '..', 'src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const direct = files.flatMap((f) => {
      const text = readFileSync(path.join(root, f), 'utf8');
      return [
        ...text.matchAll(/show(?:Information|Warning|Error)Message\(\s*(?!\s|notifications\.)([^,)]{0,60})/g),
        ...text.matchAll(/ProgressLocation\.Notification,\s*title:\s*(?!\s|notifications\.)([^,}]{0,60})/g),
      ].map((m) => `${f}: ${m[0]}`);
    });
    assert.deepEqual(direct, []);
  });
});
