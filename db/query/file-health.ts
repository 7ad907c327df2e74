// The file health panel's answer (issue 16): what about this trace file costs the user something
// (a rollback journal that makes their app wait on our reads, optional columns it lacks,
// timestamps we could not read, heartbeats saying the writer fell behind or dropped rows), each
// with what it turns off and the fix.
import type { FileHealth, WriterEpisode } from '../api/types.ts';
import { NO_WRITER_STATUS_EFFECT, OPTIONAL_COLUMN_EFFECTS, OPTIONAL_COLUMNS } from '../source/contract.ts';
import type { QueryContext } from './query-context.ts';

const EPISODE_LIMIT = 20;
const WAL_FIX = 'PRAGMA journal_mode=WAL;';

function journal(mode: string): FileHealth['journal'] {
  const m = mode.toLowerCase();
  if (m === 'wal') return { mode: m, ok: true, warning: null, fix: null };
  return {
    mode: m,
    ok: false,
    warning:
      m === 'off' || m === 'memory'
        ? `This file keeps no ${m === 'off' ? '' : 'on-disk '}journal: a crash of the writer can corrupt it, and every read by the inspector still makes your app's commits wait.`
        : `This file uses a rollback journal (${m}): while the inspector reads it, your app's writer has to wait for each read to finish before it can commit. In WAL mode readers never block the writer.`,
    fix: WAL_FIX,
  };
}

/** Runs of consecutive heartbeats of the same trouble state (gaps and islands over rowid order). */
function episodes(ctx: QueryContext): { list: WriterEpisode[]; count: number; circuitOpen: number } {
  const rows = ctx
    .side(
      `WITH h AS (
         SELECT id, ts, queue_depth, status,
                row_number() OVER (ORDER BY id) - row_number() OVER (PARTITION BY status ORDER BY id) AS grp
         FROM heartbeats)
       SELECT status, min(ts) AS fromTs, max(ts) AS toTs, count(*) AS heartbeats,
              max(queue_depth) AS maxQueueDepth, max(id) AS lastId
       FROM h WHERE status IN ('CIRCUIT_OPEN', 'DELAYED')
       GROUP BY status, grp ORDER BY lastId DESC`,
    )
    .all() as (Omit<WriterEpisode, 'ongoing'> & { lastId: number })[];
  const newest = (ctx.side('SELECT max(id) FROM heartbeats').pluck().get() as number | null) ?? 0;
  return {
    list: rows.slice(0, EPISODE_LIMIT).map(({ lastId, ...e }) => ({ ...e, ongoing: lastId === newest })),
    count: rows.length,
    circuitOpen: rows.filter((r) => r.status === 'CIRCUIT_OPEN').reduce((n, r) => n + r.heartbeats, 0),
  };
}

export function queryFileHealth(ctx: QueryContext): FileHealth {
  // Read now, not at open: the user may have switched to WAL since (it takes effect at once).
  const j = journal(String(ctx.source.pragma('journal_mode', { simple: true })));
  const missing = OPTIONAL_COLUMNS.filter((c) => ctx.schema.missingOptional.includes(c)).map((column) => ({
    column,
    effect: OPTIONAL_COLUMN_EFFECTS[column],
  }));
  const meta = Object.fromEntries(
    (
      ctx.side(`SELECT key, value FROM meta WHERE key IN ('badTimestamps', 'lastId')`).all() as {
        key: string;
        value: unknown;
      }[]
    ).map((r) => [r.key, Number(r.value ?? 0)]),
  );
  const ep = episodes(ctx);
  const badTimestamps = meta.badTimestamps ?? 0;
  const issues =
    (j.ok ? 0 : 1) +
    missing.filter((m) => m.column !== 'id').length +
    (ctx.schema.hasWriterStatus ? 0 : 1) +
    (badTimestamps > 0 ? 1 : 0) +
    (ep.count > 0 ? 1 : 0);
  return {
    journal: j,
    missingColumns: missing,
    writerStatus: {
      present: ctx.schema.hasWriterStatus,
      effect: ctx.schema.hasWriterStatus ? null : NO_WRITER_STATUS_EFFECT,
    },
    badTimestamps,
    indexedRows: meta.lastId ?? 0,
    episodes: ep.list,
    episodeCount: ep.count,
    circuitOpenHeartbeats: ep.circuitOpen,
    issues,
  };
}
