/**
 * Formula images for the hovers: SVG that scripts/formulas.mjs typeset with MathJax at build time
 * (dist/formulas.json, TeX -> SVG with `currentColor`), coloured for the theme and encoded as
 * `data:` URIs, as LaTeX Workshop shows math in hovers. No MathJax at run time. Pure, no `vscode`:
 * the file is read by the function it is given (through VS Code, so the browser reads it too).
 */

type FormulaFile = { version: 1; svg: Record<string, string> };

/** The ink for each kind of theme (VS Code's ColorThemeKind: 1 light, 2 dark, 3 high contrast, 4 high contrast light). */
export function inkFor(themeKind: number): string {
  switch (themeKind) {
    case 2:
      return '#d4d4d4';
    case 3:
      return '#ffffff';
    case 4:
      return '#000000';
    default:
      return '#1f1f1f';
  }
}

export class FormulaImages {
  private svg: Record<string, string> | null = null;
  private loading: Promise<void> | undefined;
  private readonly uris = new Map<string, string>();

  /** `read`: the text of dist/formulas.json. */
  constructor(private readonly read: () => PromiseLike<string>) {}

  /** Reads the typeset SVGs, on the first hover (not at activation); none when the file is missing. */
  load(): Promise<void> {
    this.loading ??= Promise.resolve(this.read()).then(
      (text) => void (this.svg = (JSON.parse(text) as FormulaFile).svg),
      () => undefined,
    );
    return this.loading;
  }

  /** A `data:image/svg+xml;base64,...` URI of `tex` in `ink`, or undefined when it was not typeset (or not loaded yet). */
  uri(tex: string, ink: string): string | undefined {
    const key = `${ink}\u0000${tex}`;
    let u = this.uris.get(key);
    if (u === undefined) {
      const svg = this.svg?.[tex];
      if (!svg) return undefined;
      u = `data:image/svg+xml;base64,${base64(new TextEncoder().encode(svg.replace(/currentColor/g, ink)))}`;
      this.uris.set(key, u);
    }
    return u;
  }

  /** Forgets the coloured URIs (the theme changed). */
  recolour(): void {
    this.uris.clear();
  }
}

/** Base64 of bytes with the browser's btoa (also a global in Node), a chunk at a time. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
