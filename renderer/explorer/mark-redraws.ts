// Which drawn cells a change of the marks touches: the value cells whose stale mark came, went or
// moved threshold, and the process cells of the trace whose spinner started or stopped. The grid
// redraws those and leaves the others alone (a forced redraw of every visible cell was a 40–100 ms
// task at a load average of 11, every 2 s while a stale variable kept repeating).
import type { GridRow } from './display-model.ts';
import { markKey, type StaleIndex } from './stale-marks.ts';

export interface Marks {
  stale: StaleIndex;
  loadingTrace: string | null;
}

export function markRedraws(rows: GridRow[], before: Marks, after: Marks): { value: GridRow[]; process: GridRow[] } {
  const value =
    before.stale === after.stale
      ? []
      : rows.filter((r) => markKey(before.stale, r.row) !== markKey(after.stale, r.row));
  const process =
    before.loadingTrace === after.loadingTrace
      ? []
      : rows.filter((r) => r.key === before.loadingTrace || r.key === after.loadingTrace);
  return { value, process };
}
