// A variable's values over time on canvas: numbers as a line, anything else as a strip of
// coloured segments that change where the value changes; runs past the stale threshold shaded.
import type { VariableTimeline } from '../../db/api/inspector-api.ts';
import type { ChartTheme } from '../charts/chart-theme.ts';

const PAD = { left: 56, right: 10, top: 10, bottom: 22 };

export function drawTimeline(
  ctx: CanvasRenderingContext2D,
  size: { width: number; height: number },
  t: ChartTheme,
  tl: VariableTimeline,
  formatTime: (ts: number) => string,
) {
  const w = size.width - PAD.left - PAD.right;
  const h = size.height - PAD.top - PAD.bottom;
  const { from, to } = tl.range;
  const x = (ts: number) => PAD.left + ((ts - from) / Math.max(1, to - from)) * w;
  ctx.font = `11px ${t.font}`;
  ctx.fillStyle = t.stale;
  ctx.globalAlpha = 0.18;
  for (const r of tl.staleRuns) ctx.fillRect(x(r.fromTs), PAD.top, Math.max(2, x(r.toTs) - x(r.fromTs)), h);
  ctx.globalAlpha = 1;
  ctx.fillStyle = t.muted;
  ctx.textBaseline = 'top';
  ctx.fillText(formatTime(from), PAD.left, PAD.top + h + 6);
  const end = formatTime(to);
  ctx.fillText(end, PAD.left + w - ctx.measureText(end).width, PAD.top + h + 6);
  if (tl.numeric) drawLine(ctx, tl, t, x, h);
  else drawStrip(ctx, tl, t, x, h);
}

function drawLine(
  ctx: CanvasRenderingContext2D,
  tl: VariableTimeline,
  t: ChartTheme,
  x: (ts: number) => number,
  h: number,
) {
  const vals = tl.points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const span = hi - lo || 1;
  const y = (v: number) => PAD.top + h - ((v - lo) / span) * h;
  ctx.fillStyle = t.muted;
  ctx.textBaseline = 'middle';
  ctx.fillText(String(hi), 4, PAD.top);
  ctx.fillText(String(lo), 4, PAD.top + h);
  ctx.strokeStyle = t.series[0];
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  let prev: number | null = null;
  for (const p of tl.points) {
    if (p.value === null) continue;
    // A step: a value holds until the next one is captured.
    if (prev === null) ctx.moveTo(x(p.ts), y(p.value));
    else {
      ctx.lineTo(x(p.ts), y(prev));
      ctx.lineTo(x(p.ts), y(p.value));
    }
    prev = p.value;
  }
  if (prev !== null) ctx.lineTo(x(tl.range.to), y(prev));
  ctx.stroke();
  ctx.fillStyle = t.series[0];
  if (tl.points.length <= 400)
    for (const p of tl.points) if (p.value !== null) ctx.fillRect(x(p.ts) - 1.5, y(p.value) - 1.5, 3, 3);
}

function drawStrip(
  ctx: CanvasRenderingContext2D,
  tl: VariableTimeline,
  t: ChartTheme,
  x: (ts: number) => number,
  h: number,
) {
  const palette = [...t.series, t.ok, t.warn, t.accent];
  const colour = new Map<string, string>();
  const top = PAD.top + h / 2 - 14;
  tl.points.forEach((p, i) => {
    const key = p.text ?? '∅';
    if (!colour.has(key)) colour.set(key, palette[colour.size % palette.length]);
    const x0 = x(p.ts);
    const x1 = i + 1 < tl.points.length ? x(tl.points[i + 1].ts) : x(tl.range.to);
    ctx.fillStyle = colour.get(key)!;
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), 28);
    const changed = i === 0 || tl.points[i - 1].text !== p.text;
    if (changed && x1 - x0 > 30) {
      ctx.fillStyle = '#fff';
      ctx.textBaseline = 'middle';
      ctx.fillText(key.slice(0, Math.floor((x1 - x0 - 6) / 6.5)), x0 + 3, top + 14);
    }
  });
}
