import { describe, expect, it } from 'vitest';
import { exportHref } from '../../../renderer/explorer/export-link.ts';
import { parseExportFlags } from '../../../db/export/export-request.ts';

/** What the server will parse from the link (the same parser serve mode and the desktop app use). */
function parsed(href: string) {
  const q = new URL(href, 'http://x/').searchParams;
  return parseExportFlags(q.get('db')!, {
    format: q.get('format') ?? undefined,
    range: q.get('range') ?? undefined,
    from: q.get('from') ?? undefined,
    to: q.get('to') ?? undefined,
    group: q.getAll('group'),
    errors: q.get('errors') === '1',
    search: q.get('search') ?? undefined,
    trace: q.get('trace') ?? undefined,
  });
}

describe('export links', () => {
  it('carry the current filter, the NULL group and odd characters through to the export request', () => {
    const href = exportHref('db1', 'csv', {
      range: { preset: '24h' },
      filter: { groups: [null], errorsOnly: true, search: 'a&b=c #1' },
    });
    expect(href.startsWith('./api/export?')).toBe(true);
    expect(parsed(href)).toEqual({
      db: 'db1',
      format: 'csv',
      range: { preset: '24h' },
      groups: [null],
      errorsOnly: true,
      search: 'a&b=c #1',
    });
    expect(parsed(exportHref('db1', 'jsonl', { range: { from: 1000, to: 2000 }, filter: {} }))).toEqual({
      db: 'db1',
      format: 'jsonl',
      range: { from: 1000, to: 2000 },
    });
  });

  it('export one trace', () => {
    expect(parsed(exportHref('db2', 'chrome', { traceId: 'abc/123' }))).toEqual({
      db: 'db2',
      format: 'chrome',
      traceId: 'abc/123',
    });
  });
});
