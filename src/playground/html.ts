import * as vscode from 'vscode';
import { htmlLang, type DisplayLanguage } from '../displayLanguage';
import type { PageStart, SceneId } from '../protocol';
import { startAttribute } from './pageStart';

/** Folders the page may load from; nothing else of the extension (or the disk) is reachable. */
function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: resourceRoots(extensionUri), retainContextWhenHidden: false };
}

/** What the build wrote to dist/webview/manifest.json: the files the page's entry and each scene load. */
export type PageManifest = { main: string[]; scenes: Partial<Record<SceneId, string[]>> };

let manifest: Promise<PageManifest | undefined> | undefined;

/** The page's manifest, read once (through workspace.fs: this runs in the browser's extension host too). */
export function pageManifest(extensionUri: vscode.Uri): Promise<PageManifest | undefined> {
  manifest ??= Promise.resolve(
    vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'manifest.json')),
  ).then(
    (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as PageManifest,
    () => undefined, // no manifest, no preloading: the page loads what it needs as it goes
  );
  return manifest;
}

/** File names as the build writes them; anything else is not ours to load. */
const CHUNK = /^[\w.-]+\.js$/;

/**
 * The page: a CSP of default-src 'none', one nonce'd module script, styles and fonts only from the
 * extension. Its start (PageStart: when the command ran, and the focus to open, if any) is in
 * the HTML, as JSON in an attribute, so the page mounts and asks for its first numbers as soon as
 * its script runs; everything else arrives by postMessage after `ready`. The modules the first
 * scene needs are preloaded with the page (the same nonce), so they arrive together instead of one
 * after another as each module's imports are read; a module imported by a nonce'd one inherits
 * its nonce, so the scenes' chunks load under the same CSP when their tabs open.
 */
export function playgroundHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  language: DisplayLanguage,
  start: PageStart,
  preload: readonly string[] = [],
): string {
  // Web Crypto: a global in Node's extension host and in the browser's alike.
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
  const uri = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const src = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `img-src ${src} data:`,
    // KaTeX and chart.js set element.style through the CSSOM, which CSP allows; Lit (the controls)
    // uses constructable stylesheets. No inline <style> or style="" is needed.
    `style-src ${src}`,
    `font-src ${src}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const preloads = preload
    .filter((f) => CHUNK.test(f) && f !== 'main.js')
    .map((f) => `<link rel="modulepreload" nonce="${nonce}" href="${uri('dist', 'webview', f)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${htmlLang(language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('media', 'playground.css')}">
<script type="module" nonce="${nonce}" src="${uri('dist', 'webview', 'main.js')}"></script>
${preloads}
<title>Loss Playground</title>
</head>
<body>
<main id="app" aria-busy="true" data-start="${startAttribute(start)}"></main>
</body>
</html>`;
}

/**
 * The files to preload for a page that opens `scene` first, in the order it needs them: its entry,
 * then that scene's code. A webview's files arrive one after another, so the order is the order
 * they are there.
 */
export function preloadFor(m: PageManifest | undefined, scene: SceneId | undefined): string[] {
  if (!m) return [];
  return [...new Set([...m.main, ...((scene && m.scenes[scene]) || [])])];
}
