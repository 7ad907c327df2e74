// Rows per process group as bars, with a list beside them; a click on either filters the Trace
// Explorer to that group.
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { ApiError } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { categoryBarsOptions } from '../charts/chart-options.ts';
import { UPlotChart } from '../charts/UPlotChart.tsx';
import { formatCount, formatPercent } from '../format/figures.ts';
import { Panel } from '../ui/Panel.tsx';
import { groupSeries, type GroupBar } from './overview-series.ts';

export interface GroupsPanelProps {
  bars: GroupBar[] | null;
  loading: boolean;
  error: ApiError | null;
  emptyText: string;
  navigate: TabProps['navigate'];
}

export function GroupsPanel({ bars, loading, error, emptyText, navigate }: GroupsPanelProps) {
  // The chart is created once; its click handler reads the current bars through this ref.
  const current = useRef<GroupBar[]>([]);
  current.current = bars ?? [];
  const open = (name: string) => navigate('explorer', { group: name });
  const wire = (u: uPlot) => {
    u.over.addEventListener('click', () => {
      const i = u.cursor.idx;
      const bar = i === null || i === undefined ? undefined : current.current[i];
      if (bar) open(bar.name);
    });
    u.over.style.cursor = 'pointer';
  };
  const data = useMemo(() => (bars ? groupSeries(bars) : null), [bars]);
  const max = Math.max(1, ...(bars ?? []).map((b) => b.rows));
  return (
    <Panel
      title="Process groups"
      aside={bars ? `${bars.length} groups · rows in range` : null}
      loading={loading}
      error={error}
      empty={bars && bars.length === 0 ? emptyText : null}
      testId="groups"
      className="groups-panel"
    >
      {bars && bars.length > 0 && (
        <div className="groups-layout">
          <div className="groups-chart">
            <UPlotChart
              label="Rows per process group"
              data={data!}
              onReady={wire}
              options={(t) =>
                categoryBarsOptions(t, {
                  names: () => current.current.map((b) => b.name),
                  color: t.series[0],
                  errorColor: t.error,
                  yFormat: (v) => formatCount(v, { compact: true }),
                })
              }
            />
          </div>
          <ul className="group-list" role="list">
            {bars.map((b) => (
              <li key={b.name}>
                <button
                  className="group-row"
                  onClick={() => open(b.name)}
                  data-group={b.name}
                  title={`Show ${b.name} in the Trace Explorer`}
                >
                  <span className="group-name mono">{b.name}</span>
                  <span className="group-meter">
                    <span style={{ width: `${(100 * b.rows) / max}%` }} />
                  </span>
                  <span className="group-rows">{formatCount(b.rows, { compact: true })}</span>
                  <span className={b.errors ? 'group-errors has-errors' : 'group-errors'}>
                    {b.rows ? formatPercent((100 * b.errors) / b.rows) : '—'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Panel>
  );
}
