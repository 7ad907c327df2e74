// A function's latency: a histogram over log-scale buckets with p50/p95/p99 marked, and a heatmap
// of the same buckets against time (darker: more calls). A bar or a cell selects its region.
import { useCallback } from 'react';
import type { LatencyDistribution } from '../../db/api/inspector-api.ts';
import type { ChartTheme } from '../charts/chart-theme.ts';
import { formatCount, formatMs, formatMsAxis } from '../format/figures.ts';
import { bucketPosition, decadeEdges } from './latency-geometry.ts';
import { useCanvas } from './use-canvas.ts';

export interface LatencyRegion {
  minMs: number;
  maxMs: number;
  from?: number;
  to?: number;
}

const AXIS_PX = 16;

export function LatencyHistogram({
  dist,
  onSelect,
}: {
  dist: LatencyDistribution;
  onSelect: (r: LatencyRegion) => void;
}) {
  const n = dist.counts.length;
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, size: { width: number; height: number }, t: ChartTheme) => {
      const h = size.height - AXIS_PX;
      const max = Math.max(1, ...dist.counts);
      const w = size.width / Math.max(1, n);
      ctx.fillStyle = t.series[0];
      dist.counts.forEach((c, i) => {
        if (c === 0) return;
        const bh = Math.max(1, (Math.log1p(c) / Math.log1p(max)) * (h - 4));
        ctx.fillRect(i * w + 1, h - bh, Math.max(1, w - 2), bh);
      });
      ctx.font = `10px ${t.font}`;
      ctx.fillStyle = t.muted;
      ctx.textBaseline = 'top';
      for (const i of decadeEdges(dist.edgesMs)) ctx.fillText(formatMsAxis(dist.edgesMs[i]), i * w + 2, h + 3);
      const marks: [string, number | null, string][] = [
        ['p50', dist.p50Ms, t.series[3]],
        ['p95', dist.p95Ms, t.series[1]],
        ['p99', dist.p99Ms, t.series[2]],
      ];
      ctx.textBaseline = 'top';
      marks.forEach(([name, ms, colour], k) => {
        if (ms === null) return;
        const x = bucketPosition(dist.edgesMs, ms) * w;
        ctx.strokeStyle = colour;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(x, 0);
        ctx.lineTo(x, h);
        ctx.stroke();
        ctx.fillStyle = colour;
        ctx.fillText(name, Math.min(x + 3, size.width - 24), 2 + k * 11);
      });
    },
    [dist, n],
  );
  const canvas = useCanvas(draw);
  return (
    <canvas
      ref={canvas}
      className="latency-canvas"
      role="img"
      aria-label={`Latency histogram: ${formatCount(dist.timedCalls)} calls, p50 ${formatMs(dist.p50Ms)}, p95 ${formatMs(dist.p95Ms)}, p99 ${formatMs(dist.p99Ms)}`}
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        const i = Math.floor(((e.clientX - r.left) / r.width) * n);
        if (i >= 0 && i < n && dist.counts[i] > 0) onSelect({ minMs: dist.edgesMs[i], maxMs: dist.edgesMs[i + 1] });
      }}
    />
  );
}

export function LatencyHeatmap({
  dist,
  onSelect,
}: {
  dist: LatencyDistribution;
  onSelect: (r: LatencyRegion) => void;
}) {
  const rows = dist.counts.length;
  const cols = dist.heatmap.t.length;
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, size: { width: number; height: number }, t: ChartTheme) => {
      const max = Math.max(1, ...dist.heatmap.counts.flat());
      const cw = size.width / cols;
      const rh = size.height / Math.max(1, rows);
      ctx.fillStyle = t.series[0];
      dist.heatmap.counts.forEach((col, x) =>
        col.forEach((c, y) => {
          if (c === 0) return;
          ctx.globalAlpha = 0.15 + 0.85 * (Math.log1p(c) / Math.log1p(max));
          ctx.fillRect(x * cw, size.height - (y + 1) * rh, Math.ceil(cw), Math.ceil(rh));
        }),
      );
      ctx.globalAlpha = 1;
      ctx.font = `10px ${t.font}`;
      ctx.fillStyle = t.muted;
      for (const i of decadeEdges(dist.edgesMs))
        ctx.fillText(formatMsAxis(dist.edgesMs[i]), 2, size.height - i * rh - 2);
    },
    [dist, rows, cols],
  );
  const canvas = useCanvas(draw);
  return (
    <canvas
      ref={canvas}
      className="heatmap-canvas"
      role="img"
      aria-label="Latency heatmap: duration buckets against time"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        const x = Math.floor(((e.clientX - r.left) / r.width) * cols);
        const y = Math.floor(((r.bottom - e.clientY) / r.height) * rows);
        if (x < 0 || x >= cols || y < 0 || y >= rows || dist.heatmap.counts[x][y] === 0) return;
        const from = dist.heatmap.t[x];
        onSelect({ minMs: dist.edgesMs[y], maxMs: dist.edgesMs[y + 1], from, to: from + dist.heatmap.bucketMs });
      }}
    />
  );
}
