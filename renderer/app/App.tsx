// The shell: finds the database, keeps the view in the URL hash, draws the header and the tab.
import { useCallback, useEffect, useState } from 'react';
import type { DatabaseInfo, InspectorApi } from '../../db/api/inspector-api.ts';
import type { LaunchParams } from '../api/connect.ts';
import { GoToBox } from './GoToBox.tsx';
import { Header, TAB_LABELS } from './Header.tsx';
import { TabErrorBoundary } from './TabErrorBoundary.tsx';
import { useAppKeys } from './use-app-keys.ts';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { SettingsDialog } from './SettingsDialog.tsx';
import { useUserSettings } from './use-user-settings.ts';
import { useIndexProgress } from '../live/use-index-progress.ts';
import { FileHealthDialog } from '../health/FileHealthDialog.tsx';
import { useAlertNotifications } from './use-alert-notifications.ts';
import { DatabasePicker } from './DatabasePicker.tsx';
import { Modal } from '../ui/Modal.tsx';

import { formatHash, formatRange, parseHash, parseRange, type Route, type TabName } from './route.ts';
import type { RangeInput, TabProps } from './tab-props.ts';
import { OverviewTab } from '../overview/OverviewTab.tsx';
import { keepAnswersFor } from '../live/kept-answers.ts';
import { ExplorerTab } from '../explorer/ExplorerTab.tsx';
import { CodeTab } from '../code/CodeTab.tsx';
import { AlertsTab } from '../alerts/AlertsTab.tsx';
import { SqlTab } from '../sql/SqlTab.tsx';
import { ErrorsTab } from '../errors/ErrorsTab.tsx';
import { CompareTab } from '../compare/CompareTab.tsx';
import { TimelineTab } from '../timeline/TimelineTab.tsx';
import './theme.css';

/** The desktop app opens files from its menu; a `serve` page picks them here. */
const SERVE_MODE = !('inspector' in window);

const TAB_VIEWS: Record<TabName, (p: TabProps) => React.ReactNode> = {
  overview: OverviewTab,
  explorer: ExplorerTab,
  code: CodeTab,
  alerts: AlertsTab,
  sql: SqlTab,
  errors: ErrorsTab,
  compare: CompareTab,
  timeline: TimelineTab,
};

function useRoute(): [Route, (r: Route, push?: boolean) => void] {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((r: Route, push = false) => {
    const hash = formatHash(r);
    if (push) history.pushState(null, '', hash);
    else history.replaceState(null, '', hash);
    setRoute(parseHash(hash));
  }, []);
  return [route, go];
}

type DbState =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'error'; message: string; path: string | null }
  | { status: 'ready'; info: DatabaseInfo };

function useDatabase(api: InspectorApi, launch: LaunchParams): DbState {
  const [state, setState] = useState<DbState>(
    launch.error ? { status: 'error', message: launch.error.message, path: launch.error.path } : { status: 'loading' },
  );
  useEffect(() => {
    if (launch.error) return;
    let stop = false;
    const set = (s: DbState) => !stop && setState(s);
    void (async () => {
      const dbs = await api.databases({});
      if (!dbs.ok) return set({ status: 'error', message: dbs.error.message, path: null });
      const db = launch.db ?? dbs.value[0]?.db;
      if (!db) return set({ status: 'none' });
      const r = await api.info({ db });
      set(r.ok ? { status: 'ready', info: r.value } : { status: 'error', message: r.error.message, path: null });
    })();
    return () => {
      stop = true;
    };
  }, [api, launch]);
  return state;
}

/** How many things the file health panel points out; asked again when the panel closes. */
function useHealthIssues(api: InspectorApi, db: string | null, open: boolean): number | null {
  const [issues, setIssues] = useState<number | null>(null);
  useEffect(() => {
    if (!db || open) return;
    let gone = false;
    void api.fileHealth({ db }).then((r) => !gone && setIssues(r.ok ? r.value.issues : null));
    return () => {
      gone = true;
    };
  }, [api, db, open]);
  return issues;
}

export function App({ api, launch }: { api: InspectorApi; launch: LaunchParams }) {
  const dbState = useDatabase(api, launch);
  const info = dbState.status === 'ready' ? dbState.info : null;
  if (info) keepAnswersFor(`${info.db}\u0000${info.path}`);
  const [route, go] = useRoute();
  const indexProgress = useIndexProgress(api, info?.db ?? null, info?.index ?? null);
  const userSettings = useUserSettings(api);
  const [dialog, setDialog] = useState<'shortcuts' | 'settings' | 'health' | 'databases' | null>(null);
  const healthIssues = useHealthIssues(api, info?.db ?? null, dialog === 'health');
  const { settings } = userSettings;
  const { range: rangeParam, live: liveParam, ...params } = route.params;
  const range = parseRange(rangeParam, settings.defaultRange);
  // A tab draws times and colours once (grids, charts): it is drawn again when those settings change.
  const drawKey = `${settings.timeZone}/${settings.timeFormat}/${settings.theme}`;
  const live = liveParam !== '0';

  const setGlobal = (next: { range?: RangeInput; live?: boolean }) =>
    go({
      tab: route.tab,
      params: {
        ...route.params,
        ...(next.range ? { range: formatRange(next.range) } : {}),
        ...(next.live !== undefined ? { live: next.live ? '' : '0' } : {}),
      },
    });
  const navigate = useCallback(
    (tab: TabName, p: Record<string, string> = {}) => {
      const globals = { ...(rangeParam ? { range: rangeParam } : {}), ...(liveParam ? { live: liveParam } : {}) };
      go({ tab, params: { ...globals, ...p } }, true);
    },
    [go, rangeParam, liveParam],
  );
  useAlertNotifications({ api, db: info?.db ?? null, path: info?.path ?? null, notify: settings.notify, navigate });
  const setParams: TabProps['setParams'] = (next, opts) => {
    const merged: Record<string, string> = { ...route.params };
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '') delete merged[k];
      else merged[k] = v;
    }
    go({ tab: route.tab, params: merged }, opts?.push);
  };

  // Ctrl/Cmd+K opens the go-to box from anywhere, even from a text field or the source editor
  // (caught before them, in the capture phase).
  const [goTo, setGoTo] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        e.stopPropagation();
        setGoTo(true);
      }
    };
    addEventListener('keydown', onKey, true);
    return () => removeEventListener('keydown', onKey, true);
  }, []);

  const closeDialog = useCallback(() => setDialog(null), []);
  useAppKeys({ navigate, open: setDialog, blocked: dialog !== null });

  let body: React.ReactNode;
  if (dbState.status === 'error') {
    body = (
      <div className="app-message" role="alert">
        <h2>This database cannot be shown</h2>
        <p>{dbState.message}</p>
        {dbState.path && <p className="mono">{dbState.path}</p>}
      </div>
    );
  } else if (dbState.status === 'none') {
    body = (
      <div className="app-message">
        <h2>No database is open</h2>
        {SERVE_MODE ? (
          <DatabasePicker api={api} current={null} />
        ) : (
          <p>Open a trace database with File › Open, or drop a file on this window.</p>
        )}
      </div>
    );
  } else if (dbState.status === 'loading' || !userSettings.loaded) {
    body = <div className="app-message">Opening the database…</div>;
  } else {
    const View = TAB_VIEWS[route.tab];
    body = (
      <TabErrorBoundary key={`${route.tab}:${drawKey}`} label={TAB_LABELS[route.tab]}>
        <View
          api={api}
          db={dbState.info.db}
          info={dbState.info}
          range={range}
          live={live}
          params={params}
          setParams={setParams}
          navigate={navigate}
        />
      </TabErrorBoundary>
    );
  }
  return (
    <div className="app">
      <Header
        tab={route.tab}
        info={info}
        onGoTo={() => setGoTo(true)}
        indexProgress={indexProgress}
        range={range}
        live={live}
        onTab={(t) => navigate(t)}
        onRange={(r) => setGlobal({ range: r })}
        onLive={(l) => setGlobal({ live: l })}
        onSettings={() => setDialog('settings')}
        healthIssues={healthIssues}
        onHealth={() => setDialog('health')}
        onDatabases={SERVE_MODE ? () => setDialog('databases') : null}
        onShortcuts={() => setDialog('shortcuts')}
      />
      <main className="app-body">{body}</main>
      {goTo && info && (
        <GoToBox api={api} db={info.db} onClose={() => setGoTo(false)} navigate={(tab, p) => navigate(tab, p)} />
      )}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={closeDialog} />}
      {dialog === 'databases' && (
        <Modal title="Databases" onClose={closeDialog} testId="db-picker-dialog">
          <DatabasePicker api={api} current={info?.db ?? null} />
        </Modal>
      )}
      {dialog === 'health' && info && (
        <FileHealthDialog api={api} db={info.db} path={info.path} onClose={closeDialog} />
      )}
      {dialog === 'settings' && <SettingsDialog state={userSettings} onClose={closeDialog} />}
    </div>
  );
}
