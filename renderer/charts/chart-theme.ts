// Charts draw on a canvas, which cannot read CSS variables: the colours are resolved from the
// theme once per plot (and again when the theme setting or the system's changes, see
// renderer/app/theme-mode.ts), so charts follow light/dark.

export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  border: string;
  bg: string;
  accent: string;
  ok: string;
  warn: string;
  error: string;
  stale: string;
  series: [string, string, string, string];
  font: string;
  mono: string;
}

export function readChartTheme(el: Element): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1d2129'),
    muted: v('--fg-muted', '#5f6672'),
    grid: v('--chart-grid', 'rgba(128,128,128,0.15)'),
    border: v('--border', '#d9dde3'),
    bg: v('--bg', '#ffffff'),
    accent: v('--accent', '#2f6fec'),
    ok: v('--ok', '#1f8a4c'),
    warn: v('--warn', '#b7791f'),
    error: v('--error', '#d13b3b'),
    stale: v('--stale', '#8a5cf6'),
    series: [
      v('--chart-1', '#2f6fec'),
      v('--chart-2', '#e8833a'),
      v('--chart-3', '#d13b3b'),
      v('--chart-4', '#1f8a4c'),
    ],
    font: v('--font', 'system-ui, sans-serif'),
    mono: v('--mono', 'monospace'),
  };
}

/** A CSS colour with an alpha, for area fills under a line (works for #rgb/#rrggbb; others pass through). */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
