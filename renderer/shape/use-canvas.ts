// A canvas sized to its box at the device's pixel ratio, redrawn when the box resizes, the data
// changes or the theme changes, by the setting or the system (canvas cannot read CSS variables,
// so colours come from readChartTheme at draw time).
//
// A new `draw` (a zoom step, new data) repaints before the browser's next frame (a layout effect)
// and touches nothing else: the observers live as long as the canvas, and the backing store is
// reallocated only when the box's size changes. Re-creating both on every zoom step cost a second
// paint a frame (ResizeObserver reports on `observe`) and a fresh backing store: a 10,000-call
// trace's flame zoomed at 56 fps with 117 ms frames in Chromium (scripts/bench-ui.ts).
import { useEffect, useLayoutEffect, useRef } from 'react';
import { readChartTheme, type ChartTheme } from '../charts/chart-theme.ts';
import { onThemeChange } from '../app/theme-mode.ts';

export type Draw = (ctx: CanvasRenderingContext2D, size: { width: number; height: number }, theme: ChartTheme) => void;

/** The backing store's size for the box at the device's pixel ratio. */
function backingSize(el: HTMLCanvasElement): { width: number; height: number; w: number; h: number; ratio: number } {
  const { width, height } = el.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  return {
    width,
    height,
    ratio,
    w: Math.max(1, Math.round(width * ratio)),
    h: Math.max(1, Math.round(height * ratio)),
  };
}

const resized = (el: HTMLCanvasElement) => {
  const { w, h } = backingSize(el);
  return el.width !== w || el.height !== h;
};

/** Paints `draw` on `el`, resizing its backing store only when the box or the pixel ratio changed. */
function paint(el: HTMLCanvasElement, draw: Draw): void {
  const { width, height, ratio, w, h } = backingSize(el);
  if (el.width !== w) el.width = w;
  if (el.height !== h) el.height = h;
  const ctx = el.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  draw(ctx, { width, height }, readChartTheme(el));
}

export function useCanvas(draw: Draw) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = useRef(draw);
  useLayoutEffect(() => {
    latest.current = draw;
    if (canvas.current) paint(canvas.current, draw);
  }, [draw]);
  useEffect(() => {
    const el = canvas.current!;
    const repaint = () => paint(el, latest.current);
    let frame = 0;
    const ro = new ResizeObserver(() => {
      // Its first report is usually the size the layout effect has just painted at.
      if (!resized(el)) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(repaint);
    });
    ro.observe(el);
    const stopTheme = onThemeChange(repaint);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      stopTheme();
    };
  }, []);
  return canvas;
}
