// The Code Inspector: pick a traced function, read its source, see how it performs.
import { useEffect, useState } from 'react';
import type { TabProps } from '../app/tab-props.ts';
import { formatCount, formatRatio } from '../format/figures.ts';
import { describeRange } from '../format/time.ts';
import { ANALYSIS_REFRESH, useLiveQuery } from '../live/use-live-query.ts';
import { ErrorNote, Panel } from '../ui/Panel.tsx';
import { FunctionPicker } from './FunctionPicker.tsx';
import { CallsPanel } from './CallsPanel.tsx';
import { HistoryChart } from './HistoryChart.tsx';
import { ShapePanel } from './ShapePanel.tsx';
import { SourcePanel } from './SourcePanel.tsx';
import { StatsTable } from './StatsTable.tsx';
import './code.css';

export function CodeTab(props: TabProps) {
  const { api, db, params, setParams } = props;
  const fns = useLiveQuery(() => api.functions({ db }), '', { api, db, live: false });
  const fn = params.fn || null;
  // Nothing chosen yet: start on the busiest function (replacing, not pushing, history).
  useEffect(() => {
    if (!fn && fns.data?.length) setParams({ fn: fns.data[0].process });
  }, [fn, fns.data, setParams]);

  return (
    <div className="code-tab">
      <div className="code-toolbar">
        <FunctionPicker
          functions={fns.data ?? []}
          selected={fn}
          onSelect={(p) => setParams({ fn: p }, { push: true })}
        />
        {fns.data && <span className="muted">{formatCount(fns.data.length)} traced functions</span>}
      </div>
      {fns.error && <ErrorNote error={fns.error} />}
      {fns.loading && <div className="panel-state">Loading the traced functions…</div>}
      {fns.data && fns.data.length === 0 && (
        <div className="app-message">
          <h2>No traced functions</h2>
          <p>This database has no rows with a process name yet. They appear here as soon as the tracer writes some.</p>
        </div>
      )}
      {fn && <FunctionDetail {...props} fn={fn} />}
    </div>
  );
}

function FunctionDetail({ api, db, range, live, fn, navigate }: TabProps & { fn: string }) {
  const [rootVersion, setRootVersion] = useState(0);
  const rangeKey = JSON.stringify(range);
  const stats = useLiveQuery(() => api.functionStats({ db, process: fn, range }), `${fn}|${rangeKey}`, {
    api,
    db,
    live,
    events: ['rows'],
    throttleMs: 2000,
    pollMs: 10_000,
  });
  const history = useLiveQuery(() => api.functionHistory({ db, process: fn, buckets: 96 }), fn, {
    api,
    db,
    live,
    ...ANALYSIS_REFRESH,
  });
  const source = useLiveQuery(() => api.source({ db, process: fn }), `${fn}|${rootVersion}`, { api, db, live: false });
  const s = stats.data && stats.data.process === fn ? stats.data : null;

  return (
    <div className="code-split">
      <SourcePanel
        api={api}
        db={db}
        source={source.data}
        error={source.error}
        loading={source.loading && !source.data}
        onRootSet={() => setRootVersion((v) => v + 1)}
      />
      <div className="code-side">
        <Panel
          title={<>Performance · {describeRange(range)}</>}
          aside={
            s ? (
              <span className={s.errors ? 'err-rate has-errors' : 'err-rate'}>{formatRatio(s.errorRate)} errors</span>
            ) : null
          }
          loading={stats.loading && !stats.data}
          error={stats.error}
          empty={s && s.calls === 0 ? `No calls of ${fn} in ${describeRange(range)} — widen the time range.` : null}
          testId="function-stats"
          className="stats-panel"
        >
          {s && <StatsTable stats={s} />}
        </Panel>
        <Panel
          title="Last 24 hours"
          aside={history.data ? `${formatCount(history.data.calls.reduce((a, b) => a + b, 0))} calls` : null}
          loading={history.loading && !history.data}
          error={history.error}
          empty={
            history.data && history.data.calls.every((c) => c === 0) ? `No calls of ${fn} in the last 24 hours.` : null
          }
          testId="function-history"
          className="history-panel"
        >
          {history.data && <HistoryChart history={history.data} />}
        </Panel>
        <ShapePanel
          api={api}
          db={db}
          fn={fn}
          range={range}
          live={live}
          openTrace={(trace) => navigate('explorer', { trace })}
        />
        <CallsPanel api={api} db={db} fn={fn} range={range} live={live} navigate={navigate} />
      </div>
    </div>
  );
}
