/**
 * The grad-check API (no `vscode`): what the lens provider, diagnostics, the Test Explorer and the
 * CLI use.
 * - Discovery, no user code run: `discoverLosses(text, languageIdOrFileName)`, or one
 *   `DocumentDiscoverer` per open document (incremental: reparses only the chunk an edit is in);
 *   each also a slice at a time for the extension host (`discoverLossesSliced`, `discoverSliced`:
 *   ../syntax/slices).
 * - Checks, async, cancellable (AbortSignal), with progress: one `GradChecker` for the session
 *   (`checkLoss`, `checkFile`, `sampleSeries` for "Plot in Playground", `warm`, `dispose`).
 * - Texts: `lensTitle`, `diagnosticMessage`, `detailsText`, each taking a Translate (vscode.l10n.t in
 *   the editor); checks take one too (`CheckOptions.t`), and `render` shows an annotation error.
 */
export { discoverLosses, discoverLossesSliced, DocumentDiscoverer } from './discover';
export { Cancelled } from '../syntax/slices';
export { GradChecker, gradientSourceOf, type CheckOptions } from './checker';
export { lensTitle, diagnosticMessage, referenceDiagnosticMessage, detailsText, formatNumber } from './report';
export { render, type Translate } from './messages';
export { blankMagics } from './notebook';
export type { WireCell } from './runners/protocol';
export type * from './types';
