// Export time filters follow the contract: a date-time without a zone is UTC, whatever the time
// zone of the machine running the export. The parser runs in a child process with TZ set, since
// a process reads its zone once.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const PARSER = pathToFileURL(resolve(import.meta.dirname, '../../../db/export/export-request.ts')).href;

function parseIn(tz: string, from: string, to: string): { offsetMin: number; range: { from: number; to: number } } {
  const code = `import { parseExportFlags } from ${JSON.stringify(PARSER)};
    const req = parseExportFlags('db1', { from: ${JSON.stringify(from)}, to: ${JSON.stringify(to)} });
    console.log(JSON.stringify({ offsetMin: new Date(Date.UTC(2026, 10, 20)).getTimezoneOffset(), range: req.range }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('export time filters', () => {
  it('read a naive --from/--to as UTC in a machine set to New York', () => {
    const { offsetMin, range } = parseIn('America/New_York', '2026-11-20T14:03:07', '2026-11-20 15:00');
    expect(offsetMin).toBe(300); // the child really runs five hours behind UTC
    expect(range).toEqual({ from: Date.UTC(2026, 10, 20, 14, 3, 7), to: Date.UTC(2026, 10, 20, 15, 0) });
  });

  it('keep an explicit zone and epoch milliseconds as given', () => {
    const { range } = parseIn('America/New_York', '2026-11-20T16:03:07+02:00', '1795183387250');
    expect(range).toEqual({ from: Date.UTC(2026, 10, 20, 14, 3, 7), to: 1795183387250 });
  });
});
