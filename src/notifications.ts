/**
 * The text of every notification the extension shows: `window.show*Message` and the title of a
 * progress notification. VS Code renders `[label](target)` in a notification as a link when the
 * target starts with https:, http:, file: or command:, and a command link runs when clicked. So user
 * text (an exception's message, a file name) goes in only through `inert`: a loss raising
 * ValueError("[Fix](command:workbench.action.terminal.sendSequence?...)") once put a working command
 * link in "Could not plot". Pure (no `vscode` import) so it is unit-tested: `t` is vscode.l10n.t.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/**
 * User text that no notification reads as a link. Notifications have no escape for links, but every
 * link needs `](`, so a space between the two keeps the text readable and makes it plain text.
 */
export function inert(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

/** One builder per notification; user text goes through `inert`. */
export const notifications = {
  noLossAtCursor: (t: Translate) => t('Put the cursor in a loss function to grad-check it.'),
  noLossesIn: (t: Translate, file: string) => t('No loss functions found in {0}.', inert(file)),
  checkingFile: (t: Translate, file: string) => t('Grad-checking {0}', inert(file)),
  plotFailed: (t: Translate, loss: string, reason: string) => t('Could not plot {0}: {1}', inert(loss), inert(reason)),
  needsTrust: (t: Translate) =>
    t('Grad-check runs your code, so it needs a trusted workspace. This workspace is in Restricted Mode.'),
  saved: (t: Translate, file: string) => t('Saved {0}', inert(file)),
  saveFailed: (t: Translate, file: string, reason: string) => t('Could not save {0}: {1}', inert(file), inert(reason)),
} satisfies Record<string, (t: Translate, ...userText: string[]) => string>;
