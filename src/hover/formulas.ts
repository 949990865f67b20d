/**
 * Formula images for the hovers: SVG that scripts/formulas.mjs typeset with MathJax at build time
 * (dist/formulas.json, TeX -> SVG with `currentColor`), coloured for the theme and encoded as
 * `data:` URIs, as LaTeX Workshop shows math in hovers. No MathJax at run time. Pure, no `vscode`.
 */
import { readFileSync } from 'node:fs';

export type FormulaFile = { version: 1; svg: Record<string, string> };

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
  private svg: Record<string, string> | null | undefined;
  private readonly uris = new Map<string, string>();

  constructor(private readonly file: string) {}

  /** The typeset SVGs, read on the first hover (not at activation); null when the file is missing. */
  private table(): Record<string, string> | null {
    if (this.svg === undefined) {
      try {
        this.svg = (JSON.parse(readFileSync(this.file, 'utf8')) as FormulaFile).svg;
      } catch {
        this.svg = null;
      }
    }
    return this.svg;
  }

  /** A `data:image/svg+xml;base64,...` URI of `tex` in `ink`, or undefined when it was not typeset. */
  uri(tex: string, ink: string): string | undefined {
    const key = `${ink}\u0000${tex}`;
    let u = this.uris.get(key);
    if (u === undefined) {
      const svg = this.table()?.[tex];
      if (!svg) return undefined;
      u = `data:image/svg+xml;base64,${Buffer.from(svg.replace(/currentColor/g, ink), 'utf8').toString('base64')}`;
      this.uris.set(key, u);
    }
    return u;
  }

  /** Forgets the coloured URIs (the theme changed). */
  recolour(): void {
    this.uris.clear();
  }
}
