import * as vscode from 'vscode';

/** Folders the page may load from; nothing else of the extension (or the disk) is reachable. */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: resourceRoots(extensionUri), retainContextWhenHidden: false };
}

/**
 * The page: a CSP of default-src 'none', one nonce'd script, styles and fonts only from the
 * extension. No data in the HTML: everything arrives by postMessage after `ready`.
 */
export function playgroundHtml(webview: vscode.Webview, extensionUri: vscode.Uri, language: string): string {
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
  const lang = language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('media', 'playground.css')}">
<title>Loss Playground</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script>
</body>
</html>`;
}
