import { useEffect, useState } from 'react';
import type { DatabaseInfo, InspectorApi } from '../../db/api/inspector-api.ts';
import type { LaunchParams } from '../api/connect.ts';

export function App({ api, launch }: { api: InspectorApi; launch: LaunchParams }) {
  const [info, setInfo] = useState<DatabaseInfo | null>(null);
  const [error, setError] = useState<string | null>(launch.error?.message ?? null);
  useEffect(() => {
    if (launch.error) return;
    void (async () => {
      const dbs = await api.databases({});
      if (!dbs.ok) return setError(dbs.error.message);
      const db = launch.db ?? dbs.value[0]?.db;
      if (!db) return setError('No database is open. Use File › Open, or drop a file on this window.');
      const r = await api.info({ db });
      if (r.ok) setInfo(r.value);
      else setError(r.error.message);
    })();
  }, [api, launch]);
  return (
    <main>
      <h1>Trace Inspector</h1>
      {error ? <p role="alert">{error}</p> : info ? <p>{info.path} — {info.state}</p> : <p>Loading…</p>}
    </main>
  );
}
