/**
 * The commands the extension contributes, by id: the one place in src/ an id is spelled.
 * package.json's contributes.commands, its menus and the walkthrough's completion events name them
 * again, and test/unit/commands.test.ts holds those to this table; ./activate.ts registers a
 * handler for each (its table is keyed by CommandId, so a command without one does not compile).
 */
export const COMMANDS = {
  open: 'lossPlayground.open',
  gradcheck: 'lossPlayground.gradcheck',
  gradcheckFile: 'lossPlayground.gradcheckFile',
  plotLoss: 'lossPlayground.plotLoss',
  showGradcheckDetails: 'lossPlayground.showGradcheckDetails',
  showGradcheckLog: 'lossPlayground.showGradcheckLog',
  gradcheckTrust: 'lossPlayground.gradcheckTrust',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** A `command:` URI that runs `id` with `args`, for links in markdown (hovers) and diagnostics' codes. */
export function commandUri(id: CommandId, ...args: unknown[]): string {
  return `command:${id}?${encodeURIComponent(JSON.stringify(args))}`;
}
