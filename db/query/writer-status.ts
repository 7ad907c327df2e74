import { statSync } from 'node:fs';
import type { WriterState, WriterStatus } from '../api/types.ts';
import type { QueryContext } from './query-context.ts';

/** A writer silent for longer than this is reported IDLE rather than trusted. */
export const WRITER_SILENCE_MS = 30_000;
const KNOWN: WriterState[] = ['OK', 'DELAYED', 'CIRCUIT_OPEN'];

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** Newest modification time of the database and its -wal file: when the writer last touched it. */
function lastWriteMs(path: string): number | null {
  let newest: number | null = null;
  for (const p of [path, `${path}-wal`]) {
    try {
      const m = statSync(p).mtimeMs;
      newest = newest === null ? m : Math.max(newest, m);
    } catch {
      // no -wal file: not in WAL mode, or checkpointed and removed
    }
  }
  return newest;
}

/**
 * The tracer's own heartbeat when it writes one; otherwise what the file's activity honestly
 * says, marked as inferred.
 */
export function writerStatus(ctx: QueryContext, now = Date.now()): WriterStatus {
  const lastRowTs = (ctx.side(`SELECT value FROM meta WHERE key = 'lastTs'`).pluck().get() as number | null) ?? null;
  if (ctx.schema.hasWriterStatus) {
    const hb = ctx.side('SELECT ts, queue_depth, status FROM heartbeats ORDER BY id DESC LIMIT 1').get() as
      { ts: number | null; queue_depth: number | null; status: string | null } | undefined;
    if (hb && hb.ts !== null) {
      const age = now - hb.ts;
      const reported = KNOWN.includes(hb.status as WriterState) ? (hb.status as WriterState) : 'UNKNOWN';
      if (age <= WRITER_SILENCE_MS) {
        return {
          status: reported,
          inferred: false,
          detail: `heartbeat ${ago(age)} ago${hb.queue_depth !== null ? `, queue depth ${hb.queue_depth}` : ''}`,
          queueDepth: hb.queue_depth,
          lastHeartbeatTs: hb.ts,
          lastRowTs,
        };
      }
      return {
        status: 'IDLE',
        inferred: true,
        detail: `no heartbeat for ${ago(age)} (last reported ${hb.status ?? 'nothing'})`,
        queueDepth: hb.queue_depth,
        lastHeartbeatTs: hb.ts,
        lastRowTs,
      };
    }
  }
  const written = lastWriteMs(ctx.target.sourcePath);
  const why = ctx.schema.hasWriterStatus ? 'no heartbeat recorded yet' : 'no writer_status table';
  if (written === null)
    return {
      status: 'UNKNOWN',
      inferred: true,
      detail: `${why}, and the file cannot be read`,
      queueDepth: null,
      lastHeartbeatTs: null,
      lastRowTs,
    };
  const idle = now - written;
  if (idle <= WRITER_SILENCE_MS) {
    return {
      status: 'OK',
      inferred: true,
      detail: `file written ${ago(idle)} ago (${why}: inferred from file activity)`,
      queueDepth: null,
      lastHeartbeatTs: null,
      lastRowTs,
    };
  }
  return {
    status: 'IDLE',
    inferred: true,
    detail: `no writes for ${ago(idle)} (${why}: inferred from file activity)`,
    queueDepth: null,
    lastHeartbeatTs: null,
    lastRowTs,
  };
}
