// A uPlot chart as a React component: the plot is created once per mount (and per theme), sized
// to its container by a ResizeObserver, fed new data with setData (no re-creation, so live
// updates never flicker) and destroyed on unmount.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { readChartTheme, type ChartTheme } from './chart-theme.ts';
import { timeDisplay } from '../format/time.ts';
import { onThemeChange } from '../app/theme-mode.ts';

export interface UPlotChartProps {
  /** Builds the plot's options from the theme's colours; read once per plot. */
  options: (theme: ChartTheme) => Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  className?: string;
  /** Accessible name of the chart (canvas has none). */
  label?: string;
  /** Called with the plot once it exists (e.g. to wire clicks). */
  onReady?: (plot: uPlot) => void;
}

export function UPlotChart({ options, data, className, label, onReady }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The latest props, read by the effect that owns the plot without re-running it.
  const latest = useRef({ options, data, onReady });
  latest.current = { options, data, onReady };

  useEffect(() => {
    const el = box.current!;
    const create = () => {
      plot.current?.destroy();
      const { width, height } = el.getBoundingClientRect();
      const base = latest.current.options(readChartTheme(el));
      const opts: uPlot.Options = {
        ...base,
        // Time axes in UTC when the user chose it (x values are seconds unless the plot says ms).
        ...(timeDisplay().zone === 'utc'
          ? { tzDate: (ts: number) => uPlot.tzDate(new Date(base.ms === 1 ? ts : ts * 1e3), 'Etc/UTC') }
          : {}),
        width: Math.max(10, Math.floor(width)),
        height: Math.max(10, Math.floor(height)),
      };
      plot.current = new uPlot(opts, latest.current.data, el);
      latest.current.onReady?.(plot.current);
    };
    create();
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const { width, height } = el.getBoundingClientRect();
        const w = Math.max(10, Math.floor(width));
        const h = Math.max(10, Math.floor(height));
        if (plot.current && (plot.current.width !== w || plot.current.height !== h))
          plot.current.setSize({ width: w, height: h });
      });
    });
    ro.observe(el);
    // The theme setting or the system's: the plot is made again with the colours now in force.
    const stopTheme = onThemeChange(create);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      stopTheme();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={box} className={className ? `uplot-box ${className}` : 'uplot-box'} role="img" aria-label={label} />;
}
