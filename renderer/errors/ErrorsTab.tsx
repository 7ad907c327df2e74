// Errors, grouped by cause: each group's count, first and last seen, a sparkline over the range,
// the functions it came from, its latest traceback, and its traces (opening in the Explorer).
import { useState } from 'react';
import type { ErrorGroup } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { formatCount } from '../format/figures.ts';
import { describeRange, formatAgo, formatClock } from '../format/time.ts';
import { ANALYSIS_REFRESH, useLiveQuery } from '../live/use-live-query.ts';
import { Panel } from '../ui/Panel.tsx';
import './errors.css';

function Sparkline({ counts, label }: { counts: number[]; label: string }) {
  const max = Math.max(1, ...counts);
  return (
    <svg
      className="err-spark"
      viewBox={`0 0 ${counts.length * 4} 20`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {counts.map((c, i) =>
        c > 0 ? <rect key={i} x={i * 4} y={20 - (c / max) * 19 - 1} width={3} height={(c / max) * 19 + 1} /> : null,
      )}
    </svg>
  );
}

function GroupDetail({
  group,
  openTrace,
  openCode,
}: {
  group: ErrorGroup;
  openTrace: (id: string) => void;
  openCode: (fn: string) => void;
}) {
  return (
    <div className="err-detail" data-testid="error-group-detail">
      <h3 className="mono">{group.type}</h3>
      <p className="err-message">{group.message || '(no message)'}</p>
      <dl className="err-facts">
        <dt>Calls</dt>
        <dd>{formatCount(group.count)}</dd>
        <dt>First seen</dt>
        <dd>{formatClock(group.firstTs)}</dd>
        <dt>Last seen</dt>
        <dd>
          {formatClock(group.lastTs)} ({formatAgo(group.lastTs)})
        </dd>
        <dt>Grouped as</dt>
        <dd className="mono">{group.fingerprint || '—'}</dd>
      </dl>
      <h4>From</h4>
      <ul className="err-fns">
        {group.processes.map((p) => (
          <li key={p.process}>
            <a href="#" className="mono" onClick={(e) => (e.preventDefault(), openCode(p.process))}>
              {p.process}
            </a>{' '}
            <span className="muted">{formatCount(p.calls)} calls</span>
          </li>
        ))}
      </ul>
      <h4>Latest traces</h4>
      <ul className="err-traces">
        {group.traceIds.map((t) => (
          <li key={t}>
            <a href="#" className="mono" onClick={(e) => (e.preventDefault(), openTrace(t))}>
              {t}
            </a>
          </li>
        ))}
        {group.traceIds.length === 0 && <li className="muted">These calls have no trace id.</li>}
      </ul>
      <h4>Latest traceback</h4>
      <pre className="err-traceback">{group.latestTraceback ?? '(none recorded)'}</pre>
    </div>
  );
}

export function ErrorsTab({ api, db, range, live, params, setParams, navigate }: TabProps) {
  const rangeKey = JSON.stringify(range);
  const groups = useLiveQuery(() => api.errorGroups({ db, range }), rangeKey, { api, db, live, ...ANALYSIS_REFRESH });
  const [hovered, setHovered] = useState<string | null>(null);
  const list = groups.data?.groups ?? [];
  const selected = list.find((g) => g.fingerprint === params.group) ?? list[0] ?? null;
  const d = groups.data;
  return (
    <div className="errors-tab">
      <Panel
        title={<>Errors by cause · {describeRange(range)}</>}
        aside={
          d
            ? `${formatCount(d.failedCalls)} failing calls in ${formatCount(d.groupCount)} groups${d.truncated ? ' (the newest 200,000 error rows)' : ''}`
            : null
        }
        loading={groups.loading && !d}
        error={groups.error}
        empty={d && d.groups.length === 0 ? `No failing calls in ${describeRange(range)}.` : null}
        testId="error-groups"
        className="errors-list-panel"
      >
        <ol className="err-groups">
          {list.map((g) => (
            <li key={g.fingerprint}>
              <button
                type="button"
                className={g === selected ? 'err-group active' : 'err-group'}
                aria-pressed={g === selected}
                onClick={() => setParams({ group: g.fingerprint })}
                onMouseEnter={() => setHovered(g.fingerprint)}
                onMouseLeave={() => setHovered(null)}
              >
                <span className="err-count">{formatCount(g.count)}</span>
                <span className="err-title">
                  <span className="mono err-type">{g.type}</span>
                  <span className="err-msg" title={hovered === g.fingerprint ? g.message : undefined}>
                    {g.message}
                  </span>
                  <span className="muted err-meta">
                    {g.processes.map((p) => p.process).join(', ')} · last {formatAgo(g.lastTs)}
                  </span>
                </span>
                <Sparkline counts={g.sparkline} label={`${g.count} calls over the range`} />
              </button>
            </li>
          ))}
        </ol>
      </Panel>
      <Panel
        title="Group"
        loading={false}
        error={null}
        empty={selected ? null : 'Select a group.'}
        className="errors-detail-panel"
      >
        {selected && (
          <GroupDetail
            group={selected}
            openTrace={(trace) => navigate('explorer', { trace })}
            openCode={(fn) => navigate('code', { fn })}
          />
        )}
      </Panel>
    </div>
  );
}
