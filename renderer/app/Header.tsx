// The header: tabs (keys 1–6), the global time range and the live toggle, and which file is open.
import { useState } from 'react';
import type { DatabaseInfo } from '../../db/api/inspector-api.ts';
import { NAV_TABS, type TabName } from './route.ts';
import type { RangeInput } from './tab-props.ts';
import type { ProgressView } from '../live/progress-rate.ts';
import { IndexProgressBar } from '../ui/IndexProgressBar.tsx';

export const TAB_LABELS: Record<TabName, string> = {
  overview: 'Overview',
  explorer: 'Trace Explorer',
  code: 'Code Inspector',
  alerts: 'Alerts',
  sql: 'SQL',
  errors: 'Errors',
  compare: 'Compare',
  timeline: 'Timeline',
};
const PRESETS = ['5m', '1h', '6h', '24h', 'all'] as const;

/** `datetime-local` values are local time without a zone. */
function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export interface HeaderProps {
  tab: TabName;
  info: DatabaseInfo | null;
  /** The index build, while there is one (a bar beside the file name). */
  indexProgress: ProgressView | null;
  range: RangeInput;
  live: boolean;
  onTab: (tab: TabName) => void;
  onRange: (range: RangeInput) => void;
  onLive: (live: boolean) => void;
  onSettings: () => void;
  /** Things the file health panel would point out (a badge on the file name), null before known. */
  healthIssues: number | null;
  onHealth: () => void;
  /** Opens the database picker (serve mode; null in the desktop app, whose File menu does it). */
  onDatabases: (() => void) | null;
  onShortcuts: () => void;
  onGoTo: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

export function Header({
  tab,
  info,
  indexProgress,
  range,
  live,
  onTab,
  onRange,
  onLive,
  onSettings,
  onShortcuts,
  healthIssues,
  onHealth,
  onDatabases,
  onGoTo,
}: HeaderProps) {
  const preset = 'preset' in range ? range.preset : undefined;
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const openCustom = () => {
    const to = range.to ?? Date.now();
    const from = range.from ?? to - 3_600_000;
    setCustom({ from: toLocalInput(from), to: toLocalInput(to) });
  };
  const applyCustom = () => {
    if (!custom) return;
    const from = new Date(custom.from).getTime();
    const to = new Date(custom.to).getTime();
    if (Number.isFinite(from) && Number.isFinite(to) && from < to) {
      onRange({ from, to });
      setCustom(null);
    }
  };
  return (
    <header className="app-header">
      <nav className="tabs" role="tablist">
        {NAV_TABS.map((t, i) => (
          <button
            key={t}
            role="tab"
            aria-selected={t === tab}
            className={t === tab ? 'tab active' : 'tab'}
            onClick={() => onTab(t)}
            title={`${TAB_LABELS[t]} (${i + 1})`}
          >
            {TAB_LABELS[t]}
          </button>
        ))}
      </nav>
      <button type="button" className="goto-button" onClick={onGoTo} title="Find a trace id, a function or a variable">
        Go to… <kbd>{isMac ? '⌘' : 'Ctrl'} K</kbd>
      </button>
      <div className="header-file">
        {info ? (
          <>
            <button
              className="header-file-button"
              onClick={onHealth}
              title={`${info.path}\nFile health: journal mode, columns, timestamps, writer episodes`}
              aria-label={`File health of ${info.path.split(/[\\/]/).pop()}`}
            >
              <span className={`state-dot state-${info.state}`} />
              <span className="header-file-name">{info.path.split(/[\\/]/).pop()}</span>
              {healthIssues ? (
                <span className="health-badge" data-testid="health-badge">
                  ⚠ {healthIssues}
                </span>
              ) : null}
            </button>
            <IndexProgressBar view={indexProgress} compact />
          </>
        ) : null}
        {onDatabases && (
          <button
            className="header-icon db-switch"
            onClick={onDatabases}
            title="Open or switch database"
            aria-label="Databases"
          >
            ⇄
          </button>
        )}
      </div>
      <div className="range" role="group" aria-label="Time range">
        {PRESETS.map((p) => (
          <button
            key={p}
            className={p === preset ? 'chip active' : 'chip'}
            aria-pressed={p === preset}
            onClick={() => onRange({ preset: p })}
          >
            {p}
          </button>
        ))}
        <button className={!preset ? 'chip active' : 'chip'} aria-pressed={!preset} onClick={openCustom}>
          custom
        </button>
        {custom && (
          <span className="custom-range">
            <input
              type="datetime-local"
              aria-label="From"
              value={custom.from}
              onChange={(e) => setCustom({ ...custom, from: e.target.value })}
            />
            <input
              type="datetime-local"
              aria-label="To"
              value={custom.to}
              onChange={(e) => setCustom({ ...custom, to: e.target.value })}
            />
            <button className="chip" onClick={applyCustom}>
              Apply
            </button>
          </span>
        )}
      </div>
      <button
        className={live ? 'live-toggle on' : 'live-toggle'}
        aria-pressed={live}
        onClick={() => onLive(!live)}
        title={live ? 'Pause live updates' : 'Resume live updates'}
      >
        {live ? '● Live' : '❚❚ Paused'}
      </button>
      <button
        className="header-icon"
        onClick={onShortcuts}
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
      >
        ?
      </button>
      <button className="header-icon" onClick={onSettings} title="Settings (,)" aria-label="Settings">
        ⚙
      </button>
    </header>
  );
}
