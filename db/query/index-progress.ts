import type { IndexProgress } from '../api/types.ts';
import { quoteIdent } from '../source/contract.ts';
import type { QueryContext } from './query-context.ts';

export function indexProgress(ctx: QueryContext): IndexProgress {
  const indexed = Number(ctx.side(`SELECT value FROM meta WHERE key = 'lastId'`).pluck().get() ?? 0);
  const damaged = ctx.target.damaged;
  // A damaged file's last rows may be the unreadable ones: what was indexed is all there is.
  if (damaged) return { indexedRows: indexed, totalRows: indexed, building: false, damaged };
  const total = Number(
    ctx
      .src(`SELECT max(rowid) FROM ${quoteIdent(ctx.schema.table)}`)
      .pluck()
      .get() ?? 0,
  );
  return { indexedRows: indexed, totalRows: Math.max(total, indexed), building: indexed < total };
}
