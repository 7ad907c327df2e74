// The file health panel (header: click the file name): what about the trace file costs the user
// something, each with what it turns off and the fix. Read fresh each time it opens.
import { useEffect, useState } from 'react';
import type { ApiError, FileHealth, InspectorApi } from '../../db/api/inspector-api.ts';
import { Modal } from '../ui/Modal.tsx';
import { ErrorNote } from '../ui/Panel.tsx';
import { formatCount } from '../format/figures.ts';
import { formatClock } from '../format/time.ts';
import './health.css';

function Check({ ok, title, children }: { ok: boolean; title: string; children: React.ReactNode }) {
  return (
    <section className={ok ? 'health-check ok' : 'health-check warn'} data-ok={ok}>
      <h3>
        <span className="health-mark" aria-hidden>
          {ok ? '✓' : '⚠'}
        </span>
        {title}
      </h3>
      <div className="health-body">{children}</div>
    </section>
  );
}

function Journal({ j }: { j: FileHealth['journal'] }) {
  const [copied, setCopied] = useState(false);
  if (j.ok)
    return (
      <Check ok title="Journal mode: WAL">
        Readers never block your app&apos;s writer: inspecting this file costs your app nothing.
      </Check>
    );
  return (
    <Check ok={false} title={`Journal mode: ${j.mode}`}>
      <p>{j.warning}</p>
      <p>Run this once on the file, from your app or the sqlite3 shell; it takes effect at once and lasts:</p>
      <div className="health-fix">
        <code data-testid="wal-fix">{j.fix}</code>
        <button
          className="chip"
          onClick={() => void navigator.clipboard?.writeText(j.fix ?? '').then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </Check>
  );
}

function Body({ h }: { h: FileHealth }) {
  const now = Date.now();
  return (
    <div className="health" data-testid="file-health" data-issues={h.issues}>
      <p className="health-summary">
        {h.issues === 0
          ? 'Nothing to fix: this file gives the inspector everything it can use.'
          : `${h.issues} thing${h.issues === 1 ? '' : 's'} to look at.`}
      </p>
      <Journal j={h.journal} />
      <Check
        ok={h.missingColumns.every((m) => m.column === 'id')}
        title={h.missingColumns.length ? 'Optional columns missing' : 'Every optional column present'}
      >
        {h.missingColumns.length > 0 && (
          <table className="health-table" data-testid="missing-columns">
            <tbody>
              {h.missingColumns.map((m) => (
                <tr key={m.column}>
                  <td className="mono">{m.column}</td>
                  <td>{m.effect}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Check>
      <Check
        ok={h.writerStatus.present}
        title={h.writerStatus.present ? 'Writer heartbeat present' : 'No writer_status table'}
      >
        {h.writerStatus.effect}
      </Check>
      <Check
        ok={h.badTimestamps === 0}
        title={
          h.badTimestamps === 0
            ? 'Every timestamp read'
            : `${formatCount(h.badTimestamps)} row${h.badTimestamps === 1 ? '' : 's'} with an unreadable timestamp`
        }
      >
        {h.badTimestamps > 0 &&
          `Out of ${formatCount(h.indexedRows)} rows. Each is kept and sorted right after the row written before it; see docs/contract.md for the formats that are read.`}
      </Check>
      {h.writerStatus.present && (
        <Check
          ok={h.episodeCount === 0}
          title={
            h.episodeCount === 0
              ? 'The writer never reported trouble'
              : `The writer reported trouble ${h.episodeCount} time${h.episodeCount === 1 ? '' : 's'}`
          }
        >
          {h.episodeCount > 0 && (
            <>
              <p>
                CIRCUIT_OPEN means the tracer dropped rows to protect your app; DELAYED means its queue fell behind.
                {h.circuitOpenHeartbeats > 0 &&
                  ` ${formatCount(h.circuitOpenHeartbeats)} heartbeat${h.circuitOpenHeartbeats === 1 ? '' : 's'} reported an open circuit.`}
                {h.episodeCount > h.episodes.length && ` The latest ${h.episodes.length} are listed.`}
              </p>
              <table className="health-table" data-testid="writer-episodes">
                <thead>
                  <tr>
                    <th>State</th>
                    <th>From</th>
                    <th>To</th>
                    <th>Heartbeats</th>
                    <th>Peak queue</th>
                  </tr>
                </thead>
                <tbody>
                  {h.episodes.map((e, i) => (
                    <tr key={i}>
                      <td className="mono">{e.status}</td>
                      <td className="mono">{formatClock(e.fromTs, now)}</td>
                      <td className="mono">
                        {formatClock(e.toTs, now)}
                        {e.ongoing && ' · the latest heartbeat'}
                      </td>
                      <td>{formatCount(e.heartbeats)}</td>
                      <td>{formatCount(e.maxQueueDepth)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Check>
      )}
    </div>
  );
}

export function FileHealthDialog(p: { api: InspectorApi; db: string; path: string; onClose: () => void }) {
  const [state, setState] = useState<{ health: FileHealth | null; error: ApiError | null }>({
    health: null,
    error: null,
  });
  useEffect(() => {
    let gone = false;
    void p.api.fileHealth({ db: p.db }).then((r) => {
      if (!gone) setState(r.ok ? { health: r.value, error: null } : { health: null, error: r.error });
    });
    return () => {
      gone = true;
    };
  }, [p.api, p.db]);
  return (
    <Modal title="File health" onClose={p.onClose} testId="file-health-dialog">
      <p className="mono health-path">{p.path}</p>
      {state.error && <ErrorNote error={state.error} />}
      {!state.health && !state.error && <p role="status">Checking the file…</p>}
      {state.health && <Body h={state.health} />}
    </Modal>
  );
}
