// A canvas sized to its box at the device's pixel ratio, redrawn when the box resizes, the data
// changes or the theme changes, by the setting or the system (canvas cannot read CSS variables,
// so colours come from readChartTheme at draw time).
import { useEffect, useRef } from 'react';
import { readChartTheme, type ChartTheme } from '../charts/chart-theme.ts';
import { onThemeChange } from '../app/theme-mode.ts';

export type Draw = (ctx: CanvasRenderingContext2D, size: { width: number; height: number }, theme: ChartTheme) => void;

export function useCanvas(draw: Draw) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current!;
    const paint = () => {
      const { width, height } = el.getBoundingClientRect();
      const ratio = window.devicePixelRatio || 1;
      el.width = Math.max(1, Math.round(width * ratio));
      el.height = Math.max(1, Math.round(height * ratio));
      const ctx = el.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      draw(ctx, { width, height }, readChartTheme(el));
    };
    paint();
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(paint);
    });
    ro.observe(el);
    const stopTheme = onThemeChange(paint);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      stopTheme();
    };
  }, [draw]);
  return canvas;
}
