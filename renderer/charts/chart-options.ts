// The few chart shapes the app draws, as uPlot options built from the theme.
import uPlot from 'uplot';
import { withAlpha, type ChartTheme } from './chart-theme.ts';

type Opts = Omit<uPlot.Options, 'width' | 'height'>;

/** A bare line with a soft fill: no axes, no legend, a hover cursor only. For the Overview cards. */
export function sparklineOptions(
  theme: ChartTheme,
  color: string,
  opts: { min0?: boolean; bars?: boolean } = {},
): Opts {
  return {
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    padding: [4, 0, 0, 0],
    axes: [{ show: false }, { show: false }],
    scales: {
      x: { time: true },
      y: { range: (_u, min, max) => [opts.min0 === false ? min : 0, Math.max(max, 1e-9) * 1.1] },
    },
    series: [
      {},
      {
        stroke: color,
        width: 1.5,
        fill: withAlpha(color, 0.18),
        points: { show: false },
        ...(opts.bars ? { paths: uPlot.paths.bars!({ size: [0.9, 8] }) } : {}),
      },
    ],
  };
}

function axis(theme: ChartTheme, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: theme.muted,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    font: `11px ${theme.font}`,
    ...extra,
  };
}

/** Time on x, one or more lines on y (left axis), and optionally bars on a right axis. */
export function timeSeriesOptions(
  theme: ChartTheme,
  spec: {
    lines: { label: string; color: string; format?: (v: number) => string }[];
    bars?: { label: string; color: string };
    yFormat?: (v: number) => string;
    /** Log scale for the lines: latency tails (p99 timeouts) would flatten p50 on a linear one. */
    logY?: boolean;
  },
): Opts {
  const series: uPlot.Series[] = [{}];
  for (const l of spec.lines)
    series.push({ label: l.label, stroke: l.color, width: 1.5, spanGaps: true, points: { show: false }, scale: 'y' });
  if (spec.bars)
    series.push({
      label: spec.bars.label,
      stroke: withAlpha(spec.bars.color, 0.25),
      fill: withAlpha(spec.bars.color, 0.16),
      scale: 'n',
      paths: uPlot.paths.bars!({ size: [0.7, 40] }),
      points: { show: false },
    });
  const axes: uPlot.Axis[] = [
    axis(theme, { space: 70 }),
    axis(theme, {
      scale: 'y',
      size: 64,
      values: (_u, vals) =>
        vals.map((v) =>
          v === null || (spec.logY && !isRoundLog(v)) ? '' : spec.yFormat ? spec.yFormat(v) : String(v),
        ),
    }),
  ];
  if (spec.bars) axes.push(axis(theme, { scale: 'n', side: 1, size: 50, grid: { show: false } }));
  return {
    legend: { show: false },
    cursor: { points: { size: 6 }, drag: { x: false, y: false } },
    padding: [10, 8, 0, 0],
    scales: {
      x: { time: true },
      y: spec.logY ? { distr: 3, log: 10 } : { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      n: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.4] },
    },
    axes,
    series,
  };
}

/** Vertical bars over categories 0..n-1, labelled by name; for rows per process group. */
export function categoryBarsOptions(
  theme: ChartTheme,
  spec: { names: () => string[]; color: string; errorColor: string; yFormat?: (v: number) => string },
): Opts {
  return {
    legend: { show: false },
    cursor: { points: { show: false }, drag: { x: false, y: false }, y: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    padding: [10, 8, 0, 4],
    scales: {
      x: { time: false, range: (u) => [-0.5, Math.max(0.5, (u.data[0]?.length ?? 1) - 0.5)] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
    },
    axes: [
      axis(theme, {
        grid: { show: false },
        space: 10,
        gap: 4,
        rotate: 0,
        incrs: [1],
        values: (_u, vals) => vals.map((v) => shorten(spec.names()[v] ?? '', 12)),
      }),
      axis(theme, { size: 50, values: (_u, vals) => vals.map((v) => (spec.yFormat ? spec.yFormat(v) : String(v))) }),
    ],
    series: [
      {},
      {
        label: 'rows',
        stroke: spec.color,
        fill: withAlpha(spec.color, 0.55),
        paths: uPlot.paths.bars!({ size: [0.7, 60], gap: 2 }),
        points: { show: false },
      },
      {
        label: 'errors',
        stroke: spec.errorColor,
        fill: withAlpha(spec.errorColor, 0.8),
        paths: uPlot.paths.bars!({ size: [0.7, 60], gap: 2 }),
        points: { show: false },
      },
    ],
  };
}

/** On a log axis only 1, 2 and 5 × 10ⁿ get a label; the other ticks stay as grid lines. */
function isRoundLog(v: number): boolean {
  const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6);
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
