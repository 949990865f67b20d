/**
 * The grad-check API (no `vscode`): what the lens provider, diagnostics, the Test Explorer and the
 * CLI use.
 * - Discovery, synchronous, no user code run: `discoverLosses(text, languageIdOrFileName)`, or one
 *   `DocumentDiscoverer` per open document (incremental: reparses only around an edit).
 * - Checks, async, cancellable (AbortSignal), with progress: one `GradChecker` for the session
 *   (`checkLoss`, `checkFile`, `sampleSeries` for "Plot in Playground", `warm`, `dispose`).
 * - Texts: `lensTitle`, `diagnosticMessage`, `detailsText`, each taking a Translate (vscode.l10n.t in
 *   the editor); checks take one too (`CheckOptions.t`), and `render` shows an annotation error.
 */
export { discoverLosses, DocumentDiscoverer, languageOf } from './discover';
export { GradChecker, DEFAULTS, gradientSourceOf, type CheckOptions, type FileCheckOptions } from './checker';
export { lensTitle, diagnosticMessage, referenceDiagnosticMessage, detailsText, formatNumber } from './report';
export { render, type Translate } from './messages';
export type * from './types';
