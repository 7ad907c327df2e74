// The Overview: how the traced app is doing over the header's range, at a glance, kept live.
import { useMemo } from 'react';
import type { TabProps } from '../app/tab-props.ts';
import { describeRange } from '../format/time.ts';
import { useLiveQuery } from '../live/use-live-query.ts';
import { useIndexProgress } from '../live/use-index-progress.ts';
import { IndexProgressBar } from '../ui/IndexProgressBar.tsx';
import { ErrorNote } from '../ui/Panel.tsx';
import { GroupsPanel } from './GroupsPanel.tsx';
import { OverviewCards } from './OverviewCards.tsx';
import { groupBars } from './overview-series.ts';
import { RecentErrors } from './RecentErrors.tsx';
import { StalePanel } from './StalePanel.tsx';
import { useStaleList } from './use-stale-list.ts';
import './overview.css';

export function OverviewTab({ api, db, info, range, live, navigate }: TabProps) {
  const indexProgress = useIndexProgress(api, db, info.index);
  const rangeKey = JSON.stringify(range);
  const overview = useLiveQuery(() => api.overview({ db, range }), rangeKey, { api, db, live, keepAs: 'overview' });
  const { stale, ignored, setThreshold } = useStaleList(api, db, live);
  const o = overview.data;
  const now = overview.loadedAt ?? Date.now();
  const bars = useMemo(() => (o ? groupBars(o) : null), [o]);
  const noRows = `No rows in ${describeRange(range)} — widen the time range.`;

  return (
    <div
      className={indexProgress?.building ? 'overview with-banner' : 'overview'}
      data-testid="overview"
      data-loaded-at={overview.loadedAt ?? ''}
      data-total-rows={o?.totals.rows ?? ''}
    >
      <IndexProgressBar view={indexProgress} />
      {overview.error && !o && <ErrorNote error={overview.error} />}
      <div className="overview-top">
        {o ? (
          <OverviewCards o={o} range={range} now={now} />
        ) : (
          <div className="stat-grid">
            {['Error rate', 'Throughput', 'Writer queue depth', 'Writer status'].map((t) => (
              <section key={t} className="stat-card tone-neutral" aria-busy={overview.loading}>
                <div className="stat-head">
                  <h3>{t}</h3>
                </div>
                <div className="stat-placeholder">{overview.loading ? 'Loading…' : 'Not available'}</div>
              </section>
            ))}
          </div>
        )}
        <GroupsPanel
          bars={bars}
          loading={overview.loading && !o}
          error={overview.error}
          emptyText={noRows}
          navigate={navigate}
        />
      </div>
      <div className="overview-bottom">
        <RecentErrors
          rows={o?.recentErrors ?? null}
          loading={overview.loading && !o}
          error={overview.error}
          emptyText={o && o.totals.rows === 0 ? noRows : `No errors in ${describeRange(range)}.`}
          navigate={navigate}
          now={now}
        />
        <StalePanel
          variables={stale.data?.variables.slice(0, 100) ?? null}
          total={stale.data?.total ?? 0}
          loading={stale.loading && !stale.data}
          error={stale.error}
          now={stale.loadedAt ?? now}
          onThreshold={(v, threshold) => setThreshold(v.process, v.data, threshold)}
          ignored={ignored}
          onWatch={(r) => setThreshold(r.process, r.data, null)}
        />
      </div>
    </div>
  );
}
