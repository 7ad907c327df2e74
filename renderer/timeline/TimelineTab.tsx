// One variable of one function over time (#/timeline?fn=…&data=…): numbers as a step line, other
// values as a strip of changes, runs of one value past the stale threshold shaded. Reached from a
// row's detail in the Explorer.
import { useCallback } from 'react';
import type { VariableTimeline } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import type { ChartTheme } from '../charts/chart-theme.ts';
import { formatCount } from '../format/figures.ts';
import { describeRange, formatClock } from '../format/time.ts';
import { useLiveQuery } from '../live/use-live-query.ts';
import { useCanvas } from '../shape/use-canvas.ts';
import { Panel } from '../ui/Panel.tsx';
import { drawTimeline } from './draw-timeline.ts';
import './timeline.css';

function TimelineCanvas({ timeline }: { timeline: VariableTimeline }) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, size: { width: number; height: number }, t: ChartTheme) =>
      drawTimeline(ctx, size, t, timeline, (ts) => formatClock(ts)),
    [timeline],
  );
  const canvas = useCanvas(draw);
  return (
    <canvas
      ref={canvas}
      className="timeline-canvas"
      role="img"
      aria-label={`${timeline.data} of ${timeline.process}: ${timeline.points.length} values${timeline.staleRuns.length ? `, ${timeline.staleRuns.length} stale runs` : ''}`}
    />
  );
}

export function TimelineTab({ api, db, range, live, params, navigate }: TabProps) {
  const fn = params.fn ?? '';
  const data = params.data ?? '';
  const rangeKey = JSON.stringify(range);
  const tl = useLiveQuery(() => api.variableTimeline({ db, process: fn, data, range }), `${fn}|${data}|${rangeKey}`, {
    api,
    db,
    live,
    events: ['rows'],
    throttleMs: 3000,
    pollMs: 30_000,
  });
  const d = tl.data;
  return (
    <div className="timeline-tab">
      <Panel
        title={
          <>
            <span className="mono">{data || '—'}</span> of{' '}
            <a href="#" className="mono" onClick={(e) => (e.preventDefault(), navigate('code', { fn }))}>
              {fn || '—'}
            </a>{' '}
            · {describeRange(range)}
          </>
        }
        aside={
          d
            ? `${formatCount(d.points.length)} values${d.truncated ? ' (the newest)' : ''} · ${d.numeric ? 'numbers' : 'values'} · ${d.threshold === 'ignore' ? 'ignored (never stale)' : `stale past ${d.threshold} repeats: ${d.staleRuns.length} runs`}`
            : null
        }
        loading={tl.loading && !d}
        error={tl.error}
        empty={
          !fn || !data
            ? 'Open a row in the Explorer and choose "Timeline" to see its variable over time.'
            : d && d.points.length === 0
              ? `No values of ${data} in ${describeRange(range)}.`
              : null
        }
        testId="variable-timeline"
      >
        {d && d.points.length > 0 && <TimelineCanvas timeline={d} />}
      </Panel>
    </div>
  );
}
