// Finding a row in the snapshot without scanning it: its position is the number of matching rows
// newer than it (an exact rollup count), plus the few rows sharing its millisecond.
import type { InspectorApi, TraceRow } from '../../db/api/inspector-api.ts';
import type { RowFilter } from './explorer-params.ts';
import type { RowWindow } from './row-window.ts';
import type { SnapshotRange } from './snapshot-range.ts';

export interface Query {
  api: InspectorApi;
  db: string;
  filter: RowFilter;
  snap: SnapshotRange;
}

/** The row's base index in the snapshot, or -1 when the filters or the range leave it out. */
export async function locateRow(q: Query, window: RowWindow, row: Pick<TraceRow, 'id' | 'ts'>): Promise<number> {
  if (row.ts === null || row.ts >= q.snap.to || (q.snap.from !== undefined && row.ts < q.snap.from)) return -1;
  const loaded = window.findLoaded(row.id);
  if (loaded >= 0) return loaded;
  const newer = await q.api.traceCount({ db: q.db, ...q.filter, range: { from: row.ts + 1, to: q.snap.to } });
  if (!newer.ok) return -1;
  const start = newer.value.count;
  // Rows of the same millisecond with a larger id come first; there are rarely more than a few.
  const rows = await window.range(start, start + 100);
  const i = rows.findIndex((r) => r.id === row.id);
  return i < 0 ? -1 : start + i;
}

/**
 * The next error below `from` (older, as the list runs newest first), or above it with
 * `direction: 'up'`; from the top of the list when nothing is selected. null when there is none.
 */
export async function findError(
  q: Query,
  from: Pick<TraceRow, 'id' | 'ts'> | null,
  direction: 'down' | 'up',
): Promise<TraceRow | null> {
  const down = direction === 'down';
  if (from === null || from.ts === null) {
    if (!down) return null;
    const r = await q.api.traces({ db: q.db, ...q.filter, errorsOnly: true, range: q.snap, limit: 1 });
    return r.ok ? (r.value.rows[0] ?? null) : null;
  }
  const ts = from.ts;
  const range = down
    ? { ...(q.snap.from !== undefined ? { from: q.snap.from } : {}), to: Math.min(q.snap.to, ts + 1) }
    : { from: Math.max(q.snap.from ?? -8.64e15, ts), to: q.snap.to };
  let cursor: string | undefined;
  // A few pages at most: only rows of the same millisecond can come before the answer.
  for (let i = 0; i < 5; i++) {
    const r = await q.api.traces({
      db: q.db,
      ...q.filter,
      errorsOnly: true,
      range,
      order: down ? 'newest' : 'oldest',
      limit: 50,
      ...(cursor ? { cursor } : {}),
    });
    if (!r.ok) return null;
    const hit = r.value.rows.find(
      (x) =>
        x.ts !== null &&
        (down ? x.ts < ts || (x.ts === ts && x.id < from.id) : x.ts > ts || (x.ts === ts && x.id > from.id)),
    );
    if (hit) return hit;
    if (!r.value.nextCursor) return null;
    cursor = r.value.nextCursor;
  }
  return null;
}
