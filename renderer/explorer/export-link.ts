// Download links for the current view. The same relative URL works in both transports: serve
// mode answers GET /api/export over HTTP, the desktop app from its app:// protocol (and asks
// where to save). See docs/export.md.
import type { RangeInput } from '../app/tab-props.ts';
import { NULL_GROUP, type RowFilter } from './explorer-params.ts';

export type ExportFormat = 'csv' | 'jsonl' | 'chrome' | 'otlp';

export function exportHref(
  db: string,
  format: ExportFormat,
  what: { range: RangeInput; filter: RowFilter } | { traceId: string },
): string {
  const q = new URLSearchParams({ db, format });
  if ('traceId' in what) q.set('trace', what.traceId);
  else {
    const { range, filter } = what;
    if ('preset' in range && range.preset) q.set('range', range.preset);
    else {
      if (range.from !== undefined) q.set('from', String(range.from));
      if (range.to !== undefined) q.set('to', String(range.to));
    }
    for (const g of filter.groups ?? []) q.append('group', g ?? NULL_GROUP);
    if (filter.errorsOnly) q.set('errors', '1');
    if (filter.search) q.set('search', filter.search);
  }
  return `./api/export?${q}`;
}
