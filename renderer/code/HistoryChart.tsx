// The last 24 h of one function: p50/p95/p99 lines over call-count bars.
import { useMemo } from 'react';
import type { AlignedData } from 'uplot';
import type { FunctionHistory } from '../../db/api/inspector-api.ts';
import { timeSeriesOptions } from '../charts/chart-options.ts';
import { UPlotChart } from '../charts/UPlotChart.tsx';
import { formatMsAxis } from '../format/figures.ts';

/** x at each bucket's middle, in seconds; durations of 0 become gaps (the y axis is logarithmic). */
export function historySeries(h: FunctionHistory): AlignedData {
  const positive = (v: (number | null)[]) => v.map((x) => (x !== null && x > 0 ? x : null));
  // p99 first, so p95 and p50 draw over it where few calls make them equal.
  return [h.t.map((t) => (t + h.bucketMs / 2) / 1000), positive(h.p99), positive(h.p95), positive(h.p50), h.calls];
}

export function HistoryChart({ history }: { history: FunctionHistory }) {
  const data = useMemo(() => historySeries(history), [history]);
  return (
    <div className="history">
      <div className="history-legend">
        <span className="lg lg-p50">p50</span>
        <span className="lg lg-p95">p95</span>
        <span className="lg lg-p99">p99</span>
        <span className="lg lg-calls">calls / {Math.round(history.bucketMs / 60_000)} min</span>
      </div>
      <div className="history-chart">
        <UPlotChart
          label="Duration percentiles and calls over the last 24 hours"
          data={data}
          options={(t) =>
            timeSeriesOptions(t, {
              lines: [
                { label: 'p99', color: t.series[2] },
                { label: 'p95', color: t.series[1] },
                { label: 'p50', color: t.series[0] },
              ],
              bars: { label: 'calls', color: t.muted },
              yFormat: formatMsAxis,
              logY: true,
            })
          }
        />
      </div>
    </div>
  );
}
