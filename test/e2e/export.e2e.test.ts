// Exports from the Trace Explorer in real Chromium against serve mode: the download holds the
// rows of the current filter, and a selected trace downloads as Chrome trace events.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appInBrowser, openPage } from './harness.ts';

describe('exports from the Trace Explorer (Chromium, serve mode)', () => {
  const env = appInBrowser({ rows: 8_000 });

  it('downloads the filtered rows as CSV and the selected trace as Chrome trace events', async () => {
    const { app } = env;
    const { count } = await app.engine.invoke('traceCount', { db: app.db, range: { preset: 'all' }, errorsOnly: true });
    const { page, errors } = await openPage(env.browser, `${app.url}#/explorer?range=all&errors=1`);
    await page.getByTestId('match-count').getByText(count.toLocaleString('en-US')).waitFor();
    await page.getByText('Export ▾').click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^traces-traces-.*\.csv$/);
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 9)).toEqual([
      'id',
      'timestamp',
      'process',
      'process_group',
      'data',
      'data_type',
      'data_value',
      'status',
      'exception',
    ]);
    // Values may hold quoted newlines: count records by their leading id instead of by lines.
    const ids = lines
      .slice(1)
      .map((l) => /^(\d+),\d{4}-/.exec(l)?.[1])
      .filter(Boolean);
    expect(ids).toHaveLength(count);

    const [row] = (
      await app.engine.invoke('traces', { db: app.db, range: { preset: 'all' }, errorsOnly: true, limit: 1 })
    ).rows;
    await page.goto(`${app.url}#/explorer?range=all&trace=${encodeURIComponent(row.traceId!)}&row=${row.id}`);
    await page.reload();
    await page.getByText('Export ▾').click();
    const [chrome] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Chrome trace (Perfetto)' }).nth(1).click(),
    ]);
    const events = JSON.parse(readFileSync(await chrome.path(), 'utf8')).traceEvents as {
      ph: string;
      name: string;
    }[];
    const tree = await app.engine.invoke('traceTree', { db: app.db, traceId: row.traceId! });
    expect(
      events
        .filter((e) => e.ph === 'X')
        .map((e) => e.name)
        .sort(),
    ).toEqual(tree.nodes.map((n) => n.process).sort());
    expect(errors).toEqual([]);
  });
});
