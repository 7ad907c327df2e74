// The explorer's view in the URL hash (agreed with the other tabs): `group` (one; the literal
// `(none)` is the NULL group) or `groups` (several, a JSON array), `errors=1`, `q` (process-name
// search), `procs` / `notp` (processes to keep / leave out, JSON arrays), `data` (variable name),
// `vq` / `xq` (value / exception contains), `tid` (trace id), `status` (ok / error), `dmin` /
// `dmax` (call duration in ms), `sort=slowest`, and `trace` and `row` (what is selected).
import type { OperationInput } from '../../db/api/inspector-api.ts';

export const NULL_GROUP = '(none)';

export interface ExplorerParams {
  /** Empty: every group; null in the list: rows without a process group. */
  groups: (string | null)[];
  errorsOnly: boolean;
  search: string;
  processes: string[];
  excludeProcesses: string[];
  data: string;
  valueContains: string;
  exceptionContains: string;
  traceId: string;
  status: 'OK' | 'ERROR' | null;
  minDurationMs: number | null;
  maxDurationMs: number | null;
  order: 'newest' | 'slowest';
  trace: string | null;
  row: number | null;
}

/** The hash keys that make up a filter (what "Clear filters" clears and a saved filter holds). */
export const FILTER_KEYS = [
  'group',
  'groups',
  'errors',
  'q',
  'procs',
  'notp',
  'data',
  'vq',
  'xq',
  'tid',
  'status',
  'dmin',
  'dmax',
  'sort',
] as const;

const MAX_TEXT = 1024;

function list(text: string | undefined, allowNull: boolean): (string | null)[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return [];
    return v
      .filter(
        (x): x is string | null =>
          (typeof x === 'string' && x.length > 0 && x.length <= MAX_TEXT) || (allowNull && x === null),
      )
      .slice(0, 500);
  } catch {
    return [];
  }
}

function duration(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function parseExplorerParams(p: Record<string, string>): ExplorerParams {
  const rowId = Number(p.row);
  const groups =
    p.groups !== undefined
      ? list(p.groups, true)
      : p.group === undefined || p.group === ''
        ? []
        : [p.group === NULL_GROUP ? null : p.group];
  const text = (v: string | undefined) => (v ?? '').slice(0, MAX_TEXT);
  return {
    groups,
    errorsOnly: p.errors === '1',
    search: (p.q ?? '').slice(0, 512),
    processes: list(p.procs, false) as string[],
    excludeProcesses: list(p.notp, false) as string[],
    data: text(p.data),
    valueContains: text(p.vq),
    exceptionContains: text(p.xq),
    traceId: text(p.tid),
    status: p.status === 'ok' ? 'OK' : p.status === 'error' ? 'ERROR' : null,
    minDurationMs: duration(p.dmin),
    maxDurationMs: duration(p.dmax),
    order: p.sort === 'slowest' ? 'slowest' : 'newest',
    trace: p.trace || null,
    row: p.row !== undefined && p.row !== '' && Number.isInteger(rowId) && rowId >= 0 ? rowId : null,
  };
}

/** Only the keys given are changed; undefined or '' removes a key from the hash. */
export function formatExplorerParams(p: Partial<ExplorerParams>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const json = (v: unknown[]) => (v.length ? JSON.stringify(v) : undefined);
  if ('groups' in p) {
    const g = p.groups ?? [];
    out.group = g.length === 1 ? (g[0] === null ? NULL_GROUP : g[0]) : undefined;
    out.groups = g.length > 1 ? JSON.stringify(g) : undefined;
  }
  if ('errorsOnly' in p) out.errors = p.errorsOnly ? '1' : undefined;
  if ('search' in p) out.q = p.search || undefined;
  if ('processes' in p) out.procs = json(p.processes ?? []);
  if ('excludeProcesses' in p) out.notp = json(p.excludeProcesses ?? []);
  if ('data' in p) out.data = p.data || undefined;
  if ('valueContains' in p) out.vq = p.valueContains || undefined;
  if ('exceptionContains' in p) out.xq = p.exceptionContains || undefined;
  if ('traceId' in p) out.tid = p.traceId || undefined;
  if ('status' in p) out.status = p.status ? p.status.toLowerCase() : undefined;
  if ('minDurationMs' in p)
    out.dmin = p.minDurationMs === null || p.minDurationMs === undefined ? undefined : String(p.minDurationMs);
  if ('maxDurationMs' in p)
    out.dmax = p.maxDurationMs === null || p.maxDurationMs === undefined ? undefined : String(p.maxDurationMs);
  if ('order' in p) out.sort = p.order === 'slowest' ? 'slowest' : undefined;
  if ('trace' in p) out.trace = p.trace ?? undefined;
  if ('row' in p) out.row = p.row === null || p.row === undefined ? undefined : String(p.row);
  return out;
}

/** The filter part of the engine's `traces` / `traceCount` input. */
export type RowFilter = Omit<OperationInput<'traces'>, 'db' | 'range' | 'order' | 'limit' | 'cursor' | 'offset'>;

export function rowFilter(p: Omit<ExplorerParams, 'trace' | 'row' | 'order'>): RowFilter {
  return {
    ...(p.groups.length ? { groups: p.groups } : {}),
    ...(p.errorsOnly ? { errorsOnly: true } : {}),
    ...(p.search ? { search: p.search } : {}),
    ...(p.processes.length ? { processes: p.processes } : {}),
    ...(p.excludeProcesses.length ? { excludeProcesses: p.excludeProcesses } : {}),
    ...(p.data ? { data: p.data } : {}),
    ...(p.valueContains ? { valueContains: p.valueContains } : {}),
    ...(p.exceptionContains ? { exceptionContains: p.exceptionContains } : {}),
    ...(p.traceId ? { traceId: p.traceId } : {}),
    ...(p.status ? { status: p.status } : {}),
    ...(p.minDurationMs !== null ? { minDurationMs: p.minDurationMs } : {}),
    ...(p.maxDurationMs !== null ? { maxDurationMs: p.maxDurationMs } : {}),
  };
}

/** "Contains" filters read the user's file: their matches stream in and their count is a lower bound. */
export function isScanFilter(f: RowFilter): boolean {
  return f.valueContains !== undefined || f.exceptionContains !== undefined;
}

export function hasFilters(p: ExplorerParams): boolean {
  return Object.keys(rowFilter(p)).length > 0;
}

/** The filter keys of a hash (what a saved filter holds). */
export function filterParams(hash: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FILTER_KEYS) if (hash[k]) out[k] = hash[k];
  return out;
}

/** Every filter key removed, then these set: applying a saved filter or clearing them all. */
export function replaceFilters(next: Record<string, string>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of FILTER_KEYS) out[k] = undefined;
  for (const k of FILTER_KEYS) if (next[k]) out[k] = next[k];
  return out;
}
