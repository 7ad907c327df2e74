import { InspectorError } from '../api/errors.ts';
import type { TraceRow } from '../api/types.ts';
import { fetchRows } from './fetch-rows.ts';
import type { QueryContext } from './query-context.ts';

/** One row with its value and exception whole, however long. */
export function queryRow(ctx: QueryContext, input: { id: number }): TraceRow {
  const [row] = fetchRows(ctx, [input.id], { full: true });
  if (row) {
    // The call's duration, as the list shows it.
    row.callDurationMs =
      (ctx.side('SELECT k.dur FROM rows JOIN calls k ON k.id = rows.call WHERE rows.id = ?').pluck().get(input.id) as
        number | null | undefined) ?? null;
  }
  if (!row)
    throw new InspectorError(
      'not-found',
      `No row with id ${input.id} in this database (it may have been deleted by the writer).`,
    );
  return row;
}
