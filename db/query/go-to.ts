import type { GoToResult } from '../api/types.ts';
import { rankByFuzzy } from '../../common/fuzzy-match.ts';
import { traceText } from '../index/span-key.ts';
import type { QueryContext } from './query-context.ts';

/** Variable names ranked per query at most; a file with more distinct names is searched in its first ones. */
const NAMES_SCANNED = 50_000;

/**
 * The go-to box (Ctrl/Cmd+K): trace ids by prefix (the traces table's unique index), functions
 * and variables fuzzy, as the function picker ranks them. Traces first when one matches exactly.
 */
export function queryGoTo(ctx: QueryContext, input: { query: string; limit?: number }): GoToResult[] {
  const limit = input.limit ?? 20;
  const q = input.query.trim();
  if (!q) return [];
  const out: (GoToResult & { score: number })[] = [];
  // A prefix range on the unique index, bounded: `key >= q AND key < q + U+FFFF`. 32-hex-digit ids
  // are stored as 16-byte blobs (span-key.ts), which sort after every text and as their hex does:
  // a hex prefix is also the blob range from the prefix padded with 0s to it padded with fs.
  const traces = ctx.side('SELECT key, first_ts FROM traces WHERE key >= ? AND key < ? ORDER BY key LIMIT 5').raw(true);
  const blobs = ctx.side('SELECT key, first_ts FROM traces WHERE key >= ? AND key <= ? ORDER BY key LIMIT 5').raw(true);
  const seen = new Set<string>();
  for (const prefix of new Set([q, q.toLowerCase()])) {
    const found = traces.all(prefix, `${prefix}\uffff`) as [string, number][];
    if (found.length < 5 && /^[0-9a-f]{1,32}$/.test(prefix)) {
      const pad = (c: string) => Buffer.from(prefix.padEnd(32, c), 'hex');
      found.push(
        ...(blobs.all(pad('0'), pad('f')) as [Buffer, number][]).map(([k, ts]): [string, number] => [
          traceText(k)!,
          ts,
        ]),
      );
    }
    for (const [key, ts] of found.slice(0, 5)) {
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        kind: 'trace',
        value: key,
        // A hostile file's timestamp may lie outside what Date can show: no detail rather than an error.
        detail: Math.abs(ts) <= 8.64e15 ? new Date(ts).toISOString() : null,
        score: key === q ? 1e9 : 1e6 - key.length,
      });
    }
  }
  const processes = [...new Set(ctx.series().map((s) => s.process))];
  for (const r of rankByFuzzy(q, processes, (p) => p, limit))
    out.push({ kind: 'function', value: r.item, detail: null, score: r.match.score });
  const names = ctx.side(`SELECT name FROM names LIMIT ${NAMES_SCANNED}`).pluck().all() as string[];
  for (const r of rankByFuzzy(q, names, (n) => n, limit))
    out.push({ kind: 'variable', value: r.item, detail: null, score: r.match.score });
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, limit).map(({ score: _, ...r }) => r);
}
