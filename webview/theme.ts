/** Colours from VS Code's theme variables, re-read when the theme changes (body class). */
export type Palette = {
  fg: string;
  muted: string;
  bg: string;
  grid: string;
  red: string;
  blue: string;
  green: string;
  yellow: string;
  orange: string;
  purple: string;
  font: string;
  highContrast: boolean;
};

const FALLBACK: Record<string, string> = {
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#999999',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-charts-lines': '#80808080',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-font-family': 'system-ui, sans-serif',
};

function cssVar(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim() || FALLBACK[name] || '#888888';
}

export function readPalette(): Palette {
  const s = getComputedStyle(document.body);
  const v = (n: string): string => cssVar(s, n);
  const cls = document.body.classList;
  return {
    fg: v('--vscode-foreground'),
    muted: v('--vscode-descriptionForeground'),
    bg: v('--vscode-editor-background'),
    grid: v('--vscode-charts-lines'),
    red: v('--vscode-charts-red'),
    blue: v('--vscode-charts-blue'),
    green: v('--vscode-charts-green'),
    yellow: v('--vscode-charts-yellow'),
    orange: v('--vscode-charts-orange'),
    purple: v('--vscode-charts-purple'),
    font: v('--vscode-font-family'),
    highContrast: cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light'),
  };
}

/** Calls f whenever VS Code switches theme (it swaps vscode-light / vscode-dark / vscode-high-contrast on body). */
export function onThemeChange(f: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className !== last) {
      last = document.body.className;
      f();
    }
  }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}

/** A colour with alpha, from #rgb, #rrggbb, #rrggbbaa or rgb()/rgba(). */
export function withAlpha(colour: string, alpha: number): string {
  const c = colour.trim();
  if (c.startsWith('#')) {
    let h = c.slice(1);
    if (h.length === 3 || h.length === 4) h = [...h].map((x) => x + x).join('');
    const n = parseInt(h.slice(0, 6), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (m) {
    const [r, g, b] = m[1].split(',').map((x) => x.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return c;
}

/** [r, g, b] of a colour, for blending heatmap pixels. */
export function rgb(colour: string): [number, number, number] {
  const c = withAlpha(colour, 1);
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (!m) return [128, 128, 128];
  const [r, g, b] = m[1].split(',').map((x) => Number(x.trim()));
  return [r, g, b];
}
