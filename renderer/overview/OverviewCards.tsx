// The 2×2 grid: error rate, throughput, queue depth and writer status, all from one `overview`.
import { useMemo } from 'react';
import type { Overview, WriterState } from '../../db/api/inspector-api.ts';
import type { RangeInput } from '../app/tab-props.ts';
import { sparklineOptions } from '../charts/chart-options.ts';
import { UPlotChart } from '../charts/UPlotChart.tsx';
import { formatCount, formatPercent, formatPerSec } from '../format/figures.ts';
import { describeRange, formatAgo } from '../format/time.ts';
import { currentQueueDepth, errorRateSeries, queueSeries, throughputSeries } from './overview-series.ts';
import { StatCard, Trend } from './StatCard.tsx';

const WRITER_TONE: Record<WriterState, 'ok' | 'warn' | 'error' | 'neutral'> = {
  OK: 'ok',
  DELAYED: 'warn',
  CIRCUIT_OPEN: 'error',
  IDLE: 'neutral',
  UNKNOWN: 'neutral',
};

export function OverviewCards({ o, range, now }: { o: Overview; range: RangeInput; now: number }) {
  const noRows = o.totals.rows === 0 ? `No rows in ${describeRange(range)} — widen the time range.` : null;
  const depth = currentQueueDepth(o);
  const w = o.writer;
  // New arrays only for a new answer: the charts call setData when (and only when) these change.
  const series = useMemo(
    () => ({ errors: errorRateSeries(o), traces: throughputSeries(o), queue: queueSeries(o) }),
    [o],
  );
  return (
    <div className="stat-grid">
      <StatCard
        testId="card-error-rate"
        title="Error rate · last min"
        value={noRows ? '—' : formatPercent(o.errorRate.current)}
        rawValue={o.errorRate.current}
        tone={noRows ? 'neutral' : o.errorRate.current >= 5 ? 'error' : o.errorRate.current > 0 ? 'warn' : 'ok'}
        trend={<Trend rate={o.errorRate} format={formatPercent} goodWhenUp={false} />}
        sub={
          <>
            {formatCount(o.totals.errors)} errors in {formatCount(o.totals.rows)} rows over {describeRange(range)}
          </>
        }
        note={noRows}
        chart={
          <UPlotChart label="Error rate over time" data={series.errors} options={(t) => sparklineOptions(t, t.error)} />
        }
      />
      <StatCard
        testId="card-throughput"
        title="Throughput · last min"
        value={
          noRows ? (
            '—'
          ) : (
            <>
              {formatPerSec(o.tracesPerSec.current).replace('/s', '')}
              <span className="unit">traces/s</span>
            </>
          )
        }
        rawValue={o.tracesPerSec.current}
        trend={<Trend rate={o.tracesPerSec} format={formatPerSec} />}
        sub={
          <>
            {formatPerSec(o.rowsPerSec.current)} rows · {formatCount(o.totals.rows, { compact: true })} rows in range
          </>
        }
        note={noRows}
        chart={
          <UPlotChart
            label="Traces per second over time"
            data={series.traces}
            options={(t) => sparklineOptions(t, t.series[0])}
          />
        }
      />
      <StatCard
        testId="card-queue"
        title="Writer queue depth"
        value={depth === null ? '—' : formatCount(depth)}
        rawValue={depth}
        tone={depth !== null && depth > 1000 ? 'warn' : 'neutral'}
        sub={
          o.queue.depth.length ? (
            <>
              peak {formatCount(Math.max(...o.queue.depth))} over {describeRange(range)}
            </>
          ) : null
        }
        note={
          o.queue.depth.length === 0
            ? o.totals.rows === 0
              ? noRows
              : 'No queue data: the tracer writes no heartbeats with a queue depth in this range.'
            : null
        }
        chart={
          <UPlotChart
            label="Queue depth over time"
            data={series.queue}
            options={(t) => sparklineOptions(t, t.series[1])}
          />
        }
      />
      <StatCard
        testId="card-writer"
        title="Writer status"
        value={
          <span className={`writer-badge writer-${WRITER_TONE[w.status]}`} data-status={w.status}>
            {w.status.replace('_', ' ')}
          </span>
        }
        rawValue={w.status}
        tone={WRITER_TONE[w.status]}
        trend={
          w.inferred ? (
            <span
              className="inferred-tag"
              title="No writer heartbeats: this state is inferred from how recently the file was written."
            >
              inferred
            </span>
          ) : (
            <span className="heartbeat-tag">from heartbeats</span>
          )
        }
        sub={
          <span className="writer-detail" title={w.detail}>
            {w.detail}
          </span>
        }
        note={null}
        chart={
          <dl className="writer-facts">
            <dt>Last heartbeat</dt>
            <dd>{w.lastHeartbeatTs === null ? 'none' : formatAgo(w.lastHeartbeatTs, now)}</dd>
            <dt>Last row</dt>
            <dd>{w.lastRowTs === null ? 'none' : formatAgo(w.lastRowTs, now)}</dd>
            <dt>Index</dt>
            <dd>
              {o.index.building
                ? `building · ${formatCount(o.index.indexedRows, { compact: true })} of ${formatCount(o.index.totalRows, { compact: true })}`
                : `${formatCount(o.index.indexedRows, { compact: true })} rows indexed`}
            </dd>
            {o.index.damaged && (
              <dd className="index-damaged" role="alert" data-testid="index-damaged">
                ⚠ {o.index.damaged.message}
              </dd>
            )}
          </dl>
        }
      />
    </div>
  );
}
