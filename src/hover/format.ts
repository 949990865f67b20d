/**
 * The hover's markdown, from what ./resolveSymbol found and the catalog: title and framework, the
 * formula and gradient images, the framework's parameters and defaults, its reduction, where it
 * differs elsewhere, and the command link that opens the playground. Pure, no `vscode`: the
 * provider passes the translated labels and the image URIs.
 */
import type { DisplayLanguage } from '../displayLanguage';
import { COMMANDS, commandUri } from '../commands';
import type { OpenArgs } from '../protocol';
import type { LossInfo } from '../engine';
import { FRAMEWORK_NAMES, reductionGiven } from './frameworkLosses';
import type { FoundLoss } from './resolveSymbol';

/** The hover's fixed texts, translated by the caller. */
export type HoverLabels = {
  parameters: string;
  defaultColumn: string;
  reduction: string;
  arguments: string;
  differs: string;
  open: string;
  formulaAlt: string;
  gradientAlt: string;
  thisCall: string;
  /** The reduction the call (or the loss object) passes, instead of the default's. */
  reductionThisCall: string;
  playgroundShows: (title: string) => string;
  /** `criterion` holds `nn.CrossEntropyLoss(...)` (line 12, or cell 2, line 1): arguments already in backquotes. */
  holds: (name: string, construction: string, line: number, cell?: number) => string;
};

/** Markdown that shows a URL as an image. */
function image(alt: string, uri: string): string {
  return `![${alt}](${uri})`;
}

export function commandLink(label: string, args: OpenArgs): string {
  return `[${label}](${commandUri(COMMANDS.open, args)})`;
}

/** Backslashes and the characters markdown would read as formatting, escaped for table cells and text. */
function esc(s: string): string {
  return s.replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`);
}

export function hoverMarkdown(
  found: FoundLoss,
  info: LossInfo,
  language: DisplayLanguage,
  labels: HoverLabels,
  images: { loss?: string; grad?: string },
): string {
  const { loss } = found;
  const out: string[] = [];
  const name = loss.kind === 'string' ? loss.symbol.replace(/^\w+:/, '') : loss.symbol.replace(/^tfjs\./, 'tf.');
  out.push(`**${esc(info.title[language])}** · ${FRAMEWORK_NAMES[loss.framework]} \`${name}\``);
  if (found.heldBy)
    out.push(
      '',
      labels.holds(
        `\`${found.heldBy.name}\``,
        `\`${found.heldBy.instance.construction.replace(/`/g, "'")}\``,
        found.heldBy.instance.line + 1,
        found.heldBy.cell,
      ),
    );
  if (found.catalogId !== loss.catalogId) out.push('', `*${esc(labels.playgroundShows(info.title[language]))}*`);
  const pictures = [
    images.loss && image(labels.formulaAlt, images.loss),
    images.grad && image(labels.gradientAlt, images.grad),
  ].filter(Boolean);
  if (pictures.length) out.push('', pictures.join('  \n'));
  else out.push('', '```latex', info.tex.loss, info.tex.grad, '```');
  // The link comes before the details, so it shows without scrolling a long hover.
  const args: OpenArgs = {
    loss: found.catalogId,
    ...(Object.keys(found.params).length ? { params: found.params } : {}),
  };
  out.push('', `$(graph-line) ${commandLink(labels.open, args)}`);
  if (loss.args) out.push('', `${labels.arguments}: \`${loss.args}\``);
  if (loss.params.length) {
    out.push('', `| ${labels.parameters} | ${labels.defaultColumn} |`, '|---|---|');
    for (const p of loss.params) {
      const given = found.given[p.name];
      out.push(
        `| \`${p.name}\` | \`${p.default}\`${given !== undefined ? ` (${esc(labels.thisCall)}: \`${given}\`)` : ''} |`,
      );
    }
  }
  const reduction = reductionGiven(loss, found.given);
  if (reduction) out.push('', `**${labels.reductionThisCall}:** \`${reduction.value}\`: ${reduction.text[language]}`);
  else out.push('', `**${labels.reduction}:** ${loss.reduction[language]}`);
  if (loss.differences.length) {
    out.push('', `**${labels.differs}**`, '');
    for (const d of loss.differences) out.push(`- ${d[language]}`);
  }
  return out.join('\n');
}
