// `node scripts/export.ts <db> --format csv|jsonl|chrome|otlp [--range 5m|1h|6h|24h|all]
//   [--from T] [--to T] [--group G]... [--errors] [--search Q] [--trace ID] [--process P]... [--not-process P]...
//   [--data NAME] [--value TEXT] [--exception TEXT] [--status OK|ERROR] [--min-duration MS] [--max-duration MS] [--out FILE] [--data-dir DIR]`
// Streams rows (csv, jsonl) or calls (chrome trace-event JSON, OTLP JSON) of a trace database to
// stdout or a file, with the same filter as the Trace Explorer. The index is built first (kept in
// the data folder like the app's, so a second export starts at once).
import { createWriteStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { toApiError } from '../db/api/errors.ts';
import { Engine } from '../db/engine/engine.ts';
import { parseExportFlags } from '../db/export/export-request.ts';
import { prepareExport } from '../db/export/stream-export.ts';
import { parseCommandLine } from '../main/cli-args.ts';

const USAGE =
  'usage: node scripts/export.ts <db> --format csv|jsonl|chrome|otlp [--range 24h] [--from T] [--to T] [--group G]... [--errors] [--search Q] [--trace ID] [--process P]... [--not-process P]... [--data NAME] [--value TEXT] [--exception TEXT] [--status OK|ERROR] [--min-duration MS] [--max-duration MS] [--out FILE] [--data-dir DIR]';

export async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine(
    argv,
    {
      format: { type: 'string' },
      range: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      group: { type: 'string', multiple: true },
      errors: { type: 'boolean' },
      search: { type: 'string' },
      trace: { type: 'string' },
      process: { type: 'string', multiple: true },
      'not-process': { type: 'string', multiple: true },
      data: { type: 'string' },
      value: { type: 'string' },
      exception: { type: 'string' },
      status: { type: 'string' },
      'min-duration': { type: 'string' },
      'max-duration': { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    USAGE,
  );
  if (typeof args === 'number') return args;
  const path = args.positionals[0];
  if (!path || args.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const engine = new Engine({ dataDir: args.values['data-dir'] });
  try {
    const info = await engine.invoke('open', { path: resolve(path) });
    // Exports read the index: wait for its first build so the export is complete, saying how far
    // it is once a second on stderr (stdout may be the export itself).
    let said = 0;
    for (
      let i = await engine.invoke('info', { db: info.db });
      i.state !== 'live' || i.index.building;
      i = await engine.invoke('info', { db: info.db })
    ) {
      if (i.state === 'error' || i.state === 'missing') throw new Error(i.message ?? `the database is ${i.state}`);
      if (Date.now() - said >= 1000 && i.index.totalRows > 0) {
        if (said) process.stderr.write(`${indexLine(i.index.indexedRows, i.index.totalRows)}\n`);
        said = Date.now();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const v = args.values;
    const req = parseExportFlags(info.db, {
      ...v,
      group: v.group,
      notProcess: v['not-process'],
      minDuration: v['min-duration'],
      maxDuration: v['max-duration'],
    });
    const prepared = await prepareExport(engine, req, basename(path));
    const out = args.values.out ? createWriteStream(args.values.out) : process.stdout;
    const t0 = performance.now();
    const summary = await prepared.writeTo(out);
    if (out !== process.stdout)
      await new Promise<void>((done, fail) => out.end((err?: Error | null) => (err ? fail(err) : done())));
    const secs = (performance.now() - t0) / 1000;
    const what =
      req.format === 'csv' || req.format === 'jsonl'
        ? `${summary.rows.toLocaleString('en-US')} rows`
        : `${summary.calls.toLocaleString('en-US')} calls from ${summary.rows.toLocaleString('en-US')} rows`;
    console.error(
      `Exported ${what} as ${req.format} (${(summary.bytes / 1e6).toFixed(1)} MB) in ${secs.toFixed(1)} s${args.values.out ? ` to ${args.values.out}` : ''}.`,
    );
    return 0;
  } catch (err) {
    console.error(`Cannot export ${path}: ${toApiError(err).message}`);
    return 1;
  } finally {
    await engine.shutdown();
  }
}

/** "indexing the file first: 123,456 of 1,000,000 rows (12 %)". */
export function indexLine(indexed: number, total: number): string {
  const pct = Math.min(100, Math.floor((indexed / Math.max(1, total)) * 100));
  return `indexing the file first: ${indexed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (${pct} %)`;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
